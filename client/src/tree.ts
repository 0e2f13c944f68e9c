/**
 * The readiness tree: categories with their score against the target, the checks of each category
 * with pass/partial/fail/waived icons, and the findings of each check, which open the file at the
 * line. Repository-level findings (a missing file, no CI) appear here whatever file is open.
 * Checks that do not apply sit in a collapsed "Not applicable (n)" child of their category. When the
 * workspace has roadmap documents, a Roadmap node lists per document the items claimed but failing,
 * the false score claims, the open items (flagging those whose checks already pass), the done and the
 * manual ones; each opens the document at its line. The data is the server's roadmap summary.
 * `contextValue`s drive the context menu: `check.fixable`, `check`, `finding.fixable`, `finding`.
 * Tooltips hold repository text (titles, messages, roadmap lines): it is appended as text (`md`), so
 * it never becomes markup, HTML, a link or a remote image. In Restricted Mode a first node says which
 * manifest settings the server ignores.
 */
import * as vscode from 'vscode';
import type { CategoryResult, CheckResult, Finding, Report } from '../../server/src/core/types';
import type { RoadmapDocSummary, SummaryItem } from '../../server/src/shared/protocol';
import type { ReportStore } from './store';

/** The groups of a roadmap document, in the order the tree shows them. */
export type RoadmapGroup = 'claimedButFailing' | 'falseClaims' | 'open' | 'done' | 'manual';
const ROADMAP_GROUPS: { id: RoadmapGroup; label: string; icon: string; color?: string; tooltip: string }[] = [
  { id: 'claimedButFailing', label: 'Claimed but failing', icon: 'error', color: 'list.errorForeground', tooltip: 'Ticked in the roadmap, but the checks behind them fail' },
  { id: 'falseClaims', label: 'False score claims', icon: 'warning', color: 'list.errorForeground', tooltip: 'Percentages or levels the roadmap claims and the measurement does not bear out' },
  { id: 'open', label: 'Open', icon: 'circle-large-outline', tooltip: 'Not done yet; items whose checks already pass are flagged and could be ticked' },
  { id: 'done', label: 'Done', icon: 'pass-filled', color: 'testing.iconPassed', tooltip: 'Ticked in the roadmap, and the checks behind them pass' },
  { id: 'manual', label: 'Manual', icon: 'person', tooltip: 'Items no check can measure (sign-offs, decisions): the team ticks them' },
];

/** A node of the tree. */
export type Node =
  | { type: 'folder'; folder: string; report: Report; roadmap: RoadmapDocSummary[] }
  | { type: 'category'; folder: string; category: CategoryResult; checks: CheckResult[]; nested?: boolean }
  | { type: 'notApplicable'; folder: string; category: string; checks: CheckResult[] }
  | { type: 'roadmap'; folder: string; docs: RoadmapDocSummary[]; checks?: Node }
  | { type: 'roadmapDoc'; folder: string; doc: RoadmapDocSummary }
  | { type: 'roadmapGroup'; folder: string; doc: RoadmapDocSummary; group: RoadmapGroup; items: SummaryItem[] }
  | { type: 'roadmapItem'; folder: string; group: RoadmapGroup; item: SummaryItem }
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

/**
 * A tooltip whose literal parts are Markdown and whose interpolated values are repository text,
 * appended as text (escaped): no HTML, no links, no images load from what a repository wrote.
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString('', false);
  m.supportHtml = false;
  m.isTrusted = false;
  strings.forEach((s, i) => {
    m.appendMarkdown(s);
    if (i < values.length) m.appendText(String(values[i] ?? ''));
  });
  return m;
}

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
      if (all.length === 1) return this.categories(all[0].folder, all[0].report!, all[0].roadmap ?? []);
      return all.map((r) => ({ type: 'folder', folder: r.folder, report: r.report!, roadmap: r.roadmap ?? [] }));
    }
    switch (node.type) {
      case 'folder':
        return this.categories(node.folder, node.report, node.roadmap);
      case 'category': {
        // Checks that do not apply to this project would bury the ones that do: they get a collapsed child.
        const applicable = node.checks.filter((c) => c.status !== 'not-applicable');
        const na = node.checks.filter((c) => c.status === 'not-applicable');
        const out: Node[] = sortChecks(applicable).map((check) => ({ type: 'check', folder: node.folder, check }));
        if (na.length > 0) out.push({ type: 'notApplicable', folder: node.folder, category: node.category.id, checks: na });
        return out;
      }
      case 'notApplicable':
        return sortChecks(node.checks).map((check) => ({ type: 'check', folder: node.folder, check }));
      case 'roadmap': {
        const docs: Node[] = node.docs.map((doc) => ({ type: 'roadmapDoc', folder: node.folder, doc }));
        return node.checks ? [...docs, node.checks] : docs;
      }
      case 'roadmapDoc':
        return ROADMAP_GROUPS.map((g): Node => ({ type: 'roadmapGroup', folder: node.folder, doc: node.doc, group: g.id, items: groupItems(node.doc, g.id) })).filter(
          (n) => n.type === 'roadmapGroup' && (n.items.length > 0 || n.group === 'claimedButFailing' || n.group === 'open' || n.group === 'done'),
        );
      case 'roadmapGroup':
        return node.items.map((item) => ({ type: 'roadmapItem', folder: node.folder, group: node.group, item }));
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

  private categories(folder: string, report: Report, roadmap: RoadmapDocSummary[]): Node[] {
    const out: Node[] = [];
    // Restricted Mode: say which manifest settings the server ignores in this untrusted folder.
    for (const n of report.notes.filter((x) => x.kind === 'untrusted')) out.push({ type: 'note', label: n.message, tooltip: 'This folder is not trusted: the repository’s own regular expressions and raised size limits are not used. Trust the folder (Manage Workspace Trust) to use them.' });
    // With roadmap documents, the roadmap category's checks move under the Roadmap node (one place, one name).
    const roadmapNode: Node | undefined = roadmap.length > 0 ? { type: 'roadmap', folder, docs: roadmap } : undefined;
    if (roadmapNode) out.push(roadmapNode);
    for (const category of report.categories) {
      const checks = report.checks.filter((c) => c.category === category.id);
      if (checks.length === 0 || !category.enabled) continue;
      if (roadmapNode && roadmapNode.type === 'roadmap' && category.id === 'roadmap') roadmapNode.checks = { type: 'category', folder, category, checks, nested: true };
      else out.push({ type: 'category', folder, category, checks });
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
        const item = new vscode.TreeItem(node.nested ? `Roadmap checks (${node.checks.length})` : c.title, !node.nested && c.gap && c.gap > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#category:${c.id}`;
        item.description = c.score === null ? 'n/a' : `${c.score} / ${c.target}${c.gap ? `  (gap ${c.gap})` : ''}`;
        const failing = c.counts.fail + c.counts.partial;
        item.iconPath = c.score === null ? new vscode.ThemeIcon('dash') : c.gap && c.gap > 0 ? new vscode.ThemeIcon(failing > 0 ? 'circle-large-outline' : 'pass', new vscode.ThemeColor(c.priority === 'critical' || c.priority === 'high' ? 'list.errorForeground' : 'list.warningForeground')) : new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
        item.tooltip = md`**${c.title}**: ${c.score ?? 'n/a'} / target ${c.target}, priority ${c.priority}\n\n${c.counts.pass} pass · ${c.counts.partial} partial · ${c.counts.fail} fail · ${c.counts.waived} waived · ${c.counts['not-applicable']} n/a`;
        item.contextValue = 'category';
        return item;
      }
      case 'notApplicable': {
        const item = new vscode.TreeItem(`Not applicable (${node.checks.length})`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#${node.category}#n/a`;
        item.iconPath = new vscode.ThemeIcon('dash', new vscode.ThemeColor('disabledForeground'));
        item.tooltip = 'Checks that do not apply to this project (they count neither for nor against the score)';
        item.contextValue = 'notApplicable';
        return item;
      }
      case 'roadmap': {
        const failing = node.docs.reduce((n, d) => n + d.claimedButFailing.length + d.falseClaims.length, 0);
        const open = node.docs.reduce((n, d) => n + d.open.length, 0);
        const item = new vscode.TreeItem('Roadmap', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.folder}#roadmap-documents`;
        item.description = failing > 0 ? `${failing} claim${failing === 1 ? '' : 's'} not met · ${open} open` : `${open} open`;
        item.iconPath = new vscode.ThemeIcon('milestone', failing > 0 ? new vscode.ThemeColor('list.errorForeground') : undefined);
        item.tooltip = new vscode.MarkdownString(`The roadmap document${node.docs.length === 1 ? '' : 's'} of this workspace, held against the measurement.\n\nRun **Readiness: Generate Roadmap** to write a true one.`);
        item.contextValue = 'roadmap';
        return item;
      }
      case 'roadmapDoc': {
        const d = node.doc;
        const item = new vscode.TreeItem(d.title, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.folder}#roadmap-documents#${d.file}`;
        item.description = d.file;
        item.resourceUri = vscode.Uri.joinPath(vscode.Uri.parse(node.folder), ...d.file.split('/'));
        item.iconPath = new vscode.ThemeIcon('book');
        item.tooltip = md`**${d.title}** (${d.file})\n\n${d.done.length} done · ${d.claimedButFailing.length} claimed but failing · ${d.open.length} open · ${d.manual.length} manual · ${d.falseClaims.length} false claim(s)`;
        item.command = { title: 'Open', command: 'vscode.open', arguments: [item.resourceUri] };
        item.contextValue = 'roadmapDoc';
        return item;
      }
      case 'roadmapGroup': {
        const g = ROADMAP_GROUPS.find((x) => x.id === node.group)!;
        const item = new vscode.TreeItem(`${g.label} (${node.items.length})`, node.items.length === 0 ? vscode.TreeItemCollapsibleState.None : node.group === 'claimedButFailing' || node.group === 'falseClaims' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#roadmap-documents#${node.doc.file}#${node.group}`;
        const passing = node.group === 'open' ? node.items.filter((i) => i.passing).length : 0;
        if (passing > 0) item.description = `${passing} already pass${passing === 1 ? 'es' : ''}`;
        item.iconPath = new vscode.ThemeIcon(g.icon, g.color && node.items.length > 0 ? new vscode.ThemeColor(g.color) : undefined);
        item.tooltip = g.tooltip;
        item.contextValue = 'roadmapGroup';
        return item;
      }
      case 'roadmapItem': {
        const i = node.item;
        const item = new vscode.TreeItem(i.text, vscode.TreeItemCollapsibleState.None);
        const uri = vscode.Uri.joinPath(vscode.Uri.parse(node.folder), ...i.file.split('/'));
        item.description = `${i.passing ? 'checks pass — tick it · ' : ''}${i.file}:${i.line}`;
        const g = ROADMAP_GROUPS.find((x) => x.id === node.group)!;
        item.iconPath = i.passing ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon(node.group === 'open' ? 'circle-large-outline' : g.icon, g.color ? new vscode.ThemeColor(g.color) : undefined);
        item.tooltip = md`${i.text}${i.detail ? '\n\n' : ''}${i.detail ?? ''}${i.passing ? '\n\nThe checks behind this item already pass: the roadmap could tick it.' : ''}`;
        const pos = new vscode.Position(Math.max(0, i.line - 1), 0);
        item.command = { title: 'Open', command: 'vscode.open', arguments: [uri, { selection: new vscode.Range(pos, pos), preview: true }] };
        item.contextValue = 'roadmapItem';
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
        item.tooltip = md`**${c.title}** ${c.ruleId}\n\n${c.status}, ${c.severity}, required from ${c.level}${c.reason ? '\n\n' : ''}${c.reason ?? ''}`;
        item.contextValue = c.ruleId === 'manifest' ? 'meta' : open.some((f) => f.fix) ? 'check.fixable' : c.status === 'fail' || c.status === 'partial' ? 'check.open' : 'check';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
        item.description = f.file ? `${f.file}${f.range ? `:${f.range.start.line + 1}` : ''}` : 'repository';
        item.iconPath = new vscode.ThemeIcon(f.waived ? 'circle-slash' : f.fix ? 'lightbulb' : 'debug-stackframe-dot');
        item.tooltip = md`${f.message}${f.waived ? `\n\nwaived (${f.waived.by}): ` : ''}${f.waived?.reason ?? ''}${f.fix ? '\n\nquick fix: ' : ''}${f.fix?.title ?? ''}`;
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

function sortChecks(checks: CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.ruleId.localeCompare(b.ruleId));
}

/** The items of one group of a roadmap document (false claims shown as items too). */
function groupItems(doc: RoadmapDocSummary, group: RoadmapGroup): SummaryItem[] {
  if (group !== 'falseClaims') return doc[group];
  // "claims 85%, measured 26.8%; write the measured number…": the label keeps the numbers, the detail the advice.
  return doc.falseClaims.map((c) => {
    const cut = c.message.indexOf('; ');
    return cut > 0 ? { text: c.message.slice(0, cut), detail: c.message, file: c.file, line: c.line } : { text: c.message, file: c.file, line: c.line };
  });
}

/** The text the tree view shows above its items. */
export function treeMessage(report: Report | undefined): string | undefined {
  if (!report) return undefined;
  const next = report.nextLevel ? `, next: ${report.nextLevel} (${report.blockers.length} blocker${report.blockers.length === 1 ? '' : 's'})` : '';
  return `Score ${report.score}/100 · level ${report.level} · target ${report.targetLevel}${next}`;
}
