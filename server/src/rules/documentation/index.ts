/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';
import { rule as docsReadme } from './docs-readme';
import { rule as docsReadmeSections } from './docs-readme-sections';
import { rule as docsLicense } from './docs-license';
import { rule as docsApi } from './docs-api';
import { rule as docsArchitecture } from './docs-architecture';
import { rule as docsContributing } from './docs-contributing';
import { rule as docsChangelog } from './docs-changelog';

export const rules: Rule[] = [
  docsReadme,
  docsReadmeSections,
  docsLicense,
  docsApi,
  docsArchitecture,
  docsContributing,
  docsChangelog,
];
