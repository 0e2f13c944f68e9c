/**
 * Meta rules about the manifest and suppressions themselves: schema errors, unknown rule ids (with a
 * "did you mean"), expired waivers, and inline suppressions that give no reason or are forbidden.
 * They are reported like every other finding but never scored.
 */
import type { Finding, Rule, RuleMeta, Severity } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import type { LoadedManifest } from '../../manifest/load';
import type { Suppression } from '../../core/suppress';
import type { SourceFile } from '../../core/source';
import type { Manifest } from '../../manifest/schema';
import { ruleDocsUrl } from '../../version';
import { closest } from '../../core/closest';
import { optionsOf, type OptionsOwner } from '../../core/rule-options';

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

/**
 * The meta findings of an audit, typed by where they come from: the manifest's own (schema errors,
 * unknown ids, expired waivers, all on the manifest file) and the inline suppressions' (per file).
 * The editor replaces each part on its own, so they are never told apart by their messages.
 */
export interface MetaFindings {
  manifest: Finding[];
  /** Path → findings about the inline suppressions of that file (only files that have some). */
  suppressions: Map<string, Finding[]>;
}

const finding = (m: RuleMeta, message: string, file: string | null, extra: Partial<Finding> = {}): Finding => ({
  ruleId: m.id,
  category: 'manifest',
  severity: m.severity,
  message,
  file,
  ...extra,
});

/** The rule ids a manifest or a suppression may name: the catalogue and the effective rules (custom checks). */
export function knownIds(knownRuleIds: Iterable<string>, rules: readonly Rule[]): Set<string> {
  return new Set([...knownRuleIds, ...rules.map((r) => r.id)]);
}

/** The findings about the manifest itself: schema errors, unknown rule ids and expired waivers. */
export function manifestFindings(loaded: LoadedManifest, now: Date, known: ReadonlySet<string>, rules: readonly OptionsOwner[] = []): Finding[] {
  const out: Finding[] = [];
  const file = loaded.file;
  if (!file) return out;
  for (const p of loaded.problems) out.push(finding(SCHEMA_ERROR, p.message, file.path, { range: p.range, data: { path: p.path, ...(p.suggestion ? { suggestion: p.suggestion } : {}) } }));
  const m = loaded.manifest;
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const [id, override] of Object.entries(m.rules)) {
    const rule = byId.get(id);
    if (rule && override && typeof override === 'object' && override.options !== undefined) {
      // Options are validated against the rule's own schema; an invalid one falls back to its default.
      for (const p of optionsOf(rule, override.options).problems) {
        out.push(finding(SCHEMA_ERROR, `rules.${id}.options: ${p.message}`, file.path, { range: file.yamlPathRange(['rules', id, 'options', ...p.path]), data: { path: ['rules', id, 'options', ...p.path] } }));
      }
    }
    if (known.has(id)) continue;
    const guess = closest(id, known);
    out.push(finding(UNKNOWN_RULE, `unknown rule id \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, file.path, {
      range: file.yamlPathRange(['rules', id]),
      data: { id, ...(guess ? { suggestion: guess } : {}) },
    }));
  }
  m.waivers.forEach((w, i) => {
    const index = loaded.waiverIndex?.[i] ?? i;
    if (!known.has(w.rule)) {
      const guess = closest(w.rule, known);
      out.push(finding(UNKNOWN_RULE, `waiver for unknown rule id \`${w.rule}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, file.path, {
        range: file.yamlPathRange(['waivers', index, 'rule'], 0, false),
        data: { id: w.rule, ...(guess ? { suggestion: guess } : {}) },
      }));
    }
    if (w.expires && new Date(`${w.expires}T23:59:59Z`) < now) {
      out.push(finding(WAIVER_EXPIRED, `the waiver of \`${w.rule}\` expired on ${w.expires}${w.owner ? ` (owner: ${w.owner})` : ''}; renew it or fix the findings`, file.path, {
        range: file.yamlPathRange(['waivers', index, 'expires'], 0, false),
        data: { index, rule: w.rule, expires: w.expires },
      }));
    }
  });
  return out;
}

/** The findings about one file's inline suppressions: forbidden, without a reason, naming unknown rule ids. */
export function suppressionFindings(path: string, file: SourceFile | undefined, sups: readonly Suppression[], manifest: Manifest, known: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const { inline, requireReason } = manifest.suppressions;
  for (const s of sups) {
    const range = { start: { line: s.line, character: 0 }, end: { line: s.line, character: file?.lines[s.line]?.length ?? 0 } };
    if (!inline) out.push(finding(SUPPRESSION_FORBIDDEN, `inline suppressions are turned off in the manifest; this one (${s.rules.join(', ')}) is ignored`, path, { range }));
    else if (requireReason && !s.reason) out.push(finding(SUPPRESSION_NO_REASON, `this suppression of ${s.rules.join(', ')} gives no reason and is ignored; add one after \`--\``, path, { range }));
    for (const r of s.rules) {
      if (r.includes('*') || known.has(r)) continue;
      const guess = closest(r, known);
      out.push(finding(UNKNOWN_RULE, `suppression names unknown rule id \`${r}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, path, { range, data: { id: r, ...(guess ? { suggestion: guess } : {}) } }));
    }
  }
  return out;
}

/** Computes the meta findings of an audit. */
export function metaFindings(input: MetaInput): MetaFindings {
  const known = knownIds(input.knownRuleIds, input.rules);
  const suppressions = new Map<string, Finding[]>();
  for (const path of input.ws.files) {
    if (input.ws.kindOf(path) === 'other') continue;
    const sups = input.suppressionsOf(path);
    if (sups.length === 0) continue;
    const found = suppressionFindings(path, input.ws.read(path), sups, input.loaded.manifest, known);
    if (found.length > 0) suppressions.set(path, found);
  }
  return { manifest: manifestFindings(input.loaded, input.now, known, input.rules), suppressions };
}
