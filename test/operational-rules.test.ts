/**
 * Tests of the testing, observability, documentation, operations, reliability and performance rules
 * beyond their fixtures:
 * - what the scaffolds write: for every rule whose fix creates a file (runbook, incident response,
 *   deployment, disaster recovery, architecture, changelog, contributing, alerts, k6 load test,
 *   .env.example), apply the fix to a bare service; a document scaffold's TODO prompts must leave
 *   the rule open and say so, and once the prompts are filled in, the rule and the related rules the
 *   scaffold also serves must pass;
 * - the rules never throw on hostile input (invalid JSON and YAML, empty and huge files, CR line
 *   endings, alias bombs).
 */
import * as assert from 'node:assert/strict';
import { applyFixes } from '../server/src/core/fixes';
import { auditFiles } from './helpers';
import { allRules } from '../server/src/rules';

/** A bare HTTP service with a database that reads two environment variables. */
const SERVICE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'orders', dependencies: { express: '^4.19.2', pg: '^8.11.0' } }, null, 2),
  'src/server.js': "const express = require('express');\n\nconst app = express();\napp.listen(process.env.PORT || 3000);\nconst db = process.env.DATABASE_URL;\n",
  // CI that runs the tests and the load test, so that the checks enforced by CI can pass.
  '.github/workflows/ci.yml': 'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n      - run: k6 run load-tests/smoke.js\n',
};

/** Rule whose fix creates the file → other rules the created file also satisfies. */
const SCAFFOLDS: [string, string[]][] = [
  ['ops/runbook', ['ops/deployment-docs', 'ops/incident-response', 'reliability/rollback']],
  ['ops/incident-response', []],
  ['ops/deployment-docs', ['reliability/rollback']],
  ['reliability/disaster-recovery', []],
  ['docs/architecture', []],
  ['docs/changelog', []],
  ['docs/contributing', []],
  ['observability/alert-rules', []],
  ['performance/load-tests', ['performance/load-test-thresholds']],
  ['ops/env-config-documented', []],
];

/** What a team does with a scaffold: each paragraph marked TODO replaced by its own concrete text. */
function fillIn(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => (/^\s*(?:[-*]\s+)?TODO:/.test(p) ? `${p.replace(/TODO:\s*/g, '').trimEnd()} Owner: @payments-oncall; run \`make deploy\` and \`make test\`; answer within 15 minutes.` : p))
    .join('\n\n');
}

describe('operational scaffolds are unfilled until the team fills them, then pass the rules that create them', () => {
  for (const [ruleId, also] of SCAFFOLDS) {
    it(`${ruleId}${also.length ? ` (and ${also.join(', ')})` : ''}`, async () => {
      const before = await auditFiles(SERVICE, [ruleId]);
      const fixes = before.findings.filter((f) => f.ruleId === ruleId && f.fix).map((f) => f.fix!);
      assert.ok(fixes.length > 0, `${ruleId} offers no fix on a bare service`);
      const applied = applyFixes(fixes, (p) => SERVICE[p]);
      assert.ok(applied.created.length > 0, 'the fix creates a file');
      const scaffolded = [...applied.files.values()].some((t) => /^\s*(?:[-*]\s+)?TODO:/m.test(t));
      const after = await auditFiles({ ...SERVICE, ...Object.fromEntries(applied.files) }, [ruleId, ...also]);
      if (scaffolded) {
        // A scaffold's prompts earn nothing: the check stays open and says what is left to fill in.
        const check = after.checks.find((c) => c.ruleId === ruleId);
        assert.notEqual(check?.status, 'pass', `${ruleId} must not pass on its own scaffold`);
        assert.match(check?.findings.map((f) => f.message).join('; ') ?? '', /TODO|fill/, `${ruleId} must say the scaffold is unfilled`);
      }
      const filled = Object.fromEntries([...applied.files].map(([p, t]) => [p, scaffolded ? fillIn(t) : t]));
      const done = await auditFiles({ ...SERVICE, ...filled }, [ruleId, ...also]);
      for (const id of [ruleId, ...also]) {
        const check = done.checks.find((c) => c.ruleId === id);
        assert.equal(check?.status, 'pass', `${id} after the ${ruleId} scaffold${scaffolded ? ' was filled in' : ''}: ${check?.findings.map((f) => f.message).join('; ')}`);
      }
    });
  }
});

/** The rule ids of the six operational categories. */
const OPERATIONAL = allRules.filter((r) => /^(testing|observability|docs|ops|reliability|performance)\//.test(r.id)).map((r) => r.id);

describe('operational rules on hostile input', () => {
  const long = 'x'.repeat(200_000);
  const cases: Record<string, Record<string, string>> = {
    'invalid manifests': {
      'package.json': '{ "name": "svc", "dependencies": { "express": ',
      'pyproject.toml': '[tool.coverage.report\nfail_under = ',
      'go.mod': 'module',
      'src/server.js': "app.get('/health'",
      'openapi.yaml': 'openapi: [\n  - {',
      'monitoring/alerts.yml': 'groups:\n  - alert: [',
      'dashboards/api.json': '{ "panels": [',
    },
    'empty files': { 'package.json': '{}', 'README.md': '', 'docs/RUNBOOK.md': '', 'LICENSE': '', 'CHANGELOG.md': '', 'docs/DISASTER_RECOVERY.md': '', '.env.example': '', 'jest.config.js': '' },
    'huge lines and CR endings': {
      'package.json': JSON.stringify({ name: 'svc', dependencies: { express: '1', pg: '1' }, scripts: { test: long } }),
      'src/server.js': `app.get("/${long}")\r${'process.env.' + long}\r`,
      'docs/RUNBOOK.md': `# Runbook\r\r## Deployment\r\r${long}\r`,
      'load/script.js': `import http from 'k6/http';\r${long}`,
      'Makefile': `test:${long}`,
    },
    'alias bomb': { 'package.json': '{"name":"svc","dependencies":{"express":"1"}}', 'openapi.yaml': 'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\nopenapi: 3.0.0\n' },
  };
  for (const [name, files] of Object.entries(cases)) {
    it(name, async () => {
      const report = await auditFiles(files, OPERATIONAL);
      const failures = report.notes.filter((n) => /rule .* failed/.test(n.message));
      assert.deepEqual(failures, [], 'no rule may throw');
      assert.equal(report.checks.length, OPERATIONAL.length);
    });
  }
});
