/**
 * security/session-cookies: the cookies that carry a session or a token are `Secure` (never sent
 * over plain HTTP) and `HttpOnly` (unreadable by scripts), as the service configures them:
 *
 * - Django: `SESSION_COOKIE_SECURE` is set in the settings (Django's default is False) and
 *   `SESSION_COOKIE_HTTPONLY` is not turned off;
 * - Flask: `SESSION_COOKIE_SECURE` is set when the app uses `session`;
 * - Starlette/FastAPI `SessionMiddleware` passes `https_only`;
 * - express-session and cookie-session set `secure` and keep `httpOnly`;
 * - a cookie named like a session or token (`res.cookie('token', …)`, `set_cookie("session", …)`,
 *   `http.Cookie{Name: "sid"}`) is set with HttpOnly and Secure.
 *
 * A flag read from configuration (`secure=settings.PRODUCTION`) counts as set: the operator decides.
 * Only the product's code is examined; a service that sets no session cookie is not applicable.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { SERVER_CODE_KINDS } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { productSources } from '../lib/evidence';
import { bracketed, outcome } from '../lib/util';

const AUTH_NAME = /^(?:[\w.-]*[._-])?(?:session|sess|sid|token|auth|jwt|access[_-]?token|refresh[_-]?token|remember(?:[_-]?me)?|login|connect\.sid)(?:[._-][\w.-]*)?$/i;
const HINT = /SESSION_COOKIE|SessionMiddleware|express-session|cookie-session|\.cookie\(|set_cookie\(|http\.Cookie\s*\{|from flask import[^\n]*\bsession\b/;

interface Problem {
  file: SourceFile;
  index: number;
  length: number;
  message: string;
}

function checkFile(f: SourceFile, problems: Problem[], examined: Evidence[]): void {
  const t = f.text;
  const py = f.path.endsWith('.py');
  const js = /\.[cm]?[jt]sx?$/.test(f.path);
  const go = f.path.endsWith('.go');
  const see = (index: number, what: string) => examined.length < 8 && examined.push({ message: what, file: f.path, line: f.positionAt(index).line + 1 });
  if (py) {
    for (const m of t.matchAll(/\bSessionMiddleware\s*,/g)) {
      const args = bracketed(t, t.lastIndexOf('(', m.index!), 800);
      see(m.index!, 'Starlette SessionMiddleware');
      if (!/\bhttps_only\s*=/.test(args) || /\bhttps_only\s*=\s*False\b/.test(args)) problems.push({ file: f, index: m.index!, length: 'SessionMiddleware'.length, message: 'Starlette `SessionMiddleware` without `https_only=True` sends the session cookie over plain HTTP; pass `https_only=True` (or a setting that is true in production)' });
    }
  }
  if (js) {
    for (const m of t.matchAll(/\b(?:session|cookieSession|expressSession)\(\s*\{/g)) {
      if (!/express-session|cookie-session/.test(t)) break;
      const args = bracketed(t, m.index! + m[0].length - 1, 800);
      see(m.index!, 'express-session/cookie-session options');
      if (/\bhttpOnly\s*:\s*false\b/.test(args)) problems.push({ file: f, index: m.index!, length: m[0].length - 1, message: 'the session cookie sets `httpOnly: false`: scripts on the page (and any XSS) can read it; remove it' });
      else if (!/\bsecure\s*:/.test(args) || /\bsecure\s*:\s*false\b/.test(args)) problems.push({ file: f, index: m.index!, length: m[0].length - 1, message: 'the session cookie is not `secure`: it is sent over plain HTTP; set `cookie: { secure: true }` (with `app.set(\'trust proxy\', 1)` behind a proxy)' });
    }
  }
  // Cookies named like a session or a token, set by hand.
  const setters = js ? /\b(?:res|response|reply|ctx|c)\.(?:cookie|setCookie|cookies\.set)\(\s*['"`]([\w.-]+)['"`]/g : py ? /\.set_cookie\(\s*(?:key\s*=\s*)?['"]([\w.-]+)['"]/g : go ? /\bhttp\.Cookie\s*\{[^}]*?\bName\s*:\s*"([\w.-]+)"/g : undefined;
  if (setters) {
    for (const m of t.matchAll(setters)) {
      if (!AUTH_NAME.test(m[1])) continue;
      const open = go ? t.indexOf('{', m.index!) : t.indexOf('(', m.index!);
      const args = bracketed(t, open, 800);
      see(m.index!, `cookie \`${m[1]}\``);
      const httpOnly = go ? /\bHttpOnly\s*:\s*(?!false)/.test(args) : py ? /\bhttponly\s*=\s*(?!False)/.test(args) : /\bhttpOnly\s*:\s*(?!false)/.test(args);
      const secure = go ? /\bSecure\s*:\s*(?!false)/.test(args) : py ? /\bsecure\s*=\s*(?!False)/.test(args) : /\bsecure\s*:\s*(?!false)/.test(args);
      const missing = [httpOnly ? '' : 'HttpOnly', secure ? '' : 'Secure'].filter(Boolean);
      if (missing.length) problems.push({ file: f, index: m.index!, length: m[0].length, message: `the cookie \`${m[1]}\` is set without ${missing.join(' and ')}: ${httpOnly ? '' : 'scripts (and any XSS) can read it'}${missing.length === 2 ? ', and ' : ''}${secure ? '' : 'it travels over plain HTTP'}; set ${missing.map((x) => (go ? `${x}: true` : py ? `${x.toLowerCase()}=True` : `${x === 'HttpOnly' ? 'httpOnly' : 'secure'}: true`)).join(' and ')}` });
    }
  }
}

export const rule: WorkspaceRule = {
  id: 'security/session-cookies',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'Session and token cookies are Secure and HttpOnly',
  rationale: 'A session cookie without Secure leaks over any plain-HTTP request, and one without HttpOnly is readable by any injected script; either hands the session to an attacker.',
  roadmap: [{ topic: 'session cookies', match: /session (management|cookies?|handling|security|fixation|timeouts?)|\bhttponly\b|secure cookies?|cookie (flags|security|settings)/, rank: 720 }],
  related: [
    { tool: 'owasp-asvs', id: 'v4.0.3-3.4.1' },
    { tool: 'owasp-asvs', id: 'v4.0.3-3.4.2' },
  ],
  projectKinds: SERVER_CODE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws }) {
    const problems: Problem[] = [];
    const examined: Evidence[] = [];
    const sources = productSources(ws).filter((p) => /\.(?:py|[cm]?[jt]sx?|go)$/.test(p) && !/\.d\.ts$/.test(p));
    // Django and Flask keep the flags in settings, possibly split over several modules.
    let django: { file: SourceFile; index: number; length: number } | undefined;
    let flask: { file: SourceFile; index: number; length: number } | undefined;
    let secureSet = false;
    for (const p of sources) {
      const f = ws.read(p);
      if (!f || !HINT.test(f.text) && !/SESSION_COOKIE|django\.contrib\.sessions/.test(f.text)) continue;
      if (p.endsWith('.py')) {
        const sess = /["']django\.contrib\.sessions\.middleware\.SessionMiddleware["']/.exec(f.text);
        if (sess) django ??= { file: f, index: sess.index, length: sess[0].length };
        const fl = /^from flask import[^\n]*\bsession\b/m.exec(f.text);
        if (fl) flask ??= { file: f, index: fl.index, length: fl[0].length };
        if (/(?:^[ \t]*|\[\s*['"]|\.update\([^)]*)SESSION_COOKIE_SECURE['"]?\s*[\]=:][ \t]*(?!False\b)\S/m.test(f.text)) secureSet = true;
        const off = /^[ \t]*SESSION_COOKIE_HTTPONLY\s*=\s*False\b/m.exec(f.text);
        if (off) problems.push({ file: f, index: off.index, length: off[0].length, message: '`SESSION_COOKIE_HTTPONLY = False` lets scripts (and any XSS) read the session cookie; remove it' });
      }
      checkFile(f, problems, examined);
    }
    for (const s of [django, flask]) {
      if (!s) continue;
      examined.push({ message: s === django ? 'Django sessions' : 'Flask sessions', file: s.file.path, line: s.file.positionAt(s.index).line + 1 });
      if (!secureSet) problems.push({ ...s, message: `${s === django ? 'Django' : 'Flask'} sends the session cookie without Secure by default and \`SESSION_COOKIE_SECURE\` is never set in the tracked settings: set \`SESSION_COOKIE_SECURE = True\`${s === django ? ' (and `CSRF_COOKIE_SECURE = True`)' : ''} in the production settings, or read it from the environment` });
    }
    if (examined.length === 0) return outcome.na('nothing to examine: the code sets no session or token cookie');
    if (problems.length === 0) return outcome.pass(examined);
    const findings: RuleFinding[] = problems.slice(0, 20).map((p) => ({ message: p.message, file: p.file.path, range: p.file.rangeOf(p.index, p.index + p.length) }));
    return outcome.fail(findings, examined);
  },
};
