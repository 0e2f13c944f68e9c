/**
 * A view of a Dockerfile as build stages, built on dockerfile-ast, and of its RUN instructions as
 * shell commands (tokenized by `shell.ts`), shared by the Dockerfile rules. Views are cached per file.
 */
import type { From, Instruction } from 'dockerfile-ast';
import type { SourceFile } from '../../core/source';
import type { Range } from '../../core/types';
import { tokenize, type ShellCommand, type ShellWord } from './shell';

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
  const lower = image.toLowerCase();
  return stagesOf(file).some((s) => s.name === lower);
}

/** The stages whose layers end up in the shipped image: the final stage and the stages it is built `FROM`. */
export function shippedStages(file: SourceFile): Stage[] {
  const stages = stagesOf(file);
  const out: Stage[] = [];
  let current = stages[stages.length - 1];
  const seen = new Set<number>();
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    out.push(current);
    const base = (current.from.getImageName() ?? '').toLowerCase();
    current = stages.slice(0, current.index).reverse().find((s) => s.name === base) as Stage;
  }
  return out;
}

/** The base image of a stage, lower-cased without tag, following references to earlier stages. */
export function baseImageOf(file: SourceFile, stage: Stage): string {
  const stages = stagesOf(file);
  let s: Stage | undefined = stage;
  for (let guard = 0; s && guard < stages.length; guard++) {
    const image = (s.from.getImageName() ?? '').toLowerCase();
    const parent: Stage | undefined = stages.slice(0, s.index).reverse().find((x) => x.name === image);
    if (!parent) return s.from.getImage()?.toLowerCase() ?? image;
    s = parent;
  }
  return '';
}

const shellCache = new WeakMap<SourceFile, Map<Instruction, boolean>>();

/**
 * True when the shell in effect at an instruction (or, without one, at the start of the stage) is a
 * POSIX shell, not PowerShell or cmd: SHELL instructions switch it, Windows images default to cmd.
 */
export function usesPosixShell(file: SourceFile, stage: Stage, at?: Instruction): boolean {
  let states = shellCache.get(file);
  if (!states) {
    states = new Map();
    const posixEscape = file.docker.getEscapeCharacter() === '\\';
    for (const s of stagesOf(file)) {
      let posix = posixEscape && !/(windows|servercore|nanoserver|powershell)/.test(baseImageOf(file, s));
      states.set(s.from, posix);
      for (const ins of s.instructions) {
        if (ins.getKeyword() === 'SHELL') {
          const shell = (ins.getArguments()[0]?.getValue() ?? '').replace(/[[\]",]/g, '').toLowerCase();
          posix = /(^|\/)(ba|da|a|z|k)?sh$/.test(shell);
        }
        states.set(ins, posix);
      }
    }
    shellCache.set(file, states);
  }
  return states.get(at ?? stage.from) ?? false;
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
    try {
      const arr = JSON.parse(raw.replace(/\\\r?\n/g, ' '));
      if (Array.isArray(arr)) words = arr.map((v) => ({ value: String(v), start, end }));
    } catch {
      words = [];
    }
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

/** A simple command of a RUN instruction, with the instruction, its stage and its parsed script. */
export interface RunCommand {
  ins: Instruction;
  stage: Stage;
  cmd: ShellCommand;
  script: RunScript;
}

const commandsCache = new WeakMap<SourceFile, RunCommand[]>();

/** All simple commands of the POSIX-shell RUN instructions of some stages (default: all), in order. */
export function runCommands(file: SourceFile, stages?: Stage[]): RunCommand[] {
  let all = commandsCache.get(file);
  if (!all) {
    all = [];
    for (const stage of stagesOf(file)) {
      for (const ins of stage.instructions) {
        if (ins.getKeyword() !== 'RUN' || !usesPosixShell(file, stage, ins)) continue;
        const script = runScript(file, ins);
        for (const cmd of script.commands) all.push({ ins, stage, cmd, script });
      }
    }
    commandsCache.set(file, all);
  }
  return stages ? all.filter((c) => stages.includes(c.stage)) : all;
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
