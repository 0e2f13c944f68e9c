/**
 * Container templates: a multi-stage Dockerfile for the detected stack (pinned base image, no ADD, an
 * unprivileged USER, a HEALTHCHECK for HTTP services, exec-form CMD) and a .dockerignore that keeps
 * secrets, VCS data and local dependencies out of the build context.
 */
import type { StackProfile } from './stack';

const NODE_IMAGE = 'node:20.18.0-bookworm-slim';
const PYTHON_IMAGE = 'python:3.12.7-slim-bookworm';
const GO_IMAGE = 'golang:1.23.2-bookworm';
const ALPINE_IMAGE = 'alpine:3.20.3';

/** The Dockerfile for a profile, or undefined when the stack has no template. */
export function dockerfile(p: StackProfile): string | undefined {
  switch (p.stack) {
    case 'node':
      return nodeDockerfile(p);
    case 'python':
      return pythonDockerfile(p);
    case 'go':
      return goDockerfile(p);
    default:
      return undefined;
  }
}

function healthcheck(p: StackProfile, cmd: string): string[] {
  if (!p.servesHttp) return [];
  return [`EXPOSE ${p.port}`, 'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\', `  CMD ${cmd}`];
}

function nodeDockerfile(p: StackProfile): string {
  const url = `http://127.0.0.1:${p.port}${p.healthPath}`;
  const install =
    p.packageManager === 'pnpm'
      ? ['COPY package.json pnpm-lock.yaml ./', 'RUN corepack enable && pnpm install --frozen-lockfile --ignore-scripts']
      : p.packageManager === 'yarn'
        ? ['COPY package.json yarn.lock ./', 'RUN corepack enable && yarn install --frozen-lockfile --ignore-scripts']
        : p.hasLockfile
          ? ['COPY package.json package-lock.json ./', 'RUN npm ci --ignore-scripts']
          : ['# Commit a package-lock.json and switch to `npm ci` for reproducible installs.', 'COPY package.json ./', 'RUN npm install --ignore-scripts --no-audit --no-fund'];
  const prune = p.packageManager === 'npm' ? 'npm prune --omit=dev' : p.packageManager === 'pnpm' ? 'pnpm prune --prod' : 'yarn install --production --frozen-lockfile --ignore-scripts';
  const build = p.hasBuild ? `RUN ${p.packageManager === 'npm' ? 'npm run' : p.packageManager} build && ${prune}` : `RUN ${prune}`;
  return [
    '# syntax=docker/dockerfile:1.7',
    `# Build stage: installs the dependencies${p.hasBuild ? ' and builds the app' : ''}.`,
    `FROM ${NODE_IMAGE} AS build`,
    'WORKDIR /app',
    ...install,
    'COPY . .',
    build,
    '',
    '# Runtime stage: only what runs, as the unprivileged `node` user.',
    `FROM ${NODE_IMAGE}`,
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    'COPY --from=build --chown=node:node /app ./',
    'USER node',
    ...healthcheck(p, `["node", "-e", "fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]`),
    `CMD ["node", "${p.nodeEntry}"]`,
    '',
  ].join('\n');
}

function pythonDockerfile(p: StackProfile): string {
  const url = `http://127.0.0.1:${p.port}${p.healthPath}`;
  const deps =
    p.pythonDeps === 'requirements'
      ? ['COPY requirements.txt ./', 'RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt']
      : p.pythonDeps === 'pyproject'
        ? ['COPY . .', 'RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir .']
        : ['RUN python -m venv /opt/venv'];
  return [
    '# syntax=docker/dockerfile:1.7',
    '# Build stage: installs the dependencies into a virtual environment.',
    `FROM ${PYTHON_IMAGE} AS build`,
    'ENV PIP_DISABLE_PIP_VERSION_CHECK=1',
    'WORKDIR /app',
    ...deps,
    '',
    '# Runtime stage: the virtual environment and the code, run by an unprivileged user.',
    `FROM ${PYTHON_IMAGE}`,
    'ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1',
    'WORKDIR /app',
    'RUN useradd --create-home --uid 10001 app',
    'COPY --from=build /opt/venv /opt/venv',
    'COPY --chown=10001:10001 . .',
    'USER 10001',
    ...healthcheck(p, `["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('${url}', timeout=2).status == 200 else 1)"]`),
    `CMD ${JSON.stringify(p.pythonCommand)}`,
    '',
  ].join('\n');
}

function goDockerfile(p: StackProfile): string {
  const url = `http://127.0.0.1:${p.port}${p.healthPath}`;
  return [
    '# syntax=docker/dockerfile:1.7',
    '# Build stage: a static binary.',
    `FROM ${GO_IMAGE} AS build`,
    'WORKDIR /src',
    'COPY go.* ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
    '',
    '# Runtime stage: a small image with the binary, run by an unprivileged user.',
    `FROM ${ALPINE_IMAGE}`,
    // Alpine's base image already carries the CA bundle (ca-certificates-bundle) and busybox wget.
    'RUN adduser -D -u 10001 app',
    'COPY --from=build /out/app /usr/local/bin/app',
    'USER 10001',
    ...healthcheck(p, `wget -qO- ${url} > /dev/null || exit 1`),
    'CMD ["app"]',
    '',
  ].join('\n');
}

/** A .dockerignore for a profile. */
export function dockerignore(p: StackProfile): string {
  const common = ['# Keep secrets, VCS data and local artefacts out of the build context.', '.git', '.github', '.env', '.env.*', '!.env.example', '*.pem', '*.key', 'secrets/', 'Dockerfile*', '.dockerignore', 'docker-compose*.yml', 'compose*.yml', '*.log', 'coverage/', '.vscode/', '.idea/', '*.md', '!README.md'];
  const byStack: Record<StackProfile['stack'], string[]> = {
    node: ['node_modules/', 'npm-debug.log*', 'dist/', '.next/', '.turbo/', '.cache/'],
    python: ['__pycache__/', '*.py[cod]', '.venv/', 'venv/', '.pytest_cache/', '.mypy_cache/', '.tox/', 'build/', 'dist/', '*.egg-info/'],
    go: ['bin/', 'vendor/', '*.test', '*.out'],
    generic: ['build/', 'dist/', 'tmp/'],
  };
  return [...common, '', ...byStack[p.stack], ''].join('\n');
}
