/**
 * Secret detectors: provider API keys, cloud credentials, tokens, JWTs, PEM private keys,
 * passwords in connection strings and URLs, and high-entropy values after secret-like words.
 * One detector runs every family in two passes over the text (see scanner.ts); findings carry
 * codes and spans only, never the value.
 *
 * Decisions (the evaluation set in data/eval/sensitive/secrets-*.jsonl is labelled to match):
 * - AWS documentation keys (access key ids ending EXAMPLE, secrets ending EXAMPLEKEY) are not
 *   reported; every documented pair follows that convention and a real key does with odds 32^-7.
 * - Spans: the key itself; the password alone for connection strings and URLs; the whole URL for
 *   Slack webhooks (the URL is the secret); the whole block, BEGIN to END, for PEM keys.
 * - `sk-` + 32 lowercase hex is SECRET_DEEPSEEK_KEY (Alibaba DashScope keys share the shape);
 *   `sk-` + 48 alphanumerics without the OpenAI marker is SECRET_OPENAI_KEY at 0.7 (Moonshot and
 *   other OpenAI-compatible APIs use it too); other long random `sk-` keys are SECRET_GENERIC.
 * - After a secret-like word only machine-made values count (SECRET_GENERIC): a UUID after
 *   `api_key:` does (many services issue UUID keys), `password: Summer2024!` does not. Inside
 *   connection strings, URLs and ADO strings every password counts, defaults such as
 *   `postgres:postgres` included; placeholders (`password`, `<password>`, `${DB_PASS}`, `****`,
 *   three characters or fewer in URLs) do not.
 * - Publishable keys (`pk_live_`, `pk_test_`) are public by design and never reported.
 */
import type { Detector } from '../types.js';
import { SECRET_CODES } from './codes.js';
import { detectSecrets } from './scanner.js';

export { SECRET_CODES, SEVERITY as SECRET_SEVERITY, type SecretCode } from './codes.js';
export { detectSecrets } from './scanner.js';

export const SECRETS_DETECTOR_ID = 'secrets';

export function createSecretsDetector(): Detector {
  return { id: SECRETS_DETECTOR_ID, kind: 'secret', codes: SECRET_CODES, detect: detectSecrets };
}

export const SECRET_DETECTORS: readonly Detector[] = [createSecretsDetector()];
