/**
 * The CLI as an npm package: `npm pack` makes a tarball with only what runs (the `readiness` bin and
 * the self-contained bundle), which installs into an empty folder, globally and through `npm exec`,
 * offline and with an empty npm cache (the bundle has no dependencies to fetch), and audits a
 * repository. Publishing is a release step and is not tested here.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOOL_VERSION } from '../server/src/version';
import { REPO } from './helpers';
import { tempFolder } from './pipelines-helpers';

/** The files of the CLI, as scripts/esbuild-cli-parts.mjs builds them (the front first). */
const CLI_FILES = ['dist/cli.js', 'dist/cli-engine.js', 'dist/cli-workflow-parser.js', 'dist/cli-dockerfile.js', 'dist/cli-re2.js', 'dist/cli-secretlint.js'];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('pipelines: the npm package', function () {
  this.timeout(180_000);
  let tmp = '';
  let tarball = '';
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  // An empty cache and --offline: nothing may come from the registry or from the cache `npm ci` filled.
  const offline = () => ['--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', path.join(tmp, 'empty-cache'), '--loglevel', 'error'];
  const npm = (args: string[], cwd: string) => spawnSync(NPM, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

  before(function () {
    tmp = tempFolder('package');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('package.json publishes only what runs: a bin, engines, no private flag and no runtime dependencies', () => {
    assert.equal(pkg.private, undefined, 'a private package cannot be installed from the registry');
    // The CLI is a front file and parts it requires when first needed (scripts/esbuild-cli-parts.mjs);
    // re2.wasm is the WebAssembly of the linear-time regex engine its part loads from its own folder.
    assert.deepEqual(pkg.files, ['bin/readiness.js', ...CLI_FILES, 'dist/re2.wasm']);
    assert.equal(pkg.bin.readiness, 'bin/readiness.js');
    assert.match(pkg.engines.node, /^>=\d+/);
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'the bundles are self-contained: add packages to devDependencies (esbuild bundles them)');
  });

  it('npm pack makes a tarball with the bin, the bundle and the documents, nothing else', () => {
    assert.ok(fs.existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js is built by `npm test` before this runs');
    const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], REPO);
    assert.equal(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout)[0] as { filename: string; files: { path: string }[] };
    tarball = path.join(tmp, info.filename);
    assert.ok(fs.existsSync(tarball));
    assert.deepEqual(info.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'bin/readiness.js', ...CLI_FILES, 'dist/re2.wasm', 'package.json'].sort());
    for (const f of CLI_FILES) assert.ok(fs.existsSync(path.join(REPO, f)), `${f} is built by esbuild.mjs`);
  });

  it('installs offline into an empty folder and audits a repository', () => {
    assert.ok(tarball, 'the tarball was packed');
    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const i = npm(['install', ...offline(), tarball], app);
    assert.equal(i.status, 0, i.stderr);
    const bin = path.join(app, 'node_modules', '.bin', 'readiness');
    assert.ok(fs.existsSync(bin));
    const installed = fs.readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    assert.deepEqual(installed, ['production-readiness'], 'nothing but the package itself is installed');
    const r = spawnSync(bin, ['audit', path.join(REPO, 'examples', 'production-service'), '--format', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const direct = JSON.parse(spawnSync(process.execPath, [path.join(REPO, 'bin', 'readiness.js'), 'audit', path.join(REPO, 'examples', 'production-service'), '--format', 'json'], { encoding: 'utf8' }).stdout);
    assert.equal(report.score, direct.score);
    assert.equal(report.tool.version, TOOL_VERSION);
  });

  it('installs globally (npm install -g) and runs with npm exec (npx), offline', () => {
    assert.ok(tarball, 'the tarball was packed');
    const prefix = path.join(tmp, 'global');
    const g = npm(['install', '--global', '--prefix', prefix, ...offline(), tarball], tmp);
    assert.equal(g.status, 0, g.stderr);
    const v = spawnSync(path.join(prefix, 'bin', 'readiness'), ['--version'], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim(), TOOL_VERSION);
    const x = npm(['exec', ...offline(), '--yes', '--package', tarball, '--', 'readiness', 'rules', '--json'], tmp);
    assert.equal(x.status, 0, x.stderr);
    assert.ok(JSON.parse(x.stdout).length > 100);
  });
});
