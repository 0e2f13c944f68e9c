/**
 * Quick fixes of the summary diagnostic that stands, on the manifest, for a category's
 * repository-level findings: apply the category's fixes at once through the one fix path (most create
 * a missing file), or reveal the findings in the Readiness tree.
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { CATEGORY_TITLES, type CategoryId } from '../../core/types';
import { CATEGORY_IDS } from '../../manifest/schema';
import { ClientCommands, REPOSITORY_SUMMARY_PREFIX } from '../../shared/protocol';
import { fixEdit, fixesOf } from '../fix-edit';
import type { FixProvider } from './types';

export const repositoryProvider: FixProvider = {
  name: 'repository',
  codes: CATEGORY_IDS.map((c) => `${REPOSITORY_SUMMARY_PREFIX}${c}`),
  provide(ctx, diagnostic) {
    const category = diagnostic.data.summary?.category;
    if (!category) return [];
    const title = CATEGORY_TITLES[category as CategoryId] ?? category;
    const findings = ctx.project.repositoryFindings().filter((f) => f.category === category);
    const out: CodeAction[] = [];
    // One action per category applies all its fixes at once (most create a missing file); its title
    // says what it does, so that several categories sharing the manifest's first line stay readable.
    const fixable = findings.filter((f) => f.fix);
    if (fixable.length > 0) {
      const all = fixEdit(fixesOf(fixable), ctx.target);
      if (all.applied > 0) {
        const names = all.created.map((u) => decodeURIComponent(u.split('/').pop() ?? u));
        const what = all.applied === 1 ? fixable.find((f) => f.fix)!.fix!.title : names.length === all.applied ? `Create ${names.join(', ')}` : `Apply ${all.applied} fixes`;
        out.push({
          title: `${title}: ${what}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: all.edit,
          ...(all.created.length > 0 ? { command: { title: 'Save and open the created files', command: ClientCommands.afterFix, arguments: [all.created] } } : {}),
        });
      }
    }
    // The same title for every category: the dispatcher keeps one, for the category of the first.
    out.push({ title: 'Show the repository-level findings in the Readiness tree', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: 'Show in the tree', command: ClientCommands.revealCheck, arguments: [{ category }] } });
    return out;
  },
};
