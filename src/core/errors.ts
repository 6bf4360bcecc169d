/**
 * The one error registry. Every error Bulwark returns or prints has a stable code listed here,
 * with its HTTP status and a line a user can act on. Codes are never reused or renamed; the
 * README's error table is generated from this list (`npm run docs:errors`) and checked by a test.
 */
export interface ErrorSpec {
  readonly status: number;
  /** OpenAI-style `type` field, so existing clients classify the error. */
  readonly type: 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'api_error' | 'server_error';
  readonly meaning: string;
  readonly fix: string;
}

export const ERRORS = {
  // configuration and usage (CLI, start-up)
  CONFIG_INVALID: { status: 500, type: 'server_error', meaning: 'The configuration file failed validation.', fix: 'Read the listed paths and fix each value; `bulwark serve --config FILE` validates the whole file at start.' },
  CONFIG_NOT_FOUND: { status: 500, type: 'server_error', meaning: 'The configuration file named on the command line or in BULWARK_CONFIG does not exist.', fix: 'Pass an existing file with --config, or start without one to use the embedded defaults.' },
  CONFIG_PARSE: { status: 500, type: 'server_error', meaning: 'The configuration file is not valid YAML.', fix: 'Fix the YAML syntax at the reported line.' },
  CONFIG_ENV_MISSING: { status: 500, type: 'server_error', meaning: 'The configuration references an environment variable (${NAME}) that is not set.', fix: 'Export the variable or remove the reference.' },
  USAGE: { status: 400, type: 'invalid_request_error', meaning: 'The command line is wrong: unknown command, flag or missing argument.', fix: 'Run `bulwark --help` or `bulwark <command> --help`.' },
  STORE_ERROR: { status: 500, type: 'server_error', meaning: 'The embedded store could not be opened, migrated or written.', fix: 'Check that the data directory (BULWARK_HOME) is writable and the database file is not corrupted.' },
  STORE_MIGRATION_NEWER: { status: 500, type: 'server_error', meaning: 'The database was written by a newer Bulwark than this one.', fix: 'Upgrade Bulwark or point it at another database file.' },
  KEY_NOT_FOUND: { status: 404, type: 'not_found_error', meaning: 'No API key has that id.', fix: 'List keys with `bulwark keys list`.' },
  LISTEN_FAILED: { status: 500, type: 'server_error', meaning: 'The gateway could not listen on the configured host and port.', fix: 'Free the port or change server.port (or pass --port).' },

  // request path: before auth
  BODY_TOO_LARGE: { status: 413, type: 'invalid_request_error', meaning: 'The request body is larger than limits.maxBodyBytes; it was refused before being read.', fix: 'Send a smaller request or raise limits.maxBodyBytes.' },
  ROUTE_NOT_FOUND: { status: 404, type: 'not_found_error', meaning: 'The gateway does not serve this path; it is never forwarded to a model server.', fix: 'Use one of the OpenAI (/v1/...) or Ollama (/api/...) paths listed in the README.' },
  METHOD_NOT_ALLOWED: { status: 405, type: 'invalid_request_error', meaning: 'The path exists but not with this HTTP method.', fix: 'Use the method the wire format documents (for example POST for /v1/chat/completions).' },
  IP_RATE_LIMITED: { status: 429, type: 'rate_limit_error', meaning: 'Too many requests from this client address (checked before authentication).', fix: 'Wait for the number of seconds in Retry-After; raise limits.perIp.requestsPerMinute if legitimate.' },
  HEADERS_TOO_LARGE: { status: 431, type: 'invalid_request_error', meaning: 'The request header block is larger than 16 KiB.', fix: 'Send fewer or smaller headers (cookies are the usual culprit).' },
  REQUEST_TIMEOUT: { status: 408, type: 'invalid_request_error', meaning: 'The client sent its request too slowly (header, idle or total timeout).', fix: 'Send the whole request promptly; tune server.*TimeoutMs for slow links.' },

  // auth
  AUTH_MISSING: { status: 401, type: 'authentication_error', meaning: 'No API key was sent.', fix: 'Send `Authorization: Bearer <key>` or `x-api-key: <key>`; create keys with `bulwark keys create`.' },
  AUTH_INVALID: { status: 401, type: 'authentication_error', meaning: 'The API key is unknown, malformed, revoked or expired.', fix: 'Use a current key; `bulwark keys list` shows status and expiry.' },
  FORBIDDEN_ENDPOINT: { status: 403, type: 'permission_error', meaning: "The key's role may not call this endpoint (Ollama admin endpoints need an allowed role).", fix: 'Use a key whose role is listed in roles.ollamaAdmin, or ask an administrator.' },
  FORBIDDEN_MODEL: { status: 403, type: 'permission_error', meaning: 'The key is not allowed to use this model.', fix: "Use a model matching the key's allowed model globs, or create a key that allows it." },

  // limits
  RATE_LIMITED: { status: 429, type: 'rate_limit_error', meaning: "The key's requests-per-minute limit is reached.", fix: 'Wait for Retry-After seconds; raise the key or tenant limit if legitimate.' },
  TOKEN_RATE_LIMITED: { status: 429, type: 'rate_limit_error', meaning: "The key's tokens-per-minute limit is reached.", fix: 'Wait for Retry-After seconds, send shorter prompts or ask for a higher limit.' },
  CONCURRENCY_LIMITED: { status: 429, type: 'rate_limit_error', meaning: 'Too many requests in flight for this key or for the whole gateway.', fix: 'Retry after a moment; lower client parallelism or raise limits.*concurrency.' },
  PROMPT_TOO_LONG: { status: 400, type: 'invalid_request_error', meaning: 'The prompt exceeds limits.maxPromptChars or limits.maxPromptTokens (estimated).', fix: 'Shorten the prompt or raise the limit.' },
  TOO_MANY_MESSAGES: { status: 400, type: 'invalid_request_error', meaning: 'The request has more messages (or inputs) than limits.maxMessages.', fix: 'Send fewer messages or raise the limit.' },
  MAX_TOKENS_TOO_LARGE: { status: 400, type: 'invalid_request_error', meaning: 'max_tokens / num_predict is above limits.maxOutputTokens and the policy is reject.', fix: 'Ask for fewer output tokens, or set limits.outputTokensPolicy: clamp.' },

  // wire format
  INVALID_JSON: { status: 400, type: 'invalid_request_error', meaning: 'The request body is not valid JSON (or not a JSON object).', fix: 'Send a JSON object with content-type application/json.' },
  INVALID_REQUEST: { status: 400, type: 'invalid_request_error', meaning: 'The request does not match the wire format: a field is missing, has the wrong type or is out of bounds.', fix: 'Read the message: it names the field (path) and what was expected.' },
  JSON_TOO_DEEP: { status: 400, type: 'invalid_request_error', meaning: 'The JSON body nests deeper than the gateway accepts (a parser-exhaustion defence).', fix: 'Flatten the request; no wire format needs this depth.' },
  MODEL_NOT_ROUTED: { status: 404, type: 'not_found_error', meaning: 'No route matches this model name.', fix: 'Add a route whose glob matches the model, or use a routed model (GET /v1/models lists them).' },
  ROUTE_WIRE_UNSUPPORTED: { status: 400, type: 'invalid_request_error', meaning: 'The model is routed to an upstream that does not speak this wire format (Ollama paths need an ollama upstream).', fix: 'Call the model through its OpenAI path, or route it to an Ollama upstream.' },

  // guards
  GUARD_BLOCKED: { status: 400, type: 'invalid_request_error', meaning: 'A guard blocked the request or the answer under the configured policy.', fix: 'The finding codes in the message say why; change the content or the policy.' },
  GUARD_FAILED: { status: 503, type: 'server_error', meaning: 'A fail-closed guard crashed or timed out, so the request was refused.', fix: 'Check the gateway log for the guard id; mark the guard fail-open only if the risk is acceptable.' },

  // upstream
  UPSTREAM_UNREACHABLE: { status: 502, type: 'api_error', meaning: 'The model server refused or dropped the connection.', fix: 'Check that the upstream in the route is running and reachable from the gateway.' },
  UPSTREAM_TIMEOUT: { status: 504, type: 'api_error', meaning: 'The model server did not answer within the route timeout.', fix: 'Check the model server load, or raise upstreams.<name>.timeouts.' },
  UPSTREAM_BAD_RESPONSE: { status: 502, type: 'api_error', meaning: 'The model server answered with something that is not the wire format (for example invalid JSON).', fix: 'Check that the upstream type (openai | ollama) and baseUrl in the config are right.' },
  UPSTREAM_STREAM_FAILED: { status: 502, type: 'api_error', meaning: 'The model server failed in the middle of a streamed answer; the stream was ended with this error.', fix: 'Retry; check the model server logs.' },
  UPSTREAM_ERROR: { status: 502, type: 'api_error', meaning: 'The model server answered with an error status; its message is passed on.', fix: 'Read the message from the model server.' },

  // audit trail
  AUDIT_WRITE_FAILED: { status: 503, type: 'server_error', meaning: "The request's audit record could not be written to the audit journal, so the answer was withheld: every answered request has its record.", fix: 'Check the gateway log and that the disk holding the audit database and its journal (audit.path) is writable and not full.' },
  AUDIT_MASTER_KEY_MISSING: { status: 500, type: 'server_error', meaning: 'The audit trail holds encrypted data but no master key was found (neither BULWARK_MASTER_KEY nor the key file).', fix: 'Restore the key file (audit.masterKeyFile, in the data directory) or set BULWARK_MASTER_KEY; a new key cannot read old records.' },
  AUDIT_MASTER_KEY_INVALID: { status: 500, type: 'server_error', meaning: 'The master key is not 32 bytes written in base64 or hex.', fix: 'Use the key file Bulwark created, or a key from `openssl rand -base64 32`.' },
  AUDIT_MASTER_KEY_MISMATCH: { status: 500, type: 'server_error', meaning: "The master key is not the one that wraps this audit trail's data keys (the fingerprints differ).", fix: 'Use the key the trail was created or last rotated with; stop `serve` before `bulwark keys rotate-master`, then restart it.' },
  AUDIT_TENANT_FORBIDDEN: { status: 403, type: 'permission_error', meaning: "A read of another tenant's audit records was refused: audit reads are scoped to one tenant.", fix: "Use an admin or auditor key of that tenant, or on the server `bulwark audit search --tenant T` with that tenant's own filters." },
  AUDIT_DISABLED: { status: 404, type: 'not_found_error', meaning: 'The audit trail is switched off (audit.enabled: false), so there is nothing to read.', fix: 'Set audit.enabled: true and restart the gateway.' },
  AUDIT_DECRYPT_FAILED: { status: 500, type: 'server_error', meaning: "Stored audit content failed AES-GCM authentication: it was altered or moved from another record.", fix: 'Run `bulwark audit verify` to find the record; restore the audit database from a backup.' },

  // dependency scanner and advisory database (scan deps, scan sbom, db)

  // model scanner, weight manifests, release audit (scan model, scan release, model)

  // exposure scanner (scan exposure)

  CLIENT_CLOSED: { status: 499, type: 'invalid_request_error', meaning: 'Recorded, not sent: the client closed the connection before the answer ended; the upstream request was aborted.', fix: 'Nothing to fix on the gateway; check client timeouts if it happens often.' },
  INTERNAL: { status: 500, type: 'server_error', meaning: 'An unexpected error inside the gateway. Nothing sensitive is in the message; the log has the request id.', fix: 'Report it with the request id (x-request-id).' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export interface BulwarkErrorOptions {
  cause?: unknown;
  /** Extra response headers (Retry-After on 429). */
  headers?: Record<string, string>;
  /** Status override for upstream errors passed through with their own status. */
  status?: number;
}

/** The one error class. Messages never contain keys, prompts or personal data. */
export class BulwarkError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message?: string, options: BulwarkErrorOptions = {}) {
    super(message ?? ERRORS[code].meaning, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BulwarkError';
    this.code = code;
    this.status = options.status ?? ERRORS[code].status;
    this.headers = options.headers;
  }

  get type(): ErrorSpec['type'] {
    return ERRORS[this.code].type;
  }
}

export function isBulwarkError(value: unknown): value is BulwarkError {
  return value instanceof BulwarkError;
}

/** Markdown table for the README: code | HTTP | meaning | how to fix. */
export function errorTableMarkdown(): string {
  const rows = Object.entries(ERRORS).map(([code, spec]) => `| \`${code}\` | ${spec.status} | ${spec.meaning} | ${spec.fix} |`);
  return ['| code | HTTP | meaning | how to fix |', '|---|---|---|---|', ...rows].join('\n');
}
