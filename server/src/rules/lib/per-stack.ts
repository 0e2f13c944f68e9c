/**
 * The shape shared by the per-stack quality rules (linter, formatter): each detected stack either
 * shows evidence of the tool or gets one finding with stack-specific advice; the credit is the share
 * of stacks covered. Stacks the rule knows nothing about are left out rather than failed.
 */
import type { Evidence, RuleFinding, RuleOutcome } from '../../core/types';
import type { Facts, Stack } from '../../core/facts';
import type { Workspace } from '../../core/workspace';

/** How one stack shows the practice, and what to advise when it does not. */
export interface StackCheck {
  detect: (ws: Workspace, facts: Facts) => Evidence | undefined;
  advice: string;
}

/** Runs the checks of the detected stacks. */
export function checkStacks(ws: Workspace, facts: Facts, checks: Partial<Record<Stack, StackCheck>>, what: string): RuleOutcome {
  const evidence: Evidence[] = [];
  const findings: RuleFinding[] = [];
  let total = 0;
  for (const s of facts.stacks) {
    const c = checks[s];
    if (!c) continue;
    total++;
    const e = c.detect(ws, facts);
    if (e) evidence.push({ ...e, message: `${s}: ${e.message}` });
    else findings.push({ message: `no ${what} for the ${s} code; ${c.advice}`, file: null, data: { stack: s } });
  }
  if (total === 0) return { status: 'not-applicable', findings: [], reason: `no stack with a known ${what}` };
  if (findings.length === 0) return { status: 'pass', findings, evidence };
  const score = (total - findings.length) / total;
  return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
}

/** Applies when the project has at least one of the stacks. */
export function appliesToStacks(stacks: Stack[]) {
  return (facts: Facts): true | string => (facts.stacks.some((s) => stacks.includes(s)) ? true : `no ${stacks.join(', ')} code`);
}
