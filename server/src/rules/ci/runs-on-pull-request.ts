/**
 * ci/runs-on-pull-request: at least one workflow triggers on `pull_request`, so that changes are
 * checked before they are merged rather than after. The fix adds the trigger to the workflow that
 * runs the tests (or the first one triggered by push).
 */
import type { Fix, RuleFinding, WorkspaceRule } from '../../core/types';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { outcome, replaceFix } from '../lib/util';
import { findSteps, otherCiFiles } from '../lib/ci-steps';
import { TEST_SPEC } from './runs-tests';
import { activeWorkflows, columnOf, insertLinesAfter, isBlock, type Workflow } from '../lib/workflow';

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
  rationale: 'Workflows that only run on push to the main branch report a broken build after it is merged; a pull_request trigger catches it in review.',
  related: [{ tool: 'scorecard', id: 'CI-Tests' }],
  fixable: true,
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws }) {
    const wfs = activeWorkflows(ws);
    const other = otherCiFiles(ws);
    if (wfs.length === 0 && other.length > 0) return outcome.na(`CI runs on ${other.map((o) => o.name).join(', ')}, whose merge request triggers are not checked`);
    if (wfs.length === 0) return outcome.fail([{ message: 'no GitHub Actions workflow runs on pull requests: add one (see ci/workflow-present)', file: null }]);
    const onPr = wfs.filter((w) => w.triggers.includes('pull_request') || w.triggers.includes('merge_group'));
    if (onPr.length > 0) {
      return outcome.pass(onPr.slice(0, 5).map((w) => ({ message: `"${w.name ?? w.file.path}" runs on ${w.triggers.filter((t) => t === 'pull_request' || t === 'merge_group').join(', ')}`, file: w.file.path, line: w.file.yamlRange(w.onPair?.key).start.line + 1 })));
    }
    const tested = findSteps(ws, wfs, TEST_SPEC).map((h) => h.wf);
    const target = tested.find((w) => w.onPair) ?? wfs.find((w) => w.onPair && w.triggers.includes('push'));
    const finding: RuleFinding = { message: 'no workflow runs on pull_request: add the trigger so changes are built and tested before merge', file: null };
    if (target) {
      finding.file = target.file.path;
      finding.range = target.file.yamlRange(target.onPair!.key);
      finding.message = `${target.file.path} runs on ${target.triggers.join(', ') || 'nothing'} but not on pull_request: add the trigger so changes are built and tested before merge`;
      const fix = addTrigger(target);
      if (fix) finding.fix = fix;
    }
    return outcome.fail([finding]);
  },
};
