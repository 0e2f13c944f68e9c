/**
 * testing/tests-present: every stack that holds product code has real automated tests: test files
 * named by the ecosystem's convention that contain at least one test case. A `tests/` folder with no
 * test files, or test files without a single `it(`/`def test_`/`func Test`, earns little credit.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { activeStacks, findTests, TEST_HINT } from '../lib/test-cases';

export const rule: WorkspaceRule = {
  id: 'testing/tests-present',
  category: 'testing',
  severity: 'critical',
  level: 'prototype',
  title: 'Automated tests exist for every language in the project',
  rationale: 'Without automated tests every change is verified by hand or not at all; the seeds rank missing tests as the first blocker to production.',
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts, { ws }) {
    return activeStacks(ws, facts).length > 0 || 'no product source code in a known language';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    const findings: RuleFinding[] = [];
    let total = 0;
    const stacks = activeStacks(ws, facts);
    for (const stack of stacks) {
      const t = findTests(ws, stack);
      if (t.testCase) {
        total += 1;
        evidence.push({ message: `${stack}: first test case${t.files.length ? ` (${t.files.length} test file(s))` : ''}`, file: t.testCase.file, line: t.testCase.line });
      } else if (t.files.length > 0) {
        total += 0.25;
        const first = t.files[0];
        findings.push({
          message: `${stack}: ${t.files.length} test file(s) such as ${first} hold no test case; ${TEST_HINT[stack]}`,
          file: first,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          data: { stack },
        });
      } else {
        findings.push({ message: `no ${stack} tests: ${TEST_HINT[stack]}`, file: null, data: { stack } });
      }
    }
    const score = total / stacks.length;
    if (findings.length === 0) return outcome.pass(evidence);
    return score > 0 ? outcome.partial(score, findings, evidence) : outcome.fail(findings, evidence);
  },
};
