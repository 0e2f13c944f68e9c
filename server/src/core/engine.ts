/**
 * The readiness engine: `audit(workspace)` runs every applicable rule, applies the manifest's
 * overrides, waivers and inline suppressions, folds the findings of checks whose prerequisite fails
 * into the prerequisite's finding, and scores the result. The CLI, the language server and the tests
 * all call it; it never imports `vscode` or the LSP connection.
 *
 * The editor's incremental entry point is `auditFile` (one file's rules on its current text, with
 * waivers, suppressions and the suppression meta findings) and `updateReport` (the last report with
 * one file's results replaced and re-scored), so that the language server never runs rules itself.
 */
import { detectFacts, type Facts } from './facts';
import { roleMap, roleView, rolesOf } from './roles';
import { buildReport } from './scoring';
import { fingerprintFindings } from './fingerprint';
import { findSuppressions, suppressionMatches, type Suppression } from './suppress';
import type { CheckResult, Finding, FileRule, Report, Rule, RuleContext, RuleFinding, RuleOutcome, Severity, Evidence } from './types';
import type { Workspace } from './workspace';
import type { SourceFile } from './source';
import { userGlob } from './patterns';
import { optionsOf } from './rule-options';
import { parseManifest, MANIFEST_NAMES, type LoadedManifest } from '../manifest/load';
import { defaultManifest, type Manifest, type Waiver } from '../manifest/schema';
import { allRules } from '../rules';
// The CI resolver is the one place that says whether the repository has CI (used for the no-CI cap).
import { hasCi } from '../rules/lib/ci-run';
import { customRules } from '../rules/custom';
import { EXAMPLE_RULE_ID } from '../rules/project/example';
import { SERVICE_KINDS } from './vocabulary';
import { knownIds, manifestFindings, metaFindings, suppressionFindings, META_RULE_IDS, type MetaFindings } from '../rules/manifest';

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
  /**
   * Apply the no-CI policy (default true): in a repository without any CI, checks enforced by CI
   * earn at most a quarter of their credit (`NO_CI_CAP`). The rule fixtures turn it off to test each rule's own judgement;
   * the policy has tests of its own.
   */
  noCiPolicy?: boolean;
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

/**
 * Builds the context a rule sees. Its workspace is the view of the trees the rule judges (the
 * product by default, see `core/roles.ts`), so that helper trees never reach product rules.
 */
export function ruleContext(rule: Rule, ws: Workspace, facts: Facts, manifest: Manifest, now: Date): RuleContext {
  const o = manifest.rules[rule.id];
  const { options } = optionsOf(rule, o && typeof o === 'object' ? o.options : undefined);
  return { ws: roleView(ws.unfiltered, rolesOf(rule), manifest), facts, manifest, options, now };
}

/** Runs a file rule on one file and stamps its findings. Errors inside a rule become an empty result. */
export function runFileRule(rule: FileRule, ws: Workspace, path: string, ctx: RuleContext): Finding[] | 'error' {
  // The rule's view decides: a file of a tree the rule does not judge gets no findings from it.
  const file = (ctx.ws ?? ws).read(path);
  if (!file || !rule.kinds.includes(file.kind)) return [];
  if (kindSkip(rule, ctx.facts)) return [];
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

/**
 * The outcome of a file rule from its findings on each readable file of its kinds; `null` marks a file
 * the rule does not examine (`FileRule.examines`), which is neither checked nor counted.
 */
export function fileRuleOutcome(rule: FileRule, perFile: Iterable<[string, RuleFinding[] | null]>): RuleOutcome {
  const findings: RuleFinding[] = [];
  let clean = 0;
  let analysed = 0;
  let readable = 0;
  for (const [p, fs] of perFile) {
    readable++;
    if (fs === null) continue;
    analysed++;
    if (fs.length === 0) clean++;
    findings.push(...fs.map((f) => ({ file: p, ...f })));
  }
  if (readable === 0) return { status: 'not-applicable', findings: [], reason: `no readable ${rule.kinds.join(' or ')} files` };
  const what = rule.examinesWhat ?? 'what this rule judges';
  if (analysed === 0) return { status: 'not-applicable', findings: [], reason: `nothing to examine: no ${what} in any ${rule.kinds.join(' or ')} file` };
  const evidence: Evidence[] = [{ message: `${clean} of ${analysed} file(s) pass${analysed < readable ? ` (${readable - analysed} without ${what} not counted)` : ''}` }];
  if (findings.length === 0) return { status: 'pass', findings, evidence };
  if (clean > 0) return { status: 'partial', score: clean / analysed, findings, evidence };
  return { status: 'fail', findings, evidence };
}

/** Why a rule is not asked of this kind of project, or undefined when it is. */
function kindSkip(rule: Rule, facts: Facts): string | undefined {
  if (!rule.projectKinds || rule.projectKinds.includes(facts.kind)) return undefined;
  const what = { service: 'a service', daemon: 'a daemon', 'web-frontend': 'a web front end', cli: 'a command-line tool', library: 'a library', example: 'an example, tutorial or sample collection', codeless: 'a repository without code' }[facts.kind];
  return `not asked of ${what} (kind ${facts.kind}: ${(facts.evidence.kind ?? []).join('; ') || 'detected'}); only of ${rule.projectKinds.join(' or ')} projects`;
}

/**
 * An example is not exempt from production, it is told once: for a rule not asked of an example but
 * asked of the product the example demonstrates (`Facts.productKind`), the facts of that product, under
 * which the rule is judged; undefined for every other rule and kind (libraries and command-line tools
 * keep their service-only checks not applicable).
 */
export function toldOnceFacts(rule: Rule, facts: Facts): Facts | undefined {
  if (facts.kind !== 'example' || !rule.projectKinds || rule.projectKinds.includes('example')) return undefined;
  const kind = facts.productKind ?? 'service';
  if (!rule.projectKinds.includes(kind)) return undefined;
  return { ...facts, kind, isService: SERVICE_KINDS.includes(kind) };
}

/** Lets the event loop run (a hover, a keystroke in the editor) before the audit goes on. */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Evaluates one rule over the workspace. */
export async function evaluateRule(rule: Rule, ctx: RuleContext): Promise<RuleOutcome> {
  const asProduct = toldOnceFacts(rule, ctx.facts);
  if (asProduct) {
    // Judged as the product would be: what has nothing to examine stays not applicable; the rest
    // counts as failing and earns nothing, with no finding of its own (project/example stands for it).
    const asIf = await evaluateRule(rule, { ...ctx, facts: asProduct });
    if (asIf.status === 'not-applicable') return asIf;
    return {
      status: 'fail',
      findings: [],
      reason: `not asked of an example one by one (${EXAMPLE_RULE_ID} stands for it), so it earns nothing; as a ${asProduct.kind} it would ${asIf.status === 'pass' ? 'pass' : asIf.status === 'partial' ? 'pass in part' : 'fail'}`,
    };
  }
  const skip = kindSkip(rule, ctx.facts);
  if (skip) return { status: 'not-applicable', findings: [], reason: skip };
  const applies = rule.applies?.(ctx.facts, ctx) ?? true;
  if (applies !== true) return { status: 'not-applicable', findings: [], reason: typeof applies === 'string' ? applies : 'does not apply to this project' };
  if (rule.scope === 'workspace') return await rule.check(ctx);
  const paths = rule.kinds.flatMap((k) => ctx.ws.pathsOfKind(k));
  if (paths.length === 0) return { status: 'not-applicable', findings: [], reason: `no ${rule.kinds.join(' or ')} files` };
  const perFile: [string, RuleFinding[] | null][] = [];
  // Let the event loop run between files when a rule has been busy for a while (the first rule over
  // many YAML files parses them all): the editor answers a hover meanwhile.
  let lastYield = Date.now();
  for (const p of paths) {
    if (Date.now() - lastYield > 25) {
      await nextTurn();
      lastYield = Date.now();
    }
    const file = ctx.ws.read(p);
    if (!file) continue;
    perFile.push([p, rule.examines && !rule.examines(file, ctx) ? null : rule.checkFile(file, ctx)]);
  }
  return fileRuleOutcome(rule, perFile);
}

/** The manifest's waivers still in force at `now` (a waiver expires at the end of its `expires` day, UTC). */
export function activeWaivers(manifest: Manifest, now: Date): Waiver[] {
  return manifest.waivers.filter((w) => !w.expires || new Date(`${w.expires}T23:59:59Z`) >= now);
}

/**
 * Marks the findings of one rule that a manifest waiver or an inline suppression covers, and returns
 * the waiver that covers the whole rule, if any. The audit and `auditFile` share this, so that the
 * editor and the CLI waive exactly the same findings.
 */
export function applyWaivers(ruleId: string, findings: Finding[], waivers: Waiver[], manifest: Manifest, suppressionsOf: (path: string) => Suppression[]): Waiver | undefined {
  const { inline, requireReason } = manifest.suppressions;
  const wholeWaiver = waivers.find((w) => w.rule === ruleId && (!w.paths || w.paths.length === 0));
  for (const f of findings) {
    if (wholeWaiver) {
      f.waived = { by: 'manifest', reason: wholeWaiver.reason, ...(wholeWaiver.note ? { note: wholeWaiver.note } : {}) };
      continue;
    }
    // Waiver paths come from the repository: a glob that cannot be matched in bounded time never matches.
    const w = waivers.find((x) => x.rule === ruleId && x.paths?.some((g) => { const c = userGlob(g); return f.file !== null && c.ok && c.value.match(f.file); }));
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

/** Turns a rule's outcome into its check result: stamps the findings, applies waivers, computes the credit. */
function checkResultOf(rule: Rule, outcome: RuleOutcome, waivers: Waiver[], manifest: Manifest, suppressionsOf: (path: string) => Suppression[]): CheckResult {
  const findings = outcome.findings.map((f) => stamp(rule, f));
  const wholeWaiver = applyWaivers(rule.id, findings, waivers, manifest, suppressionsOf);
  const open = findings.filter((f) => !f.waived);
  let status: CheckResult['status'] = outcome.status;
  let credit = outcome.status === 'pass' ? 1 : outcome.status === 'partial' ? clamp01(outcome.score ?? 0.5) : 0;
  if (outcome.status === 'not-applicable') credit = 0;
  else if (wholeWaiver && outcome.status !== 'pass') status = 'waived';
  else if ((outcome.status === 'fail' || outcome.status === 'partial') && findings.length > 0 && open.length === 0) status = 'waived';
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: rule.severity,
    level: rule.level,
    title: rule.title,
    status,
    credit: status === 'waived' ? 1 : credit,
    ...(rule.guard ? { guard: true } : {}),
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    evidence: outcome.evidence ?? [],
    findings,
  };
}

/**
 * One root cause, one finding: a failing check whose prerequisite (`RuleMeta.requires`) fails outright
 * keeps its status and earns nothing, but its open findings are left out and the prerequisite's first
 * open finding lists it in `folded`. Waived findings stay where they are (waivers are never hidden).
 */
export function foldPrerequisites(checks: CheckResult[], rules: readonly Rule[], facts?: Facts): void {
  if (facts) foldToldOnce(checks, rules, facts);
  const byId = new Map(checks.map((c) => [c.ruleId, c]));
  const requires = new Map(rules.filter((r) => r.requires?.length).map((r) => [r.id, r.requires!]));
  for (const c of checks) {
    if (c.status !== 'fail' && c.status !== 'partial') continue;
    if (c.blockedBy) continue;
    const pre = (requires.get(c.ruleId) ?? []).map((id) => byId.get(id)).find((p) => p && p.status === 'fail' && !p.blockedBy && p.findings.some((f) => !f.waived));
    if (!pre) continue;
    const host = pre.findings.find((f) => !f.waived)!;
    host.folded = [...(host.folded ?? []), c.ruleId];
    c.blockedBy = pre.ruleId;
    c.findings = c.findings.filter((f) => f.waived);
    c.reason = `fails until ${pre.title.charAt(0).toLowerCase()}${pre.title.slice(1)} (${pre.ruleId}); its finding stands for this one`;
  }
}

/**
 * An example is told once: each failing check not asked of an example one by one (`toldOnceFacts`) is
 * marked `blockedBy: 'project/example'`, and that check's open finding, when there is one, lists them
 * all in `folded` (as the no-CI finding lists the checks that need CI). Idempotent.
 */
export function foldToldOnce(checks: CheckResult[], rules: readonly Rule[], facts: Facts): void {
  if (facts.kind !== 'example') return;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const ids: string[] = [];
  for (const c of checks) {
    const rule = byId.get(c.ruleId);
    if (!rule || c.status !== 'fail' || !toldOnceFacts(rule, facts)) continue;
    c.blockedBy = EXAMPLE_RULE_ID;
    ids.push(c.ruleId);
  }
  const host = checks.find((c) => c.ruleId === EXAMPLE_RULE_ID)?.findings.find((f) => !f.waived);
  if (host) host.folded = ids;
}

const catalogs = new WeakMap<readonly Rule[], readonly Rule[]>();

/**
 * Every rule an audit knows, whether it runs or not: the catalogue and the audit's own rules (the
 * same list for every audit of the same rules, so that what is built from it is built once).
 */
function catalogOf(own: readonly Rule[] | undefined): readonly Rule[] {
  if (!own || own === allRules) return allRules;
  let all = catalogs.get(own);
  if (!all) {
    const known = new Set(allRules.map((r) => r.id));
    all = [...allRules, ...own.filter((r) => !known.has(r.id))];
    catalogs.set(own, all);
  }
  return all;
}

/** What a full audit returns to callers that keep the parts apart (the language server). */
export interface AuditResult {
  report: Report;
  /** The meta findings (also in `report.findings`), typed by where they come from. */
  meta: MetaFindings;
}

/** Runs an audit of a workspace. Never throws for bad input; problems become findings and notes. */
export async function audit(input: AuditInput): Promise<Report> {
  return (await auditWorkspace(input)).report;
}

/** Runs an audit and returns the report with its meta findings kept apart. */
export async function auditWorkspace(input: AuditInput): Promise<AuditResult> {
  const started = Date.now();
  const ws = input.ws;
  const now = input.now ?? new Date();
  const loaded = input.loaded ?? loadManifest(ws);
  const manifest = loaded.manifest;
  const facts = input.facts ?? detectFacts(ws, manifest);
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
  let post: Pick<RuleContext, 'results' | 'measured' | 'catalog'> | undefined;
  let lastYield = Date.now();
  // Workflows are parsed one per turn of the event loop before the rules run: the first CI rule would
  // otherwise parse them all in one step (an alias-heavy workflow takes a third of a second), and the
  // editor could not answer a hover meanwhile. The rules need these parses anyway.
  // Each parse starts on a fresh turn, so that it never adds to the work done before it (loading the
  // folder, the facts).
  if (ordered.some((r) => r.category === 'ci-cd')) {
    for (const p of ws.pathsOfKind('workflow')) {
      await nextTurn();
      void ws.read(p)?.yamlDocs;
    }
    lastYield = Date.now();
  }
  for (const rule of ordered) {
    if (META_RULE_IDS.has(rule.id)) continue;
    if (rule.phase === 'post' && !post) {
      foldPrerequisites(checks, rules, facts);
      const pre = buildReport({ ws, manifest, facts, checks, meta: [], started, roles: roleMap(ws, manifest) });
      post = { results: new Map(checks.map((c) => [c.ruleId, c])), measured: { score: pre.score, level: pre.level, categories: pre.categories }, catalog: catalogOf(input.rules) };
    }
    const ctx = { ...ruleContext(rule, ws, facts, manifest, now), ...(rule.phase === 'post' ? post : {}) };
    let outcome: RuleOutcome;
    try {
      outcome = await evaluateRule(rule, ctx);
    } catch (e) {
      ws.notes.push({ kind: 'info', path: null, message: `rule ${rule.id} failed: ${(e as Error).message}; its result is left out` });
      outcome = { status: 'not-applicable', findings: [], reason: 'internal error' };
    }
    if (rule.enforcedByCi && input.noCiPolicy !== false && !hasCi(ws)) outcome = declaredOnly(rule, outcome);
    checks.push(checkResultOf(rule, outcome, waivers, manifest, suppressionsOf));
    input.onProgress?.(++done, rules.length, rule.id);
    // Let the event loop run between rules (a hover, a keystroke in the editor) during long audits.
    if (Date.now() - lastYield > 25) {
      await nextTurn();
      lastYield = Date.now();
    }
  }
  // Without post rules the prerequisites (and an example's checks) are folded now; with them, the
  // prerequisites were folded before they ran, and the post rule project/example names the checks it
  // stands for only now.
  if (!post) foldPrerequisites(checks, rules, facts);
  else foldToldOnce(checks, rules, facts);

  noteYamlProblems(ws);
  const meta = metaFindings({ ws, loaded, now, rules: effectiveRules(manifest, input.rules ?? allRules), suppressionsOf, knownRuleIds: new Set((input.rules ?? allRules).map((r) => r.id)) });
  const report = buildReport({ ws, manifest, facts, checks, meta: flattenMeta(meta), started, roles: roleMap(ws, manifest) });
  fingerprintFindings(report.findings, (file) => ws.read(file)?.lines);
  report.generatedAt = now.toISOString();
  return { report, meta };
}

/** The meta findings as one list, in the order reports show them. */
export function flattenMeta(meta: MetaFindings): Finding[] {
  return [...meta.manifest, ...[...meta.suppressions.values()].flat()];
}

/** Inputs of `auditFile`. */
export interface FileAuditInput {
  ws: Workspace;
  /** Workspace-relative path of the file (its current text is `ws.read(path)`, open buffers first). */
  path: string;
  manifest: Manifest;
  facts: Facts;
  /** The effective rules (`effectiveRules(manifest)`); only the file rules for the file's kind run. */
  rules: readonly Rule[];
  now: Date;
  /** Every rule id a suppression may name (default: the catalogue and `rules`). */
  knownRuleIds?: Iterable<string>;
}

/** The results of one file: what the editor shows on it and what `updateReport` merges. */
export interface FileAudit {
  path: string;
  /** False when the file cannot be read (deleted, binary, too large): nothing else is set. */
  readable: boolean;
  /** Findings of the file rules on this file, waivers and inline suppressions applied (waived ones marked). */
  findings: Finding[];
  /** Findings about the file's own inline suppressions (no reason, forbidden, unknown rule id). */
  suppressionFindings: Finding[];
  /** Ids of the file rules that ran on the file (they apply to the project and to this kind of file). */
  evaluated: string[];
  /** Ids of the rules that threw on the file (left out and noted; their last results are kept). */
  errored: string[];
  /** Ids of the evaluated rules that do not examine this file (`FileRule.examines`): it is not counted for them. */
  notExamined: string[];
}

/**
 * The incremental entry point: runs the file rules that apply to one file on its current text, with
 * the manifest's waivers and the file's inline suppressions, exactly as `audit` would for that file.
 * A rule that throws is left out and noted, as in a full audit.
 */
export function auditFile(input: FileAuditInput): FileAudit {
  const { ws, path, manifest, facts, now } = input;
  const file = ws.read(path);
  if (!file) return { path, readable: false, findings: [], suppressionFindings: [], evaluated: [], errored: [], notExamined: [] };
  const waivers = activeWaivers(manifest, now);
  const sups = findSuppressions(file);
  const findings: Finding[] = [];
  const evaluated: string[] = [];
  const errored: string[] = [];
  const notExamined: string[] = [];
  for (const rule of input.rules) {
    if (rule.scope !== 'file' || !rule.kinds.includes(file.kind) || META_RULE_IDS.has(rule.id)) continue;
    const ctx = ruleContext(rule, ws, facts, manifest, now);
    // As in a full audit: a rule not asked of this kind of project, or whose trees do not hold this file, does not run on it.
    if (kindSkip(rule, facts) || !ctx.ws.exists(path)) continue;
    let applies: boolean | string = true;
    try {
      applies = rule.applies?.(facts, ctx) ?? true;
    } catch {
      applies = false;
    }
    if (applies !== true) continue;
    evaluated.push(rule.id);
    if (rule.examines && !safeExamines(rule, file, ctx)) {
      notExamined.push(rule.id);
      continue;
    }
    const found = runFileRule(rule, ws, path, ctx);
    if (found === 'error') {
      errored.push(rule.id);
      continue;
    }
    applyWaivers(rule.id, found, waivers, manifest, () => sups);
    findings.push(...found);
  }
  const known = knownIds(input.knownRuleIds ?? allRules.map((r) => r.id), input.rules);
  return { path, readable: true, findings, suppressionFindings: suppressionFindings(path, file, sups, manifest, known), evaluated, errored, notExamined };
}

/** Whether a file rule examines a file; a rule whose `examines` throws does not. */
function safeExamines(rule: FileRule, file: SourceFile, ctx: RuleContext): boolean {
  try {
    return rule.examines ? rule.examines(file, ctx) : true;
  } catch {
    return false;
  }
}

/**
 * The manifest's own findings (schema errors, unknown rule ids, expired waivers), for the editor to
 * show while the manifest is typed, before the full audit that applies it.
 */
export function auditManifest(loaded: LoadedManifest, rules: readonly Rule[], now: Date, knownRuleIds: Iterable<string> = allRules.map((r) => r.id)): Finding[] {
  return manifestFindings(loaded, now, knownIds(knownRuleIds, rules), rules);
}

/** Inputs of `updateReport`: the workspace and settings the report was made with. */
export interface UpdateInput {
  ws: Workspace;
  manifest: Manifest;
  facts: Facts;
  rules: readonly Rule[];
  now: Date;
  /** The meta findings of the report, with the updated file's suppression findings already replaced. */
  meta: MetaFindings;
}

/**
 * The last report with one file's results replaced: each file rule that ran on the file gets its
 * findings there swapped and its status recomputed over the files it analyses, then prerequisites are
 * folded again and everything is re-scored. Workspace rules keep their last results until the next
 * full audit. This is how the editor's tree and score follow typing without a full audit.
 */
export function updateReport(prev: Report, fa: FileAudit, input: UpdateInput): Report {
  const started = Date.now();
  const byId = new Map(input.rules.map((r) => [r.id, r]));
  const waivers = activeWaivers(input.manifest, input.now);
  const fresh = new Map<string, Finding[]>();
  for (const f of fa.findings) fresh.set(f.ruleId, [...(fresh.get(f.ruleId) ?? []), f]);
  const sups = new Map<string, Suppression[]>();
  const suppressionsOf = (p: string) => {
    let s = sups.get(p);
    if (!s) {
      const f = input.ws.read(p);
      s = f ? findSuppressions(f) : [];
      sups.set(p, s);
    }
    return s;
  };
  const kind = input.ws.kindOf(fa.path);
  const checks = prev.checks.map((c): CheckResult => {
    const rule = byId.get(c.ruleId);
    // Folding is recomputed below, so the last report's is taken off first.
    const base: CheckResult = { ...c, findings: c.findings.map(({ folded: _folded, ...f }) => f) };
    delete base.blockedBy;
    if (!rule || rule.scope !== 'file' || !kind || !rule.kinds.includes(kind) || fa.errored.includes(rule.id)) return base;
    if (!fa.evaluated.includes(rule.id)) return base;
    // Every file the rule analyses, with the stored findings of the others and the fresh ones of this file.
    const stored = new Map<string, RuleFinding[]>();
    for (const f of c.findings) {
      if (!f.file || f.file === fa.path) continue;
      stored.set(f.file, [...(stored.get(f.file) ?? []), unstamp(f)]);
    }
    const ctx = ruleContext(rule, input.ws, input.facts, input.manifest, input.now);
    const perFile: [string, RuleFinding[] | null][] = [];
    for (const p of rule.kinds.flatMap((k) => ctx.ws.pathsOfKind(k))) {
      if (p === fa.path) {
        perFile.push([p, fa.notExamined.includes(rule.id) ? null : (fresh.get(rule.id) ?? []).map(unstamp)]);
        continue;
      }
      const file = ctx.ws.read(p);
      if (!file) continue;
      perFile.push([p, rule.examines && !safeExamines(rule, file, ctx) ? null : stored.get(p) ?? []]);
    }
    return checkResultOf(rule, fileRuleOutcome(rule, perFile), waivers, input.manifest, suppressionsOf);
  });
  foldPrerequisites(checks, input.rules, input.facts);
  const report = { ...buildReport({ ws: input.ws, manifest: input.manifest, facts: input.facts, checks, meta: flattenMeta(input.meta), started, roles: roleMap(input.ws, input.manifest) }), stats: prev.stats };
  fingerprintFindings(report.findings, (file) => input.ws.read(file)?.lines);
  report.generatedAt = input.now.toISOString();
  return report;
}

/** A stamped finding back in the shape a rule returns, for re-stamping. */
function unstamp(f: Finding): RuleFinding {
  return {
    message: f.message,
    file: f.file,
    ...(f.range ? { range: f.range } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
    ...(f.data ? { data: f.data } : {}),
    severity: f.severity,
  };
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

/**
 * The most an enforced-by-CI check earns in a repository without any CI. Where a CI exists but does
 * not run a configured tool, the rule itself gives half (one step away); with no CI at all nothing
 * verifies any of it, and such a repository must not rank with ones that verify every change
 * (principle 7), so a quarter.
 */
export const NO_CI_CAP = 0.25;

/**
 * The outcome of an enforced-by-CI check in a repository without any CI: configured, but nothing
 * runs it on each change, so it earns at most `NO_CI_CAP` and says so.
 */
function declaredOnly(rule: Rule, outcome: RuleOutcome): RuleOutcome {
  if (outcome.status !== 'pass' && !(outcome.status === 'partial' && (outcome.score ?? 0.5) > NO_CI_CAP)) return outcome;
  const message = `${rule.title.replace(/\.$/, '')}: configured, but this repository has no CI, so nothing runs it on each change; add a CI workflow that runs it`;
  // A rule that already said what is configured and that no CI job runs it (`data.notRunInCi`) keeps its own words.
  const explained = outcome.findings.some((f) => f.data?.notRunInCi === true);
  return { ...outcome, status: 'partial', score: Math.min(outcome.score ?? 1, NO_CI_CAP), findings: explained ? outcome.findings : [...outcome.findings, { message, file: null }] };
}

