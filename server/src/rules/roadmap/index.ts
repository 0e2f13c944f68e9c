/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';
import { rule as doneButFailing } from './done-but-failing';
import { rule as openButPassing } from './open-but-passing';
import { rule as claimNotMet } from './claim-not-met';
import { rule as unmappedItems } from './unmapped-items';

export const rules: Rule[] = [
  doneButFailing,
  openButPassing,
  claimNotMet,
  unmappedItems,
];
