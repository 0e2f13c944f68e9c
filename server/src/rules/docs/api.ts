/**
 * docs/api: an HTTP service documents its API in a machine-readable way: an OpenAPI/Swagger spec
 * (a YAML or JSON file with a top-level `openapi:` or `swagger:` key and at least one path), docs
 * generated from the code (swagger-jsdoc, @nestjs/swagger, FastAPI, drf-spectacular, springdoc,
 * swaggo, Swashbuckle, utoipa...), or a GraphQL schema. A spec without paths or a hand-written
 * API reference (API.md, api-v3.md, also in the documentation a web application serves from its
 * templates) earns partial credit. A service with no API (no route but its root page and operations
 * endpoints such as probes and metrics: a DNS server's health plugin, a proxy's admin port, an echo
 * server) has no contract to document: not applicable.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { asRecord } from '../../core/source';
import { markdownView } from '../../core/markdown';
import { isTemplatePath, outcome } from '../lib/util';
import { depsMatching, pathMemo, productSources, scanPaths } from '../lib/evidence';
import { STATE_CHANGING, apiRoutes } from '../lib/api-routes';

const SPEC_JSON = /(?:openapi|swagger|api|spec)[^/]*\.json$/i;
const GENERATORS = /^(?:swagger-jsdoc|swagger-ui-express|@nestjs\/swagger|@fastify\/swagger|fastify-swagger|tsoa|express-openapi|@asteasolutions\/zod-to-openapi|hono-openapi|@hono\/zod-openapi|fastapi|drf-spectacular|drf-yasg|flasgger|flask-smorest|apispec|connexion|springdoc-openapi[\w-]*|springfox[\w-]*|github\.com\/swaggo\/swag|github\.com\/swaggo\/gin-swagger|github\.com\/swaggo\/http-swagger|swashbuckle\.aspnetcore|nswag\.aspnetcore|rswag|grape-swagger|utoipa|aide|poem-openapi)$/;
const HAND_WRITTEN = /(?:^|\/)api(?:[-_]?v\d+|[-_](?:reference|docs?))?\.md$/i;
const OPS_PATH = /^\/(?:-\/|debug\/|metrics\b|_?health|livez?\b|readyz?\b|ping\b|status\b)/;
const DISABLED = /docs_url\s*=\s*None|openapi_url\s*=\s*None/;
/** A FastAPI app of the same file that serves its docs or spec at a path. */
const SERVED = /\b(?:docs_url|redoc_url|openapi_url)\s*=\s*f?["']\//;

export const rule: WorkspaceRule = {
  id: 'docs/api',
  category: 'documentation',
  severity: 'medium',
  level: 'mvp',
  title: 'The HTTP API is documented with an OpenAPI spec',
  rationale: 'Clients, testers and on-call engineers need the API contract; a machine-readable spec also drives client generation, contract tests and API gateways.',
  roadmap: [{ topic: 'API documentation', match: /api doc|openapi|swagger/, rank: 470 }],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.servesHttp || 'the project does not serve HTTP';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    let emptySpec: RuleFinding | undefined;
    const specs = pathMemo(ws, 'docs:api-spec-candidates', () => ws.files.filter((p) => !isTemplatePath(p) && !/(^|\/)(tests?|fixtures?)\//.test(p) && (ws.kindOf(p) === 'yaml' || (ws.kindOf(p) === 'json' && SPEC_JSON.test(p)))));
    for (const p of specs) {
      const f = ws.read(p);
      if (!f || !/^\s*["']?(?:openapi|swagger)["']?\s*:/m.test(f.text.slice(0, 4000))) continue;
      const doc = asRecord(f.yaml);
      if (!doc || (doc.openapi === undefined && doc.swagger === undefined)) continue;
      const paths = Object.keys(asRecord(doc.paths) ?? {}).length + Object.keys(asRecord(doc.webhooks) ?? {}).length;
      const version = String(doc.openapi ?? doc.swagger);
      if (paths > 0) evidence.push({ message: `OpenAPI ${version} spec with ${paths} path(s)`, file: p, line: f.yamlPathRange(['paths']).start.line + 1 });
      else emptySpec ??= { message: `${p} is an OpenAPI ${version} spec without paths: document every endpoint with its parameters and responses`, file: p, range: f.yamlPathRange([doc.openapi !== undefined ? 'openapi' : 'swagger']) };
    }
    for (const p of ws.files.filter((x) => /\.(?:graphqls?|gql)$/.test(x) && !isTemplatePath(x)).slice(0, 20)) {
      const f = ws.read(p);
      if (f && /\btype\s+(?:Query|Mutation)\b/.test(f.text)) {
        evidence.push({ message: 'GraphQL schema', file: p });
        break;
      }
    }
    const gens = depsMatching(facts, GENERATORS);
    // Turned off only when no app of the file serves them: one app may disable its docs while a
    // mounted sub-application serves ReDoc and the spec (`redoc_url="/docs"`, `openapi_url="/docs/openapi.json"`).
    const offHit = gens.length === 1 && gens[0] === 'fastapi' ? scanPaths(ws, productSources(ws), DISABLED, 1, ['_url'])[0] : undefined;
    const off = offHit && !SERVED.test(ws.read(offHit.file)?.text ?? '') ? offHit : undefined;
    if (gens.length && !off) evidence.push({ message: `API docs generated from the code: ${gens.join(', ')}` });
    if (evidence.length) return outcome.pass(evidence);
    if (off) {
      return outcome.fail([{ message: 'FastAPI would generate the API docs, but they are turned off (`docs_url=None`/`openapi_url=None`): serve them at least internally, or commit the OpenAPI spec', file: off.file, range: off.range }]);
    }
    if (emptySpec) return outcome.partial(0.4, [emptySpec]);
    // A hand-written API reference: API.md or api-v3.md anywhere but in node_modules and test data (a
    // web framework's `templates/docs/` folder holds the documentation the application serves), or
    // the README of a docs/api/ folder.
    // Nothing to document with a contract when the service has no API: no route but its root page
    // and operations endpoints (probes, metrics, /-/ and /debug/ paths).
    const api = apiRoutes(ws).filter((r) => !(r.path !== undefined && OPS_PATH.test(r.path)) && (STATE_CHANGING.has(r.method) || r.path !== '/'));
    if (api.length === 0) return outcome.na('the service registers no API route: only its root page and operations endpoints (probes, metrics)');
    const md = ws.findFile(['API.md', 'docs/API.md', 'docs/api.md', 'docs/api/README.md']) ?? pathMemo(ws, 'docs:api-md', () => ws.files.filter((p) => HAND_WRITTEN.test(p) && !/(^|\/)(node_modules|fixtures?|testdata|__fixtures__|tests?)\//.test(p)).sort((a, b) => a.split('/').length - b.split('/').length))[0];
    const mdFile = md ? ws.read(md) : undefined;
    if (mdFile && markdownView(mdFile).words >= 50) {
      return outcome.partial(0.5, [{ message: `${md} documents the API by hand: add an OpenAPI spec (or generate one from the code) so that clients and tests can rely on the contract`, file: md!, range: mdFile.lineRange(0) }], [{ message: 'hand-written API document', file: md! }]);
    }
    return outcome.fail([{ message: 'the HTTP API is not documented: commit an OpenAPI spec (openapi.yaml) or generate one from the code (swagger-jsdoc, @nestjs/swagger, FastAPI, springdoc, swaggo)', file: null }]);
  },
};
