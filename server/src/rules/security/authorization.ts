/**
 * security/authorization: a service that authenticates its callers also decides what each caller
 * may do. The product's code shows authorization decisions: role or permission checks (`hasRole`,
 * `@PreAuthorize`, `[Authorize(Roles=…)]`, DRF permission classes of its own, Django `has_perm`,
 * Casbin, Pundit, NestJS `RolesGuard`), ownership checks that answer 403 Forbidden, or admin-only
 * dependencies (`Depends(get_admin_user)`).
 *
 * It applies only where there is something to authorize: routes that change state, user accounts
 * (a user model or users table) and an authentication mechanism (when there is none, `security/authentication` fails and this check has
 * nothing to build on). Being logged in is not authorization: `IsAuthenticated` and `login_required`
 * alone do not count.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { SERVER_CODE, describeRoutes, sensitiveRoutes, userModel } from '../lib/api-routes';
import { outcome } from '../lib/util';
import { AUTH_PRACTICES } from './authentication';

const AUTHZ_PRACTICES: Practice[] = [
  { name: 'role check', pattern: /\bhas(?:Any)?Role\(|\bhas(?:Any)?Authority\(|@PreAuthorize\b|@PostAuthorize\b|@Secured\b|@RolesAllowed\b|@Roles\(|\bRolesGuard\b|\[Authorize\(\s*(?:Roles|Policy)\s*=|\.RequireRole\(|\.RequireClaim\(|\bAddPolicy\(|\brequire_?role\b|\brequireRole\(|\bcheck_?role\b|\bcheckRole\(|\broles?\.includes\(|\.role\s*(?:===?|!==?)\s*['"]|\.role\s*(?:==|!=)\s*(?:['"]|Role\.|UserRole\.)|\b(?:if|unless|elif|and|or|&&|\|\|)[ \t]*(?:\([ \t]*)?(?:![ \t]*)?(?:not[ \t]+)?[\w.]{0,60}\b(?:is_?[Aa]dmin|is_superuser|is_staff|IsAdmin)\b(?![ \t]*=[^=])|\bisAdmin\(|@staff_member_required\b|@superuser_required\b/m },
  { name: 'permission check', pattern: /\.has_perms?\(|@permission_required\b|\bPermissionRequiredMixin\b|\bclass\s+\w+\(\s*(?:permissions\.)?BasePermission\s*\)|\bhas_object_permission\b|\bhasPermission\(|\bcheckPermission\(|\bcheck_permissions?\(|\brequire_?permission\b|\bcan\?\(|\bauthorize\s+@?\w|\bPundit\b|\bCanCan\b|\bcasbin\b|\bEnforcer\b|\bguardian\.shortcuts\b|get_objects_for_user\b|\bPermissions?\.(?:ADMIN|WRITE|MANAGE|EDIT|DELETE)\b|\bPerm\.(?:Admin|Modify|Create|Delete)\b/ },
  { name: '403 Forbidden on a denied request', pattern: /\b\w*(?:Exception|Error|abort|throw|code|status|Status)\(\s*403\b|\b(?:status|statusCode|status_code|code)\s*[:=]\s*403\b|\bsendStatus\(\s*403\s*\)|HTTP_403_FORBIDDEN|status_code\s*=\s*403\b|\bhttp\.StatusForbidden\b|HttpStatus\.FORBIDDEN\b|\bForbiddenException\b|\bHttpResponseForbidden\b|\braise\s+PermissionDenied\b|\bStatusCodes\.FORBIDDEN\b|\bStatus::Forbidden\b|StatusCode::FORBIDDEN\b|\bhead\s+:forbidden\b|\bForbid\(\)/ },
  { name: 'admin-only dependency', pattern: /Depends\(\s*(?:[\w.]+\.)?\w*(?:admin|superuser|permission|role|scope)\w*\s*[),]|Security\(\s*\w+\s*,\s*scopes\s*=/i },
];

/** Admin sites whose framework checks staff status and per-model permissions itself (Django's admin, Wagtail's). */
const FRAMEWORK_ADMIN = /\badmin\.site\.urls\b|\bwagtailadmin_urls\b/;

const HINT = /role|admin|perm|authori|forbidden|403|superuser|staff|casbin|enforcer|pundit|cancan|can\?|guardian|scope/i;

export const rule: WorkspaceRule = {
  id: 'security/authorization',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'Authenticated routes check roles, permissions or ownership',
  rationale: 'Authentication says who the caller is; without an authorization check every logged-in user can change or delete anyone\'s data and reach admin functions (broken access control, the top OWASP risk).',
  roadmap: [{ topic: 'authorization', match: /authori[sz]ation|\brbac\b|role[- ]based|user roles|roles?\/permissions|\bpermissions?\b|access control|admin users/, unless: /workflow|github actions|\bci\b|token permissions|file permissions/, rank: 710 }],
  related: [
    { tool: 'owasp-asvs', id: 'v4.0.3-4.1.3' },
    { tool: 'owasp-asvs', id: 'v4.0.3-4.2.1' },
  ],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws }) {
    const all = sensitiveRoutes(ws);
    if (all.length === 0) return outcome.na('nothing to examine: the code registers no route that changes state or serves an admin path');
    const routes = all.filter((r) => !FRAMEWORK_ADMIN.test(r.text));
    if (routes.length === 0) return outcome.na(`nothing to examine: the only admin routes (${all[0].file}:${all[0].line}) are the framework's admin site, which checks staff status and per-model permissions itself`);
    if (findPractices(ws, AUTH_PRACTICES, 1, (h) => h.length > 0, undefined, SERVER_CODE).length === 0) return outcome.na('nothing to authorize yet: the service has no authentication (see security/authentication)');
    const users = userModel(ws);
    if (!users) return outcome.na('nothing to examine: the code keeps no user accounts (no user model or users table), so every authenticated caller has the same rights');
    const hits = findPractices(ws, AUTHZ_PRACTICES, 2, (h) => h.length >= 4, HINT, SERVER_CODE);
    const evidence = [{ message: describeRoutes(routes), file: routes[0].file, line: routes[0].line }, { message: 'user accounts', file: users.file, line: users.line }, ...practiceEvidence(hits)];
    if (hits.length > 0) return outcome.pass(evidence);
    return outcome.fail([{
      message: `${describeRoutes(routes)} are authenticated, but no role, permission or ownership check was found (nothing answers 403 Forbidden): check in each write or admin route that the caller may act on that resource (roles, permissions, or the owner of the record)`,
      file: null,
    }], evidence);
  },
};
