/** The `docs/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as readme } from './readme';
import { rule as readmeSections } from './readme-sections';
import { rule as license } from './license';
import { rule as api } from './api';
import { rule as architecture } from './architecture';
import { rule as contributing } from './contributing';
import { rule as changelog } from './changelog';

/** Every `docs/*` rule. */
export const rules: Rule[] = [readme, readmeSections, license, api, architecture, contributing, changelog];
