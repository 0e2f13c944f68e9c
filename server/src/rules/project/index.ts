/** The `project/*` rules: what the kind of the project itself tells. */
import type { Rule } from '../../core/types';
import { rule as example } from './example';

/** Every `project/*` rule. */
export const rules: Rule[] = [example];
