import { z } from 'zod';

/**
 * The scanners' part of the one config schema (`scan:` in bulwark.yaml). Each scanner owns its
 * sub-schema here; config.ts composes them so the whole file is still validated at once.
 */

/** scan.deps — dependency scanner and advisory database (issue: supply-chain scanner for dependencies). */
export const scanDepsSchema = z.object({}).strict();

/** scan.model and scan.release — model-file scanner, weight manifests, release audit. */
export const scanModelSchema = z.object({}).strict();
export const scanReleaseSchema = z.object({}).strict();

/** scan.exposure — network exposure scanner. */
export const scanExposureSchema = z.object({}).strict();

export const scanSchema = z
  .object({
    deps: scanDepsSchema.prefault({}),
    model: scanModelSchema.prefault({}),
    release: scanReleaseSchema.prefault({}),
    exposure: scanExposureSchema.prefault({}),
  })
  .strict();
