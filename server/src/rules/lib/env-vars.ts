/**
 * The one scanner of a project's environment configuration, shared by security/env-example and
 * ops/env-config-documented (and ops/config-validated, the env-example scaffold), so that they
 * cannot disagree about what the code reads or what is documented.
 *
 * What the code reads (`envReads`, `productEnvReads`), per language: `process.env.X`,
 * `import.meta.env.X`, `os.environ['X']`, `os.getenv('X')`, django-environ and environs
 * (`env('X')`, `env.str('X')`), python-decouple and Starlette (`config('X')`), `os.Getenv("X")`, `System.getenv("X")`, `ENV['X']`,
 * `std::env::var("X")`, `Environment.GetEnvironmentVariable("X")` and friends. Variables that the
 * platform sets (NODE_ENV, PATH, HOME, CI, the Windows profile...) and those an SDK reads by itself
 * (AWS_SDK_LOAD_CONFIG, GOOGLE_APPLICATION_CREDENTIALS) are left out. Tests and examples are skipped,
 * and so is code that never runs in the product: Go files excluded from every build (`//go:build
 * ignore`, the convention of `go generate` programs) and files in a `static/` or `public/` folder,
 * which a server hands out as they are (their `process.env` is not the server's). Variables read
 * when the program is compiled (Rust's `env!`) are build parameters, not configuration, and an
 * assignment (`os.environ["X"] = "1"`, `process.env.X = ...`) sets a variable rather than reads it.
 *
 * Where each is documented (`envDocumentation`): an example env file (`.env.example`,
 * `.env.sample`...), an example configuration file in `KEY=value` form (`app.conf.example`), or a
 * documentation page of the project that names it.
 */
import type { Workspace } from '../../core/workspace';
import type { SourceFile } from '../../core/source';
import type { Range } from '../../core/types';
import type { Manifest } from '../../manifest/schema';
import { roleView } from '../../core/roles';
import { bracketed, isTemplatePath, isTestPath } from './util';
import { EXAMPLE_ENV, envEntries } from './env-files';
import { projectDocs } from './evidence';
import { envNames } from './dockerfile';

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
/**
 * `config("X")` of python-decouple and Starlette (`config = Config(".env")`): a read of the
 * environment only in a file that imports one of them (elsewhere `config(...)` is anything).
 */
const PY_CONFIG_IMPORT = /^\s*(?:from\s+(?:decouple|starlette\.config)\s+import\b|import\s+decouple\b)/m;
const PY_CONFIG = new RegExp(`(?<![\\w.])config\\(\\s*['"]${NAME}['"]`, 'g');
const LANG: [RegExp, RegExp[]][] = [
  [/\.(m|c)?[jt]sx?$/, JS],
  [/\.py$/, [
    new RegExp(`\\b(?:os\\.)?environ\\s*\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g'),
    new RegExp(`\\b(?:os\\.)?environ\\.(?:get|setdefault)\\(\\s*['"]${NAME}['"]`, 'g'),
    new RegExp(`(?:\\bos\\.|(?<![\\w.]))getenv\\(\\s*['"]${NAME}['"]`, 'g'),
    // django-environ (`env = environ.Env()`) and environs (`env = Env()`): `env('X')`, `env.str('X', default=...)`.
    new RegExp(`(?<![\\w.])env(?:\\.(?:str|int|bool|float|decimal|list|tuple|dict|json|url|db_url|db|cache_url|cache|email_url|email|search_url|path|timedelta|date|datetime|log_level|uuid|enum))?\\(\\s*['"]${NAME}['"]`, 'g'),
  ]],
  [/\.go$/, [new RegExp(`\\bos\\.(?:Getenv|LookupEnv)\\(\\s*"${NAME}"`, 'g')]],
  [/\.(java|kt|kts|scala)$/, [new RegExp(`\\bSystem\\.getenv\\(\\s*"${NAME}"`, 'g')]],
  [/\.rb$/, [new RegExp(`\\bENV(?:\\[\\s*|\\.fetch\\(\\s*)['"]${NAME}['"]`, 'g')]],
  [/\.rs$/, [new RegExp(`\\benv::var(?:_os)?\\(\\s*"${NAME}"`, 'g')]],
  [/\.(cs|fs)$/, [new RegExp(`\\bEnvironment\\.GetEnvironmentVariable\\(\\s*"${NAME}"`, 'g')]],
  [/\.php$/, [new RegExp(`(?:\\bgetenv\\(\\s*|\\$_ENV\\[\\s*)['"]${NAME}['"]`, 'g')]],
  [/\.(ex|exs)$/, [new RegExp(`\\bSystem\\.(?:get_env|fetch_env!?)\\(\\s*"${NAME}"`, 'g')]],
];
/** What follows an assignment target: a single `=` (not `==`, `===` or `=>`). */
const ASSIGNED = /^\s*=(?![=>])/;
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
  // Windows sets these for every process; the shell sets the others.
  'HOMEDRIVE', 'HOMEPATH', 'SYSTEMDRIVE', 'WINDIR', 'PROGRAMDATA', 'ALLUSERSPROFILE', 'PROCESSOR_ARCHITECTURE', 'NUMBER_OF_PROCESSORS', 'OSTYPE', 'HOSTTYPE', 'MACHTYPE', 'SHLVL', 'OLDPWD',
  // SDKs read these by themselves and document them; code that reads one mirrors the SDK's behaviour.
  'AWS_SDK_LOAD_CONFIG', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'GOOGLE_APPLICATION_CREDENTIALS', 'KUBECONFIG',
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

/** A Go build constraint that excludes the file from every build (`//go:build ignore`, `// +build ignore`). */
const GO_IGNORED = /^\s*\/\/(?:go:build|\s*\+build)\s+ignore\s*$/m;

/**
 * The configuration files of build, test and lint tools (Gruntfile, webpack, Vite, Jest, ESLint...):
 * they run on a developer's machine or in CI, so their variables are build parameters. Framework
 * configurations (next.config.js, nuxt.config.ts) are left in: they also configure the running app.
 */
const BUILD_TOOL_CONFIG = /(^|\/)(Gruntfile|gulpfile|Jakefile|webpack\.[\w.-]*config|webpack\.config|vite\.config|vitest\.config|rollup\.config|esbuild(\.config)?|babel\.config|jest\.config|karma\.conf|playwright\.config|cypress\.config|eslint\.config|\.eslintrc|prettier\.config|\.prettierrc|stylelint\.config|postcss\.config|tailwind\.config|commitlint\.config|lint-staged\.config|release\.config)\.[cm]?[jt]s$/i;

/**
 * True for source files that never run as part of the product: Go files excluded from every build
 * (generators run by `go generate`), the configuration of build and test tools, and files under a
 * `static/` or `public/` folder, which are served as they are (a bundler does not even replace their
 * `process.env`). Their reads configure nothing that is deployed. PHP is the exception to the last
 * one: a PHP web root (`public/index.php`) runs its scripts.
 */
export function neverRuns(f: SourceFile): boolean {
  if (/(^|\/)(static|public)\//.test(f.path) && !f.path.endsWith('.php')) return true;
  if (BUILD_TOOL_CONFIG.test(f.path)) return true;
  // A Cargo build script runs at compile time: what it reads are build parameters (a version stamp).
  if (/(^|\/)build\.rs$/.test(f.path)) return true;
  if (f.path.endsWith('.go')) {
    // Build constraints must come before the package clause.
    const pkg = f.text.search(/^package\s/m);
    return GO_IGNORED.test(pkg >= 0 ? f.text.slice(0, pkg) : f.text.slice(0, 2000));
  }
  return false;
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
    if (!f || neverRuns(f)) continue;
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
  const all = f.path.endsWith('.py') && PY_CONFIG_IMPORT.test(f.text) ? [...patterns, PY_CONFIG] : patterns;
  for (const re of all) {
    for (const m of f.text.matchAll(re)) {
      // `process.env.X = ...` and `os.environ["X"] = ...` set the variable for the process and its children: writes, not reads.
      if (ASSIGNED.test(f.text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 8))) continue;
      const at = (m.index ?? 0) + m[0].lastIndexOf(m[1]);
      if (f.path.endsWith('.py') && ownFileDefault(f.text, at)) continue;
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

/**
 * True when a Python read's default is a path to the program's own files, built from its location
 * (`__file__`, `os.path.dirname(...)`, `CWD / "model.crfmodel"`, `PROJECT_DIR / "alembic.ini"`): the
 * variable only relocates a file the package ships, which no operator is expected to set.
 */
function ownFileDefault(text: string, at: number): boolean {
  const open = text.lastIndexOf('(', at);
  if (open < 0 || at - open > 60) return false;
  const args = bracketed(text, open, 400).slice(at - open);
  const comma = args.indexOf(',');
  if (comma < 0) return false;
  return /__file__|os\.path\.dirname\(|\b[A-Z_]*(?:_DIR|ROOT|CWD|HERE)\b\s*\//.test(args.slice(comma));
}

/** True when a column of a line lies in a line comment (`//`, `#`) or a block-comment line (`*`, `/*`). */
function inComment(line: string, column: number): boolean {
  const t = line.trimStart();
  if (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('#')) return true;
  const before = line.slice(0, column);
  return /(^|\s)\/\/\s/.test(before);
}

/** The variables the product's code reads, whatever trees the asking rule's view holds besides. */
export function productEnvReads(ws: Workspace, manifest?: Pick<Manifest, 'product' | 'helpers'>): EnvRead[] {
  return envReads(roleView(ws.unfiltered, ['product'], manifest));
}

/** Example configuration files in `KEY=value` form other than dotenv ones (`paperless.conf.example`). */
const EXAMPLE_CONF = /(^|\/)[\w.-]+\.(conf|cfg|ini|env|properties)\.(example|sample|template|dist)$|(^|\/)(example|sample)[\w.-]*\.(conf|cfg|ini|properties)$/i;
/** How many documentation pages are searched for variable names. */
const MAX_DOCS = 200;

/** Where the variables a project reads are documented. */
export interface EnvDocumentation {
  /** The example env files (`.env.example`, `.env.sample`...), shallowest first. */
  examples: SourceFile[];
  /** Variables documented in an example env file. */
  inExamples: Set<string>;
  /** Variables documented elsewhere only, each with the file that names it: an example configuration file or a documentation page. */
  inReference: Map<string, string>;
  /** The reads whose variable is documented nowhere, in the order given. */
  missing: EnvRead[];
}

/**
 * Where each variable read is documented, looked for in the given view (which should hold the
 * documentation trees): the example env files first, then example configuration files and the
 * project's documentation pages (a page that names the variable documents it), then the project's own
 * Dockerfiles (a variable the image sets with ENV needs nothing from its operator).
 */
export function envDocumentation(ws: Workspace, reads: readonly EnvRead[]): EnvDocumentation {
  const examples: SourceFile[] = [];
  for (const p of ws.pathsOfKind('env')) {
    if (!EXAMPLE_ENV.test(p) || isTemplatePath(p)) continue;
    const f = ws.read(p);
    if (f) examples.push(f);
  }
  examples.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const inExamples = new Set<string>();
  for (const f of examples) for (const e of envEntries(f)) inExamples.add(e.key);
  const inReference = new Map<string, string>();
  const wanted = new Set(reads.filter((r) => !inExamples.has(r.name)).map((r) => r.name));
  if (wanted.size > 0) {
    // A docs folder below a web framework's templates (Django's `templates/docs/*.md`, pages the site serves)
    // is documentation too, though other template folders are not.
    const servedDocs = ws.pathsOfKind('markdown').filter((p) => isTemplatePath(p) && /(^|\/)templates\/(?:[\w-]+\/)*docs\//i.test(p)).slice(0, MAX_DOCS);
    const refs = [...ws.files.filter((p) => EXAMPLE_CONF.test(p) && !isTemplatePath(p)), ...projectDocs(ws, MAX_DOCS), ...servedDocs];
    for (const p of refs) {
      const text = ws.read(p)?.text;
      if (!text) continue;
      for (const m of text.matchAll(/\b[A-Za-z_][A-Za-z0-9_]{1,80}\b/g)) if (wanted.has(m[0]) && !inReference.has(m[0])) inReference.set(m[0], p);
      if (inReference.size === wanted.size) break;
    }
    // The project's own image sets it (`ENV PRODUCTION=true`): an operator of the image need not provide it.
    if (inReference.size < wanted.size) {
      for (const p of ws.pathsOfKind('dockerfile')) {
        const f = isTemplatePath(p) ? undefined : ws.read(p);
        if (f) for (const k of envNames(f)) if (wanted.has(k) && !inReference.has(k)) inReference.set(k, p);
      }
    }
  }
  return { examples, inExamples, inReference, missing: reads.filter((r) => !inExamples.has(r.name) && !inReference.has(r.name)) };
}
