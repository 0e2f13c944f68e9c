// Per-rule time of a whole audit, to find what to profile: node bench/rule-times.mjs <dir> [top]
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const engine = require(path.join(HERE, '.work', 'engine.cjs'));
const dir = process.argv[2] ?? path.join(HERE, '.work', 'mono-20000');
const top = Number(process.argv[3] ?? 25);
let t0 = performance.now();
const c0 = process.cpuUsage();
const ws = engine.Workspace.load(dir);
console.log(`walk CPU ${((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000).toFixed(0)} ms`);
const walkMs = performance.now() - t0;
const times = [];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let last = cpu();
const cpu0 = last;
t0 = performance.now();
const report = await engine.audit({
  ws,
  now: new Date('2026-06-01T12:00:00Z'),
  onProgress: (_d, _t, id) => {
    const now = cpu();
    times.push([id, now - last]);
    last = now;
  },
});
const total = performance.now() - t0;
console.log(`walk ${walkMs.toFixed(0)} ms, audit ${total.toFixed(0)} ms wall / ${(cpu() - cpu0).toFixed(0)} ms CPU, ${ws.files.length} files, ${ws.readCount} read, ${report.findings.length} findings, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
console.log('CPU ms per rule (the first rule to touch a file pays for reading and parsing it):');
for (const [id, ms] of times.sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${id}`);
