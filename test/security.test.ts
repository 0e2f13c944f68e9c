/**
 * Tests of the security and quality rules that fixtures cannot express: secretlint loading and speed
 * on a generated 2,000-file workspace, the prefilter being a superset of the preset, the files our
 * fixes scaffold passing their own rules, and the small parsers (JSONC, dotenv, env-var reads).
 *
 * Token-shaped strings are assembled at run time so that this file itself holds no secret-shaped text.
 */
import * as assert from 'node:assert/strict';
import { applyFixes } from '../server/src/core/fixes';
import { Workspace } from '../server/src/core/workspace';
import { audit } from '../server/src/core/engine';
import type { Report } from '../server/src/core/types';
import { loadSecretlint, mightHoldSecret } from '../server/src/rules/lib/secretlint';
import { envEntries, looksLikeSecret } from '../server/src/rules/lib/env-files';
import { envReads } from '../server/src/rules/lib/env-vars';
import { SourceFile } from '../server/src/core/source';
import { FIXED_NOW } from './helpers';

const j = (...parts: string[]) => parts.join('');
const GITHUB = j('gh', 'p_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx');

async function run(files: Record<string, string>, only: string[]): Promise<Report> {
  return audit({ ws: Workspace.fromFiles(files), now: FIXED_NOW, only });
}

/** Applies every fix of the given rules, then audits again with the same rules. */
async function fixAndReaudit(files: Record<string, string>, only: string[]): Promise<{ before: Report; after: Report; files: Record<string, string> }> {
  const before = await run(files, only);
  const fixes = before.findings.filter((f) => only.includes(f.ruleId) && f.fix).map((f) => f.fix!);
  const applied = applyFixes(fixes, (p) => files[p]);
  const next = { ...files };
  for (const [p, t] of applied.files) next[p] = t;
  return { before, after: await run(next, only), files: next };
}

function statusOf(r: Report, id: string): string | undefined {
  return r.checks.find((c) => c.ruleId === id)?.status;
}

describe('security/ secretlint integration', function () {
  this.timeout(60000);

  it('loads the ESM-only secretlint packages from the CommonJS build and finds a token', async () => {
    const linter = await loadSecretlint();
    const hits = await linter.lint('src/a.js', `const t = "${GITHUB}";\n`);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].rule, 'github');
    assert.ok(!hits[0].label.includes(GITHUB), 'the label never repeats the secret');
  });

  it('the prefilter lets through every sample the recommended preset reports', async () => {
    const linter = await loadSecretlint();
    const samples = [
      `token = "${GITHUB}"`,
      j('slack: xox', 'b-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
      j('//registry.npmjs.org/:_auth', 'Token=', 'npm_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'),
      'url = "https://deploy:Zx81kLm20qPe@api.acme.io"',
      'DATABASE_URL=postgres://app:s3cr3tPassw0rd@db.internal:5432/app',
      j('-----BEGIN RSA ', 'PRIVATE KEY-----\nMII', 'EowIBAAKCAQEA'.repeat(12), '\n-----END RSA ', 'PRIVATE KEY-----'),
      j('hooks: https://hooks.slack.com/services/', 'T00000000/B00000000/', 'XXXXXXXXXXXXXXXXXXXXXXXX'),
      j('SG', '.ngeVfQFYQlKU0ufo8x5d1A.TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr'),
    ];
    for (const s of samples) {
      const hits = await linter.lint('config/app.yaml', s);
      if (hits.length === 0) continue;
      assert.ok(mightHoldSecret(s), `prefilter drops a sample secretlint reports (${hits[0].rule})`);
    }
    assert.ok(!mightHoldSecret('export function add(a, b) { return a + b; }\n'));
  });

  it('scans a 2,000-file workspace quickly and reports only the planted secret', async () => {
    const files: Record<string, string> = {};
    const code = (i: number) => Array.from({ length: 60 }, (_, n) => `export function f${i}_${n}(account: string) { return fetch(\`https://api.internal/\${account}\`); }`).join('\n');
    for (let i = 0; i < 2000; i++) {
      const k = i % 4;
      if (k === 0) files[`src/m${i}.ts`] = code(i);
      else if (k === 1) files[`config/c${i}.yaml`] = Array.from({ length: 30 }, (_, n) => `key${n}: value ${n}`).join('\n');
      else if (k === 2) files[`docs/p${i}.md`] = `# Page ${i}\n\n${'Words about the system. '.repeat(40)}`;
      else files[`data/d${i}.json`] = JSON.stringify({ id: i, items: Array.from({ length: 30 }, (_, n) => ({ n })) });
    }
    files['src/leak.ts'] = `export const token = "${GITHUB}";\n`;
    files['test/fake.test.ts'] = `const t = "${GITHUB}";\n`;
    await loadSecretlint();
    const ws = Workspace.fromFiles(files);
    const started = Date.now();
    const r = await audit({ ws, now: FIXED_NOW, only: ['security/no-hardcoded-secrets'] });
    const ms = Date.now() - started;
    const findings = r.findings.filter((f) => f.ruleId === 'security/no-hardcoded-secrets');
    assert.deepEqual(findings.map((f) => `${f.file}:${f.range!.start.line}`), ['src/leak.ts:0']);
    console.log(`      secretlint over ${ws.size} files: ${ms} ms (${r.checks[0].evidence[0]?.message})`);
    assert.ok(ms < 20000, `too slow: ${ms} ms`);
  });
});

describe('security/ and quality/ scaffolds pass their own rules', () => {
  it('a created .gitignore covers secrets and keeps .env.example committable', async () => {
    const ids = ['security/gitignore-env', 'security/gitignore-keys'];
    const { before, after, files } = await fixAndReaudit({ 'package.json': '{"name":"a"}', 'requirements.txt': 'flask==3.0.3\npython-dotenv==1.0.1\n' }, ids);
    assert.equal(statusOf(before, 'security/gitignore-env'), 'fail');
    for (const id of ids) assert.equal(statusOf(after, id), 'pass', id);
    assert.match(files['.gitignore'], /node_modules\//);
    assert.match(files['.gitignore'], /__pycache__\//);
  });

  it('the env and key fixes of an existing .gitignore apply together', async () => {
    const ids = ['security/gitignore-env', 'security/gitignore-keys'];
    const { before, after } = await fixAndReaudit({ '.gitignore': 'node_modules/\n', 'package.json': '{"name":"a","dependencies":{"dotenv":"16.4.5"}}' }, ids);
    for (const id of ids) assert.equal(statusOf(before, id), 'fail', id);
    for (const id of ids) assert.equal(statusOf(after, id), 'pass', id);
  });

  it('a created .env.example documents every variable, holds no values and is not a committed .env', async () => {
    const ids = ['security/env-example', 'security/env-example-no-values', 'security/no-committed-env'];
    const { after, files } = await fixAndReaudit({ Procfile: 'web: node src/a.js\n', 'src/a.js': 'const a = process.env.STRIPE_KEY;\nconst b = process.env.NODE_ENV;\n', 'app/x.py': "import os\nos.environ['QUEUE_URL']\n" }, ids);
    for (const id of ids) assert.equal(statusOf(after, id), 'pass', id);
    assert.match(files['.env.example'], /^STRIPE_KEY=$/m);
    assert.doesNotMatch(files['.env.example'], /NODE_ENV/);
  });

  it('the created SECURITY.md, dependabot.yml, .editorconfig, .nvmrc and strict settings pass', async () => {
    const files = {
      'package.json': '{"name":"a","dependencies":{"express":"4.19.2"}}',
      'tsconfig.json': '{\n  /* base */\n  "compilerOptions": {\n    "target": "ES2022",\n  },\n}\n',
      'requirements.txt': 'flask==3.0.3\n',
      'pyproject.toml': '[project]\nname = "w"\n',
      'go.mod': 'module x\n\ngo 1.22\n',
      'Dockerfile': 'FROM node:22-slim\n',
      // CI runs both type checkers, so strict settings are enforced once the fixes set them.
      // CI takes Node from a matrix, so nothing pins it; the fix pins the Dockerfile's major.
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        node: [22, 24]\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: ${{ matrix.node }}\n      - run: npm test\n      - run: npx tsc --noEmit\n      - run: mypy .\n',
    };
    const ids = ['security/dependency-updates', 'quality/editorconfig', 'quality/node-version-pinned', 'quality/strict-types'];
    const { after, files: fixed } = await fixAndReaudit(files, [...ids, 'security/policy']);
    for (const id of ids) assert.equal(statusOf(after, id), 'pass', id);
    // The SECURITY.md scaffold leaves the contact to the team, marked TODO: it is not a pass until filled in.
    assert.equal(statusOf(after, 'security/policy'), 'partial');
    assert.match(fixed['SECURITY.md'], /^TODO:/m);
    assert.equal(fixed['.nvmrc'], '22\n');
    for (const eco of ['npm', 'pip', 'gomod', 'docker', 'github-actions']) assert.match(fixed['.github/dependabot.yml'], new RegExp(`package-ecosystem: ${eco}\\n`));
  });
});

describe('security/ and quality/ parsers', () => {
  it('reads dotenv entries with exact value ranges', () => {
    const f = new SourceFile('.env.example', 'A=1\nexport B="two words" \n# C=\nD=x # note\nnot a line\n', 'env');
    const e = envEntries(f);
    assert.deepEqual(e.map((x) => [x.key, x.value, x.commented]), [['A', '1', false], ['B', 'two words', false], ['C', '', true], ['D', 'x', false]]);
    assert.deepEqual(e[1].valueRange, { start: { line: 1, character: 10 }, end: { line: 1, character: 19 } });
  });

  it('tells real-looking secrets from placeholders', () => {
    for (const v of ['9fK2mQ7xLp4Rt8ZvB1nW6yHc3Js5Dg0A', GITHUB, 'postgres://app:Zq8vRt2LmX41pK@db:5432/app']) assert.ok(looksLikeSecret(v), v);
    for (const v of ['', 'changeme', 'your-api-key', '<token>', 'postgres://postgres:postgres@localhost/db', 'mysql://user:password@db/app', 'https://api.example.com', '3000', 'info']) assert.ok(!looksLikeSecret(v), v);
  });

  it('finds environment reads in every language and skips builtins and tests', () => {
    const ws = Workspace.fromFiles({
      'a.ts': 'process.env.A; process.env["B"]; const { C, D: d, ...rest } = process.env; process.env.NODE_ENV; import.meta.env.MODE',
      'b.py': "os.getenv('E'); environ.get('F'); os.environ['G']",
      'c.go': 'os.Getenv("H")',
      'e.ts': "export function load(env: NodeJS.ProcessEnv = process.env) { return [env.I_URL, env['J'], env.lower, process.env.K]; }",
      'test/d.test.ts': 'process.env.NOT_ME',
    });
    assert.deepEqual(envReads(ws).map((r) => r.name), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I_URL', 'J', 'K']);
  });
});
