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

  // prompt-attack engine (guards/prompt)
  PROMPT_MODEL_INVALID: { status: 500, type: 'server_error', meaning: 'The trained prompt-attack weights shipped with Bulwark (src/guards/prompt/model/weights.json) failed validation.', fix: 'Reinstall Bulwark, or rebuild the weights with `npm run train:injection`; the message names the invalid field.' },

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
  DEPS_LOCKFILE_INVALID: { status: 400, type: 'invalid_request_error', meaning: 'A lockfile or manifest is truncated or malformed: it does not parse, or a field has the wrong shape.', fix: 'Regenerate the lockfile with its package manager (npm install, pnpm install, yarn, poetry lock, uv lock, ...); the message names the file and the field.' },
  DEPS_LOCKFILE_UNSUPPORTED: { status: 400, type: 'invalid_request_error', meaning: 'The lockfile declares a format version the dependency scanner does not read.', fix: 'Regenerate it with a current package manager (npm lockfileVersion 1-3, pnpm 6 or 9, yarn classic or berry, bun.lock 0-1, poetry 1-2, uv 1, pdm 4); or open an issue with the version.' },
  DEPS_FILE_TOO_LARGE: { status: 413, type: 'invalid_request_error', meaning: 'A lockfile, manifest, SBOM or ignore file is larger than scan.deps.maxFileBytes; it was refused before being read.', fix: 'Check that the file is really a lockfile; raise scan.deps.maxFileBytes if it is.' },
  DEPS_JSON_TOO_DEEP: { status: 400, type: 'invalid_request_error', meaning: 'A JSON, YAML or TOML document nests deeper than the scanner accepts (a parser-exhaustion defence); no lockfile needs this depth.', fix: 'The file is not a genuine lockfile or advisory; regenerate it.' },
  DEPS_IGNORE_INVALID: { status: 400, type: 'invalid_request_error', meaning: 'The ignore file is malformed, or an entry lacks an id, a reason or a valid expiry date.', fix: 'Give every entry `id`, `reason` and `expires` (YYYY-MM-DD); see docs/scan-deps.md.' },
  DEPS_SBOM_INVALID: { status: 400, type: 'invalid_request_error', meaning: 'The SBOM is not a CycloneDX 1.x JSON document the scanner can read.', fix: 'Pass a CycloneDX JSON SBOM (bomFormat "CycloneDX"), for example one written by `bulwark scan deps --format cyclonedx`.' },
  ADVISORY_DB_MISSING: { status: 500, type: 'server_error', meaning: 'No advisory database has been imported, so dependencies cannot be checked for known vulnerabilities.', fix: 'Download the OSV all.zip archives (npm, PyPI) and run `bulwark db import FILE...`; or pass --db FILE.' },
  ADVISORY_DB_ERROR: { status: 500, type: 'server_error', meaning: 'The advisory database could not be opened or read: corrupted, not a Bulwark advisory database, or written by a newer Bulwark.', fix: 'Delete the file and import again, or point --db / scan.deps.database at the right file.' },
  ADVISORY_IMPORT_INVALID: { status: 400, type: 'invalid_request_error', meaning: 'An advisory, EPSS or KEV file does not match its format; the import was rolled back and the database is unchanged.', fix: 'Download the file again from its source (osv.dev all.zip, FIRST EPSS csv.gz, CISA KEV JSON); the message names the entry.' },
  ADVISORY_ARCHIVE_INVALID: { status: 400, type: 'invalid_request_error', meaning: 'The advisory archive is truncated or not a zip file; the import was rolled back.', fix: 'Download the archive again and check its size.' },
  ADVISORY_ZIP_BOMB: { status: 413, type: 'invalid_request_error', meaning: 'An archive entry decompresses beyond the size or ratio limits (a zip bomb defence); the import was rolled back.', fix: 'Use the archive published by osv.dev; raise scan.deps.import limits only for a trusted source.' },

  // model scanner, weight manifests, release audit (scan model, scan release, model)
  MODEL_PATH_NOT_FOUND: { status: 404, type: 'not_found_error', meaning: 'A path given to `bulwark scan model`, `scan release` or `model manifest|verify` does not exist.', fix: 'Check the path; directories are walked, files are scanned directly.' },
  MODEL_READ_FAILED: { status: 500, type: 'server_error', meaning: 'A file could not be read while scanning (permissions, a file removed mid-scan, an I/O error); the rest of the scan went on.', fix: 'Check the file named in the report errors and its permissions, then scan again.' },
  MODEL_FILE_MALFORMED: { status: 400, type: 'invalid_request_error', meaning: 'A model file is malformed for the format it claims (truncated, inconsistent header, hostile sizes); it is reported and not loaded.', fix: 'Re-download or re-export the file from a trusted source; do not load it as is.' },
  MANIFEST_NOT_FOUND: { status: 404, type: 'not_found_error', meaning: '`bulwark model verify` found no manifest for the directory.', fix: 'Write one with `bulwark model manifest DIR`, or pass --manifest FILE.' },
  MANIFEST_INVALID: { status: 400, type: 'invalid_request_error', meaning: 'The weight manifest is not valid JSON of the bulwark.model-manifest schema.', fix: 'Regenerate it with `bulwark model manifest DIR`; never edit it by hand.' },
  MANIFEST_KEY_INVALID: { status: 500, type: 'server_error', meaning: 'The Ed25519 signing or verification key in scan.model.signing is missing, unreadable or not an Ed25519 PEM key.', fix: 'Point scan.model.signing.privateKeyFile / publicKeyFile at PEM files, e.g. from `openssl genpkey -algorithm ed25519`.' },
  RELEASE_GIT_FAILED: { status: 500, type: 'server_error', meaning: '`bulwark scan release --history` could not read the git history (not a repository, or git is missing).', fix: 'Run it on the root of a git checkout with git on PATH, or drop --history.' },

  // exposure scanner (scan exposure)
  EXPOSURE_TARGET_INVALID: { status: 400, type: 'invalid_request_error', meaning: 'A scan target is not a host, host:port, IPv4/IPv6 address or CIDR block, or a port is out of range.', fix: 'Write targets as host, host:port, 10.0.0.5, [fd00::1]:8080 or 10.0.0.0/24, and ports as 1-65535.' },
  EXPOSURE_TARGETS_FILE: { status: 400, type: 'invalid_request_error', meaning: 'The --targets file could not be read.', fix: 'Pass a readable text file with one target per line (# starts a comment).' },
  EXPOSURE_TOO_MANY_HOSTS: { status: 400, type: 'invalid_request_error', meaning: 'The targets expand to more addresses than the scan allows (scan.exposure.maxHosts, 256 by default).', fix: 'Narrow the range, or confirm the size with --max-hosts N.' },
  EXPOSURE_PUBLIC_TARGET: { status: 400, type: 'invalid_request_error', meaning: 'A target is a public (internet-routable) address; public addresses are scanned only on request.', fix: 'Scan only systems you are authorised to test; if you are, add --allow-public.' },
  EXPOSURE_HOST_UNRESOLVED: { status: 502, type: 'api_error', meaning: 'A target host name did not resolve to an address.', fix: 'Check the name, or scan the address directly.' },
  EXPOSURE_CONNECT_TIMEOUT: { status: 504, type: 'api_error', meaning: 'The TCP connection to the target was not established within scan.exposure.connectTimeoutMs (a filtering firewall or an overloaded host).', fix: 'Raise scan.exposure.connectTimeoutMs for slow networks, or ignore filtered ports.' },
  EXPOSURE_READ_TIMEOUT: { status: 504, type: 'api_error', meaning: 'The target accepted the connection but did not send a whole answer within scan.exposure.readTimeoutMs; it was cut off.', fix: 'A port that holds connections open or drip-feeds bytes is not a normal service: look at what listens there.' },
  EXPOSURE_RESPONSE_TOO_LARGE: { status: 502, type: 'api_error', meaning: 'The target answered with more than scan.exposure.maxResponseBytes; the connection was dropped and the rest not read.', fix: 'Look at what listens there; raise scan.exposure.maxResponseBytes only if a real service needs it.' },
  EXPOSURE_BAD_RESPONSE: { status: 502, type: 'api_error', meaning: 'The target answered with something that is neither valid HTTP nor the Redis protocol, or with malformed JSON where JSON was announced.', fix: 'Look at what listens there; the port is reported, not identified.' },
  EXPOSURE_CONNECTION_FAILED: { status: 502, type: 'api_error', meaning: 'The connection to the target failed (reset, unreachable network or host).', fix: 'Check routing and firewalls between the scanner and the target.' },
  EXPOSURE_DEADLINE: { status: 504, type: 'api_error', meaning: 'The scan reached its total deadline (scan.exposure.deadlineMs) before this target was finished; results so far are kept.', fix: 'Scan fewer targets at once, or raise scan.exposure.deadlineMs.' },
  EXPOSURE_INTERRUPTED: { status: 499, type: 'api_error', meaning: 'The scan was interrupted (Ctrl-C) before this target was finished; results so far are kept.', fix: 'Run the scan again for the targets listed.' },
  EXPOSURE_DATA_INVALID: { status: 500, type: 'server_error', meaning: 'A fingerprint or advisory data file shipped with Bulwark failed its schema check.', fix: 'Reinstall Bulwark; if you edited the data files, fix the reported path.' },


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
