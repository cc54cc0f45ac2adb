// Loaded into the API by `npm run profile` (node -r). SIGWINCH (a signal Nest's shutdown hooks
// leave alone) starts the V8 sampling profiler, sampled allocations, a GC observer and an
// event-loop-delay histogram; a second SIGWINCH stops them and writes PROFILE_OUT.cpuprofile,
// PROFILE_OUT.heapprofile and PROFILE_OUT.json. Set-up before the first signal stays out of them.
const fs = require('node:fs');
const inspector = require('node:inspector');
const { monitorEventLoopDelay, PerformanceObserver, constants } = require('node:perf_hooks');

const out = process.env.PROFILE_OUT;
const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
let running;

process.on('SIGWINCH', async () => {
  if (!running) {
    const gc = {};
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = kinds[e.detail?.kind ?? e.kind] ?? 'other';
        const k = (gc[kind] ??= { count: 0, totalMs: 0, maxMs: 0, over10ms: 0 });
        k.count++;
        k.totalMs += e.duration;
        k.maxMs = Math.max(k.maxMs, e.duration);
        if (e.duration > 10) k.over10ms++;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
    // Where the load allocates (every 32 KB on average, by stack): what the scavenges pay for.
    await post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    running = { gc, observer, delay, cpu: process.cpuUsage(), at: process.hrtime.bigint() };
    return;
  }
  const { profile } = await post('Profiler.stop');
  const { profile: heap } = await post('HeapProfiler.stopSampling');
  const { gc, observer, delay, cpu, at } = running;
  running = undefined;
  observer.disconnect();
  delay.disable();
  const used = process.cpuUsage(cpu);
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  fs.writeFileSync(`${out}.cpuprofile`, JSON.stringify(profile));
  fs.writeFileSync(`${out}.heapprofile`, JSON.stringify(heap));
  fs.writeFileSync(`${out}.json`, JSON.stringify({
    wallMs: Number(process.hrtime.bigint() - at) / 1e6,
    cpuMs: { user: used.user / 1000, system: used.system / 1000 },
    memory: process.memoryUsage(),
    gc,
    eventLoopDelayMs: { p50: ms(delay.percentile(50)), p90: ms(delay.percentile(90)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean) },
  }));
  process.stderr.write(`profile written to ${out}.cpuprofile\n`);
});
