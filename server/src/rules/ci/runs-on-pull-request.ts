/**
 * ci/runs-on-pull-request: at least one workflow runs on pull requests (opened, synchronized or
 * reopened, or in the merge queue) AND runs a check there (tests, lint, build, type check, image build,
 * gate or scan, followed through make, scripts and actions), so that changes are checked before they
 * are merged rather than after. A workflow that only runs when a pull request is closed or labelled,
 * or that runs on pull requests without checking anything (a labeller, a merge bot), does not count.
 * The fix adds the trigger to the workflow that runs the tests (or the first one triggered by push).
 */
import type { Fix, RuleFinding, WorkspaceRule } from '../../core/types';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { outcome, replaceFix } from '../lib/util';
import { findRuns, hitEvidence, otherCiFiles, triggersOf, type CiHit } from '../lib/ci-run';
import { CHECK_SPECS, TEST_SPEC } from '../lib/ci-checks';
import { activeWorkflows, columnOf, type Workflow } from '../lib/workflow';
import { insertLinesAfter, isBlock } from '../lib/yaml-edit';

function addTrigger(wf: Workflow): Fix | undefined {
  const file = wf.file;
  const node = wf.onPair?.value as Node | undefined;
  const title = `Run ${file.path} on pull requests`;
  // An empty `on:` (a null scalar) has no event to extend: no mechanical fix.
  if (isScalar(node) && node.type === 'PLAIN' && node.range && node.value !== null && node.value !== undefined && node.range[1] > node.range[0]) {
    return replaceFix(title, file, file.rangeOf(node.range[0], node.range[1]), `[${String(node.value)}, pull_request]`);
  }
  if (isSeq(node) && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as Node;
    if (!isBlock(node)) {
      if (!last.range) return undefined;
      const at = file.positionAt(last.range[1]);
      return replaceFix(title, file, { start: at, end: at }, ', pull_request');
    }
    return node.range ? insertLinesAfter(title, file, node, columnOf(file, node.range[0]), ['- pull_request']) : undefined;
  }
  if (isMap(node) && isBlock(node) && node.items.length > 0) {
    const first = node.items[0].key as Node;
    return first.range ? insertLinesAfter(title, file, node, columnOf(file, first.range[0]), ['pull_request:']) : undefined;
  }
  return undefined;
}

export const rule: WorkspaceRule = {
  id: 'ci/runs-on-pull-request',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'CI checks pull requests before they merge',
  rationale: 'Workflows that only run on push to the main branch report a broken build after it is merged; a pull_request trigger on a workflow that tests, lints or builds catches it in review.',
  roadmap: [{ topic: 'CI on pull requests', match: /pull requests?|\bprs?\b/, rank: 240 }],
  related: [{ tool: 'scorecard', id: 'CI-Tests' }],
  fixable: true,
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws }) {
    const wfs = activeWorkflows(ws);
    const other = otherCiFiles(ws);
    if (wfs.length === 0 && other.length > 0) return outcome.na(`CI runs on ${[...new Set(other.map((o) => o.name))].join(', ')}, whose merge request triggers are not checked`);
    if (wfs.length === 0) return outcome.fail([{ message: 'no GitHub Actions workflow runs on pull requests: add one (see ci/workflow-present)', file: null }]);
    const checks = findRuns(ws, CHECK_SPECS).filter((h) => !h.run.lenient);
    // A check counts for pull requests when its job runs on them (a job limited to tags or pushes does not).
    // The checks of each workflow that runs on pull requests, grouped once (not filtered once per workflow).
    const byWorkflow = new Map<Workflow, CiHit[]>();
    for (const h of checks) {
      const wf = h.run.entry.workflow;
      if (!wf || !h.run.entry.triggers.pullRequest) continue;
      const list = byWorkflow.get(wf);
      if (list) list.push(h);
      else byWorkflow.set(wf, [h]);
    }
    const checksOf = (wf: Workflow): CiHit[] => byWorkflow.get(wf) ?? [];
    const onPr = wfs.filter((w) => triggersOf(w).pullRequest);
    const checking = onPr.filter((w) => checksOf(w).length > 0);
    if (checking.length > 0) {
      return outcome.pass(checking.slice(0, 5).flatMap((w) => [
        { message: `"${w.name ?? w.file.path}" runs on ${prEvents(w)}`, file: w.file.path, line: w.file.yamlRange(w.onPair?.key).start.line + 1 },
        ...hitEvidence(checksOf(w), 'and checks', 1),
      ]));
    }
    const notes: string[] = [];
    for (const w of wfs) {
      const t = triggersOf(w);
      const pr = w.triggers.filter((e) => e === 'pull_request' || e === 'pull_request_target');
      if (pr.length > 0 && !t.pullRequest) notes.push(`${w.file.path} runs on ${pr.join(', ')} only for ${prTypes(w) || 'the base branch code'}, not on the pull request's changes`);
      else if (t.pullRequest) notes.push(`${w.file.path} runs on pull requests but runs no check (tests, lint, build, type check or scan)`);
    }
    const tested = findRuns(ws, TEST_SPEC).map((h) => h.run.entry.workflow).filter((w): w is Workflow => !!w && !triggersOf(w).pullRequest && !w.triggers.includes('pull_request'));
    const withChecks = checks.map((h) => h.run.entry.workflow).filter((w): w is Workflow => !!w && !w.triggers.includes('pull_request') && triggersOf(w).changes);
    const target = tested.find((w) => w.onPair) ?? withChecks.find((w) => w.onPair) ?? wfs.find((w) => w.onPair && w.triggers.includes('push') && !w.triggers.includes('pull_request'));
    const why = notes.length > 0 ? ` (${notes.slice(0, 2).join('; ')})` : '';
    const finding: RuleFinding = { message: `no workflow checks pull requests${why}: run the tests, linters and build on pull_request so changes are checked before merge`, file: null };
    if (target) {
      finding.file = target.file.path;
      finding.range = target.file.yamlRange(target.onPair!.key);
      finding.message = `${target.file.path} runs on ${target.triggers.join(', ') || 'nothing'} but not on pull_request${why}: add the trigger so changes are built and tested before merge`;
      const fix = addTrigger(target);
      if (fix) finding.fix = fix;
    }
    return outcome.fail([finding]);
  },
};

function prEvents(w: Workflow): string {
  return w.triggers.filter((t) => t === 'pull_request' || t === 'pull_request_target' || t === 'merge_group').join(', ');
}

function prTypes(w: Workflow): string {
  const types = new Set<string>();
  for (const e of ['pull_request', 'pull_request_target']) {
    const c = w.triggerConfig.get(e);
    const t = c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>).types : undefined;
    for (const x of Array.isArray(t) ? t : t !== undefined ? [t] : []) types.add(String(x));
  }
  return types.size > 0 ? `types ${[...types].join(', ')}` : '';
}
