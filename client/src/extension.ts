/**
 * The VS Code client: starts the language server (dist/server.js over IPC), and shows what it finds
 * in the readiness tree, the status bar and the score panel, which follow typing as the Problems panel
 * does (the server announces a report after each debounced edit). It never runs workspace code; the
 * server only reads files, so untrusted workspaces get the same read-only analysis. Every text is
 * translated through `vscode.l10n` (client) and `package.nls.json` (contributions).
 *
 * `activate` returns a small API that the in-editor tests use to read the tree and the panel.
 */
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { MANIFEST_GLOB, ReportReadyNotification } from '../../server/src/shared/protocol';
import { registerCommands } from './commands';
import { ScorePanel, type PanelModel } from './panel';
import { StatusItem } from './status';
import { ReportStore, SAVED_TRIGGERS } from './store';
import { ReadinessTreeProvider, treeMessage, type Node } from './tree';

/** What `activate` returns, for tests and other extensions. */
export interface ReadinessApi {
  /** The language client, once started. */
  client(): LanguageClient | undefined;
  /** Resolves when the first report has arrived. */
  ready: Promise<void>;
  /** The tree's children (the root when no node is given). */
  treeChildren(node?: Node): Node[];
  /** The tree view (tests read its selection). */
  treeView(): vscode.TreeView<Node>;
  treeItem(node: Node): vscode.TreeItem;
  /** The model the score panel shows, when it is open. */
  panelModel(): PanelModel | null | undefined;
  statusText(): string;
}

let client: LanguageClient | undefined;

/** The files the server analyses as the user types. */
const DOCUMENT_SELECTOR: LanguageClientOptions['documentSelector'] = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'file', language: 'github-actions-workflow' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', language: 'ignore' },
  { scheme: 'file', language: 'dotenv' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Dockerfile-*}' },
  { scheme: 'file', pattern: '**/{.dockerignore,.gitignore,.env,.env.*}' },
  { scheme: 'file', pattern: '**/package.json' },
];

export async function activate(context: vscode.ExtensionContext): Promise<ReadinessApi> {
  const log = vscode.window.createOutputChannel('Readiness', { log: true });
  context.subscriptions.push(log);
  const store = new ReportStore(context.workspaceState, log);
  const tree = new ReadinessTreeProvider(store);
  const view = vscode.window.createTreeView('readiness.checks', { treeDataProvider: tree, showCollapseAll: true });
  void vscode.commands.executeCommand('setContext', 'readiness.treeFilter', tree.filter);
  const status = new StatusItem();
  // The "Get Started" view has no items: it exists to show its welcome content while there is no manifest.
  const start = vscode.window.registerTreeDataProvider<vscode.TreeItem>('readiness.start', { getChildren: () => [], getTreeItem: (x) => x });
  context.subscriptions.push(store, tree, view, status, start);

  const updateViews = () => {
    const primary = store.primary?.report ?? undefined;
    view.message = treeMessage(primary);
    status.update(primary);
  };
  context.subscriptions.push(store.onDidChange(updateViews));

  const refreshManifestContext = async () => {
    const found = await vscode.workspace.findFiles(MANIFEST_GLOB, undefined, 1);
    await vscode.commands.executeCommand('setContext', 'readiness.hasManifest', found.length > 0);
  };
  void refreshManifestContext();
  const manifestWatcher = vscode.workspace.createFileSystemWatcher(`**/${MANIFEST_GLOB}`);
  manifestWatcher.onDidCreate(() => void refreshManifestContext());
  manifestWatcher.onDidDelete(() => void refreshManifestContext());
  context.subscriptions.push(manifestWatcher);

  context.subscriptions.push(...registerCommands({ context, client: () => client, store, log, tree, view }));

  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // In Restricted Mode the server ignores the repository's own regular expressions and raised size
    // limits (see SECURITY.md); once the user trusts the folder, the server starts again with them.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    initializationFailedHandler: (e) => {
      log.error(vscode.l10n.t('the readiness server failed to start: {0}', e instanceof Error ? e.message : String(e)));
      return false;
    },
  };
  client = new LanguageClient('readiness', vscode.l10n.t('Production Readiness'), serverOptions, clientOptions);

  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (resolveReady = r));
  context.subscriptions.push(
    client.onNotification(ReportReadyNotification, async (p) => {
      log.info(`report ready (${p.trigger}): score ${p.score}, level ${p.level}`);
      // The trend records audits of saved files only; an update while typing refreshes the views.
      if (client) await store.refresh(client, p.folder, SAVED_TRIGGERS.includes(p.trigger));
      resolveReady();
    }),
  );
  try {
    await client.start();
  } catch (e) {
    log.error(vscode.l10n.t('could not start the readiness server: {0}', (e as Error).message));
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      if (!client) return;
      client.clientOptions.initializationOptions = { trusted: true };
      await client.restart().catch((e: unknown) => log.error(`could not restart the readiness server: ${(e as Error).message}`));
    }),
  );

  return {
    client: () => client,
    ready,
    treeChildren: (node) => tree.getChildren(node),
    treeView: () => view,
    treeItem: (node) => tree.getTreeItem(node),
    panelModel: () => ScorePanel.instance?.currentModel,
    statusText: () => status.text,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
