// The fake model as its own process, so the benchmark's load generator, proxies and upstream
// do not share an event loop. Prints `listening <url>` once ready.
import { parseArgs } from 'node:util';
import { startFakeModel } from '../../dist/demo/index.js';
import { stopOnSignals } from '../lib/report.mjs';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'stream-chunks': { type: 'string', default: '20' },
    // The benchmark passes this so an orphaned child exits when the runner dies without cleanup.
    'exit-on-stdin-close': { type: 'boolean', default: false },
  },
});

// Recording off: millions of requests must not accumulate in memory.
const model = await startFakeModel({ host: values.host, port: Number(values.port), streamChunks: Number(values['stream-chunks']), record: false });
console.log(`listening ${model.url}`);

stopOnSignals(() => model.close(), { exitOnStdinClose: values['exit-on-stdin-close'] });
