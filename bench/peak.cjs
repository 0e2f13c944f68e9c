// Preloaded with `node -r bench/peak.cjs` into every process the benchmark times: on exit it writes
// the process's peak resident set size (MB) to the file named by BENCH_PEAK_FILE.
const fs = require('node:fs');
const out = process.env.BENCH_PEAK_FILE;
if (out) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(out, String(process.resourceUsage().maxRSS / 1024));
    } catch {
      /* nothing to report */
    }
  });
}
