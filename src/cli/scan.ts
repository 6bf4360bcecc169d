import { BulwarkError } from '../core/index.js';
import type { Environment } from './environment.js';
import type { ExitCode } from './exit-codes.js';
import { scanDepsCommand, scanSbomCommand } from './scan-deps.js';
import { scanExposureCommand } from './scan-exposure.js';
import { scanModelCommand, scanReleaseCommand } from './scan-model.js';

const SCAN_HELP = `bulwark scan: offline scanners

  bulwark scan deps [PATH]             lockfiles and manifests: vulnerable, malicious, unlicensed packages
  bulwark scan sbom FILE               a stored CycloneDX SBOM against the current advisory database
  bulwark scan model PATH...           model files: pickle, PyTorch, safetensors, GGUF, Keras, ONNX, archives
  bulwark scan release PATH            what must not be published: secrets, personal data, weights
  bulwark scan exposure TARGET...      AI services on the network answering without authentication

Common flags: --format table|json|sarif|markdown|junit|html, --output FILE, --fail-on SEVERITY|none.
Exit codes: 0 clean, 1 findings over the policy, 2 usage or runtime error, 3 nothing to scan.`;

const SUBCOMMANDS: Record<string, (args: string[], env: Environment) => Promise<ExitCode>> = {
  deps: scanDepsCommand,
  sbom: scanSbomCommand,
  model: scanModelCommand,
  release: scanReleaseCommand,
  exposure: scanExposureCommand,
};

export async function scanCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    environment.stdout.write(`${SCAN_HELP}\n`);
    return sub === undefined ? 2 : 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) throw new BulwarkError('USAGE', `unknown scanner "${sub}"; expected ${Object.keys(SUBCOMMANDS).join(', ')}`);
  return run(rest, environment);
}
