/**
 * A view of a Dockerfile as build stages, built on dockerfile-ast, and of its RUN instructions as
 * shell commands (tokenized by `shell.ts`), shared by the Dockerfile rules. Views are cached per file.
 *
 * This module is the only reader of the syntax tree (`SourceFile.docker`) and the only importer of
 * dockerfile-ast under `rules/` (`test/layers.test.ts` checks both): rules take the instruction types
 * from here and ask for instructions and stages through `allInstructions`, `instructionsOf`,
 * `stagesOf`, `globalArgs`..., so that the parser behind them can change without touching a rule.
 */
import type { From, Instruction, Property } from 'dockerfile-ast';

/** An instruction, a FROM and an ENV/ARG property of the Dockerfile view (dockerfile-ast's today). */
export type { From, Instruction, Property };
import type { SourceFile } from '../../core/source';
import { jsonValue } from '../../core/formats/json';
import type { Range } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { commandArgs, commandName, tokenize, type ShellCommand, type ShellWord } from './shell';
import { buildsOf, NOT_FOR_PRODUCTION, whereOf } from './builds';

export { commandArgs, commandName, commandStart, subcommand, type ShellCommand, type ShellWord } from './shell';

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  from: From;
  /** The stage name given with `AS`, lower-cased, if any. */
  name: string | null;
  instructions: Instruction[];
  index: number;
}

const stagesCache = new WeakMap<SourceFile, Stage[]>();

/** The build stages of a Dockerfile, in order. Instructions before the first FROM are dropped. */
export function stagesOf(file: SourceFile): Stage[] {
  let stages = stagesCache.get(file);
  if (stages) return stages;
  stages = [];
  let current: Stage | undefined;
  for (const ins of file.docker.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const from = ins as From;
      current = { from, name: from.getBuildStage()?.toLowerCase() ?? null, instructions: [], index: stages.length };
      stages.push(current);
    } else if (current) current.instructions.push(ins);
  }
  stagesCache.set(file, stages);
  return stages;
}

/** The final stage (the image that ships), or undefined for a Dockerfile without FROM. */
export function finalStage(file: SourceFile): Stage | undefined {
  const s = stagesOf(file);
  return s[s.length - 1];
}

/** Every instruction of the Dockerfile in file order, those before the first FROM included. */
export function allInstructions(file: SourceFile): Instruction[] {
  return file.docker.getInstructions();
}

/** All instructions with a keyword, across stages. */
export function instructionsOf(file: SourceFile, keyword: string): Instruction[] {
  return file.docker.getInstructions().filter((i) => i.getKeyword() === keyword);
}

/** The range of an instruction as the engine's Range. */
export function rangeOf(ins: { getRange(): Range }): Range {
  const r = ins.getRange();
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** The range of an instruction's keyword only (keeps diagnostics short on long RUN lines). */
export function keywordRange(ins: Instruction): Range {
  const r = ins.getInstructionRange();
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** The shell text of a RUN instruction with line continuations joined. */
export function runText(ins: Instruction): string {
  return (ins.getRawArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
}

/** True when the image reference names another stage of the same Dockerfile. */
export function isStageReference(file: SourceFile, image: string | null): boolean {
  if (!image) return false;
  const lower = expandArgs(file, image).toLowerCase();
  return stagesOf(file).some((s) => s.name === lower);
}

const argsCache = new WeakMap<SourceFile, Map<string, string>>();

/** The global ARG defaults (the ARGs before the first FROM, which FROM lines may use), by name. */
export function globalArgs(file: SourceFile): Map<string, string> {
  let args = argsCache.get(file);
  if (args) return args;
  args = new Map();
  for (const a of file.docker.getInitialARGs()) {
    const p = a.getProperty();
    if (p && p.getValue() !== null) args.set(p.getName(), p.getValue()!);
  }
  argsCache.set(file, args);
  return args;
}

/**
 * Substitutes `$NAME`, `${NAME}` and `${NAME:-default}` with the global ARG defaults (or the inline
 * default); references that cannot be resolved stay as written, so callers can tell them apart.
 */
export function expandArgs(file: SourceFile, text: string): string {
  if (!text.includes('$')) return text;
  const args = globalArgs(file);
  return text.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (m, braced: string | undefined, dflt: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const v = args.get(name);
    if (v !== undefined && v !== '') return v;
    return dflt !== undefined && !dflt.includes('$') ? dflt : m;
  });
}

const parentCache = new WeakMap<Stage, Stage | null>();

/**
 * The earlier stage a stage is built FROM: its base image names that stage (case-insensitively,
 * also through a global ARG), as Docker resolves it. A FROM can only name a stage defined above it.
 * Computed once per stage (stages are cached per file, and dockerfile-ast's `getImageName` is costly).
 */
export function parentStage(file: SourceFile, stage: Stage): Stage | undefined {
  let parent = parentCache.get(stage);
  if (parent === undefined) {
    const base = expandArgs(file, stage.from.getImageName() ?? '').toLowerCase();
    parent = (base ? stagesOf(file).slice(0, stage.index).reverse().find((s) => s.name === base) : undefined) ?? null;
    parentCache.set(stage, parent);
  }
  return parent ?? undefined;
}

/** A stage and the stages it is built FROM, nearest first (the final stage's chain is what ships); a new array each call. */
export function stageChain(file: SourceFile, stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !out.includes(s); s = parentStage(file, s)) out.push(s);
  return out;
}

/**
 * True when the image of a stage runs a program by itself: a stage of its chain sets CMD or ENTRYPOINT,
 * or its chain starts from a real base image (whose default command it inherits). An image built
 * `FROM scratch` without either runs nothing: it is data, or a layer other images copy from.
 */
export function runsProgram(file: SourceFile, stage: Stage): boolean {
  const chain = stageChain(file, stage);
  if (chain.some((s) => s.instructions.some((i) => /^(CMD|ENTRYPOINT)$/.test(i.getKeyword())))) return true;
  const root = chain[chain.length - 1];
  return expandArgs(file, root.from.getImageName() ?? '').toLowerCase() !== 'scratch';
}

/** Names of stages that are a development environment (Docker Dev Environments' `dev-envs`, a dev container). */
const DEV_ENV_STAGE = /^(dev-?envs?|dev-?containers?|devcontainer)$/;

/** The stage a build target names (case-insensitively), if the Dockerfile has it. */
function stageNamed(file: SourceFile, name: string): Stage | undefined {
  const lower = name.toLowerCase();
  return stagesOf(file).find((s) => s.name === lower);
}

/**
 * The stages the project builds as images: the targets its builds select (compose `build.target`,
 * `docker build --target`, build-push-action `target:`, GoReleaser `--target`), and the final stage,
 * which a plain `docker build` produces, unless it is a development environment (`dev-envs`,
 * `devcontainer`) while a build elsewhere selects another stage. Without a workspace (or without
 * any build of this file) the final stage alone.
 */
export function buildTargets(file: SourceFile, ws?: Workspace): Stage[] {
  const stages = stagesOf(file);
  const last = stages[stages.length - 1];
  if (!last) return [];
  if (!ws) return [last];
  const targets: Stage[] = [];
  for (const b of buildsOf(ws, file.path)) {
    const s = b.target ? stageNamed(file, b.target) : undefined;
    if (s && !targets.includes(s)) targets.push(s);
  }
  const devEnv = last.name !== null && DEV_ENV_STAGE.test(last.name);
  if (!(devEnv && targets.some((t) => t !== last)) && !targets.includes(last)) targets.push(last);
  return targets;
}

/** The stages that ship as images (see `buildTargets`); none for a Dockerfile that is not the product (see `developmentOnly`). */
export function shippedTargets(file: SourceFile, ws?: Workspace): Stage[] {
  return ws && developmentOnly(file, ws) ? [] : buildTargets(file, ws);
}

/**
 * The stages whose layers end up in a shipped image: the stages the project builds as images (see
 * `buildTargets`) and the stages they are built `FROM`, nearest first. Without a workspace, the final
 * stage's chain.
 * Empty for a Dockerfile that is not the product (see `developmentOnly`).
 */
export function shippedStages(file: SourceFile, ws?: Workspace): Stage[] {
  if (ws && developmentOnly(file, ws)) return [];
  const out: Stage[] = [];
  for (const t of buildTargets(file, ws)) for (const s of stageChain(file, t)) if (!out.includes(s)) out.push(s);
  return out;
}

/**
 * The stages the hygiene rules judge (package pinning, `-y`, `cd`, ADD...): every stage a build may run,
 * since `docker build --target` can pick any of them (hadolint judges them all), except the stages
 * that are development environments (`dev-envs` of Docker Dev Environments, `devcontainer`) which no
 * build of the project targets or ships: those are dev containers, not the product. None for a
 * Dockerfile that is not the product (see `developmentOnly`).
 */
export function judgedStages(file: SourceFile, ws?: Workspace): Stage[] {
  if (!ws) return stagesOf(file);
  const shipped = shippedStages(file, ws);
  if (shipped.length === 0) return [];
  return stagesOf(file).filter((s) => shipped.includes(s) || s.name === null || !DEV_ENV_STAGE.test(s.name));
}

/**
 * The instructions with a keyword that the hygiene rules judge: those before the first FROM (global
 * ARGs...) and those of the judged stages (see `judgedStages`), in file order.
 */
export function judgedInstructions(file: SourceFile, ws: Workspace | undefined, keyword: string): Instruction[] {
  const stages = judgedStages(file, ws);
  if (stages.length === 0) return [];
  const first = stagesOf(file)[0]?.from;
  const before = file.docker.getInstructions().filter((i) => i.getKeyword() === keyword && (!first || i.getRange().start.line < first.getRange().start.line));
  return [...before, ...instructionsIn(stages, keyword)];
}

/** The instructions of some stages with a keyword, in file order. */
export function instructionsIn(stages: Stage[], keyword: string): Instruction[] {
  return stages.flatMap((s) => s.instructions.filter((i) => i.getKeyword() === keyword));
}

/**
 * Why a Dockerfile is not the product, or undefined when it may be: its header comment says it is for
 * development or testing only ("intended DEVELOPMENT ONLY", "not for production"), or every build of it
 * in the repository is a recipe or step that says so ("Build a docker image (FOR TESTING ONLY)").
 * Path roles (product vs helper trees) call this too, so that such a Dockerfile is a helper wherever
 * it lives.
 */
export function developmentOnly(file: SourceFile, ws?: Workspace): string | undefined {
  const header: string[] = [];
  for (let i = 0; i < file.lines.length && header.length < 30; i++) {
    const l = file.lines[i].trim();
    if (l === '') continue;
    if (!l.startsWith('#')) {
      // Comments between the global ARGs and the first FROM still belong to the header.
      if (/^ARG\s/i.test(l)) continue;
      break;
    }
    if (/^#\s*(syntax|escape|check)\s*=/i.test(l)) continue;
    const m = NOT_FOR_PRODUCTION.exec(l);
    if (m) return `${file.path}:${i + 1} says "${m[0].replace(/\*/g, '')}"`;
    header.push(l);
  }
  if (!ws) return undefined;
  const builds = buildsOf(ws, file.path);
  if (builds.length > 0 && builds.every((b) => b.purpose)) return `${file.path} is built only by ${builds.map((b) => `${whereOf(b)} ("${b.purpose}")`).join(', ')}`;
  return undefined;
}

const baseImageCache = new WeakMap<Stage, string>();

/** The base image of a stage, lower-cased, following references to earlier stages and global ARG defaults. */
export function baseImageOf(file: SourceFile, stage: Stage): string {
  let image = baseImageCache.get(stage);
  if (image === undefined) {
    const chain = stageChain(file, stage);
    const root = chain[chain.length - 1];
    image = expandArgs(file, root.from.getImage() ?? root.from.getImageName() ?? '').toLowerCase();
    baseImageCache.set(stage, image);
  }
  return image;
}

/** The shell that runs RUN instructions at some point of a stage: its command line and whether it is POSIX. */
export interface ShellState {
  /** The SHELL command line as written (`["/bin/bash", "-o", "pipefail", "-c"]`), or the default. */
  argv: string[];
  /** True for sh-like shells; false for PowerShell and cmd. */
  posix: boolean;
  /** True when a SHELL instruction (of this stage or a stage it is built FROM) set it. */
  explicit: boolean;
}

const shellCache = new WeakMap<SourceFile, Map<Instruction, ShellState>>();

/**
 * The shell in effect at an instruction (or, without one, at the start of the stage): SHELL
 * instructions switch it, a stage built FROM another inherits that stage's shell, Windows images
 * default to cmd and every other image to `/bin/sh -c`.
 */
export function shellAt(file: SourceFile, stage: Stage, at?: Instruction): ShellState {
  let states = shellCache.get(file);
  if (!states) {
    states = new Map();
    const posixEscape = file.docker.getEscapeCharacter() === '\\';
    const endOf = new Map<Stage, ShellState>();
    for (const s of stagesOf(file)) {
      const parent = parentStage(file, s);
      const windows = !posixEscape || /(windows|servercore|nanoserver|powershell)/.test(baseImageOf(file, s));
      let state: ShellState = (parent && endOf.get(parent)) ?? (windows ? { argv: ['cmd', '/S', '/C'], posix: false, explicit: false } : { argv: ['/bin/sh', '-c'], posix: true, explicit: false });
      states.set(s.from, state);
      for (const ins of s.instructions) {
        if (ins.getKeyword() === 'SHELL') {
          const argv = shellArgv(ins);
          const exe = (argv[0] ?? '').toLowerCase();
          state = { argv, posix: /(^|\/)(ba|da|a|z|k|mk)?sh$/.test(exe), explicit: true };
        }
        states.set(ins, state);
      }
      endOf.set(s, state);
    }
    shellCache.set(file, states);
  }
  return states.get(at ?? stage.from) ?? { argv: [], posix: false, explicit: false };
}

/** The words of a SHELL instruction (a JSON array; a malformed one is split on quotes and commas). */
function shellArgv(ins: Instruction): string[] {
  const raw = (ins.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ').trim();
  const v = jsonValue(raw);
  if (Array.isArray(v)) return v.map(String);
  // Not JSON: fall back to the words between quotes and separators.
  return raw.replace(/[[\]]/g, ' ').split(/[\s,"]+/).filter(Boolean);
}

/**
 * True when the shell in effect at an instruction (or, without one, at the start of the stage) is a
 * POSIX shell, not PowerShell or cmd: SHELL instructions switch it, Windows images default to cmd.
 */
export function usesPosixShell(file: SourceFile, stage: Stage, at?: Instruction): boolean {
  return shellAt(file, stage, at).posix;
}

/** The parsed shell text of a RUN instruction. */
export interface RunScript {
  commands: ShellCommand[];
  /** False when the shell text could not be mapped to file offsets (JSON form, heredoc for another interpreter). */
  editable: boolean;
  /** Offset where the shell text starts and ends in the file. */
  start: number;
  end: number;
}

const scriptCache = new WeakMap<Instruction, RunScript>();

/**
 * Splits the shell text of a RUN instruction into simple commands with file offsets. This is a
 * tolerant tokenizer, not a shell: it knows quotes, escapes, line continuations, comment lines,
 * `$(...)` and heredoc bodies, which is enough to find commands like `apt-get install` and pipes.
 */
export function runScript(file: SourceFile, ins: Instruction): RunScript {
  const cached = scriptCache.get(ins);
  if (cached) return cached;
  const r = ins.getArgumentsRange();
  const start = r ? file.offsetAt(r.start) : 0;
  const end = r ? file.offsetAt(r.end) : 0;
  const raw = file.text.slice(start, end);
  let script: RunScript;
  if (/^\s*\[/.test(raw)) {
    let words: ShellWord[] = [];
    const arr = jsonValue(raw.replace(/\\\r?\n/g, ' '));
    if (Array.isArray(arr)) words = arr.map((v) => ({ value: String(v), start, end }));
    script = { commands: words.length ? [{ words, next: '', prev: '' }] : [], editable: false, start, end };
  } else if (/^<<-?\s*["']?\w+/.test(raw)) {
    const firstNl = raw.indexOf('\n');
    const header = firstNl < 0 ? raw : raw.slice(0, firstNl);
    const interpreter = header.replace(/^<<-?\s*["']?\w+["']?/, '').trim();
    const lastNl = raw.lastIndexOf('\n');
    const ok = firstNl >= 0 && (interpreter === '' || /^(\/bin\/)?(ba|a|da)?sh\b/.test(interpreter));
    script = { commands: ok ? tokenize(file.text, start + firstNl + 1, start + Math.max(firstNl + 1, lastNl), '\\') : [], editable: ok, start, end };
  } else {
    script = { commands: tokenize(file.text, start, end, file.docker.getEscapeCharacter()), editable: true, start, end };
  }
  scriptCache.set(ins, script);
  return script;
}

const triggerCache = new WeakMap<Instruction, Instruction | null>();

/**
 * The instruction an ONBUILD carries (`ONBUILD RUN make` gives the RUN), with ranges in the same
 * file; undefined for any other instruction or an empty ONBUILD.
 */
export function triggerOf(ins: Instruction): Instruction | undefined {
  if (ins.getKeyword() !== 'ONBUILD') return undefined;
  let t = triggerCache.get(ins);
  if (t === undefined) {
    t = (ins as unknown as { getTriggerInstruction?: () => Instruction | null }).getTriggerInstruction?.() ?? null;
    triggerCache.set(ins, t);
  }
  return t ?? undefined;
}

/** One RUN of a stage: a RUN instruction, or the RUN of an `ONBUILD RUN`, which runs in every build FROM this image. */
export interface StageRun {
  ins: Instruction;
  stage: Stage;
  /** The ONBUILD instruction that carries this RUN, if any. */
  onbuild?: Instruction;
}

const runsCache = new WeakMap<SourceFile, StageRun[]>();

/** The RUN instructions of some stages (default: all), including those carried by ONBUILD, in order. */
export function stageRuns(file: SourceFile, stages?: Stage[]): StageRun[] {
  let all = runsCache.get(file);
  if (!all) {
    all = [];
    for (const stage of stagesOf(file)) {
      for (const ins of stage.instructions) {
        if (ins.getKeyword() === 'RUN') all.push({ ins, stage });
        else if (ins.getKeyword() === 'ONBUILD') {
          const t = triggerOf(ins);
          if (t?.getKeyword() === 'RUN') all.push({ ins: t, stage, onbuild: ins });
        }
      }
    }
    runsCache.set(file, all);
  }
  return stages ? all.filter((r) => stages.includes(r.stage)) : all;
}

/** A simple command of a RUN instruction, with the instruction, its stage and its parsed script. */
export interface RunCommand {
  ins: Instruction;
  stage: Stage;
  cmd: ShellCommand;
  script: RunScript;
  /** The ONBUILD instruction when the RUN is an ONBUILD trigger. */
  onbuild?: Instruction;
}

const commandsCache = new WeakMap<SourceFile, RunCommand[]>();

/**
 * All simple commands of the POSIX-shell RUN instructions of some stages (default: all), in order,
 * including the RUNs of ONBUILD triggers (they run in the images built FROM this one).
 */
export function runCommands(file: SourceFile, stages?: Stage[]): RunCommand[] {
  let all = commandsCache.get(file);
  if (!all) {
    all = [];
    for (const { ins, stage, onbuild } of stageRuns(file)) {
      if (!usesPosixShell(file, stage, onbuild ?? ins)) continue;
      const script = runScript(file, ins);
      for (const cmd of script.commands) all.push({ ins, stage, cmd, script, ...(onbuild ? { onbuild } : {}) });
    }
    commandsCache.set(file, all);
  }
  return stages ? all.filter((c) => stages.includes(c.stage)) : all;
}

/** The variables set before each instruction of a stage's chain, and at the end of the stage. */
interface VariableTable {
  before: Map<Instruction, ReadonlyMap<string, string>>;
  end: ReadonlyMap<string, string>;
}

const variableCache = new WeakMap<Stage, VariableTable>();

/** The names of the variables a Dockerfile's ENV instructions set, in file order (`ENV A=1 B="x y"`, `ENV A value`). */
export function envNames(file: SourceFile): string[] {
  return instructionsOf(file, 'ENV').flatMap((ins) => ((ins as unknown as { getProperties?: () => Property[] }).getProperties?.() ?? []).map((p) => p.getName()));
}

/**
 * The variables that ENV, and ARG with a non-empty default, give a non-empty value before an instruction
 * (or, without one, at the end of the stage), with their values: those of the stage and of the stages it
 * is built FROM. `$NAME` and `${NAME}` in a value are replaced by the values set before (so `ARG
 * NODE_ENV=production` then `ENV NODE_ENV $NODE_ENV` gives `production`); a global ARG reaches a stage
 * only when the stage declares it again. The chain is read once per stage (each ENV or ARG makes a new
 * map, the others share the one before them); the maps returned are shared: read them, never change them.
 */
export function variablesBefore(file: SourceFile, stage: Stage, at?: Instruction): ReadonlyMap<string, string> {
  let table = variableCache.get(stage);
  if (!table) {
    const before = new Map<Instruction, ReadonlyMap<string, string>>();
    let out = new Map<string, string>();
    const expand = (v: string) => v.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a: string | undefined, b: string | undefined) => out.get(a ?? b ?? '') ?? m);
    for (const s of stageChain(file, stage).reverse()) {
      for (const ins of s.instructions) {
        if (!before.has(ins)) before.set(ins, out);
        const kw = ins.getKeyword();
        if (kw !== 'ENV' && kw !== 'ARG') continue;
        out = new Map(out);
        for (const p of (ins as unknown as { getProperties?: () => Property[] }).getProperties?.() ?? []) {
          const raw = p.getValue();
          const v = raw === null || raw === '' ? (kw === 'ARG' ? globalArgs(file).get(p.getName()) ?? '' : '') : expand(raw.replace(/^(["'])(.*)\1$/s, '$2'));
          if (v !== '') out.set(p.getName(), v);
          else if (kw === 'ENV') out.delete(p.getName());
        }
      }
    }
    table = { before, end: out };
    variableCache.set(stage, table);
  }
  return (at && table.before.get(at)) || table.end;
}

/**
 * True when a shell option is on for a RUN: in the SHELL command line (`["/bin/bash", "-eo", "pipefail",
 * "-c"]`) or with `set` anywhere in the script (`set -eux`, `set -o errexit`). `letter` is the short
 * option (`e`), `name` the long one (`errexit`).
 */
export function shellOptionOn(file: SourceFile, run: { ins: Instruction; stage: Stage; onbuild?: Instruction }, letter: string, name: string): boolean {
  const short = new RegExp(`^-[a-zA-Z]*${letter}[a-zA-Z]*$`);
  const on = (args: string[]) => args.some((a, i) => short.test(a) || (a === name && /^-[a-z]*o$/.test(args[i - 1] ?? '')));
  if (on(shellAt(file, run.stage, run.onbuild ?? run.ins).argv.slice(1))) return true;
  return runScript(file, run.ins).commands.some((c) => commandName(c) === 'set' && on(commandArgs(c).map((w) => w.value)));
}

/**
 * The text of an instruction argument as written, with surrounding quotes removed. dockerfile-ast's
 * `getValue()` applies the escape character (`c:\app` becomes `c:app`), which Docker does not do
 * for COPY and ADD paths.
 */
export function argText(file: SourceFile, arg: { getRange(): Range }): string {
  const r = arg.getRange();
  return file.text.slice(file.offsetAt(r.start), file.offsetAt(r.end)).replace(/^(["'])(.*)\1$/s, '$2');
}

/** A zero-width range at a file offset (for insertions). */
export function pointAt(file: SourceFile, offset: number): Range {
  const p = file.positionAt(offset);
  return { start: p, end: p };
}

/** The range covering a shell word. */
export function wordRange(file: SourceFile, w: ShellWord): Range {
  return file.rangeOf(w.start, w.end);
}
