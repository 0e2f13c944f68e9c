/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';
import { rule as loadTests } from './load-tests';
import { rule as loadTestThresholds } from './load-test-thresholds';
import { rule as benchmarks } from './benchmarks';

export const rules: Rule[] = [
  loadTests,
  loadTestThresholds,
  benchmarks,
];
