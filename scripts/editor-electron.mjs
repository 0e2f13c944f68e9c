// Runs the same in-editor mocha suite as scripts/editor-test.mjs, but in a desktop VS Code downloaded
// by @vscode/test-electron (for machines that can download one; CI here cannot, and uses
// code-server through editor-test.mjs instead). `node scripts/editor-electron.mjs [--version=1.91.0]`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.argv.find((a) => a.startsWith('--version='))?.slice(10) ?? 'stable';

execFileSync('node', ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
const out = path.join(REPO, 'out', 'editor');
await esbuild.build({
  entryPoints: [path.join(REPO, 'test/editor/suite/index.ts'), path.join(REPO, 'test/editor/suite/editor.test.ts')],
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

let executable;
try {
  executable = await downloadAndUnzipVSCode(version);
} catch (e) {
  console.log(`[editor-electron] skipped: no VS Code build could be downloaded (${e?.message ?? e}); use scripts/editor-test.mjs`);
  process.exit(0);
}

const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-electron-'));
fs.cpSync(path.join(REPO, 'test', 'editor', 'fixtures', 'service'), ws, { recursive: true });
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(out, 'index.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  console.log('[editor-electron] the in-editor suite passed');
} catch (e) {
  console.error(`[editor-electron] the in-editor suite failed: ${e?.message ?? e}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(ws, { recursive: true, force: true });
}
