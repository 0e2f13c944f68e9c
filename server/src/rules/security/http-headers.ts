/**
 * security/http-headers: a service that serves HTTP sets the security headers (HSTS,
 * X-Content-Type-Options, frame protection, a CSP) through a middleware such as helmet, Django's
 * SecurityMiddleware, flask-talisman, unrolled/secure, Spring Security, or in its reverse proxy.
 * Rails sets them by default. Setting two or fewer of the headers by hand earns partial credit.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';

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
    if (facts.frameworks.includes('rails')) return { status: 'pass', findings: [], evidence: [{ message: 'Rails sets X-Frame-Options, X-Content-Type-Options and Referrer-Policy by default' }] };
    // One scan for both lists: middleware names and hand-set header names.
    const middleware = new Set(MIDDLEWARE.map((m) => m.name));
    const hits = findPractices(ws, [...MIDDLEWARE, ...HEADERS], 2, (h) => h.some((x) => middleware.has(x.name)));
    const mw = hits.filter((h) => middleware.has(h.name));
    if (mw.length > 0) return { status: 'pass', findings: [], evidence: practiceEvidence(mw.slice(0, 5)) };
    const hdr = hits.filter((h) => !middleware.has(h.name));
    const names = new Set(hdr.map((h) => h.name));
    if (names.size >= 3) return { status: 'pass', findings: [], evidence: practiceEvidence(hdr) };
    const advice = facts.stacks.includes('node') ? 'add helmet (`app.use(helmet())`)' : facts.stacks.includes('python') ? (facts.frameworks.includes('django') ? "add 'django.middleware.security.SecurityMiddleware' to MIDDLEWARE" : 'add a secure-headers middleware (flask-talisman, secure)') : facts.stacks.includes('go') ? 'add a secure-headers middleware (github.com/unrolled/secure)' : 'add a secure-headers middleware or set the headers in the reverse proxy';
    const finding = { message: `the service sets ${names.size === 0 ? 'no security headers' : `only ${[...names].map((n) => n.replace(/ header$/, '')).join(' and ')}`}; ${advice}`, file: null };
    if (names.size > 0) return { status: 'partial', score: names.size / 4, findings: [finding], evidence: practiceEvidence(hdr) };
    return { status: 'fail', findings: [finding] };
  },
};
