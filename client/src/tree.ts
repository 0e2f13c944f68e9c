/**
 * The readiness tree: categories with their score against the target, the checks of each category
 * with pass/partial/fail/waived icons, and the findings of each check, which open the file at the
 * line. Repository-level findings (a missing file, no CI) appear here whatever file is open.
 * `contextValue`s drive the context menu: `check.fixable`, `check`, `finding.fixable`, `finding`.
 */
import * as vscode from 'vscode';
import type { CategoryResult, CheckResult, Finding, Report } from '../../server/src/core/types';
import type { ReportStore } from './store';

/** A node of the tree. */
export type Node =
  | { type: 'folder'; folder: string; report: Report }
  | { type: 'category'; folder: string; category: CategoryResult; checks: CheckResult[] }
  | { type: 'check'; folder: string; check: CheckResult }
  | { type: 'finding'; folder: string; check: CheckResult; finding: Finding }
  | { type: 'note'; label: string; tooltip?: string };

const STATUS_ICON: Record<CheckResult['status'], [string, string | undefined]> = {
  pass: ['pass', 'testing.iconPassed'],
  partial: ['warning', 'list.warningForeground'],
  fail: ['error', 'list.errorForeground'],
  waived: ['circle-slash', 'disabledForeground'],
  'not-applicable': ['dash', 'disabledForeground'],
};
const STATUS_ORDER: CheckResult['status'][] = ['fail', 'partial', 'waived', 'pass', 'not-applicable'];

/** Serves the tree from the report store. */
export class ReadinessTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: ReportStore) {
    this.sub = store.onDidChange(() => this.refresh());
  }

  /** Redraws the whole tree. */
  refresh(): void {
    this.emitter.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const all = this.store.all().filter((r) => r.report);
      if (all.length === 0) return [];
      if (all.length === 1) return this.categories(all[0].folder, all[0].report!);
      return all.map((r) => ({ type: 'folder', folder: r.folder, report: r.report! }));
    }
    switch (node.type) {
      case 'folder':
        return this.categories(node.folder, node.report);
      case 'category':
        return [...node.checks]
          .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.ruleId.localeCompare(b.ruleId))
          .map((check) => ({ type: 'check', folder: node.folder, check }));
      case 'check': {
        const findings = node.check.findings.map((finding): Node => ({ type: 'finding', folder: node.folder, check: node.check, finding }));
        if (findings.length > 0) return findings;
        const ev = node.check.evidence.map((e): Node => ({ type: 'note', label: e.message + (e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : '') }));
        if (node.check.reason) ev.unshift({ type: 'note', label: node.check.reason });
        return ev;
      }
      default:
        return [];
    }
  }

  private categories(folder: string, report: Report): Node[] {
    const out: Node[] = [];
    for (const category of report.categories) {
      const checks = report.checks.filter((c) => c.category === category.id);
      if (checks.length === 0 || !category.enabled) continue;
      out.push({ type: 'category', folder, category, checks });
    }
    const meta = report.findings.filter((f) => f.category === 'manifest' && !f.waived);
    if (meta.length > 0) {
      const check: CheckResult = { ruleId: 'manifest', category: 'manifest', severity: 'medium', level: 'prototype', title: 'Manifest and suppressions', status: 'fail', credit: 0, evidence: [], findings: meta };
      out.push({ type: 'check', folder, check });
    }
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'folder': {
        const item = new vscode.TreeItem(vscode.Uri.parse(node.folder).path.split('/').pop() ?? node.folder, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.report.score} · ${node.report.level}`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.contextValue = 'folder';
        return item;
      }
      case 'category': {
        const c = node.category;
        const item = new vscode.TreeItem(c.title, c.gap && c.gap > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#${c.id}`;
        item.description = c.score === null ? 'n/a' : `${c.score} / ${c.target}${c.gap ? `  (gap ${c.gap})` : ''}`;
        const failing = c.counts.fail + c.counts.partial;
        item.iconPath = c.score === null ? new vscode.ThemeIcon('dash') : c.gap && c.gap > 0 ? new vscode.ThemeIcon(failing > 0 ? 'circle-large-outline' : 'pass', new vscode.ThemeColor(c.priority === 'critical' || c.priority === 'high' ? 'list.errorForeground' : 'list.warningForeground')) : new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
        item.tooltip = new vscode.MarkdownString(`**${c.title}**: ${c.score ?? 'n/a'} / target ${c.target}, priority ${c.priority}\n\n${c.counts.pass} pass · ${c.counts.partial} partial · ${c.counts.fail} fail · ${c.counts.waived} waived · ${c.counts['not-applicable']} n/a`);
        item.contextValue = 'category';
        return item;
      }
      case 'check': {
        const c = node.check;
        const open = c.findings.filter((f) => !f.waived);
        const collapsible = c.findings.length > 0 || c.evidence.length > 0 || c.reason ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        const item = new vscode.TreeItem(c.title, collapsible);
        item.id = `${node.folder}#${c.ruleId}`;
        item.description = `${c.ruleId}${c.status === 'partial' ? ` · ${Math.round(c.credit * 100)}%` : ''}${open.length > 1 ? ` · ${open.length} findings` : ''}`;
        const [icon, color] = STATUS_ICON[c.status];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.tooltip = new vscode.MarkdownString(`**${c.title}** \`${c.ruleId}\`\n\n${c.status}, ${c.severity}, required from ${c.level}${c.reason ? `\n\n${c.reason}` : ''}`);
        item.contextValue = c.ruleId === 'manifest' ? 'meta' : open.some((f) => f.fix) ? 'check.fixable' : c.status === 'fail' || c.status === 'partial' ? 'check.open' : 'check';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
        item.description = f.file ? `${f.file}${f.range ? `:${f.range.start.line + 1}` : ''}` : 'repository';
        item.iconPath = new vscode.ThemeIcon(f.waived ? 'circle-slash' : f.fix ? 'lightbulb' : 'debug-stackframe-dot');
        item.tooltip = new vscode.MarkdownString(`${f.message}${f.waived ? `\n\nwaived (${f.waived.by}): ${f.waived.reason}` : ''}${f.fix ? `\n\nquick fix: ${f.fix.title}` : ''}`);
        item.contextValue = f.waived ? 'finding.waived' : f.fix ? 'finding.fixable' : 'finding';
        item.command = { title: 'Open', command: 'readiness.openFinding', arguments: [node] };
        return item;
      }
      default: {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        if (node.tooltip) item.tooltip = node.tooltip;
        return item;
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

/** The text the tree view shows above its items. */
export function treeMessage(report: Report | undefined): string | undefined {
  if (!report) return undefined;
  const next = report.nextLevel ? `, next: ${report.nextLevel} (${report.blockers.length} blocker${report.blockers.length === 1 ? '' : 's'})` : '';
  return `Score ${report.score}/100 · level ${report.level} · target ${report.targetLevel}${next}`;
}
