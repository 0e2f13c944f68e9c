/**
 * Quick fixes of the summary diagnostic that stands, on the manifest, for a category's
 * repository-level findings: reveal them in the Readiness tree, apply one of their fixes (most create
 * a missing file), or apply all of them at once through the one fix path.
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { CATEGORY_IDS } from '../../manifest/schema';
import { ClientCommands, REPOSITORY_SUMMARY_PREFIX } from '../../shared/protocol';
import { fixEdit, fixesOf } from '../fix-edit';
import type { FixProvider } from './types';

/** At most this many single fixes are listed; "apply all" covers the rest. */
const MAX_SINGLE = 5;

export const repositoryProvider: FixProvider = {
  name: 'repository',
  codes: CATEGORY_IDS.map((c) => `${REPOSITORY_SUMMARY_PREFIX}${c}`),
  provide(ctx, diagnostic) {
    const category = diagnostic.data.summary?.category;
    if (!category) return [];
    const findings = ctx.project.repositoryFindings().filter((f) => f.category === category);
    const out: CodeAction[] = [];
    const fixable = findings.filter((f) => f.fix);
    for (const f of fixable.slice(0, MAX_SINGLE)) {
      const built = fixEdit([f.fix!], ctx.target);
      if (built.applied === 0) continue;
      out.push({
        title: f.fix!.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: built.edit,
        ...(built.created.length > 0 ? { command: { title: 'Save and open the created files', command: ClientCommands.afterFix, arguments: [built.created] } } : {}),
      });
    }
    if (fixable.length > 1) {
      const all = fixEdit(fixesOf(fixable), ctx.target);
      if (all.applied > 1) {
        out.push({
          title: `Apply all ${all.applied} fixes of these findings`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: all.edit,
          ...(all.created.length > 0 ? { command: { title: 'Save and open the created files', command: ClientCommands.afterFix, arguments: [all.created] } } : {}),
        });
      }
    }
    out.push({ title: `Show the ${findings.length} finding${findings.length === 1 ? '' : 's'} in the Readiness tree`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: 'Show in the tree', command: ClientCommands.revealCheck, arguments: [{ category }] } });
    return out;
  },
};
