/**
 * Roadmap parser tests. `test/fixtures/roadmap/marks.md` covers every status mark (checkboxes, emoji,
 * words, strike-through, task headings, status fields, table cells), priority marks, and the forms
 * mis-decoded as Windows-1252 and Mac Roman; `markdown.md` covers the Markdown structure markdown-it
 * decides (front matter, nested lists, code fenced or indented inside lists, HTML blocks, link
 * definitions, block quotes, tables without outer pipes, setext headings), where the line-based
 * reader before it found four items that are not, missed four that are and put one under the wrong heading. Each item line ends with
 * `<!-- expect: … -->`, and both read the same with CRLF line ends. The seeds
 * test reads every real roadmap in `shared/seeds` when that folder exists.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRoadmap } from '../server/src/roadmap/parse';
import { roadmapPaths } from '../server/src/roadmap/discover';
import { tickEdit } from '../server/src/roadmap/tick';
import { applyFixes } from '../server/src/core/fixes';
import { Workspace } from '../server/src/core/workspace';
import { repairLine, repairText, hasMojibake } from '../server/src/roadmap/mojibake';
import fc from 'fast-check';
import { REPO } from './helpers';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'roadmap');
const EXPECT = /<!-- expect: (.*?) -->/;

/** The folders where the team's real roadmaps may be: `/work/shared/seeds` or `../shared/seeds` next to the repository. */
export function seedDirs(): string[] {
  return [...new Set([path.resolve(REPO, '..', 'shared', 'seeds'), '/work/shared/seeds'])].filter((d) => fs.existsSync(d) && fs.statSync(d).isDirectory());
}

/** Windows-1252 characters of bytes 0x80-0x9F (Node's decoder treats the label as Latin-1). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** UTF-8 bytes read as Windows-1252, with the five undefined bytes dropped (`keep` false) or kept as C1 controls. */
function cp1252(s: string, keep = true): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    if ([0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b)) out += keep ? String.fromCharCode(b) : '';
    else out += b >= 0x80 && b < 0xa0 ? CP1252_C1[b - 0x80] : String.fromCharCode(b);
  }
  return out;
}

/** UTF-8 bytes read as Mac Roman. */
function macRoman(s: string): string {
  return new TextDecoder('macintosh').decode(new TextEncoder().encode(s));
}

describe('roadmap parser', () => {
  for (const fixture of ['marks.md', 'markdown.md']) {
    describe(`fixture ${fixture}`, () => {
      const text = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
      const lines = text.split('\n');
      const doc = parseRoadmap(fixture, text);
      const byLine = new Map(doc.items.map((i) => [i.line, i]));

      it('finds an item on exactly the lines that expect one', () => {
        const expected = lines.map((l, i) => [i, EXPECT.exec(l)?.[1]] as const).filter(([, e]) => e && e !== 'none').map(([i]) => i + 1);
        assert.deepEqual(doc.items.map((i) => i.line + 1), expected);
      });
      lines.forEach((l, i) => {
        const e = EXPECT.exec(l)?.[1];
        if (!e) return;
        it(`line ${i + 1}: ${e}`, () => {
          const item = byLine.get(i);
          if (e === 'none') return assert.equal(item, undefined, `line ${i + 1} is not an item`);
          assert.ok(item, `line ${i + 1} is an item`);
          const [status, priority, mark, negative] = e.split(/\s+/);
          assert.equal(item.status, status, 'status');
          if (priority && priority !== '-') assert.equal(item.priority, priority, 'priority');
          if (priority === '-') assert.equal(item.priority, undefined, 'no priority');
          if (mark) assert.equal(item.mark, mark, 'mark kind');
          assert.equal(item.negative, negative === 'negative', 'negative phrasing');
          assert.ok(!/[âðœ‚√ü]|<!--/.test(item.text), `clean text: ${item.text}`);
          if (item.mark !== 'heading') assert.equal(lines[item.markLine].slice(item.markSpan.start, item.markSpan.end), item.markText, 'the mark span points at the mark as written');
        });
      });
      it('reads the same items, claims and positions with CRLF and lone CR line ends', () => {
        for (const eol of ['\r\n', '\r']) assert.deepEqual(parseRoadmap(fixture, text.replace(/\n/g, eol)), doc);
      });
    });
  }

  describe('fixture marks.md, details', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'marks.md'), 'utf8');
    const doc = parseRoadmap('marks.md', text);

    it('keeps the heading path and skips front matter, code and comments', () => {
      const it1 = doc.items.find((i) => i.text === 'Lower-case x checkbox')!;
      assert.deepEqual(it1.headings, ['Marks — Production Readiness Roadmap', 'Critical Priority', 'Checkboxes']);
      assert.equal(doc.title, 'Marks — Production Readiness Roadmap');
      assert.ok(!doc.items.some((i) => /fenced|comment block/i.test(i.text)));
      assert.equal(doc.decorative, 2);
    });
    it('collects the unmarked lines nested under an item as its detail', () => {
      const d = parseRoadmap('x.md', '# Roadmap\n\n- [ ] **API Security**\n  - Rate limiting\n  - CORS configuration\n- [ ] Next\n');
      assert.match(d.items[0].detail, /Rate limiting.*CORS/);
      assert.equal(d.items[1].detail, '');
    });
    it('reads explicit rule ids and manual annotations', () => {
      const d = parseRoadmap('x.md', '# Roadmap\n\n- [x] Health check `docker/healthcheck`\n- [ ] Legal review <!-- readiness: manual -->\n- [ ] Probe <!-- readiness: k8s/probes -->\n');
      assert.deepEqual(d.items.map((i) => [i.refs, i.manual]), [[['docker/healthcheck'], false], [[], true], [['k8s/probes'], false]]);
    });
    it('does not read ordinary words as status words', () => {
      const d = parseRoadmap('x.md', '# Roadmap\n\n- Get the migration done\n- Todo list for the team\n- Partial refunds are supported\n- Done reviewing this is not a status\n');
      assert.deepEqual(d.items, []);
    });
  });

  describe('fixture markdown.md, details', () => {
    const doc = parseRoadmap('markdown.md', fs.readFileSync(path.join(FIXTURES, 'markdown.md'), 'utf8'));
    it('takes setext headings as sections and as task headings', () => {
      assert.deepEqual(doc.items.find((i) => i.text === 'Page the on-call engineer')!.headings, ['Markdown Structure — Production Readiness Roadmap', 'Operations']);
      assert.deepEqual(doc.items.find((i) => i.text === 'Write the runbook')!.headings, ['Markdown Structure — Production Readiness Roadmap']);
    });
    it('reads a table without outer pipes, and keeps a comment line between rows inside the table', () => {
      const d = parseRoadmap('x.md', '# R\n\n| Item | Status |\n|---|---|\n<!-- want: roadmap/done-but-failing -->\n| Runbook | ✅ |\n| Backups | ❌ |\n\n| Not | a table |\n');
      assert.deepEqual(d.items.map((i) => [i.line, i.text, i.status, i.mark]), [[5, 'Runbook', 'done', 'table'], [6, 'Backups', 'open', 'table']]);
    });
  });

  describe('claims', () => {
    const claim = (line: string) => parseRoadmap('x.md', `# Roadmap\n\n${line}\n`).claims.map((c) => [c.value ?? c.level, c.subject]);
    const cases: [string, unknown[]][] = [
      ['**Current:** 85% MVP Production Ready', [[85, null]]],
      ['### Current Status: ðŸŸ¡ **85% MVP Production Ready**', [[85, null]]],
      ['**Current Status: 70.4/100 - Excellent progress made!**', [[70.4, null]]],
      ['**Current Progress: ~70% complete**', [[70, null]]],
      ['**Completed:** 85%', [[85, null]]],
      ['We are 85% production ready.', [[85, null]]],
      ['Security readiness: 40%', [[40, 'Security']]],
      ['**Target:** 100% MVP Production Ready', []],
      ['## From 85% to 100% - Comprehensive Action Plan', []],
      ['This roadmap is the plan to achieve 100% MVP production readiness', []],
      ['**Timeline:** 4-6 weeks to 100% MVP production ready', []],
      ['- Test coverage is at least 70% for both frontend and backend', []],
      ['- ❌ Complete monitoring stack (60% - health checks exist)', []],
      ['**Gap:** 15%', []],
      ['**Next Step: Execute Phase 2 to reach 90+ score**', []],
      ['Code coverage currently at 60%', []],
      ['**Status:** ✅ Production ready', [['production', null]]],
      ['**Status**: All features implemented ✅ | Production hardening needed 🔧', []],
    ];
    for (const [line, want] of cases) it(line, () => assert.deepEqual(claim(line), want));
    it('reads the Current column of a scorecard table', () => {
      const d = parseRoadmap('x.md', '# R\n\n| Category | Current | Target |\n|---|---|---|\n| **Monitoring** | 60% | 100% |\n| **Overall** | **85%** | **100%** |\n');
      assert.deepEqual(d.claims.map((c) => [c.line, c.value, c.subject]), [[4, 60, 'Monitoring'], [5, 85, null]]);
      assert.equal('| **Overall** | **85%** | **100%** |'.slice(d.claims[1].span.start, d.claims[1].span.end), '85%');
    });
  });

  describe('mojibake', () => {
    const marks = ['✅', '❌', '⚠️', '✔', '☑', '🟡', '🔴', '🟢', '🟠', '⏳', '→', '├──'];
    for (const m of marks) {
      it(`repairs ${m} read as Windows-1252 and as Mac Roman`, () => {
        assert.equal(repairLine(`- ${cp1252(m)} x`).text, `- ${m} x`);
        assert.equal(repairLine(`- ${cp1252(m, false)} x`).text, `- ${m} x`);
        assert.equal(repairLine(`- ${macRoman(m)} x`).text, `- ${m} x`);
      });
    }
    it('maps repaired positions back to the original', () => {
      const r = repairLine('a âœ… b');
      assert.equal(r.text, 'a ✅ b');
      assert.deepEqual([r.map[2], r.map[3], r.map[4]], [2, 5, 6]);
    });
    it('leaves correct text alone', () => {
      for (const s of ['café crème', 'naïve Zürich', '✅ done', 'plain ASCII', 'Ã alone', '']) assert.equal(repairText(s), s);
      assert.equal(hasMojibake('âœ… done'), true);
      assert.equal(hasMojibake('café'), false);
    });
  });

  describe('seeds', () => {
    const dirs = seedDirs();
    before(function () {
      if (dirs.length === 0) this.skip();
    });
    const files = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => !f.startsWith('.')).map((f) => path.join(d, f)));
    for (const file of files) {
      it(`parses ${path.basename(file)} and finds its checklist items`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const doc = parseRoadmap(path.basename(file), text);
        assert.ok(doc.items.length > 0, 'finds items');
        // Every checkbox line outside fenced code is an item, and every item has words.
        let fence = false;
        text.split(/\r?\n/).forEach((l, i) => {
          if (/^\s{0,3}(```|~~~)/.test(l)) fence = !fence;
          if (!fence && /^\s*([-*+]|\d+[.)])\s+\[[ xX]\]\s+\S/.test(l)) assert.ok(doc.items.some((it) => it.line === i), `checkbox on line ${i + 1} is an item`);
        });
        for (const it of doc.items) assert.ok(it.text.length > 0 && !/[âðœ‚√]/.test(it.text), `line ${it.line + 1}: ${it.text}`);
      });
    }
  });

  describe('discovery', () => {
    it('finds roadmaps by name and by content, and leaves the rest alone', () => {
      const items = '- [x] Dockerfile\n- [ ] Runbook\n- ❌ Load tests\n';
      const ws = Workspace.fromFiles({
        'ROADMAP.md': `# Roadmap\n\n${items}`,
        'docs/PRODUCTION_READINESS.md': `# Readiness\n\n**Current:** 80% production ready\n`,
        'LAUNCH_CHECKLIST.md': `# Launch\n\n${items}`,
        'docs/path.md': `# Path to Production\n\n${items}`,
        'README.md': `# App\n\n## Roadmap\n\n${items}`,
        'CHANGELOG.md': `# Changelog roadmap\n\n${items}`,
        'examples/demo/ROADMAP.md': `# Roadmap\n\n${items}`,
        'test/fixtures/x/ROADMAP.md': `# Roadmap\n\n${items}`,
        'a/b/c/plan.md': `# Roadmap\n\n${items}`,
        'docs/roadmap-empty.md': '# Roadmap\n\nNothing planned yet.\n',
        'notes.txt': 'roadmap',
      });
      assert.deepEqual(roadmapPaths(ws), ['LAUNCH_CHECKLIST.md', 'ROADMAP.md', 'docs/PRODUCTION_READINESS.md', 'docs/path.md']);
    });
  });

  describe('robustness', () => {
    const pieces = ['- [x] ', '- [ ] ', '* ', '1. ', '# ', '### ', '| a | ✅ |', '|---|---|', '```', '<!--', '-->', '✅', 'âœ…', 'âŒ', '‚úÖ', 'ðŸŸ¡', '~~', '**', 'Status: ', 'Priority: ', '85%', '/100', 'Current: ', '\n', '\r\n', ' ', 'x', '`a/b`', '\uFE0F', '\u0000'];
    it('never throws and keeps positions inside the text', () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme' })), { maxLength: 60 }), (parts) => {
          const text = parts.join('');
          const doc = parseRoadmap('x.md', text);
          const lines = text.split(/\r?\n|\r/);
          for (const it of doc.items) {
            assert.ok(it.line >= 0 && it.line < lines.length);
            assert.ok(it.markSpan.start >= 0 && it.markSpan.end >= it.markSpan.start && it.markSpan.end <= lines[it.markLine].length);
          }
          for (const c of doc.claims) assert.ok(c.span.end <= lines[c.line].length);
        }),
        { numRuns: 300 },
      );
    });
    it('repairs with a monotonic position map', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => {
          const r = repairLine(s);
          assert.equal(r.map.length, r.text.length + 1);
          for (let i = 1; i < r.map.length; i++) assert.ok(r.map[i] >= r.map[i - 1]);
          assert.equal(r.map[r.map.length - 1], s.length);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('ticks', () => {
    const cases: [string, string][] = [
      ['- [ ] Runbook', '- [x] Runbook'],
      ['- [~] Runbook (in progress)', '- [x] Runbook'],
      ['- ❌ Runbook', '- ✅ Runbook'],
      ['- âŒ Runbook', '- ✅ Runbook'],
      ['- ⚠️ Runbook (in progress)', '- ✅ Runbook'],
      ['### Runbook ❌ **Missing**', '### Runbook ✅'],
      ['### Runbook ❌ **Missing** <!-- note -->', '### Runbook ✅ <!-- note -->'],
      ['- TODO: Runbook', '- DONE: Runbook'],
      ['- [WIP] Runbook', '- [DONE] Runbook'],
      ['- Runbook (pending)', '- Runbook (done)'],
      ['| Runbook | ❌ |', '| Runbook | ✅ |'],
      ['#### 1.1 Write the runbook\n- **Effort:** 1 day', '#### 1.1 Write the runbook ✅\n- **Effort:** 1 day'],
      ['#### 1.1 Write the runbook\n- **Status:** Not started', '#### 1.1 Write the runbook\n- **Status:** ✅ Done'],
    ];
    for (const [before, after] of cases) {
      it(`${before.split('\n')[0]} → ${after.split('\n').pop()}`, () => {
        const text = `# Roadmap\n\n${before === '| Runbook | ❌ |' ? '| Item | Status |\n|---|---|\n' : ''}${before}\n`;
        const doc = parseRoadmap('R.md', text);
        assert.equal(doc.items.length, 1, JSON.stringify(doc.items));
        const it0 = doc.items[0];
        const edits = tickEdit(it0, text.split('\n')[it0.markLine])!;
        const applied = applyFixes([{ title: 't', changes: edits.map((e) => ({ kind: 'edit' as const, file: 'R.md', ...e })) }], () => text);
        assert.equal(applied.files.get('R.md'), text.replace(before, after));
      });
    }
    it('does not tick items phrased as an absence', () => {
      const doc = parseRoadmap('R.md', '# R\n\n- ❌ No rate limiting\n');
      assert.equal(tickEdit(doc.items[0], '- ❌ No rate limiting'), undefined);
    });
  });
});
