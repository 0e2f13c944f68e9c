/**
 * Meta rules about the manifest and suppressions themselves: schema errors, unknown rule ids (with a
 * "did you mean"), expired waivers, and inline suppressions that give no reason or are forbidden.
 * They are reported like every other finding but never scored.
 */
import type { Finding, Rule, RuleMeta, Severity } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import type { LoadedManifest } from '../../manifest/load';
import type { Suppression } from '../../core/suppress';
import { ruleDocsUrl } from '../../version';

const meta = (id: string, severity: Severity, title: string, rationale: string): RuleMeta => ({
  id,
  category: 'manifest',
  severity,
  title,
  rationale,
  level: 'prototype',
  docs: ruleDocsUrl(id),
});

export const SCHEMA_ERROR = meta('manifest/schema-error', 'high', 'readiness.yaml is valid', 'An invalid manifest field is ignored, so the targets and waivers the team wrote do not apply.');
export const UNKNOWN_RULE = meta('manifest/unknown-rule', 'medium', 'Rule ids in readiness.yaml exist', 'An override or waiver for a rule id that does not exist has no effect; usually it is a typo.');
export const WAIVER_EXPIRED = meta('manifest/waiver-expired', 'medium', 'Waivers are not expired', 'An expired waiver no longer applies: the decision must be renewed or the issue fixed.');
export const SUPPRESSION_NO_REASON = meta('manifest/suppression-without-reason', 'low', 'Inline suppressions give a reason', 'A suppression without a reason cannot be reviewed; it is ignored until it says why (after `--`).');
export const SUPPRESSION_FORBIDDEN = meta('manifest/suppression-forbidden', 'low', 'Inline suppressions are allowed by the manifest', 'The manifest turns inline suppressions off; use a waiver in readiness.yaml instead.');

const META = [SCHEMA_ERROR, UNKNOWN_RULE, WAIVER_EXPIRED, SUPPRESSION_NO_REASON, SUPPRESSION_FORBIDDEN];

/** The meta rules, listed in the catalogue; the engine produces their findings itself. */
export const metaRules: Rule[] = META.map((m) => ({
  ...m,
  scope: 'workspace' as const,
  check: () => ({ status: 'not-applicable' as const, findings: [] }),
}));

/** Ids of the meta rules. */
export const META_RULE_IDS = new Set(META.map((m) => m.id));

/** Inputs of `metaFindings`. */
export interface MetaInput {
  ws: Workspace;
  loaded: LoadedManifest;
  now: Date;
  rules: Rule[];
  knownRuleIds: Set<string>;
  suppressionsOf: (path: string) => Suppression[];
}

const finding = (m: RuleMeta, message: string, file: string | null, extra: Partial<Finding> = {}): Finding => ({
  ruleId: m.id,
  category: 'manifest',
  severity: m.severity,
  message,
  file,
  ...extra,
});

/** Computes the meta findings of an audit. */
export function metaFindings(input: MetaInput): Finding[] {
  const { loaded, now } = input;
  const out: Finding[] = [];
  const file = loaded.file;
  const known = new Set([...input.knownRuleIds, ...input.rules.map((r) => r.id)]);
  if (file) {
    for (const p of loaded.problems) out.push(finding(SCHEMA_ERROR, p.message, file.path, { range: p.range, data: { path: p.path } }));
    const m = loaded.manifest;
    for (const id of Object.keys(m.rules)) {
      if (known.has(id)) continue;
      const guess = closest(id, known);
      out.push(finding(UNKNOWN_RULE, `unknown rule id \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, file.path, {
        range: file.yamlPathRange(['rules', id]),
        data: { id, ...(guess ? { suggestion: guess } : {}) },
      }));
    }
    m.waivers.forEach((w, i) => {
      if (!known.has(w.rule)) {
        const guess = closest(w.rule, known);
        out.push(finding(UNKNOWN_RULE, `waiver for unknown rule id \`${w.rule}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, file.path, {
          range: file.yamlPathRange(['waivers', i, 'rule'], 0, false),
          data: { id: w.rule, ...(guess ? { suggestion: guess } : {}) },
        }));
      }
      if (w.expires && new Date(`${w.expires}T23:59:59Z`) < now) {
        out.push(finding(WAIVER_EXPIRED, `the waiver of \`${w.rule}\` expired on ${w.expires}${w.owner ? ` (owner: ${w.owner})` : ''}; renew it or fix the findings`, file.path, {
          range: file.yamlPathRange(['waivers', i, 'expires'], 0, false),
          data: { index: i, rule: w.rule, expires: w.expires },
        }));
      }
    });
  }
  const { inline, requireReason } = loaded.manifest.suppressions;
  for (const path of input.ws.files) {
    const kind = input.ws.kindOf(path);
    if (kind === 'other') continue;
    const sups = input.suppressionsOf(path);
    for (const s of sups) {
      const range = { start: { line: s.line, character: 0 }, end: { line: s.line, character: Number.MAX_SAFE_INTEGER } };
      const f = input.ws.read(path);
      if (f) range.end.character = f.lines[s.line]?.length ?? 0;
      if (!inline) out.push(finding(SUPPRESSION_FORBIDDEN, `inline suppressions are turned off in the manifest; this one (${s.rules.join(', ')}) is ignored`, path, { range }));
      else if (requireReason && !s.reason) out.push(finding(SUPPRESSION_NO_REASON, `this suppression of ${s.rules.join(', ')} gives no reason and is ignored; add one after \`--\``, path, { range }));
      for (const r of s.rules) {
        if (r.includes('*') || known.has(r)) continue;
        const guess = closest(r, known);
        out.push(finding(UNKNOWN_RULE, `suppression names unknown rule id \`${r}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, path, { range, data: { id: r, ...(guess ? { suggestion: guess } : {}) } }));
      }
    }
  }
  return out;
}

/** The known id closest to `id` by edit distance, when it is close enough to be a likely typo. */
export function closest(id: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(id, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(3, Math.floor(id.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
