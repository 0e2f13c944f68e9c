/**
 * The GitHub Action as GitHub runs it: the committed bundle `action/dist/index.js` started with the
 * runner's environment (`INPUT_*`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_EVENT_PATH` of a
 * pull_request event) on the bundled examples, under Node 24 when the editor setup installed it. It
 * checks the outputs, the job summary, the SARIF against the SARIF 2.1.0 schema and the score change
 * against the base branch (recomputed with the CLI); that the committed bundle is fresh; that
 * action.yml matches what the code reads and sets; and that every documented workflow (the Action's
 * example, the reusable organisation workflow and its caller, our own CI) passes our own ci rules,
 * with actions pinned to Node 24 releases. The GitLab template and the pre-commit hook are run too.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { audit } from '../server/src/core/engine';
import { Workspace } from '../server/src/core/workspace';
import { allRules } from '../server/src/rules';
import { REPO } from './helpers';
import { fencedBlocks, node24, sarifErrors, tempFolder } from './pipelines-helpers';

const BIN = path.join(REPO, 'bin', 'readiness.js');
const BUNDLE = path.join(REPO, 'action', 'dist', 'index.js');
const NODE = node24() ?? process.execPath;
const NODE_VERSION = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
const cli = (args: string[], cwd = REPO) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();

/** Reads the `name<<delimiter` blocks of a GITHUB_OUTPUT file. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(ghadelimiter_[\w-]+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}

interface ActionRun {
  status: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the bundle in `cwd` the way the runner does; `inputs` become `INPUT_<NAME>` variables. */
function runAction(cwd: string, inputs: Record<string, string>, event?: unknown): ActionRun {
  const tmp = tempFolder('action-run');
  try {
    const files = { GITHUB_OUTPUT: path.join(tmp, 'output'), GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'), GITHUB_EVENT_PATH: path.join(tmp, 'event.json') };
    fs.writeFileSync(files.GITHUB_OUTPUT, '');
    fs.writeFileSync(files.GITHUB_STEP_SUMMARY, '');
    fs.writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(event ?? { ref: 'refs/heads/main' }));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: cwd, GITHUB_EVENT_NAME: event ? 'pull_request' : 'push', ...files };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    const r = spawnSync(NODE, [BUNDLE], { cwd, env, encoding: 'utf8', timeout: 240_000 });
    return { status: r.status, stdout: r.stdout + r.stderr, outputs: readOutputs(files.GITHUB_OUTPUT), summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A git repository holding `example` as the base commit and one change on top; returns both commits. */
function pullRequestRepo(example: string): { dir: string; base: string; head: string } {
  const dir = tempFolder('action-repo');
  fs.cpSync(path.join(REPO, 'examples', example), dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  // The pull request adds a worker image with a moving tag and a shell-form command.
  fs.writeFileSync(path.join(dir, 'worker.Dockerfile'), 'FROM node:latest\nCOPY worker.js .\nCMD node worker.js\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'head');
  return { dir, base, head: git(dir, 'rev-parse', 'HEAD') };
}

describe(`pipelines: the GitHub Action (node ${NODE_VERSION})`, function () {
  this.timeout(300_000);

  it('the committed bundle is the build of the current sources (run `npm run build:action` when this fails)', () => {
    const fresh = path.join(tempFolder('action-build'), 'index.js');
    try {
      execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs'), '--action-out', fresh], { cwd: REPO, stdio: 'pipe' });
      assert.ok(fs.existsSync(BUNDLE), 'action/dist/index.js is missing: run `npm run build:action` and commit it');
      assert.ok(fs.readFileSync(fresh).equals(fs.readFileSync(BUNDLE)), 'action/dist/index.js is stale: run `npm run build:action` and commit it');
    } finally {
      fs.rmSync(path.dirname(fresh), { recursive: true, force: true });
    }
  });

  it('action.yml is a node24 JavaScript action whose inputs and outputs are the ones the code reads and sets', () => {
    const action = parseYaml(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8'));
    assert.equal(action.runs.using, 'node24');
    assert.equal(action.runs.main, 'action/dist/index.js');
    const code = fs.readFileSync(path.join(REPO, 'server', 'src', 'action', 'main.ts'), 'utf8');
    const read = new Set([...code.matchAll(/getInput\(r, '([\w-]+)'\)/g), ...code.matchAll(/opt\('([\w-]+)'\)/g)].map((m) => m[1]));
    const set = new Set([...code.matchAll(/setOutput\(r, '([\w-]+)'/g)].map((m) => m[1]));
    assert.deepEqual(Object.keys(action.inputs).sort(), [...read].sort());
    assert.deepEqual(Object.keys(action.outputs).sort(), [...set].sort());
    for (const name of ['path', 'min-score', 'fail-on', 'level', 'sarif-file', 'baseline']) assert.ok(action.inputs[name], `input ${name}`);
    for (const name of ['score', 'level']) assert.ok(action.outputs[name], `output ${name}`);
  });

  for (const example of ['hobby-app', 'overclaiming-app', 'production-service']) {
    it(`runs on examples/${example} in a pull request: outputs, job summary, valid SARIF, the change against the base`, () => {
      const repo = pullRequestRepo(example);
      const baseDir = tempFolder('action-base');
      try {
        fs.cpSync(path.join(REPO, 'examples', example), baseDir, { recursive: true });
        const r = runAction(repo.dir, { path: '.', 'fail-on': 'none', 'sarif-file': 'out/readiness.sarif', 'json-file': 'out/readiness.json' }, { pull_request: { number: 7, base: { sha: repo.base }, head: { sha: repo.head } } });
        assert.equal(r.status, 0, r.stdout);
        // The same numbers from the CLI, on the head checkout and on a copy of the base.
        const headJson = path.join(baseDir, '..', `${path.basename(baseDir)}-head.json`);
        const baseJson = path.join(baseDir, '..', `${path.basename(baseDir)}-base.json`);
        cli(['audit', repo.dir, '--format', 'json', '--output', headJson, '--ignore', 'out/**', '--fail-on', 'none']);
        cli(['audit', baseDir, '--format', 'json', '--output', baseJson, '--fail-on', 'none']);
        const head = JSON.parse(fs.readFileSync(headJson, 'utf8'));
        const base = JSON.parse(fs.readFileSync(baseJson, 'utf8'));
        const diff = JSON.parse(cli(['diff', baseJson, headJson, '--format', 'json']).stdout);
        fs.rmSync(headJson);
        fs.rmSync(baseJson);
        assert.equal(Number(r.outputs.score), head.score);
        assert.equal(r.outputs.level, head.level);
        assert.equal(Number(r.outputs['base-score']), base.score);
        assert.equal(Number(r.outputs['score-delta']), diff.scoreDelta);
        assert.equal(Number(r.outputs['new-findings']), diff.newFindings.length);
        assert.ok(diff.newFindings.length > 0, 'the worker image brings new findings');
        assert.equal(r.outputs['sarif-file'], 'out/readiness.sarif');
        // The summary: score, the change against the base commit, the new findings, the scorecard.
        assert.match(r.summary, new RegExp(`^## Production readiness: ${head.score}/100`));
        assert.match(r.summary, new RegExp(`Change against the base branch \\(\`${repo.base.slice(0, 7)}\`\\)`));
        assert.match(r.summary, new RegExp(`\\*\\*${diff.newFindings.length}\\*\\* new finding\\(s\\)`));
        assert.match(r.summary, /worker\.Dockerfile:1/);
        assert.match(r.summary, /\| Category \| Current \| Target \| Gap \| Priority \|/);
        assert.match(r.summary, /\*\*Gates passed\*\*/);
        // SARIF validated against the SARIF 2.1.0 schema, with the same results as the CLI's.
        const sarif = JSON.parse(fs.readFileSync(path.join(repo.dir, 'out', 'readiness.sarif'), 'utf8'));
        assert.deepEqual(sarifErrors(sarif), []);
        assert.equal(sarif.runs[0].results.length, head.findings.length);
        assert.equal(JSON.parse(fs.readFileSync(path.join(repo.dir, 'out', 'readiness.json'), 'utf8')).score, head.score);
        // The checkout is left as it was: no changed or extra tracked files, the same HEAD.
        assert.equal(git(repo.dir, 'status', '--porcelain', '--untracked-files=no'), '');
        assert.equal(git(repo.dir, 'rev-parse', 'HEAD'), repo.head);
      } finally {
        fs.rmSync(repo.dir, { recursive: true, force: true });
        fs.rmSync(baseDir, { recursive: true, force: true });
      }
    });
  }

  it('fails the step with an error annotation when a gate fails, and on bad input', () => {
    const dir = path.join(REPO, 'examples', 'hobby-app');
    const gate = runAction(dir, { 'min-score': '99', 'fail-on': 'none' });
    assert.equal(gate.status, 1);
    assert.match(gate.stdout, /^::error title=Production readiness gate::score [\d.]+ is below the minimum of 99$/m);
    assert.match(gate.summary, /\*\*Gates failed:\*\*\n\n- ❌ score [\d.]+ is below the minimum of 99/);
    assert.ok(gate.outputs.score, 'outputs are set even when a gate fails');
    assert.equal(gate.outputs['base-score'], undefined, 'no comparison outside pull requests');
    const bad = runAction(dir, { 'fail-on': 'sometimes' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^::error title=Production readiness%3A bad input::fail-on must be error, warning or none, not "sometimes"$/m);
    const missing = runAction(dir, { path: 'no-such-folder' });
    assert.equal(missing.status, 1);
    assert.match(missing.stdout, /::error title=Production readiness::could not audit no-such-folder: cannot read/);
  });

  it('with a baseline, known findings do not fail; without the base commit it says why and still gates', () => {
    const repo = pullRequestRepo('hobby-app');
    try {
      assert.equal(cli(['baseline', repo.dir]).status, 0);
      const ok = runAction(repo.dir, { baseline: 'readiness-baseline.json' });
      assert.equal(ok.status, 0, ok.stdout);
      assert.equal(ok.outputs['new-findings'], '0');
      assert.match(ok.summary, /\*\*Baseline\*\* `readiness-baseline\.json`: 0 new finding\(s\)/);
      const gone = '0123456789abcdef0123456789abcdef01234567';
      const r = runAction(repo.dir, { baseline: 'readiness-baseline.json' }, { pull_request: { base: { sha: gone } } });
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /::warning title=Production readiness::no comparison with the base branch: the base commit 0123456789ab is not in the checkout and could not be fetched/);
      assert.match(r.summary, /_No comparison with the base branch: /);
      const injected = runAction(repo.dir, {}, { pull_request: { base: { sha: '--upload-pack=touch /tmp/pwned' } } });
      assert.match(injected.stdout, /is not a commit SHA/);
    } finally {
      fs.rmSync(repo.dir, { recursive: true, force: true });
    }
  });
});

/** The file-level ci-cd rules: everything our rules say about one workflow file. */
const WORKFLOW_RULES = allRules.filter((r) => r.category === 'ci-cd' && r.scope === 'file').map((r) => r.id);
/** Node 24 majors of the actions we reference (GitHub removed node20 from its runners in September 2026). */
const NODE24_MAJOR: Record<string, number> = { 'actions/checkout': 5, 'actions/setup-node': 5, 'actions/upload-artifact': 6, 'actions/download-artifact': 7, 'github/codeql-action': 4 };
const RELEASE_SHA = 'fedcba9876543210fedcba9876543210fedcba98';

async function workflowFindings(name: string, text: string): Promise<string[]> {
  const report = await audit({ ws: Workspace.fromFiles({ [`.github/workflows/${name}`]: text }), only: WORKFLOW_RULES });
  return report.findings.filter((f) => WORKFLOW_RULES.includes(f.ruleId)).map((f) => `${f.ruleId} line ${(f.range?.start.line ?? -1) + 1}: ${f.message}`);
}

function assertPinnedToNode24(text: string, label: string): void {
  const uses = [...text.matchAll(/uses:\s*([\w.-]+\/[\w./-]+)@(\S+)(?:\s*#\s*(v[\d.]+))?/g)];
  assert.ok(uses.length > 0, `${label} uses no action`);
  for (const [, slug, ref, version] of uses) {
    if (slug.startsWith('production-readiness/')) continue;
    assert.match(ref, /^[0-9a-f]{40}$/, `${label}: ${slug} is not pinned to a commit`);
    assert.ok(version, `${label}: ${slug}@${ref} has no version comment`);
    const owner = slug.split('/').slice(0, 2).join('/');
    const min = NODE24_MAJOR[owner];
    assert.ok(min !== undefined, `${label}: ${owner} is not in the list of checked Node 24 actions`);
    assert.ok(Number(/^v(\d+)/.exec(version)![1]) >= min, `${label}: ${slug} ${version} is not a Node 24 major (needs v${min} or later)`);
  }
}

describe('pipelines: documented workflows pass our own rules', function () {
  this.timeout(120_000);
  const docs = fs.readFileSync(path.join(REPO, 'docs', 'pipelines.md'), 'utf8');
  const block = (tag: string) => {
    const b = fencedBlocks(docs, `yaml ${tag}`);
    assert.equal(b.length, 1, `docs/pipelines.md has one \`\`\`yaml ${tag} block`);
    return b[0];
  };

  it('the rules are live: a careless workflow has findings', async () => {
    const found = await workflowFindings('careless.yml', 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo "${{ github.event.pull_request.title }}"\n');
    for (const id of ['ci/permissions', 'ci/actions-pinned-sha', 'ci/script-injection', 'ci/timeout-minutes']) assert.ok(found.some((f) => f.startsWith(id)), `${id} in ${found.join('\n')}`);
  });

  const workflows: [string, () => string][] = [
    ['the Action example (docs/pipelines.md)', () => block('workflow:readiness').replace('<release-sha>', RELEASE_SHA)],
    ['the organisation caller (docs/pipelines.md)', () => block('workflow:org-caller').replace('<release-sha>', RELEASE_SHA)],
    ['.github/workflows/readiness-org.yml', () => fs.readFileSync(path.join(REPO, '.github', 'workflows', 'readiness-org.yml'), 'utf8')],
    ['.github/workflows/ci.yml', () => fs.readFileSync(path.join(REPO, '.github', 'workflows', 'ci.yml'), 'utf8')],
  ];
  for (const [label, text] of workflows) {
    it(`${label}: no finding of our workflow rules, actions pinned to Node 24 releases`, async () => {
      const t = text();
      assert.deepEqual(await workflowFindings('readiness.yml', t), []);
      if (!label.includes('caller')) assertPinnedToNode24(t, label);
    });
  }

  it('the Action example uploads SARIF with least privilege and compares pull requests with their base', () => {
    const wf = parseYaml(block('workflow:readiness').replace('<release-sha>', RELEASE_SHA));
    assert.deepEqual(wf.permissions, {});
    const job = wf.jobs.readiness;
    assert.deepEqual(job.permissions, { contents: 'read', 'security-events': 'write' });
    const steps = job.steps as { uses?: string; with?: Record<string, unknown> }[];
    assert.equal(steps[0].with?.['fetch-depth'], 0);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    const action = steps.find((s) => s.uses?.startsWith('production-readiness/production-readiness@'));
    assert.equal(upload?.with?.sarif_file, action?.with?.['sarif-file']);
    const inputs = Object.keys(parseYaml(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')).inputs);
    for (const k of Object.keys(action!.with!)) assert.ok(inputs.includes(k), `the example passes an unknown input ${k}`);
  });

  it('the GitLab template runs: a Code Quality report and a JUnit report, then the gate', () => {
    const ci = parseYaml(block('gitlab'));
    const dir = tempFolder('gitlab');
    try {
      fs.cpSync(path.join(REPO, 'examples', 'overclaiming-app'), dir, { recursive: true });
      const statuses: (number | null)[] = [];
      for (const line of ci.readiness.script as string[]) {
        const args = line.replace(/^npx --yes --package "production-readiness@\$\{READINESS_VERSION\}" -- readiness /, '').split(' ');
        assert.notEqual(args.join(' '), line, `unexpected script line: ${line}`);
        statuses.push(cli(args, dir).status);
      }
      assert.deepEqual(statuses.slice(0, 2), [0, 0]);
      assert.ok(statuses[2] === 0 || statuses[2] === 1, 'the gate passes or fails, never a usage error');
      const quality = JSON.parse(fs.readFileSync(path.join(dir, ci.readiness.artifacts.reports.codequality), 'utf8'));
      assert.ok(Array.isArray(quality) && quality.length > 0 && quality.every((i: { check_name: string; fingerprint: string }) => i.check_name && i.fingerprint));
      assert.match(fs.readFileSync(path.join(dir, ci.readiness.artifacts.reports.junit), 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the pre-commit hook runs the installed `readiness` command on the whole repository', () => {
    const hooks = parseYaml(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    assert.equal(hooks.length, 1);
    const hook = hooks[0];
    assert.equal(hook.id, 'readiness');
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, false);
    const [command, ...args] = String(hook.entry).split(' ');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.ok(pkg.bin[command], `${command} is not a bin of the package`);
    const config = parseYaml(block('pre-commit'));
    assert.equal(config.repos[0].hooks[0].id, hook.id);
    const dir = tempFolder('pre-commit');
    try {
      fs.cpSync(path.join(REPO, 'examples', 'hobby-app'), dir, { recursive: true });
      assert.equal(cli(['baseline', dir]).status, 0);
      // pre-commit runs the entry from the repository root with the configured args.
      const r = cli([...args, ...(config.repos[0].hooks[0].args as string[])], dir);
      assert.equal(r.status, 0, r.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
