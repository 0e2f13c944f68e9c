/**
 * The status-bar item: the score and level of the workspace; a click opens the score panel.
 */
import * as vscode from 'vscode';
import type { Report } from '../../server/src/shared/protocol';
import { levelLabel, plural } from './text';

/** The status-bar item. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('readiness.score', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = vscode.l10n.t('Readiness score');
    this.item.command = 'readiness.showPanel';
    this.item.text = `$(sync~spin) ${vscode.l10n.t('Readiness')}`;
    this.item.tooltip = vscode.l10n.t('Production readiness: auditing…');
    this.item.show();
  }

  /** Shows a report's score. */
  update(report: Report | undefined): void {
    if (!report) return;
    this.item.text = `$(checklist) ${vscode.l10n.t('Readiness {0}', report.score)}`;
    const next = report.nextLevel ? vscode.l10n.t('{0} before {1}', plural(report.blockers.length, vscode.l10n.t('blocker'), vscode.l10n.t('blockers')), report.nextLevel) : vscode.l10n.t('every level reached');
    this.item.tooltip = new vscode.MarkdownString(
      `**${vscode.l10n.t('Production readiness: {0}/100', report.score)}**\n\n${vscode.l10n.t('Level: {0} (target {1}); {2}.', levelLabel(report.level), report.targetLevel, next)}\n\n${vscode.l10n.t('Click to open the score panel.')}`,
    );
    this.item.backgroundColor = report.level === 'none' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** The text shown (tests read it). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
