/**
 * Recognises load test scripts of the common tools (k6, Artillery, Locust, JMeter, Gatling,
 * autocannon, vegeta, wrk, hey) and tells scripts with real requests from empty skeletons. Shared
 * by performance/load-tests and performance/load-test-thresholds.
 */
import type { Workspace } from '../../core/workspace';
import { isTemplatePath } from './util';
import { firstHit, type Hit } from './evidence';
import { ciRuns, findRuns, type CiHit } from './ci-run';
import { LOAD_TEST_RUN } from './ci-checks';

/** A load test script found in the workspace. */
export interface LoadTest {
  tool: string;
  file: string;
  /** Where the script makes its first request, when it makes any. */
  request?: Hit;
  /** Where the script declares pass/fail criteria, when it does. */
  thresholds?: Hit;
}

interface Tool {
  tool: string;
  path: RegExp;
  marker: RegExp;
  request: RegExp;
  thresholds: RegExp;
}

const LOADISH = /load|perf|stress|soak|spike|k6|artillery|locust|gatling|jmeter|benchmark|bench|capacity/i;
const TOOLS: Tool[] = [
  { tool: 'k6', path: /\.[cm]?[jt]s$/, marker: /from\s+['"]k6(?:\/[\w-]+)?['"]|require\(\s*['"]k6(?:\/[\w-]+)?['"]\s*\)/, request: /\bhttp\.(?:get|post|put|patch|del|request|batch|asyncRequest)\s*\(|\bnew\s+WebSocket\(|\bws\.connect\(|\bgrpc\.Client\(|\bbrowser\.newPage\(/, thresholds: /\bthresholds\s*:/ },
  { tool: 'Artillery', path: /\.ya?ml$/, marker: /^config:\s*$[\s\S]{0,2000}?^\s+target:|^scenarios:/m, request: /^\s*-\s*(?:get|post|put|patch|delete|emit|connect|send):/m, thresholds: /\bensure:|\bexpect:|maxErrorRate|\bp9[59]:\s*\d/ },
  { tool: 'Locust', path: /\.py$/, marker: /from\s+locust\s+import|import\s+locust\b/, request: /self\.client\.(?:get|post|put|patch|delete|request)\(/, thresholds: /process_exit_code|--check-fail-ratio|--check-avg-response-time|fail_ratio|avg_response_time/ },
  { tool: 'JMeter', path: /\.jmx$/, marker: /<jmeterTestPlan/, request: /<HTTPSamplerProxy|<HTTPSampler\b|<(?:JDBC|TCP|JMS)Sampler/, thresholds: /<(?:ResponseAssertion|DurationAssertion|JSONPathAssertion)\b/ },
  { tool: 'Gatling', path: /\.(?:scala|java|kt|[cm]?[jt]s)$/, marker: /extends\s+Simulation\b|:\s*Simulation\(\)|@gatling\.io\/core|io\.gatling/, request: /\bhttp\(\s*["'][^"']*["']\s*\)\s*\.(?:get|post|put|patch|delete)\(/, thresholds: /\.assertions\(|assertions\(/ },
  { tool: 'autocannon', path: /\.[cm]?[jt]s$/, marker: /require\(\s*['"]autocannon['"]\s*\)|from\s+['"]autocannon['"]/, request: /autocannon\(\s*\{[\s\S]{0,200}?url\s*:/, thresholds: /\b(?:errors|non2xx|latency\.p\d+)\s*[><]/ },
  { tool: 'vegeta/wrk/hey', path: /\.(?:sh|bash)$|(?:^|\/)Makefile$/, marker: /\bvegeta\s+attack\b|\bwrk\s+-[tcd]|\bhey\s+-[nzc]|\bk6\s+run\b|\bartillery\s+run\b|\blocust\s+-f\b/, request: /https?:\/\/|\$\{?\w*(?:URL|HOST|TARGET)\w*\}?/, thresholds: /\bif\b[^\n]*(?:-gt|-lt|>|<)|--check-fail-ratio|exit\s+1/ },
];

/** The load test scripts of a workspace (reads only files whose path suggests load testing, or `.jmx`). */
export function findLoadTests(ws: Workspace, limit = 20): LoadTest[] {
  const out: LoadTest[] = [];
  for (const p of ws.files) {
    if (isTemplatePath(p)) continue;
    const base = p.slice(p.lastIndexOf('/') + 1);
    const candidate = LOADISH.test(p) || /^locustfile[\w-]*\.py$/.test(base) || /\.jmx$/.test(base) || /Simulation\.(?:scala|java|kt)$/.test(base);
    if (!candidate || /node_modules|\.lock$|lock\.json$/.test(p)) continue;
    const tools = TOOLS.filter((t) => t.path.test(p));
    if (!tools.length) continue;
    const f = ws.read(p);
    if (!f) continue;
    for (const t of tools) {
      if (!t.marker.test(f.text)) continue;
      out.push({ tool: t.tool, file: p, request: firstHit(f, t.request), thresholds: firstHit(f, t.thresholds) });
      break;
    }
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The CI runs that run load tests: a load tool (k6 run, artillery run, locust...) or an action, or any
 * command that names one of the given scripts or reaches it through what it calls. Any trigger counts.
 */
export function loadTestRuns(ws: Workspace, tests: LoadTest[]): CiHit[] {
  const hits = findRuns(ws, LOAD_TEST_RUN);
  if (hits.length > 0) return hits;
  const files = new Set(tests.map((t) => t.file));
  const bases = [...files].map((f) => f.slice(f.lastIndexOf('/') + 1));
  return ciRuns(ws)
    .filter((r) => r.chain.some((l) => files.has(l.file)) || (r.kind !== 'config' && bases.some((b) => r.text.includes(b))))
    .map((run) => ({ run, tool: 'load test', what: run.text }));
}
