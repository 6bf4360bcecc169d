import { classifyGlobal } from './pickle-policy.js';
import { shown, type ModelFinding } from './types.js';

/**
 * Keras model configs (config.json in .keras, the model_config attribute in .h5). A Lambda layer
 * carries marshalled Python bytecode or names a function, run at load: CVE-2024-3660 (Keras < 2.13
 * loads it without safe_mode), CVE-2025-1550 (Keras < 3.9: safe_mode bypassed through `module`
 * and `class_name` naming arbitrary callables); CVE-2025-8747 (< 3.11.0) and CVE-2025-9905
 * (< 3.11.3) are further safe_mode bypasses.
 */
const KERAS_MODULES = /^(keras|keras_nlp|keras_hub|keras_cv|tf_keras|tensorflow|tensorflow_hub|transformers)(\.|$)/;

function versionBelow(version: string | undefined, target: [number, number, number]): boolean | undefined {
  if (version === undefined) return undefined;
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return undefined;
  const v = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) if (v[i] !== target[i]) return v[i]! < target[i]!;
  return false;
}

export function kerasVersionCves(version: string | undefined): string[] {
  const out: string[] = [];
  if (versionBelow(version, [2, 13, 0]) !== false) out.push('CVE-2024-3660');
  if (versionBelow(version, [3, 9, 0]) !== false) out.push('CVE-2025-1550');
  if (versionBelow(version, [3, 11, 0]) !== false) out.push('CVE-2025-8747');
  if (versionBelow(version, [3, 11, 3]) !== false) out.push('CVE-2025-9905');
  return out;
}

export function analyzeKerasConfig(text: string, kerasVersion: string | undefined, where: string): ModelFinding[] {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return [{ code: 'MODEL_KERAS_CONFIG_INVALID', severity: 'medium', title: `Keras model config in ${where} is not JSON`, message: 'The model config could not be parsed, so its layers were not checked.', detail: where }];
  }
  const findings: ModelFinding[] = [];
  const seen = new Set<string>();
  const cves = kerasVersionCves(kerasVersion);
  const versionText = kerasVersion === undefined ? 'an unknown Keras version' : `Keras ${shown(kerasVersion, 20)}`;
  const add = (f: ModelFinding) => {
    if (seen.has(f.title) || findings.length >= 100) return;
    seen.add(f.title);
    findings.push(f);
  };
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: config, path: '$', depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < 1_000_000) {
    const { node, path, depth } = stack.pop()!;
    visited++;
    if (depth > 200) continue;
    if (typeof node === 'string') {
      const m = /^(?:([A-Za-z_][\w.]*)\.)?([A-Za-z_]\w*)$/.exec(node);
      if (m && m[1] !== undefined && classifyGlobal(m[1], m[2]!) === 'dangerous' && !KERAS_MODULES.test(m[1])) {
        add({ code: 'MODEL_KERAS_DANGEROUS_REFERENCE', severity: 'critical', title: `Keras config names ${shown(node, 60)}`, message: `The config at ${shown(path, 80)} references ${shown(node, 60)}, a callable that runs commands or code when Keras deserialises it (CVE-2025-1550).`, detail: shown(path, 80), references: ['CVE-2025-1550'] });
      }
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((v, i) => stack.push({ node: v, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    const o = node as Record<string, unknown>;
    if (o.class_name === 'Lambda' || o.class_name === 'keras.layers.Lambda') {
      const name = typeof (o.config as Record<string, unknown> | undefined)?.name === 'string' ? String((o.config as Record<string, unknown>).name) : path;
      add({ code: 'MODEL_KERAS_LAMBDA', severity: 'critical', title: `Keras Lambda layer ${shown(name, 60)}`, message: `Lambda layer ${shown(name, 60)} holds Python code that runs when the model is loaded; ${versionText} is affected by ${cves.length > 0 ? cves.join(', ') : 'none of the known safe_mode bypasses, but safe_mode=False still runs it'}. Rebuild the layer in code instead of loading it.`, detail: shown(path, 80), references: cves.length > 0 ? cves : ['CVE-2024-3660'] });
    }
    if (typeof o.module === 'string' && o.module !== '' && !KERAS_MODULES.test(o.module)) {
      const cls = typeof o.class_name === 'string' ? o.class_name : '';
      const dangerous = classifyGlobal(o.module, cls || 'x') === 'dangerous';
      add({ code: dangerous ? 'MODEL_KERAS_DANGEROUS_REFERENCE' : 'MODEL_KERAS_UNKNOWN_MODULE', severity: dangerous ? 'critical' : 'high', title: `Keras config imports module ${shown(o.module, 60)}`, message: `The object at ${shown(path, 80)} is deserialised from module ${shown(o.module, 60)}${cls ? ` (${shown(cls, 40)})` : ''}, outside Keras; ${versionText} lets configs import arbitrary modules (CVE-2025-1550).`, detail: shown(path, 80), references: ['CVE-2025-1550'] });
    }
    for (const [k, v] of Object.entries(o)) stack.push({ node: v, path: `${path}.${k}`, depth: depth + 1 });
  }
  return findings;
}
