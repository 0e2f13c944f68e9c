/**
 * testing/coverage-threshold: coverage is measured and a minimum is enforced, at or above the
 * `threshold` option (default 80%): Jest `coverageThreshold`, Vitest `thresholds`, nyc/c8
 * `check-coverage`, pytest `--cov-fail-under` / coverage.py `fail_under`, a Go threshold script or
 * go-test-coverage, a script that fails below a number it compares the coverage total to, codecov
 * targets, JaCoCo minimums, SimpleCov, tarpaulin and coverlet (found by `lib/coverage.ts`).
 * A threshold below the option earns partial credit; measuring without a minimum earns a little.
 * Enforced, not declared: a threshold only holds when CI runs the tests (for a threshold written in a
 * Makefile, script or workflow, when CI reaches that file); otherwise the credit is halved and the
 * message says "coverage threshold 80% in pyproject.toml, but no CI job runs the tests".
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { baseName } from '../lib/evidence';
import { activeStacks } from '../lib/test-cases';
import { coverageMeasured, coverageThresholds, notEnforced } from '../lib/coverage';
import { z } from 'zod';

/** Options: the coverage percentage the team agreed on. */
const OPTIONS = z.strictObject({
  threshold: z.number().min(0).max(100).default(80).describe('The coverage percentage (0-100) the enforced threshold must reach.'),
});
type Options = z.infer<typeof OPTIONS>;

export const rule: WorkspaceRule = {
  id: 'testing/coverage-threshold',
  category: 'testing',
  severity: 'medium',
  level: 'production',
  title: 'Test coverage is enforced at the agreed threshold',
  rationale: 'Teams set coverage targets (the seeds ask for 70-90%); only a threshold that fails the build keeps coverage from eroding one untested change at a time.',
  roadmap: [{ topic: 'the coverage threshold', match: /coverage/, rank: 260 }],
  optionsSchema: OPTIONS,
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts, { ws }) {
    return activeStacks(ws, facts).length > 0 || 'no product source code in a known language';
  },
  check({ ws, options }) {
    const required = (options as Options).threshold;
    const thresholds = coverageThresholds(ws);
    const evidence: Evidence[] = thresholds.map((t) => ({ message: `${t.tool}: ${t.value}%`, file: t.hit.file, line: t.hit.line }));
    if (thresholds.length) {
      const best = thresholds.reduce((a, b) => (b.value > a.value ? b : a));
      const why = notEnforced(ws, best.hit.file);
      if (best.value >= required && !why) return outcome.pass(evidence, `coverage must stay at or above ${best.value}%`);
      if (best.value >= required) {
        return outcome.partial(0.5, [{
          message: `coverage threshold ${best.value}% in ${baseName(best.hit.file)}, but ${why}: a threshold only protects coverage when CI runs the tests on every change`,
          file: best.hit.file,
          range: best.hit.range,
          data: { value: best.value, required, notRunInCi: true },
        }], evidence);
      }
      const finding: RuleFinding = {
        message: `the coverage threshold is ${best.value}% (${best.tool} in ${baseName(best.hit.file)}), below the required ${required}%${why ? `, and ${why}` : ''}: raise it to at least ${required}%`,
        file: best.hit.file,
        range: best.hit.range,
        data: { value: best.value, required, ...(why ? { notRunInCi: true } : {}) },
      };
      const credit = Math.max(0.25, Math.min(0.9, best.value / required));
      return outcome.partial(why ? credit * 0.5 : credit, [finding], evidence);
    }
    const measured = coverageMeasured(ws);
    if (measured) {
      const why = notEnforced(ws, measured.file);
      return outcome.partial(why ? 0.15 : 0.3, [{
        message: `coverage is measured (${baseName(measured.file)}) but no minimum is enforced${why ? ` (and ${why})` : ''}: add a threshold of at least ${required}% (coverageThreshold, thresholds, --check-coverage or --cov-fail-under) so the build fails below it`,
        file: measured.file,
        range: measured.range,
      }], [{ message: 'coverage is measured', file: measured.file, line: measured.line }]);
    }
    return outcome.fail([{ message: `test coverage is neither measured nor enforced: turn on coverage in the test runner and fail the build below ${required}%`, file: null }]);
  },
};
