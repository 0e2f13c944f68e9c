/**
 * The score orders repositories as a reviewer would (issue 8): nothing earns nothing (an empty folder
 * scores 0 and reaches no level, a README-only folder at most 5), the bundled checklist theater
 * (every document and config, no CI) stays below 35 and below the production example, and on the
 * 28-repository development corpus the scores of the services follow the reviewer's tiers while
 * libraries and command-line tools get no service-only finding. The ranking is printed.
 *
 * Which corpus rows count as "services": every row with a numeric reviewer tier (kinds service,
 * web-frontend, cli-server, cli-daemon, demo, tutorial, samples, joke); rows with tier `-` (libraries,
 * a CLI, the deliberately insecure app) are not ranked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit } from '../server/src/core/engine';
import { Workspace } from '../server/src/core/workspace';
import { allRules } from '../server/src/rules';
import type { Report } from '../server/src/core/types';
import { FIXED_NOW, REPO, auditFiles } from './helpers';
import { devCorpus, sharedCorpusFile } from './pipelines-helpers';

const EXAMPLES = path.join(REPO, 'examples');

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(a: number[], b: number[]): number {
  const ranks = (v: number[]) => {
    const idx = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
      for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('ordering: nothing earns nothing', () => {
  it('an empty folder scores 0 and reaches no level', async () => {
    const r = await auditFiles({});
    assert.equal(r.score, 0);
    assert.equal(r.level, 'none');
    assert.equal(r.project.kind, 'codeless');
  });

  it('a README-only folder scores at most 5 and reaches no level', async () => {
    const r = await auditFiles({ 'README.md': '# Notes\n\nA place for my notes about the project, its goals and the people involved in it.\n' });
    assert.ok(r.score <= 5, `README-only scored ${r.score}`);
    assert.equal(r.level, 'none');
  });

  it('passing guards earn nothing: a folder with only a clean .gitignore gains no security points', async () => {
    const r = await auditFiles({ 'README.md': '# Notes\n', '.gitignore': '.env\n' });
    const guards = r.checks.filter((c) => c.guard && c.status === 'pass');
    assert.ok(guards.length > 0, 'some guards ran');
    const security = r.categories.find((c) => c.id === 'security')!;
    assert.ok(security.score === null || security.score < 50, `security ${security.score}`);
  });

  it('a repository without CI caps what only CI can enforce and says so', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'api', scripts: { test: 'node --test' }, dependencies: { express: '^4.19.2' } }),
      'src/server.js': "require('express')().listen(3000);\n",
      'test/server.test.js': "const test = require('node:test');\ntest('works', () => {});\n",
    };
    const without = await auditFiles(files, ['testing/tests-present']);
    const check = without.checks.find((c) => c.ruleId === 'testing/tests-present')!;
    assert.equal(check.status, 'partial');
    assert.ok(check.credit <= 0.25);
    assert.match(check.findings.map((f) => f.message).join('\n'), /no CI/);
    const withCi = await auditFiles({ ...files, '.github/workflows/ci.yml': 'on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n' }, ['testing/tests-present']);
    assert.equal(withCi.checks.find((c) => c.ruleId === 'testing/tests-present')!.status, 'pass');
  });
});

describe('ordering: the bundled examples', () => {
  let theater: Report;
  let production: Report;
  before(async () => {
    theater = await audit({ ws: Workspace.load(path.join(EXAMPLES, 'checklist-theater')), now: FIXED_NOW });
    production = await audit({ ws: Workspace.load(path.join(EXAMPLES, 'production-service')), now: FIXED_NOW });
  });

  it('checklist-theater (every document and config, no CI) scores below 35 and below production-service', () => {
    console.log(`      checklist-theater ${theater.score} (${theater.level}), production-service ${production.score} (${production.level})`);
    assert.ok(theater.score < 35, `checklist-theater scored ${theater.score}`);
    assert.ok(theater.score < production.score);
    assert.equal(theater.level, 'none');
  });

  it('the theater’s props are named: probes on a port nothing listens on, alerts on metrics nothing emits, template documents', () => {
    const messages = theater.findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n');
    assert.match(messages, /k8s\/probes: .*port 9090 is not a port the container listens on/);
    assert.match(messages, /observability\/alert-rules: .*orders_http_requests_total/);
    assert.match(messages, /ops\/runbook: .*no concrete content/);
    assert.match(messages, /docker\/healthcheck: .*contacts nothing/);
    assert.notEqual(theater.checks.find((c) => c.ruleId === 'observability/metrics')?.status, 'pass');
  });
});

/** Service-only rules: not asked of libraries and command-line tools. */
const SERVICE_ONLY = new Set(allRules.filter((r) => r.projectKinds && !r.projectKinds.includes('library') && !r.projectKinds.includes('cli')).map((r) => r.id));

describe('ordering: the development corpus', function () {
  this.timeout(20 * 60 * 1000);
  const rows: { folder: string; kind: string; tier: string; report: Report }[] = [];

  before(async function () {
    if (!sharedCorpusFile('repos-devcorpus.tar.xz')) this.skip();
    const corpus = await devCorpus();
    if (typeof corpus === 'string') this.skip();
    const tsv = fs.readFileSync(sharedCorpusFile('repos-devcorpus.tsv')!, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    for (const line of tsv) {
      const [folder, , , kind, tier] = line.split('\t');
      const dir = path.join((corpus as { dir: string }).dir, folder);
      if (!fs.existsSync(dir)) continue;
      rows.push({ folder, kind, tier, report: await audit({ ws: Workspace.load(dir), now: FIXED_NOW }) });
    }
    const sorted = [...rows].sort((a, b) => b.report.score - a.report.score);
    console.log('      repository                                      tier  score  level       kind');
    for (const r of sorted) console.log(`      ${r.folder.padEnd(48)} ${r.tier.padStart(4)} ${String(r.report.score).padStart(6)}  ${r.report.level.padEnd(10)}  ${r.report.project.kind}`);
  });

  it('the scores of the services follow the reviewer’s tiers (Spearman; goal 0.85)', () => {
    const services = rows.filter((r) => /^\d$/.test(r.tier));
    assert.ok(services.length >= 20, `${services.length} services`);
    const rho = spearman(services.map((r) => r.report.score), services.map((r) => Number(r.tier)));
    console.log(`      Spearman over ${services.length} services: ${rho.toFixed(3)} (goal 0.85)`);
    // The goal is the floor. Measured 0.855 at the time of writing (0.803 before the `example` kind,
    // 0.839 before the false findings on mature services were fixed: Rust dependencies in table form,
    // a token bucket of the application's own, a "Running in Production" section, operator guides, and no `.env` pattern asked of a repository that uses no env file).
    assert.ok(rho >= 0.85, `Spearman ${rho.toFixed(3)}`);
  });

  it('libraries and command-line tools are recognised and get no service-only finding', () => {
    const tools = rows.filter((r) => r.kind === 'library' || r.kind === 'cli');
    assert.ok(tools.length >= 3);
    for (const t of tools) {
      assert.equal(t.report.project.kind, t.kind === 'cli' ? 'cli' : 'library', `${t.folder}: ${t.report.project.kindWhy.join('; ')}`);
      const serviceFindings = t.report.findings.filter((f) => SERVICE_ONLY.has(f.ruleId));
      assert.deepEqual(serviceFindings.map((f) => `${f.ruleId}: ${f.message}`), [], t.folder);
    }
  });

  it('a repository without CI ranks below every mature service', () => {
    const mature = rows.filter((r) => r.tier === '4').map((r) => r.report.score);
    for (const r of rows.filter((x) => x.report.checks.find((c) => c.ruleId === 'ci/workflow-present')?.status === 'fail')) {
      assert.ok(r.report.score < Math.min(...mature), `${r.folder} (${r.report.score}) has no CI but scores above a mature service`);
    }
  });
});
