/** The `quality/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as linter } from './linter';
import { rule as formatter } from './formatter';
import { rule as strictTypes } from './strict-types';
import { rule as preCommit } from './pre-commit';
import { rule as nodeVersionPinned } from './node-version-pinned';
import { rule as editorconfig } from './editorconfig';
import { rule as configParses } from './config-parses';

/** Every `quality/*` rule. */
export const rules: Rule[] = [linter, formatter, strictTypes, preCommit, nodeVersionPinned, editorconfig, configParses];
