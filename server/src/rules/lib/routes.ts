/**
 * Finds HTTP routes that the service's own code registers for operational paths (health, readiness,
 * metrics). A path literal counts only on a line that registers a route (`app.get(`, `@app.route(`,
 * `HandleFunc(`, `@GetMapping(`, `path(`...), never on a client call such as `fetch('/health')`.
 * File-system routes (Next.js `app/api/health/route.ts`, SvelteKit `routes/health/+server.ts`)
 * count by their path. The scan is linear: one global literal search per file, then a look at the
 * line of each match.
 */
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { contentMemo, productSources, scanPaths, type Hit } from './evidence';

/** Operational paths the rules look for. */
export const OPS_PATH = /["'`](\/(?:api\/)?(?:v\d+\/)?(?:_{0,2}health(?:z|check|-check|checks)?|livez?|liveness|readyz?|readiness|status|ping|up|alive|heartbeat|hc|-\/(?:healthy|ready)|_ah\/health|metrics|actuator\/\w+)(?:\/[\w-]+)?)\/?["'`]/g;
/**
 * Django and similar routers write paths without the leading slash (`path("status/", ...)`,
 * `re_path(r"^healthz$", ...)`); the path is the first argument of the call.
 */
const DJANGO_PATH = /\b(?:re_)?path\(\s*r?["']\^?((?:api\/)?(?:v\d+\/)?(?:_{0,2}health(?:z|check|-check)?|livez?|liveness|readyz?|readiness|status|ping|alive|heartbeat|metrics))\/?\$?["']/g;
/**
 * A route registered through a health-named constant or setting (`HandleFunc(HealthzPath, ...)`,
 * `.route(&config.healthcheck_route, ...)`): the name says what the route is for.
 */
const HEALTH_IDENT = /(?<!["'`\w])([A-Za-z_][\w.&]*?(?:[Hh]ealth(?:z|[Cc]heck)?|[Rr]eadyz|[Ll]ivez|[Ll]iveness|[Rr]eadiness|[Hh]eartbeat)\w*)(?!["'`\w])/;
const REGISTERS = /(?:\.|\b)(?:get|head|all|route|handle|handlefunc|add_url_rule|add_api_route|api_route|mapget|maphealthchecks|mapmetrics|register|any|match|resource|service|path|re_path|url|mount|get_json)\s*[(:]|@(?:get|request)mapping\b|@(?:get|path)\b|#\[get\(|\bget\s+['"]|\bpath\s*:|\bhttp\.handle|\bmux\b|\brouter\b/i;
const CLIENT = /\b(?:fetch|axios|curl|wget|requests?\.(?:get|head)|http\.(?:get|head)\(|httpclient|supertest|\.expect\()/i;
const FS_ROUTE = /(?:^|\/)(?:pages|app|routes)\/(?:api\/)?(?:v\d+\/)?(health(?:z|check)?|livez?|readyz?|ready|readiness|liveness|status|ping|metrics)(?:\/(?:route|index|\+server))?\.[cm]?[jt]sx?$/;

/** A registered operational route. */
export interface RouteHit extends Hit {
  /** The route path, e.g. `/healthz` (for a route registered through a constant, what its name says). */
  path: string;
  /** The constant or setting that holds the path, when the route is registered through one. */
  via?: string;
}

/** Routes found per file; a file's text never changes under the same SourceFile object. */
const perFile = new WeakMap<SourceFile, RouteHit[]>();

function routesIn(f: SourceFile): RouteHit[] {
  let out = perFile.get(f);
  if (out) return out;
  out = [];
  const re = new RegExp(OPS_PATH.source, 'g');
  let lastLine = -1;
  for (let m = re.exec(f.text); m && out.length < 20; m = re.exec(f.text)) {
    const pos = f.positionAt(m.index);
    if (pos.line === lastLine) continue;
    const line = f.lines[pos.line] ?? '';
    // Look at the line and the one before it (decorators and multi-line calls).
    const context = (f.lines[pos.line - 1] ?? '').slice(-200) + '\n' + line.slice(0, 400);
    if (!REGISTERS.test(context) || CLIENT.test(line)) continue;
    lastLine = pos.line;
    out.push({ file: f.path, line: pos.line + 1, text: line.trim().slice(0, 120), groups: [m[1]], range: f.rangeOf(m.index, m.index + m[0].length), path: m[1] });
  }
  if (/\.py$/.test(f.path) && f.text.includes('path(')) {
    const dj = new RegExp(DJANGO_PATH.source, 'g');
    for (let m = dj.exec(f.text); m && out.length < 20; m = dj.exec(f.text)) {
      const pos = f.positionAt(m.index);
      out.push({ file: f.path, line: pos.line + 1, text: (f.lines[pos.line] ?? '').trim().slice(0, 120), groups: [m[1]], range: f.rangeOf(m.index, m.index + m[0].length), path: `/${m[1]}` });
    }
  }
  if (/ealth|eadyz|ivez|iveness|eadiness|eartbeat/.test(f.text)) {
    for (let i = 0; i < f.lines.length && out.length < 20; i++) {
      const line = f.lines[i];
      if (line.length > 400 || !/ealth|eadyz|ivez|iveness|eadiness|eartbeat/.test(line) || !REGISTERS.test(line) || CLIENT.test(line)) continue;
      const m = HEALTH_IDENT.exec(line);
      if (!m || out.some((r) => r.line === i + 1)) continue;
      const name = m[1];
      const path = /ready|readiness/i.test(name) ? '/readyz' : /live/i.test(name) ? '/livez' : '/health';
      const start = f.offsetAt({ line: i, character: m.index });
      out.push({ file: f.path, line: i + 1, text: line.trim().slice(0, 120), groups: [path], range: f.rangeOf(start, start + name.length), path, via: name });
    }
  }
  perFile.set(f, out);
  return out;
}

/**
 * The operational routes registered in the product's code (at most `limit`). Several rules ask for
 * them once per Dockerfile, so the scan of every product source is kept until the workspace changes
 * (without it a monorepo with a Dockerfile per package scanned its sources once per Dockerfile).
 */
export function opsRoutes(ws: Workspace, limit = 40): readonly RouteHit[] {
  return contentMemo(ws, `opsRoutes:${limit}`, () => scanOpsRoutes(ws, limit));
}

function scanOpsRoutes(ws: Workspace, limit: number): RouteHit[] {
  const out: RouteHit[] = [];
  for (const p of productSources(ws)) {
    const fs = FS_ROUTE.exec(p);
    if (fs) out.push({ file: p, line: 1, text: p, groups: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, path: `/${fs[1]}` });
    const f = ws.read(p);
    if (!f) continue;
    for (const r of routesIn(f)) {
      out.push(r);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** Health paths (liveness or general). */
export const HEALTH = /^\/(?:api\/)?(?:v\d+\/)?(?:_{0,2}health(?:z|check|-check|checks)?|livez?|liveness|readyz?|readiness|status|ping|up|alive|heartbeat|hc|-\/(?:healthy|ready)|_ah\/health|actuator\/health)(?:\/|$)/;
/** Readiness paths. */
export const READY = /ready|readiness/;
/** Liveness paths (anything healthy-sounding that is not readiness). */
export const LIVE = /live|health|ping|status|alive|heartbeat|\/up$|\/hc$/;

/**
 * A deployment-side health probe that contacts the service: a Dockerfile HEALTHCHECK that requests
 * it (curl, wget, a URL) or runs a health script, or a compose healthcheck that curls localhost. A
 * HEALTHCHECK that checks nothing (`python -c "print('ok')"`) does not count, nor does a Kubernetes
 * probe on a path the code never registers.
 */
const DEPLOYMENT_PROBE = /^\s*HEALTHCHECK\s+(?!NONE\b)[^\n]*(?:curl|wget|https?:\/\/|\bnc\b|health|status|ping|probe|[\w-]+\.(?:sh|py|js)\b)|^\s*test:[^\n]*(?:curl|wget)[^\n]*(?:localhost|127\.0\.0\.1)/im;

/** The first deployment-side health probe of the product (see `DEPLOYMENT_PROBE`), if any. */
export function deploymentProbe(ws: Workspace): Hit | undefined {
  return scanPaths(ws, [...ws.pathsOfKind('dockerfile'), ...ws.pathsOfKind('compose')], DEPLOYMENT_PROBE, 1, ['HEALTHCHECK', 'healthcheck'])[0];
}
