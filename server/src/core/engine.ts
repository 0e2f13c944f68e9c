/**
 * The readiness engine: `audit(workspace)` runs every applicable rule, applies the manifest's
 * overrides, waivers and inline suppressions, and scores the result. The CLI, the language server and
 * the tests all call this one function; it never imports `vscode` or the LSP connection.
 */
import { minimatch } from 'minimatch';
import { detectFacts, type Facts } from './facts';
import { buildReport } from './scoring';
import { fingerprintFindings } from './fingerprint';
import { findSuppressions, suppressionMatches, type Suppression } from './suppress';
import type { CheckResult, Finding, FileRule, Report, Rule, RuleContext, RuleFinding, RuleOutcome, Severity, Evidence } from './types';
import type { Workspace } from './workspace';
import { parseManifest, MANIFEST_NAMES, type LoadedManifest } from '../manifest/load';
import { defaultManifest, type Manifest, type Waiver } from '../manifest/schema';
import { allRules } from '../rules';
import { customRules } from '../rules/custom';
import { metaFindings, META_RULE_IDS } from '../rules/manifest';

/** Inputs of one audit. */
export interface AuditInput {
  ws: Workspace;
  /** A manifest already loaded; by default it is read from the workspace root. */
  loaded?: LoadedManifest;
  /** The rules to run (default: the whole catalogue plus the manifest's custom checks). */
  rules?: Rule[];
  /** Run only these rule ids (tests and the editor's incremental runs). */
  only?: string[];
  /** The clock, for waiver expiry. */
  now?: Date;
  /** Facts computed earlier (the editor caches them). */
  facts?: Facts;
  /** Called after each rule with the number done and the total. */
  onProgress?: (done: number, total: number, ruleId: string) => void;
}

/** Reads the workspace's manifest, or returns the defaults when there is none. */
export function loadManifest(ws: Workspace): LoadedManifest {
  for (const name of MANIFEST_NAMES) {
    if (!ws.exists(name)) continue;
    const file = ws.read(name);
    if (file) return parseManifest(file);
  }
  return { manifest: defaultManifest(), problems: [] };
}

/** The effective rule list for a manifest: the catalogue, custom checks, minus rules turned off. */
export function effectiveRules(manifest: Manifest, base: Rule[] = allRules): Rule[] {
  const out: Rule[] = [];
  for (const r of [...base, ...customRules(manifest)]) {
    const cat = manifest.categories[r.category as keyof Manifest['categories']];
    if (cat && cat.enabled === false) continue;
    const o = manifest.rules[r.id];
    if (o === 'off') continue;
    if (o && typeof o === 'object' && o.enabled === false) continue;
    const severity: Severity | undefined = typeof o === 'string' ? (o as Severity) : o?.severity;
    out.push(severity ? ({ ...r, severity } as Rule) : r);
  }
  return out;
}

/** Builds the context a rule sees. */
export function ruleContext(rule: Rule, ws: Workspace, facts: Facts, manifest: Manifest, now: Date): RuleContext {
  const o = manifest.rules[rule.id];
  const options = { ...(rule.defaultOptions ?? {}), ...(o && typeof o === 'object' ? o.options ?? {} : {}) };
  return { ws, facts, manifest, options, now };
}

/** Runs a file rule on one file and stamps its findings. Errors inside a rule become an empty result. */
export function runFileRule(rule: FileRule, ws: Workspace, path: string, ctx: RuleContext): Finding[] | 'error' {
  const file = ws.read(path);
  if (!file || !rule.kinds.includes(file.kind)) return [];
  try {
    if (rule.examines && !rule.examines(file, ctx)) return [];
    return rule.checkFile(file, ctx).map((f) => stamp(rule, { file: path, ...f }));
  } catch (e) {
    ws.notes.push({ kind: 'info', path, message: `rule ${rule.id} failed on ${path}: ${(e as Error).message}; its result is left out` });
    return 'error';
  }
}

function stamp(rule: Rule, f: RuleFinding): Finding {
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: f.severity ?? rule.severity,
    message: f.message,
    file: f.file ?? null,
    ...(f.range ? { range: f.range } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
    ...(f.data ? { data: f.data } : {}),
  };
}

/** Evaluates one rule over the workspace. */
export async function evaluateRule(rule: Rule, ctx: RuleContext): Promise<RuleOutcome> {
  const applies = rule.applies?.(ctx.facts, ctx) ?? true;
  if (applies !== true) return { status: 'not-applicable', findings: [], reason: typeof applies === 'string' ? applies : 'does not apply to this project' };
  if (rule.scope === 'workspace') return await rule.check(ctx);
  const paths = rule.kinds.flatMap((k) => ctx.ws.pathsOfKind(k));
  if (paths.length === 0) return { status: 'not-applicable', findings: [], reason: `no ${rule.kinds.join(' or ')} files` };
  const findings: RuleFinding[] = [];
  let clean = 0;
  let analysed = 0;
  let readable = 0;
  for (const p of paths) {
    const file = ctx.ws.read(p);
    if (!file) continue;
    readable++;
    if (rule.examines && !rule.examines(file, ctx)) continue;
    analysed++;
    const fs = rule.checkFile(file, ctx).map((f) => ({ file: p, ...f }));
    if (fs.length === 0) clean++;
    findings.push(...fs);
  }
  if (readable === 0) return { status: 'not-applicable', findings: [], reason: `no readable ${rule.kinds.join(' or ')} files` };
  const what = rule.examinesWhat ?? 'what this rule judges';
  if (analysed === 0) return { status: 'not-applicable', findings: [], reason: `nothing to examine: no ${what} in any ${rule.kinds.join(' or ')} file` };
  const evidence: Evidence[] = [{ message: `${clean} of ${analysed} file(s) pass${analysed < readable ? ` (${readable - analysed} without ${what} not counted)` : ''}` }];
  if (findings.length === 0) return { status: 'pass', findings, evidence };
  if (clean > 0) return { status: 'partial', score: clean / analysed, findings, evidence };
  return { status: 'fail', findings, evidence };
}

/** The manifest's waivers still in force at `now` (a waiver expires at the end of its `expires` day, UTC). */
export function activeWaivers(manifest: Manifest, now: Date): Waiver[] {
  return manifest.waivers.filter((w) => !w.expires || new Date(`${w.expires}T23:59:59Z`) >= now);
}

/**
 * Marks the findings of one rule that a manifest waiver or an inline suppression covers, and returns
 * the waiver that covers the whole rule, if any. The audit and the language server's incremental runs
 * share this, so that the editor and the CLI waive exactly the same findings.
 */
export function applyWaivers(ruleId: string, findings: Finding[], waivers: Waiver[], manifest: Manifest, suppressionsOf: (path: string) => Suppression[]): Waiver | undefined {
  const { inline, requireReason } = manifest.suppressions;
  const wholeWaiver = waivers.find((w) => w.rule === ruleId && (!w.paths || w.paths.length === 0));
  for (const f of findings) {
    if (wholeWaiver) {
      f.waived = { by: 'manifest', reason: wholeWaiver.reason, ...(wholeWaiver.note ? { note: wholeWaiver.note } : {}) };
      continue;
    }
    const w = waivers.find((x) => x.rule === ruleId && x.paths?.some((g) => f.file && minimatch(f.file, g, { dot: true })));
    if (w) {
      f.waived = { by: 'manifest', reason: w.reason, ...(w.note ? { note: w.note } : {}) };
      continue;
    }
    if (inline && f.file) {
      const line = f.range?.start.line ?? 0;
      const s = suppressionsOf(f.file).find((x) => suppressionMatches(x, ruleId) && (x.wholeFile || x.covers.includes(line)) && (x.reason || !requireReason));
      if (s) f.waived = { by: 'inline', reason: s.reason ?? 'suppressed inline' };
    }
  }
  return wholeWaiver;
}

/** Runs an audit of a workspace. Never throws for bad input; problems become findings and notes. */
export async function audit(input: AuditInput): Promise<Report> {
  const started = Date.now();
  const ws = input.ws;
  const now = input.now ?? new Date();
  const loaded = input.loaded ?? loadManifest(ws);
  const manifest = loaded.manifest;
  const facts = input.facts ?? detectFacts(ws);
  let rules = effectiveRules(manifest, input.rules ?? allRules);
  // A `post` rule needs every other result, so asking for one runs the whole catalogue.
  if (input.only && !rules.some((r) => r.phase === 'post' && input.only!.includes(r.id))) {
    rules = rules.filter((r) => input.only!.includes(r.id) || META_RULE_IDS.has(r.id));
  }

  const waivers = activeWaivers(manifest, now);
  const suppressionCache = new Map<string, ReturnType<typeof findSuppressions>>();
  const suppressionsOf = (path: string) => {
    let s = suppressionCache.get(path);
    if (!s) {
      const f = ws.read(path);
      s = f ? findSuppressions(f) : [];
      suppressionCache.set(path, s);
    }
    return s;
  };

  const checks: CheckResult[] = [];
  let done = 0;
  const ordered = [...rules.filter((r) => r.phase !== 'post'), ...rules.filter((r) => r.phase === 'post')];
  let post: Pick<RuleContext, 'results' | 'measured'> | undefined;
  for (const rule of ordered) {
    if (META_RULE_IDS.has(rule.id)) continue;
    if (rule.phase === 'post' && !post) {
      const pre = buildReport({ ws, manifest, facts, checks, meta: [], started });
      post = { results: new Map(checks.map((c) => [c.ruleId, c])), measured: { score: pre.score, level: pre.level, categories: pre.categories } };
    }
    const ctx = { ...ruleContext(rule, ws, facts, manifest, now), ...(rule.phase === 'post' ? post : {}) };
    let outcome: RuleOutcome;
    try {
      outcome = await evaluateRule(rule, ctx);
    } catch (e) {
      ws.notes.push({ kind: 'info', path: null, message: `rule ${rule.id} failed: ${(e as Error).message}; its result is left out` });
      outcome = { status: 'not-applicable', findings: [], reason: 'internal error' };
    }
    const findings = outcome.findings.map((f) => stamp(rule, f));
    const wholeWaiver = applyWaivers(rule.id, findings, waivers, manifest, suppressionsOf);
    const open = findings.filter((f) => !f.waived);
    let status: CheckResult['status'] = outcome.status;
    let credit = outcome.status === 'pass' ? 1 : outcome.status === 'partial' ? clamp01(outcome.score ?? 0.5) : 0;
    if (outcome.status === 'not-applicable') credit = 0;
    else if (wholeWaiver && outcome.status !== 'pass') status = 'waived';
    else if ((outcome.status === 'fail' || outcome.status === 'partial') && findings.length > 0 && open.length === 0) status = 'waived';
    checks.push({
      ruleId: rule.id,
      category: rule.category,
      severity: rule.severity,
      level: rule.level,
      title: rule.title,
      status,
      credit: status === 'waived' ? 1 : credit,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      evidence: outcome.evidence ?? [],
      findings,
    });
    input.onProgress?.(++done, rules.length, rule.id);
  }

  noteYamlProblems(ws);
  const meta = metaFindings({ ws, loaded, now, rules: effectiveRules(manifest, input.rules ?? allRules), suppressionsOf, knownRuleIds: new Set((input.rules ?? allRules).map((r) => r.id)) });
  const report = buildReport({ ws, manifest, facts, checks, meta, started });
  fingerprintFindings(report.findings, (file) => ws.read(file)?.lines);
  report.generatedAt = now.toISOString();
  return report;
}

/**
 * Reports YAML that could not be read (an alias bomb over the alias limit, nesting too deep) as notes,
 * so the user sees why checks said nothing about a file. Files the YAML fast path left to the `yaml`
 * package (the only ones that can hold aliases) are converted here if no rule did.
 */
function noteYamlProblems(ws: Workspace): void {
  for (const f of ws.loadedFiles()) {
    if (f.yamlSlowPath) void f.yamlValues;
    const problems = [...f.yamlProblems];
    // Workflows and the manifest have rules of their own for syntax errors; compose files and
    // Kubernetes manifests would otherwise be skipped in silence.
    if ((f.kind === 'compose' || f.kind === 'k8s') && f.yamlSlowPath) {
      const err = f.yamlDocs.flatMap((d) => d.errors)[0];
      if (err) {
        const line = err.linePos?.[0]?.line;
        problems.push(`is not valid YAML${line ? ` (line ${line}: ${err.message.split('\n')[0]})` : ` (${err.message.split('\n')[0]})`}${f.text.includes('{{') ? '; it looks like a template' : ''}`);
      }
    }
    for (const p of problems) {
      const message = `${f.path}: ${p}; checks that need its content skip it`;
      if (!ws.notes.some((n) => n.path === f.path && n.message === message)) ws.notes.push({ kind: 'unreadable', path: f.path, message });
    }
  }
}

function clamp01(n: number): number {
  return Math.max(0, Math.min(1, n));
}
