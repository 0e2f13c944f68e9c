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
 *
 * This module defines the commands and their options and loads nothing of the engine: each command's
 * work is in `commands.ts`, loaded when a command runs, so that `--version`, `--help` and usage errors
 * cost little more than starting Node (the CLI's build keeps the engine's half in a file of its own;
 * see `esbuild.mjs` and the start-up test in `test/cli.test.ts`).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LEVELS } from '../core/types';
import { BASELINE_FILE, DIFF_FORMATS, FORMATS } from '../report/formats';
import { escapeControl } from '../report/safe-text';
import { TOOL_VERSION } from '../version';
import type { AuditOptions, CliIo } from './commands';

type Commands = typeof import('./commands');

let loaded: Commands | undefined;

/**
 * The engine's half of the CLI (`commands.ts`), loaded by the first command that runs. It is a
 * `require`, not an `import()`: in the bundle the part is a file of its own, and Node's ES module
 * loader would scan all of it for its exports before running it.
 */
function commands(): Commands {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./commands') as Commands;
  return loaded;
}

function parseNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a number from 0 to 100');
  return n;
}

/** Builds the command-line program; `io` lets tests capture the output. */
export function program(io: CliIo): Command {
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
    .action((target: string, o: AuditOptions) => commands().auditCommand(io, target, o));

  prog
    .command('fix')
    .description('apply the mechanical fixes of the open findings (creates missing files, never overwrites one)')
    .argument('[path]', 'the repository root', '.')
    .option('--only <ids>', 'fix only findings of these comma-separated rule ids')
    .option('--dry-run', 'list what would change without writing anything')
    .action((target: string, o: { only?: string; dryRun?: boolean }) => commands().fixCommand(io, target, o));

  prog
    .command('rules')
    .description('list every rule with its metadata')
    .option('--json', 'print JSON')
    .option('--markdown', 'print the Markdown catalogue (docs/rules.md)')
    .action((o: { json?: boolean; markdown?: boolean }) => commands().rulesCommand(io, o));

  prog
    .command('init')
    .description('write a starter readiness.yaml for the repository (never overwrites)')
    .argument('[path]', 'the repository root', '.')
    .action((target: string) => commands().initCommand(io, target));

  prog
    .command('schema')
    .description('print the JSON schema of readiness.yaml')
    .option('--write', 'write schemas/readiness.schema.json')
    .action((o: { write?: boolean }) => commands().schemaCommand(io, o));

  prog
    .command('roadmap')
    .description('write a Markdown roadmap from the measured state (updates one it wrote before)')
    .argument('[path]', 'the repository root', '.')
    .option('-o, --output <file>', 'where to write it (default docs/ROADMAP.md)')
    .option('--stdout', 'print it instead of writing a file')
    .option('--check', 'exit 1 when the roadmap on disk is not up to date, without writing it')
    .action((target: string, o: { output?: string; stdout?: boolean; check?: boolean }) => commands().roadmapCommand(target, o));

  prog
    .command('baseline')
    .description('record the open findings of today, so that `audit --baseline` fails only on new ones')
    .argument('[path]', 'the repository root', '.')
    .option('-o, --output <file>', `where to write it (default <path>/${BASELINE_FILE})`)
    .option('--ignore <glob...>', 'extra globs of paths to leave out')
    .action((target: string, o: { output?: string; ignore?: string[] }) => commands().baselineCommand(io, target, o));

  prog
    .command('diff')
    .description('compare two audits (JSON reports or baselines): score, categories, new and fixed findings')
    .argument('<before>', 'the earlier JSON report (`audit --format json`) or baseline')
    .argument('<after>', 'the later JSON report or baseline')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS as unknown as string[]).default('text'))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((before: string, after: string, o: { format: (typeof DIFF_FORMATS)[number]; output?: string }) => commands().diffCommand(io, before, after, o));

  prog
    .command('org')
    .description("the organisation's scorecard from one JSON report per repository: an HTML page and a Markdown summary")
    .argument('<reports>', 'folder of JSON reports: <repository>.json or <repository>/<any>.json')
    .option('-o, --output <folder>', 'where to write index.html and summary.md', 'readiness-org')
    .option('--title <title>', 'the title of the page')
    .option('--top <n>', 'how many failing rules to list', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('expected a whole number from 1 to 500');
      return n;
    })
    .action((dir: string, o: { output: string; title?: string; top?: number }) => commands().orgCommand(io, dir, o));

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
    // Bad usage and unreadable input are errors of the engine's half, which is loaded when they happen.
    const usage = loaded?.usageMessage(e);
    if (usage !== undefined) {
      io.err(`readiness: ${escapeControl(usage)}\n`);
      return 2;
    }
    io.err(`readiness: internal error: ${escapeControl(String((e as Error).stack ?? e)).replace(/\\n/g, '\n')}\n`);
    return 2;
  }
}
