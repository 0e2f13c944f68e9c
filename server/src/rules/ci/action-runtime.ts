/**
 * ci/action-runtime: official actions are used at a major that runs on a runtime GitHub still ships.
 * GitHub removed the Node 20 action runtime from its runners on 2026-09-16 (Node 16 and 12 before
 * it); an action whose action.yml declares one of them is forced onto Node 24, which its authors
 * never tested. The first Node 24 major of each official action is in rules/lib/data/
 * action-runtimes.json, with the day the table was taken. A step pinned by SHA counts by the version
 * in its comment (`@<sha> # v4.2.2`); a SHA without a version comment, a branch, or an action the
 * table does not list is not judged.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { actionSlug, workflowOf } from '../lib/workflow';
import { actionVersion } from '../lib/workflow-release';
import { firstNode24Major, NODE20_REMOVED } from '../lib/eol';

export const rule: FileRule = {
  id: 'ci/action-runtime',
  category: 'ci-cd',
  severity: 'medium',
  level: 'mvp',
  title: 'Actions run on a runtime GitHub still ships',
  rationale: 'Actions built for Node 20 or older are forced onto Node 24 since GitHub removed those runtimes from its runners; they run untested there, and the fixes go to the newer majors.',
  fixable: false,
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.jobs.some((j) => j.steps.some((s) => !!s.uses && !!firstNode24Major(actionSlug(s)))),
  examinesWhat: 'a step using an official action whose Node 24 major is known (actions/checkout, setup-node, docker/build-push-action...)',
  checkFile(file, ctx) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        const known = step.uses ? firstNode24Major(actionSlug(step)) : undefined;
        if (!known) continue;
        const v = actionVersion(file, step);
        // A major that ran as a Docker container action has no Node runtime to judge.
        if (!v || v.major >= known.major || known.notNode.includes(v.major)) continue;
        const removed = ctx.now.getTime() >= Date.parse(`${NODE20_REMOVED}T00:00:00Z`);
        findings.push({
          message: `\`${actionSlug(step)}\` ${v.text} declares a Node 20 (or older) runtime, which GitHub ${removed ? `removed from its runners on ${NODE20_REMOVED}: it is forced onto Node 24 untested` : `deprecated and removes from its runners on ${NODE20_REMOVED}`}; move to v${known.major} or later, the first major built for Node 24 (pinned by SHA with the version in a comment)`,
          range: file.yamlRange(step.usesNode),
        });
      }
    }
    return findings;
  },
};
