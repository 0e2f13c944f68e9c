/**
 * security/https-enforced: an HTTP service is reached over HTTPS only, and something in the
 * repository says so. It applies when something worth protecting travels: routes that change state,
 * or credentials the service checks. The evidence: the application redirects HTTP to HTTPS or sends
 * HSTS (Django `SECURE_SSL_REDIRECT`/`SECURE_HSTS_SECONDS`, helmet, flask-talisman, Rails
 * `force_ssl`, ASP.NET `UseHttpsRedirection`/`UseHsts`, Spring `requiresSecure`, a hand-set
 * Strict-Transport-Security header); the application serves TLS itself (`ListenAndServeTLS`,
 * `tls.Listen`, `https.createServer`, uvicorn/gunicorn certificates, rustls, exporter-toolkit web
 * config); or the reverse proxy or ingress kept in the repository terminates TLS or redirects (nginx
 * `listen 443 ssl` or `return 301 https://`, Caddy, Traefik, an Ingress with `tls`, cert-manager).
 *
 * Settings that turn the feature off (`SECURE_SSL_REDIRECT = False` in test settings) are not
 * evidence.
 *
 * Evidence covers the service it belongs to. A repository holding several services (a folder with
 * its own dependency manifest or compose file is one) is judged per service: evidence inside one
 * service covers that service only, evidence outside every service (a root proxy, ingress or
 * compose configuration) covers all. When only some of the services that carry sensitive routes are
 * covered, the credit is their share and the message names the others; one sample's HSTS does not
 * make a collection of services HTTPS-only.
 */
import type { FileKind, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { SERVER_CODE, sensitiveRoutes } from '../lib/api-routes';
import { outcome } from '../lib/util';
import { pathMemo } from '../lib/evidence';
import { AUTH_PRACTICES } from './authentication';

const HTTPS: Practice[] = [
  { name: 'redirect to HTTPS', pattern: /^[ \t]*SECURE_SSL_REDIRECT[ \t]*=[ \t]*(?!False\b)\S|\bforce_https\s*=\s*True\b|\bTalisman\(|\bexpress-sslify\b|\bsslify\b|\bconfig\.force_ssl\s*=\s*true\b|\.UseHttpsRedirection\(|\.requiresChannel\(|\.requiresSecure\(|\brequires_?secure\b|\bredirectToHTTPS\b|\bRedirectScheme\b|\bredirectscheme\b|x-forwarded-proto['"]?\]?\s*(?:!==?|!=)\s*['"]https['"]|\bHTTPSRedirect(?:Middleware)?\b|\bhttps_redirect\b|\bSSLRedirect\b|entryPoint\.to=websecure|redirections\.entry[Pp]oint/m },
  { name: 'HSTS', pattern: /^[ \t]*SECURE_HSTS_SECONDS[ \t]*=[ \t]*(?!0\b)\S|Strict-Transport-Security|\bhelmet\(\s*\)|\bhelmet\(\s*\{|\bhelmet\.hsts\(|\.UseHsts\(|\bhttpStrictTransportSecurity\(|\bstrict_transport_security\b|\bhsts\s*[:=]\s*(?:true|\{)|\bHSTSMaxAge\b|\bSTSSeconds\b/m },
  { name: 'TLS served by the application', pattern: /\bListenAndServeTLS\(|\.ServeTLS\(|\btls\.Listen\(|\bhttps\.createServer\(|\bhttp2\.createSecureServer\(|\bssl_keyfile\b|\bssl_certfile\b|--ssl-keyfile|--certfile|^[ \t]*certfile\s*=|\bbind_rustls(?:_\d+)?\(|\bbind_openssl\(|\bRustlsConfig\b|axum_server::tls_rustls|\btokio_rustls\b|\brustls::ServerConfig\b|\btls_rustls\w*|\bSslAcceptor\b|\bnative_tls::TlsAcceptor\b|\bUseHttps\(|server\.ssl\.(?:enabled|key-store)|"github\.com\/prometheus\/exporter-toolkit\/web"|\bautocert\.|\bcertmagic\b/m },
  { name: 'TLS at the reverse proxy', pattern: /^[ \t]*listen\s+(?:\[::\]:)?443\b[^;\n]*\bssl\b|^[ \t]*ssl_certificate\s+\S|^[ \t]*return\s+30[18]\s+https:\/\/|^[ \t]*rewrite\s+\^[^\n]*https:\/\/|^[ \t]*tls\s+\S+@\S+|^[ \t]*redir\s+https:\/\//m },
  { name: 'TLS at the ingress', pattern: /^[ \t]*tls:\s*\n\s*-\s*(?:hosts|secretName)\s*:|cert-manager\.io\/(?:cluster-)?issuer|kind:\s*Certificate\b|nginx\.ingress\.kubernetes\.io\/(?:force-)?ssl-redirect:\s*["']?true|traefik\.ingress\.kubernetes\.io\/router\.tls:\s*["']?true|traefik\.http\.routers\.[\w-]+\.tls(?:\.certresolver)?=|alb\.ingress\.kubernetes\.io\/ssl-redirect|kubernetes\.io\/ingress\.allow-http:\s*["']?false/m },
];
/** Files that make a folder a service of its own: a dependency manifest or a compose file. */
const UNIT_MARKER = /^(?:package\.json|go\.mod|requirements[\w.-]*\.txt|pyproject\.toml|Pipfile|setup\.py|manage\.py|Cargo\.toml|pom\.xml|build\.gradle(?:\.kts)?|[\w.-]+\.csproj|Gemfile|composer\.json|(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml)$/;

/** The folders holding a service marker ('' for the root), memoised with the file list. */
function unitDirs(ws: Parameters<typeof pathMemo>[0]): Set<string> {
  return pathMemo(ws, 'https-enforced:unit-dirs', () => {
    const dirs = new Set<string>(['']);
    for (const p of ws.files) {
      const i = p.lastIndexOf('/');
      if (UNIT_MARKER.test(p.slice(i + 1))) dirs.add(i < 0 ? '' : p.slice(0, i));
    }
    return dirs;
  });
}

/** The service a file belongs to: the nearest folder above it holding a marker ('' for the root). */
function unitOf(dirs: Set<string>, file: string): string {
  let d = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  while (d && !dirs.has(d)) d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '';
  return d;
}

/** True when evidence in service `by` covers service `unit` (the same service, or one around it). */
function covers(by: string, unit: string): boolean {
  return by === '' || by === unit || unit.startsWith(`${by}/`);
}

const HINT = /ssl|tls|https|hsts|helmet|talisman|secure|certfile|cert|443|redir|rustls|exporter-toolkit/i;

export const rule: WorkspaceRule = {
  id: 'security/https-enforced',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'HTTPS is enforced for the service',
  rationale: 'Without a redirect, HSTS or TLS at the edge, a first plain-HTTP request exposes cookies and credentials to anyone on the network path; the seeds list "SSL/TLS termination (HTTPS only)".',
  related: [
    { tool: 'owasp-asvs', id: 'v4.0.3-9.1.1' },
    { tool: 'owasp-asvs', id: 'v4.0.3-14.4.5' },
  ],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws }) {
    // Something must travel that is worth protecting: requests that change state, or credentials.
    const routes = sensitiveRoutes(ws);
    const auth = routes.length ? [] : findPractices(ws, AUTH_PRACTICES, 1, (h) => h.length > 0, undefined, SERVER_CODE);
    if (routes.length === 0 && auth.length === 0) return outcome.na('nothing to examine: no route changes state and no credentials are checked, so nothing sensitive travels over HTTP');
    const dirs = unitDirs(ws);
    const units = [...new Set((routes.length ? routes : auth).map((r) => unitOf(dirs, r.file)))].sort();
    const scope = { kinds: ['source', 'config', 'yaml', 'k8s', 'compose', 'toml', 'other'] as FileKind[] };
    // One service: the first hits settle it. Several: every service's evidence is needed.
    const hits = units.length === 1 && units[0] === '' ? findPractices(ws, HTTPS, 2, (h) => h.length >= 3, HINT, scope) : findPractices(ws, HTTPS, 200, undefined, HINT, scope);
    const covered = units.filter((u) => hits.some((h) => covers(unitOf(dirs, h.file), u)));
    const relevant = hits.filter((h) => units.some((u) => covers(unitOf(dirs, h.file), u))).slice(0, 6);
    if (covered.length === units.length && relevant.length > 0) return outcome.pass(practiceEvidence(relevant));
    if (covered.length > 0) {
      const missing = units.filter((u) => !covered.includes(u));
      const names = missing.slice(0, 5).map((u) => `${u}/`).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
      return outcome.partial(covered.length / units.length, [{
        message: `HTTPS is enforced for ${covered.length} of the ${units.length} services with sensitive routes (${covered.slice(0, 3).map((u) => `${u || '.'}/`).join(', ')}), but nothing enforces it for ${names}: no redirect to HTTPS, no HSTS, no TLS served by them or by a proxy or ingress in front of them`,
        file: null,
      }], practiceEvidence(relevant));
    }
    return outcome.fail([{
      message: 'nothing in the repository enforces HTTPS: no redirect to HTTPS, no HSTS header, no TLS served by the application and no TLS in a proxy or ingress configuration kept here; redirect HTTP to HTTPS and send Strict-Transport-Security (Django SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS, helmet, an Ingress with tls), or terminate TLS in a proxy configuration kept in the repository',
      file: null,
    }]);
  },
};
