/**
 * Finds the environment variables a project's code reads, per language: `process.env.X`,
 * `import.meta.env.X`, `os.environ['X']`, `os.getenv('X')`, `os.Getenv("X")`, `System.getenv("X")`,
 * `ENV['X']`, `std::env::var("X")`, `Environment.GetEnvironmentVariable("X")` and friends. Variables
 * that the platform sets (NODE_ENV, PATH, HOME, CI...) are left out. Tests and examples are skipped.
 */
import type { Workspace } from '../../core/workspace';
import type { SourceFile } from '../../core/source';
import type { Range } from '../../core/types';
import { isTemplatePath, isTestPath } from './util';

/** Where a variable is first read. */
export interface EnvRead {
  name: string;
  file: string;
  /** One-based line, for messages. */
  line: number;
  range: Range;
}

const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
const JS = [
  new RegExp(`\\bprocess\\.env\\.${NAME}`, 'g'),
  new RegExp(`\\bprocess\\.env\\[\\s*['"\`]${NAME}['"\`]\\s*\\]`, 'g'),
  new RegExp(`\\bimport\\.meta\\.env\\.${NAME}`, 'g'),
  new RegExp(`\\b(?:Deno\\.env\\.get|Bun\\.env\\.)\\(?\\s*['"]?${NAME}`, 'g'),
];
const LANG: [RegExp, RegExp[]][] = [
  [/\.(m|c)?[jt]sx?$/, JS],
  [/\.py$/, [
    new RegExp(`\\b(?:os\\.)?environ\\s*\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g'),
    new RegExp(`\\b(?:os\\.)?environ\\.(?:get|setdefault)\\(\\s*['"]${NAME}['"]`, 'g'),
    new RegExp(`(?:\\bos\\.|(?<![\\w.]))getenv\\(\\s*['"]${NAME}['"]`, 'g'),
  ]],
  [/\.go$/, [new RegExp(`\\bos\\.(?:Getenv|LookupEnv)\\(\\s*"${NAME}"`, 'g')]],
  [/\.(java|kt|kts|scala)$/, [new RegExp(`\\bSystem\\.getenv\\(\\s*"${NAME}"`, 'g')]],
  [/\.rb$/, [new RegExp(`\\bENV(?:\\[\\s*|\\.fetch\\(\\s*)['"]${NAME}['"]`, 'g')]],
  [/\.rs$/, [new RegExp(`\\benv::var(?:_os)?\\(\\s*"${NAME}"`, 'g'), new RegExp(`\\benv!\\(\\s*"${NAME}"`, 'g')]],
  [/\.(cs|fs)$/, [new RegExp(`\\bEnvironment\\.GetEnvironmentVariable\\(\\s*"${NAME}"`, 'g')]],
  [/\.php$/, [new RegExp(`(?:\\bgetenv\\(\\s*|\\$_ENV\\[\\s*)['"]${NAME}['"]`, 'g')]],
  [/\.(ex|exs)$/, [new RegExp(`\\bSystem\\.(?:get_env|fetch_env!?)\\(\\s*"${NAME}"`, 'g')]],
];
const DESTRUCTURE = /\{([^{}]{1,400})\}\s*=\s*process\.env\b/g;
/** `const env = process.env` or `(env: NodeJS.ProcessEnv = process.env)`: reads through the alias count too. */
const ALIAS = /\b([A-Za-z_$][\w$]*)\s*(?::\s*[\w.]+)?\s*=\s*process\.env\b(?!\s*[.[])/g;

/** Variables set by the OS, the runtime, CI or the framework rather than by the operator. */
const BUILTIN = new Set([
  'NODE_ENV', 'PATH', 'HOME', 'USER', 'USERNAME', 'PWD', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TMP', 'TEMP', 'HOSTNAME', 'CI',
  'DEBUG', 'FORCE_COLOR', 'NO_COLOR', 'COLUMNS', 'LINES', 'EDITOR', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PROGRAMFILES', 'SYSTEMROOT', 'COMSPEC',
  'PYTHONPATH', 'PYTHONUNBUFFERED', 'VIRTUAL_ENV', 'GOPATH', 'GOROOT', 'GOOS', 'GOARCH', 'JAVA_HOME', 'CARGO_MANIFEST_DIR', 'CARGO_PKG_VERSION', 'CARGO_PKG_NAME', 'RUST_LOG', 'RUST_BACKTRACE',
  'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'JEST_WORKER_ID', 'VITEST', 'TEST', 'NODE_OPTIONS', 'NODE_DEBUG',
  'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'RAILS_ENV', 'RACK_ENV', 'APP_ENV', 'FLASK_ENV', 'FLASK_DEBUG', 'DJANGO_SETTINGS_MODULE', 'PYTHONDONTWRITEBYTECODE',
  // Proxies and certificates, set by the network the process runs in.
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'FTP_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS',
  // The service manager (systemd) and the session.
  'NOTIFY_SOCKET', 'LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES', 'INVOCATION_ID', 'JOURNAL_STREAM', 'WATCHDOG_USEC', 'WATCHDOG_PID', 'RUNTIME_DIRECTORY', 'STATE_DIRECTORY', 'CACHE_DIRECTORY', 'LOGS_DIRECTORY', 'CONFIGURATION_DIRECTORY', 'CREDENTIALS_DIRECTORY',
  'LOGNAME', 'SUDO_USER', 'SUDO_UID', 'SUDO_GID', 'DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'PAGER', 'VISUAL', 'container',
  // Runtimes.
  'GOMAXPROCS', 'GOMEMLIMIT', 'GODEBUG', 'GOCOVERDIR', 'GOFLAGS', 'GOTRACEBACK', 'PYTHONHASHSEED', 'PYTHONIOENCODING', 'JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'UV_THREADPOOL_SIZE',
  // Cloud platforms set these for the process (Lambda, Cloud Run, App Engine, Azure, PaaS).
  'PORT', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', '_HANDLER', '_X_AMZN_TRACE_ID', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'FUNCTION_TARGET', 'GOOGLE_CLOUD_PROJECT', 'GAE_SERVICE', 'GAE_VERSION',
  'POD_NAME', 'POD_NAMESPACE', 'POD_IP', 'NODE_NAME',
]);
/**
 * Variables set by CI, hosting platforms, service managers, orchestrators, cloud identity and
 * observability agents: the platform provides them, so an example env file does not document them.
 */
const BUILTIN_PREFIX = /^(npm_|GITHUB_|RUNNER_|ACTIONS_|VERCEL_|NETLIFY|RENDER_|RAILWAY_|HEROKU_|CF_PAGES|VSCODE_|XDG_|LC_|npm_config_|VITEST_|JEST_|CARGO_|GIT_|SSH_|DYNO|SYSTEMD_|KUBERNETES_|AWS_LAMBDA_|AWS_CONTAINER_|ECS_CONTAINER_|FLY_|WEBSITE_|FUNCTIONS_|AZURE_FUNCTIONS_|OTEL_|CLOUD_RUN_|KNATIVE_|DOCKER_|BUILDKIT_|COMPOSE_|GO_TEST|PYTEST_)/;

/** True for variables the platform sets. */
export function isBuiltinVar(name: string): boolean {
  return BUILTIN.has(name) || BUILTIN_PREFIX.test(name);
}

/** Reads per file version (a changed file is a new SourceFile, so this never goes stale). */
const cache = new WeakMap<SourceFile, EnvRead[]>();

/** The non-builtin variables the code reads, each at its first read, sorted by name. */
export function envReads(ws: Workspace): EnvRead[] {
  const hit = wsCache.get(ws);
  if (hit && hit.version === ws.version) return hit.reads.slice();
  const reads = scanReads(ws);
  wsCache.set(ws, { version: ws.version, reads });
  return reads.slice();
}

/** The reads per workspace, valid while its version (files and contents) is unchanged. */
const wsCache = new WeakMap<Workspace, { version: number; reads: EnvRead[] }>();

function scanReads(ws: Workspace): EnvRead[] {
  const first = new Map<string, EnvRead>();
  for (const p of ws.pathsOfKind('source')) {
    if (isTestPath(p) || isTemplatePath(p)) continue;
    const patterns = LANG.find(([ext]) => ext.test(p))?.[1];
    if (!patterns) continue;
    const f = ws.read(p);
    if (!f) continue;
    let reads = cache.get(f);
    if (!reads) {
      reads = fileReads(f, patterns);
      cache.set(f, reads);
    }
    for (const r of reads) if (!first.has(r.name)) first.set(r.name, r);
  }
  return [...first.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function fileReads(f: SourceFile, patterns: RegExp[]): EnvRead[] {
  const out = new Map<string, EnvRead>();
  if (!/env/i.test(f.text)) return [];
  const add = (name: string, start: number, len: number) => {
    if (isBuiltinVar(name)) return;
    const range = f.rangeOf(start, start + len);
    if (inComment(f.lines[range.start.line] ?? '', range.start.character)) return;
    const prev = out.get(name);
    if (!prev || range.start.line < prev.range.start.line) out.set(name, { name, file: f.path, line: range.start.line + 1, range });
  };
  for (const re of patterns) {
    for (const m of f.text.matchAll(re)) {
      const at = (m.index ?? 0) + m[0].lastIndexOf(m[1]);
      add(m[1], at, m[1].length);
    }
  }
  if (patterns === JS) {
    for (const a of new Set([...f.text.matchAll(ALIAS)].map((m) => m[1]))) {
      if (a === 'process') continue;
      const esc = a.replace(/\$/g, '\\$');
      for (const m of f.text.matchAll(new RegExp(`(?<![\\w$.])${esc}(?:\\.([A-Z][A-Z0-9_]*)\\b|\\[\\s*['"\`]([A-Za-z_][A-Za-z0-9_]*)['"\`]\\s*\\])`, 'g'))) {
        const name = m[1] ?? m[2];
        add(name, (m.index ?? 0) + m[0].lastIndexOf(name), name.length);
      }
    }
    for (const m of f.text.matchAll(DESTRUCTURE)) {
      let offset = (m.index ?? 0) + 1;
      for (const part of m[1].split(',')) {
        const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(part);
        if (name && !part.trim().startsWith('...')) add(name[1], offset + part.indexOf(name[1]), name[1].length);
        offset += part.length + 1;
      }
    }
  }
  return [...out.values()];
}

/** True when a column of a line lies in a line comment (`//`, `#`) or a block-comment line (`*`, `/*`). */
function inComment(line: string, column: number): boolean {
  const t = line.trimStart();
  if (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('#')) return true;
  const before = line.slice(0, column);
  return /(^|\s)\/\/\s/.test(before);
}
