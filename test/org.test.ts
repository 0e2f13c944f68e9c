/**
 * The organisation's scorecard (`readiness org`) on the 28 real repositories of the development
 * corpus: their JSON reports are generated at test time, the page's and the summary's numbers are
 * checked against the reports, the trend against dated reports, hostile names are escaped, and the
 * page is opened in a real browser (Chromium through playwright-core), light and dark, with
 * screenshots in test-artifacts/org/ and no request leaving the page.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit } from '../server/src/core/engine';
import { openWorkspace } from '../server/src/cli/commands';
import { renderReport } from '../server/src/report';
import { parseOrgReport } from '../server/src/org/collect';
import { renderOrgHtml } from '../server/src/org/html';
import { summarise } from '../server/src/org/summary';
import { REPO } from './helpers';
import { devCorpus, tempFolder } from './pipelines-helpers';

const BIN = path.join(REPO, 'bin', 'readiness.js');
const CHROMIUM = process.env.READINESS_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO, 'test-artifacts', 'org');

interface Json {
  score: number;
  level: string;
  generatedAt: string;
  categories: { id: string; title: string; score: number | null }[];
  checks: { ruleId: string; status: string }[];
  nextSteps: { ruleId: string; points: number }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The heat map of the page: repository → column (overall, level, category ids) → cell text. */
function heatMap(html: string): Map<string, Record<string, string>> {
  const table = /<table class="heat" id="heatmap">([\s\S]*?)<\/table>/.exec(html)![1];
  const rows = new Map<string, Record<string, string>>();
  for (const m of table.matchAll(/<tr data-repo="([^"]*)">([\s\S]*?)<\/tr>/g)) {
    const cells: Record<string, string> = {};
    for (const c of m[2].matchAll(/<td class="[^"]*" data-category="([^"]*)">([^<]*)/g)) cells[c[1]] = c[2].trim();
    cells.level = unescape(/<td class="level">([^<]*)<\/td>/.exec(m[2])![1]);
    rows.set(unescape(m[1]), cells);
  }
  return rows;
}

describe('pipelines: the organisation scorecard on the 28 corpus repositories', function () {
  this.timeout(600_000);
  let tmp = '';
  let reportsDir = '';
  const reports = new Map<string, Json>();

  before(async function () {
    const corpus = await devCorpus();
    if (typeof corpus === 'string') {
      // CI lays ../shared beside the clone, so there the corpus must be found.
      if (process.env.CI) throw new Error(corpus);
      console.log(`      skipped: ${corpus}`);
      this.skip();
    }
    tmp = tempFolder('org');
    reportsDir = path.join(tmp, 'reports');
    fs.mkdirSync(reportsDir);
    // One JSON report per repository, as the matrix jobs of the reusable workflow write them.
    for (const repo of corpus.repos) {
      const report = await audit({ ws: openWorkspace(path.join(corpus.dir, repo)) });
      const text = renderReport(report, 'json');
      fs.writeFileSync(path.join(reportsDir, `${repo}.json`), text);
      reports.set(repo, JSON.parse(text));
    }
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('has one report for each of the 28 repositories', () => {
    assert.equal(reports.size, 28);
  });

  it("the page's and the summary's numbers are the reports' numbers", () => {
    const out = path.join(tmp, 'org');
    const r = spawnSync(process.execPath, [BIN, 'org', reportsDir, '--output', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const md = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
    const all = [...reports.values()];
    const scores = all.map((j) => j.score).sort((a, b) => a - b);
    const mean = round1(scores.reduce((s, x) => s + x, 0) / scores.length);
    const median = round1((scores[13] + scores[14]) / 2);
    assert.match(r.stdout, new RegExp(`28 repositories, mean score ${mean}\\n`));
    assert.match(html, new RegExp(`<span class="v" data-stat="mean">${fmt(mean)}</span>`));
    assert.match(html, new RegExp(`<span class="v" data-stat="median">${fmt(median)}</span>`));
    assert.match(html, new RegExp(`<span class="v" data-stat="range">${fmt(scores[0])}–${fmt(scores[27])}</span>`));
    assert.match(md, new RegExp(`\\*\\*28\\*\\* repositories · mean \\*\\*${fmt(mean)}\\*\\* · median \\*\\*${fmt(median)}\\*\\*`));

    // The heat map: every repository, its score, level and every category score.
    const rows = heatMap(html);
    assert.deepEqual([...rows.keys()].sort(), [...reports.keys()].sort());
    const order = [...rows.keys()].map((k) => reports.get(k)!.score);
    assert.deepEqual(order, [...order].sort((a, b) => b - a), 'highest score first');
    for (const [repo, j] of reports) {
      const row = rows.get(repo)!;
      assert.equal(row.overall, fmt(j.score), `${repo} overall`);
      assert.equal(row.level, j.level === 'none' ? 'below prototype' : j.level, `${repo} level`);
      for (const c of j.categories) {
        if (!(c.id in row)) {
          assert.ok(all.every((x) => x.categories.find((y) => y.id === c.id)?.score === null), `column ${c.id} is missing though some repository has a score`);
          continue;
        }
        assert.equal(row[c.id], c.score === null ? 'n/a' : fmt(c.score), `${repo} ${c.id}`);
      }
      assert.ok(md.includes(`| ${repo.replace(/[-.+_]/g, (ch) => `\\${ch}`)} | `), `${repo} is a row of the summary`);
    }

    // Distribution and levels.
    for (let b = 0; b < 10; b++) {
      const n = scores.filter((s) => Math.min(9, Math.floor(s / 10)) === b).length;
      const label = `${b * 10}–${b === 9 ? 100 : b * 10 + 9}`;
      assert.match(html, new RegExp(`<tr><th scope="row">${label}</th><td class="num">${n}</td>`), `band ${label}`);
      assert.match(md, new RegExp(`\\| ${label} \\| ${n} \\|`));
    }
    for (const level of ['none', 'prototype', 'mvp', 'production']) {
      const n = all.filter((j) => j.level === level).length;
      const name = level === 'none' ? 'below prototype' : level;
      assert.match(html, new RegExp(`<tr><th scope="row">${name}</th><td class="num">${n}</td>`), `level ${level}`);
    }

    // The rules failing most often, with the points each would add.
    const rules = [...html.matchAll(/<tr data-rule="([^"]+)"><th scope="row"><code>[^<]*<\/code><\/th><td>[^<]*<\/td><td>[^<]*<\/td><td class="num">(\d+) of (\d+)<\/td><td class="num">\+([\d.]+)<\/td><td class="num">\+([\d.]+)<\/td><\/tr>/g)];
    assert.equal(rules.length, 20);
    let previous = Infinity;
    for (const [, ruleId, failing, applicable, points, gain] of rules) {
      const failingIn = all.filter((j) => j.checks.some((c) => c.ruleId === ruleId && (c.status === 'fail' || c.status === 'partial')));
      const applies = all.filter((j) => j.checks.some((c) => c.ruleId === ruleId && c.status !== 'not-applicable'));
      const sum = failingIn.reduce((s, j) => s + (j.nextSteps.find((n) => n.ruleId === ruleId)?.points ?? 0), 0);
      assert.equal(Number(failing), failingIn.length, `${ruleId} failing`);
      assert.equal(Number(applicable), applies.length, `${ruleId} applicable`);
      assert.equal(Number(points), round1(sum), `${ruleId} points`);
      assert.equal(Number(gain), Math.round((sum / 28) * 100) / 100, `${ruleId} mean gain`);
      assert.ok(Number(failing) <= previous, 'sorted by how often they fail');
      previous = Number(failing);
    }
    const most = Math.max(...[...new Set(all.flatMap((j) => j.checks.map((c) => c.ruleId)))].map((id) => all.filter((j) => j.checks.some((c) => c.ruleId === id && (c.status === 'fail' || c.status === 'partial'))).length));
    assert.equal(Number(rules[0][2]), most, 'the first rule fails in the most repositories');
    assert.match(html, /The trend appears when the reports carry dates from at least two days/);
  });

  it('the trend follows dated reports: each repository counts with its latest report up to each day', () => {
    const dated = path.join(tmp, 'dated');
    const pick = [...reports.keys()].slice(0, 3);
    for (const repo of reports.keys()) {
      fs.mkdirSync(path.join(dated, repo), { recursive: true });
      fs.copyFileSync(path.join(reportsDir, `${repo}.json`), path.join(dated, repo, 'latest.json'));
    }
    // Three repositories also have a report from two earlier days, ten and five points lower.
    for (const repo of pick) {
      const j = JSON.parse(fs.readFileSync(path.join(reportsDir, `${repo}.json`), 'utf8'));
      fs.writeFileSync(path.join(dated, repo, '2026-01-05.json'), JSON.stringify({ ...j, generatedAt: '2026-01-05T08:00:00.000Z', score: round1(Math.max(0, j.score - 10)) }));
      fs.writeFileSync(path.join(dated, repo, '2026-02-05.json'), JSON.stringify({ ...j, generatedAt: '2026-02-05T08:00:00.000Z', score: round1(Math.max(0, j.score - 5)) }));
    }
    const out = path.join(tmp, 'org-dated');
    const r = spawnSync(process.execPath, [BIN, 'org', dated, '--output', out, '--title', 'Corpus: 28 real repositories'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const trend = [...html.matchAll(/<tr><th scope="row">(\d{4}-\d\d-\d\d)<\/th><td class="num">(\d+)<\/td><td class="num">([\d.]+)<\/td><\/tr>/g)].map((m) => ({ day: m[1], n: Number(m[2]), mean: Number(m[3]) }));
    const today = reports.get(pick[0])!.generatedAt.slice(0, 10);
    const scoreOn = (repo: string, minus: number) => round1(Math.max(0, reports.get(repo)!.score - minus));
    const meanOf = (xs: number[]) => round1(xs.reduce((s, x) => s + x, 0) / xs.length);
    assert.deepEqual(trend, [
      { day: '2026-01-05', n: 3, mean: meanOf(pick.map((p) => scoreOn(p, 10))) },
      { day: '2026-02-05', n: 3, mean: meanOf(pick.map((p) => scoreOn(p, 5))) },
      { day: today, n: 28, mean: meanOf([...reports.values()].map((j) => j.score)) },
    ]);
    // The heat map shows each repository's latest report, and the change since its first.
    const rows = heatMap(html);
    assert.equal(rows.size, 28);
    assert.match(rows.get(pick[0])!.overall, /^[\d.]+$/);
    assert.ok(html.includes(`<th scope="row">${pick[0]}</th><td class="num cell`), 'one row per repository');
    assert.match(html, new RegExp(`data-category="overall">${fmt(reports.get(pick[0])!.score)} <span class="muted">\\(\\+10\\)</span>`));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.copyFileSync(path.join(out, 'index.html'), path.join(ARTIFACTS, 'index.html'));
    fs.copyFileSync(path.join(out, 'summary.md'), path.join(ARTIFACTS, 'summary.md'));
  });

  it('renders in Chromium, light and dark, with no request leaving the page (screenshots in test-artifacts/org/)', async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: scripts/editor-setup.sh installs it`);
      console.log(`      skipped: no browser at ${CHROMIUM} (scripts/editor-setup.sh installs it)`);
      this.skip();
    }
    const page0 = path.join(ARTIFACTS, 'index.html');
    assert.ok(fs.existsSync(page0), 'the dated scorecard was written by the previous test');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const backgrounds: Record<string, string> = {};
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        const requests: string[] = [];
        const problems: string[] = [];
        page.on('request', (req) => requests.push(req.url()));
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(`file://${page0}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `org-${scheme}.png`), fullPage: true });
        await page.screenshot({ path: path.join(ARTIFACTS, `org-${scheme}-top.png`) });
        // Evaluated in the page (the tests are compiled without the DOM library, hence a string).
        const facts = (await page.evaluate(`(() => {
          const body = getComputedStyle(document.body);
          const tables = [...document.querySelectorAll('table')];
          const cell = document.querySelector('table.heat td.h0, table.heat td.h1, table.heat td.h2, table.heat td.h3, table.heat td.h4');
          return {
            background: body.backgroundColor,
            color: body.color,
            tables: tables.length,
            captions: tables.filter((t) => t.querySelector('caption')).length,
            unscoped: document.querySelectorAll('th:not([scope])').length,
            heatRows: document.querySelectorAll('table.heat tbody tr').length,
            cellColours: cell ? [getComputedStyle(cell).backgroundColor, getComputedStyle(cell).color] : [],
            overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
          };
        })()`)) as { background: string; color: string; tables: number; captions: number; unscoped: number; heatRows: number; cellColours: string[]; overflow: boolean };
        backgrounds[scheme] = facts.background;
        assert.deepEqual(requests, [`file://${page0}`], 'the page loads nothing but itself');
        assert.deepEqual(problems, [], 'no console errors (a content security policy violation would be one)');
        assert.equal(facts.tables, facts.captions, 'every table has a caption');
        assert.equal(facts.unscoped, 0, 'every header cell has a scope');
        assert.equal(facts.heatRows, 28);
        assert.notEqual(facts.cellColours[0], facts.cellColours[1], 'heat cells have readable text');
        assert.equal(facts.overflow, false, 'the page does not scroll sideways at 1400 pixels');
        await context.close();
      }
      assert.equal(backgrounds.light, 'rgb(255, 255, 255)');
      assert.equal(backgrounds.dark, 'rgb(13, 17, 23)');
    } finally {
      await browser.close();
    }
  });
});

describe('pipelines: the organisation scorecard with hostile and broken input', () => {
  const base = { schemaVersion: 1, tool: { name: 'readiness', version: '0.1.0' }, generatedAt: '2026-11-30T10:00:00.000Z', score: 42, level: 'prototype', categories: [{ id: 'security', title: 'Security', score: 40 }], nextSteps: [{ ruleId: 'custom/<img src=x onerror=alert(1)>', points: 3 }] };

  it('escapes repository names and rule titles from manifests, and lists what it could not read', () => {
    const dir = tempFolder('org-hostile');
    try {
      const evil = '<img src=x onerror=alert(1)>';
      fs.writeFileSync(path.join(dir, `${evil}.json`), JSON.stringify({ ...base, checks: [{ ruleId: 'custom/<img src=x onerror=alert(1)>', title: '<b onclick="x()">On-call</b> | `x`', category: 'operations', severity: 'high', status: 'fail' }] }));
      fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello": "world"}');
      fs.writeFileSync(path.join(dir, 'broken.json'), '{');
      fs.writeFileSync(path.join(dir, 'esc\u001b[31mred.json'), 'not json');
      const r = spawnSync(process.execPath, [BIN, 'org', dir, '--output', path.join(dir, 'out')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const html = fs.readFileSync(path.join(dir, 'out', 'index.html'), 'utf8');
      assert.doesNotMatch(html, /<script>|<img|<b onclick/);
      assert.match(html, /<th scope="row">&lt;img src=x onerror=alert\(1\)&gt;<\/th>/);
      assert.match(html, /&lt;b onclick=&quot;x\(\)&quot;&gt;On-call&lt;\/b&gt;/);
      assert.match(html, /notes\.json: not a readiness JSON report/);
      assert.match(html, /broken\.json: not JSON/);
      const md = fs.readFileSync(path.join(dir, 'out', 'summary.md'), 'utf8');
      // Outside code spans (which Markdown shows literally), no tag survives.
      assert.doesNotMatch(md.replace(/(`+)[^`]*?\1/g, ''), /<script>|<img|<b onclick/);
      assert.match(md, /\| `custom\/<img src=x onerror=alert\(1\)>` \|/);
      assert.match(r.stderr, /broken\.json: not JSON/);
      assert.doesNotMatch(r.stderr, /\u001b/, 'no terminal escape from a file name reaches the terminal');
      assert.match(r.stderr, /esc\uFFFD\[31mred\.json: not JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits with 2 when there is no report at all, and never follows symbolic links', () => {
    const dir = tempFolder('org-empty');
    try {
      fs.symlinkSync('/etc', path.join(dir, 'etc'));
      const r = spawnSync(process.execPath, [BIN, 'org', dir, '--output', path.join(dir, 'out')], { encoding: 'utf8' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /no readiness JSON reports in .*etc: a symbolic link, not followed/);
      assert.equal(spawnSync(process.execPath, [BIN, 'org', path.join(dir, 'nope')], { encoding: 'utf8' }).status, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('summarises without dates, with one repository, and with undated duplicates', () => {
    const one = parseOrgReport(JSON.stringify({ ...base, generatedAt: undefined, checks: [] }), 'solo', 'solo.json');
    assert.ok(typeof one !== 'string');
    const s = summarise([one, { ...one, file: 'solo/b.json' }]);
    assert.equal(s.stats.count, 1);
    assert.equal(s.trend, null);
    assert.match(s.problems[0], /solo: 2 reports carry no date/);
    assert.match(renderOrgHtml(s), /data-stat="mean">42</);
  });
});
