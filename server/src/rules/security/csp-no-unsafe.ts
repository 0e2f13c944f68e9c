/**
 * security/csp-no-unsafe: where a Content-Security-Policy is configured (helmet, a header string in
 * code, a `<meta http-equiv>` tag, nginx `add_header`, django-csp settings, a Next.js headers() entry),
 * it does not allow `'unsafe-inline'` or `'unsafe-eval'` for scripts, which would turn the policy's
 * XSS protection off. `'unsafe-inline'` for styles only is reported with low severity. A token inside
 * a regular-expression literal is a pattern that looks for it (a detector, a validator), not a policy.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import type { SourceFile } from '../../core/source';
import { isTemplatePath, isTestPath } from '../lib/util';
import { pathMemo } from '../lib/evidence';

const KINDS = new Set(['source', 'config', 'yaml', 'json', 'toml', 'k8s', 'compose']);
const OTHER = /\.(html?|conf|vcl)$|(^|\/)(_headers|\.htaccess|Caddyfile)$/i;
const CSP_MARKER = /content-security-policy|contentSecurityPolicy|CSP_(DEFAULT|SCRIPT|STYLE)_SRC|CONTENT_SECURITY_POLICY|\bhelmet\s*\(/i;
const UNSAFE = /'unsafe-(inline|eval)'/g;
const DIRECTIVE = /(script|style|default)[-_]?src(?:[-_]?(?:elem|attr))?/gi;
const CSP_OFF = /contentSecurityPolicy\s*:\s*false/g;

/** Regular-expression literals of a line of code: a `/` after an operator, an opening bracket or a keyword. */
const REGEX_LITERAL = /(?:^|[=(,:!&|?{};[]|\breturn|\btypeof)\s*\/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/[dgimsuyv]*/g;

/** True when a column of a line lies inside a regular-expression literal. */
function inRegexLiteral(line: string, column: number): boolean {
  if (!line.includes('/')) return false;
  for (const m of line.matchAll(REGEX_LITERAL)) {
    const start = (m.index ?? 0) + m[0].indexOf('/');
    if (column > start && column < (m.index ?? 0) + m[0].length) return true;
  }
  return false;
}

/** Files that may configure a CSP. */
function candidates(ws: Workspace): string[] {
  return pathMemo(ws, 'security:csp-candidates', () =>
    ws.files.filter((p) => {
      if (isTestPath(p) || isTemplatePath(p)) return false;
      const k = ws.kindOf(p);
      return (k !== undefined && KINDS.has(k)) || (k === 'other' && OTHER.test(p));
    }),
  );
}

/** The directive an `'unsafe-…'` token belongs to: the last directive name before it, within 300 characters. */
function directiveBefore(f: SourceFile, at: number): string | undefined {
  const from = Math.max(0, at - 300);
  let last: string | undefined;
  for (const m of f.text.slice(from, at).matchAll(DIRECTIVE)) last = m[1].toLowerCase();
  return last;
}

export const rule: WorkspaceRule = {
  id: 'security/csp-no-unsafe',
  category: 'security',
  severity: 'high',
  level: 'production',
  title: "Content-Security-Policy does not allow 'unsafe-inline' or 'unsafe-eval' scripts",
  rationale: "A CSP that allows inline scripts or eval() no longer stops injected scripts, which is the reason to have one; use nonces or hashes instead.",
  scope: 'workspace',
  check({ ws }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    for (const p of candidates(ws)) {
      const f = ws.read(p);
      if (!f || !CSP_MARKER.test(f.text)) continue;
      const marker = CSP_MARKER.exec(f.text)!;
      evidence.push({ message: 'Content-Security-Policy configured', file: p, line: f.positionAt(marker.index).line + 1 });
      for (const m of f.text.matchAll(UNSAFE)) {
        const at = m.index ?? 0;
        const pos = f.positionAt(at);
        const line = f.lines[pos.line] ?? '';
        if (/^\s*(\/\/|#|\*|<!--)/.test(line)) continue;
        if (ws.kindOf(p) === 'source' && inRegexLiteral(line, pos.character)) continue;
        const directive = directiveBefore(f, at);
        if (!directive) continue;
        const styleOnly = directive === 'style';
        findings.push({
          message: styleOnly
            ? `the CSP allows ${m[0]} for styles; prefer hashes or nonces for inline styles`
            : `the CSP allows ${m[0]} for ${directive === 'default' ? 'default-src (and so scripts)' : 'scripts'}, which defeats its XSS protection; remove it and use nonces or hashes for the inline scripts you need`,
          file: p,
          range: f.rangeOf(at, at + m[0].length),
          ...(styleOnly ? { severity: 'low' as const } : {}),
          data: { directive, token: m[0] },
        });
      }
      for (const m of f.text.matchAll(CSP_OFF)) {
        findings.push({ message: "helmet's Content-Security-Policy is turned off; configure a policy instead of disabling it", file: p, range: f.rangeOf(m.index ?? 0, (m.index ?? 0) + m[0].length), severity: 'medium' });
      }
    }
    if (evidence.length === 0) return { status: 'not-applicable', findings: [], reason: 'no Content-Security-Policy is configured in code or configuration' };
    if (findings.length === 0) return { status: 'pass', findings, evidence };
    const onlyStyles = findings.every((f) => f.severity === 'low');
    return onlyStyles ? { status: 'partial', score: 0.75, findings, evidence } : { status: 'fail', findings, evidence };
  },
};
