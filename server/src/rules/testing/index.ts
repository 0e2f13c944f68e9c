/** The `testing/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as testsPresent } from './tests-present';
import { rule as testCommand } from './test-command';
import { rule as coverageThreshold } from './coverage-threshold';
import { rule as integrationTests } from './integration-tests';
import { rule as e2e } from './e2e';

/** Every `testing/*` rule. */
export const rules: Rule[] = [testsPresent, testCommand, coverageThreshold, integrationTests, e2e];
