/**
 * The part of the engine the benchmark drives in-process, bundled by esbuild into
 * `bench/.work/engine.cjs` so that it carries its own copy of its dependencies (as `dist/` does) and
 * shares no module state with the peers it is measured against.
 *
 * `analyse` is "our analysis of one file": the file is put in a one-file workspace, the project facts
 * are detected, and every file rule of the kind runs on it (without the `applies` short-cut, so the
 * full rule set always runs). A rule that throws is counted as a crash of ours.
 */
import { Workspace, classifyPath, VENDORED_DIRS } from '../server/src/core/workspace';
import { detectFacts } from '../server/src/core/facts';
import { audit, ruleContext, runFileRule } from '../server/src/core/engine';
import { defaultManifest } from '../server/src/manifest/schema';
import { allRules } from '../server/src/rules';
import type { FileKind, FileRule, Finding } from '../server/src/core/types';

export { Workspace, audit, classifyPath, VENDORED_DIRS };

const NOW = new Date('2026-06-01T12:00:00Z');
const manifest = defaultManifest();

/** The file rules that look at one kind of file, as registered right now. */
export function fileRulesOf(kind: FileKind): FileRule[] {
  return allRules.filter((r): r is FileRule => r.scope === 'file' && r.kinds.includes(kind));
}

/** The number of rules in the catalogue. */
export function ruleCount(): number {
  return allRules.length;
}

/** Ids of the rules `fileRulesOf` returns. */
export function ruleIdsOf(kind: FileKind): string[] {
  return fileRulesOf(kind).map((r) => r.id);
}

/** The result of analysing one file. */
export interface Analysis {
  findings: Finding[];
  /** Ids of the rules that threw on this file. */
  errors: string[];
  /** Rule evaluations done. */
  evaluations: number;
}

/** Analyses one file with every file rule of its kind. */
export function analyse(rel: string, text: string, rules: FileRule[]): Analysis {
  const ws = Workspace.fromFiles({ [rel]: text });
  const facts = detectFacts(ws);
  const findings: Finding[] = [];
  const errors: string[] = [];
  let evaluations = 0;
  for (const rule of rules) {
    const ctx = ruleContext(rule, ws, facts, manifest, NOW);
    const out = runFileRule(rule, ws, rel, ctx);
    evaluations++;
    if (out === 'error') errors.push(rule.id);
    else for (const f of out) findings.push(f);
  }
  return { findings, errors, evaluations };
}
