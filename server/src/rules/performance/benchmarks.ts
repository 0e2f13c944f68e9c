/**
 * performance/benchmarks: hot code paths have micro-benchmarks that catch performance regressions:
 * Go `func BenchmarkXxx`, Rust criterion or `#[bench]`, pytest-benchmark or asv, benchmark.js,
 * tinybench, mitata or Vitest `bench()`, JMH `@Benchmark`, BenchmarkDotNet, Ruby benchmark-ips.
 * A `bench/` folder without a recognisable benchmark earns half the credit. Benchmarks that no CI job
 * runs (`go test -bench`, `cargo bench`, `asv run`, `vitest bench`, github-action-benchmark, CodSpeed...;
 * any trigger counts) earn half of their credit: a regression nobody measures is not caught.
 */
import type { WorkspaceRule } from '../../core/types';
import { PRODUCT_KINDS } from '../../core/types';
import { isTemplatePath, outcome } from '../lib/util';
import { firstHit, type Hit, sourcePaths } from '../lib/evidence';
import type { Workspace } from '../../core/workspace';
import { findRuns, hitEvidence, type CiHit } from '../lib/ci-run';
import { BENCH_RUN, TEST_SPEC } from '../lib/ci-checks';

/** CI runs that run the benchmarks; pytest-benchmark benchmarks in test files run with the test suite. */
function benchRuns(ws: Workspace, file: string | undefined): CiHit[] {
  const hits = findRuns(ws, BENCH_RUN);
  if (hits.length > 0 || !file || !/(?:^|\/)test_[^/]*\.py$/.test(file)) return hits;
  return findRuns(ws, TEST_SPEC).filter((h) => /\bpytest\b|py\.test/.test(h.run.text));
}

const BENCH = /^func\s+Benchmark\w*\s*\(\s*\w+\s+\*testing\.B\)|criterion_group!|#\[bench\]|\bdef\s+test_\w*\([^)]*\bbenchmark\b|\bbenchmark\.pedantic\(|\bnew\s+Benchmark\.Suite\b|\bnew\s+Bench\s*\(|\bbench\s*\(\s*['"`]|@Benchmark\b|\[Benchmark(?:\(|\])|BenchmarkRunner\.Run|Benchmark\.(?:ips|bm|bmbm|realtime|measure)\b|\btime_\w+\s*\(self|\bb\.iter\(/m;
const PLACE = /(?:^|\/)(?:bench(?:es|marks?)?|perf)\/|_bench(?:_test)?\.go$|_test\.go$|\.bench\.[cm]?[jt]sx?$|bench[\w-]*\.[cm]?[jt]s$|(?:^|\/)test_[^/]*\.py$|Benchmark[s]?\.(?:java|kt|cs)$|(?:^|\/)src\/jmh\//;

export const rule: WorkspaceRule = {
  id: 'performance/benchmarks',
  category: 'performance',
  severity: 'low',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'Benchmarks guard performance-critical code',
  rationale: 'Performance regressions creep in one innocent change at a time; benchmarks of the hot paths make them visible in review and CI.',
  roadmap: [{ topic: 'benchmarks', match: /benchmark/, rank: 300 }],
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts) {
    return facts.stacks.length > 0 || 'no code to benchmark';
  },
  check({ ws }) {
    const asv = ws.findFile(['asv.conf.json']);
    const notRun = (what: string, file: string, line: number, credit: number, evidence: { message: string; file?: string; line?: number }[]) => outcome.partial(credit, [{
      message: `${what}, but no CI job runs them: run them in CI (\`go test -bench\`, \`cargo bench\`, \`asv continuous\`, github-action-benchmark or CodSpeed) so a regression shows in review`,
      file,
      range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } },
      data: { notRunInCi: true },
    }], evidence);
    if (asv) {
      const ran = benchRuns(ws, undefined);
      const ev = [{ message: 'airspeed velocity (asv) benchmark suite', file: asv }];
      return ran.length > 0 ? outcome.pass([...ev, ...hitEvidence(ran, 'CI runs benchmarks', 2)]) : notRun(`an asv benchmark suite exists (${asv})`, asv, 1, 0.5, ev);
    }
    const candidates = sourcePaths(ws).filter((p) => PLACE.test(p) && !isTemplatePath(p));
    let folderFile: string | undefined;
    let found: Hit | undefined;
    for (const p of candidates.slice(0, 1500)) {
      const f = ws.read(p);
      if (!f) continue;
      if (/(?:^|\/)bench(?:es|marks?)?\//.test(p)) folderFile ??= p;
      if (/_test\.go$/.test(p) && !f.text.includes('testing.B')) continue;
      const hit = firstHit(f, BENCH);
      if (hit) {
        found = hit;
        break;
      }
    }
    if (found) {
      const ev = [{ message: `benchmark: ${found.text.slice(0, 80)}`, file: found.file, line: found.line }];
      const ran = benchRuns(ws, found.file);
      if (ran.length > 0) return outcome.pass([...ev, ...hitEvidence(ran, 'CI runs benchmarks', 2)]);
      return notRun(`benchmarks exist (${found.file}:${found.line})`, found.file, found.line, 0.5, ev);
    }
    if (folderFile) {
      return outcome.partial(0.5, [{
        message: `${folderFile} sits in a benchmark folder but defines no benchmark a tool can run: use the stack's harness (Go testing.B, criterion, pytest-benchmark, tinybench, JMH) so results are comparable`,
        file: folderFile,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }], [{ message: 'benchmark folder', file: folderFile }]);
    }
    return outcome.fail([{ message: 'no benchmarks: add benchmarks for the hot paths (Go `func BenchmarkXxx`, criterion, pytest-benchmark, tinybench or Vitest `bench`, JMH) and compare them in CI', file: null }]);
  },
};
