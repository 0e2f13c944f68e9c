/**
 * The readiness tree, calm by default: categories with failing checks first (largest gap first), and
 * in each category the failing checks first (most severe first), then waived ones, then the passing
 * checks folded under "Passing (n)" and those that do not apply under "Not applicable (n)". A filter
 * (view title) shows failing checks only or everything. Labels are short enough for the default
 * sidebar width; rule ids, messages and evidence are in tooltips and descriptions. Failing checks carry
 * the icon of the level the Problems panel uses for their severity (error, warning, information), so
 * that the tree and Problems agree. Findings open the file at the line; repository-level findings (a
 * missing file, no CI) appear here whatever file is open. When the workspace has roadmap documents, a
 * collapsed Roadmap node lists per document the items claimed but failing, the false score claims, the
 * open items, the done and the manual ones. `contextValue`s drive the context menu:
 * `check.fixable`, `check.open`, `check`, `finding.fixable`, `finding`.
 * Tooltips hold repository text (titles, messages, roadmap lines): it is appended as text (`md`,
 * `mdParts`), so it never becomes markup, HTML, a link or a remote image. In Restricted Mode a first
 * node says which manifest settings the server ignores.
 */
import * as vscode from 'vscode';
import { SEVERITY_LEVEL, type CategoryResult, type CheckResult, type Finding, type Report, type RoadmapDocSummary, type SummaryItem } from '../../server/src/shared/protocol';
import { levelLabel, plural } from './text';
import type { ReportStore } from './store';

/** The groups of a roadmap document, in the order the tree shows them. */
export type RoadmapGroup = 'claimedButFailing' | 'falseClaims' | 'open' | 'done' | 'manual';
const ROADMAP_GROUPS: () => { id: RoadmapGroup; label: string; icon: string; color?: string; tooltip: string }[] = () => [
  { id: 'claimedButFailing', label: vscode.l10n.t('Claimed but failing'), icon: 'error', color: 'list.errorForeground', tooltip: vscode.l10n.t('Ticked in the roadmap, but the checks behind them fail') },
  { id: 'falseClaims', label: vscode.l10n.t('False score claims'), icon: 'warning', color: 'list.errorForeground', tooltip: vscode.l10n.t('Percentages or levels the roadmap claims and the measurement does not bear out') },
  { id: 'open', label: vscode.l10n.t('Open'), icon: 'circle-large-outline', tooltip: vscode.l10n.t('Not done yet; items whose checks already pass are flagged and could be ticked') },
  { id: 'done', label: vscode.l10n.t('Done'), icon: 'pass-filled', color: 'testing.iconPassed', tooltip: vscode.l10n.t('Ticked in the roadmap, and the checks behind them pass') },
  { id: 'manual', label: vscode.l10n.t('Manual'), icon: 'person', tooltip: vscode.l10n.t('Items no check can measure (sign-offs, decisions): the team ticks them') },
];

/** What the tree shows: only what fails, or everything. */
export type TreeFilter = 'failing' | 'all';

/** A node of the tree. */
export type Node =
  | { type: 'folder'; folder: string; report: Report; roadmap: RoadmapDocSummary[] }
  | { type: 'category'; folder: string; category: CategoryResult; checks: CheckResult[]; nested?: boolean }
  | { type: 'group'; folder: string; category: string; kind: 'passing' | 'notApplicable'; checks: CheckResult[] }
  | { type: 'roadmap'; folder: string; docs: RoadmapDocSummary[]; checks?: Node }
  | { type: 'roadmapDoc'; folder: string; doc: RoadmapDocSummary }
  | { type: 'roadmapGroup'; folder: string; doc: RoadmapDocSummary; group: RoadmapGroup; items: SummaryItem[] }
  | { type: 'roadmapItem'; folder: string; group: RoadmapGroup; item: SummaryItem }
  | { type: 'check'; folder: string; check: CheckResult }
  | { type: 'finding'; folder: string; check: CheckResult; finding: Finding }
  | { type: 'note'; label: string; tooltip?: string };

/** The icon of a failing check: the level the Problems panel shows for its severity. */
const LEVEL_ICON: Record<'error' | 'warning' | 'note', [string, string]> = {
  error: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  note: ['info', 'notificationsInfoIcon.foreground'],
};
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

/** True for a check that still needs work. */
export const isFailing = (c: CheckResult) => c.status === 'fail' || c.status === 'partial';

/** A finding's message cut to its first clause, for a label that fits the sidebar (the tooltip has it all). */
export function shortMessage(message: string, max = 60): string {
  const plain = message.replace(/`([^`]+)`/g, '$1');
  const cut = plain.search(/[;:]\s/);
  const first = cut > 0 && cut <= max ? plain.slice(0, cut) : plain;
  return first.length > max ? `${first.slice(0, max - 1).trimEnd()}…` : first;
}

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

/** A tooltip from parts: plain strings are our own Markdown, `{ text }` parts are appended as text (escaped). */
export function mdParts(...parts: (string | { text: string })[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString('', false);
  m.supportHtml = false;
  m.isTrusted = false;
  for (const p of parts) {
    if (typeof p === 'string') m.appendMarkdown(p);
    else if (p.text) m.appendText(p.text);
  }
  return m;
}

/** Serves the tree from the report store. */
export class ReadinessTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;
  /** The parent of every node handed out (for `reveal`). */
  private readonly parents = new Map<string, Node | undefined>();
  private filterMode: TreeFilter = 'all';
  /** The category with failing checks and the largest gap: the one expanded by default. */
  private firstFailing: string | undefined;

  constructor(private readonly store: ReportStore) {
    this.sub = store.onDidChange(() => this.refresh());
  }

  /** Redraws the whole tree. */
  refresh(): void {
    this.emitter.fire(undefined);
  }

  /** The current filter. */
  get filter(): TreeFilter {
    return this.filterMode;
  }

  /** Shows failing checks only, or everything. */
  setFilter(f: TreeFilter): void {
    this.filterMode = f;
    void vscode.commands.executeCommand('setContext', 'readiness.treeFilter', f);
    this.refresh();
  }

  getChildren(node?: Node): Node[] {
    const out = this.children(node);
    for (const c of out) this.parents.set(keyOf(c), node);
    return out;
  }

  getParent(node: Node): Node | undefined {
    return this.parents.get(keyOf(node));
  }

  /** The check node of a rule (after the tree was read down to it), to reveal it. */
  findCheck(ruleId: string): Node | undefined {
    const visit = (nodes: Node[], depth: number): Node | undefined => {
      for (const n of nodes) {
        if (n.type === 'check' && n.check.ruleId === ruleId) return n;
        if (depth < 4 && n.type !== 'check' && n.type !== 'finding' && n.type !== 'roadmapDoc') {
          const hit = visit(this.getChildren(n), depth + 1);
          if (hit) return hit;
        }
      }
      return undefined;
    };
    return visit(this.getChildren(), 0);
  }

  /** The category node of a category id. */
  findCategory(id: string): Node | undefined {
    return this.getChildren().find((n) => n.type === 'category' && n.category.id === id);
  }

  private children(node?: Node): Node[] {
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
        const failing = sortChecks(node.checks.filter(isFailing));
        const waived = sortChecks(node.checks.filter((c) => c.status === 'waived'));
        const passing = sortChecks(node.checks.filter((c) => c.status === 'pass'));
        const na = sortChecks(node.checks.filter((c) => c.status === 'not-applicable'));
        const out: Node[] = [...failing, ...waived].map((check) => ({ type: 'check', folder: node.folder, check }));
        if (this.filterMode === 'failing') return out.filter((n) => n.type === 'check' && isFailing(n.check));
        if (passing.length > 0) out.push({ type: 'group', folder: node.folder, category: node.category.id, kind: 'passing', checks: passing });
        if (na.length > 0) out.push({ type: 'group', folder: node.folder, category: node.category.id, kind: 'notApplicable', checks: na });
        return out;
      }
      case 'group':
        return node.checks.map((check) => ({ type: 'check', folder: node.folder, check }));
      case 'roadmap': {
        const docs: Node[] = node.docs.map((doc) => ({ type: 'roadmapDoc', folder: node.folder, doc }));
        return node.checks ? [...docs, node.checks] : docs;
      }
      case 'roadmapDoc':
        return ROADMAP_GROUPS()
          .map((g): Node => ({ type: 'roadmapGroup', folder: node.folder, doc: node.doc, group: g.id, items: groupItems(node.doc, g.id) }))
          .filter((n) => n.type === 'roadmapGroup' && (n.items.length > 0 || n.group === 'claimedButFailing' || n.group === 'open' || n.group === 'done'));
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
    const cats: Node[] = [];
    for (const category of report.categories) {
      const checks = report.checks.filter((c) => c.category === category.id);
      if (checks.length === 0 || !category.enabled) continue;
      if (roadmapNode && roadmapNode.type === 'roadmap' && category.id === 'roadmap') roadmapNode.checks = { type: 'category', folder, category, checks, nested: true };
      else cats.push({ type: 'category', folder, category, checks });
    }
    // Categories with failing checks first, the largest gap first; then the ones on target; n/a last.
    const rank = (n: Node) => {
      if (n.type !== 'category') return [3, 0];
      const failing = n.checks.some(isFailing);
      return n.category.score === null ? [2, 0] : failing ? [0, -(n.category.gap ?? 0)] : [1, 0];
    };
    cats.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
    const first = cats[0];
    this.firstFailing = first?.type === 'category' && first.checks.some(isFailing) ? first.category.id : undefined;
    const shown = this.filterMode === 'failing' ? cats.filter((n) => n.type === 'category' && n.checks.some(isFailing)) : cats;
    const meta = report.findings.filter((f) => f.category === 'manifest' && !f.waived);
    if (meta.length > 0) {
      const check: CheckResult = { ruleId: 'manifest', category: 'manifest', severity: 'medium', level: 'prototype', title: vscode.l10n.t('Manifest and suppressions'), status: 'fail', credit: 0, evidence: [], findings: meta };
      out.push({ type: 'check', folder, check });
    }
    out.push(...shown);
    if (roadmapNode) out.push(roadmapNode);
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'folder': {
        const item = new vscode.TreeItem(vscode.Uri.parse(node.folder).path.split('/').pop() ?? node.folder, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.report.score} · ${levelLabel(node.report.level)}`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.contextValue = 'folder';
        return item;
      }
      case 'category': {
        const c = node.category;
        const failing = node.checks.filter(isFailing).length;
        const label = node.nested ? vscode.l10n.t('Roadmap checks ({0})', node.checks.length) : c.title;
        // Only the category that needs the most work opens by itself; the others wait with their count.
        const expand = !node.nested && failing > 0 && c.gap !== null && c.gap > 0 && this.firstFailing === c.id;
        const item = new vscode.TreeItem(label, expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#category:${c.id}`;
        item.description = c.score === null ? vscode.l10n.t('n/a') : failing > 0 ? vscode.l10n.t('{0}/{1} · {2} failing', c.score, c.target, failing) : `${c.score}/${c.target}`;
        item.iconPath = c.score === null ? new vscode.ThemeIcon('dash') : c.gap && c.gap > 0 ? new vscode.ThemeIcon(failing > 0 ? 'circle-large-outline' : 'pass', new vscode.ThemeColor(c.priority === 'critical' || c.priority === 'high' ? 'list.errorForeground' : 'list.warningForeground')) : new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
        item.tooltip = mdParts(
          '**',
          { text: c.title },
          '**: ',
          { text: vscode.l10n.t('{0} of target {1}{2}, priority {3}', c.score ?? vscode.l10n.t('n/a'), c.target, c.gap ? vscode.l10n.t(' (gap {0})', c.gap) : '', c.priority) },
          '\n\n',
          { text: vscode.l10n.t('{0} pass · {1} partial · {2} fail · {3} waived · {4} n/a', c.counts.pass, c.counts.partial, c.counts.fail, c.counts.waived, c.counts['not-applicable']) },
        );
        item.contextValue = 'category';
        return item;
      }
      case 'group': {
        const passing = node.kind === 'passing';
        const item = new vscode.TreeItem(passing ? vscode.l10n.t('Passing ({0})', node.checks.length) : vscode.l10n.t('Not applicable ({0})', node.checks.length), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#${node.category}#${passing ? 'passing' : 'n/a'}`;
        item.iconPath = passing ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('dash', new vscode.ThemeColor('disabledForeground'));
        item.tooltip = passing ? vscode.l10n.t('Checks that pass') : vscode.l10n.t('Checks that do not apply to this project (they count neither for nor against the score)');
        item.contextValue = passing ? 'passing' : 'notApplicable';
        return item;
      }
      case 'roadmap': {
        const failing = node.docs.reduce((n, d) => n + d.claimedButFailing.length + d.falseClaims.length, 0);
        const open = node.docs.reduce((n, d) => n + d.open.length, 0);
        const item = new vscode.TreeItem(vscode.l10n.t('Roadmap'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#roadmap-documents`;
        item.description = failing > 0 ? vscode.l10n.t('{0} · {1} open', plural(failing, vscode.l10n.t('claim not met'), vscode.l10n.t('claims not met')), open) : vscode.l10n.t('{0} open', open);
        item.iconPath = new vscode.ThemeIcon('milestone', failing > 0 ? new vscode.ThemeColor('list.errorForeground') : undefined);
        item.tooltip = new vscode.MarkdownString(vscode.l10n.t('The roadmap documents of this workspace, held against the measurement.') + '\n\n' + vscode.l10n.t('Run **Readiness: Generate Roadmap** to write a true one.'));
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
        item.tooltip = mdParts('**', { text: d.title }, '** (', { text: d.file }, ')\n\n', { text: vscode.l10n.t('{0} done · {1} claimed but failing · {2} open · {3} manual · {4} false claims', d.done.length, d.claimedButFailing.length, d.open.length, d.manual.length, d.falseClaims.length) });
        item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [item.resourceUri] };
        item.contextValue = 'roadmapDoc';
        return item;
      }
      case 'roadmapGroup': {
        const g = ROADMAP_GROUPS().find((x) => x.id === node.group)!;
        const item = new vscode.TreeItem(`${g.label} (${node.items.length})`, node.items.length === 0 ? vscode.TreeItemCollapsibleState.None : node.group === 'claimedButFailing' || node.group === 'falseClaims' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.folder}#roadmap-documents#${node.doc.file}#${node.group}`;
        const passing = node.group === 'open' ? node.items.filter((i) => i.passing).length : 0;
        if (passing > 0) item.description = vscode.l10n.t('{0} already passing', passing);
        item.iconPath = new vscode.ThemeIcon(g.icon, g.color && node.items.length > 0 ? new vscode.ThemeColor(g.color) : undefined);
        item.tooltip = g.tooltip;
        item.contextValue = 'roadmapGroup';
        return item;
      }
      case 'roadmapItem': {
        const i = node.item;
        const item = new vscode.TreeItem(i.text, vscode.TreeItemCollapsibleState.None);
        const uri = vscode.Uri.joinPath(vscode.Uri.parse(node.folder), ...i.file.split('/'));
        item.description = `${i.passing ? vscode.l10n.t('checks pass, tick it') + ' · ' : ''}${i.file}:${i.line}`;
        const g = ROADMAP_GROUPS().find((x) => x.id === node.group)!;
        item.iconPath = i.passing ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon(node.group === 'open' ? 'circle-large-outline' : g.icon, g.color ? new vscode.ThemeColor(g.color) : undefined);
        item.tooltip = mdParts({ text: i.text }, i.detail ? '\n\n' : '', { text: i.detail ?? '' }, i.passing ? '\n\n' : '', { text: i.passing ? vscode.l10n.t('The checks behind this item already pass: the roadmap could tick it.') : '' });
        const pos = new vscode.Position(Math.max(0, i.line - 1), 0);
        item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [uri, { selection: new vscode.Range(pos, pos), preview: true }] };
        item.contextValue = 'roadmapItem';
        return item;
      }
      case 'check': {
        const c = node.check;
        const open = c.findings.filter((f) => !f.waived);
        const collapsible = c.findings.length > 0 || c.evidence.length > 0 || c.reason ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        const item = new vscode.TreeItem(c.title, collapsible);
        item.id = `${node.folder}#${c.ruleId}`;
        const parts: string[] = [];
        if (c.status === 'partial') parts.push(`${Math.round(c.credit * 100)}%`);
        if (open.length > 1) parts.push(String(open.length));
        if (c.blockedBy) parts.push(vscode.l10n.t('needs {0}', c.blockedBy));
        item.description = parts.join(' · ');
        if (isFailing(c)) {
          const [icon, color] = LEVEL_ICON[SEVERITY_LEVEL[c.severity]];
          item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
        } else if (c.status === 'waived') item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
        else if (c.status === 'pass') item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        else item.iconPath = new vscode.ThemeIcon('dash', new vscode.ThemeColor('disabledForeground'));
        const status = { pass: vscode.l10n.t('passes'), partial: vscode.l10n.t('partly met ({0}%)', Math.round(c.credit * 100)), fail: vscode.l10n.t('fails'), waived: vscode.l10n.t('waived'), 'not-applicable': vscode.l10n.t('does not apply') }[c.status];
        item.tooltip = mdParts(
          '**',
          { text: c.title },
          '**\n\n',
          { text: `${c.ruleId} · ${status} · ${c.severity} · ${vscode.l10n.t('required from {0}', c.level)}` },
          c.reason ? '\n\n' : '',
          { text: c.reason ?? '' },
          open.length > 0 ? '\n\n' : '',
          { text: open.length > 0 ? vscode.l10n.t('{0} open', plural(open.length, vscode.l10n.t('finding'), vscode.l10n.t('findings'))) : '' },
        );
        item.contextValue = c.ruleId === 'manifest' ? 'meta' : open.some((f) => f.fix) ? 'check.fixable' : isFailing(c) ? 'check.open' : 'check';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const where = f.file ? `${f.file.split('/').pop()}${f.range ? `:${f.range.start.line + 1}` : ''}` : undefined;
        const item = new vscode.TreeItem(where ?? shortMessage(f.message), vscode.TreeItemCollapsibleState.None);
        item.description = where ? shortMessage(f.message) : vscode.l10n.t('repository');
        item.iconPath = new vscode.ThemeIcon(f.waived ? 'circle-slash' : f.fix ? 'lightbulb' : 'debug-stackframe-dot');
        item.tooltip = mdParts(
          { text: f.message },
          f.file ? '\n\n' : '',
          { text: f.file ? `${f.file}${f.range ? `:${f.range.start.line + 1}` : ''}` : '' },
          f.folded?.length ? '\n\n' : '',
          { text: f.folded?.length ? vscode.l10n.t('Until this is done these checks fail too: {0}', f.folded.join(', ')) : '' },
          f.waived ? '\n\n' : '',
          { text: f.waived ? vscode.l10n.t('Waived ({0}): {1}', f.waived.by, f.waived.reason) : '' },
          f.fix ? '\n\n' : '',
          { text: f.fix ? vscode.l10n.t('Quick fix: {0}', f.fix.title) : '' },
        );
        item.contextValue = f.waived ? 'finding.waived' : f.fix ? 'finding.fixable' : 'finding';
        item.command = { title: vscode.l10n.t('Open'), command: 'readiness.openFinding', arguments: [node] };
        return item;
      }
      default: {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = node.tooltip ?? node.label;
        return item;
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

/** A stable key of a node, for the parent map. */
function keyOf(n: Node): string {
  switch (n.type) {
    case 'folder':
      return `folder:${n.folder}`;
    case 'category':
      return `category:${n.folder}:${n.category.id}:${n.nested ? 'nested' : ''}`;
    case 'group':
      return `group:${n.folder}:${n.category}:${n.kind}`;
    case 'roadmap':
      return `roadmap:${n.folder}`;
    case 'roadmapDoc':
      return `roadmapDoc:${n.folder}:${n.doc.file}`;
    case 'roadmapGroup':
      return `roadmapGroup:${n.folder}:${n.doc.file}:${n.group}`;
    case 'roadmapItem':
      return `roadmapItem:${n.folder}:${n.item.file}:${n.item.line}:${n.group}`;
    case 'check':
      return `check:${n.folder}:${n.check.ruleId}`;
    case 'finding':
      return `finding:${n.folder}:${n.check.ruleId}:${n.finding.file}:${n.finding.range?.start.line}:${n.finding.message}`;
    default:
      return `note:${n.label}`;
  }
}

/** Most severe first; checks that wait for a failing prerequisite (folded into its finding) after the others. */
function sortChecks(checks: CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => Number(Boolean(a.blockedBy)) - Number(Boolean(b.blockedBy)) || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.credit - b.credit || a.title.localeCompare(b.title));
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

/** The text the tree view shows above its items: the score, the level and what blocks the next one. */
export function treeMessage(report: Report | undefined): string | undefined {
  if (!report) return undefined;
  const next = report.nextLevel ? vscode.l10n.t('{0} before {1}', plural(report.blockers.length, vscode.l10n.t('blocker'), vscode.l10n.t('blockers')), report.nextLevel) : vscode.l10n.t('every level reached');
  return vscode.l10n.t('{0}/100 · {1} · {2}', report.score, levelLabel(report.level), next);
}
