/**
 * GitHub templates: a CI workflow for the detected stack (least-privilege token, timeouts,
 * concurrency, actions pinned to full commit SHAs, no credentials persisted by checkout) and a
 * Dependabot configuration for the stack's ecosystem, GitHub Actions and Docker.
 */
import type { StackProfile } from './stack';

/** Actions pinned to commit SHAs, with the release they correspond to. */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
  setupNode: 'actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0',
  setupPython: 'actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b # v5.3.0',
  setupGo: 'actions/setup-go@3041bf56c941b39c61721a86cd11f3bb1338122a # v5.2.0',
};

function steps(p: StackProfile): string[] {
  const run = (cmd: string) => `      - run: ${cmd}`;
  switch (p.stack) {
    case 'node': {
      const pm = p.packageManager;
      const install = pm === 'npm' ? (p.hasLockfile ? 'npm ci' : 'npm install --no-audit --no-fund') : pm === 'pnpm' ? 'corepack enable && pnpm install --frozen-lockfile' : 'corepack enable && yarn install --frozen-lockfile';
      const script = (s: string) => (pm === 'npm' ? `npm run ${s}` : `${pm} ${s}`);
      return [
        `      - uses: ${PINNED_ACTIONS.setupNode}`,
        '        with:',
        '          node-version: 20',
        ...(pm === 'npm' && p.hasLockfile ? ['          cache: npm'] : pm === 'yarn' ? ['          cache: yarn'] : []),
        run(install),
        ...(p.hasLintScript ? [run(script('lint'))] : []),
        ...(p.hasBuild ? [run(script('build'))] : []),
        run(pm === 'npm' ? 'npm test' : `${pm} test`),
        ...(pm === 'npm' && p.hasLockfile ? [run('npm audit --audit-level=high')] : []),
      ];
    }
    case 'python':
      return [
        `      - uses: ${PINNED_ACTIONS.setupPython}`,
        '        with:',
        "          python-version: '3.12'",
        ...(p.pythonDeps !== 'none' ? ['          cache: pip'] : []),
        run(p.pythonDeps === 'requirements' ? 'python -m pip install -r requirements.txt pytest' : p.pythonDeps === 'pyproject' ? 'python -m pip install . pytest' : 'python -m pip install pytest'),
        run('python -m pytest'),
      ];
    case 'go':
      return [
        `      - uses: ${PINNED_ACTIONS.setupGo}`,
        '        with:',
        '          go-version-file: go.mod',
        run('go vet ./...'),
        run('go test -race ./...'),
      ];
    default:
      return [run('echo "Add the build and test commands of the project here" && exit 1')];
  }
}

/** The job that builds the container image, so that a broken Dockerfile fails the pull request. */
function imageJob(p: StackProfile, dockerfile: string): string[] {
  const tag = p.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'app';
  return [
    '  image:',
    '    runs-on: ubuntu-24.04',
    '    timeout-minutes: 20',
    '    needs: test',
    '    steps:',
    `      - uses: ${PINNED_ACTIONS.checkout}`,
    '        with:',
    '          persist-credentials: false',
    '      - name: Build the image',
    `        run: docker build --file ${dockerfile} --tag ${tag}:\${{ github.sha }} .`,
  ];
}

/** .github/workflows/ci.yml for a profile; `dockerfile` is the Dockerfile to build, when there is one. */
export function ciWorkflow(p: StackProfile, dockerfile?: string): string {
  return [
    '# Builds and tests every pull request and every push to main.',
    'name: CI',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  contents: read',
    'concurrency:',
    '  group: ci-${{ github.ref }}',
    '  cancel-in-progress: true',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-24.04',
    '    timeout-minutes: 15',
    '    steps:',
    `      - uses: ${PINNED_ACTIONS.checkout}`,
    '        with:',
    '          persist-credentials: false',
    ...steps(p),
    ...(dockerfile ? imageJob(p, dockerfile) : []),
    '',
  ].join('\n');
}

/** .github/dependabot.yml for a profile. */
export function dependabot(p: StackProfile, withDocker: boolean): string {
  const eco = p.stack === 'node' ? 'npm' : p.stack === 'python' ? 'pip' : p.stack === 'go' ? 'gomod' : undefined;
  const entry = (name: string) => [`  - package-ecosystem: ${name}`, '    directory: /', '    schedule:', '      interval: weekly', '    open-pull-requests-limit: 5'];
  return [
    '# Keeps dependencies, actions and base images up to date with weekly pull requests.',
    'version: 2',
    'updates:',
    ...(eco ? entry(eco) : []),
    ...entry('github-actions'),
    ...(withDocker ? entry('docker') : []),
    '',
  ].join('\n');
}
