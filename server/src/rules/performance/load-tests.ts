/**
 * performance/load-tests: a service has load tests with real requests (k6, Artillery, Locust,
 * JMeter, Gatling, autocannon, vegeta/wrk/hey scripts), so its capacity and latency under load are
 * known before users find the limit. Skeleton scripts that send nothing earn partial credit, and so do
 * real scripts that no CI job runs (a scheduled or manually started workflow counts: load tests are
 * rarely run on every push). The fix writes a k6 smoke test against the health endpoint with latency
 * and error thresholds, and a workflow that runs it by hand or weekly against `vars.STAGING_URL`.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { createFileFix, outcome } from '../lib/util';
import { PINNED } from '../lib/ci-scaffold';
import { findLoadTests, loadTestRuns } from '../lib/loadtests';
import { hitEvidence } from '../lib/ci-run';

/** The k6 script the fix creates; it passes load-tests and load-test-thresholds. */
export const K6_SCAFFOLD = `// k6 load test: run with \`k6 run -e BASE_URL=https://staging.example.com load-tests/smoke.js\`.
// Start with this smoke profile, then add scenarios for the main user journeys.
import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  stages: [
    { duration: '30s', target: 10 },
    { duration: '1m', target: 10 },
    { duration: '15s', target: 0 },
  ],
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500'],
  },
};

const BASE_URL = __ENV.BASE_URL || 'http://localhost:3000';

export default function () {
  const res = http.get(\`\${BASE_URL}/healthz\`);
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(1);
}
`;

/** The workflow the fix creates next to the k6 script: started by hand or weekly, against a staging URL. */
export const K6_WORKFLOW = `# Runs the k6 load test against staging, by hand or weekly.
# TODO: set the STAGING_URL repository variable to the environment this test may load.
name: Load test
on:
  workflow_dispatch:
  schedule:
    - cron: '0 4 * * 1'
permissions:
  contents: read
concurrency:
  group: load-test
  cancel-in-progress: false
jobs:
  k6:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    env:
      BASE_URL: \${{ vars.STAGING_URL }}
    steps:
      - uses: ${PINNED.checkout}
        with:
          persist-credentials: false
      - run: docker run --rm -i -e BASE_URL grafana/k6:0.54.0 run - < load-tests/smoke.js
`;

export const rule: WorkspaceRule = {
  id: 'performance/load-tests',
  category: 'performance',
  severity: 'medium',
  level: 'production',
  title: 'Load tests measure the service under realistic traffic',
  rationale: 'Capacity limits, slow queries and connection-pool exhaustion only show under load; the seeds ask for k6, JMeter or Locust tests before launch.',
  roadmap: [
    { topic: 'load tests', match: /load[- ]test|stress[- ]test|performance test|soak test|\bk6\b|jmeter|locust|artillery|gatling/, rank: 290 },
    { topic: 'capacity under load', match: /baseline performance|capacity limits|under load|bottleneck|stress testing|scalability testing|maximum capacity/, rank: 1000 },
  ],
  fixable: true,
  scope: 'workspace',
  enforcedByCi: true,
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const tests = findLoadTests(ws);
    const real = tests.filter((t) => t.request);
    if (real.length) {
      const evidence = real.slice(0, 5).map((t) => ({ message: `${t.tool} load test: ${t.request!.text.slice(0, 60)}`, file: t.file, line: t.request!.line }));
      const ran = loadTestRuns(ws, real);
      if (ran.length > 0) return outcome.pass([...evidence, ...hitEvidence(ran, 'CI runs load tests', 3)]);
      const t = real[0];
      return outcome.partial(0.5, [{
        message: `${t.file} (${t.tool}) is a load test, but no CI job runs it: run it from a scheduled or pre-release workflow against staging so capacity regressions are seen`,
        file: t.file,
        range: { start: { line: t.request!.line - 1, character: 0 }, end: { line: t.request!.line - 1, character: 0 } },
        data: { notRunInCi: true },
      }], evidence);
    }
    if (tests.length) {
      const t = tests[0];
      return outcome.partial(0.3, [{
        message: `${t.file} is a ${t.tool} script that sends no request: script the main user journeys with realistic data and think time`,
        file: t.file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }], [{ message: `${t.tool} script`, file: t.file }]);
    }
    return outcome.fail([{
      message: 'no load tests: write a k6 (or Artillery, Locust) script for the main endpoints, run it against staging and record the throughput and latency it sustains',
      file: null,
      fix: ws.exists('.github/workflows/load-test.yml')
        ? createFileFix('Create a k6 smoke load test (load-tests/smoke.js)', 'load-tests/smoke.js', K6_SCAFFOLD)
        : {
          title: 'Create a k6 smoke load test (load-tests/smoke.js) and a workflow that runs it',
          changes: [...createFileFix('', 'load-tests/smoke.js', K6_SCAFFOLD).changes, ...createFileFix('', '.github/workflows/load-test.yml', K6_WORKFLOW).changes],
        },
    }]);
  },
};
