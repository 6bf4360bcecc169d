/** What a file's name alone says about publishing it. */
export type PathKind = 'env' | 'private-key' | 'credentials' | 'weights' | undefined;

const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?)$/i;
const KEY_NAMES = /^(id_(rsa|dsa|ecdsa|ed25519)|.*\.(p12|pfx|jks|keystore|ppk|key))$/i;
const CREDENTIALS = /^(\.npmrc|\.pypirc|\.netrc|_netrc|\.git-credentials|credentials|\.dockercfg|\.htpasswd|terraform\.tfstate(\.backup)?|.*\.tfstate|service-account.*\.json|gcloud.*credentials.*\.json|kubeconfig)$/i;
const WEIGHTS = /\.(safetensors|gguf|ggml|pt|pth|ckpt|onnx|h5|hdf5|keras|tflite|mlmodel|pb|npz|npy|pkl|pickle|joblib|msgpack|engine|plan|mar|nemo)$/i;

export function classifyPath(path: string): PathKind {
  const base = path.split('/').pop() ?? path;
  if (/^\.env(\..+)?$/i.test(base) || /\.env$/i.test(base)) return ENV_TEMPLATE.test(base) ? undefined : 'env';
  if (KEY_NAMES.test(base)) return 'private-key';
  if (CREDENTIALS.test(base)) return 'credentials';
  if (WEIGHTS.test(base)) return 'weights';
  return undefined;
}

export function isBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) if (head[i] === 0) return true;
  return false;
}
