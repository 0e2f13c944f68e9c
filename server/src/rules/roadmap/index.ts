/** The `roadmap/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as doneButFailing } from './done-but-failing';
import { rule as openButPassing } from './open-but-passing';
import { rule as claimNotMet } from './claim-not-met';
import { rule as unmappedItems } from './unmapped-items';

/** Every `roadmap/*` rule. */
export const rules: Rule[] = [doneButFailing, openButPassing, claimNotMet, unmappedItems];
