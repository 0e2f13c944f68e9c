/**
 * The client's copy of the server's reports, one per workspace folder, refreshed when the server
 * announces a new one (after every audit and, debounced, while the user types), plus the score trend
 * of each folder kept in the workspace state so that it survives restarts. The trend records audits of
 * saved files only (never an unsaved edit), at most one point a minute, each with its date.
 * The tree view, the status bar and the score panel all read from here.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportRequest, type HistoryPoint, type Report, type ReportResult } from '../../server/src/shared/protocol';

const HISTORY_KEY = 'readiness.history';
const MAX_HISTORY = 100;
/** Audits within this many milliseconds of the last point replace it. */
const MIN_INTERVAL_MS = 60000;

/** The audit triggers that measure saved files (an `edit` update or an unsaved manifest edit do not). */
export const SAVED_TRIGGERS: readonly string[] = ['initial', 'save', 'files', 'settings', 'command'];

/** Reports by folder and their history. */
export class ReportStore implements vscode.Disposable {
  private readonly reports = new Map<string, ReportResult>();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after any report changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Asks the server for the report of a folder (all folders when none is given). */
  async refresh(client: LanguageClient, folder?: string, recordHistory = false): Promise<void> {
    const folders = folder ? [folder] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    for (const f of folders.length ? folders : [undefined]) {
      try {
        const res = await client.sendRequest(ReportRequest, f ? { folder: f } : {});
        if (!res.report) continue;
        this.reports.set(res.folder || f || '', res);
        if (recordHistory) await this.record(res.folder || f || '', res.report);
      } catch (e) {
        this.log.error(`could not read the report: ${(e as Error).message}`);
      }
    }
    this.emitter.fire();
  }

  private async record(folder: string, report: Report): Promise<void> {
    const all = this.state.get<Record<string, HistoryPoint[]>>(HISTORY_KEY, {});
    const list = all[folder] ?? [];
    const last = list[list.length - 1];
    const point = { at: new Date().toISOString(), score: report.score, level: report.level };
    // At most one point a minute; and audits that change nothing within ten minutes are one point.
    const since = last ? Date.parse(point.at) - Date.parse(last.at) : Infinity;
    if (last && (since < MIN_INTERVAL_MS || (last.score === point.score && last.level === point.level && since < 600000))) list[list.length - 1] = point;
    else list.push(point);
    all[folder] = list.slice(-MAX_HISTORY);
    await this.state.update(HISTORY_KEY, all);
  }

  /** The score trend of a folder, oldest first. */
  history(folder: string): HistoryPoint[] {
    return this.state.get<Record<string, HistoryPoint[]>>(HISTORY_KEY, {})[folder] ?? [];
  }

  /** Every folder's last report. */
  all(): ReportResult[] {
    return [...this.reports.values()];
  }

  /** The report of the first folder that has one (single-folder workspaces have exactly one). */
  get primary(): ReportResult | undefined {
    return this.reports.values().next().value;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
