/**
 * performance/load-test-thresholds: load tests state pass/fail criteria (k6 `thresholds`, Artillery
 * `ensure`, Gatling `assertions`, Locust exit-code checks, JMeter assertions), so that a run fails
 * when latency or errors exceed the objective instead of producing numbers nobody reads. Not
 * applicable until load tests exist (performance/load-tests covers that). Criteria gate nothing when
 * no CI job runs the load tests, so they then earn half the credit.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { findLoadTests, loadTestRuns } from '../lib/loadtests';

/** How each tool states pass/fail criteria. */
const HINT: Record<string, string> = {
  k6: "k6 `thresholds: { http_req_failed: ['rate<0.01'], http_req_duration: ['p(95)<500'] }`",
  Artillery: 'Artillery `ensure: { p95: 500, maxErrorRate: 1 }`',
  Locust: 'a Locust `quitting` listener that sets `environment.process_exit_code = 1` when `fail_ratio` or `avg_response_time` is too high',
  JMeter: 'JMeter Duration and Response assertions',
  Gatling: 'Gatling `.assertions(global().responseTime().percentile(95).lt(500), global().failedRequests().percent().lt(1))`',
};

export const rule: WorkspaceRule = {
  id: 'performance/load-test-thresholds',
  category: 'performance',
  severity: 'low',
  level: 'production',
  title: 'Load tests fail when latency or error objectives are missed',
  rationale: 'A load test without thresholds always "passes"; explicit latency and error-rate criteria turn it into a regression gate that can run in CI before each release.',
  scope: 'workspace',
  enforcedByCi: true,
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const tests = findLoadTests(ws).filter((t) => t.request);
    if (tests.length === 0) return outcome.na('no load tests yet (see performance/load-tests)');
    const gated = tests.filter((t) => t.thresholds);
    const ran = loadTestRuns(ws, tests).length > 0;
    if (gated.length === tests.length) {
      const evidence = gated.slice(0, 5).map((t) => ({ message: `${t.tool} criteria: ${t.thresholds!.text.slice(0, 60)}`, file: t.file, line: t.thresholds!.line }));
      if (ran) return outcome.pass(evidence);
      return outcome.partial(0.5, [{
        message: `the load tests state pass/fail criteria (${gated[0].file}), but no CI job runs them, so the criteria gate nothing: run the load tests from a scheduled or pre-release workflow`,
        file: gated[0].file,
        range: { start: { line: gated[0].thresholds!.line - 1, character: 0 }, end: { line: gated[0].thresholds!.line - 1, character: 0 } },
        data: { notRunInCi: true },
      }], evidence);
    }
    const open = tests.filter((t) => !t.thresholds);
    const findings = open.slice(0, 5).map((t) => ({
      message: `${t.file} (${t.tool}) has no pass/fail criteria: add criteria for the error rate and p95 latency (${HINT[t.tool] ?? 'exit non-zero when p95 latency or the error rate exceeds the objective'})`,
      file: t.file,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    }));
    const evidence = gated.map((t) => ({ message: `${t.tool} criteria`, file: t.file, line: t.thresholds!.line }));
    return gated.length ? outcome.partial((gated.length / tests.length) * (ran ? 1 : 0.5), findings, evidence) : outcome.fail(findings, evidence);
  },
};
