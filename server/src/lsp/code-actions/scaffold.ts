/**
 * Scaffolding as code actions: a diagnostic about a missing document or configuration (a runbook, a
 * CI workflow, Dependabot, SECURITY.md, ...) gets "Create <file> from a template" when its rule did
 * not bring a fix of its own; the Source Action menu offers the scaffolding picker everywhere.
 * It handles the rules that name a template as their scaffold (`RuleMeta.scaffold`).
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { ClientCommands } from '../../shared/protocol';
import { fixEdit } from '../fix-edit';
import { SCAFFOLDED_RULE_IDS, scaffoldFiles, templateForRule } from '../scaffold';
import type { FixContext, FixProvider } from './types';

/** The code-action kind of the scaffolding source actions. */
export const SCAFFOLD_KIND = `${CodeActionKind.Source}.readiness.scaffold`;

export const scaffoldProvider: FixProvider = {
  name: 'scaffold',
  codes: SCAFFOLDED_RULE_IDS,
  provide(ctx, diagnostic) {
    const { ws, facts } = ctx.project;
    const t = templateForRule(ws, diagnostic.code);
    if (!t) return [];
    if (diagnostic.data.fix?.changes.some((c) => c.kind === 'create' && c.file === t.path)) return [];
    const content = scaffoldFiles(ws, facts, [t.id]).get(t.path);
    if (content === undefined) return [];
    const { edit, created } = fixEdit([{ title: t.title, changes: [{ kind: 'create', file: t.path, content }] }], ctx.target);
    if (created.length === 0) return [];
    return [{
      title: `Create ${t.path} from a template`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit,
      command: { title: 'Save and open the created file', command: ClientCommands.afterFix, arguments: [created] },
    }];
  },
};

/** The source actions offered in every document of the folder. */
export function scaffoldSourceActions(ctx: FixContext): CodeAction[] {
  const out: CodeAction[] = [{ title: 'Scaffold missing production files…', kind: SCAFFOLD_KIND, command: { title: 'Scaffold', command: ClientCommands.scaffold } }];
  if (!ctx.project.manifestPath) out.push({ title: 'Create readiness.yaml', kind: SCAFFOLD_KIND, command: { title: 'Create manifest', command: ClientCommands.scaffold, arguments: [['manifest']] } });
  return out;
}
