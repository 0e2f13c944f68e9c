// Preloaded with `node -r bench/peak.cjs` into every process the benchmark times: on exit it writes
// the process's peak resident set size (MB) and CPU time (user + system, ms) as JSON to the file
// named by BENCH_PEAK_FILE. CPU time is what the ratios use on a loaded machine, where wall-clock
// time mostly measures the neighbours.
const fs = require('node:fs');
const out = process.env.BENCH_PEAK_FILE;
if (out) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      fs.writeFileSync(out, JSON.stringify({ peakMB: u.maxRSS / 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
    } catch {
      /* nothing to report */
    }
  });
}
