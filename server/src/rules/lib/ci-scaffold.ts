/**
 * The CI workflow that `ci/workflow-present` offers to create, adapted to the detected stack. What it
 * writes must pass every ci/* rule itself (a test proves it): least-privilege permissions, actions
 * pinned by commit SHA, a timeout, concurrency, no persisted credentials, dependency caching, tests,
 * lint and type check, a dependency audit, and an image build when the repository has a Dockerfile.
 */
import type { Facts } from '../../core/facts';
import type { Workspace } from '../../core/workspace';
import { isTemplatePath, isTestPath } from './util';
import { asRecord } from '../../core/source';
import { readJson } from './stacks';
import { activeNodeLts, currentCycle } from './eol';

/**
 * Actions the scaffold uses: majors built for Node 24 (GitHub removed the Node 20 action runtime from
 * its runners in September 2026; see rules/lib/data/action-runtimes.json), pinned by full commit SHA
 * with the release in a comment. Each SHA was checked against several public workflows that pin the
 * same release with the same comment (2026-12-06).
 */
export const PINNED = {
  checkout: 'actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2',
  setupNode: 'actions/setup-node@395ad3262231945c25e8478fd5baf05154b1d79f # v6.1.0',
  setupPython: 'actions/setup-python@e797f83bcb11b83ae66e0230d6156d7c80228e7c # v6.0.0',
  setupGo: 'actions/setup-go@44694675825211faa026b3c33043df3e48a5fa00 # v6.0.0',
};

/** The stacks the scaffold knows how to build. */
export type ScaffoldStack = 'node' | 'python' | 'go';

/** The first stack of the project that the scaffold supports, if any. */
export function scaffoldStack(facts: Facts): ScaffoldStack | undefined {
  return facts.stacks.find((s): s is ScaffoldStack => s === 'node' || s === 'python' || s === 'go');
}

const HEADER = `name: CI

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

concurrency:
  group: \${{ github.workflow }}-\${{ github.ref }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: ${PINNED.checkout}
        with:
          persist-credentials: false
`;

function nodeSteps(ws: Workspace, facts: Facts, now: Date): string[] {
  const scripts = (asRecord(readJson(ws, 'package.json')?.scripts) ?? {}) as Record<string, unknown>;
  const lock = ws.exists('pnpm-lock.yaml') ? 'pnpm' : ws.exists('yarn.lock') ? 'yarn' : ws.exists('package-lock.json') ? 'npm' : undefined;
  const pm = lock ?? 'npm';
  const run = (s: string) => (pm === 'npm' ? `npm run ${s}` : `${pm} ${s}`);
  const out = [`      - uses: ${PINNED.setupNode}`, '        with:', `          node-version: ${activeNodeLts(now)}`];
  if (lock) out.push(`          cache: ${lock}`);
  if (pm === 'pnpm') out.splice(0, 0, '      - run: corepack enable');
  out.push(`      - run: ${pm === 'npm' ? (lock ? 'npm ci' : 'npm install') : pm === 'yarn' ? 'yarn install --frozen-lockfile' : 'pnpm install --frozen-lockfile'}`);
  if (scripts.lint) out.push(`      - run: ${run('lint')}`);
  else if (facts.dependencies.includes('eslint')) out.push('      - run: npx eslint .');
  const tc = ['typecheck', 'type-check', 'check-types', 'types'].find((s) => scripts[s]);
  if (tc) out.push(`      - run: ${run(tc)}`);
  else if (facts.typescript) out.push('      - run: npx tsc --noEmit');
  const coverage = facts.dependencies.includes('jest') || facts.dependencies.some((d) => d.startsWith('@vitest/coverage'));
  out.push(`      - run: ${pm === 'npm' ? 'npm test' : `${pm} test`}${coverage ? (pm === 'npm' ? ' -- --coverage' : ' --coverage') : ''}`);
  out.push(`      - run: ${pm === 'yarn' ? 'yarn audit --level high' : `${pm} audit --audit-level=high`}`);
  return out;
}

function pythonSteps(ws: Workspace, now: Date): string[] {
  const req = ws.exists('requirements.txt');
  const out = [`      - uses: ${PINNED.setupPython}`, '        with:', `          python-version: '${currentCycle('python', now).releaseCycle}'`, '          cache: pip'];
  if (!req) out.push(`          cache-dependency-path: ${ws.exists('pyproject.toml') ? 'pyproject.toml' : 'setup.py'}`);
  out.push('      - run: python -m pip install --upgrade pip');
  out.push(`      - run: pip install ${req ? '-r requirements.txt' : '-e .'} pytest pytest-cov ruff pip-audit`);
  out.push('      - run: ruff check .');
  out.push('      - run: pytest --cov --cov-fail-under=80');
  out.push(`      - run: pip-audit${req ? ' -r requirements.txt' : ''}`);
  return out;
}

function goSteps(): string[] {
  return [
    `      - uses: ${PINNED.setupGo}`, '        with:', '          go-version-file: go.mod', '          cache: true',
    '      - run: go vet ./...',
    '      - run: go test -race -coverprofile=coverage.out ./...',
    '      - name: Coverage must stay at or above 80%',
    '        run: |',
    `          total=$(go tool cover -func=coverage.out | awk '/^total:/ { sub("%", "", $3); print int($3) }')`,
    '          echo "coverage: ${total}%"',
    '          [ "$total" -ge 80 ]',
    '      - run: go run golang.org/x/vuln/cmd/govulncheck@latest ./...',
  ];
}

/**
 * The text of `.github/workflows/ci.yml` for a stack. `dockerfile` names a Dockerfile that is created
 * together with the workflow (the scaffold command); by default the workspace's own is built. `now`
 * chooses the runtime versions: the active Node.js LTS and the current Python release on that day
 * (rules/lib/data/eol.json).
 */
export function scaffoldWorkflow(ws: Workspace, facts: Facts, stack: ScaffoldStack, dockerfile = ws.pathsOfKind('dockerfile').find((p) => !isTemplatePath(p) && !isTestPath(p)), now: Date = new Date()): string {
  const steps = stack === 'node' ? nodeSteps(ws, facts, now) : stack === 'python' ? pythonSteps(ws, now) : goSteps();
  if (dockerfile) {
    const dir = dockerfile.includes('/') ? dockerfile.slice(0, dockerfile.lastIndexOf('/')) : '.';
    steps.push(`      - run: docker build --file ${dockerfile} --tag app:ci ${dir}`);
  }
  return HEADER + steps.join('\n') + '\n';
}
