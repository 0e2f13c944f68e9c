// Packages the VS Code extension (`production-readiness.vsix`) from a staging folder.
// package.json is both the extension's manifest and the npm package's, and vsce refuses a folder
// where package.json has a `files` list (which the npm package needs: only the CLI) next to a
// .vscodeignore. So the files the extension needs — the allow-list (`!pattern` lines) of
// .vscodeignore, which stays the single source of truth — are copied into `.vsix-stage/` with a
// package.json without `files`, and vsce packages that folder.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAGE = path.join(REPO, '.vsix-stage');
const OUT = path.join(REPO, 'production-readiness.vsix');
const SKIP = new Set(['node_modules', '.git', 'out', '.vsix-stage', '.corpus', 'test-artifacts', 'bench', 'test', 'examples']);

const allow = fs
  .readFileSync(path.join(REPO, '.vscodeignore'), 'utf8')
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l.startsWith('!'))
  .map((l) => l.slice(1));

const files = [];
const walk = (dir, rel) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(path.join(dir, e.name), r);
    } else if (e.isFile() && allow.some((p) => minimatch(r, p, { dot: true }))) files.push(r);
  }
};
walk(REPO, '');

fs.rmSync(STAGE, { recursive: true, force: true });
for (const r of files) {
  fs.mkdirSync(path.dirname(path.join(STAGE, r)), { recursive: true });
  fs.copyFileSync(path.join(REPO, r), path.join(STAGE, r));
}
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
delete manifest.files;
fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
fs.copyFileSync(path.join(REPO, '.vscodeignore'), path.join(STAGE, '.vscodeignore'));

const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
try {
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', OUT], { cwd: STAGE, stdio: 'inherit' });
} finally {
  fs.rmSync(STAGE, { recursive: true, force: true });
}
