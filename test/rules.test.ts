/**
 * Data-driven rule tests. Every rule `area/name` has a folder `server/src/rules/<area>/fixtures/<name>/` holding cases:
 * small workspaces named `pass-*`, `fail-*`, `partial-*` or `na-*` (the expected status). Lines marked
 * `# want: <rule-id>` (or `// want:` / `<!-- want: -->`) must carry a finding on the next line, and
 * every finding with a line in a marked case must be marked. A sibling folder `<case>.fixed/` holds the
 * expected files after applying every fix; after the fixes the rule must pass or at least improve.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/rules';
import { applyFixes } from '../server/src/core/fixes';
import { Workspace } from '../server/src/core/workspace';
import { audit } from '../server/src/core/engine';
import { FIXED_NOW, ruleFixtures, readWants } from './helpers';

const STATUS_OF_PREFIX: Record<string, string[]> = {
  pass: ['pass'],
  fail: ['fail', 'partial'],
  partial: ['partial'],
  na: ['not-applicable'],
  waived: ['waived'],
};

function casesOf(ruleId: string): string[] {
  const dir = ruleFixtures(ruleId);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.endsWith('.fixed'))
    .map((e) => e.name)
    .sort();
}

describe('rule catalogue fixtures', () => {
  for (const rule of allRules) {
    describe(rule.id, () => {
      const cases = casesOf(rule.id);
      it('has at least one passing and one failing fixture', () => {
        assert.ok(cases.some((c) => c.startsWith('pass')), `missing ${path.relative(process.cwd(), ruleFixtures(rule.id))}/pass-*`);
        assert.ok(cases.some((c) => c.startsWith('fail') || c.startsWith('partial')), `missing ${path.relative(process.cwd(), ruleFixtures(rule.id))}/fail-*`);
      });
      for (const c of cases) {
        it(c, async () => {
          const dir = path.join(ruleFixtures(rule.id), c);
          // The fixtures test each rule's own judgement; the engine's no-CI policy has tests of its own.
          const report = await audit({ ws: Workspace.load(dir), now: FIXED_NOW, only: [rule.id], noCiPolicy: false });
          const isMeta = rule.category === 'manifest';
          const findings = report.findings.filter((f) => f.ruleId === rule.id);
          const status = isMeta ? (findings.length > 0 ? 'fail' : 'pass') : report.checks.find((x) => x.ruleId === rule.id)?.status;
          const prefix = c.split('-')[0];
          const expected = STATUS_OF_PREFIX[prefix];
          assert.ok(expected, `case name must start with pass-, fail-, partial-, na- or waived-: ${c}`);
          assert.ok(expected.includes(String(status)), `${rule.id}/${c}: expected ${expected.join(' or ')}, got ${status}\n${findings.map((f) => `  ${f.file}:${(f.range?.start.line ?? -1) + 1} ${f.message}`).join('\n')}`);
          if (prefix === 'fail' || prefix === 'partial') assert.ok(findings.length > 0, 'a failing case must report at least one finding');
          for (const f of findings) {
            if (f.range && f.file) {
              assert.ok(f.range.start.line >= 0 && f.range.end.line >= f.range.start.line, `bad range in ${f.file}`);
            }
          }
          const wants = readWants(dir).get(rule.id);
          if (wants && wants.size > 0) {
            const got = new Set(findings.filter((f) => f.file && f.range).map((f) => `${f.file}:${f.range!.start.line + 1}`));
            assert.deepEqual([...got].sort(), [...wants].sort(), 'findings must sit exactly on the marked lines');
          }
          const fixedDir = path.join(ruleFixtures(rule.id), `${c}.fixed`);
          if (fs.existsSync(fixedDir)) {
            const fixes = findings.filter((f) => f.fix).map((f) => f.fix!);
            assert.ok(fixes.length > 0, 'a .fixed folder needs findings with fixes');
            const read = (p: string) => (fs.existsSync(path.join(dir, p)) ? fs.readFileSync(path.join(dir, p), 'utf8') : undefined);
            const applied = applyFixes(fixes, read);
            for (const e of fs.readdirSync(fixedDir, { recursive: true, withFileTypes: true })) {
              if (!e.isFile()) continue;
              const abs = path.join(e.parentPath, e.name);
              const rel = path.relative(fixedDir, abs).split(path.sep).join('/');
              assert.equal(applied.files.get(rel) ?? read(rel), fs.readFileSync(abs, 'utf8'), `fixed text of ${rel}`);
            }
            // The fixed workspace must satisfy the rule better than before: what we write passes our own checks.
            const all: Record<string, string> = {};
            for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
              if (!e.isFile()) continue;
              const rel = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
              all[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
            }
            for (const [p, t] of applied.files) all[p] = t;
            const after = await audit({ ws: Workspace.fromFiles(all, {}, dir), now: FIXED_NOW, only: [rule.id], noCiPolicy: false });
            const afterFindings = after.findings.filter((f) => f.ruleId === rule.id);
            // A document scaffold writes prompts marked TODO: the honest result is a finding that says
            // the document is still to be filled in, never a pass (nothing earns nothing).
            const scaffolded = [...applied.files.values()].some((t) => /^\s*(?:[-*]\s+)?TODO\b/m.test(t));
            if (scaffolded) assert.ok(afterFindings.every((f) => /TODO|to fill in|not filled in|filled-in/.test(f.message)), `after a scaffold the findings must say what is left to fill in: ${afterFindings.map((f) => f.message).join('; ')}`);
            else assert.ok(afterFindings.length < findings.length, `fixes must remove findings (before ${findings.length}, after ${afterFindings.length})`);
          }
        });
      }
    });
  }
});
