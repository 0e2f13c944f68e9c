/**
 * testing/integration-tests: a service or a project with a database has integration tests that
 * exercise real collaborators (the database, the HTTP layer), recognised by folder (`integration/`,
 * `src/integrationTest`, `src/it`), by name (`*.integration.test.ts`, `*_integration_test.go`,
 * `test_integration_*.py`, `*IT.java`), by build tag or marker, or by Testcontainers. Integration
 * files without a single test case earn partial credit.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Stack } from '../../core/facts';
import { isTemplatePath, outcome } from '../lib/util';
import { depsMatching, firstHit, type Hit, scanPaths, sourcePaths } from '../lib/evidence';
import { stackOfPath, TEST_CASE } from '../lib/test-cases';

const BY_NAME = /(?:^|\/)_?(?:integration|integration[-_]tests?|integration[-_]spec|src\/it|integrationTest|api[-_]tests?)\/|[._-]int(?:egration)?[._-](?:test|spec)\.[cm]?[jt]sx?$|_integration_test\.go$|(?:^|\/)test_integration[^/]*\.py$|_integration(?:_test)?\.py$|IT\.(?:java|kt)$|_integration_spec\.rb$/;
/** In-file markers of integration tests (Go build tags, pytest markers, JUnit tags). */
const MARKER = /^\/\/go:build[^\n]*\bintegration\b|@pytest\.mark\.integration|@Tag\(\s*"integration"\s*\)|testcontainers|Testcontainers/m;

export const rule: WorkspaceRule = {
  id: 'testing/integration-tests',
  category: 'testing',
  severity: 'medium',
  level: 'production',
  title: 'Integration tests exercise the database and the service boundary',
  rationale: 'Unit tests with mocks miss broken queries, migrations and wiring; the seeds call for database and workflow integration tests before launch.',
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts) {
    return facts.usesDatabase || facts.isService || 'neither a service nor a database user';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    const tc = depsMatching(facts, /testcontainers/);
    if (tc.length) evidence.push({ message: `Testcontainers dependency: ${tc.join(', ')}` });
    const named = ws.files.filter((p) => BY_NAME.test(p) && stackOfPath(p) !== undefined && !isTemplatePath(p) && !/(^|\/)(fixtures?|testdata)\//.test(p));
    let found: Hit | undefined;
    let empty: string | undefined;
    for (const p of named.slice(0, 300)) {
      const stack = stackOfPath(p);
      const f = stack && ws.read(p);
      if (!f) continue;
      const hit = firstHit(f, TEST_CASE[stack as Stack]);
      if (hit) {
        found = hit;
        break;
      }
      empty ??= p;
    }
    if (!found) {
      const tagged = scanPaths(ws, sourcePaths(ws).filter((p) => /(_test\.go|test_[^/]*\.py|_test\.py|Test\.(java|kt)|\.(test|spec)\.[cm]?[jt]sx?)$/.test(p) && !isTemplatePath(p)).slice(0, 500), MARKER);
      if (tagged[0]) {
        const f = ws.read(tagged[0].file);
        const stack = stackOfPath(tagged[0].file);
        if (f && stack && firstHit(f, TEST_CASE[stack])) found = tagged[0];
      }
    }
    if (found) {
      evidence.push({ message: named.includes(found.file) ? `integration test (${named.length} file(s) named or placed as integration tests)` : `integration test marked by tag or Testcontainers: ${found.text}`, file: found.file, line: found.line });
      return outcome.pass(evidence);
    }
    if (empty) {
      return outcome.partial(0.3, [{
        message: `${empty} is set aside for integration tests but holds no test case: write tests that run against a real database or the running service`,
        file: empty,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }], evidence);
    }
    const what = facts.usesDatabase ? 'the database' : 'the HTTP API';
    return outcome.fail([{
      message: `no integration tests: add tests that exercise ${what} for real (a \`tests/integration/\` folder or \`*.integration.test.*\` files, with Testcontainers or a compose service in CI)`,
      file: null,
    }], evidence);
  },
};
