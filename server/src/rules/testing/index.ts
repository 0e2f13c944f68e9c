/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';
import { rule as testsPresent } from './tests-present';
import { rule as testCommand } from './test-command';
import { rule as coverageThreshold } from './coverage-threshold';
import { rule as integrationTests } from './integration-tests';
import { rule as e2e } from './e2e';

export const rules: Rule[] = [
  testsPresent,
  testCommand,
  coverageThreshold,
  integrationTests,
  e2e,
];
