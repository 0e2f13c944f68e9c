/**
 * performance/load-tests: a service has load tests with real requests (k6, Artillery, Locust,
 * JMeter, Gatling, autocannon, vegeta/wrk/hey scripts), so its capacity and latency under load are
 * known before users find the limit. Skeleton scripts that send nothing earn partial credit. The
 * fix writes a k6 smoke test against the health endpoint with latency and error thresholds.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { createFileFix, outcome } from '../lib/util';
import { findLoadTests } from '../lib/loadtests';

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

export const rule: WorkspaceRule = {
  id: 'performance/load-tests',
  category: 'performance',
  severity: 'medium',
  level: 'production',
  title: 'Load tests measure the service under realistic traffic',
  rationale: 'Capacity limits, slow queries and connection-pool exhaustion only show under load; the seeds ask for k6, JMeter or Locust tests before launch.',
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
      return outcome.pass(real.slice(0, 5).map((t) => ({ message: `${t.tool} load test: ${t.request!.text.slice(0, 60)}`, file: t.file, line: t.request!.line })));
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
      fix: createFileFix('Create a k6 smoke load test (load-tests/smoke.js)', 'load-tests/smoke.js', K6_SCAFFOLD),
    }]);
  },
};
