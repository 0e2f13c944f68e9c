/**
 * The engine's half of the CLI: what each command does once `main.ts` (which defines the commands and
 * their options) has parsed the command line. `main.ts` loads this module on the first command that
 * runs, so `--version`, `--help` and usage errors load none of the engine; the CLI's build keeps it in
 * a file of its own, `dist/cli-engine.js` (see `esbuild.mjs`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit, loadManifest } from '../core/engine';
import { detectFacts } from '../core/facts';
import { evaluateGates } from '../core/gates';
import { applyFixes, writeFixes } from '../core/fixes';
import { SafeWriter, WriteError } from '../core/fsafe';
import type { Level } from '../core/types';
import type { Workspace } from '../core/workspace';
import { MANIFEST_NAMES } from '../manifest/load';
import { manifestJsonSchema } from '../manifest/schema';
import { starterManifest } from '../manifest/starter';
import { renderReport, type Format } from '../report';
import type { DiffFormat } from '../report/formats';
import { escapeControl } from '../report/safe-text';
import { allRules } from '../rules';
import { customRules } from '../rules/custom';
import { rulesMarkdown } from './rules-doc';
import { applyBaselineFile, baselineCommand as baselinePipeline, baselineSummary, diffCommand as diffPipeline, orgCommand as orgPipeline, type PipelineDeps } from './pipelines';
import { openRepository, UsageError } from './workspace';
import { defaultOptionsOf } from '../core/rule-options';
import { DEFAULT_MANIFEST_NAME } from '../core/manifest-names';

/** Where the CLI writes: standard output and error, and whether each is a terminal. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  errTTY: boolean;
}

/** The options of `readiness audit`. */
export interface AuditOptions {
  format: Format;
  output?: string;
  minScore?: number;
  failOn: 'error' | 'warning' | 'none';
  level?: Level;
  only?: string;
  ignore?: string[];
  baseline?: string;
  verbose?: boolean;
  color: boolean;
  progress: boolean;
}

/**
 * The message of an error the CLI reports as bad usage or unreadable input (exit code 2, message
 * printed with its control characters escaped), or undefined for an internal error.
 */
export function usageMessage(e: unknown): string | undefined {
  return e instanceof UsageError || e instanceof WriteError ? e.message : undefined;
}

/** The rule ids `--only` accepts: the catalogue and the manifest's own custom checks. */
function knownRuleIds(ws: Workspace): Set<string> {
  return new Set([...allRules.map((r) => r.id), ...customRules(loadManifest(ws).manifest).map((r) => r.id)]);
}

/** Parses `--only`, refusing ids that are neither in the catalogue nor custom checks of the manifest. */
function parseOnly(value: string | undefined, ws: Workspace): string[] | undefined {
  if (value === undefined) return undefined;
  const only = value.split(',').map((x) => x.trim()).filter(Boolean);
  if (only.length === 0) throw new UsageError('--only needs at least one rule id (see `readiness rules`)');
  const known = knownRuleIds(ws);
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length) throw new UsageError(`unknown rule id(s): ${unknown.join(', ')} (see \`readiness rules\`; custom checks are custom/<id>)`);
  return only;
}

/** Writes a report or schema file the user named on the command line (atomically, never through a link). */
function writeOutput(file: string, text: string): void {
  const abs = path.resolve(file);
  const writer = new SafeWriter(path.dirname(ensureDir(abs)));
  const name = path.basename(abs);
  if (writer.kindOf(name) === 'missing') writer.create(name, text);
  else writer.replace(name, text);
}

function ensureDir(abs: string): string {
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  return abs;
}

/**
 * Opens a repository folder for an audit, honouring its manifest's ignore globs and size limit; the
 * manifest is read through the safe reader (see `./workspace`).
 */
export function openWorkspace(target: string, extraIgnore: string[] = []): Workspace {
  return openRepository(target, extraIgnore).ws;
}

/** `readiness audit [path]`. */
export async function auditCommand(io: CliIo, target: string, o: AuditOptions): Promise<void> {
  const ws = openWorkspace(target, o.ignore ?? []);
  const only = parseOnly(o.only, ws);
  const showProgress = o.progress && io.errTTY;
  const report = await audit({
    ws,
    ...(only ? { only } : {}),
    ...(showProgress ? { onProgress: (done: number, total: number, id: string) => io.err(`\r\x1b[2K[${done}/${total}] ${escapeControl(id)}`) } : {}),
  });
  if (showProgress) io.err('\r\x1b[2K');
  if (o.baseline) io.err(`readiness: ${baselineSummary(o.baseline, applyBaselineFile(report, o.baseline, { usageError: (m) => new UsageError(m) }))}\n`);
  const useColor = o.color && !o.output && io.isTTY && o.format === 'text' && !process.env.NO_COLOR;
  const text = renderReport(report, o.format, { color: useColor, verbose: o.verbose });
  if (o.output) {
    try {
      writeOutput(o.output, text);
    } catch (e) {
      throw new UsageError(e instanceof WriteError ? e.message : `cannot write ${o.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    io.err(`readiness: wrote ${o.format} report to ${o.output} (score ${report.score}/100, level ${report.level})\n`);
  } else io.out(text);
  const failures = evaluateGates(report, { ...(o.minScore !== undefined ? { minScore: o.minScore } : {}), failOn: o.failOn, ...(o.level ? { level: o.level } : {}) });
  for (const f of failures) io.err(`readiness: gate failed: ${escapeControl(f)}\n`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

/** `readiness fix [path]`. */
export async function fixCommand(io: CliIo, target: string, o: { only?: string; dryRun?: boolean }): Promise<void> {
  const ws = openWorkspace(target);
  const only = parseOnly(o.only, ws);
  const report = await audit({ ws, ...(only ? { only } : {}) });
  const fixes = report.findings.filter((f) => f.fix && !f.waived && (!only || only.includes(f.ruleId))).map((f) => f.fix!);
  const root = path.resolve(target);
  const writer = new SafeWriter(root);
  // Fixes apply to the exact text the audit measured; a path the walk did not list but that is on
  // disk (git-ignored, in the manifest's ignore, a link) counts as existing, so it is never created.
  const applied = applyFixes(fixes, (rel) => ws.read(rel)?.text, (rel) => ws.exists(rel) || writer.kindOf(rel) !== 'missing');
  const result = writeFixes(applied, ws, writer, { dryRun: Boolean(o.dryRun) });
  for (const line of result.done) io.out(`${escapeControl(line)}\n`);
  for (const s of new Set(applied.skipped)) io.err(`readiness: skipped: ${escapeControl(s)}\n`);
  for (const f of result.failed) io.err(`readiness: ${escapeControl(f)}\n`);
  io.out(`${result.written} file(s) ${o.dryRun ? 'would change' : 'changed'} by ${fixes.length} fix(es)${result.failed.length ? `; ${result.failed.length} could not be written` : ''}; run \`readiness audit\` to see the new score\n`);
  if (result.failed.length > 0) process.exitCode = 2;
}

/** `readiness rules`. */
export function rulesCommand(io: CliIo, o: { json?: boolean; markdown?: boolean }): void {
  if (o.json) {
    const rules = allRules.map((r) => ({
      id: r.id,
      category: r.category,
      severity: r.severity,
      level: r.level,
      title: r.title,
      rationale: r.rationale,
      docs: r.docs,
      related: r.related ?? [],
      fixable: Boolean(r.fixable),
      scope: r.scope,
      ...(r.scope === 'file' ? { kinds: r.kinds } : {}),
      ...(r.optionsSchema ? { options: defaultOptionsOf(r) } : {}),
    }));
    io.out(JSON.stringify(rules, null, 2) + '\n');
  } else if (o.markdown) {
    io.out(rulesMarkdown(allRules));
  } else {
    const w = Math.max(...allRules.map((r) => r.id.length));
    for (const r of allRules) io.out(`${r.id.padEnd(w)}  ${r.severity.padEnd(8)} ${r.level.padEnd(10)} ${r.title}\n`);
    const cats = new Set(allRules.map((r) => r.category));
    io.out(`\n${allRules.length} rules in ${cats.size} categories\n`);
  }
}

/** `readiness init [path]`. */
export function initCommand(io: CliIo, target: string): void {
  const ws = openWorkspace(target);
  const writer = new SafeWriter(path.resolve(target));
  // The disk decides, not the walk: a git-ignored manifest or a dangling link is there too.
  for (const n of MANIFEST_NAMES) {
    const kind = writer.kindOf(n);
    if (kind === 'missing') continue;
    const what = kind === 'link' ? ' (a symbolic link)' : ws.exists(n) ? '' : ' (not analysed: git-ignored or in the manifest ignore list)';
    throw new UsageError(`${path.join(target, n)} already exists${what}; it is never overwritten`);
  }
  const facts = detectFacts(ws);
  const file = path.join(path.resolve(target), DEFAULT_MANIFEST_NAME);
  try {
    writer.create(DEFAULT_MANIFEST_NAME, starterManifest(path.basename(path.resolve(target)), facts));
  } catch (e) {
    throw new UsageError(e instanceof WriteError ? e.message : String(e));
  }
  io.out(`wrote ${escapeControl(file)}\n`);
}

/** `readiness schema`. */
export function schemaCommand(io: CliIo, o: { write?: boolean }): void {
  const text = JSON.stringify(manifestJsonSchema(allRules), null, 2) + '\n';
  if (o.write) {
    writeOutput(path.join('schemas', 'readiness.schema.json'), text);
    io.out('wrote schemas/readiness.schema.json\n');
  } else io.out(text);
}

/** `readiness roadmap [path]`. */
export async function roadmapCommand(target: string, o: { output?: string; stdout?: boolean; check?: boolean }): Promise<void> {
  openWorkspace(target);
  const { roadmapCommand: run } = await import('./roadmap');
  process.exitCode = await run(target, o);
}

function pipelineDeps(io: CliIo): PipelineDeps {
  return { io, openWorkspace, usageError: (m) => new UsageError(m) };
}

/** `readiness baseline [path]`. */
export function baselineCommand(io: CliIo, target: string, o: { output?: string; ignore?: string[] }): Promise<void> {
  return baselinePipeline(pipelineDeps(io), target, o);
}

/** `readiness diff before.json after.json`. */
export function diffCommand(io: CliIo, before: string, after: string, o: { format: DiffFormat; output?: string }): void {
  diffPipeline(pipelineDeps(io), before, after, o);
}

/** `readiness org REPORTS_DIR`. */
export function orgCommand(io: CliIo, dir: string, o: { output: string; title?: string; top?: number }): void {
  orgPipeline(pipelineDeps(io), dir, o);
}
