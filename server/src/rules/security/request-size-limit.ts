/**
 * security/request-size-limit: a service that accepts request bodies caps their size, so one huge
 * request cannot exhaust memory or disk. Either the code or its proxy sets a limit
 * (`http.MaxBytesReader`, Flask `MAX_CONTENT_LENGTH`, `express.json({ limit })`, echo `BodyLimit`,
 * nginx `client_max_body_size`, ingress-nginx `proxy-body-size`, Spring multipart limits...), or
 * every framework that serves the routes applies a limit by default (Express and NestJS 100 kB,
 * Fastify and Koa 1 MB, Django 2.5 MB, aiohttp 1 MB, actix-web and axum 2 MB, ASP.NET Core 30 MB).
 *
 * FastAPI, Starlette, Flask and Go's net/http (with gin, chi, gorilla or echo) read bodies without a
 * limit, so routes served by them need one. For a framework whose default this rule does not know,
 * it says so and makes no claim. A framework's default covers its body parsers only: a multer upload
 * middleware created without `limits` accepts files of any size, which halves the credit.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { SERVER_CODE, apiRoutes, describeRoutes } from '../lib/api-routes';
import { bracketed, outcome } from '../lib/util';
import { productSources } from '../lib/evidence';
import { inLiteral } from '../../core/code-mask';
import type { Workspace } from '../../core/workspace';
import type { SourceFile } from '../../core/source';

const EXPLICIT: Practice[] = [
  { name: 'body size limit in code', pattern: /\bMaxBytesReader\(|\bMaxBytesHandler\(|\bMAX_CONTENT_LENGTH\b|\bDATA_UPLOAD_MAX_MEMORY_SIZE\b|\bFILE_UPLOAD_MAX_MEMORY_SIZE\b|\b(?:json|urlencoded|raw|text)\(\s*\{[^}]*\blimit\s*:|bodyParser\.\w+\(\s*\{[^}]*\blimit\s*:|\bbodyLimit\s*:|\bBodyLimit\(|\bmaxBodyLength\b|\bmax_body_size\b|\bclient_max_size\s*=|\bMaxRequestBodySize\b|\bDefaultBodyLimit::max\(|\bRequestBodyLimitLayer\b|\bPayloadConfig::new\(|\bJsonConfig::default\(\)\s*\.limit\(|\bmax_upload_size\b|\bmaxFileSize\b|\bLimitRequestBody\b|\bContentSizeLimit\b|\bmax_request_body\b/ },
  { name: 'body size limit in configuration', pattern: /^[ \t]*client_max_body_size\s+\d|nginx\.ingress\.kubernetes\.io\/proxy-body-size|spring\.servlet\.multipart\.max-(?:request|file)-size|max-(?:request|file)-size:|server\.tomcat\.max-(?:swallow|http-form-post)-size|maxRequestBodyBytes|^[ \t]*request_body\s*\{|^[ \t]*max_size\s+\d|limit_request_body/m },
];

/** What each framework does when the code sets no limit. */
const DEFAULTS: Record<string, string | null> = {
  express: 'Express body parsers stop at 100 kB', nestjs: 'NestJS (Express) body parsers stop at 100 kB', fastify: 'Fastify stops at 1 MB', koa: 'koa-bodyparser stops at 1 MB', hapi: 'hapi stops at 1 MB',
  next: 'Next.js API routes stop at 1 MB', django: 'Django stops at 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE)', aiohttp: 'aiohttp stops at 1 MB', tornado: 'Tornado stops at 100 MB', sanic: 'Sanic stops at 100 MB',
  actix: 'actix-web JSON extractors stop at 2 MB', axum: 'axum stops at 2 MB', aspnetcore: 'Kestrel stops at 30 MB',
  fastapi: null, starlette: null, flask: null, gin: null, echo: null, chi: null, gorilla: null, fiber: 'Fiber stops at 4 MB',
};

/** A multer (multipart upload) middleware created without `limits`, which then accepts files of any size. */
function unlimitedUpload(ws: Workspace): { file: string; range: ReturnType<SourceFile['lineRange']>; text: string } | undefined {
  for (const p of productSources(ws)) {
    if (!/\.[cm]?[jt]sx?$/.test(p)) continue;
    const f = ws.read(p);
    if (!f || !f.text.includes('multer')) continue;
    for (const m of f.text.matchAll(/\bmulter\s*\(/g)) {
      const at = m.index ?? 0;
      if (inLiteral(f, at)) continue;
      if (!/\blimits\s*:/.test(bracketed(f.text, at + m[0].length - 1, 2000))) {
        const line = f.positionAt(at).line;
        return { file: p, range: f.lineRange(line), text: `${p}:${line + 1} \`${f.lines[line].trim().slice(0, 60)}\`` };
      }
    }
  }
  return undefined;
}

export const rule: WorkspaceRule = {
  id: 'security/request-size-limit',
  category: 'security',
  severity: 'low',
  level: 'production',
  title: 'Request bodies are limited in size',
  rationale: 'Without a cap, one oversized or endless request body fills memory or disk and takes the service down; the seeds list request size limits under API security.',
  roadmap: [{ topic: 'request size limits', match: /request (body )?size|payload size|body (size )?limits?|upload (size )?limits?|max(imum)? (request|body|upload) size/, rank: 770 }],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws, facts }) {
    const routes = apiRoutes(ws).filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH');
    if (routes.length === 0) return outcome.na('nothing to examine: the code registers no route that accepts a request body');
    const hits = findPractices(ws, EXPLICIT, 2, (h) => h.length >= 2, /limit|max|size|MaxBytes/i, { kinds: ['source', 'config', 'yaml', 'k8s', 'toml', 'json', 'other'], exclude: SERVER_CODE.exclude });
    const where: Evidence = { message: describeRoutes(routes).replace('that change state or administer the service', 'that accept a request body'), file: routes[0].file, line: routes[0].line };
    if (hits.length > 0) return outcome.pass([where, ...practiceEvidence(hits)]);
    // Which frameworks serve the routes: by the language of the files that register them.
    const langs = new Set(routes.map((r) => r.file.slice(r.file.lastIndexOf('.') + 1).toLowerCase()));
    const fws = facts.frameworks.filter((f) => f in DEFAULTS);
    const serving = fws.filter((f) => (langs.has('go') && ['gin', 'echo', 'chi', 'gorilla', 'fiber'].includes(f)) || (langs.has('py') && ['fastapi', 'starlette', 'flask', 'django', 'aiohttp', 'tornado', 'sanic'].includes(f)) || ([...langs].some((l) => /^[cm]?[jt]sx?$/.test(l)) && ['express', 'nestjs', 'fastify', 'koa', 'hapi', 'next'].includes(f)) || (langs.has('rs') && ['actix', 'axum'].includes(f)) || (langs.has('cs') && f === 'aspnetcore'));
    const unlimited = serving.filter((f) => DEFAULTS[f] === null);
    if (langs.has('go') && !serving.some((f) => DEFAULTS[f] !== null && ['fiber'].includes(f))) unlimited.push('net/http');
    if (unlimited.length > 0) {
      return outcome.fail([{ message: `${describeRoutes(routes).replace('that change state or administer the service', 'accept a request body')}, served by ${[...new Set(unlimited)].join(', ')}, which read bodies without a size limit, and no limit was found in the code or the proxy configuration; cap them (http.MaxBytesReader in Go, MAX_CONTENT_LENGTH in Flask, a size-limit middleware or the proxy's client_max_body_size for FastAPI)`, file: null }], [where]);
    }
    const known = serving.filter((f) => DEFAULTS[f]);
    if (known.length > 0) {
      const evidence = [where, ...known.map((f) => ({ message: `no explicit limit, but ${DEFAULTS[f]} by default` }))];
      // The framework's default covers the body parsers, not a multipart upload middleware without limits.
      const upload = unlimitedUpload(ws);
      if (!upload) return outcome.pass(evidence);
      return outcome.partial(0.5, [{
        message: `${upload.text} sets no \`limits\`: multipart uploads through it have no size cap (the framework's default applies to JSON and form bodies only); set \`limits: { fileSize: ... }\``,
        file: upload.file,
        range: upload.range,
      }], evidence);
    }
    return outcome.na(`the routes are served by a framework whose default body limit this check does not know (${[...langs].join(', ')} files); set an explicit limit to make it visible`);
  },
};
