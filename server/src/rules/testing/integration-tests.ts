/**
 * testing/integration-tests: a service or a project with a database has integration tests that
 * exercise real collaborators (the database, the HTTP layer), recognised by folder (`integration/`,
 * `src/integrationTest`, `src/it`), by name (`*.integration.test.ts`, `*_integration_test.go`,
 * `test_integration_*.py`, `*IT.java`), by build tag or marker, by Testcontainers, or, whatever the
 * folder name, by what the test does: it starts a real server or opens a real connection (Go's
 * `httptest.NewServer`, `net.Listen`, a DNS exchange), opens a real database (`sql.Open`, bolt/storm,
 * gorm; in Python, a pytest `conftest.py` fixture that registers the ORM or opens a connection for the
 * tests beside it), or runs on the framework's test database (Django's `TestCase`/`TransactionTestCase`,
 * Wagtail's page test cases, `@pytest.mark.django_db`, Spring's `@SpringBootTest`/`@DataJpaTest`,
 * supertest against the app).
 * Integration files without a single test case earn partial credit.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Stack } from '../../core/facts';
import { isTemplatePath, outcome } from '../lib/util';
import { depsMatching, firstHit, type Hit, scanPaths, sourcePaths } from '../lib/evidence';
import { stackOfPath, TEST_CASE } from '../lib/test-cases';

const BY_NAME = /(?:^|\/)_?(?:integration|integration[-_]tests?|integration[-_]spec|src\/it|integrationTest|api[-_]tests?)\/|[._-]int(?:egration)?[._-](?:test|spec)\.[cm]?[jt]sx?$|_integration_test\.go$|(?:^|\/)test_integration[^/]*\.py$|_integration(?:_test)?\.py$|IT\.(?:java|kt)$|_integration_spec\.rb$/;
/**
 * In-file markers of integration tests (Go build tags, pytest markers, JUnit tags), and tests gated on an
 * integration-test switch: an `*INTEGRATION_TEST*` variable or a skip that says it skips an integration test.
 */
const MARKER = /^\/\/go:build[^\n]*\bintegration\b|@pytest\.mark\.integration|@Tag\(\s*"integration"\s*\)|testcontainers|Testcontainers|\b[A-Z_]*INTEGRATION_TESTS?[A-Z_]*\b|\b[Ss]kip\w*\([^\n]{0,60}\bintegration tests?\b/m;
/**
 * What a test does when it crosses a real boundary: starts a server or talks over the network, opens a
 * real database, or runs on the framework's test database. Evidence whatever the folder is called.
 */
const BOUNDARY = new RegExp([
  // Go: a real listener or connection, a real database handle.
  String.raw`\bhttptest\.New(?:TLS|Unstarted)?Server\(|\bnet\.(?:Listen|ListenPacket|ListenTCP|ListenUDP|Dial|DialTimeout)\(|\bdns\.Exchange\(`,
  String.raw`\b(?:sql|sqlx|storm|bolt|bbolt|gorm|pgx|pgxpool)\.(?:Open|Connect|New)\(`,
  // Python: Django test cases run on a real test database; pytest-django's database marker.
  String.raw`^from[ \t]+django\.test[ \t]+import[^\n]*\b(?:TestCase|TransactionTestCase|LiveServerTestCase)\b|^from[ \t]+rest_framework\.test[ \t]+import[^\n]*\bAPI(?:Transaction|LiveServer)?TestCase\b|@pytest\.mark\.django_db\b`,
  // Wagtail's test cases are Django TestCases: they build the page tree in the test database.
  String.raw`^from[ \t]+wagtail\.(?:tests?\.utils|test\.utils)[ \t]+import[^\n]*\bWagtail(?:Page)?TestCase\b`,
  // Python code that opens a real database (in a test, or in the conftest.py fixtures the tests use).
  String.raw`\bregister_tortoise\(|\bTortoise\.init\(|\bcreate_(?:async_)?engine\(|\b(?:psycopg2?|asyncpg|pymysql|aiomysql)\.(?:connect|create_pool)\(|\bMongoClient\(`,
  // A test database created or dropped on the database server (sqlalchemy-utils), as a conftest does per session.
  String.raw`\b(?:create_database|drop_database|database_exists)\(`,
  // Java/Kotlin: Spring tests that start the application context or a real data layer.
  String.raw`@(?:SpringBootTest|DataJpaTest|JdbcTest|DataMongoTest)\b`,
  // Node: supertest drives the application over HTTP.
  String.raw`\brequire\(\s*['"]supertest['"]\s*\)|\bfrom\s+['"]supertest['"]`,
].join('|'), 'm');

export const rule: WorkspaceRule = {
  id: 'testing/integration-tests',
  category: 'testing',
  severity: 'medium',
  level: 'production',
  title: 'Integration tests exercise the database and the service boundary',
  rationale: 'Unit tests with mocks miss broken queries, migrations and wiring; the seeds call for database and workflow integration tests before launch.',
  roadmap: [
    { topic: 'integration tests', match: /integration test/, rank: 280 },
    { topic: 'database integration tests', match: /not fully tested|tested against (postgres|mysql|the (real )?database)|database integration/, rank: 1020 },
  ],
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
    let how = 'marked by tag or Testcontainers';
    const testFiles = () => sourcePaths(ws).filter((p) => /(_test\.go|test_[^/]*\.py|_test\.py|tests?\.py|(?:^|\/)conftest\.py|Tests?\.(java|kt)|IT\.(java|kt)|\.(test|spec)\.[cm]?[jt]sx?)$/.test(p) && !isTemplatePath(p) && !/(^|\/)(fixtures?|testdata)\//.test(p)).slice(0, 500);
    const hasCase = (p: string) => {
      const f = ws.read(p);
      const stack = stackOfPath(p);
      return !!f && !!stack && !!firstHit(f, TEST_CASE[stack]);
    };
    // A pytest conftest.py holds fixtures, not tests: it counts when test cases beside it (or below) can use them.
    const conftestUsed = (p: string) => {
      const dir = p.slice(0, p.lastIndexOf('/') + 1);
      return ws.files.some((t) => t.startsWith(dir) && /(?:^|\/)(?:test_[^/]*|[^/]*_test)\.py$/.test(t) && hasCase(t));
    };
    const withCase = (hits: Hit[]) => hits.find((h) => (/(?:^|\/)conftest\.py$/.test(h.file) ? conftestUsed(h.file) : hasCase(h.file)));
    if (!found) found = withCase(scanPaths(ws, testFiles(), MARKER, 20));
    if (!found) {
      found = withCase(scanPaths(ws, testFiles(), BOUNDARY, 20));
      how = 'that crosses a real boundary (a server, a network connection or a real database)';
    }
    if (found) {
      evidence.push({ message: named.includes(found.file) ? `integration test (${named.length} file(s) named or placed as integration tests)` : `integration test ${how}: ${found.text}`, file: found.file, line: found.line });
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
