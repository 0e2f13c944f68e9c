/**
 * ci/runs-tests: CI really runs the test suite (npm test with a real script, pytest, go test, mvn
 * test/verify, gradle test, cargo test, dotnet test, rspec, ...) on pushes or pull requests, directly
 * or through what a step calls (a make target, a package script, a shell script, tox, a composite
 * action, a reusable workflow, a container). Tests that run only on a schedule, by hand, on tags, or
 * with their failure ignored get partial credit; workflow templates outside `.github/workflows` do not count.
 */
import type { WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { findRuns, hasCi, hitEvidence, isGating, whyNotGating } from '../lib/ci-run';
import { TEST_SPEC } from '../lib/ci-checks';
import { activeWorkflows } from '../lib/workflow';

export { TEST_SPEC } from '../lib/ci-checks';

export const rule: WorkspaceRule = {
  id: 'ci/runs-tests',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'CI runs the test suite on every change',
  rationale: 'A test suite that CI does not run rots: regressions land unnoticed. A step that runs the tests on every push and pull request makes them a gate.',
  roadmap: [{ topic: 'tests in CI', match: /(\bci\b|ci\/cd|pipeline|workflow|github actions|gitlab|on (every )?(pr|pull request|push)).*\btest|\btest.*(\bci\b|pipeline|workflow|on (every )?(pr|pull request|push))|automated test(s|ing)? on|tests? run(s)? (automatically|on every)/, rank: 120 }],
  related: [{ tool: 'scorecard', id: 'CI-Tests' }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws }) {
    if (!hasCi(ws)) return outcome.fail([{ message: 'no CI runs the tests: add a workflow with a test step (see ci/workflow-present)', file: null }]);
    const hits = findRuns(ws, TEST_SPEC);
    const gating = hits.filter((h) => isGating(h.run));
    if (gating.length > 0) return outcome.pass(hitEvidence(gating, 'runs tests'));
    if (hits.length > 0) {
      const h = hits[0];
      const start = h.run.chain[0];
      return outcome.partial(0.5, [{
        message: `tests run ${whyNotGating(h.run)}: run them on push and pull_request and let a failure fail the workflow`,
        file: start.file,
        range: { start: { line: start.line - 1, character: 0 }, end: { line: start.line - 1, character: 0 } },
      }], hitEvidence(hits, 'runs tests'));
    }
    return outcome.fail([{
      message: `no CI job runs the tests: add a step such as \`npm test\`, \`pytest\` or \`go test ./...\``,
      file: null,
    }], activeWorkflows(ws).slice(0, 5).map((w) => ({ message: 'workflow without a test step (followed through make, scripts and actions)', file: w.file.path, line: 1 })));
  },
};
