/**
 * The extension's contributions, checked without an editor: every `%key%` of package.json has its
 * text in package.nls.json, the client's `vscode.l10n.t` strings are all in l10n/bundle.l10n.json
 * (`node scripts/l10n-export.mjs` regenerates it), the `readiness.categories` setting has real
 * defaults (every category on, so the Settings UI shows them ticked), setting descriptions that use
 * Markdown are `markdownDescription`s, and the walkthrough's images ship in the package.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CATEGORY_IDS } from '../server/src/manifest/schema';
import { REPO } from './helpers';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(REPO, 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('extension contributions', () => {
  it('every %key% of package.json has its text in package.nls.json', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 40, `${keys.length} localised strings`);
    for (const k of keys) assert.ok(typeof nls[k] === 'string' && nls[k].length > 0, `package.nls.json has ${k}`);
    assert.equal(pkg.l10n, './l10n');
  });

  it('l10n/bundle.l10n.json holds every client string (run `node scripts/l10n-export.mjs` when this fails)', () => {
    const fresh = JSON.parse(execFileSync(process.execPath, [path.join(REPO, 'scripts', 'l10n-export.mjs'), '--stdout'], { encoding: 'utf8' }));
    const committed = JSON.parse(fs.readFileSync(path.join(REPO, 'l10n', 'bundle.l10n.json'), 'utf8'));
    assert.deepEqual(committed, fresh);
  });

  it('defect 1: readiness.categories defaults to every category on, and its description is Markdown', () => {
    const setting = pkg.contributes.configuration.properties['readiness.categories'];
    assert.deepEqual(Object.keys(setting.default).sort(), [...CATEGORY_IDS].sort());
    assert.ok(Object.values(setting.default).every((v) => v === true));
    for (const [id, p] of Object.entries(setting.properties) as [string, { default: boolean }][]) assert.equal(p.default, true, id);
  });

  it('defect 9: no setting shows raw backticks (Markdown goes in markdownDescription)', () => {
    for (const [id, p] of Object.entries(pkg.contributes.configuration.properties) as [string, { description?: string }][]) {
      const text = p.description?.startsWith('%') ? nls[p.description.slice(1, -1)] : p.description;
      assert.ok(!text || !text.includes('`'), `${id}: ${text}`);
    }
  });

  it('contributes a walkthrough with five steps (audit, score, fix, manifest, CI), each with an image that ships', () => {
    const [w] = pkg.contributes.walkthroughs;
    assert.deepEqual(w.steps.map((s: { id: string }) => s.id), ['audit', 'score', 'fix', 'manifest', 'ci']);
    const ignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8');
    assert.match(ignore, /!media\/walkthrough\/\*\.png/);
    for (const s of w.steps) assert.ok(fs.existsSync(path.join(REPO, s.media.image)), s.media.image);
  });

  it('the README opens with what the extension does and screenshots, before any contributor command', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const firstCode = readme.indexOf('```');
    const firstImage = readme.search(/!\[[^\]]*\]\([^)]+\.png\)/);
    assert.ok(firstImage > 0 && (firstCode < 0 || firstImage < firstCode), 'a screenshot comes before the first command');
    for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)) assert.ok(fs.existsSync(path.join(REPO, m[1])), m[1]);
  });
});
