/** The `performance/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as loadTests } from './load-tests';
import { rule as loadTestThresholds } from './load-test-thresholds';
import { rule as benchmarks } from './benchmarks';

/** Every `performance/*` rule. */
export const rules: Rule[] = [loadTests, loadTestThresholds, benchmarks];
