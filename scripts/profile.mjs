// `npm run profile -- <lock|poll|grid> [seconds]` (docs/performance.md, "Profiles"): the built API
// under one of the bench's loads, with the V8 sampling profiler, a GC observer and an event-loop-delay
// histogram on for the load only (scripts/profile-preload.cjs). Prints where the API's CPU went, by
// package and by function (self time), and writes the .cpuprofile for Chrome DevTools or speedscope.
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { cycles, httpCall, lockUnlock, login, register, scheduleBigEvent, seatOf, startProduct } from './bench-lib.mjs';
import { ROOT, buildApi, ensureInstalled } from './lib.mjs';

const [load = 'lock', secondsArg = '15'] = process.argv.slice(2);
const SECONDS = Number(secondsArg);
const LOADS = { lock: lockLoad, poll: pollLoad, grid: gridLoad };
if (!LOADS[load]) {
  console.error(`usage: npm run profile -- <${Object.keys(LOADS).join('|')}> [seconds]`);
  process.exit(2);
}

ensureInstalled();
buildApi();
const dir = mkdtempSync(join(tmpdir(), 'tessera-profile-'));
const out = join(process.env.PROFILE_DIR ?? tmpdir(), `tessera-${load}-${Date.now()}`);
const product = await startProduct(join(dir, 'data'), { nodeArgs: ['-r', join(ROOT, 'scripts', 'profile-preload.cjs')], env: { PROFILE_OUT: out } });
const signal = () => process.kill(product.pid, 'SIGWINCH');
try {
  const admin = await login(product.url, 'admin', 'admin123');
  const eventId = await scheduleBigEvent(admin, 'Profile 100x100');
  const count = await LOADS[load](product, eventId, signal);
  await waitFor(`${out}.json`);
  summarize(out, count);
} finally {
  await product.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function lockLoad(product, eventId, toggle) {
  const users = await Promise.all(Array.from({ length: 32 }, (_, i) => register(product.url, `profile${i}`)));
  for (let i = 0; i < 32; i++) await lockUnlock(users[i], eventId, seatOf(i)); // warm-up
  toggle();
  const run = await cycles(users, SECONDS, (u, i) => lockUnlock(u, eventId, seatOf(i)));
  toggle();
  const { lock, unlock } = run.commands;
  const commands = lock.count + unlock.count;
  console.log(`${commands} commands, ${Math.round(commands / SECONDS)}/s, ${run.non2xx} non-2xx; lock p50 ${lock.p50} / p99 ${lock.p99} ms, unlock p50 ${unlock.p50} / p99 ${unlock.p99} ms`);
  return { what: 'command', n: commands };
}

async function pollLoad(product, eventId, toggle) {
  const url = `${product.url}/api/events/${eventId}/seats/`;
  const pollers = await Promise.all(Array.from({ length: 1000 }, async () => ({ etag: (await httpCall(url, { headers: { 'accept-encoding': 'gzip' } })).headers.etag })));
  toggle();
  const deadline = Date.now() + SECONDS * 1000;
  let polls = 0;
  await Promise.all(pollers.map(async (p, i) => {
    await new Promise((r) => setTimeout(r, (i * 3000) / pollers.length));
    while (Date.now() < deadline) {
      const started = Date.now();
      const res = await httpCall(url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': p.etag } });
      p.etag = res.headers.etag ?? p.etag;
      polls++;
      await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - started))));
    }
  }));
  toggle();
  return { what: 'poll', n: polls };
}

async function gridLoad(product, eventId, toggle) {
  const url = `${product.url}/api/events/${eventId}/seats/`;
  await httpCall(url, { headers: { 'accept-encoding': 'gzip' } });
  toggle();
  const r = await autocannon({ url, connections: 32, duration: SECONDS, headers: { 'accept-encoding': 'gzip' } });
  toggle();
  return { what: 'read', n: r.requests.total };
}

async function waitFor(file) {
  for (let i = 0; i < 200; i++) {
    try {
      return readFileSync(file);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${file} was not written`);
}

/** Self time by package (or Node / V8 part) and by function, per unit of work. */
function summarize(base, { what, n }) {
  const profile = JSON.parse(readFileSync(`${base}.cpuprofile`, 'utf8'));
  const stats = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
  const self = new Map(profile.nodes.map((node) => [node.id, 0]));
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], self.get(profile.samples[i]) + (profile.timeDeltas[i] ?? 0) / 1000);
  const byPart = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id);
    if (node.callFrame.functionName === '(idle)') continue;
    total += ms;
    const part = partOf(node.callFrame);
    byPart.set(part, (byPart.get(part) ?? 0) + ms);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${place(node.callFrame)}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const per = (ms) => `${((ms / n) * 1000).toFixed(1)} µs/${what}`;
  const table = (map, limit) => [...map].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([k, ms]) => `  ${(100 * ms / total).toFixed(1).padStart(5)} %  ${per(ms).padStart(16)}  ${k}`).join('\n');
  console.log(`\n${n} ${what}s; on-CPU samples ${Math.round(total)} ms (${per(total)}); process CPU ${Math.round(stats.cpuMs.user + stats.cpuMs.system)} ms (user ${Math.round(stats.cpuMs.user)}, system ${Math.round(stats.cpuMs.system)}) over ${Math.round(stats.wallMs)} ms`);
  console.log(`event-loop delay: p50 ${stats.eventLoopDelayMs.p50} ms, p99 ${stats.eventLoopDelayMs.p99} ms, max ${stats.eventLoopDelayMs.max} ms`);
  console.log(`GC: ${Object.entries(stats.gc).map(([k, g]) => `${k} ${g.count} x, ${Math.round(g.totalMs)} ms, max ${g.maxMs.toFixed(1)} ms`).join('; ')}`);
  console.log(`RSS at the end ${Math.round(stats.memory.rss / 2 ** 20)} MB, heap used ${Math.round(stats.memory.heapUsed / 2 ** 20)} MB\n\nby part:\n${table(byPart, 25)}\n\nby function (self):\n${table(byFunction, 40)}`);
  const allocated = allocations(JSON.parse(readFileSync(`${base}.heapprofile`, 'utf8')));
  const bytes = [...allocated.values()].reduce((a, b) => a + b, 0);
  const kb = (b) => `${(b / n / 1024).toFixed(2)} KB/${what}`;
  console.log(`\nallocations (sampled), ${kb(bytes)} in all, by function:\n${[...allocated].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, b]) => `  ${(100 * b / bytes).toFixed(1).padStart(5)} %  ${kb(b).padStart(16)}  ${k}`).join('\n')}`);
  console.log(`\nprofiles: ${base}.cpuprofile, ${base}.heapprofile`);
}

/** Sampled bytes allocated by each function (the allocation's own frame), over the whole load. */
function allocations({ head, samples }) {
  const frames = new Map();
  const walk = (node) => {
    frames.set(node.id, `${node.callFrame.functionName || '(anonymous)'} ${place(node.callFrame)}`);
    node.children.forEach(walk);
  };
  walk(head);
  const bytes = new Map();
  for (const s of samples) bytes.set(frames.get(s.nodeId), (bytes.get(frames.get(s.nodeId)) ?? 0) + s.size);
  return bytes;
}

function partOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const file = url.replace(/^file:\/\//, '');
  return relative(ROOT, file).replace(/^dist\/apps\/api\//, '').split('/').slice(0, 4).join('/');
}

function place({ url, lineNumber }) {
  const m = /node_modules\/(.*)$/.exec(url);
  return `${m ? m[1] : url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}`;
}

