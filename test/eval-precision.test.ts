/**
 * The sampling and the interval of the precision evaluation (scripts/eval-precision.mjs, issue 8): a
 * `--uniform` draw is reproducible (it depends on the set of items and the seed, never on the order in
 * which the parallel audits returned them), picks every item about equally often, and the report's
 * 95% Wilson interval has its textbook values.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './helpers';

/** An item as the script draws it: its label key and its message. */
interface Item {
  repo: string;
  kind: string;
  rule: string;
  file: string;
  line: string;
  fp: string;
  message: string;
}

/** What the tests use of the script. */
interface EvalPrecision {
  uniformDraw(items: Item[], n: number, seed: number): Item[];
  wilson(hits: number, n: number): [number, number];
}

/** `import()` of an ES module from these CommonJS tests (TypeScript would turn a plain `import()` into `require`). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant body, not input.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<EvalPrecision>;

/** `count` distinct items spread over a few repositories and rules, as an audit would report them. */
function items(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    repo: `repo${i % 7}`,
    kind: 'finding',
    rule: `area/rule${i % 11}`,
    file: `src/f${i}.go`,
    line: String(1 + (i % 50)),
    fp: i.toString(16).padStart(10, '0'),
    message: `message ${i}`,
  }));
}

/** The keys of a draw, in draw order. */
const keys = (draw: Item[]): string[] => draw.map((d) => `${d.repo} ${d.rule} ${d.file}:${d.line}`);

/** A fixed permutation of a list (reversal, then every odd index first), standing in for another audit order. */
function reorder<T>(list: T[]): T[] {
  const r = [...list].reverse();
  return [...r.filter((_, i) => i % 2 === 1), ...r.filter((_, i) => i % 2 === 0)];
}

describe('eval-precision: uniform draws and the Wilson interval', () => {
  let mod: EvalPrecision;
  before(async () => {
    mod = await importEsm(pathToFileURL(path.join(REPO, 'scripts', 'eval-precision.mjs')).href);
  });

  it('draws the same items for the same seed, whatever the order of its input', () => {
    const pool = items(300);
    const a = mod.uniformDraw(pool, 40, 2026);
    const b = mod.uniformDraw(reorder(pool), 40, 2026);
    assert.equal(a.length, 40);
    assert.deepEqual(keys(b), keys(a));
    assert.equal(new Set(keys(a)).size, 40, 'without replacement');
    assert.deepEqual(keys(mod.uniformDraw(pool, 40, 2026)), keys(a), 'again, the same');
  });

  it('draws other items for another seed, and never changes its input', () => {
    const pool = items(300);
    const before = keys(pool);
    const a = new Set(keys(mod.uniformDraw(pool, 40, 2026)));
    const b = keys(mod.uniformDraw(pool, 40, 2027));
    assert.ok(b.filter((k) => a.has(k)).length < 20, 'two seeds share few items');
    assert.deepEqual(keys(pool), before);
  });

  it('draws everything when asked for more than there is, and nothing for zero', () => {
    const pool = items(5);
    assert.equal(mod.uniformDraw(pool, 9, 1).length, 5);
    assert.equal(mod.uniformDraw(pool, 0, 1).length, 0);
    assert.equal(mod.uniformDraw([], 3, 1).length, 0);
  });

  it('picks every item about equally often (not weighted by rule or repository)', () => {
    // 2000 draws of 5 out of 20: each item is expected 500 times (standard deviation about 19).
    const pool = items(20);
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 2000; seed++) for (const k of keys(mod.uniformDraw(pool, 5, seed))) seen.set(k, (seen.get(k) ?? 0) + 1);
    assert.equal(seen.size, 20);
    for (const [k, n] of seen) assert.ok(n > 400 && n < 600, `${k} drawn ${n} times, expected about 500`);
  });

  it('gives the textbook 95% Wilson interval', () => {
    const [lo, hi] = mod.wilson(95, 100);
    assert.ok(Math.abs(lo - 0.8883) < 5e-4 && Math.abs(hi - 0.9785) < 5e-4, `${lo} ${hi}`);
    const [lo0, hi0] = mod.wilson(10, 10);
    assert.ok(Math.abs(lo0 - 0.7225) < 5e-4 && Math.abs(hi0 - 1) < 1e-9, `${lo0} ${hi0}`);
    assert.deepEqual(mod.wilson(0, 0), [0, 1]);
  });
});
