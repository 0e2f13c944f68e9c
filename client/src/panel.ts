/**
 * The score panel: a webview with the overall score and level, each category's score against its
 * target with the gap, the next steps (first those that block the next level, then the others, each
 * group by the points they are worth; a step opens its file or reveals its check in the tree, and a
 * step with a fix has a Fix button), and the trend of past audits of saved files on a time axis.
 * Strict CSP (no remote resources, a nonce for the one script), and only `--vscode-*` theme variables
 * in media/panel.css, so every theme works. Every text the webview shows comes translated from here.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { HistoryPoint, ReportResult } from '../../server/src/shared/protocol';
import type { ReportStore } from './store';
import { levelLabel, plural } from './text';

/** Messages the webview sends; one discriminant field, `type`. */
export type FromPanel = { type: 'ready' } | { type: 'openStep'; index: number } | { type: 'fixStep'; index: number } | { type: 'audit' } | { type: 'export' };

/** What the panel shows, computed from a report. */
export interface PanelModel {
  folderName: string;
  score: number;
  level: string;
  targetLevel: string;
  nextLevel: string | null;
  blockers: number;
  categories: { id: string; title: string; score: number | null; target: number; gap: number | null; priority: string }[];
  /** The next steps; `index` is the step's place in the report's `nextSteps`. */
  nextSteps: { index: number; ruleId: string; title: string; points: number; severity: string; where: string; fix?: string; blocksLevel?: string }[];
  history: HistoryPoint[];
  findings: number;
  durationMs: number;
  /** The webview's texts, translated. */
  text: Record<string, string>;
}

/** Messages the extension sends to the webview. */
export type ToPanel = { type: 'update'; model: PanelModel | null };

/** Builds the panel model of a report. */
export function panelModel(res: ReportResult, history: HistoryPoint[]): PanelModel | null {
  const r = res.report;
  if (!r) return null;
  const steps = r.nextSteps.map((s, index) => ({ s, index }));
  // Level blockers first, then the rest, each by points: at most 12 in all.
  const chosen = [...steps.filter((x) => x.s.blocksLevel), ...steps.filter((x) => !x.s.blocksLevel)].slice(0, 12);
  const findings = r.findings.filter((f) => !f.waived).length;
  return {
    folderName: vscode.Uri.parse(res.folder).path.split('/').pop() ?? '',
    score: r.score,
    level: levelLabel(r.level),
    targetLevel: r.targetLevel,
    nextLevel: r.nextLevel,
    blockers: r.blockers.length,
    categories: r.categories.filter((c) => c.enabled && c.score !== null).map((c) => ({ id: c.id, title: c.title, score: c.score, target: c.target, gap: c.gap, priority: c.priority })),
    nextSteps: chosen.map(({ s, index }) => ({
      index,
      ruleId: s.ruleId,
      title: s.title,
      points: s.points,
      severity: s.severity,
      where: s.file ? `${s.file}${s.line ? `:${s.line}` : ''}` : vscode.l10n.t('repository'),
      ...(s.fix ? { fix: s.fix } : {}),
      ...(s.blocksLevel ? { blocksLevel: s.blocksLevel } : {}),
    })),
    history: history.length > 0 ? history : res.history,
    findings,
    durationMs: r.stats.durationMs,
    text: {
      title: vscode.l10n.t('Production readiness of {0}', vscode.Uri.parse(res.folder).path.split('/').pop() ?? ''),
      level: vscode.l10n.t('Level'),
      target: vscode.l10n.t('target {0}', r.targetLevel),
      next: r.nextLevel ? vscode.l10n.t('{0} before {1}', plural(r.blockers.length, vscode.l10n.t('blocker'), vscode.l10n.t('blockers')), r.nextLevel) : vscode.l10n.t('every level reached'),
      findings: vscode.l10n.t('{0} · audited in {1} ms', plural(findings, vscode.l10n.t('open finding'), vscode.l10n.t('open findings')), r.stats.durationMs),
      reaudit: vscode.l10n.t('Re-audit'),
      export: vscode.l10n.t('Export…'),
      categories: vscode.l10n.t('Categories: current vs target'),
      nextSteps: vscode.l10n.t('Next steps'),
      blocking: r.nextLevel ? vscode.l10n.t('Blocks {0}: these checks must pass to reach it', r.nextLevel) : '',
      then: vscode.l10n.t('Then, by the points each is worth'),
      nothing: vscode.l10n.t('Nothing left to do for the checks that apply.'),
      fix: vscode.l10n.t('Fix'),
      fixTitle: vscode.l10n.t('Apply the quick fix'),
      trend: vscode.l10n.t('Trend of past audits (saved files, at most one point a minute)'),
      trendEmpty: vscode.l10n.t('The trend appears after the next audit of saved files.'),
      noReport: vscode.l10n.t('No report yet.'),
      audit: vscode.l10n.t('Audit Workspace'),
      points: vscode.l10n.t('points'),
    },
  };
}

/** The single score panel. */
export class ScorePanel implements vscode.Disposable {
  static readonly viewType = 'readiness.scorePanel';
  private static current: ScorePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the panel, creating it when needed. */
  static show(extensionUri: vscode.Uri, store: ReportStore, onMessage: (m: FromPanel, model: PanelModel | null) => void): ScorePanel {
    if (ScorePanel.current) {
      ScorePanel.current.panel.reveal(vscode.ViewColumn.Beside);
      ScorePanel.current.update();
      return ScorePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(ScorePanel.viewType, vscode.l10n.t('Readiness Score'), vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
      retainContextWhenHidden: false,
    });
    ScorePanel.current = new ScorePanel(panel, extensionUri, store, onMessage);
    return ScorePanel.current;
  }

  /** The open panel, if any (tests read it). */
  static get instance(): ScorePanel | undefined {
    return ScorePanel.current;
  }

  private model: PanelModel | null = null;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly store: ReportStore,
    private readonly onMessage: (m: FromPanel, model: PanelModel | null) => void,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromPanel) => {
        if (m.type === 'ready') this.update();
        else this.onMessage(m, this.model);
      }),
      store.onDidChange(() => this.update()),
    );
  }

  /** Sends the current model to the webview. */
  update(): void {
    const res = this.store.primary;
    this.model = res ? panelModel(res, this.store.history(res.folder)) : null;
    const msg: ToPanel = { type: 'update', model: this.model };
    void this.panel.webview.postMessage(msg);
  }

  /** The last model sent (tests read it). */
  get currentModel(): PanelModel | null {
    return this.model;
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = crypto.randomBytes(16).toString('base64');
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', f));
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource} data:; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${media('panel.css')}" rel="stylesheet">
<title>${escapeHtml(vscode.l10n.t('Readiness Score'))}</title>
</head>
<body>
<main id="root"><p class="muted">${escapeHtml(vscode.l10n.t('Waiting for the first audit…'))}</p></main>
<script nonce="${nonce}" src="${media('panel.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    ScorePanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
