import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { BulwarkError, type Config } from '../core/index.js';
import { compareManifest, createManifest, hashFile, ManifestError, parseManifest, parsePrivateKey, parsePublicKey, signManifest, verifyManifestSignature, type ManifestEntry } from '../scan/manifest/index.js';
import type { ScanFinding } from '../scan/report/index.js';
import { parse } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { collectFiles, isFailing, newReport } from './scan-model.js';
import { emitReport, parseFailOn, parseFormat, REPORT_OPTIONS } from './scan-output.js';

const HELP = `bulwark model manifest DIR [--output FILE] [--sign] [--config FILE]
bulwark model verify DIR [--manifest FILE] [--require-signature] [--format ...] [--output FILE] [--fail-on SEVERITY|none]

manifest  writes a SHA-256 per file (streamed) to DIR/<scan.model.manifestFile> or --output;
          --sign signs it with the Ed25519 key in scan.model.signing.privateKeyFile.
verify    checks DIR against the manifest: modified, missing and added files, and the signature
          when scan.model.signing.publicKeyFile is set. Exit 0 intact, 1 differences, 2 error.`;

function readKey(config: Config, which: 'privateKeyFile' | 'publicKeyFile', cwd: string) {
  const file = config.scan.model.signing[which];
  if (file === undefined) throw new BulwarkError('MANIFEST_KEY_INVALID', `scan.model.signing.${which} is not set`);
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new BulwarkError('MANIFEST_KEY_INVALID', `cannot read scan.model.signing.${which} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return which === 'privateKeyFile' ? parsePrivateKey(pem) : parsePublicKey(pem);
  } catch (err) {
    throw new BulwarkError('MANIFEST_KEY_INVALID', `scan.model.signing.${which}: ${(err as Error).message}`);
  }
}

async function hashDirectory(environment: Environment, dir: string, skip: Set<string>): Promise<ManifestEntry[]> {
  const files = collectFiles(environment.cwd, [dir], []);
  const out: ManifestEntry[] = [];
  for (const f of files) {
    if (skip.has(f.abs)) continue;
    const h = await hashFile(f.abs);
    out.push({ path: f.rel, size: h.size, sha256: h.sha256 });
  }
  return out;
}

function directoryArg(environment: Environment, positionals: string[]): string {
  if (positionals.length !== 1) throw new BulwarkError('USAGE', `give exactly one DIR\n${HELP}`);
  const dir = resolve(environment.cwd, positionals[0]!);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BulwarkError('MODEL_PATH_NOT_FOUND', `not a directory: ${positionals[0]}`);
  return dir;
}

export async function modelCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    environment.stdout.write(`${HELP}\n`);
    return sub === undefined ? EXIT.ERROR : EXIT.OK;
  }
  if (sub === 'manifest') {
    const { values, positionals } = parse(rest, { config: { type: 'string' }, output: { type: 'string', short: 'o' }, sign: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      environment.stdout.write(`${HELP}\n`);
      return EXIT.OK;
    }
    const dir = directoryArg(environment, positionals);
    const { config } = loadConfig(environment, values.config);
    const target = values.output === undefined ? join(dir, config.scan.model.manifestFile) : resolve(environment.cwd, values.output);
    const key = values.sign ? readKey(config, 'privateKeyFile', environment.cwd) : undefined;
    const files = await hashDirectory(environment, dir, new Set([target]));
    if (files.length === 0) {
      environment.stderr.write(`bulwark: ${positionals[0]} holds no files\n`);
      return EXIT.NOTHING;
    }
    let manifest = createManifest(files, new Date().toISOString());
    if (key) manifest = signManifest(manifest, key);
    try {
      writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (err) {
      throw new BulwarkError('USAGE', `cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const shown = relative(environment.cwd, target).split(sep).join('/');
    environment.stdout.write(`wrote ${shown}: ${files.length} files, ${files.reduce((a, f) => a + f.size, 0)} bytes${key ? `, signed (key ${manifest.signature!.keyId})` : ''}\n`);
    return EXIT.OK;
  }
  if (sub === 'verify') {
    const { values, positionals } = parse(rest, { ...REPORT_OPTIONS, config: { type: 'string' }, manifest: { type: 'string' }, 'require-signature': { type: 'boolean', default: false } });
    if (values.help) {
      environment.stdout.write(`${HELP}\n`);
      return EXIT.OK;
    }
    const format = parseFormat(values.format);
    const failOn = parseFailOn(values['fail-on'], 'medium');
    const dir = directoryArg(environment, positionals);
    const { config } = loadConfig(environment, values.config);
    const manifestPath = values.manifest === undefined ? join(dir, config.scan.model.manifestFile) : resolve(environment.cwd, values.manifest);
    if (!existsSync(manifestPath)) throw new BulwarkError('MANIFEST_NOT_FOUND', `no manifest at ${relative(environment.cwd, manifestPath) || manifestPath}`);
    let manifest;
    try {
      manifest = parseManifest(readFileSync(manifestPath, 'utf8'));
    } catch (err) {
      if (err instanceof ManifestError) throw new BulwarkError('MANIFEST_INVALID', `${relative(environment.cwd, manifestPath)}: ${err.message}`);
      throw err;
    }
    const publicKey = config.scan.model.signing.publicKeyFile !== undefined ? readKey(config, 'publicKeyFile', environment.cwd) : undefined;
    if (values['require-signature'] && publicKey === undefined) throw new BulwarkError('MANIFEST_KEY_INVALID', '--require-signature needs scan.model.signing.publicKeyFile');
    const report = newReport('model', positionals, new Date());
    const current = await hashDirectory(environment, dir, new Set([manifestPath]));
    report.scanned = current.length;
    const finding = (code: string, severity: ScanFinding['severity'], path: string, title: string, message: string): ScanFinding => ({ code, severity, title, message, subject: path, location: { path }, failing: isFailing(severity, failOn) });
    for (const d of compareManifest(manifest, current)) {
      if (d.kind === 'missing') report.findings.push(finding('MANIFEST_FILE_MISSING', 'high', d.path, `Missing: ${d.path}`, `${d.path} is in the manifest but not in the directory.`));
      else if (d.kind === 'added') report.findings.push(finding('MANIFEST_FILE_ADDED', 'high', d.path, `Not in the manifest: ${d.path}`, `${d.path} was added after the manifest was written; an extra file (a pickle, a custom-op library) is how tampered model directories carry payloads.`));
      else report.findings.push(finding('MANIFEST_FILE_MODIFIED', 'critical', d.path, `Modified: ${d.path}`, `${d.path} no longer has the SHA-256 the manifest records${d.kind === 'size' ? ' (its size changed too)' : ''}: the weights were altered or corrupted.`));
    }
    if (publicKey !== undefined) {
      const v = verifyManifestSignature(manifest, publicKey);
      if (v === 'invalid') report.findings.push(finding('MANIFEST_SIGNATURE_INVALID', 'critical', 'manifest', 'Manifest signature does not verify', 'The manifest was changed after it was signed, or the signature was forged.'));
      else if (v === 'other-key') report.findings.push(finding('MANIFEST_SIGNATURE_INVALID', 'critical', 'manifest', 'Manifest signed by another key', `The manifest's signature is from key ${manifest.signature!.keyId}, not the configured public key.`));
      else if (v === 'unsigned') report.findings.push(finding('MANIFEST_UNSIGNED', values['require-signature'] ? 'critical' : 'medium', 'manifest', 'Manifest is not signed', 'A public key is configured but the manifest carries no signature; anyone who can change the weights can rewrite it.'));
    }
    report.stats = { files: current.length, manifestFiles: manifest.files.length };
    report.finishedAt = new Date().toISOString();
    return emitReport(environment, report, format, values.output);
  }
  throw new BulwarkError('USAGE', `unknown subcommand "model ${sub}"; expected manifest or verify`);
}
