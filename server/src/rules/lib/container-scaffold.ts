/**
 * What the container fixes write: a HEALTHCHECK suited to the image, a `.dockerignore` for the
 * project's stacks and a complete multi-stage Dockerfile for Node, Python and Go services. Everything
 * written here must itself pass the container rules (a test audits the scaffolds).
 */
import { currentCycle, supportedOrCurrent } from './eol';
import type { Facts, Stack } from '../../core/facts';
import { asRecord } from '../../core/source';
import { jsonObject } from '../../core/formats/json';
import type { Workspace } from '../../core/workspace';

/** How a HEALTHCHECK can probe the app inside an image. */
export type ProbeFlavor = 'node' | 'python' | 'wget' | 'curl';

/** Default port of a stack's HTTP server. */
export function defaultPort(flavor: ProbeFlavor | Stack | undefined): number {
  return flavor === 'node' ? 3000 : flavor === 'python' ? 8000 : 8080;
}

/**
 * A complete HEALTHCHECK instruction (with a trailing newline) that probes GET `route` on a port.
 * `why` replaces the default comment line (the docker/healthcheck fix says where each value came from).
 */
export function healthcheckInstruction(flavor: ProbeFlavor, port: number, route = '/health', why?: string[]): string {
  const url = `http://127.0.0.1:${port}${route}`;
  const cmd =
    flavor === 'node'
      ? `CMD ["node", "-e", "require('http').get('${url}', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]`
      : flavor === 'python'
        ? `CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('${url}', timeout=4)"]`
        : flavor === 'wget'
          ? `CMD wget -q --spider ${url} || exit 1`
          : `CMD curl -fsS -o /dev/null ${url} || exit 1`;
  const comment = why && why.length > 0 ? why.map((l) => `# ${l}\n`).join('') : `# The app must answer GET ${route} with a 2xx or 3xx status.\n`;
  return `${comment}HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\\n  ${cmd}\n`;
}

const DOCKERIGNORE_BASE = ['# Keep the build context small and free of secrets.', '.git', '.env', '.env.*', '!.env.example', '*.pem', '*.key', '.DS_Store', '.idea', '.vscode'];
const DOCKERIGNORE_STACK: Partial<Record<Stack, string[]>> = {
  node: ['node_modules', 'npm-debug.log*', 'coverage', '.next/cache'],
  python: ['__pycache__', '*.py[cod]', '.venv', 'venv', '.pytest_cache', '.mypy_cache', '.tox'],
  go: ['bin'],
  java: ['target', 'build', '.gradle'],
  rust: ['target'],
  ruby: ['.bundle', 'log', 'tmp'],
  dotnet: ['bin', 'obj'],
};

/** Entries a `.dockerignore` must exclude for a project's stacks: the check path and the line to add. */
export function requiredExclusions(stacks: Stack[]): { probe: string; line: string; what: string }[] {
  const out = [
    { probe: '.git', line: '.git', what: 'the git history' },
    { probe: '.env', line: '.env', what: 'the local environment file' },
    { probe: '.env.production', line: '.env.*', what: 'environment files such as .env.production' },
  ];
  if (stacks.includes('node')) out.push({ probe: 'node_modules', line: 'node_modules', what: 'installed Node dependencies' });
  if (stacks.includes('python')) {
    out.push({ probe: '.venv', line: '.venv', what: 'the Python virtual environment' });
    out.push({ probe: '__pycache__', line: '__pycache__', what: 'Python bytecode caches' });
  }
  return out;
}

/** The text of a `.dockerignore` for a project's stacks. */
export function dockerignoreContent(stacks: Stack[]): string {
  const lines = [...DOCKERIGNORE_BASE];
  for (const s of stacks) {
    const extra = DOCKERIGNORE_STACK[s];
    if (extra) lines.push('', `# ${s}`, ...extra);
  }
  return lines.join('\n') + '\n';
}

/** The folder of a workspace path ('' for the root). */
export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/**
 * The `.dockerignore` that applies to a Dockerfile: `<Dockerfile>.dockerignore` next to it, or a
 * `.dockerignore` in its folder or any parent folder (the build context is usually one of them).
 */
export function dockerignoreFor(ws: Workspace, dockerfile: string): string | undefined {
  const own = `${dockerfile}.dockerignore`;
  if (ws.exists(own)) return own;
  let dir = dirOf(dockerfile);
  for (;;) {
    const candidate = dir ? `${dir}/.dockerignore` : '.dockerignore';
    if (ws.exists(candidate)) return candidate;
    if (!dir) return undefined;
    dir = dirOf(dir);
  }
}

/** Reads a JSON object from the workspace, or undefined. */
function readJson(ws: Workspace, p: string): Record<string, unknown> | undefined {
  const file = ws.read(p);
  if (!file?.text) return undefined;
  return jsonObject(file.json);
}

/** The highest major version number mentioned in a version range, within bounds. */
function majorFrom(range: unknown, min: number, max: number): number | undefined {
  if (typeof range !== 'string') return undefined;
  const majors = [...range.matchAll(/(\d+)(?:\.\d+)*/g)].map((m) => Number(m[1])).filter((n) => n >= min && n <= max);
  return majors.length ? Math.max(...majors) : undefined;
}

function nodeDockerfile(ws: Workspace, now: Date): string {
  const pkg = readJson(ws, 'package.json') ?? {};
  // The highest major engines.node names, unless it is past its end of life; else the active LTS.
  const version = supportedOrCurrent('nodejs', String(majorFrom(asRecord(pkg.engines)?.node, 18, 40) ?? ''), now);
  const image = `node:${version}-${debianStable(now)}-slim`;
  const pm = ws.exists('pnpm-lock.yaml') ? 'pnpm' : ws.exists('yarn.lock') ? 'yarn' : 'npm';
  const install = pm === 'pnpm' ? 'corepack enable && pnpm install --frozen-lockfile' : pm === 'yarn' ? 'yarn install --frozen-lockfile' : 'npm ci';
  const prune = pm === 'pnpm' ? 'pnpm prune --prod' : pm === 'yarn' ? 'yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline' : 'npm prune --omit=dev';
  const manifests = pm === 'pnpm' ? 'package.json pnpm-lock.yaml' : pm === 'yarn' ? 'package.json yarn.lock' : 'package*.json';
  const start = asRecord(pkg.scripts)?.start;
  const fromStart = typeof start === 'string' ? /^node\s+([\w./-]+\.[cm]?js)\s*$/.exec(start)?.[1] : undefined;
  const main = typeof pkg.main === 'string' && /^[\w./-]+$/.test(pkg.main) ? pkg.main.replace(/^\.\//, '') : fromStart ?? 'index.js';
  const lockNote = pm === 'npm' && !ws.exists('package-lock.json') ? '# npm ci needs package-lock.json: run `npm install` once and commit the lock file.\n' : '';
  return `# syntax=docker/dockerfile:1
# A multi-stage build: the runtime image holds production dependencies and the built app only,
# runs as the unprivileged \`node\` user and reports its health.

# Build stage: installs every dependency and builds the app.
FROM ${image} AS build
WORKDIR /app
COPY ${manifests} ./
${lockNote}RUN ${install}
COPY . .
RUN npm run build --if-present && ${prune}

# Runtime stage.
FROM ${image}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 3000
${healthcheckInstruction('node', 3000)}CMD ["node", "${main}"]
`;
}

function pythonDockerfile(ws: Workspace, facts: Facts, now: Date): string {
  const pv = supportedOrCurrent('python', /^(3\.\d+)/.exec(ws.read('.python-version')?.text.trim() ?? '')?.[1], now);
  const image = `python:${pv}-slim`;
  const hasReq = ws.exists('requirements.txt');
  const install = hasReq
    ? 'COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt'
    : 'COPY . .\nRUN pip install --no-cache-dir .';
  const module = ['main.py', 'app.py', 'server.py', 'wsgi.py'].find((f) => ws.exists(f) || ws.exists(`src/${f}`)) ?? 'main.py';
  const mod = module.replace(/\.py$/, '');
  const deps = new Set(facts.dependencies);
  let cmd = `["python", "${module}"]`;
  if (deps.has('uvicorn')) cmd = `["uvicorn", "${mod}:app", "--host", "0.0.0.0", "--port", "8000"]`;
  else if (deps.has('gunicorn')) cmd = `["gunicorn", "--bind", "0.0.0.0:8000", "${mod}:app"]`;
  return `# syntax=docker/dockerfile:1
# A multi-stage build: dependencies are installed into a virtual environment in the build stage,
# and the runtime image copies it, runs as an unprivileged user and reports its health.

# Build stage: installs the dependencies into /opt/venv.
FROM ${image} AS build
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
${install}

# Runtime stage.
FROM ${image}
ENV PATH="/opt/venv/bin:$PATH" \\
    PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY . .
USER 10001:10001
EXPOSE 8000
${healthcheckInstruction('python', 8000)}# Adjust the command to the app's entry point.
CMD ${cmd}
`;
}

function goDockerfile(ws: Workspace, now: Date): string {
  const gomod = ws.read('go.mod')?.text ?? '';
  // go.mod's `go` line is the oldest language version the module accepts, not the toolchain to build
  // with: build with the go.mod version while it is supported, else with the newest Go.
  const version = supportedOrCurrent('go', /^go\s+(1\.\d+)/m.exec(gomod)?.[1], now);
  const alpine = currentCycle('alpine', now).releaseCycle;
  const cmdDirs = ws.files.filter((f) => /^cmd\/[\w-]+\/main\.go$/.test(f)).map(dirOf);
  const pkg = ws.exists('main.go') || cmdDirs.length === 0 ? '.' : `./${cmdDirs[0]}`;
  return `# syntax=docker/dockerfile:1
# A multi-stage build: a static binary is built in the Go image and shipped in a small Alpine image
# that runs it as an unprivileged user and reports its health.

# Build stage.
FROM golang:${version}-alpine AS build
WORKDIR /src
COPY go.* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ${pkg}

# Runtime stage.
FROM alpine:${alpine}
COPY --from=build /out/app /usr/local/bin/app
USER 10001:10001
EXPOSE 8080
${healthcheckInstruction('wget', 8080)}ENTRYPOINT ["/usr/local/bin/app"]
`;
}

/** The codename of the current Debian stable release (what the Node.js images are built on). */
function debianStable(now: Date): string {
  return currentCycle('debian', now).codename ?? 'trixie';
}

/**
 * A Dockerfile for the project's main stack, or undefined when no template fits. `now` chooses the
 * base images: supported runtime versions and OS releases on that day (rules/lib/data/eol.json).
 */
export function scaffoldDockerfile(ws: Workspace, facts: Facts, now: Date = new Date()): { stack: Stack; content: string } | undefined {
  if (facts.stacks.includes('node') && ws.exists('package.json')) return { stack: 'node', content: nodeDockerfile(ws, now) };
  if (facts.stacks.includes('python')) return { stack: 'python', content: pythonDockerfile(ws, facts, now) };
  if (facts.stacks.includes('go') && ws.exists('go.mod')) return { stack: 'go', content: goDockerfile(ws, now) };
  return undefined;
}
