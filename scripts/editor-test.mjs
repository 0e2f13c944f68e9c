// Runs the editor tests in a real VS Code: code-server (installed outside the repository by
// scripts/editor-setup.sh) with the packaged .vsix installed, driven by Debian's chromium through
// playwright-core. Two parts:
//   1. the in-editor mocha suite (test/editor/suite), run inside the extension host by a tiny runner
//      extension, in a copy of the fixture workspace;
//   2. Playwright tests of what a person sees, in another copy: the Problems panel, the tree, the
//      score panel and a quick fix from the light bulb; the welcome view of a workspace without a
//      manifest; the Roadmap node and Generate Roadmap in a copy of examples/overclaiming-app; the
//      Settings UI of `readiness.categories`; Fix All in This File; the Getting Started walkthrough.
//      Screenshots go to test-artifacts/editor/; the `media-*.png` ones are cropped to what the
//      walkthrough and the README show (copy them to media/walkthrough/ after looking at them).
// Prints "N passed, M failed" and exits non-zero on any failure.
//
// Options: --skip-setup (code-server already installed), --skip-package (use the existing .vsix),
// --keep (leave the temporary folders), --only=suite|ui.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = path.join(REPO, 'test-artifacts', 'editor');
const FIXTURE = path.join(REPO, 'test', 'editor', 'fixtures', 'service');
const VSIX = path.join(REPO, 'production-readiness.vsix');
const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--only='))?.slice(7);
const log = (m) => console.log(`[editor-test] ${m}`);

const results = [];
function record(title, ok, error) {
  results.push({ title, ok, error });
  console.log(`  ${ok ? '✔' : '✘'} ${title}${error ? `\n      ${String(error).split('\n').slice(0, 6).join('\n      ')}` : ''}`);
}

// ---- 1. Tools -----------------------------------------------------------------------------------
let cache = process.env.READINESS_EDITOR_CACHE ?? path.join(os.homedir(), '.cache', 'readiness-editor');
if (!args.has('--skip-setup')) {
  log('checking the editor tools (scripts/editor-setup.sh)');
  const out = execFileSync('bash', [path.join(REPO, 'scripts', 'editor-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  cache = out.trim().split('\n').pop();
}
const node24 = findFile(path.join(cache, 'node24', 'node_modules'), (p) => p.endsWith(`${path.sep}bin${path.sep}node`));
const codeServer = path.join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
if (!node24 || !fs.existsSync(codeServer) || !chromiumPath) {
  console.error(`[editor-test] missing tools: node24=${node24} code-server=${fs.existsSync(codeServer)} chromium=${chromiumPath}; run scripts/editor-setup.sh`);
  process.exit(1);
}

// ---- 2. Build the extension and the suite ---------------------------------------------------------
if (!args.has('--skip-package') || !fs.existsSync(VSIX)) {
  log('packaging the extension');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}
log(`vsix: ${(fs.statSync(VSIX).size / 1024).toFixed(0)} KB`);
log('type-checking the client and the in-editor suite');
execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(REPO, 'test', 'editor', 'tsconfig.json')], { cwd: REPO, stdio: 'inherit' });
const suiteOut = path.join(REPO, 'out', 'editor');
await esbuild.build({
  entryPoints: [path.join(REPO, 'test/editor/suite/index.ts'), path.join(REPO, 'test/editor/suite/editor.test.ts')],
  outdir: suiteOut,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
// The bundle lives outside node_modules' resolution path of the extension host: resolve mocha here.
fs.writeFileSync(path.join(suiteOut, 'package.json'), '{"type":"commonjs"}');

// ---- 3. Editor profile: the .vsix and the suite runner --------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-editor-'));
const userData = path.join(tmp, 'user-data');
const extDir = path.join(tmp, 'extensions');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'files.autoSave': 'off',
  'editor.lightbulb.enabled': 'on',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
}, null, 2));
const csEnv = { ...process.env, PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH}` };
execFileSync(node24, [codeServer, '--user-data-dir', userData, '--extensions-dir', extDir, '--install-extension', VSIX], { env: csEnv, stdio: ['ignore', 'ignore', 'inherit'] });
const runnerDir = path.join(extDir, 'readiness-tests.readiness-test-runner-0.0.1');
fs.mkdirSync(runnerDir, { recursive: true });
fs.writeFileSync(path.join(runnerDir, 'package.json'), JSON.stringify({
  name: 'readiness-test-runner', publisher: 'readiness-tests', version: '0.0.1', engines: { vscode: '^1.91.0' },
  main: './extension.js', activationEvents: ['onStartupFinished'], extensionDependencies: ['production-readiness.production-readiness'],
}, null, 2));
fs.writeFileSync(path.join(runnerDir, 'extension.js'), `// Runs the in-editor suite when the workspace carries the marker file written by editor-test.mjs.
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
exports.activate = async () => {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) return;
  const marker = path.join(folder.uri.fsPath, '.readiness-editor-suite.json');
  if (!fs.existsSync(marker)) return;
  const cfg = JSON.parse(fs.readFileSync(marker, 'utf8'));
  try {
    const { run } = require(cfg.index);
    await run({ resultsPath: cfg.results, rejectOnFailure: false });
  } catch (e) {
    fs.writeFileSync(cfg.results, JSON.stringify({ passed: 0, failed: 1, pending: 0, tests: [{ title: 'suite', state: 'failed', error: String(e && e.stack || e) }] }));
  }
};
`);

// Register the runner like an installed extension, next to the .vsix that --install-extension added.
const registry = path.join(extDir, 'extensions.json');
const installed = fs.existsSync(registry) ? JSON.parse(fs.readFileSync(registry, 'utf8')) : [];
installed.push({
  identifier: { id: 'readiness-tests.readiness-test-runner' },
  version: '0.0.1',
  location: { $mid: 1, fsPath: runnerDir, external: `file://${runnerDir}`, path: runnerDir, scheme: 'file' },
  relativeLocation: path.basename(runnerDir),
  metadata: { installedTimestamp: Date.now(), source: 'vsix' },
});
fs.writeFileSync(registry, JSON.stringify(installed));

// ---- 4. Workspaces and code-server ----------------------------------------------------------------
const suiteWs = path.join(tmp, 'suite-ws');
const uiWs = path.join(tmp, 'ui-ws');
fs.cpSync(FIXTURE, suiteWs, { recursive: true });
fs.cpSync(FIXTURE, uiWs, { recursive: true });
const bareWs = path.join(tmp, 'bare-ws');
const hobby = path.join(REPO, 'examples', 'hobby-app');
if (fs.existsSync(hobby)) fs.cpSync(hobby, bareWs, { recursive: true });
else {
  fs.mkdirSync(bareWs, { recursive: true });
  fs.writeFileSync(path.join(bareWs, 'Dockerfile'), 'FROM node:latest\nCOPY . /app\nCMD npm start\n');
}
for (const m of ['readiness.yaml', 'readiness.yml', '.readiness.yaml', '.readiness.yml']) fs.rmSync(path.join(bareWs, m), { force: true });
const roadmapWs = path.join(tmp, 'roadmap-ws');
fs.cpSync(path.join(REPO, 'examples', 'overclaiming-app'), roadmapWs, { recursive: true });
const resultsPath = path.join(tmp, 'suite-results.json');
fs.writeFileSync(path.join(suiteWs, '.readiness-editor-suite.json'), JSON.stringify({ index: path.join(suiteOut, 'index.js'), results: resultsPath }));
fs.mkdirSync(ARTIFACTS, { recursive: true });
for (const f of fs.readdirSync(ARTIFACTS)) fs.rmSync(path.join(ARTIFACTS, f), { force: true, recursive: true });

const port = await freePort();
const csLog = fs.createWriteStream(path.join(ARTIFACTS, 'code-server.log'));
const cs = spawn(node24, [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extDir, suiteWs], { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'] });
cs.stdout.pipe(csLog);
cs.stderr.pipe(csLog);
let browser;
const cleanup = async () => {
  try {
    await browser?.close();
  } catch {
    /* already closed */
  }
  if (cs.exitCode === null) cs.kill('SIGTERM');
  if (!args.has('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  await waitFor(() => canConnect(port), 'code-server to listen', 60000);
  log(`code-server on 127.0.0.1:${port}`);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });

  if (only !== 'ui') await runSuite(context);
  if (only !== 'suite') await runUi(context);
} catch (e) {
  record('editor test harness', false, e?.stack ?? e);
} finally {
  await cleanup();
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`\nscreenshots and logs: ${path.relative(REPO, ARTIFACTS)}/`);
console.log(`editor: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || results.length === 0 ? 1 : 0);

// ---- The in-editor mocha suite --------------------------------------------------------------------
async function runSuite(context) {
  log('in-editor suite: opening the suite workspace');
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(suiteWs)}`);
  try {
    await waitFor(() => fs.existsSync(resultsPath), 'the in-editor suite to finish', 300000);
  } catch (e) {
    await page.screenshot({ path: path.join(ARTIFACTS, 'suite-timeout.png') });
    record('in-editor suite finished', false, e.message);
    await page.close();
    return;
  }
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(ARTIFACTS, 'suite-end.png') });
  const res = JSON.parse(fs.readFileSync(resultsPath, 'utf8'));
  for (const t of res.tests) record(`[in-editor] ${t.title}`, t.state !== 'failed', t.error);
  await page.close();
}

// ---- Playwright tests of what a person sees -------------------------------------------------------
async function runUi(context) {
  log('UI tests: opening the UI workspace');
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(uiWs)}`);
  const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  const step = async (title, fn) => {
    try {
      await fn();
      record(`[ui] ${title}`, true);
    } catch (e) {
      await shot(`failed-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
      const classes = await page.evaluate(() => [...globalThis.document.querySelectorAll('.monaco-editor .margin *, .lightBulbWidget, .lightBulbWidget *')].map((el) => el.className).filter((c) => typeof c === 'string' && c.trim()).slice(0, 40)).catch(() => []);
      fs.writeFileSync(path.join(ARTIFACTS, 'failed-dom.json'), JSON.stringify(classes, null, 1));
      record(`[ui] ${title}`, false, e?.message ?? e);
    }
  };
  const palette = async (command) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  };
  /** A screenshot of one part of the workbench (for the walkthrough and the README). */
  const clip = async (name, selector) => {
    const box = await page.locator(selector).first().boundingBox();
    if (box) await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), clip: { x: box.x, y: box.y, width: Math.min(box.width, 1000), height: Math.min(box.height, 640) } });
  };
  const openFile = async (rel) => {
    // A file already open in a tab is brought to the front by its tab.
    const tab = page.locator('.tab', { hasText: path.basename(rel) }).first();
    if ((await tab.count()) > 0) {
      await tab.click();
      await page.locator('.tab.active', { hasText: path.basename(rel) }).waitFor({ timeout: 10000 });
      return;
    }
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(rel);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: path.basename(rel) }).waitFor({ timeout: 10000 });
  };

  await step('the workbench starts and the status bar shows the score', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await page.locator('.statusbar-item', { hasText: /Readiness \d+/ }).first().waitFor({ timeout: 120000 });
    await shot('01-workbench');
  });

  await step('the Problems panel lists our diagnostics', async () => {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ timeout: 15000 });
    await panel.locator('.monaco-list-row', { hasText: 'readiness.yaml' }).first().waitFor({ timeout: 60000 });
    await shot('02-problems');
    // The list is virtual: filter it to bring the Dockerfile's finding into view.
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.fill('non-root');
    await panel.locator('.monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor({ timeout: 30000 });
    await panel.locator('.monaco-list-row', { hasText: 'docker/non-root-user' }).first().waitFor({ timeout: 30000 });
    await shot('02b-problems-filtered');
    await filter.fill('');
    await page.keyboard.press('Control+J');
  });

  await step('the activity-bar tree shows categories with scores', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Production Readiness"], .activitybar .action-item[aria-label^="Production Readiness"]').first().click();
    const tree = page.locator('.pane', { hasText: 'Checks' });
    // Categories with failing checks come first, each saying how many fail.
    await tree.locator('.monaco-list-row', { hasText: /\d+(\.\d+)?\/\d+ · \d+ failing/ }).first().waitFor({ timeout: 30000 });
    await page.mouse.move(1000, 600);
    await page.waitForTimeout(500);
    await shot('03-tree');
    await clip('media-tree', '.part.sidebar');
    // The filter shows failing checks only; every row left is a failing check or its category.
    await page.locator('[aria-label="Show Failing Checks Only"]').first().click();
    await page.locator('[aria-label="Show All Checks"]').first().waitFor({ timeout: 10000 });
    await page.waitForTimeout(800);
    if ((await tree.locator('.monaco-list-row', { hasText: /^Passing \(\d+\)/ }).count()) > 0) throw new Error('the failing-only filter still shows the Passing group');
    await shot('03b-tree-failing-only');
    await page.locator('[aria-label="Show All Checks"]').first().click();
    await page.locator('[aria-label="Show Failing Checks Only"]').first().waitFor({ timeout: 10000 });
  });

  await step('the score panel renders the score, the categories and next steps', async () => {
    await palette('Readiness: Show Score Panel');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const score = frame.locator('[data-testid=score]');
    await score.waitFor({ timeout: 30000 });
    const text = (await score.textContent()) ?? '';
    if (!/^\d+(\.\d+)?$/.test(text.trim())) throw new Error(`score text is "${text}"`);
    await frame.locator('.bars .row').first().waitFor({ timeout: 10000 });
    await page.waitForTimeout(300);
    await shot('04-score-panel');
    await clip('media-panel', '.part.editor');
  });

  await step('a quick fix from the light bulb creates a file', async () => {
    const target = path.join(uiWs, '.dockerignore');
    if (fs.existsSync(target)) throw new Error('.dockerignore exists before the fix');
    await openFile('readiness.yaml');
    // Repository-level findings sit on the manifest's first key; put the cursor there.
    const lines = fs.readFileSync(path.join(uiWs, 'readiness.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#')) + 1;
    await page.locator('.monaco-editor .view-line').nth(line - 1).click();
    // The light bulb appears in the gutter once the code actions of the line are known.
    const bulb = page.locator('.monaco-editor .margin [class*="lightbulb"], .monaco-editor .margin [class*="light-bulb"], .lightBulbWidget .codicon').first();
    await bulb.waitFor({ state: 'visible', timeout: 20000 });
    await shot('05-lightbulb');
    await bulb.click();
    const menu = page.locator('.action-widget').first();
    await menu.waitFor({ timeout: 15000 });
    const item = menu.locator('.monaco-list-row', { hasText: '.dockerignore' }).first();
    await item.waitFor({ timeout: 15000 });
    await shot('06-lightbulb-menu');
    const menuBox = await menu.boundingBox();
    if (menuBox) await page.screenshot({ path: path.join(ARTIFACTS, 'media-fix.png'), clip: { x: Math.max(0, menuBox.x - 360), y: Math.max(0, menuBox.y - 80), width: Math.min(1000, menuBox.width + 420), height: Math.min(560, menuBox.height + 100) } });
    await item.click();
    await waitFor(() => fs.existsSync(target), '.dockerignore to be created', 15000);
    await page.locator('.tab', { hasText: '.dockerignore' }).first().waitFor({ timeout: 15000 });
    await waitFor(() => fs.readFileSync(target, 'utf8').includes('node_modules'), '.dockerignore saved with its content', 15000);
    await page.waitForTimeout(300);
    await shot('07-created-file');
  });

  await step('Fix All in This File fixes the three jobs of a workflow at once', async () => {
    const rel = '.github/workflows/ci.yml';
    const wf = path.join(uiWs, rel);
    fs.mkdirSync(path.dirname(wf), { recursive: true });
    const jobs = ['lint', 'test', 'build'].flatMap((job) => [`  ${job}:`, '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2', `      - run: npm ci && npm run ${job}`]);
    fs.writeFileSync(wf, ['name: ci', 'on: [push, pull_request]', 'permissions:', '  contents: read', 'jobs:', ...jobs, ''].join('\n'));
    await openFile(rel);
    await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error, .monaco-editor .squiggly-info').first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(500);
    await shot('12-fix-all-before');
    await palette('Readiness: Fix All in This File');
    await page.locator('.monaco-editor .view-line', { hasText: 'timeout-minutes' }).nth(2).waitFor({ timeout: 15000 });
    await page.waitForTimeout(500);
    await shot('13-fix-all-after');
    await page.keyboard.press('Control+S');
    await waitFor(() => (fs.readFileSync(wf, 'utf8').match(/^ {4}timeout-minutes: \d+$/gm) ?? []).length === 3, 'three job-level timeouts on disk', 15000);
  });

  await step('the manifest completes its keys (with their meaning) on a new line', async () => {
    await openFile('readiness.yaml');
    const lines = fs.readFileSync(path.join(uiWs, 'readiness.yaml'), 'utf8').split('\n');
    await page.locator('.monaco-editor .view-line').nth(lines.length - 2).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('ig');
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget .monaco-list-row', { hasText: 'ignore' }).first().waitFor({ timeout: 15000 });
    // A second Ctrl+Space opens the item's documentation beside the list.
    await page.keyboard.press('Control+Space');
    await page.waitForTimeout(800);
    await shot('14-manifest-completion');
    await clip('media-manifest', '.part.editor');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
  });

  await step('the Settings UI shows every category ticked, and unticking one leaves the others on', async () => {
    await palette('Preferences: Open Workspace Settings');
    const search = page.locator('.settings-editor .search-container').first();
    await search.waitFor({ timeout: 20000 });
    await search.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('readiness.categories');
    const item = page.locator('.settings-editor .setting-item', { hasText: 'Categories' }).first();
    await item.waitFor({ timeout: 20000 });
    await page.waitForTimeout(800);
    fs.writeFileSync(path.join(ARTIFACTS, 'settings-categories.html'), await item.evaluate((el) => el.outerHTML));
    const boxes = item.locator('.monaco-custom-toggle, input[type=checkbox]');
    await boxes.first().waitFor({ timeout: 10000 });
    const count = await boxes.count();
    if (count < 11) throw new Error(`${count} checkboxes`);
    const checked = await boxes.evaluateAll((els) => els.filter((e) => e.classList.contains('checked') || e.getAttribute('aria-checked') === 'true' || e.checked === true).length);
    await shot('15-settings-categories');
    if (checked < 11) throw new Error(`${checked} of ${count} ticked although every category is on`);
    // Untick Performance: only it is written false, the score stays and the tree keeps the other categories.
    const perf = item.locator('.setting-list-object-widget .setting-list-row, .setting-item-bool, .monaco-list-row', { hasText: 'performance' }).first();
    await perf.locator('.monaco-custom-toggle, input[type=checkbox]').first().click();
    const settingsFile = path.join(uiWs, '.vscode', 'settings.json');
    await waitFor(() => fs.existsSync(settingsFile) && /"performance":\s*false/.test(fs.readFileSync(settingsFile, 'utf8')), 'performance: false in settings.json', 15000);
    const written = JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['readiness.categories'];
    const off = Object.entries(written).filter(([, v]) => v === false).map(([k]) => k);
    if (off.join() !== 'performance') throw new Error(`written as off: ${off.join(', ')}`);
    await page.waitForTimeout(500);
    await shot('16-settings-unticked');
    // This code-server opens Settings as a modal editor: close it before going back to the tree.
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    if (await page.locator('.settings-editor').first().isVisible()) {
      // The close button of the modal: the close icon on the level of the settings editor's title.
      const box = await page.locator('.settings-editor').first().boundingBox();
      for (const icon of await page.locator('.codicon-close').all()) {
        const b = await icon.boundingBox().catch(() => null);
        if (b && box && b.y < box.y && b.y > box.y - 60 && b.x > box.x + box.width - 120) {
          await icon.click();
          break;
        }
      }
      await page.waitForTimeout(500);
    }
    // Clicking the active container's icon would hide the sidebar: click only when the tree is not shown.
    const tree = page.locator('.pane', { hasText: 'Checks' });
    if (!(await tree.first().isVisible())) await page.locator('.activitybar .action-item a[aria-label^="Production Readiness"], .activitybar .action-item[aria-label^="Production Readiness"]').first().click();
    await tree.locator('.monaco-list-row', { hasText: /^Containers/ }).first().waitFor({ timeout: 30000 });
    await tree.locator('.monaco-list-row', { hasText: /^Security/ }).first().waitFor({ timeout: 30000 });
    if ((await tree.locator('.monaco-list-row', { hasText: /^Performance/ }).count()) > 0) throw new Error('the tree still shows Performance after it was unticked');
    const score = await page.locator('.statusbar-item', { hasText: /Readiness \d+/ }).first().textContent();
    if (/Readiness 0\b/.test(score ?? '')) throw new Error(`score dropped to 0: ${score}`);
    fs.rmSync(settingsFile, { force: true });
  });

  await step('the Getting Started walkthrough shows its five steps with images', async () => {
    await palette('Readiness: Open Walkthrough');
    const container = page.locator('.gettingStartedContainer, .getting-started');
    await container.locator('text=Get started with Production Readiness').first().waitFor({ timeout: 30000 });
    for (const title of ['Audit the workspace', 'Read the score', 'Fix what fails', 'Set your targets in readiness.yaml', 'Keep it in CI']) {
      await container.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: 10000 });
    }
    await container.locator('.getting-started-media img, .getting-started-media').first().waitFor({ timeout: 15000 });
    await page.waitForTimeout(1500);
    await shot('17-walkthrough');
  });

  await step('a CI workflow with the readiness gate (for the walkthrough image)', async () => {
    const rel = '.github/workflows/readiness.yml';
    fs.writeFileSync(
      path.join(uiWs, rel),
      [
        'name: readiness',
        'on: [pull_request]',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  readiness:',
        '    runs-on: ubuntu-latest',
        '    timeout-minutes: 10',
        '    steps:',
        '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
        '        with:',
        '          persist-credentials: false',
        '      # Fails the pull request below the team\'s target.',
        '      - run: npx readiness audit --min-score 80 --level mvp',
        '',
      ].join('\n'),
    );
    await openFile(rel);
    await page.waitForTimeout(800);
    await clip('media-ci', '.part.editor');
  });

  await page.close();

  log('UI tests: a workspace without a manifest');
  const bare = await context.newPage();
  await bare.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(bareWs)}`);
  try {
    await bare.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await bare.locator('.statusbar-item', { hasText: /Readiness \d+/ }).first().waitFor({ timeout: 120000 });
    await bare.locator('.activitybar .action-item a[aria-label^="Production Readiness"], .activitybar .action-item[aria-label^="Production Readiness"]').first().click();
    const button = bare.locator('.welcome-view-content a.monaco-button, .welcome-view-content .monaco-button', { hasText: 'Create Manifest' }).first();
    await button.waitFor({ timeout: 30000 });
    await bare.waitForTimeout(300);
    await bare.screenshot({ path: path.join(ARTIFACTS, '08-welcome-view.png') });
    await button.click();
    await waitFor(() => fs.existsSync(path.join(bareWs, 'readiness.yaml')), 'readiness.yaml to be created', 20000);
    await bare.locator('.tab', { hasText: 'readiness.yaml' }).first().waitFor({ timeout: 15000 });
    await bare.waitForTimeout(1500);
    await bare.screenshot({ path: path.join(ARTIFACTS, '09-manifest-created.png') });
    record('[ui] the welcome view creates a manifest', true);
  } catch (e) {
    await bare.screenshot({ path: path.join(ARTIFACTS, 'failed-welcome-view.png') }).catch(() => undefined);
    record('[ui] the welcome view creates a manifest', false, e?.message ?? e);
  }
  await bare.close();

  log('UI tests: a workspace with a roadmap that claims more than it has');
  const rm = await context.newPage();
  await rm.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(roadmapWs)}`);
  const rmStep = async (title, fn) => {
    try {
      await fn();
      record(`[ui] ${title}`, true);
    } catch (e) {
      await rm.screenshot({ path: path.join(ARTIFACTS, `failed-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`) }).catch(() => undefined);
      record(`[ui] ${title}`, false, e?.message ?? e);
    }
  };
  const tree = rm.locator('.pane', { hasText: 'Checks' });
  await rmStep('the tree shows the Roadmap node with the claims that fail', async () => {
    await rm.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await rm.locator('.statusbar-item', { hasText: /Readiness \d+/ }).first().waitFor({ timeout: 120000 });
    await rm.locator('.activitybar .action-item a[aria-label^="Production Readiness"], .activitybar .action-item[aria-label^="Production Readiness"]').first().click();
    // This workspace has no manifest: fold the Get Started view so that the tree has the sidebar.
    const start = rm.locator('.pane-header', { hasText: 'Get Started' }).first();
    await start.waitFor({ timeout: 30000 });
    if ((await start.getAttribute('aria-expanded')) === 'true') await start.click();
    // The first failing category opens by itself and pushes the Roadmap node down; the tree renders only
    // the rows in view, so fold every category first (the view's Collapse All) and scroll when needed.
    const collapse = rm.locator('.pane-header', { hasText: 'Checks' }).locator('.action-label[aria-label^="Collapse All"]').first();
    if (await collapse.count()) await collapse.click().catch(() => undefined);
    const roadmapRow = tree.locator('.monaco-list-row', { hasText: /^Roadmap(?! accuracy| checks)/ }).first();
    await roadmapRow.waitFor({ timeout: 30000 });
    // The Roadmap node is collapsed by default: open it.
    if ((await roadmapRow.getAttribute('aria-expanded')) !== 'true') await roadmapRow.click();
    await tree.locator('.monaco-list-row', { hasText: 'Orders Service' }).first().waitFor({ timeout: 10000 });
    await tree.locator('.monaco-list-row', { hasText: /Claimed but failing \(\d+\)/ }).first().waitFor({ timeout: 10000 });
    await tree.locator('.monaco-list-row', { hasText: 'non-root user' }).first().waitFor({ timeout: 10000 });
    await revealRow(rm, tree, /Open \(\d+\)/);
    // Widen the sidebar so that the items and their file:line read in full, and move the pointer off the tree.
    let box;
    for (const sash of await rm.locator('.monaco-sash.vertical').all()) {
      const b = await sash.boundingBox().catch(() => null);
      if (b && b.x > 250 && b.x < 450 && b.height > 300) {
        box = b;
        break;
      }
    }
    if (box) {
      await rm.mouse.move(box.x + box.width / 2, box.y + 200);
      await rm.mouse.down();
      await rm.mouse.move(box.x + 300, box.y + 200, { steps: 8 });
      await rm.mouse.up();
    }
    await rm.mouse.move(1000, 600);
    await rm.waitForTimeout(800);
    await rm.screenshot({ path: path.join(ARTIFACTS, '10-roadmap-tree.png') });
  });
  await rmStep('a roadmap item opens the document at its line', async () => {
    await tree.locator('.monaco-list-row', { hasText: 'non-root user' }).first().click();
    await rm.locator('.tab.active', { hasText: 'ROADMAP.md' }).waitFor({ timeout: 15000 });
    const want = fs.readFileSync(path.join(roadmapWs, 'ROADMAP.md'), 'utf8').split('\n').findIndex((l) => l.includes('runs as a non-root user')) + 1;
    await rm.locator('.statusbar-item', { hasText: new RegExp(`Ln ${want}\\b`) }).first().waitFor({ timeout: 10000 });
  });
  await rmStep('Generate Roadmap writes docs/ROADMAP.md and opens it', async () => {
    const target = path.join(roadmapWs, 'docs', 'ROADMAP.md');
    await rm.keyboard.press('F1');
    const input = rm.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('>Readiness: Generate Roadmap');
    await rm.locator('.quick-input-list .monaco-list-row', { hasText: 'Generate Roadmap' }).first().waitFor({ timeout: 10000 });
    await rm.keyboard.press('Enter');
    await waitFor(() => fs.existsSync(target) && fs.readFileSync(target, 'utf8').includes('readiness:roadmap'), 'docs/ROADMAP.md to be written', 30000);
    await rm.locator('.tab.active', { hasText: 'ROADMAP.md' }).waitFor({ timeout: 15000 });
    await tree.locator('.monaco-list-row', { hasText: 'docs/ROADMAP.md' }).first().waitFor({ timeout: 30000 });
    await rm.mouse.move(1000, 600);
    await rm.waitForTimeout(800);
    await rm.screenshot({ path: path.join(ARTIFACTS, '11-roadmap-generated.png') });
  });
  await rm.close();
}

// ---- Helpers ----------------------------------------------------------------------------------------
function findFile(dir, test) {
  if (!fs.existsSync(dir)) return undefined;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const hit = findFile(p, test);
      if (hit) return hit;
    } else if (e.isFile() && test(p)) return p;
  }
  return undefined;
}

/** Scrolls a tree pane until a row with the text is rendered (a list draws only the rows in view). */
async function revealRow(page, pane, hasText, timeoutMs = 10000) {
  const row = pane.locator('.monaco-list-row', { hasText }).first();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await row.isVisible().catch(() => false)) return row;
    const box = await pane.locator('.monaco-list').first().boundingBox().catch(() => null);
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 200);
    }
    await page.waitForTimeout(300);
  }
  await row.waitFor({ timeout: 1 });
  return row;
}

async function waitFor(fn, what, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function canConnect(p) {
  return new Promise((resolve) => {
    const s = net.connect(p, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port: p } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(p));
    });
    srv.on('error', reject);
  });
}
