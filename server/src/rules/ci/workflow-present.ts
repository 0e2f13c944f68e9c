/**
 * ci/workflow-present: the repository has continuous integration that checks changes: a GitHub
 * Actions workflow (or a GitLab CI, CircleCI, Jenkins, Azure Pipelines, Bitbucket, Travis, Drone...
 * configuration) that runs a check (tests, lint, build, type check, image build, gate or scan,
 * followed through make, scripts and actions) on pushes or pull requests. Workflows that run nothing
 * of the kind (stale bots, labellers, release notes) are automation, not CI; checks that run only on a
 * schedule or by hand earn partial credit. The fix creates `.github/workflows/ci.yml` for the detected
 * stack (node, python, go), which itself passes every ci/* rule.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { createFileFix, outcome } from '../lib/util';
import { findRuns, hitEvidence, otherCiFiles } from '../lib/ci-run';
import { CHECK_SPECS } from '../lib/ci-checks';
import { scaffoldStack, scaffoldWorkflow } from '../lib/ci-scaffold';
import { activeWorkflows, isActiveWorkflowPath } from '../lib/workflow';

export const rule: WorkspaceRule = {
  id: 'ci/workflow-present',
  category: 'ci-cd',
  severity: 'high',
  level: 'prototype',
  title: 'Continuous integration runs on every change',
  rationale: 'Without CI nothing checks a change before it ships: tests, linters and builds only run when someone remembers to run them.',
  roadmap: [{ topic: 'the CI pipeline', match: /\bci\b|ci\/cd|continuous integration|pipeline|github actions|gitlab ci|workflows?\b|automated (build|deploy)/, broad: true, rank: 250 }],
  scaffold: 'ci',
  related: [{ tool: 'scorecard', id: 'CI-Tests' }],
  fixable: true,
  scope: 'workspace',
  check({ ws, facts, now }) {
    const wfs = activeWorkflows(ws);
    const other = otherCiFiles(ws);
    const stack = scaffoldStack(facts);
    const target = '.github/workflows/ci.yml';
    const fix = stack && !ws.exists(target) ? { fix: createFileFix(`Create ${target} for ${stack}`, target, scaffoldWorkflow(ws, facts, stack, undefined, now)) } : {};
    if (wfs.length > 0 || other.length > 0) {
      const checks = findRuns(ws, CHECK_SPECS).filter((h) => !h.run.lenient);
      const onChanges = checks.filter((h) => h.run.entry.triggers.changes);
      if (onChanges.length > 0) {
        const files = [...new Set(onChanges.map((h) => h.run.entry.file))];
        const evidence: Evidence[] = files.slice(0, 5).map((f) => ({ message: `${f.startsWith('.github/') ? 'GitHub Actions workflow' : other.find((o) => o.path === f)?.name ?? 'CI configuration'} that checks changes`, file: f, line: 1 }));
        return outcome.pass([...evidence, ...hitEvidence(onChanges, 'checks', 5)]);
      }
      const names = [...wfs.map((w) => w.file.path), ...other.map((o) => o.path)];
      const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? `, and ${names.length - 4} more` : '');
      if (checks.length > 0) {
        const t = checks[0].run.entry.triggers;
        return outcome.partial(0.5, [{
          message: `CI checks the code only on ${t.summary} (${checks[0].run.entry.file}), not on pushes or pull requests: run the tests, linters and build on every change`,
          file: checks[0].run.entry.file,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        }], hitEvidence(checks, 'checks', 5));
      }
      return outcome.fail([{
        message: `${shown} run${names.length === 1 ? 's' : ''} no check (tests, lint, build, type check or scan, followed through make targets, scripts and actions): that is automation, not CI; add a workflow that installs, lints, tests and builds on every push and pull request`,
        file: null,
        ...fix,
      }], names.slice(0, 5).map((p) => ({ message: 'CI configuration without a check', file: p, line: 1 })));
    }
    const elsewhere = ws.pathsOfKind('workflow').filter((p) => !isActiveWorkflowPath(p));
    const note = elsewhere.length > 0 ? ` (${elsewhere[0]} is not run: GitHub only runs workflows in .github/workflows at the repository root)` : '';
    return outcome.fail([{
      message: `no CI configuration found${note}: add a GitHub Actions workflow that installs, lints, tests and builds on every push and pull request`,
      file: null,
      ...fix,
    }]);
  },
};
