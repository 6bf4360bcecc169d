// npm run bench:scan — the scanners' benchmarks, one after the other: dependency scanner
// (advisory import and lockfile scan), model scanner (multi-gigabyte headers, pickle in a zip) and
// exposure scanner (loopback targets).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let failed = false;
for (const part of ['deps.mjs', 'model.mjs', 'exposure.mjs']) {
  const file = join(here, part);
  if (!existsSync(file)) continue;
  const r = spawnSync(process.execPath, [file], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
