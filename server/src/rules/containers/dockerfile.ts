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
