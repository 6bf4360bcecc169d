import { z } from 'zod';
import { BulwarkError } from '../../core/index.js';
import advisoriesJson from './data/advisories.json' with { type: 'json' };
import fingerprintsJson from './data/fingerprints.json' with { type: 'json' };

/**
 * The fingerprint and advisory data files: versioned JSON (not TypeScript literals) so they can be
 * reviewed and updated without touching code. `tsc` copies imported JSON into dist/ beside this
 * module, so the built CLI reads the same files.
 */

export const FINGERPRINTS_SCHEMA_VERSION = 1;
export const ADVISORIES_SCHEMA_VERSION = 1;

/**
 * Only these request forms may ever appear in the data: read-only HTTP GET/HEAD of a path, or
 * the two Redis commands PING and INFO server. Anything else (a POST, a DELETE, a Redis write)
 * fails the schema, so a data edit cannot make the scanner change a target.
 */
const HTTP_REQUEST = /^(GET|HEAD) \/[\x21-\x7e]*$/;
const REDIS_REQUEST = /^REDIS (PING|INFO server)$/;
export const requestSchema = z.string().refine((s) => HTTP_REQUEST.test(s) || REDIS_REQUEST.test(s), 'must be "GET /path", "HEAD /path", "REDIS PING" or "REDIS INFO server"');

const regexSource = z.string().max(200).refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

const jsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const conditionSchema = z
  .object({
    request: requestSchema,
    status: z.array(z.number().int().min(100).max(999)).min(1).optional(),
    bodyIncludes: z.string().min(1).max(200).optional(),
    bodyMatches: regexSource.optional(),
    header: z
      .object({ name: z.string().regex(/^[a-z0-9-]+$/), present: z.boolean().optional(), includes: z.string().min(1).optional() })
      .strict()
      .optional(),
    json: z
      .object({
        path: z.string().max(100),
        equals: jsonValue.optional(),
        type: z.enum(['string', 'number', 'boolean', 'array', 'object']).optional(),
        matches: regexSource.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Any of the groups; every condition of a group must hold. */
export const groupsSchema = z.array(z.array(conditionSchema).min(1)).min(1);

export const CAPABILITIES = ['list-models', 'pull-models', 'delete-models', 'load-models', 'run-inference', 'read-data', 'write-data', 'delete-data', 'read-files', 'write-files', 'run-code', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);

export const serviceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    category: z.enum(['model-server', 'vector-db', 'database', 'notebook', 'ml-platform', 'app', 'gateway']),
    protocol: z.enum(['http', 'redis']),
    ports: z.array(z.number().int().min(1).max(65_535)).min(1),
    /** A reverse proxy that demands authentication for what is behind it (reported as protected). */
    protects: z.boolean().optional(),
    /** Matched only after every specific service failed (a catch-all such as OpenAI-compatible). */
    generic: z.boolean().optional(),
    identify: groupsSchema,
    version: z
      .array(
        z
          .object({
            request: requestSchema,
            status: z.array(z.number().int()).optional(),
            /** Dotted path into the JSON body ("" is the body itself); absent: the body text. */
            json: z.string().max(100).optional(),
            /** First capture group is the version. */
            matches: regexSource,
          })
          .strict(),
      )
      .optional(),
    auth: z.object({ open: groupsSchema.optional(), required: groupsSchema.optional() }).strict(),
    anonymous: z.array(z.enum(CAPABILITIES)),
    severity: severitySchema,
    postures: z
      .array(
        z
          .object({
            code: z.enum(['EXPOSURE_SETUP_OPEN', 'EXPOSURE_SIGNUP_OPEN']),
            severity: severitySchema,
            title: z.string().min(1),
            when: groupsSchema,
            capabilities: z.array(z.enum(CAPABILITIES)),
          })
          .strict(),
      )
      .optional(),
    notes: z.string().optional(),
    links: z.array(z.string().url()).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const all = [...s.identify.flat(), ...(s.auth.open ?? []).flat(), ...(s.auth.required ?? []).flat(), ...(s.version ?? []), ...(s.postures ?? []).flatMap((p) => p.when.flat())];
    for (const c of all) {
      const redis = c.request.startsWith('REDIS ');
      if (redis !== (s.protocol === 'redis')) ctx.addIssue({ code: 'custom', message: `${c.request} does not fit protocol ${s.protocol}` });
    }
  });

export const fingerprintsSchema = z
  .object({
    schemaVersion: z.literal(FINGERPRINTS_SCHEMA_VERSION),
    updated: z.string(),
    defaultPorts: z.array(z.number().int().min(1).max(65_535)).min(1),
    services: z.array(serviceSchema).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const ids = new Set<string>();
    for (const s of f.services) {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['services'], message: `duplicate service id ${s.id}` });
      ids.add(s.id);
    }
  });

const versionString = z.string().regex(/^\d+(\.\d+){0,3}$/);

export const advisorySchema = z
  .object({
    id: z.string().regex(/^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|GO-\d{4}-\d{4,})$/),
    aliases: z.array(z.string()).optional(),
    service: z.string(),
    severity: severitySchema,
    title: z.string().min(1),
    /** OSV-style ranges: affected when introduced <= version < fixed; an empty range is every version. */
    affected: z.array(z.object({ introduced: versionString.optional(), fixed: versionString.optional() }).strict()).min(1),
    fix: z.string().optional(),
    notes: z.string().optional(),
    links: z.array(z.string().url()).min(1),
  })
  .strict();

export const advisoriesSchema = z
  .object({
    schemaVersion: z.literal(ADVISORIES_SCHEMA_VERSION),
    updated: z.string(),
    advisories: z.array(advisorySchema),
  })
  .strict();

export type Condition = z.infer<typeof conditionSchema>;
export type ConditionGroups = z.infer<typeof groupsSchema>;
export type ServiceFingerprint = z.infer<typeof serviceSchema>;
export type Fingerprints = z.infer<typeof fingerprintsSchema>;
export type Advisory = z.infer<typeof advisorySchema>;
export type Advisories = z.infer<typeof advisoriesSchema>;

/** Validates a fingerprint file's content; issues name their path. */
export function parseFingerprints(raw: unknown): Fingerprints {
  const r = fingerprintsSchema.safeParse(raw);
  if (!r.success) throw new BulwarkError('EXPOSURE_DATA_INVALID', `fingerprints.json: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function parseAdvisories(raw: unknown, services?: readonly string[]): Advisories {
  const r = advisoriesSchema.safeParse(raw);
  if (!r.success) throw new BulwarkError('EXPOSURE_DATA_INVALID', `advisories.json: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (services) {
    const unknown = r.data.advisories.filter((a) => !services.includes(a.service));
    if (unknown.length > 0) throw new BulwarkError('EXPOSURE_DATA_INVALID', `advisories.json: unknown service ${unknown.map((a) => `${a.id} → ${a.service}`).join(', ')}`);
  }
  return r.data;
}

let cached: { fingerprints: Fingerprints; advisories: Advisories } | undefined;

/** The shipped data files, validated once. */
export function shippedData(): { fingerprints: Fingerprints; advisories: Advisories } {
  if (!cached) {
    const fingerprints = parseFingerprints(fingerprintsJson);
    cached = { fingerprints, advisories: parseAdvisories(advisoriesJson, fingerprints.services.map((s) => s.id)) };
  }
  return cached;
}

/** Every request the data can make the scanner send ("GET /path", "REDIS PING", …). */
export function allowedRequests(fingerprints: Fingerprints): Set<string> {
  const out = new Set<string>();
  for (const s of fingerprints.services) {
    for (const c of [...s.identify.flat(), ...(s.auth.open ?? []).flat(), ...(s.auth.required ?? []).flat(), ...(s.version ?? []), ...(s.postures ?? []).flatMap((p) => p.when.flat())]) out.add(c.request);
  }
  return out;
}
