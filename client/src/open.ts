/**
 * Opening and saving the files that fixes and scaffolds create: a created file is saved at once (so it
 * exists on disk and the next audit sees it), and only the first is opened, in the editor column the
 * user last typed in, never over the score panel. The client applies edits; it never builds them.
 */
import * as vscode from 'vscode';

/** Opens files in editors, the first one focused, in the column of the last text editor. */
export async function openFiles(uris: (vscode.Uri | string)[], opts: { preview?: boolean } = {}): Promise<void> {
  let first = true;
  const column = vscode.window.activeTextEditor?.viewColumn ?? vscode.window.visibleTextEditors[0]?.viewColumn ?? vscode.ViewColumn.One;
  for (const u of uris) {
    const uri = typeof u === 'string' ? vscode.Uri.parse(u) : u;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: opts.preview ?? false, preserveFocus: !first, viewColumn: column });
      first = false;
    } catch {
      /* A file that cannot be opened is simply not shown. */
    }
  }
}

/** Saves the open documents of some URIs that have unsaved changes (files a fix or a scaffold just created). */
export async function saveAll(uris: (vscode.Uri | string)[]): Promise<void> {
  for (const u of uris) {
    const want = (typeof u === 'string' ? vscode.Uri.parse(u) : u).toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === want);
    if (doc?.isDirty) await doc.save();
  }
}

/**
 * After a fix or a scaffold created files: saves them, opens the first for review and says what was
 * created (with "Open All" when there are several), so that nothing happens silently.
 */
export async function afterCreate(created: string[]): Promise<void> {
  if (created.length === 0) return;
  await saveAll(created);
  await openFiles(created.slice(0, 1), { preview: true });
  if (created.length > 1) {
    const names = created.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u)));
    const openAll = vscode.l10n.t('Open All');
    void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: created {0} files: {1}.', created.length, names.join(', ')), openAll).then((a) => (a === openAll ? openFiles(created) : undefined));
  }
}
