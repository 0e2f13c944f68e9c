/**
 * Suppression as code actions, for every diagnostic of this server: an inline
 * `readiness-ignore <rule> -- <reason>` comment above the finding or a `readiness-ignore-file` comment
 * for the entire file (when the file format has comments and the manifest allows inline
 * suppressions), and a waiver in readiness.yaml. Each asks the user for the reason through a client
 * command, then asks the server for the edit (`readiness/suppressEdit`).
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { META_RULE_IDS } from '../../rules/manifest';
import { ClientCommands, type SuppressCommandArgs } from '../../shared/protocol';
import { commentStyle } from '../edits';
import type { FixProvider } from './types';

export const suppressProvider: FixProvider = {
  name: 'suppress',
  codes: '*',
  provide(ctx, diagnostic) {
    const ruleId = diagnostic.code;
    if (META_RULE_IDS.has(ruleId) || diagnostic.data.summary) return [];
    const out: CodeAction[] = [];
    const file = diagnostic.data.file;
    const onThisFile = file !== null && file === ctx.rel && ctx.file !== undefined;
    if (onThisFile && ctx.project.manifest.suppressions.inline && commentStyle(ctx.file!.kind, ctx.file!.path)) {
      const args: SuppressCommandArgs = { uri: ctx.uri, ruleId, line: diagnostic.range.start.line, file };
      out.push({
        title: `Ignore ${ruleId} on this line (with a reason)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: 'Ignore inline', command: ClientCommands.suppressInline, arguments: [args] },
      });
      out.push({
        title: `Ignore ${ruleId} in this entire file (with a reason)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: 'Ignore in the file', command: ClientCommands.suppressInline, arguments: [{ ...args, line: 0, wholeFile: true }] },
      });
    }
    const waiverArgs: SuppressCommandArgs = { uri: ctx.uri, ruleId, file };
    out.push({
      title: file ? `Waive ${ruleId} for ${file} in readiness.yaml` : `Waive ${ruleId} in readiness.yaml`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: 'Add waiver', command: ClientCommands.addWaiver, arguments: [waiverArgs] },
    });
    return out;
  },
};
