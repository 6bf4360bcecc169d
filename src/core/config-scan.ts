import { z } from 'zod';

/**
 * The scanners' part of the one config schema (`scan:` in bulwark.yaml). Each scanner owns its
 * sub-schema here; config.ts composes them so the whole file is still validated at once.
 */

/** scan.deps — dependency scanner and advisory database (issue: supply-chain scanner for dependencies). */
export const scanDepsSchema = z
  .object({
    /** Advisory database file; relative paths are inside the data directory (BULWARK_HOME). */
    database: z.string().min(1).default('advisories.db'),
    /** Lowest severity that breaks the red line (exit 1); `none` lets only malicious packages fail. */
    failOn: z.enum(['critical', 'high', 'medium', 'low', 'info', 'none']).default('high'),
    /** EPSS probability at or above which a vulnerability fails whatever its severity. */
    failOnEpss: z.number().min(0).max(1).optional(),
    /** A vulnerability in the CISA KEV catalogue fails whatever its severity. */
    failOnKev: z.boolean().default(false),
    /** Ignore file (YAML or JSON), relative to the scanned directory; every entry needs a reason and an expiry. */
    ignoreFile: z.string().min(1).default('.bulwark-ignore.yaml'),
    licenses: z
      .object({
        /** SPDX ids that are acceptable; empty means every licence not denied is acceptable. */
        allow: z.array(z.string().min(1)).default([]),
        /** SPDX ids that are never acceptable. */
        deny: z.array(z.string().min(1)).default([]),
        /** Report packages whose licence is absent from every offline source. */
        reportMissing: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Directory-walk exclusions (glob, matched against the path relative to the scan root). */
    exclude: z.array(z.string()).default(['**/testdata/**', '**/fixtures/**', '**/__fixtures__/**']),
    /** Walk into node_modules (normally skipped: the lockfile already lists what is installed). */
    includeNodeModules: z.boolean().default(false),
    /** Largest lockfile, manifest, SBOM or ignore file read; larger ones are refused unread. */
    maxFileBytes: z.number().int().positive().default(64 * 1024 * 1024),
    /** A warning is printed when the advisory database is older than this. */
    maxDatabaseAgeDays: z.number().positive().default(7),
    /** Zip-bomb limits for `bulwark db import`. */
    import: z
      .object({
        maxEntryBytes: z.number().int().positive().default(16 * 1024 * 1024),
        maxTotalBytes: z.number().int().positive().default(8 * 1024 * 1024 * 1024),
        maxEntries: z.number().int().positive().default(5_000_000),
        maxRatio: z.number().positive().default(200),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** scan.model and scan.release — model-file scanner, weight manifests, release audit. */
const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info', 'none']);

export const scanModelSchema = z
  .object({
    /** Lowest severity that fails the scan (exit 1); unknown pickle globals are medium. */
    failOn: severitySchema.default('high'),
    /** Extra pickle globals to allow: "module.name" or "module.*". */
    allowGlobals: z.array(z.string().regex(/^[A-Za-z_][\w.]*\.(\*|[A-Za-z_]\w*)$/)).default([]),
    /** Extra pickle globals to treat as dangerous. */
    denyGlobals: z.array(z.string().regex(/^[A-Za-z_][\w.]*\.(\*|[A-Za-z_]\w*)$/)).default([]),
    /** Declared uncompressed/compressed ratio above which an archive member is a bomb. */
    maxCompressionRatio: z.number().positive().default(200),
    /** Bytes one decompressed stream may produce. */
    maxInflatedBytes: z.number().int().positive().default(64 * 2 ** 30),
    /** Manifest file name written by `bulwark model manifest`. */
    manifestFile: z.string().min(1).default('bulwark-manifest.json'),
    /** Ed25519 keys (PEM files) for signing and verifying manifests. */
    signing: z
      .object({ privateKeyFile: z.string().min(1).optional(), publicKeyFile: z.string().min(1).optional() })
      .strict()
      .prefault({}),
  })
  .strict();

export const scanReleaseSchema = z
  .object({
    failOn: severitySchema.default('medium'),
    /** Domain suffixes that are internal ("corp.example.com"); matched hostnames and URLs are findings. */
    internalDomains: z.array(z.string().min(1)).default(['internal', 'corp', 'intranet', 'lan', 'local', 'localdomain', 'private', 'home.arpa']),
    /** Extra regular expressions for internal hostnames or URLs. */
    internalPatterns: z.array(z.string().min(1)).default([]),
    /**
     * Paths to skip (globs relative to the scanned root; a matching directory is not entered).
     * Installed dependencies are not the project's own files: `scan deps` audits them.
     */
    exclude: z.array(z.string().min(1)).default(['node_modules', '**/node_modules']),
    /** Binary files above this size are findings. */
    largeFileBytes: z.number().int().positive().default(10 * 2 ** 20),
    /** Text files up to this size are read whole; larger ones are sampled. */
    maxTextBytes: z.number().int().positive().default(4 * 2 ** 20),
    /** Bytes read from a large text, CSV or JSONL file (head plus evenly spaced windows). */
    sampleBytes: z.number().int().positive().default(2 * 2 ** 20),
    /** Bytes of `git log -p` read with --history. */
    historyMaxBytes: z.number().int().positive().default(512 * 2 ** 20),
  })
  .strict();

/** scan.exposure — network exposure scanner. Every default is a good-network-citizen bound. */
export const scanExposureSchema = z
  .object({
    /** Ports probed on each host when --ports is not given; empty means the fingerprint data's list. */
    ports: z.array(z.number().int().min(1).max(65_535)).max(1024).default([]),
    /** host:port targets probed at once. */
    concurrency: z.number().int().min(1).max(1024).default(128),
    /** Targets of one host probed at once. */
    perHostConcurrency: z.number().int().min(1).max(64).default(8),
    /** Minimum gap between two connections opened to the same host. */
    pacingMs: z.number().int().min(0).max(60_000).default(5),
    connectTimeoutMs: z.number().int().min(50).max(120_000).default(2_000),
    /** Whole-response time for one request (a drip-feeding peer is cut off here). */
    readTimeoutMs: z.number().int().min(50).max(300_000).default(5_000),
    /** The whole scan; targets not finished by then are reported as errors. */
    deadlineMs: z.number().int().min(100).max(86_400_000).default(300_000),
    /** Retries of a connection that timed out or was reset (never of a refused one). */
    retries: z.number().int().min(0).max(5).default(1),
    retryBackoffMs: z.number().int().min(0).max(60_000).default(250),
    /** Bytes read of one response (headers and body); beyond it the connection is dropped. */
    maxResponseBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** Requests sent to one host:port while identifying it. */
    maxRequestsPerTarget: z.number().int().min(1).max(200).default(48),
    /** Addresses a target list may expand to without --max-hosts. */
    maxHosts: z.number().int().min(1).max(16_777_216).default(256),
    /** Lowest severity that fails the scan (exit 1); --fail-on overrides. */
    failOn: z.enum(['critical', 'high', 'medium', 'low', 'info', 'none']).default('high'),
  })
  .strict();

export const scanSchema = z
  .object({
    deps: scanDepsSchema.prefault({}),
    model: scanModelSchema.prefault({}),
    release: scanReleaseSchema.prefault({}),
    exposure: scanExposureSchema.prefault({}),
  })
  .strict();
