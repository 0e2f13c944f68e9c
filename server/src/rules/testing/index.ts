/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';

export const rules: Rule[] = [];
