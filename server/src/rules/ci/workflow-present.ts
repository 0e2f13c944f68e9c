/**
 * ci/workflow-present: the repository has continuous integration. GitHub Actions workflows are read;
 * GitLab CI, CircleCI, Jenkins, Azure Pipelines, Bitbucket, Travis and Drone configurations count as
 * present with their file as evidence. The fix creates `.github/workflows/ci.yml` for the detected
 * stack (node, python, go), which itself passes every ci/* rule.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { createFileFix, outcome } from '../lib/util';
import { otherCiFiles } from '../lib/ci-steps';
import { scaffoldStack, scaffoldWorkflow } from '../lib/ci-scaffold';
import { activeWorkflows, isActiveWorkflowPath } from '../lib/workflow';

export const rule: WorkspaceRule = {
  id: 'ci/workflow-present',
  category: 'ci-cd',
  severity: 'high',
  level: 'prototype',
  title: 'Continuous integration runs on every change',
  rationale: 'Without CI nothing checks a change before it ships: tests, linters and builds only run when someone remembers to run them.',
  related: [{ tool: 'scorecard', id: 'CI-Tests' }],
  fixable: true,
  scope: 'workspace',
  check({ ws, facts, now }) {
    const evidence: Evidence[] = [];
    for (const wf of activeWorkflows(ws)) {
      if (wf.jobs.length > 0) evidence.push({ message: `GitHub Actions workflow "${wf.name ?? wf.file.path}" with ${wf.jobs.length} job(s)`, file: wf.file.path, line: 1 });
    }
    for (const ci of otherCiFiles(ws)) evidence.push({ message: `${ci.name} configuration`, file: ci.path, line: 1 });
    if (evidence.length > 0) return outcome.pass(evidence.slice(0, 10));
    const elsewhere = ws.pathsOfKind('workflow').filter((p) => !isActiveWorkflowPath(p));
    const note = elsewhere.length > 0 ? ` (${elsewhere[0]} is not run: GitHub only runs workflows in .github/workflows at the repository root)` : '';
    const stack = scaffoldStack(facts);
    const target = '.github/workflows/ci.yml';
    return outcome.fail([{
      message: `no CI configuration found${note}: add a GitHub Actions workflow that installs, lints, tests and builds on every push and pull request`,
      file: null,
      ...(stack && !ws.exists(target) ? { fix: createFileFix(`Create ${target} for ${stack}`, target, scaffoldWorkflow(ws, facts, stack, undefined, now)) } : {}),
    }]);
  },
};
