/**
 * security/http-headers: a service that serves HTTP sets the security headers (HSTS,
 * X-Content-Type-Options, frame protection, a CSP) through a middleware such as helmet, Django's
 * SecurityMiddleware, flask-talisman, unrolled/secure, Spring Security, or in its reverse proxy.
 * Rails sets them by default. Setting two or fewer of the headers by hand earns partial credit.
 *
 * The headers protect documents a browser renders (framing, sniffing, scripts). A service that serves
 * no HTML (a JSON or gRPC API, a metrics or webhook endpoint, a WebSocket relay) has nothing for them
 * to protect, so the rule applies only when the product serves HTML: a web front end, a framework that
 * renders pages (Django, Rails, Next.js...), a template engine, HTML or template files in a web root or
 * template folder (not e-mail templates), or a handler that answers `text/html`. The advice names the middleware of the framework
 * that serves HTTP, not of a stack that only holds tooling (a root package.json of scripts).
 */
import type { Facts } from '../../core/facts';
import type { Workspace } from '../../core/workspace';
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { isTemplatePath, isTestPath, outcome } from '../lib/util';

const MIDDLEWARE: Practice[] = [
  { name: 'helmet', pattern: /(?:require\(\s*|from\s+|import\s+)['"](?:helmet|koa-helmet|@fastify\/helmet|fastify-helmet)['"]/ },
  { name: 'hono secure headers', pattern: /hono\/secure-headers|\bsecureHeaders\(/ },
  { name: 'lusca', pattern: /(?:require\(\s*|from\s+)['"]lusca['"]/ },
  { name: 'Django SecurityMiddleware', pattern: /django\.middleware\.security\.SecurityMiddleware/ },
  { name: 'flask-talisman', pattern: /\bflask_talisman\b|\bTalisman\(/ },
  { name: 'secure (Python)', pattern: /^\s*(?:import secure\b|from secure import)/m },
  { name: 'unrolled/secure', pattern: /"github\.com\/unrolled\/secure"|gin-contrib\/secure"|\bmiddleware\.Secure(?:WithConfig)?\(|fiber\/v\d\/middleware\/helmet"|gofiber\/helmet/ },
  { name: 'Spring Security', pattern: /spring-boot-starter-security|@EnableWebSecurity|\bhttp\s*\.headers\s*\(/ },
  { name: 'secure_headers', pattern: /SecureHeaders::Configuration/ },
  { name: 'ASP.NET security headers', pattern: /\bUseHsts\(|\bUseSecurityHeaders\(|\bAddSecurityHeaderPolicies\(/ },
];
const HEADERS: Practice[] = [
  { name: 'Strict-Transport-Security header', pattern: /Strict-Transport-Security/i },
  { name: 'X-Content-Type-Options header', pattern: /X-Content-Type-Options/i },
  { name: 'X-Frame-Options header', pattern: /X-Frame-Options|frame-ancestors/i },
  { name: 'Content-Security-Policy header', pattern: /Content-Security-Policy/i },
  { name: 'Referrer-Policy header', pattern: /Referrer-Policy/i },
];

/** Frameworks that render HTML pages (Django's admin and views, Rails, the full-stack JS frameworks). */
const PAGE_FRAMEWORKS = new Set(['django', 'rails', 'next', 'nuxt', 'remix', 'sveltekit']);
/** Template engines: a dependency on one means the service renders pages. */
const TEMPLATE_DEPS = /^(ejs|pug|jade|handlebars|express-handlebars|hbs|nunjucks|mustache|eta|jinja2|mako|chameleon|spring-boot-starter-thymeleaf|thymeleaf|org\.thymeleaf:thymeleaf|maud|askama|tera|github\.com\/a-h\/templ)$/;
/**
 * HTML documents and page templates (by extension) in the folders web servers serve pages from (a web
 * root or a template folder); an HTML file elsewhere (a library's embedded error page, a report
 * template) says nothing about what the service answers.
 */
const PAGE_FILE = /(^|\/)(public|static|www|wwwroot|webroot|htdocs|html|templates?|views|pages|layouts|web)\/(?:[^/]+\/)*[^/]+\.(html?|ejs|pug|jade|hbs|handlebars|njk|jinja2?|j2|erb|cshtml|razor|gohtml|liquid|mustache|templ)$|^index\.html?$/i;
/** E-mail and notification templates are HTML that no browser loads from the service. */
const MAIL_PATH = /(^|\/)(e-?mails?|mail|mailers?|courier|notifications?)(\/|$)|e-?mail[^/]*$/i;
/** Code that renders a page or answers with an HTML content type, per language. */
const HTML_RESPONSES: [RegExp, RegExp][] = [
  [/\.(m|c)?[jt]sx?$/, /\bres\.render\(|\bres\.sendFile\([^)\n]*\.html|\.type\(\s*['"](?:text\/)?html['"]|Content-Type['"]?\s*[,:]\s*['"]text\/html/],
  [/\.py$/, /\brender_template\(|\bTemplateResponse\(|\bJinja2Templates\(|\bHTMLResponse\b|content_type\s*=\s*['"]text\/html|mimetype\s*=\s*['"]text\/html/],
  [/\.go$/, /\b(?:c|ctx)\.HTML\(|\.ExecuteTemplate\(\s*w\b|\.Execute\(\s*w\s*,|Content-Type"\s*,\s*"text\/html/],
  [/\.rs$/, /\bhtml!\s*\{|#\[template\(|\bTEXT_HTML(?:_UTF_8)?\b/],
  [/\.(java|kt)$/, /\bMediaType\.TEXT_HTML|produces\s*=\s*"text\/html|\bModelAndView\b/],
];

/** The first line of product code that renders a page or answers `text/html` (comments left out). */
function htmlResponse(ws: Workspace): string | undefined {
  for (const p of ws.pathsOfKind('source')) {
    if (isTestPath(p) || isTemplatePath(p)) continue;
    const re = HTML_RESPONSES.find(([ext]) => ext.test(p))?.[1];
    if (!re) continue;
    const f = ws.read(p);
    if (!f || !/html|render|template/i.test(f.text)) continue;
    for (let i = 0; i < f.lines.length; i++) {
      const line = f.lines[i];
      if (line.length > 2000 || !re.test(line)) continue;
      if (/^\s*(\/\/|#|\*|\/\*|--)/.test(line)) continue;
      return `${p}:${i + 1} renders a page or answers text/html`;
    }
  }
  return undefined;
}

/** Why the product serves HTML, or undefined when nothing says it does. */
function servesHtml(ws: Workspace, facts: Facts): string | undefined {
  if (facts.hasWebFrontend) return 'it has a web front end';
  const fw = facts.frameworks.find((f) => PAGE_FRAMEWORKS.has(f));
  if (fw) return `${fw} renders pages`;
  const dep = facts.dependencies.find((d) => TEMPLATE_DEPS.test(d));
  if (dep) return `it uses the template engine ${dep}`;
  const page = ws.files.find((p) => PAGE_FILE.test(p) && !MAIL_PATH.test(p));
  if (page) return `it holds ${page}`;
  return htmlResponse(ws);
}

/** The middleware to advise, from the framework that serves HTTP first, then from the stacks. */
function adviceFor(facts: Facts): string {
  const fw = new Set(facts.frameworks);
  const has = (...names: string[]) => names.some((n) => fw.has(n));
  if (has('express', 'koa', 'fastify', 'nestjs', 'hapi', 'restify')) return 'add helmet (`app.use(helmet())`)';
  if (has('hono')) return 'add hono\'s secureHeaders() middleware';
  if (has('django')) return "add 'django.middleware.security.SecurityMiddleware' to MIDDLEWARE";
  if (has('flask', 'fastapi', 'starlette', 'aiohttp', 'tornado', 'sanic')) return 'add a secure-headers middleware (flask-talisman, secure)';
  if (has('gin', 'echo', 'fiber', 'chi', 'gorilla')) return 'add a secure-headers middleware (github.com/unrolled/secure)';
  if (has('spring')) return 'enable Spring Security\'s headers (`http.headers()`)';
  const stacks = facts.stacks;
  // A Node stack next to another one is often only tooling (scripts, code generators): prefer the other.
  const main = stacks.find((s) => s !== 'node') ?? stacks[0];
  if (main === 'node') return 'add helmet (`app.use(helmet())`)';
  if (main === 'python') return 'add a secure-headers middleware (flask-talisman, secure)';
  if (main === 'go') return 'add a secure-headers middleware (github.com/unrolled/secure)';
  return 'add a secure-headers middleware or set the headers in the reverse proxy';
}

export const rule: WorkspaceRule = {
  id: 'security/http-headers',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'HTTP responses carry security headers',
  rationale: 'HSTS, nosniff, frame protection and a CSP close whole classes of browser attacks (downgrade, MIME confusion, clickjacking, XSS) for one line of middleware.',
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws, facts }) {
    const html = servesHtml(ws, facts);
    if (!html) return outcome.na('the service serves no HTML (no web front end, page framework, template engine, HTML file or text/html handler): browser security headers have nothing to protect');
    if (facts.frameworks.includes('rails')) return { status: 'pass', findings: [], evidence: [{ message: 'Rails sets X-Frame-Options, X-Content-Type-Options and Referrer-Policy by default' }] };
    // One scan for both lists: middleware names and hand-set header names.
    const middleware = new Set(MIDDLEWARE.map((m) => m.name));
    const hits = findPractices(ws, [...MIDDLEWARE, ...HEADERS], 2, (h) => h.some((x) => middleware.has(x.name)));
    const mw = hits.filter((h) => middleware.has(h.name));
    if (mw.length > 0) return { status: 'pass', findings: [], evidence: practiceEvidence(mw.slice(0, 5)) };
    const hdr = hits.filter((h) => !middleware.has(h.name));
    const names = new Set(hdr.map((h) => h.name));
    if (names.size >= 3) return { status: 'pass', findings: [], evidence: practiceEvidence(hdr) };
    const advice = adviceFor(facts);
    const finding = { message: `the service serves HTML and sets ${names.size === 0 ? 'no security headers' : `only ${[...names].map((n) => n.replace(/ header$/, '')).join(' and ')}`}; ${advice}`, file: null };
    const why = { message: `the service serves HTML: ${html}` };
    if (names.size > 0) return { status: 'partial', score: names.size / 4, findings: [finding], evidence: [why, ...practiceEvidence(hdr)] };
    return { status: 'fail', findings: [finding], evidence: [why] };
  },
};
