/**
 * The headless `readiness` command: the same engine as the editor, for people and CI jobs.
 *
 *   readiness audit [path] [--format text|json|sarif|markdown|codeclimate|junit] [--output FILE]
 *                          [--min-score N] [--fail-on error|warning|none] [--level L] [--baseline FILE]
 *   readiness baseline [path] [-o readiness-baseline.json]
 *   readiness diff before.json after.json [--format text|markdown|json]
 *   readiness org REPORTS_DIR [-o folder]
 *   readiness rules [--json|--markdown]
 *   readiness fix [path] [--only ids] [--dry-run]
 *   readiness init [path]
 *   readiness roadmap [path] [--output FILE] [--stdout]
 *   readiness schema [--write]
 *
 * Exit codes: 0 when the gates pass, 1 when they fail, 2 on bad usage or unreadable input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { audit, loadManifest } from '../core/engine';
import { detectFacts } from '../core/facts';
import { evaluateGates } from '../core/gates';
import { applyFixes, writeFixes } from '../core/fixes';
import { SafeWriter, WriteError } from '../core/fsafe';
import { LEVELS, type Level } from '../core/types';
import type { Workspace } from '../core/workspace';
import { MANIFEST_NAMES } from '../manifest/load';
import { manifestJsonSchema } from '../manifest/schema';
import { starterManifest } from '../manifest/starter';
import { FORMATS, renderReport, type Format } from '../report';
import { escapeControl } from '../report/safe-text';
import { allRules } from '../rules';
import { customRules } from '../rules/custom';
import { rulesMarkdown } from './rules-doc';
import { applyBaselineFile, baselineSummary, registerPipelineCommands } from './pipelines';
import { openRepository, UsageError } from './workspace';
import { TOOL_VERSION } from '../version';
import { defaultOptionsOf } from '../core/rule-options';
import { DEFAULT_MANIFEST_NAME } from '../core/manifest-names';

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

function parseNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a number from 0 to 100');
  return n;
}

/** Builds the command-line program; `io` lets tests capture the output. */
export function program(io: { out: (s: string) => void; err: (s: string) => void; isTTY: boolean; errTTY: boolean }): Command {
  const prog = new Command('readiness')
    .description('Measures how far a repository is from production, and what to do next.')
    .version(TOOL_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  prog
    .command('audit')
    .description('audit a repository and print its readiness report')
    .argument('[path]', 'the repository root', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS as unknown as string[]).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--min-score <n>', 'fail when the overall score is below N (0-100)', parseNumber)
    .addOption(new Option('--fail-on <severity>', 'fail on findings of this severity or worse').choices(['error', 'warning', 'none']).default('error'))
    .addOption(new Option('--level <level>', 'fail when this maturity level is not reached').choices(LEVELS as unknown as string[]))
    .option('--only <ids>', 'run only these comma-separated rule ids')
    .option('--ignore <glob...>', 'extra globs of paths to leave out')
    .option('--baseline <file>', 'fail only on findings not in this baseline (`readiness baseline` writes it)')
    .option('--verbose', 'show every finding in the text report')
    .option('--no-color', 'never use colours')
    .option('--no-progress', 'do not show progress on a terminal')
    .action(async (target: string, o: { format: Format; output?: string; minScore?: number; failOn: 'error' | 'warning' | 'none'; level?: Level; only?: string; ignore?: string[]; baseline?: string; verbose?: boolean; color: boolean; progress: boolean }) => {
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
    });

  prog
    .command('fix')
    .description('apply the mechanical fixes of the open findings (creates missing files, never overwrites one)')
    .argument('[path]', 'the repository root', '.')
    .option('--only <ids>', 'fix only findings of these comma-separated rule ids')
    .option('--dry-run', 'list what would change without writing anything')
    .action(async (target: string, o: { only?: string; dryRun?: boolean }) => {
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
    });

  prog
    .command('rules')
    .description('list every rule with its metadata')
    .option('--json', 'print JSON')
    .option('--markdown', 'print the Markdown catalogue (docs/rules.md)')
    .action((o: { json?: boolean; markdown?: boolean }) => {
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
    });

  prog
    .command('init')
    .description('write a starter readiness.yaml for the repository (never overwrites)')
    .argument('[path]', 'the repository root', '.')
    .action((target: string) => {
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
    });

  prog
    .command('schema')
    .description('print the JSON schema of readiness.yaml')
    .option('--write', 'write schemas/readiness.schema.json')
    .action((o: { write?: boolean }) => {
      const text = JSON.stringify(manifestJsonSchema(allRules), null, 2) + '\n';
      if (o.write) {
        writeOutput(path.join('schemas', 'readiness.schema.json'), text);
        io.out('wrote schemas/readiness.schema.json\n');
      } else io.out(text);
    });

  prog
    .command('roadmap')
    .description('write a Markdown roadmap from the measured state (updates one it wrote before)')
    .argument('[path]', 'the repository root', '.')
    .option('-o, --output <file>', 'where to write it (default docs/ROADMAP.md)')
    .option('--stdout', 'print it instead of writing a file')
    .option('--check', 'exit 1 when the roadmap on disk is not up to date, without writing it')
    .action(async (target: string, o: { output?: string; stdout?: boolean; check?: boolean }) => {
      openWorkspace(target);
      const { roadmapCommand } = await import('./roadmap');
      process.exitCode = await roadmapCommand(target, o);
    });

  registerPipelineCommands(prog, { io, openWorkspace, usageError: (m) => new UsageError(m) });

  return prog;
}

/** Runs the CLI with process arguments. */
export async function main(argv: string[]): Promise<number> {
  const io = {
    out: (s: string) => void process.stdout.write(s),
    err: (s: string) => void process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
    errTTY: Boolean(process.stderr.isTTY),
  };
  try {
    await program(io).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError || e instanceof WriteError) {
      io.err(`readiness: ${escapeControl(e.message)}\n`);
      return 2;
    }
    io.err(`readiness: internal error: ${escapeControl(String((e as Error).stack ?? e)).replace(/\\n/g, '\n')}\n`);
    return 2;
  }
}
