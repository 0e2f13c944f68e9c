/**
 * The status-bar item: the score and level of the workspace; a click opens the score panel.
 */
import * as vscode from 'vscode';
import type { Report } from '../../server/src/core/types';

/** The status-bar item. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('readiness.score', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Readiness score';
    this.item.command = 'readiness.showPanel';
    this.item.text = '$(sync~spin) Readiness';
    this.item.tooltip = 'Production readiness: auditing…';
    this.item.show();
  }

  /** Shows a report's score. */
  update(report: Report | undefined): void {
    if (!report) return;
    this.item.text = `$(checklist) Readiness ${report.score}`;
    const next = report.nextLevel ? `${report.blockers.length} blocker(s) before ${report.nextLevel}` : 'every level reached';
    this.item.tooltip = new vscode.MarkdownString(`**Production readiness: ${report.score}/100**\n\nLevel: ${report.level} (target ${report.targetLevel}); ${next}.\n\nClick to open the score panel.`);
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
