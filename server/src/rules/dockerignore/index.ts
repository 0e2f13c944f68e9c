/** The `dockerignore/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as present } from './present';
import { rule as excludesSensitive } from './excludes-sensitive';
import { rule as wholeContextCopy } from './whole-context-copy';

/** Every `dockerignore/*` rule. */
export const rules: Rule[] = [present, excludesSensitive, wholeContextCopy];
