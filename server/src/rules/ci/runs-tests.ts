/**
 * ci/runs-tests: a workflow step really runs the test suite (npm test with a real script, pytest, go
 * test, mvn test/verify, gradle test, cargo test, dotnet test, rspec, ...) on pushes or pull requests.
 * Tests that run only on a schedule or with `continue-on-error` get partial credit; workflow templates
 * kept outside `.github/workflows` do not count.
 */
import type { WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { findSteps, hitEvidence, otherCiFiles, otherCiHits, runsOnChanges, type CommandSpec } from '../lib/ci-steps';
import { activeWorkflows, mayContinue } from '../lib/workflow';

/** What running tests looks like in a workflow. */
export const TEST_SPEC: CommandSpec = {
  re: /\b(?:jest|vitest|mocha|ava|karma\s+start|playwright\s+test|cypress\s+run|node\s+--test|react-scripts\s+test|ng\s+test|deno\s+test|pytest|py\.test|nosetests|tox|nox)\b|python[\d.]*\s+-m\s+(?:pytest|unittest)\b|\bmanage\.py\s+test\b|\bgo\s+test\b|\bgotestsum\b|\bmvnw?\s+(?:[^\n|&;]*\s)?(?:test|verify|install|package)\b(?![^\n]*-D(?:skipTests|maven\.test\.skip))|\bgradlew?\s+(?:[^\n|&;]*\s)?(?:test|check|build)\b(?![^\n]*-x\s+test)|\bcargo\s+(?:test|nextest|tarpaulin|llvm-cov)\b|\bdotnet\s+test\b|\brspec\b|\brake\s+(?:test|spec)\b|\brails\s+test\b|\bphpunit\b|\bctest\b|\bmix\s+test\b|\bswift\s+test\b|\bflutter\s+test\b|\bdart\s+test\b|\bsbt\b[^\n]*\btest\b|\bmake\s+(?:test|check|tests)\b|\bbazel\s+test\b|\bxcodebuild\b[^\n]*\btest\b/,
  scriptName: /^(test|tests|spec|unit|e2e|coverage|cov|ci)(?:[:_-](?!lint|types?\b|typings|format|prettier|style)|$)/i,
  actions: /^(cypress-io\/github-action|julia-actions\/julia-runtest)$/,
};

export const rule: WorkspaceRule = {
  id: 'ci/runs-tests',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'CI runs the test suite on every change',
  rationale: 'A test suite that CI does not run rots: regressions land unnoticed. A step that runs the tests on every push and pull request makes them a gate.',
  related: [{ tool: 'scorecard', id: 'CI-Tests' }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws }) {
    const wfs = activeWorkflows(ws);
    const other = otherCiHits(ws, TEST_SPEC, 'runs tests');
    if (wfs.length === 0 && other.length > 0) return outcome.pass(other);
    if (wfs.length === 0 && otherCiFiles(ws).length === 0) return outcome.fail([{ message: 'no GitHub Actions workflow runs the tests: add a workflow with a test step (see ci/workflow-present)', file: null }]);
    const hits = findSteps(ws, wfs, TEST_SPEC);
    const gating = hits.filter((h) => runsOnChanges(h.wf) && !mayContinue(h.step.continueOnError) && !mayContinue(h.job.continueOnError));
    if (gating.length > 0 || other.length > 0) return outcome.pass([...hitEvidence(gating, 'runs tests'), ...other]);
    if (hits.length > 0) {
      const h = hits[0];
      const why = runsOnChanges(h.wf) ? 'with continue-on-error, so failures do not fail the build' : `only on ${h.wf.triggers.join(', ') || 'no trigger'}, not on pushes or pull requests`;
      return outcome.partial(0.5, [{
        message: `tests run ${why}: run them on push and pull_request and let a failure fail the workflow`,
        file: h.wf.file.path,
        range: h.wf.file.yamlRange(h.step.runNode ?? h.step.node),
      }], hitEvidence(hits, 'runs tests'));
    }
    return outcome.fail([{
      message: `no CI job runs the tests: add a step such as \`npm test\`, \`pytest\` or \`go test ./...\``,
      file: null,
    }], wfs.slice(0, 5).map((w) => ({ message: `workflow without a test step`, file: w.file.path, line: 1 })));
  },
};
