/**
 * Applies an engine fix from the tree view (the light bulb gets the same fix from the server as a code
 * action): files are created only where none exists, and created files are opened for review.
 */
import * as vscode from 'vscode';
import type { Fix } from '../../server/src/core/types';

/** Converts an engine fix to a workspace edit relative to a folder; returns the created URIs too. */
export async function fixToEdit(fix: Fix, folder: vscode.Uri): Promise<{ edit: vscode.WorkspaceEdit; created: vscode.Uri[] }> {
  const edit = new vscode.WorkspaceEdit();
  const created: vscode.Uri[] = [];
  for (const ch of fix.changes) {
    const uri = vscode.Uri.joinPath(folder, ...ch.file.split('/'));
    if (ch.kind === 'create') {
      if (await exists(uri)) continue;
      edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(ch.content) });
      created.push(uri);
    } else {
      const r = ch.range;
      edit.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), ch.newText);
    }
  }
  return { edit, created };
}

/** Applies a fix and opens what it created. Returns false when nothing was applied. */
export async function applyFix(fix: Fix, folder: vscode.Uri): Promise<boolean> {
  const { edit, created } = await fixToEdit(fix, folder);
  if (edit.size === 0) return false;
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok) await openFiles(created);
  return ok;
}

/** Opens files in editors, the first one focused. */
export async function openFiles(uris: (vscode.Uri | string)[]): Promise<void> {
  let first = true;
  for (const u of uris) {
    const uri = typeof u === 'string' ? vscode.Uri.parse(u) : u;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: !first });
      first = false;
    } catch {
      /* A file that cannot be opened is simply not shown. */
    }
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
