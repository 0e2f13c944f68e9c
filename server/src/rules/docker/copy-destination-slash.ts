/**
 * docker/copy-destination-slash: a COPY or ADD with several sources names a destination folder ending
 * with `/`. Docker refuses the instruction otherwise ("When using COPY with more than one source file,
 * the destination must be a directory and end with a /"), so the build fails.
 *
 * Destinations that are variables are not judged (their value may end with `/`), nor are heredoc
 * sources. COPY and ADD carried by ONBUILD count. The fix appends `/` to the destination.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import { jsonValue } from '../../core/formats/json';
import { replaceFix } from '../lib/util';
import { argText, rangeOf, triggerOf, judgedStages } from '../lib/dockerfile';

/** The COPY and ADD instructions of a file, including those carried by ONBUILD. */
function copies(file: SourceFile, ws: Workspace): Instruction[] {
  return judgedStages(file, ws).flatMap((s) => s.instructions.map((i) => triggerOf(i) ?? i)).filter((i) => i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD');
}

/** The sources and destination of a COPY or ADD in shell form, or undefined (JSON form, heredoc, too few words). */
function shellFormArgs(ins: Instruction): { sources: string[]; dest: ReturnType<Instruction['getArguments']>[number] } | undefined {
  const raw = (ins.getArgumentsContent() ?? '').trim();
  const args = ins.getArguments();
  if (raw.startsWith('[') || raw.includes('<<') || args.length < 3) return undefined;
  return { sources: args.slice(0, -1).map((a) => a.getValue()), dest: args[args.length - 1] };
}

/** The sources and destination of a COPY or ADD in JSON form, or undefined. */
function jsonFormArgs(ins: Instruction): { sources: string[]; dest: string } | undefined {
  const raw = (ins.getArgumentsContent() ?? '').trim();
  if (!raw.startsWith('[')) return undefined;
  const arr = jsonValue(raw.replace(/\\\r?\n/g, ' '));
  return Array.isArray(arr) && arr.length >= 3 ? { sources: arr.slice(0, -1).map(String), dest: String(arr[arr.length - 1]) } : undefined;
}

const ok = (dest: string) => dest.includes('$') || /[/\\]$/.test(dest);

export const rule: FileRule = {
  id: 'docker/copy-destination-slash',
  category: 'containers',
  severity: 'medium',
  level: 'prototype',
  title: 'COPY with several sources names a folder ending with /',
  rationale: 'Docker rejects a COPY or ADD of several sources whose destination does not end with `/`, so the build fails at that line.',
  related: [{ tool: 'hadolint', id: 'DL3021' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => copies(file, ctx.ws).some((i) => (shellFormArgs(i) ?? jsonFormArgs(i)) !== undefined),
  examinesWhat: 'COPY or ADD of several sources',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const ins of copies(file, ctx.ws)) {
      const shell = shellFormArgs(ins);
      const json = shell ? undefined : jsonFormArgs(ins);
      const dest = shell ? argText(file, shell.dest) : json?.dest;
      if (dest === undefined || ok(dest)) continue;
      const n = (shell ?? json)!.sources.length;
      const message = `this ${ins.getKeyword()} copies ${n} sources to \`${dest}\`, which does not end with \`/\`, so Docker rejects it; write the destination as a folder (\`${dest}/\`)`;
      if (!shell) {
        findings.push({ message, range: rangeOf(ins) });
        continue;
      }
      const r = rangeOf(shell.dest);
      const end = /["']$/.test(file.text.slice(file.offsetAt(r.start), file.offsetAt(r.end))) ? { line: r.end.line, character: r.end.character - 1 } : r.end;
      findings.push({ message, range: r, fix: replaceFix('End the destination with /', file, { start: end, end }, '/') });
    }
    return findings;
  },
};
