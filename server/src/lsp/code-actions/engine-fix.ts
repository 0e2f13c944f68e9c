/**
 * The rules' own mechanical fixes (add USER, HEALTHCHECK, --no-install-recommends, ADD → COPY,
 * permissions, timeout-minutes, moving `${{ }}` into env, adding .env to .gitignore, ...), as quick
 * fixes, and the fix-all actions built from them: "fix all of this rule in this file", "fix all in
 * this file" and the `source.fixAll.readiness` action that `editor.codeActionsOnSave` runs. Each fixable
 * rule builds its fix next to its check; every edit here comes from the one fix path (`fixEdit`) and
 * uses the findings the server holds now, never positions carried in an older diagnostic.
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import type { Finding } from '../../core/types';
import { allRules } from '../../rules';
import { ClientCommands, FIX_ALL_KIND } from '../../shared/protocol';
import { clampRange } from '../diagnostics';
import { editsOnly, fixEdit, fixesOf } from '../fix-edit';
import type { FixContext, FixProvider, ReadinessDiagnostic } from './types';

/** The ids of the rules that declare `fixable: true`. */
export const FIXABLE_RULE_IDS: readonly string[] = allRules.filter((r) => r.fixable).map((r) => r.id);

/** The finding the server holds now that a diagnostic stands for, if it is still there. */
export function liveFinding(ctx: FixContext, d: ReadinessDiagnostic): Finding | undefined {
  const same = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line === b.line && a.character === b.character;
  return ctx.project.findingsOf(ctx.rel).find((f) => {
    if (f.ruleId !== d.code || f.file !== ctx.rel) return false;
    const r = clampRange(f.range, ctx.file);
    return same(r.start, d.range.start) && same(r.end, d.range.end);
  });
}

/** The fixable findings of the file that only edit the file itself (what fix-all in a file applies). */
export function fileFixable(ctx: FixContext, ruleId?: string): Finding[] {
  return ctx.project.findingsOf(ctx.rel).filter((f) => f.file === ctx.rel && f.fix && editsOnly(f.fix, ctx.rel) && (!ruleId || f.ruleId === ruleId));
}

export const engineFixProvider: FixProvider = {
  name: 'engine-fix',
  codes: FIXABLE_RULE_IDS,
  provide(ctx, diagnostic) {
    const finding = liveFinding(ctx, diagnostic);
    if (!finding?.fix) return [];
    const out: CodeAction[] = [];
    const one = fixEdit([finding.fix], ctx.target);
    if (one.applied > 0) {
      const action: CodeAction = { title: finding.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: one.edit };
      if (one.created.length > 0) action.command = { title: 'Save and open the created files', command: ClientCommands.afterFix, arguments: [one.created] };
      out.push(action);
    }
    const same = fileFixable(ctx, finding.ruleId);
    if (same.length > 1) {
      const all = fixEdit(fixesOf(same), ctx.target);
      if (all.applied > 1) out.push({ title: `Fix all ${all.applied} ${finding.ruleId} problems in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: all.edit });
    }
    return out;
  },
};

/**
 * The actions for the whole file, offered once per request: "Fix all auto-fixable readiness problems"
 * among the quick fixes (when more than one rule has a fix here) and the `source.fixAll.readiness`
 * source action. Both apply only fixes that edit this file; nothing is created on save.
 */
export function fixAllActions(ctx: FixContext, wantQuickFix: boolean, wantFixAll: boolean): CodeAction[] {
  if (!wantQuickFix && !wantFixAll) return [];
  const fixable = fileFixable(ctx);
  if (fixable.length === 0) return [];
  const all = fixEdit(fixesOf(fixable), ctx.target);
  if (all.applied === 0) return [];
  const out: CodeAction[] = [];
  if (wantQuickFix && new Set(fixable.map((f) => f.ruleId)).size > 1) out.push({ title: `Fix all ${all.applied} auto-fixable readiness problems in this file`, kind: CodeActionKind.QuickFix, edit: all.edit });
  if (wantFixAll) out.push({ title: `Fix all auto-fixable readiness problems (${all.applied})`, kind: FIX_ALL_KIND, edit: all.edit });
  return out;
}
