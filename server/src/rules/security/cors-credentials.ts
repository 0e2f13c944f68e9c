/**
 * security/cors-credentials: no CORS configuration lets every origin send credentialed requests. A
 * wildcard or a reflected origin together with credentials (`cors({ origin: true, credentials:
 * true })`, Starlette `allow_origins=["*"], allow_credentials=True`, django-cors-headers
 * `CORS_ALLOW_ALL_ORIGINS` with `CORS_ALLOW_CREDENTIALS`, rs/cors or gin-contrib with every origin and
 * `AllowCredentials`, Spring `allowedOriginPatterns("*")` with `allowCredentials(true)`, ASP.NET
 * `SetIsOriginAllowed(_ => true)` with `AllowCredentials()`, hand-set headers that echo the request's
 * Origin) lets any web site act as the logged-in user.
 *
 * A wildcard without credentials is a public API and is not a finding. The rule examines the files
 * that configure CORS; a repository that configures none is not applicable.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { SERVER_CODE_KINDS } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { isTemplatePath, isTestPath } from '../lib/util';

/** Where a CORS configuration starts; its arguments follow. */
const ANCHOR = /\bcors\(\s*\{|\bCORSMiddleware\b|\bcors\.(?:Options|Config|New)\s*[({]|\bCORSConfig\s*\{|\bCORSWithConfig\(|@CrossOrigin\s*\(|\.allowedOrigin(?:Pattern)?s\(|\bAddCors\(|\.WithOrigins\(|\.SetIsOriginAllowed\(|\.AllowAnyOrigin\(|\bCorsLayer::|\bCors::(?:default|permissive)\(|register\(\s*(?:require\(['"])?@fastify\/cors|\bcors\s*:\s*\{/g;
/** Any origin: a wildcard, `true` (reflect), a catch-all regex or predicate. */
const ANY_ORIGIN = /\borigins?\s*[:=]\s*(?:['"`]\*['"`]|true\b|\[\s*['"`]\*['"`]\s*\])|\ballow_origins\s*=\s*\[\s*['"]\*['"]\s*\]|\ballow_origin_regex\s*=\s*r?['"]\.\*['"]|\bAllowedOrigins\s*:\s*\[\]string\{\s*"\*"\s*\}|\bAllowOrigins\s*:\s*(?:\[\]string\{\s*"\*"\s*\}|"\*")|\bAllowAllOrigins\s*:\s*true\b|\bAllowOriginFunc\s*:\s*func\([^)]*\)\s*bool\s*\{\s*return\s+true\b|\borigins\s*=\s*["']\*["']|\.allowedOrigin(?:Pattern)?s\(\s*["']\*["']\s*\)|\.AllowAnyOrigin\(\)|\.SetIsOriginAllowed\(\s*\(?\s*_?\w*\s*\)?\s*=>\s*true\s*\)|\bmirror_request\(\)|\bCors::permissive\(\)/;
const CREDENTIALS = /\bcredentials\s*:\s*true\b|\ballow_credentials\s*=\s*True\b|\bAllowCredentials\s*:\s*true\b|\ballowCredentials\s*=\s*["']?true|\.allowCredentials\(\s*true\s*\)|\.AllowCredentials\(\)|\ballow_credentials\(\s*true\s*\)|\bsupports_credentials\s*=\s*True\b/;
/** Settings and headers configured file-wide. */
const DJANGO_ALL = /^[ \t]*CORS_(?:ORIGIN_ALLOW_ALL|ALLOW_ALL_ORIGINS)\s*=\s*True\b/m;
const DJANGO_CREDENTIALS = /^[ \t]*CORS_ALLOW_CREDENTIALS\s*=\s*True\b/m;
const HEADER_ORIGIN = /Access-Control-Allow-Origin['"]?\s*(?:[,:=]\s*)?(?:\(\s*)?(?:['"]\*['"]|\$http_origin\b|req(?:uest)?\.headers?(?:\.get\(\s*|\[\s*|\.)['"]?origin\b|r\.Header\.Get\(\s*"Origin"\s*\)|request\.META\[\s*['"]HTTP_ORIGIN['"])/i;
const HEADER_CREDENTIALS = /Access-Control-Allow-Credentials['"]?\s*(?:[,:=]\s*)?(?:\(\s*)?['"]?true/i;
/** A cheap first test, then what makes a file examined: a CORS configuration, setting or header. */
const MENTIONS_CORS = /cors|CrossOrigin|allowedOrigin|WithOrigins|AllowAnyOrigin|SetIsOriginAllowed|Access-Control-Allow-Origin/i;
const CONFIGURES_CORS = new RegExp(`${ANCHOR.source}|^\\s*CORS_\\w+\\s*=|Access-Control-Allow-Origin`, 'm');

/**
 * The text of a configuration from its anchor to the end of its arguments (balanced brackets, at
 * most 1,200 characters): the anchor's own call (`cors({…})`), or, for an anchor that is itself an
 * argument (`add_middleware(CORSMiddleware, …)`), the rest of the enclosing call.
 */
function argumentsAt(text: string, start: number, anchorEnd: number): string {
  const own = /^[ \t]*[({[]/.test(text.slice(anchorEnd, anchorEnd + 20)) || /[({]$/.test(text.slice(start, anchorEnd));
  let depth = /[({]$/.test(text.slice(start, anchorEnd)) ? 1 : 0;
  const end = Math.min(text.length, start + 1200);
  for (let i = anchorEnd; i < end; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if ((own && depth === 0) || depth < 0) return text.slice(start, i + 1);
    } else if (c === ';' && depth <= 0) return text.slice(start, i);
  }
  return text.slice(start, end);
}

function own(path: string): boolean {
  return !isTestPath(path) && !isTemplatePath(path);
}

const MESSAGE = 'CORS lets every origin send credentialed requests: any web site a user visits can call this API as that user; list the trusted origins explicitly';

export const rule: FileRule = {
  id: 'security/cors-credentials',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'CORS never allows every origin with credentials',
  rationale: 'A wildcard or reflected origin combined with credentials hands the user\'s session to every web site; browsers refuse `*` with credentials, so such configurations usually echo the caller\'s origin, which is worse.',
  roadmap: [{ topic: 'CORS', match: /\bcors\b|cross[- ]origin/, rank: 750 }],
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-14.5.3' }],
  projectKinds: SERVER_CODE_KINDS,
  guard: true,
  scope: 'file',
  kinds: ['source', 'config', 'other'],
  examines: (file) => own(file.path) && (file.kind !== 'other' || /\.conf$|(?:^|\/)Caddyfile$/.test(file.path)) && MENTIONS_CORS.test(file.text) && CONFIGURES_CORS.test(file.text),
  examinesWhat: 'CORS configuration',
  checkFile(file: SourceFile) {
    if (!own(file.path) || !MENTIONS_CORS.test(file.text)) return [];
    const findings: RuleFinding[] = [];
    const re = new RegExp(ANCHOR.source, 'g');
    let lastEnd = -1;
    for (let m = re.exec(file.text); m && findings.length < 20; m = re.exec(file.text)) {
      if (m.index < lastEnd) continue;
      const lineText = file.lines[file.positionAt(m.index).line] ?? '';
      if (/^[ \t]*(?:from\s|import\s|using\s|use\s)|\brequire\(/.test(lineText)) continue;
      const args = argumentsAt(file.text, m.index, m.index + m[0].length);
      // Builder chains (`.WithOrigins(…).AllowCredentials()`) span the statement, not the call.
      const statement = /^(?:\.|@)/.test(m[0]) ? file.text.slice(m.index, Math.min(file.text.length, m.index + 600)).split(/;[ \t]*$|;\s*\n|\n\s*\n/m)[0] : args;
      if (ANY_ORIGIN.test(statement) && CREDENTIALS.test(statement)) {
        findings.push({ message: MESSAGE, range: file.rangeOf(m.index, m.index + m[0].length) });
        lastEnd = m.index + statement.length;
      }
    }
    const all = DJANGO_ALL.exec(file.text);
    if (all && DJANGO_CREDENTIALS.test(file.text)) findings.push({ message: `\`${all[0].trim()}\` with \`CORS_ALLOW_CREDENTIALS = True\`: ${MESSAGE.replace(/^CORS /, '')}`, range: file.rangeOf(all.index + all[0].length - all[0].trimStart().length, all.index + all[0].length) });
    const header = HEADER_ORIGIN.exec(file.text);
    if (header && HEADER_CREDENTIALS.test(file.text) && findings.length === 0) findings.push({ message: `the Access-Control-Allow-Origin header is a wildcard or echoes the request's Origin, and credentials are allowed: ${MESSAGE.replace(/^CORS /, '')}`, range: file.rangeOf(header.index, header.index + header[0].length) });
    return findings;
  },
};
