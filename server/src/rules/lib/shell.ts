/**
 * A tolerant tokenizer for the shell text of RUN instructions: it splits a script into simple commands
 * with the operators between them and maps every word back to its offset in the file. It knows
 * quotes, escapes, line continuations, comment lines, `$(...)`, backquotes, heredoc bodies and the
 * patterns of `case` statements (whose `|` separates alternatives, not commands), which is enough to
 * find commands like `apt-get install` or pipes; it is not a shell and never executes anything.
 */

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

const OPERATORS = ['&&', '||', ';;', '|&', '&', '|', ';', '(', ')'];

/** Reserved words that may stand before `case` in the same simple command (`if x; then case $v in`). */
const CASE_LEADS = new Set(['then', 'do', 'else', '{', '!']);

/** ASCII characters the tokenizer must look at one by one; every other character is copied in runs. */
const SPECIAL = new Uint8Array(128);
for (const ch of ' \t\n\r"\'$`\\&|;()<') SPECIAL[ch.charCodeAt(0)] = 1;

/** Splits text[from, to) into simple commands. */
export function tokenize(text: string, from: number, to: number, esc: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let value = '';
  let wordStart = -1;
  let prevOp = '';
  let heredoc: string | undefined;
  // Open `case ... in` statements: `pattern` while reading the alternatives before `)`, whose `|` is
  // not a pipe, and `body` while reading the commands of a clause (up to `;;`).
  const cases: ('pattern' | 'body')[] = [];
  const endWord = (at: number) => {
    if (wordStart >= 0) words.push({ value, start: wordStart, end: at });
    value = '';
    wordStart = -1;
    const n = words.length;
    if (n >= 3 && words[n - 1].value === 'in' && words[n - 3].value === 'case' && words.slice(0, n - 3).every((w) => CASE_LEADS.has(w.value))) {
      endCommand(';');
      cases.push('pattern');
    } else if (n === 1 && words[0].value === 'esac' && cases.length > 0) {
      cases.pop();
    }
  };
  const endCommand = (op: string) => {
    if (words.length > 0) {
      commands.push({ words, next: op, prev: prevOp });
      prevOp = op;
    } else if (op) {
      // An operator with no command before it (`(` or a blank line) only changes what the next command follows.
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
    if (cases[cases.length - 1] === 'pattern' && (c === '|' || c === ')' || (c === '(' && wordStart < 0 && words.length === 0))) {
      // The alternatives of a case pattern (`dev|beta|fix*)`): no pipe, and no command of their own.
      endWord(i);
      if (c === ')' && cases[cases.length - 1] === 'pattern') {
        words = [];
        prevOp = ';';
        cases[cases.length - 1] = 'body';
      }
      i++;
      continue;
    }
    if (wordStart < 0) {
      const op = c === '&' || c === '|' || c === ';' || c === '(' || c === ')' ? OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
      if (op && !(op === '&' && text[i + 1] === '>')) {
        endCommand(op);
        if (op === ';;' && cases[cases.length - 1] === 'body') cases[cases.length - 1] = 'pattern';
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
        } else if ((text[j] === '$' && text[j + 1] === '(') || text[j] === '`') {
          const k = skipSubstitution(text, j, to);
          value += text.slice(j, k);
          j = k;
        } else value += text[j++];
      }
      i = j + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      const k = skipSubstitution(text, i, to);
      value += text.slice(i, k);
      i = k;
      continue;
    }
    if (c === '`') {
      const k = skipSubstitution(text, i, to);
      value += text.slice(i, k);
      i = k;
      continue;
    }
    if (c === '\\' && i + 1 < to) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    // Ordinary characters: take the whole run up to the next one that matters, in one slice.
    let j = i + 1;
    while (j < to) {
      const code = text.charCodeAt(j);
      if (code < 128 && SPECIAL[code]) break;
      j++;
    }
    value += text.slice(i, j);
    i = j;
  }
  endWord(Math.min(i, to));
  endCommand('');
  return commands;
}

/**
 * Returns the offset just after a command substitution that starts at `i` (`$(...)` or a backquoted
 * command), skipping quoted text inside it; stops at `to` when it is not closed.
 */
function skipSubstitution(text: string, i: number, to: number): number {
  if (text[i] === '`') {
    let j = i + 1;
    while (j < to && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, to);
  }
  let depth = 0;
  let j = i + 1;
  while (j < to) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === "'") {
      const close = text.indexOf("'", j + 1);
      j = close < 0 || close >= to ? to : close + 1;
    } else if (c === '"') {
      j++;
      while (j < to && text[j] !== '"') {
        if (text[j] === '\\') j += 2;
        else if (text[j] === '$' && text[j + 1] === '(') j = skipSubstitution(text, j, to);
        else j++;
      }
      j++;
    } else if (c === '(') {
      depth++;
      j++;
    } else if (c === ')') {
      j++;
      if (--depth === 0) return Math.min(j, to);
    } else j++;
  }
  return to;
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
