/**
 * The README's numbers about the catalogue are the catalogue's: the count of scored rules, of scored
 * categories, of unscored rules, of rules with quick fixes and of each category's rules are checked
 * against the registry, so that they are never typed by hand and left behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/rules';
import { REPO } from './helpers';

describe('README', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

  it('states the catalogue\'s counts as the registry has them', () => {
    const scored = allRules.filter((r) => r.category !== 'manifest');
    const m = /\*\*(\d+) rules in (\d+) scored categories\*\* \(plus (\d+) unscored ones/.exec(readme);
    assert.ok(m, 'the README states "**N rules in M scored categories** (plus K unscored ones"');
    assert.equal(Number(m[1]), scored.length, 'scored rules');
    assert.equal(Number(m[2]), new Set(scored.map((r) => r.category)).size, 'scored categories');
    assert.equal(Number(m[3]), allRules.length - scored.length, 'unscored rules');
    const fixes = /(\d+) of them carry quick fixes/.exec(readme);
    assert.ok(fixes, 'the README states how many carry quick fixes');
    assert.equal(Number(fixes[1]), allRules.filter((r) => r.fixable).length, 'rules with quick fixes');
  });

  it('states each category\'s count in its table as the registry has it', () => {
    const rows = [...readme.matchAll(/^\| ([a-z-]+) \| (\d+) \|/gm)];
    assert.ok(rows.length >= 11, `${rows.length} category rows`);
    for (const [, category, n] of rows) {
      // The manifest row counts the meta rules about the manifest (project/example is unscored too, but told apart).
      const want = category === 'manifest' ? allRules.filter((r) => r.id.startsWith('manifest/')).length : allRules.filter((r) => r.category === category).length;
      assert.ok(want > 0, `the README's table names the category ${category}, which no rule has`);
      assert.equal(Number(n), want, `rules of ${category}`);
    }
  });
});
