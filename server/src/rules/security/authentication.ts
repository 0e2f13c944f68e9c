/**
 * security/authentication: an HTTP service whose own code registers routes that change state (POST,
 * PUT, PATCH, DELETE) or serve an admin path authenticates its callers: an authentication library or
 * framework feature is used in the product's code (passport, express-jwt, NestJS guards, Django's
 * auth with `login_required` or DRF permission classes, FastAPI security dependencies, Flask-Login,
 * Spring Security, Devise, ASP.NET `[Authorize]`, Go JWT/session/basic-auth middleware), or the code
 * reads and checks the `Authorization` header itself.
 *
 * Nothing to examine is not a pass: a library, a command-line tool, a static front end and a service
 * that only answers GET requests are not applicable. Declared dependencies are not evidence; the
 * code must use them (see `lib/code-evidence.ts`).
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { SERVER_CODE, describeRoutes, routeRange, sensitiveRoutes } from '../lib/api-routes';
import { outcome } from '../lib/util';

/** Authentication in code, by ecosystem. Each pattern needs a use, not a mention in a manifest. */
export const AUTH_PRACTICES: Practice[] = [
  { name: 'Node authentication library', pattern: /(?:require\(\s*|from\s+)['"](?:passport(?:-[\w-]+)?|express-jwt|koa-jwt|@fastify\/jwt|@fastify\/auth|@fastify\/basic-auth|fastify-jwt|jsonwebtoken|jose|express-basic-auth|basic-auth|express-openid-connect|keycloak-connect|next-auth(?:\/[\w-]+)?|@auth\/[\w-]+|lucia|@clerk\/[\w-]+|firebase-admin(?:\/auth)?|@supabase\/supabase-js|hono\/(?:jwt|basic-auth|bearer-auth))['"]/ },
  { name: 'NestJS guard', pattern: /@UseGuards\(|\bAuthGuard\(|@nestjs\/passport|@nestjs\/jwt/ },
  { name: 'Django authentication', pattern: /@login_required\b|\bLoginRequiredMixin\b|@permission_required\b|\bPermissionRequiredMixin\b|\bpermission_classes\s*=|DEFAULT_PERMISSION_CLASSES|DEFAULT_AUTHENTICATION_CLASSES|\bauthentication_classes\s*=|@user_passes_test\b|@staff_member_required\b|django\.contrib\.auth\.middleware\.AuthenticationMiddleware/ },
  { name: 'FastAPI security dependency', pattern: /\bfrom\s+fastapi\.security\b|\bOAuth2PasswordBearer\(|\bHTTPBearer\(|\bHTTPBasic\(|\bAPIKey(?:Header|Query|Cookie)\(|\bSecurity\(\s*\w|Depends\(\s*(?:[\w.]+\.)?\w*(?:current_user|auth|token|verify|login|principal|permission|admin)\w*\s*[),]/i },
  { name: 'Flask/Starlette authentication', pattern: /\bflask_login\b|@login_required\b|\bflask_jwt_extended\b|@jwt_required\b|\bflask_httpauth\b|\bauthlib\b|starlette\.middleware\.authentication|@requires\(\s*['"]authenticated/ },
  { name: 'JVM security', pattern: /@EnableWebSecurity\b|\bSecurityFilterChain\b|@PreAuthorize\b|@Secured\b|@RolesAllowed\b|org\.apache\.shiro\b|spring\.security\.oauth2/ },
  { name: 'Ruby authentication', pattern: /\bdevise\b|\bauthenticate_user!|\bhas_secure_password\b|before_action\s+:authenticate|http_basic_authenticate_with|\bWarden\b|\bRodauth\b/ },
  { name: 'ASP.NET authentication', pattern: /\[Authorize\b|\.AddAuthentication\(|\.UseAuthentication\(|\.AddJwtBearer\(|\.RequireAuthorization\(/ },
  { name: 'Go authentication', pattern: /"github\.com\/(?:golang-jwt\/jwt|dgrijalva\/jwt-go|lestrrat-go\/jwx|gorilla\/sessions|casbin\/casbin|coreos\/go-oidc|markbates\/goth|abbot\/go-http-auth|alexedwards\/scs)[\w/.-]*"|"github\.com\/prometheus\/exporter-toolkit\/web"|\.BasicAuth\(\)|middleware\.(?:JWT|BasicAuth|KeyAuth)(?:WithConfig)?\(|gin\.BasicAuth\(/ },
  { name: 'Rust authentication', pattern: /\bactix_web_httpauth\b|\bHttpAuthentication::(?:basic|bearer)\b|\bjsonwebtoken::decode\b|\bTypedHeader<\s*Authorization\b|\baxum_login\b/ },
  { name: 'Authorization header checked in code', pattern: /\breq(?:uest)?\.headers?(?:\.get\(\s*|\[\s*|\.)['"]?authorization\b|\bheaders\.get\(\s*['"]authorization['"]|\.Header\.Get\(\s*"Authorization"\)|HTTP_AUTHORIZATION|\breq\.get\(\s*['"]authorization['"]|\bWWW-Authenticate\b/i },
  { name: 'JWT verification in code', pattern: /\bjwt\.(?:verify|decode)\(|\bjwt\.Parse(?:WithClaims)?\(|\bverifyToken\b|\bverify_token\b|\bdecode_token\b/ },
];

/** A cheap superset: every pattern above contains one of these fragments (case-insensitive). */
const HINT = /auth|jwt|jose|passport|login|permission|guard|secur|devise|password|warden|session|casbin|oidc|goth|token|principal|admin|clerk|firebase|supabase|lucia|roles|secured|exporter-toolkit|shiro/i;

export const rule: WorkspaceRule = {
  id: 'security/authentication',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'Routes that change state require authentication',
  rationale: 'An HTTP service whose write and admin routes accept anyone lets any caller change or delete its data; authentication (a session, a token, a key) is the first control every seed asks for.',
  roadmap: [{ topic: 'authentication', match: /authenticat|\blog ?in\b|login page|\bjwt\b|oauth|\bsso\b|single sign[- ]on|api[- ]keys?\b|\bsign[- ]?in\b|unauthori[sz]ed access|\bauth\b/, unless: /workflow|github actions|\bci\b|registry/, rank: 700 }],
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-4.1.1' }],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws }) {
    const routes = sensitiveRoutes(ws);
    if (routes.length === 0) return outcome.na('nothing to examine: the code registers no route that changes state (POST, PUT, PATCH, DELETE) or serves an admin path');
    const hits = findPractices(ws, AUTH_PRACTICES, 2, (h) => h.length >= 4, HINT, SERVER_CODE);
    const evidence = [{ message: describeRoutes(routes), file: routes[0].file, line: routes[0].line }, ...practiceEvidence(hits)];
    if (hits.length > 0) return outcome.pass(evidence);
    return outcome.fail([{
      message: `${describeRoutes(routes)}, and no authentication was found in the code (no auth middleware, guard, security dependency or Authorization check); protect them with your framework's authentication (passport or express-jwt, FastAPI security dependencies, Django login_required or DRF permissions, Spring Security, a Go auth middleware)`,
      file: routes[0].file,
      range: routeRange(ws, routes[0]),
    }], evidence);
  },
};
