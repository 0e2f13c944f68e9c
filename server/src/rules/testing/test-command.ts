/**
 * testing/test-command: one well-known command runs the tests: `npm test` backed by a real script
 * (not npm's "no test specified" placeholder), a configured pytest, a Makefile `test` target, or the
 * built-in runner of Go, Rust, Maven/Gradle and .NET. CI, newcomers and agents all start from it.
 * A test command that no CI job runs (directly or through make, scripts, tox...) earns half its credit.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { baseName } from '../lib/evidence';
import { activeStacks } from '../lib/test-cases';
import { BUILT_IN, checkNode, checkPython, checkRuby, taskTarget } from '../lib/test-runners';
import { findRuns, hasCi, hitEvidence, isGating } from '../lib/ci-run';
import { TEST_SPEC } from '../lib/ci-checks';

/** A Node test runner invoked by itself (not through `npm test`). */
const NODE_RUNNER = /\b(?:jest|vitest|mocha|ava|karma\s+start|playwright\s+test|cypress\s+run|node\s+--test|react-scripts\s+test|ng\s+test)\b/;

export const rule: WorkspaceRule = {
  id: 'testing/test-command',
  category: 'testing',
  severity: 'high',
  level: 'mvp',
  title: 'One standard command runs the tests',
  rationale: 'CI, new engineers and release scripts need a single, conventional command that runs the whole suite; npm\'s "no test specified" placeholder fails or silently skips.',
  fixable: true,
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts, { ws }) {
    return activeStacks(ws, facts).length > 0 || 'no product source code in a known language';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    const findings: RuleFinding[] = [];
    const stacks = activeStacks(ws, facts);
    const task = taskTarget(ws);
    if (task) evidence.push({ message: `${baseName(task.file)} has a \`test\` target`, file: task.file, line: task.line });
    let total = 0;
    for (const s of stacks) {
      const builtIn = BUILT_IN[s];
      if (builtIn) {
        evidence.push({ message: `${s}: the built-in ${builtIn} runs the tests` });
        total += 1;
        continue;
      }
      const local: RuleFinding[] = [];
      const score = s === 'node' ? checkNode(ws, local, evidence) : s === 'python' ? checkPython(ws, facts, local, evidence) : checkRuby(ws, facts, local, evidence);
      // CI already runs the Node tests with their runner directly (`npx playwright test`, `vitest run`):
      // that command is the one everybody starts from, and a `test` script would only repeat it.
      const direct = s === 'node' && score < 1 && local.every((f) => /no `test` script/.test(f.message)) ? findRuns(ws, TEST_SPEC).filter((h) => isGating(h.run) && NODE_RUNNER.test(h.run.text)) : [];
      if (direct.length > 0) {
        evidence.push(...hitEvidence(direct, 'CI runs the Node tests directly', 2));
        total += 1;
        continue;
      }
      // A Makefile target is a fine single command when the ecosystem has none of its own.
      if (score < 1 && task && !local.some((f) => f.fix)) total += 1;
      else {
        total += score;
        findings.push(...local);
      }
    }
    let score = total / stacks.length;
    if (score > 0) {
      // Enforced, not declared: the command counts fully once CI runs the tests.
      const ran = findRuns(ws, TEST_SPEC).filter((h) => isGating(h.run));
      if (ran.length > 0) evidence.push(...hitEvidence(ran, 'CI runs the tests', 2));
      else {
        const what = evidence[0]?.message ?? 'a test command exists';
        findings.push({ message: `${what}, but ${hasCi(ws) ? 'no CI job runs the tests on pushes or pull requests' : 'there is no CI to run it'}: run it in a workflow on every push and pull request`, file: null, data: { notRunInCi: true } });
        score *= 0.5;
      }
    }
    if (findings.length === 0) return outcome.pass(evidence);
    return score > 0 ? outcome.partial(score, findings, evidence) : outcome.fail(findings, evidence);
  },
};
