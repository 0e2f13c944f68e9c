/**
 * Small wording helpers of the client, shared by the tree, the status bar and the score panel, so that
 * the editor says what the reports say ("below prototype", never "level none"; "1 blocker", never
 * "1 blocker(s)").
 */
import * as vscode from 'vscode';

/** A reached level as reports name it. */
export function levelLabel(level: string): string {
  return level === 'none' ? vscode.l10n.t('below prototype') : level;
}

/** "1 blocker" or "3 blockers": the count with the word in the right number (both forms are translated by the caller). */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
