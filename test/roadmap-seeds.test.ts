/**
 * The seeds' whole checklist: each of the five real roadmaps (copied into
 * `test/fixtures/roadmap/seeds/`, see the README there) is audited as `PRODUCTION_READINESS.md` in a
 * small Express service, and at least 90% of its items must map to a check or be manual with a
 * stated reason ("no program can verify it: …"). The exact counts are asserted, so that a mapping
 * change that loses items (or maps more) is a visible, reviewed change; the counts before the
 * checklist work are kept beside them for the record.
 *
 * The positions the editor relies on are pinned too: every item's mark span and every claim's span
 * (`test/fixtures/roadmap/seed-positions.json`, written by the line-based parser before the reader
 * moved onto markdown-it tokens; it also gave the same finding ranges and fix edits), and every
 * roadmap finding's diagnostic and quick-fix edit must land on them, so that diagnostics and "tick
 * this item" fixes keep landing on the same characters, with LF or CRLF.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckResult } from '../server/src/core/types';
import { parseRoadmap } from '../server/src/roadmap/parse';
import { REPO, auditFiles } from './helpers';

const SEEDS = path.join(REPO, 'test', 'fixtures', 'roadmap', 'seeds');

/** Unmapped items per seed: before the checklist rules (issue 10) and now. */
const EXPECTED: Record<string, { items: number; before: number; unmapped: number; manual: number }> = {
  '000_c631ad1f49b064dd.md': { items: 57, before: 15, unmapped: 0, manual: 9 },
  '001_7d305b8221afad92.md': { items: 20, before: 2, unmapped: 0, manual: 1 },
  '002_5e3e7c3010fdf6f8.md': { items: 149, before: 84, unmapped: 1, manual: 41 },
  '003_e6ad0567e9122e5a.md': { items: 29, before: 15, unmapped: 1, manual: 7 },
  '004_457ae4317fce9cba.md': { items: 49, before: 16, unmapped: 2, manual: 13 },
};

/** A small service: an Express API with a database, a Dockerfile and CI, so that service rules apply. */
const SERVICE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'svc', version: '1.0.0', scripts: { test: 'node --test' }, dependencies: { express: '^4.19.2', pg: '^8.12.0' } }, null, 2),
  'src/server.js': "const express = require('express');\nconst app = express();\napp.use(express.json());\napp.get('/health', (req, res) => res.send('ok'));\napp.post('/items', (req, res) => res.status(201).json(req.body));\napp.listen(process.env.PORT || 3000);\n",
  'Dockerfile': 'FROM node:20.15-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nCMD ["node", "src/server.js"]\n',
};

interface Counts {
  items: number;
  unmapped: number;
  manual: number;
}

/** Reads the counts from the roadmap/unmapped-items check of an audit. */
function countsOf(check: CheckResult): Counts {
  const f = check.findings[0];
  const manual = check.evidence.filter((e) => /no program can verify it/.test(e.message)).length;
  if (f) return { items: Number(f.data?.items), unmapped: (f.data?.lines as number[]).length, manual };
  const m = /^(\d+) item/.exec(check.reason ?? '');
  return { items: Number(m?.[1]), unmapped: 0, manual };
}

describe('the seeds, audited as roadmaps', () => {
  const files = fs.readdirSync(SEEDS).filter((f) => /^\d{3}_.*\.md$/.test(f)).sort();
  it('has the five seeds', () => assert.deepEqual(files, Object.keys(EXPECTED)));
  const lines: string[] = [];
  for (const f of files) {
    it(`maps or explains at least 90% of ${f}`, async function () {
      this.timeout(60_000);
      const report = await auditFiles({ ...SERVICE, 'PRODUCTION_READINESS.md': fs.readFileSync(path.join(SEEDS, f), 'utf8') });
      const check = report.checks.find((c) => c.ruleId === 'roadmap/unmapped-items');
      assert.ok(check, 'the unmapped-items check ran');
      const got = countsOf(check);
      const want = EXPECTED[f];
      lines.push(`${f}: unmapped ${want.before}/${want.items} before, ${got.unmapped}/${got.items} now (${got.manual} manual with a reason)`);
      assert.equal(got.items, want.items, 'items read from the seed');
      assert.ok(got.unmapped <= got.items * 0.1, `${got.unmapped} of ${got.items} items unmapped (more than 10%)`);
      assert.equal(got.unmapped, want.unmapped, 'unmapped items');
      assert.equal(got.manual, want.manual, 'manual items with a stated reason');
    });
  }
  after(() => {
    if (lines.length) console.log(`      ${lines.join('\n      ')}`);
  });
});

describe('the seeds: positions of marks, claims, diagnostics and fixes', () => {
  type Pinned = { items: [number, number, number, number, string][]; claims: [number, number, number][] };
  const golden = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'roadmap', 'seed-positions.json'), 'utf8')) as Record<string, Pinned>;
  it('pins every seed', () => assert.deepEqual(Object.keys(golden), Object.keys(EXPECTED)));
  for (const f of Object.keys(EXPECTED)) {
    for (const eol of ['\n', '\r\n']) {
      it(`${f} (${eol === '\n' ? 'LF' : 'CRLF'})`, async function () {
        this.timeout(60_000);
        const text = fs.readFileSync(path.join(SEEDS, f), 'utf8').replace(/\r?\n/g, eol);
        const doc = parseRoadmap('PRODUCTION_READINESS.md', text);
        const want = golden[f];
        assert.deepEqual(doc.items.map((i) => [i.line, i.markLine, i.markSpan.start, i.markSpan.end, i.markText]), want.items, 'item marks');
        assert.deepEqual(doc.claims.map((c) => [c.line, c.span.start, c.span.end]), want.claims, 'claims');
        // Which items fail depends on the rules; where their diagnostics and fixes land depends on the
        // pinned positions only: a finding sits on an item's or claim's line, and its edit replaces a
        // pinned mark or claimed number, or appends at the end of an item's line.
        const marks = new Set(want.items.map(([, markLine, s, e]) => `${markLine}:${s}-${e}`));
        const spans = new Set(want.claims.map(([line, s, e]) => `${line}:${s}-${e}`));
        const lines = new Set([...want.items.flatMap(([line, markLine]) => [line, markLine]), ...want.claims.map(([line]) => line)]);
        const eolAt = (l: number) => text.split(/\r?\n/)[l].length;
        const report = await auditFiles({ ...SERVICE, 'PRODUCTION_READINESS.md': text });
        const findings = report.findings.filter((x) => x.ruleId.startsWith('roadmap/') && x.file === 'PRODUCTION_READINESS.md');
        assert.ok(findings.some((x) => x.fix), 'the seed has roadmap findings with fixes');
        for (const x of findings) {
          if (x.range) assert.ok(lines.has(x.range.start.line), `${x.ruleId} on line ${x.range.start.line + 1}, an item's or a claim's`);
          for (const c of x.fix?.changes ?? []) {
            if (c.kind !== 'edit') continue;
            const key = `${c.range.start.line}:${c.range.start.character}-${c.range.end.character}`;
            const append = c.range.start.character === c.range.end.character && c.range.end.character === eolAt(c.range.start.line) && lines.has(c.range.start.line);
            assert.ok(c.range.start.line === c.range.end.line && (marks.has(key) || spans.has(key) || append), `${x.ruleId}: edit at ${key} is a pinned mark, claim or line end`);
          }
        }
      });
    }
  }
});
