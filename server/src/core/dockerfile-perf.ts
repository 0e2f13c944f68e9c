/**
 * A speed-up of dockerfile-ast, applied once when the parser is first loaded (imported by
 * `dockerfile-parser.ts`, which `SourceFile.docker` loads on the first Dockerfile it parses).
 *
 * The profiler showed 60-80% of a Dockerfile audit inside `Instruction.getRawArguments`: the parser
 * and every accessor (`getArguments`, `getArgumentsRange`, `getRawArgumentsContent`, the JSON form of
 * RUN/CMD, `getFlags`...) re-tokenise the instruction's text from scratch, 4.3 times per instruction
 * on the docker-library corpus, building each token one character at a time (`s = s + char`), which
 * left the garbage collector a third of the time. Two changes, same results:
 *  - an instruction's text and range never change once built, so its tokens are computed once and
 *    each caller gets its own copy of the array (`ModifiableInstruction.getArguments` shifts it);
 *  - the tokeniser below is dockerfile-ast 0.7's own algorithm, statement for statement, except that
 *    a token's text is taken as substrings of runs of characters instead of char-by-char concatenation.
 * `test/robustness.test.ts` checks that both give identical tokens and ranges on both corpora and on
 * generated input.
 *
 * Rules never see this module or dockerfile-ast's classes directly: they read Dockerfiles through the
 * stage and instruction view of `rules/lib/dockerfile.ts` (a test in `test/layers.test.ts` keeps it so),
 * so this patch, or the parser itself, can be replaced without touching a rule.
 *
 * Proposal for upstream (rcjsuen/dockerfile-ast), to be offered as an issue with a pull request, after
 * which this patch can go:
 *
 *   `Instruction.getRawArguments()` re-tokenises the instruction's text on every call, and
 *   `getArguments`, `getArgumentsRange`, `getRawArgumentsContent`, the JSON form of RUN/CMD/ENTRYPOINT
 *   and `getFlags` all call it, so an instruction is tokenised about 4.3 times on average on the
 *   docker-library corpus (432 official-image Dockerfiles); the tokeniser builds each token with
 *   `value = value + char`, one string per character. Two changes with no change of results: (1) build a
 *   token's value from substrings of runs of plain characters (the loop above is the 0.7.1 loop with
 *   that change only); (2) memoise the token list per instruction (an instruction's text and range never
 *   change after parsing) and hand each caller a copy, since `ModifiableInstruction.getArguments`
 *   shifts the array it gets. Measured on that corpus, CPU time, median of 9 passes over the 432 files,
 *   node 20 (bench/.work/tok.cjs, run twice on a shared 2-core machine):
 *     - `DockerfileParser.parse` alone: 251-284 ms with 0.7.1, 57-58 ms with both changes (4.4-4.9x);
 *     - parse, then `getArguments()` four more times per instruction (what a linter's rules do):
 *       353-387 ms with 0.7.1, 61-83 ms with both changes (4.7-5.8x).
 *   For scale, dockerfile-utils' `validate` (which parses with dockerfile-ast 0.7.1) takes 449-496 ms
 *   on the same files, about half of it in that parse. The equivalence test of our
 *   `test/robustness.test.ts` (every instruction of both corpora and generated input, tokens and
 *   ranges compared as JSON) can go along with the change.
 */
import { Argument, Instruction } from 'dockerfile-ast';

interface Pos {
  line: number;
  character: number;
}
interface Doc {
  offsetAt(p: Pos): number;
  positionAt(o: number): Pos;
  getText(): string;
}
interface InstructionInternals {
  document: Doc;
  escapeChar: string;
  getInstructionRange(): { start: Pos; end: Pos };
  getTextContent(): string;
  __readinessRawArgs?: Argument[];
}
type Proto = {
  getRawArguments: (this: InstructionInternals) => Argument[];
  __readinessOriginal?: (this: InstructionInternals) => Argument[];
};

const proto = Instruction.prototype as unknown as Proto;

/** dockerfile-ast's own `getRawArguments` (for the equivalence test). */
export function originalRawArguments(instruction: Instruction): Argument[] {
  const f = proto.__readinessOriginal ?? proto.getRawArguments;
  return f.call(instruction as unknown as InstructionInternals);
}

/** The tokeniser of dockerfile-ast 0.7 `Instruction.getRawArguments`, without per-character concatenation. */
export function fastRawArguments(self: InstructionInternals): Argument[] {
  const doc = self.document;
  const escapeChar = self.escapeChar;
  const args: Argument[] = [];
  const range = self.getInstructionRange();
  const extra = doc.offsetAt(range.end) - doc.offsetAt(range.start);
  const content = self.getTextContent();
  const fullArgs = content.substring(extra);
  const offset = doc.offsetAt(range.start) + extra;
  const n = fullArgs.length;
  const at = (i: number) => (i < n ? fullArgs[i] : '');
  const push = (value: string, from: number, to: number) => {
    args.push(new Argument(value, { start: doc.positionAt(offset + from), end: doc.positionAt(offset + to) }));
  };
  // The token being built: `buf` plus the pending run fullArgs[rs, re).
  let buf = '';
  let rs = -1;
  let re = -1;
  const append = (i: number) => {
    if (re === i) re++;
    else {
      if (rs !== -1) buf += fullArgs.substring(rs, re);
      rs = i;
      re = i + 1;
    }
  };
  const take = () => {
    const v = rs !== -1 ? buf + fullArgs.substring(rs, re) : buf;
    buf = '';
    rs = re = -1;
    return v;
  };
  let start = false;
  let comment = false;
  let found = -1;
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  for (let i = 0; i < n; i++) {
    const char = fullArgs[i];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === '\r' || char === '\n') {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(take(), found, escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
        found = -1;
      }
    } else if (char === escapeChar) {
      const next = at(i + 1);
      if (next === ' ' || next === '\t') {
        whitespaceCheck: for (let j = i + 2; j < n; j++) {
          switch (fullArgs[j]) {
            case ' ':
            case '\t':
              continue;
            case '\r':
            case '\n':
              if (fullArgs[j] === '\r') j++;
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === '\r') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === '\n') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(take(), found, escapeMarker);
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === '$') {
          append(i);
          append(i + 1);
        } else if (next === '') {
          break;
        } else {
          append(i + 1);
        }
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === '#') {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(take(), found, escapeMarker);
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        append(i);
        if (found === -1) found = i;
      }
      start = false;
    }
  }
  if (found !== -1) push(take(), found, escapeMarker === -1 ? n : escapeMarker);
  return args;
}

/**
 * The patch reproduces one version's private algorithm, so it is applied only to that version
 * (package.json pins it); any other version runs dockerfile-ast untouched.
 */
export const PATCHED_VERSION = '0.7.1';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const installed = (require('dockerfile-ast/package.json') as { version: string }).version;

if (installed === PATCHED_VERSION && !proto.__readinessOriginal && typeof proto.getRawArguments === 'function') {
  proto.__readinessOriginal = proto.getRawArguments;
  proto.getRawArguments = function (this: InstructionInternals) {
    let args = this.__readinessRawArgs;
    if (!args) {
      args = fastRawArguments(this);
      this.__readinessRawArgs = args;
    }
    return args.slice();
  };
}
