/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';
import { rule as linter } from './linter';
import { rule as formatter } from './formatter';
import { rule as strictTypes } from './strict-types';
import { rule as preCommit } from './pre-commit';
import { rule as nodeVersionPinned } from './node-version-pinned';
import { rule as editorconfig } from './editorconfig';

export const rules: Rule[] = [
  linter,
  formatter,
  strictTypes,
  preCommit,
  nodeVersionPinned,
  editorconfig,
];
