/**
 * ci/dangerous-triggers: the workflow does not use `pull_request_target` or `workflow_run`. Both run
 * with the base repository's secrets and a write token on events that outside contributors cause,
 * so every step that touches data from the pull request (a checkout, an artifact, a title, a cache)
 * is an attack surface; most workflows that use them only need `pull_request` (or `workflow_call`).
 * This is the trigger itself, at a lower severity than ci/pull-request-target, which reports the
 * concrete "pwn request" of checking out and running the pull request's code (zizmor's
 * `dangerous-triggers`). It is an absence check (a guard): it costs points when a trigger is there and
 * earns none when it is not.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { isMap, isSeq, type Node } from 'yaml';
import { workflowOf } from '../lib/workflow';

const DANGEROUS: Record<string, string> = {
  pull_request_target: 'runs with the base repository\'s secrets and a write token for pull requests from forks; use `pull_request` unless the job must write to the repository, and then never check out or run the pull request\'s code',
  workflow_run: 'runs with the repository\'s secrets after a workflow that a fork\'s pull request can trigger, and often reads its artifacts; prefer `workflow_call`, and treat everything from the triggering run as untrusted',
};

export const rule: FileRule = {
  id: 'ci/dangerous-triggers',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'Workflows avoid privileged pull-request triggers',
  rationale: '`pull_request_target` and `workflow_run` give secrets and a write token to runs that outsiders cause; they are hard to use safely and rarely needed.',
  related: [{ tool: 'zizmor', id: 'dangerous-triggers' }, { tool: 'scorecard', id: 'Dangerous-Workflow' }],
  scope: 'file',
  guard: true,
  kinds: ['workflow'],
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf?.onPair) return [];
    const findings: RuleFinding[] = [];
    const on = wf.onPair.value as Node | null;
    const where = (name: string): Node | undefined => {
      if (isMap(on)) return on.items.find((p) => String((p.key as { value?: unknown; source?: string })?.value) === name)?.key as Node | undefined;
      if (isSeq(on)) return on.items.find((i) => String((i as { value?: unknown })?.value) === name) as Node | undefined;
      return (on as Node | null) ?? undefined;
    };
    for (const t of wf.triggers) {
      if (!DANGEROUS[t]) continue;
      findings.push({ message: `\`${t}\` ${DANGEROUS[t]}`, range: file.yamlRange(where(t) ?? wf.onPair.key) });
    }
    return findings;
  },
};
