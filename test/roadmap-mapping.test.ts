/**
 * Roadmap mapping tests: typical roadmap items map to the rules that give evidence for them, and
 * items no check covers stay unmapped rather than guessed. That the table names only rules that exist
 * is checked with every other place rule ids are named, in `test/rule-ids.test.ts`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/rules';
import { CATEGORIES } from '../server/src/core/types';
import { CATEGORY_LABELS, categoryOfLabel, mapItem as mapItemIn, mappingTable, registryOf } from '../server/src/roadmap/mapping';
import { parseRoadmap, type RoadmapItem } from '../server/src/roadmap/parse';
import { seedDirs } from './roadmap-parse.test';

const registry = registryOf(allRules);
const table = mappingTable(allRules);
const mapItem = (i: RoadmapItem, reg = registry) => mapItemIn(i, reg, table);

function item(text: string, extra: Partial<RoadmapItem> = {}): RoadmapItem {
  return {
    line: 0, text, headings: [], status: 'open', mark: 'checkbox', markSpan: { start: 2, end: 5 }, markLine: 0, markText: '[ ]',
    kind: 'task', negative: /^no\b/i.test(text), refs: [], manual: false, detail: '', ...extra,
  };
}

describe('roadmap mapping', () => {
  it('has a category for every scorecard label it knows', () => {
    for (const c of CATEGORY_LABELS) assert.ok(CATEGORIES.includes(c.category), c.category);
  });

  const cases: [string, string[]][] = [
    ['Create multi-stage Dockerfile', ['docker/multi-stage-build']],
    ['Create `Dockerfile`', ['docker/dockerfile-present']],
    ['Container runs as a non-root user', ['docker/non-root-user']],
    ['Dockerfile hardened', ['docker/non-root-user', 'docker/healthcheck']],
    ['Add .env.example', ['security/env-example', 'ops/env-config-documented']],
    ['Create `.gitignore` File', ['security/gitignore-env']],
    ['Eliminated hardcoded secrets vulnerability', ['security/no-hardcoded-secrets']],
    ['Added comprehensive dependency security scanning', ['security/dependency-scanning-ci']],
    ['Implement container security scanning', ['security/container-scanning-ci']],
    ['Improve Content Security Policy', ['security/csp-no-unsafe']],
    ['Rate limiting (per IP, per user)', ['security/rate-limiting']],
    ['Prometheus + Grafana', ['observability/metrics', 'observability/dashboards']],
    ['Set Up Prometheus and Grafana', ['observability/metrics', 'observability/dashboards']],
    ['CI runs the tests on every pull request', ['ci/runs-tests', 'ci/runs-on-pull-request']],
    ['GitHub Actions CI (testing)', ['ci/runs-tests']],
    ['CI pipeline (lint, typecheck, test)', ['ci/runs-tests', 'ci/runs-lint']],
    ['Set Up Linting and Formatting', ['quality/linter', 'quality/formatter']],
    ['Add pre-commit hooks with Husky', ['quality/pre-commit']],
    ['GitHub Actions workflow on every push', ['ci/workflow-present']],
    ['Automated Docker image builds', ['ci/builds-image']],
    ['Operations runbook (common tasks)', ['ops/runbook']],
    ['Incident response procedures', ['ops/incident-response']],
    ['Disaster recovery plan', ['reliability/disaster-recovery']],
    ['Automated backups (scheduled database backups)', ['reliability/backups']],
    ['Load testing with k6', ['performance/load-tests']],
    ['80%+ code coverage', ['testing/coverage-threshold']],
    ['Add End-to-End Tests', ['testing/e2e']],
    ['Health check endpoint (`/health`)', ['observability/health-endpoint']],
    ['Centralized error tracking (Sentry)', ['observability/error-tracking']],
    ['Structured JSON logging', ['observability/structured-logging']],
    ['Alerting (AlertManager, PagerDuty integration)', ['observability/alert-rules']],
    ['API documentation (OpenAPI/Swagger)', ['docs/api']],
    ['Kubernetes manifests (Deployments, Services)', ['k8s/probes']],
    ['No metrics collection (Prometheus)', ['observability/metrics']],
    ['JWT-based authentication', ['security/authentication']],
    ['Role-based access control (RBAC)', ['security/authorization']],
    ['Session management', ['security/session-cookies']],
    ['SSL/TLS termination (HTTPS only)', ['security/https-enforced', 'k8s/ingress-tls']],
    ['Basic CORS configuration', ['security/cors-credentials']],
    ['Input validation and sanitization (SQL injection, XSS prevention)', ['security/input-validation']],
    ['Request size limits', ['security/request-size-limit']],
    ['Multi-instance deployment (multiple API containers)', ['k8s/replicas']],
    ['High Availability', ['k8s/replicas', 'k8s/pod-disruption-budget', 'k8s/spread']],
    ['Horizontal Pod Autoscaling (HPA)', ['k8s/autoscaling']],
    ['Ingress controller configuration', ['k8s/ingress-tls']],
    ['Secrets management (Docker secrets, Kubernetes secrets, Vault)', ['k8s/no-plain-secrets']],
    ['Rotate default keys', ['compose/no-default-credentials', 'k8s/helm-no-default-credentials']],
    ['Connection pooling configuration', ['reliability/db-connection-pool']],
    ['Configuration validation on startup', ['ops/config-validated']],
    ['Data retention policies (how long to keep NetFlow data)', ['reliability/data-retention']],
    ['Log rotation', ['observability/log-rotation']],
    ['Comprehensive GDPR compliance framework', ['security/personal-data-documented']],
    ['CODEOWNERS for every service', ['ops/codeowners']],
    ['Escalation procedures', ['ops/escalation-contact']],
    ['KPIs with targets', ['ops/slo']],
  ];
  for (const [text, want] of cases) {
    it(`maps "${text}"`, () => {
      const m = mapItem(item(text), registry);
      for (const id of want) assert.ok(m.rules.includes(id), `${text} → ${m.rules.join(', ') || 'nothing'}, expected ${id}`);
      assert.notEqual(m.via, 'none');
    });
  }
  for (const text of ['Translate the error messages', 'Pick a product name', 'Environment-specific configs (dev, staging, prod)']) {
    it(`leaves "${text}" unmapped`, () => assert.deepEqual(mapItem(item(text), registry), { rules: [], topics: [], via: 'none' }));
  }
  const manual: [string, RegExp][] = [
    ['Post-Quantum Cryptography - DILITHIUM-3 implementation', /product feature/],
    ['Multi-tenancy support', /product feature/],
    ['Security audit passed', /audit, review or sign-off/],
    ['Consider TimescaleDB for time-series optimization', /option to weigh/],
    ['Circuit breakers', /idempotency/],
    ['Managed database service (RDS, Cloud SQL, etc.)', /outside this repository/],
    ['Cost optimization', /bill/],
  ];
  for (const [text, why] of manual) {
    it(`marks "${text}" manual with a reason`, () => {
      const m = mapItem(item(text), registry);
      assert.equal(m.via, 'manual');
      assert.deepEqual(m.rules, []);
      assert.match(m.reason ?? '', why);
    });
  }
  it('never lets a manual reason hide a check', () => {
    // "Database Optimization" with nested "Connection pooling" maps to the pooling check.
    const m = mapItem(item('Database Optimization', { detail: ' Add missing indexes Connection pooling' }), registry);
    assert.ok(m.rules.includes('reliability/db-connection-pool'), m.rules.join());
    assert.equal(mapItem(item('Rate limiting and retries'), registry).via, 'text');
  });
  it('prefers rule ids named on the line, and honours manual items', () => {
    assert.deepEqual(mapItem(item('Whatever words', { refs: ['docker/healthcheck'] }), registry).rules, ['docker/healthcheck']);
    assert.equal(mapItem(item('Runbook', { refs: ['nope/unknown'] }), registry).rules[0], 'ops/runbook');
    assert.equal(mapItem(item('Runbook', { manual: true }), registry).via, 'manual');
  });
  it('falls back to the lines nested under an item', () => {
    const m = mapItem(item('Monitoring & Alerting Stack X', { detail: ' Prometheus metrics' }), registry);
    assert.ok(m.rules.includes('observability/alert-rules'), m.rules.join());
    const d = mapItem(item('Misc', { detail: ' Prometheus metrics endpoint' }), registry);
    assert.equal(d.via, 'detail');
    assert.ok(d.rules.includes('observability/metrics'));
  });
  it('reads scorecard labels as categories', () => {
    const want: [string, string | undefined][] = [
      ['Infrastructure', 'containers'], ['Deployment', 'ci-cd'], ['CI/CD', 'ci-cd'], ['Monitoring', 'observability'], ['Security', 'security'],
      ['Documentation', 'documentation'], ['Testing', 'testing'], ['Disaster Recovery', 'reliability'], ['Code quality', 'quality'],
      ['Operations', 'operations'], ['Performance', 'performance'], ['Database', undefined], ['Roadmap accuracy', undefined], ['Application Code', undefined],
    ];
    for (const [label, cat] of want) assert.equal(categoryOfLabel(label), cat, label);
  });
  describe('seeds', () => {
    const dirs = seedDirs();
    before(function () {
      if (dirs.length === 0) this.skip();
    });
    for (const dir of dirs) {
      for (const f of fs.readdirSync(dir).filter((x) => !x.startsWith('.'))) {
        it(`maps items of ${f}`, () => {
          const doc = parseRoadmap(f, fs.readFileSync(path.join(dir, f), 'utf8'));
          const mapped = doc.items.filter((i) => mapItem(i, registry).via !== 'none');
          assert.ok(mapped.length > 0, 'some items map to checks');
        });
      }
    }
  });
});
