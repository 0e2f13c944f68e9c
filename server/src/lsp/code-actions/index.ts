/**
 * The code-action dispatcher: hands each diagnostic of this server to the providers that declared its
 * code, adds the fix-all actions of the file (a quick fix and `source.fixAll.readiness`) and the
 * scaffolding source actions. A provider that throws is logged and skipped, so one bad fix never
 * takes the light bulb away.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../shared/protocol';
import { engineFixProvider, fixAllActions } from './engine-fix';
import { expiredWaiverProvider, schemaErrorProvider, unknownRuleProvider } from './manifest-fixes';
import { repositoryProvider } from './repository';
import { scaffoldProvider, scaffoldSourceActions } from './scaffold';
import { suppressProvider } from './suppress';
import type { FixContext, FixProvider, ReadinessDiagnostic } from './types';

/** Every provider, in the order their actions are listed (fixes first, suppressions last). */
export const PROVIDERS: readonly FixProvider[] = [engineFixProvider, repositoryProvider, unknownRuleProvider, schemaErrorProvider, expiredWaiverProvider, scaffoldProvider, suppressProvider];

/** True when a diagnostic comes from this server and carries its data. */
export function isReadinessDiagnostic(d: Diagnostic): d is ReadinessDiagnostic {
  return d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && typeof d.data === 'object' && d.data !== null && typeof (d.data as { ruleId?: unknown }).ruleId === 'string';
}

/** The code actions for the diagnostics of a request (and the source actions when asked for). */
export function codeActions(ctx: FixContext, diagnostics: Diagnostic[], only: string[] | undefined, log: (m: string) => void): CodeAction[] {
  const out: CodeAction[] = [];
  const wants = (kind: string) => !only || only.length === 0 || only.some((k) => kind === k || kind.startsWith(k + '.'));
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics) {
      if (!isReadinessDiagnostic(d)) continue;
      for (const p of PROVIDERS) {
        if (p.codes !== '*' && !p.codes.includes(d.code)) continue;
        try {
          out.push(...p.provide(ctx, d));
        } catch (e) {
          log(`fix provider ${p.name} failed on ${d.code}: ${(e as Error).stack ?? e}`);
        }
      }
    }
  }
  try {
    const quick = wants(CodeActionKind.QuickFix) && diagnostics.some((d) => isReadinessDiagnostic(d));
    // The fix-all source action is offered only when asked for (on save, or from the Source Action menu).
    const fixAll = Boolean(only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + '.')));
    out.push(...fixAllActions(ctx, quick, fixAll));
  } catch (e) {
    log(`fix-all actions failed: ${(e as Error).stack ?? e}`);
  }
  if (only?.some((k) => k === CodeActionKind.Source || k.startsWith(CodeActionKind.Source + '.readiness.scaffold'))) {
    try {
      out.push(...scaffoldSourceActions(ctx));
    } catch (e) {
      log(`scaffold actions failed: ${(e as Error).stack ?? e}`);
    }
  }
  // Several diagnostics may bring the same action (the repository summaries' "show in the tree"): one is enough.
  const seen = new Set<string>();
  return out.filter((a) => {
    if (a.edit) return true;
    const key = `${a.kind}\u0000${a.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
