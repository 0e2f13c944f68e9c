/**
 * Finds the HTTP routes a service's own code registers, with their method when the code says it:
 * `app.post('/users', …)` (Express, Koa, Fastify, Hono), `@router.delete("/{id}")` (FastAPI),
 * `@app.route('/x', methods=['POST'])` (Flask), `def post(self, request)` and `@require_POST`
 * (Django), `r.POST("/x", …)` (gin, echo, httprouter), `.Methods("PUT")` (gorilla), `@PostMapping`
 * (Spring), `#[post("/x")]` (actix, Rocket), `[HttpDelete]` and `MapPost` (ASP.NET), Rails `resources`.
 *
 * The security rules use it to decide whether a service has anything that changes state: a service
 * that only answers GET requests (an echo server, an exporter) is not asked for authentication or
 * request validation. JavaScript and TypeScript files count only when they import a server framework,
 * so that `axios.post('/api/x')` in a front end is never taken for a route. Like `routes.ts`, the scan
 * is linear: one cheap hint test per file, then one global pattern per language.
 */
import type { SourceFile } from '../../core/source';
import type { Range } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { pathMemo, productSources } from './evidence';
import type { PracticeScope } from './code-evidence';

/** An HTTP method as far as the code says; `ANY` when a handler serves every method. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';

/** One route registration (one-based line). */
export interface ApiRoute {
  file: string;
  line: number;
  method: HttpMethod;
  /** The path when the registration names one. */
  path?: string;
  /** The trimmed line, for evidence. */
  text: string;
}

/** Methods that change state. */
export const STATE_CHANGING: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Paths of administration interfaces. */
const ADMIN_PATH = /^\/?(?:api\/)?(?:v\d+\/)?(?:admin|_admin|administration|manage|internal)(?:\/|$)/i;

/** Node files that build a server (and so may register routes). */
const JS_SERVER = /\brequire\(\s*['"](?:express|koa|@koa\/router|koa-router|fastify|restify|hono|@hapi\/hapi|polka|h3|micro)['"]\s*\)|\bfrom\s+['"](?:express|koa|@koa\/router|koa-router|fastify|restify|hono(?:\/[\w-]+)?|@hapi\/hapi|polka|h3|@nestjs\/common)['"]|\bexpress\.Router\(|\bnew\s+Router\(/;
const JS_ROUTE = /(?<![\w$.])(?:[\w$]{1,40}\.){0,3}(?:app|router|api|server|route[rs]?|[\w$]*[Rr]outer|[\w$]*[Aa]pp|fastify|instance|r)\s*\.\s*(get|post|put|patch|delete|del|all)\s*\(\s*['"`](\/[^'"`\s]*)['"`]|\.route\(\s*['"`](\/[^'"`\s]*)['"`]\s*\)\s*\.\s*(get|post|put|patch|delete|all)\s*\(|@(Get|Post|Put|Patch|Delete|All)\(\s*(?:['"`]([^'"`]*)['"`])?\s*\)|\bmethod\s*:\s*['"](GET|POST|PUT|PATCH|DELETE)['"]\s*,\s*path\s*:\s*['"](\/[^'"]*)['"]/g;
/** Next.js route handlers export a function per method. */
const NEXT_HANDLER = /^export\s+(?:async\s+)?(?:function\s+|const\s+)(GET|POST|PUT|PATCH|DELETE)\b/gm;
const PY_ROUTE = /^[ \t]*@[\w.]+\.(get|post|put|patch|delete|api_route|route|websocket)\(\s*(?:path\s*=\s*)?(?:['"]([^'"]*)['"])?([^\n]*(?:\n[^\n@]*){0,3})|^[ \t]*(?:async\s+)?def\s+(post|put|patch|delete)\s*\(\s*self\s*,\s*request\b|^[ \t]*@(require_POST|require_http_methods\(\s*\[[^\]]*\]\s*\))|\brequest\.method\s*==\s*['"](POST|PUT|PATCH|DELETE)['"]|^[ \t]*@api_view\(\s*\[([^\]]*)\]|^class\s+\w+\([^)]*\b(ModelViewSet|CreateAPIView|UpdateAPIView|DestroyAPIView|ListCreateAPIView|RetrieveUpdateAPIView|RetrieveUpdateDestroyAPIView|RetrieveDestroyAPIView|CreateView|UpdateView|DeleteView|FormView)\b|\.add_(post|put|patch|delete|get|route)\(\s*['"](\/[^'"]*)['"]|^[ \t]*(?:re_)?path\(\s*r?['"]([^'"]*)['"]|\badmin\.site\.urls\b/gm;
const GO_ROUTE = /\.(GET|POST|PUT|PATCH|DELETE|Get|Post|Put|Patch|Delete|Handle|HandleFunc|Any|Group)\(\s*"((?:(?:GET|POST|PUT|PATCH|DELETE)\s+)?\/[^"]*)"|\.(POST|PUT|PATCH|DELETE)\(\s*[A-Za-z_][\w.]*\s*,|\.Methods\(\s*(?:"(POST|PUT|PATCH|DELETE)"|http\.Method(Post|Put|Patch|Delete))/g;
const JAVA_ROUTE = /@(Get|Post|Put|Patch|Delete|Request)Mapping\b([^\n]*)|^[ \t]*@(GET|POST|PUT|PATCH|DELETE)[ \t]*$/gm;
const RUBY_ROUTE = /^[ \t]*(get|post|put|patch|delete)\s+['"](\/?[^'"]*)['"]|^[ \t]*resources?\s+:\w+/gm;
const RUST_ROUTE = /#\[(get|post|put|patch|delete)\(\s*"([^"]*)"|\.route\(\s*"([^"]*)"\s*,\s*(?:web::|routing::)?(get|post|put|patch|delete|any)\(|\bweb::(post|put|patch|delete)\(\)|\)\s*\.(post|put|patch|delete)\(\s*\w/g;
const CS_ROUTE = /\[Http(Get|Post|Put|Patch|Delete)\b|\.Map(Get|Post|Put|Patch|Delete)\(\s*"([^"]*)"/g;
const PHP_ROUTE = /Route::(get|post|put|patch|delete|any)\(\s*['"]([^'"]*)['"]/g;

/**
 * Where Django's and Django REST framework's class-based views come from. A class named `ModelViewSet`
 * or `CreateView` registers an HTTP route only when the file takes its base from these packages:
 * Wagtail's admin `ModelViewSet`s, for one, are admin screens behind Wagtail's own permission policy.
 */
const DJANGO_VIEWS = /^[ \t]*(?:from|import)[ \t]+(?:rest_framework|django\.views|django\.contrib\.auth\.views)\b/m;

/** Servers that listen on a Unix socket (a local control API, protected by file permissions). */
const UNIX_SOCKET = /\bListen\(\s*"unix"|\bUnixStreamServer\b|\buds\s*=|\.listen\(\s*(?:socketPath|sockPath|\{\s*path\s*:)/;

/** A cheap superset test per language: files without these words hold no route of ours. */
const HINTS: Record<string, RegExp> = {
  js: /\.(?:get|post|put|patch|delete|del|all|route)\s*\(|@(?:Get|Post|Put|Patch|Delete|All)\(|method\s*:/,
  py: /@[\w.]+\.|def (?:post|put|patch|delete)|require_|request\.method|class |add_|path\(|admin\.site/,
  go: /\.(?:GET|POST|PUT|PATCH|DELETE|Get|Post|Put|Patch|Delete|Handle|HandleFunc|Any|Group|Methods)\(|Method/,
  java: /Mapping\b|@(?:GET|POST|PUT|PATCH|DELETE)\b/,
  rb: /\b(?:get|post|put|patch|delete|resources?)\b/,
  rs: /#\[|\.route\(|web::|\)\s*\.(?:post|put|patch|delete)\(/,
  cs: /\[Http|\.Map(?:Get|Post|Put|Patch|Delete)\(/,
  php: /Route::/,
};

const cache = new WeakMap<SourceFile, ApiRoute[]>();

function langOf(path: string): string | undefined {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (/^[cm]?[jt]sx?$/.test(ext)) return 'js';
  if (ext === 'py') return 'py';
  if (ext === 'go') return 'go';
  if (ext === 'java' || ext === 'kt') return 'java';
  if (ext === 'rb') return 'rb';
  if (ext === 'rs') return 'rs';
  if (ext === 'cs') return 'cs';
  if (ext === 'php') return 'php';
  return undefined;
}

const up = (s: string | undefined): HttpMethod => {
  const m = (s ?? '').toUpperCase();
  if (m === 'DEL') return 'DELETE';
  return (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).find((x) => x === m) ?? 'ANY';
};

/** The methods a Python decorator names (`methods=['POST']`), GET by default for `.route`. */
function pyMethods(verb: string, rest: string): HttpMethod[] {
  if (verb === 'route' || verb === 'api_route') {
    const m = /methods\s*=\s*[[(]([^\])]*)[\])]/.exec(rest);
    if (!m) return [verb === 'route' ? 'GET' : 'ANY'];
    return [...m[1].matchAll(/['"](\w+)['"]/g)].map((x) => up(x[1]));
  }
  if (verb === 'websocket') return ['GET'];
  return [up(verb)];
}

/** The route registrations of one file (at most 200). */
export function routesOfFile(f: SourceFile): ApiRoute[] {
  const hit = cache.get(f);
  if (hit) return hit;
  const out: ApiRoute[] = [];
  const lang = langOf(f.path);
  const text = f.text;
  const seen = new Set<string>();
  const add = (index: number, method: HttpMethod, path?: string) => {
    if (out.length >= 200) return;
    const line = f.positionAt(index).line;
    const key = `${line}:${method}:${path ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ file: f.path, line: line + 1, method, ...(path !== undefined ? { path } : {}), text: (f.lines[line] ?? '').trim().slice(0, 120) });
  };
  const scan = (re: RegExp, each: (m: RegExpExecArray) => void) => {
    const g = new RegExp(re.source, re.flags);
    for (let m = g.exec(text); m && out.length < 200; m = g.exec(text)) {
      each(m);
      if (m[0].length === 0) g.lastIndex++;
    }
  };
  // A control API on a Unix socket is protected by file permissions, not by HTTP authentication.
  if (lang && HINTS[lang].test(text) && !UNIX_SOCKET.test(text)) {
    switch (lang) {
      case 'js':
        if (/(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]s$/.test(f.path)) scan(NEXT_HANDLER, (m) => add(m.index, up(m[1])));
        else if (/(?:^|\/)pages\/api\//.test(f.path)) add(0, 'ANY');
        if (!JS_SERVER.test(text)) break;
        scan(JS_ROUTE, (m) => {
          if (m[1]) add(m.index, m[1] === 'all' ? 'ANY' : up(m[1]), m[2]);
          else if (m[4]) add(m.index, m[4] === 'all' ? 'ANY' : up(m[4]), m[3]);
          else if (m[5]) add(m.index, m[5] === 'All' ? 'ANY' : up(m[5]), m[6] ? `/${m[6].replace(/^\//, '')}` : undefined);
          else if (m[7]) add(m.index, up(m[7]), m[8]);
        });
        break;
      case 'py':
        scan(PY_ROUTE, (m) => {
          if (m[1]) for (const method of pyMethods(m[1], m[3] ?? '')) add(m.index, method, m[2] !== undefined ? `/${m[2].replace(/^\//, '')}` : undefined);
          else if (m[4]) add(m.index, up(m[4]));
          else if (m[5]) {
            const methods = m[5] === 'require_POST' ? ['POST'] : [...m[5].matchAll(/['"](\w+)['"]/g)].map((x) => x[1]);
            for (const method of methods) add(m.index, up(method));
          } else if (m[6]) add(m.index, up(m[6]));
          else if (m[7] !== undefined) for (const x of m[7].matchAll(/['"](\w+)['"]/g)) add(m.index, up(x[1]));
          else if (m[8]) {
            if (DJANGO_VIEWS.test(text)) add(m.index, /List|Retrieve(?!Update|Destroy)/.test(m[8]) && !/Create|Update|Destroy|ModelViewSet|Form|Delete/.test(m[8]) ? 'GET' : 'POST');
          } else if (m[9]) add(m.index, m[9] === 'route' ? 'ANY' : up(m[9]), m[10]);
          else if (m[11] !== undefined) add(m.index, 'ANY', `/${m[11].replace(/^\^?\/?/, '')}`);
          else add(m.index, 'ANY', '/admin/');
        });
        break;
      case 'go':
        scan(GO_ROUTE, (m) => {
          if (m[1]) {
            if (m[1] === 'Group') return;
            const methodInPath = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/.*)$/.exec(m[2]);
            if (methodInPath) add(m.index, up(methodInPath[1]), methodInPath[2]);
            else add(m.index, /^(Handle|HandleFunc|Any)$/.test(m[1]) ? 'ANY' : up(m[1]), m[2]);
          } else add(m.index, up(m[3] ?? m[4] ?? m[5]));
        });
        break;
      case 'java':
        scan(JAVA_ROUTE, (m) => {
          if (m[1] === 'Request') {
            const methods = [...(m[2] ?? '').matchAll(/RequestMethod\.(\w+)/g)].map((x) => up(x[1]));
            for (const method of methods.length ? methods : (['ANY'] as HttpMethod[])) add(m.index, method, /["']([^"']*)["']/.exec(m[2] ?? '')?.[1]);
          } else if (m[1]) add(m.index, up(m[1]), /["']([^"']*)["']/.exec(m[2] ?? '')?.[1]);
          else add(m.index, up(m[3]));
        });
        break;
      case 'rb':
        if (!/(?:^|\/)config\/routes\.rb$/.test(f.path) && !/\bSinatra\b|Sinatra::Base|require ['"]sinatra/.test(text)) break;
        scan(RUBY_ROUTE, (m) => (m[1] ? add(m.index, up(m[1]), m[2]) : add(m.index, 'POST')));
        break;
      case 'rs':
        scan(RUST_ROUTE, (m) => {
          if (m[1]) add(m.index, up(m[1]), m[2]);
          else if (m[4]) add(m.index, up(m[4]), m[3]);
          else add(m.index, up(m[5] ?? m[6]));
        });
        break;
      case 'cs':
        scan(CS_ROUTE, (m) => add(m.index, up(m[1] ?? m[2]), m[3]));
        break;
      case 'php':
        scan(PHP_ROUTE, (m) => add(m.index, up(m[1]), m[2]));
        break;
    }
  }
  cache.set(f, out);
  return out;
}

/** Every route the product's own code registers (tests, examples and fixtures excluded), memoised per file. */
export function apiRoutes(ws: Workspace, limit = 2000): ApiRoute[] {
  const out: ApiRoute[] = [];
  for (const p of serverSources(ws)) {
    const f = ws.read(p);
    if (!f) continue;
    for (const r of routesOfFile(f)) {
      out.push(r);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** Product source files in a language that can serve HTTP, memoised with the file list. */
function serverSources(ws: Workspace): string[] {
  return pathMemo(ws, 'api-routes:sources', () => productSources(ws).filter((p) => langOf(p) !== undefined && !/\.d\.ts$/.test(p)));
}

/** True for routes that change state or administer the service. */
export function isSensitive(r: ApiRoute): boolean {
  return STATE_CHANGING.has(r.method) || (r.path !== undefined && ADMIN_PATH.test(r.path));
}

/** The routes that change state (POST, PUT, PATCH, DELETE) or serve an admin path. */
export function sensitiveRoutes(ws: Workspace): ApiRoute[] {
  return apiRoutes(ws).filter(isSensitive);
}

/** The range of a route's line, for findings. */
export function routeRange(ws: Workspace, r: ApiRoute): Range {
  const f = ws.read(r.file);
  return f ? f.lineRange(r.line - 1) : { start: { line: r.line - 1, character: 0 }, end: { line: r.line - 1, character: 0 } };
}

/** "12 routes that change state, e.g. POST /users (src/app.js:14)". */
export function describeRoutes(routes: ApiRoute[]): string {
  const r = routes[0];
  if (!r) return 'no routes';
  const what = `${r.method === 'ANY' ? '' : `${r.method} `}${r.path ?? r.text.slice(0, 60)}`;
  return `${routes.length} route(s) that change state or administer the service, e.g. \`${what}\` (${r.file}:${r.line})`;
}

/**
 * Where server-side practices (authentication, authorization, validation) are looked for: source and
 * configuration files, never a web front end (its checks protect nothing on the server), generated
 * baselines or database migrations (a field definition is not a check).
 */
export const SERVER_CODE: PracticeScope = {
  kinds: ['source', 'config'],
  exclude: /(?:^|\/)(?:frontend|front-end|client|clients|webapp|web-app|webui|ui|src-ui|static|public|assets|www|migrations?)\/|\.(?:tsx|jsx|vue|svelte)$|\.component\.ts$|\.d\.ts$/i,
};

/** A user model or users table in the code: the service keeps accounts, so callers differ in what they may do. */
const USER_MODEL = /\bclass\s+\w*User\w*\s+extends\s+(?:Model|BaseEntity)\b|\bdjango\.contrib\.auth\.models\s+import\b[^\n]*\bUser\b|\bsettings\.AUTH_USER_MODEL\b|\bclass\s+\w*User\w*\s*\((?:[^)]*(?:Model|Base|Document|SQLModel|AbstractUser|AbstractBaseUser))|\bAbstractUser\b|\bAbstractBaseUser\b|\bget_user_model\(\)|\bmodel\s+User\s*\{|@Entity\b[^\n]*\n(?:[^\n]*\n){0,3}[^\n]*class\s+\w*User\b|\btype\s+User\s+struct\b|CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["'`]?(?:\w+\.)?users?\b|\bdefine\(\s*['"]user['"]|\bmodel\(\s*['"]User['"]|sequelize\.define\(\s*['"]User|Table\(\s*['"]users?['"]/i;

/** Where the code defines user accounts (first hit), or undefined. */
export function userModel(ws: Workspace): { file: string; line: number } | undefined {
  return pathMemo(ws, 'api-routes:user-model', () => {
    const files = ws.files.filter((p) => (ws.kindOf(p) === 'source' || /\.(?:prisma|sql)$/.test(p)) && !SERVER_CODE.exclude!.test(p.replace(/(?:^|\/)migrations?\//i, '/')));
    for (const p of files) {
      if (/(?:^|\/)(?:tests?|spec|fixtures?|examples?|samples?)\//i.test(p)) continue;
      const f = ws.read(p);
      if (!f || !/user/i.test(f.text)) continue;
      const m = USER_MODEL.exec(f.text);
      if (m) return { file: p, line: f.positionAt(m.index).line + 1 };
    }
    return undefined;
  });
}
