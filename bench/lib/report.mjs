// What every benchmark runner shares: the machine it ran on, the JSON report file, and the
// exit-code convention (0 measured, 1 a run was invalid, 2 the benchmark itself could not run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, relative } from 'node:path';

/** The machine, as printed under every result table and kept in the JSON report. */
export function machineInfo() {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    node: process.version,
    platform: `${platform()} ${release()}`,
    totalMemGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1mAtStart: Math.round(loadavg()[0] * 100) / 100,
  };
}

/** 1-minute load average, rounded: above 0 means other processes shared the cores during the run. */
export function loadAverage1m() {
  return Math.round(loadavg()[0] * 100) / 100;
}

/** Writes the versioned JSON report and says where. */
export function writeReport(out, report) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults: ${relative(process.cwd(), out)}`);
}

/** Runs a benchmark's main(): its resolved value is the exit code; a throw is exit 2 with the reason. */
export function runBenchmark(main, cleanup = () => {}) {
  main().then(
    (code) => {
      cleanup();
      process.exit(code);
    },
    (err) => {
      cleanup();
      console.error(`\nbenchmark aborted: ${err.message}`);
      process.exit(2);
    },
  );
}

/**
 * How the benchmark's helper processes (fake upstream, bare proxy) end: on SIGTERM / SIGINT, and
 * with --exit-on-stdin-close when the parent's pipe closes (the parent died without signalling).
 */
export function stopOnSignals(shutdown, { exitOnStdinClose = false } = {}) {
  const stop = async () => {
    await shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (exitOnStdinClose) {
    process.stdin.once('close', stop);
    process.stdin.resume();
  }
}
