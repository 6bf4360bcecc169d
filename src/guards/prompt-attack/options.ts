import { z } from 'zod';
import { BulwarkError } from '../../core/index.js';

/** Turns zod issues into the one config error, with each option's path. */
export function parseGuardOptions<T extends z.ZodType>(guardId: string, schema: T, options: Record<string, unknown>): z.output<T> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `  - guards.use(${guardId}).options.${i.path.join('.')}: ${i.message}`);
  throw new BulwarkError('CONFIG_INVALID', `configuration has ${issues.length} problem(s):\n${issues.join('\n')}`);
}
