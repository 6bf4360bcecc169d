import { BulwarkError } from '../core/index.js';
import type { Environment } from './environment.js';
import type { ExitCode } from './exit-codes.js';

export async function scanExposureCommand(_args: string[], _environment: Environment): Promise<ExitCode> {
  throw new BulwarkError('USAGE', 'not built yet');
}
