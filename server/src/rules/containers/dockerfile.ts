/**
 * A view of a Dockerfile as build stages, built on dockerfile-ast, shared by the Dockerfile rules.
 */
import type { From, Instruction } from 'dockerfile-ast';
import type { SourceFile } from '../../core/source';
import type { Range } from '../../core/types';

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

/** The stage that holds an instruction. */
export function stageOf(file: SourceFile, ins: Instruction): Stage | undefined {
  const line = ins.getRange().start.line;
  let hit: Stage | undefined;
  for (const s of stagesOf(file)) if (s.from.getRange().start.line <= line) hit = s;
  return hit;
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

/** True when a stage runs RUN commands with a POSIX shell (not PowerShell or cmd on a Windows image). */
export function usesPosixShell(file: SourceFile, stage: Stage, before?: Instruction): boolean {
  const stop = before?.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
  let shell: string | undefined;
  for (const ins of stage.instructions) {
    if (ins.getRange().start.line >= stop) break;
    if (ins.getKeyword() === 'SHELL') shell = (ins.getArguments()[0]?.getValue() ?? '').replace(/[[\]",]/g, '').toLowerCase();
  }
  if (shell !== undefined) return /(^|\/)(ba|da|a|z|k)?sh$/.test(shell);
  const image = baseImageOf(file, stage);
  return !/(windows|servercore|nanoserver|powershell)/.test(image) && file.docker.getEscapeCharacter() === '\\';
}

/** One word of a shell command: its unquoted value and its offsets in the file (end exclusive). */
export interface ShellWord {
  value: string;
  start: number;
  end: number;
}

/** One simple command of a RUN instruction and the operator that links it to the next (`&&`, `|`, `;`...). */
export interface ShellCommand {
  words: ShellWord[];
  /** The operator after this command, or '' for the last one. */
  next: string;
  /** The operator before this command, or '' for the first one. */
  prev: string;
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

const OPERATORS = ['&&', '||', ';;', '|&', '&', '|', ';', '(', ')'];

/** Splits text[from, to) into simple commands. */
function tokenize(text: string, from: number, to: number, esc: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let value = '';
  let wordStart = -1;
  let prevOp = '';
  let heredoc: string | undefined;
  const endWord = (at: number) => {
    if (wordStart >= 0) words.push({ value, start: wordStart, end: at });
    value = '';
    wordStart = -1;
  };
  const endCommand = (op: string) => {
    if (words.length > 0) {
      commands.push({ words, next: op, prev: prevOp });
      prevOp = op;
    } else if (commands.length > 0 && op) {
      commands[commands.length - 1].next = op;
      prevOp = op;
    }
    words = [];
  };
  // Skips comment lines (a `#` first on a line), which Docker removes from continued RUN lines.
  const skipCommentLines = (i: number): number => {
    for (;;) {
      let j = i;
      while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] !== '#') return i;
      while (j < to && text[j] !== '\n') j++;
      i = j + 1;
      if (i >= to) return to;
    }
  };
  let i = skipCommentLines(from);
  while (i < to) {
    const c = text[i];
    if (c === esc && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      endWord(i);
      i = skipCommentLines(i + (text[i + 1] === '\r' ? 3 : 2));
      continue;
    }
    if (c === '\n' || c === '\r') {
      endWord(i);
      endCommand('\n');
      i++;
      if (heredoc !== undefined) {
        const delim = heredoc;
        heredoc = undefined;
        while (i < to) {
          let nl = text.indexOf('\n', i);
          if (nl < 0 || nl > to) nl = to;
          const line = text.slice(i, nl).trim();
          i = nl + 1;
          if (line === delim) break;
        }
      }
      i = skipCommentLines(i);
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord(i);
      i++;
      continue;
    }
    if (c === '#' && wordStart < 0) {
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    if (wordStart < 0) {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op && !(op === '&' && text[i + 1] === '>')) {
        endCommand(op);
        i += op.length;
        continue;
      }
      wordStart = i;
    } else if (c === '&' || c === '|' || c === ';' || c === ')' || (c === '(' && value !== '' && !value.endsWith('$') && !value.endsWith('='))) {
      if (!(c === '&' && /[<>]$/.test(value))) {
        endWord(i);
        continue;
      }
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      const m = /^<<-?\s*["']?([\w.-]+)["']?/.exec(text.slice(i, Math.min(to, i + 80)));
      if (m) {
        heredoc = m[1];
        value += m[0];
        i += m[0].length;
        continue;
      }
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= to ? to : close;
      value += text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < to && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < to) {
          if (text[j + 1] !== '\n') value += text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      i = j + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < to; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      value += text.slice(i, Math.min(j + 1, to));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const stop = close < 0 || close >= to ? to : close;
      value += text.slice(i, stop + 1);
      i = stop + 1;
      continue;
    }
    if (c === '\\' && i + 1 < to) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  endWord(Math.min(i, to));
  endCommand('');
  return commands;
}

/** Words that only prefix a command (`sudo`, `env`, `VAR=value`, `exec`...) and are skipped to find its name. */
const PREFIXES = new Set(['sudo', 'env', 'exec', 'nohup', 'time', 'command', 'builtin', 'xargs', 'eval', 'then', 'do', 'else', 'if', 'while', 'until', '!', '{', '}']);

/** The index of a command's name, skipping prefixes like `sudo`, `env` and `VAR=value` (and their options). */
export function commandStart(cmd: ShellCommand): number {
  let i = 0;
  while (i < cmd.words.length) {
    const w = cmd.words[i].value;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || PREFIXES.has(w)) i++;
    else if (i > 0 && PREFIXES.has(cmd.words[i - 1].value) && w.startsWith('-')) i++;
    else break;
  }
  return i;
}

/** The name of a command (basename of its first word after prefixes), lower-cased. */
export function commandName(cmd: ShellCommand): string {
  const w = cmd.words[commandStart(cmd)]?.value ?? '';
  return w.slice(w.lastIndexOf('/') + 1).toLowerCase();
}

/** The words after the command name. */
export function commandArgs(cmd: ShellCommand): ShellWord[] {
  return cmd.words.slice(commandStart(cmd) + 1);
}

/** The first non-option argument of a command (its subcommand, e.g. `install`), with its index in `commandArgs`. */
export function subcommand(cmd: ShellCommand, optionsWithValue: string[] = []): { word: ShellWord; index: number } | undefined {
  const args = commandArgs(cmd);
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (optionsWithValue.includes(v)) {
      i++;
      continue;
    }
    if (!v.startsWith('-')) return { word: args[i], index: i };
  }
  return undefined;
}

/** All simple commands of the RUN instructions of some stages (default: all), with their instruction. */
export function runCommands(file: SourceFile, stages: Stage[] = stagesOf(file)): { ins: Instruction; stage: Stage; cmd: ShellCommand; script: RunScript }[] {
  const out: { ins: Instruction; stage: Stage; cmd: ShellCommand; script: RunScript }[] = [];
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (ins.getKeyword() !== 'RUN' || !usesPosixShell(file, stage, ins)) continue;
      const script = runScript(file, ins);
      for (const cmd of script.commands) out.push({ ins, stage, cmd, script });
    }
  }
  return out;
}

/** The `--mount` flags of a RUN instruction, as raw strings. */
export function mountFlags(ins: Instruction): string[] {
  const flags = (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  return flags.filter((f) => f.getName() === 'mount').map((f) => f.getValue() ?? '');
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
