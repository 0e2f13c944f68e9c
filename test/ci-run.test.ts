/**
 * Tests of the CI resolver (`rules/lib/ci-run.ts`): what a CI job runs, followed through make,
 * package scripts, shell scripts, tox/nox, just, Taskfile, pre-commit, composite actions, reusable
 * workflows and docker/compose, with the chain it followed; trigger semantics; bounds and cycles; and
 * the exact messages of rules that judge "configured but not run".
 */
import * as assert from 'node:assert/strict';
import { Workspace } from '../server/src/core/workspace';
import { chainText, ciRuns, findRuns, isGating, narrowTriggers, triggersOf, type CommandSpec } from '../server/src/rules/lib/ci-run';
import { BENCH_RUN, BUILD_SPEC, IMAGE_SPEC, LINT_SPEC, TEST_SPEC } from '../server/src/rules/lib/ci-checks';
import { activeWorkflows } from '../server/src/rules/lib/workflow';
import { auditFiles } from './helpers';

const wf = (steps: string, on = '[push, pull_request]') => `name: CI\non: ${on}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
const run = (...cmds: string[]) => wf(cmds.map((c) => `      - run: ${c}\n`).join(''));

/** The chains of the runs matching a spec. */
function chains(files: Record<string, string>, spec: CommandSpec): string[] {
  const ws = Workspace.fromFiles(files);
  return findRuns(ws, spec).map((h) => chainText(h.run, 12));
}

describe('ci resolver: make', () => {
  it('follows targets, prerequisites, variables, nested make -C and pattern rules, and shows the chain', () => {
    const files = {
      '.github/workflows/ci.yml': run('make ci'),
      Makefile: 'include Makefile.common\nGO ?= go\n\nci: lint test\n\nlint:\n\t$(GO) vet ./...\n\ntest:\n\t@$(MAKE) -C sub unit\n',
      'Makefile.common': '%: common-% ;\ncommon-build:\n\tgo build ./...\n',
      'sub/Makefile': 'GOTEST := go test\nunit:\n\t$(GOTEST) -race ./...\n',
    };
    assert.deepEqual(chains(files, LINT_SPEC), ['ci.yml:7 make ci → Makefile:6 lint → Makefile:7 go vet ./...']);
    assert.deepEqual(chains(files, TEST_SPEC), ['ci.yml:7 make ci → Makefile:9 test → Makefile:10 make -C sub unit → sub/Makefile:3 go test -race ./...']);
    // `make build` has no rule of its own: the pattern rule forwards it to common-build.
    assert.deepEqual(chains({ ...files, '.github/workflows/ci.yml': run('make build') }, BUILD_SPEC), ['ci.yml:7 make build → Makefile.common:2 common-build → Makefile.common:3 go build ./...']);
  });

  it('does not count a dry run, an echo or a goal the makefile does not have', () => {
    const files = {
      '.github/workflows/ci.yml': run('make -n test', 'echo "then run pytest"', 'make release'),
      Makefile: 'test:\n\tpytest\nrelease:\n\t@echo "pytest is run elsewhere"\n',
    };
    assert.deepEqual(chains(files, TEST_SPEC), []);
  });

  it('uses the default goal (the first target, or .DEFAULT_GOAL) and command-line overrides', () => {
    const files = { '.github/workflows/ci.yml': run('make GO=richgo'), Makefile: 'GO = go\nall: check\ncheck:\n\t$(GO) test ./...\n' };
    assert.deepEqual(chains(files, TEST_SPEC), ['ci.yml:7 make GO=richgo → Makefile:2 all → Makefile:3 check → Makefile:4 richgo test ./...']);
  });

  it('is cycle-safe and bounded in depth', () => {
    const loop = { '.github/workflows/ci.yml': run('make a'), Makefile: 'a: b\n\tgo vet ./...\nb: a\n\ttrue\n' };
    assert.equal(chains(loop, LINT_SPEC).length, 1);
    const deep: string[] = [];
    for (let i = 0; i < 40; i++) deep.push(`t${i}: t${i + 1}\n`);
    deep.push('t40:\n\tgo test ./...\n');
    const ws = Workspace.fromFiles({ '.github/workflows/ci.yml': run('make t0'), Makefile: deep.join('') });
    assert.ok(ciRuns(ws).length <= 20, 'the walk stops at its depth bound');
  });

  it('survives hostile makefiles: explosive self-referencing variables, huge lines of spaces, include loops', () => {
    // A hang would show as the test's timeout; the expansion budget leaves the rest as written.
    const files = {
      '.github/workflows/ci.yml': run('make all'),
      Makefile: `include Makefile
A = $(A)$(A)$(A)$(A)$(A)$(A)$(A)$(A)$(A)$(A)
B = ${'$(A)'.repeat(50)}
all:
	echo $(B)
	go vet ./...
x${' '.repeat(200_000)}y = 1
`,
    };
    assert.equal(chains(files, LINT_SPEC).length, 1);
  });
});

describe('ci resolver: package scripts', () => {
  it('follows npm/yarn/pnpm scripts with pre/post scripts, workspaces, working-directory and passed arguments', () => {
    const files = {
      '.github/workflows/ci.yml': wf('      - run: npm test --workspace=@a/api\n        working-directory: web\n      - run: yarn lint --max-warnings=0\n        working-directory: web\n'),
      'web/package.json': '{"workspaces":["packages/*"],"scripts":{"lint":"eslint","prelint":"tsc --noEmit"}}',
      'web/packages/api/package.json': '{"name":"@a/api","scripts":{"test":"vitest run","posttest":"node check.js"}}',
    };
    assert.deepEqual(chains(files, TEST_SPEC), ['ci.yml:7 npm test --workspace=@a/api → web/packages/api/package.json:1 vitest run']);
    assert.deepEqual(chains(files, LINT_SPEC), ['ci.yml:9 yarn lint --max-warnings=0 → web/package.json:1 eslint --max-warnings=0']);
  });

  it('judges a script by what it runs, and by its name only when it runs nothing known', () => {
    const files = { '.github/workflows/ci.yml': run('yarn test:code', 'npm run bench'), 'package.json': '{"scripts":{"test:code":"eslint --ext .ts .","bench":"node bench/run.mjs"}}' };
    assert.deepEqual(chains(files, TEST_SPEC), [], '"test:code" runs ESLint, not tests');
    assert.deepEqual(chains(files, BENCH_RUN), ['ci.yml:8 npm run bench → package.json:1 bench']);
  });

  it('does not count npm\'s placeholder test script, nor a script the package does not have', () => {
    const files = { '.github/workflows/ci.yml': run('npm test', 'npm run e2e --if-present'), 'package.json': '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}' };
    assert.deepEqual(chains(files, TEST_SPEC), []);
  });

  it('runs the install lifecycle scripts of the project on npm ci', () => {
    const files = { '.github/workflows/ci.yml': run('npm ci'), 'package.json': '{"scripts":{"postinstall":"tsc -p ."}}' };
    assert.equal(chains(files, BUILD_SPEC).length, 0);
    assert.deepEqual(findRuns(Workspace.fromFiles(files), { re: /\btsc\b/ }).map((h) => chainText(h.run)), ['ci.yml:7 npm ci → package.json:1 postinstall → package.json:1 tsc -p .']);
    assert.equal(chains({ ...files, '.github/workflows/ci.yml': run('npm ci --ignore-scripts') }, { re: /\btsc\b/ }).length, 0);
  });

  it('survives a script that calls itself', () => {
    const files = { '.github/workflows/ci.yml': run('npm test'), 'package.json': '{"scripts":{"test":"npm test && jest"}}' };
    assert.ok(chains(files, TEST_SPEC).length >= 1);
  });
});

describe('ci resolver: scripts, task runners and hooks', () => {
  it('follows repository shell scripts (bash x.sh, ./x, sh -c, cd "$(dirname "$0")") and their variables', () => {
    const files = {
      '.github/workflows/ci.yml': run('bash hack/test.sh', 'sh -c "cd svc && ./run"'),
      'hack/test.sh': '#!/bin/bash\ncd "$(dirname "$0")/.."\nPYTEST="${PYTEST:-pytest}"\n$PYTEST -q\n',
      'svc/run': '#!/bin/sh\nexec go vet ./...\n',
    };
    assert.deepEqual(chains(files, TEST_SPEC), ['ci.yml:7 bash hack/test.sh → hack/test.sh:4 pytest -q']);
    assert.deepEqual(chains(files, LINT_SPEC), ['ci.yml:8 sh -c "cd svc && ./run" → ci.yml:8 ./run → svc/run:2 go vet ./...']);
  });

  it('keeps build tool wrappers (gradlew, mvnw) as the tool they stand for', () => {
    const files = { '.github/workflows/ci.yml': run('./gradlew build'), gradlew: '#!/bin/sh\nexec java -jar wrapper.jar "$@"\n' };
    assert.deepEqual(chains(files, TEST_SPEC), ['ci.yml:7 ./gradlew build']);
  });

  it('follows tox envs, nox sessions, just recipes, Taskfile tasks and pre-commit hooks', () => {
    const base = {
      'tox.ini': '[tox]\nenvlist = py312, lint\n[testenv]\ncommands = pytest {posargs}\n[testenv:lint]\ncommands = ruff check .\n',
      'noxfile.py': 'import nox\n\n@nox.session(name="tests")\ndef t(session):\n    session.run("pytest", "-x")\n',
      justfile: 'check: lint\n\nlint:\n    cargo clippy -- -D warnings\n',
      'Taskfile.yml': 'version: "3"\ntasks:\n  default:\n    deps: [vet]\n  vet:\n    cmds:\n      - go vet ./...\n',
      '.pre-commit-config.yaml': 'repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.5.0\n    hooks:\n      - id: ruff\n',
    };
    const c = (cmd: string, spec: CommandSpec) => chains({ ...base, '.github/workflows/ci.yml': run(cmd) }, spec);
    assert.deepEqual(c('tox -e lint', LINT_SPEC), ['ci.yml:7 tox -e lint → tox.ini:6 ruff check .']);
    assert.deepEqual(c('tox', TEST_SPEC), ['ci.yml:7 tox → tox.ini:4 py312 → tox.ini:4 pytest']);
    assert.deepEqual(c('nox -s tests', TEST_SPEC), ['ci.yml:7 nox -s tests → noxfile.py:5 pytest -x']);
    assert.deepEqual(c('just check', LINT_SPEC), ['ci.yml:7 just check → justfile:3 lint → justfile:4 cargo clippy -- -D warnings']);
    assert.deepEqual(c('task', LINT_SPEC), ['ci.yml:7 task → Taskfile.yml:3 default → Taskfile.yml:5 vet → Taskfile.yml:7 go vet ./...']);
    assert.deepEqual(c('pre-commit run --all-files', LINT_SPEC), ['ci.yml:7 pre-commit run --all-files → .pre-commit-config.yaml:5 pre-commit hook ruff']);
  });
});

describe('ci resolver: actions, reusable workflows and containers', () => {
  it('follows local composite actions (with inputs) and reusable workflows (./ and $/ forms, also under a checkout path)', () => {
    const files = {
      '.github/workflows/ci.yml': 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/check\n        with:\n          what: test\n  b:\n    uses: $/.github/workflows/lint.yml\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./src/repo/.github/actions/check\n',
      '.github/workflows/lint.yml': 'on: workflow_call\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - run: golangci-lint run\n',
      '.github/actions/check/action.yml': 'inputs:\n  what:\n    default: vet\nruns:\n  using: composite\n  steps:\n    - run: go ${{ inputs.what }} ./...\n      shell: bash\n',
    };
    assert.deepEqual(chains(files, TEST_SPEC), ['ci.yml:6 uses ./.github/actions/check with.what=test → .github/actions/check/action.yml:7 go test ./...']);
    assert.deepEqual(chains(files, LINT_SPEC), ['ci.yml:10 uses $/.github/workflows/lint.yml → lint.yml:6 golangci-lint run', 'ci.yml:14 uses ./src/repo/.github/actions/check → .github/actions/check/action.yml:7 go vet ./...']);
    // A workflow only other workflows call is reached through them, never on its own.
    const ws = Workspace.fromFiles(files);
    assert.ok(ciRuns(ws).every((r) => r.entry.file === '.github/workflows/ci.yml'));
  });

  it('follows docker run, compose run/up and the RUN steps of the stages docker build builds', () => {
    const files = {
      '.github/workflows/ci.yml': run('docker run --rm -v "$PWD:/src" -w /src golang:1.22 go vet ./...', 'docker compose -f compose.test.yml run --rm app', 'docker compose up --exit-code-from e2e', 'docker build --target test .'),
      'compose.test.yml': 'services:\n  app:\n    command: pytest -q\n',
      'compose.yaml': 'services:\n  e2e:\n    command: ["npx", "playwright", "test"]\n',
      Dockerfile: 'FROM node:22 AS deps\nWORKDIR /app\nCOPY web/package.json ./\nRUN npm ci\nFROM deps AS test\nRUN npm test\nFROM deps AS unused\nRUN cargo test\nFROM deps\nRUN npm run build\n',
      'web/package.json': '{"scripts":{"test":"mocha"}}',
    };
    assert.deepEqual(chains(files, TEST_SPEC), [
      'ci.yml:8 docker compose -f compose.test.yml run --rm app → compose.test.yml:3 pytest -q',
      'ci.yml:9 docker compose up --exit-code-from e2e → compose.yaml:3 npx playwright test',
      'ci.yml:10 docker build --target test . → Dockerfile:6 npm test → web/package.json:1 mocha',
    ]);
    assert.deepEqual(chains(files, LINT_SPEC), ['ci.yml:7 docker run --rm -v "$PWD:/src" -w /src golang:1.22 go vet...', 'ci.yml:7 docker run --rm -v "$PWD:/src" -w /src golang:1.22 go vet... → ci.yml:7 go vet ./...']);
    assert.equal(chains(files, IMAGE_SPEC).length, 1);
  });

  it('follows other CI systems through the same resolver', () => {
    const files = {
      '.gitlab-ci.yml': 'stages: [test]\ninclude:\n  - template: Security/SAST.gitlab-ci.yml\ntest:\n  stage: test\n  script:\n    - make test\n',
      Jenkinsfile: "pipeline {\n  stages {\n    stage('Lint') {\n      steps {\n        sh 'npm run lint'\n      }\n    }\n  }\n}\n",
      Makefile: 'test:\n\tgo test ./...\n',
      'package.json': '{"scripts":{"lint":"eslint ."}}',
    };
    assert.deepEqual(chains(files, TEST_SPEC), ['.gitlab-ci.yml:7 make test → Makefile:2 go test ./...']);
    assert.deepEqual(chains(files, LINT_SPEC), ['Jenkinsfile:5 npm run lint → package.json:1 eslint .']);
  });
});

describe('ci resolver: triggers and enforcement', () => {
  const triggers = (on: string) => triggersOf(activeWorkflows(Workspace.fromFiles({ '.github/workflows/x.yml': wf('      - run: true\n', on) }))[0]);

  it('counts pushes, pull requests and merge queues as changes, and not closed-only, label-only, tag-only or scheduled runs', () => {
    assert.deepEqual([triggers('[push]').changes, triggers('pull_request').pullRequest, triggers('merge_group').pullRequest], [true, true, true]);
    assert.equal(triggers('\n  pull_request:\n    types: [closed]').pullRequest, false);
    assert.equal(triggers('\n  pull_request:\n    types: [labeled, unlabeled]').changes, false);
    assert.equal(triggers('\n  pull_request:\n    types: [opened, labeled]').pullRequest, true);
    assert.equal(triggers('\n  push:\n    tags: ["v*"]').changes, false);
    assert.equal(triggers('\n  push:\n    tags: ["v*"]').summary, 'push of tags');
    assert.equal(triggers('[schedule, workflow_dispatch]').changes, false);
    assert.equal(triggers('pull_request_target').pullRequest, false, 'pull_request_target runs the base branch code');
  });

  it('narrows the triggers of a workflow by the plain `if:` of a job on the event or the ref', () => {
    const t = triggers('[push, pull_request]');
    assert.equal(narrowTriggers(t, "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')").changes, false);
    assert.equal(narrowTriggers(t, '${{ github.ref_type == \'tag\' }}').summary, "tag pushes (the job's `if:`)");
    assert.deepEqual([narrowTriggers(t, "github.ref == 'refs/heads/main'").changes, narrowTriggers(t, "github.ref == 'refs/heads/main'").pullRequest], [true, false]);
    assert.equal(narrowTriggers(t, 'failure()').changes, false);
    assert.equal(narrowTriggers(t, "github.event_name == 'schedule' || github.event_name == 'push'"), t, 'a disjunction is left alone');
    assert.equal(narrowTriggers(t, "github.repository == 'acme/app'"), t);
  });

  it('marks failures that are ignored (continue-on-error, || true, set +e, make -) as not gating', () => {
    const files = {
      '.github/workflows/ci.yml': wf('      - run: go test ./... || true\n      - run: pytest\n        continue-on-error: true\n      - run: make vet\n      - run: |\n          set +e\n          cargo test\n'),
      Makefile: 'vet:\n\t-go vet ./...\n',
    };
    const ws = Workspace.fromFiles(files);
    assert.deepEqual(findRuns(ws, [TEST_SPEC, LINT_SPEC]).map((h) => isGating(h.run)), [false, false, false, false]);
  });

  it('recomputes when the workspace changes', () => {
    const ws = Workspace.fromFiles({ '.github/workflows/ci.yml': run('make check'), Makefile: 'check:\n\tgo vet ./...\n' });
    assert.equal(findRuns(ws, LINT_SPEC).length, 1);
    ws.setOverlay('Makefile', 'check:\n\techo nothing\n');
    assert.equal(findRuns(ws, LINT_SPEC).length, 0);
    assert.equal(findRuns(ws, BENCH_RUN).length, 0);
  });
});

describe('enforced, not declared: messages', () => {
  const message = async (files: Record<string, string>, id: string) => (await auditFiles(files, [id])).findings.filter((f) => f.ruleId === id).map((f) => f.message);

  it('says exactly what is configured and that no CI job runs it', async () => {
    const py = { 'pyproject.toml': '[project]\nname = "x"\n\n[tool.coverage.report]\nfail_under = 80\n', 'app/main.py': 'print(1)\n', 'tests/test_main.py': 'def test_x():\n    assert True\n' };
    assert.match((await message(py, 'testing/coverage-threshold'))[0], /^coverage threshold 80% in pyproject\.toml, but no CI job runs the tests/);
    const js = { 'package.json': '{"name":"a","devDependencies":{"eslint":"9"}}', 'eslint.config.js': 'export default [];\n', 'src/a.js': 'export const a = 1;\n', '.github/workflows/ci.yml': run('npm test') };
    assert.match((await message(js, 'quality/linter'))[0], /^ESLint is configured \(eslint\.config\.js\) but no CI job runs it/);
  });

  it('never gives full credit to configured tests, linters or thresholds without CI', async () => {
    const files = { 'package.json': '{"name":"a","scripts":{"test":"jest","lint":"eslint ."},"jest":{"coverageThreshold":{"global":{"lines":90}}}}', 'eslint.config.js': 'export default [];\n', '.prettierrc': '{}\n', 'src/a.js': 'export const a = 1;\n', 'src/a.test.js': 'test("a", () => {});\n' };
    const report = await auditFiles(files, ['testing/test-command', 'testing/coverage-threshold', 'quality/linter', 'quality/formatter']);
    for (const c of report.checks) assert.equal(c.status, 'partial', `${c.ruleId} is ${c.status}`);
  });
});
