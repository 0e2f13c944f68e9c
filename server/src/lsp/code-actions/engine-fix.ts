/**
 * The rules' own mechanical fixes (add USER, HEALTHCHECK, --no-install-recommends, ADD → COPY,
 * permissions, timeout-minutes, moving `${{ }}` into env, adding .env to .gitignore, ...). Each
 * fixable rule builds its fix next to its check; this provider only carries it to the editor, and opens
 * a created file for review.
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { allRules } from '../../rules';
import { ClientCommands } from '../../shared/protocol';
import { fixToWorkspaceEdit } from '../edits';
import type { FixProvider } from './types';

/** The ids of the rules that declare `fixable: true`. */
export const FIXABLE_RULE_IDS: readonly string[] = allRules.filter((r) => r.fixable).map((r) => r.id);

export const engineFixProvider: FixProvider = {
  name: 'engine-fix',
  codes: FIXABLE_RULE_IDS,
  provide(ctx, diagnostic) {
    const fix = diagnostic.data.fix;
    if (!fix || !Array.isArray(fix.changes) || fix.changes.length === 0) return [];
    const { edit, created } = fixToWorkspaceEdit([fix], ctx.target);
    if ((edit.documentChanges ?? []).length === 0) return [];
    const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit };
    if (created.length > 0) action.command = { title: 'Open the created files', command: ClientCommands.openFiles, arguments: [created] };
    return [action];
  },
};
