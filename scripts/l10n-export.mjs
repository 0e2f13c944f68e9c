// Writes l10n/bundle.l10n.json: every string the client passes to `vscode.l10n.t(...)`, keyed by
// itself, so that a translation is a copy of this file (bundle.l10n.<locale>.json) and no change of
// code. `npm test` fails when the committed bundle is stale (test/l10n.test.ts); run
// `node scripts/l10n-export.mjs` after changing a client string (`--stdout` prints it instead).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The first argument of every `l10n.t(` call with a plain string literal, in source order. */
export function l10nStrings(source) {
  const out = [];
  const re = /l10n\.t\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const m of source.matchAll(re)) {
    const raw = m[2];
    // The literal as JavaScript reads it (escapes resolved).
    out.push(m[1] === '`' ? raw.replace(/\\`/g, '`') : JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`));
  }
  return out;
}

/** The bundle of every client source file, sorted by key. */
export function buildBundle(dir = path.join(REPO, 'client', 'src')) {
  const all = new Set();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts')).sort()) for (const s of l10nStrings(fs.readFileSync(path.join(dir, f), 'utf8'))) all.add(s);
  return Object.fromEntries([...all].sort().map((s) => [s, s]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const bundle = buildBundle();
  if (process.argv.includes('--stdout')) {
    process.stdout.write(JSON.stringify(bundle, null, 2) + '\n');
    process.exit(0);
  }
  fs.mkdirSync(path.join(REPO, 'l10n'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'l10n', 'bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
  console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} strings`);
}
