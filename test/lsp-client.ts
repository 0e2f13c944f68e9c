/**
 * A minimal LSP client over stdio for the language-server tests: spawns the bundled
 * `dist/server.js --stdio` (or `READINESS_SERVER`, to run the same tests against another build),
 * records what the server publishes and announces, and applies workspace edits to texts.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { applyFixes } from '../server/src/core/fixes';
import { REPO } from './helpers';

export const SERVER = process.env.READINESS_SERVER ?? path.join(REPO, 'dist', 'server.js');
export const FIXTURE = path.join(REPO, 'test', 'editor', 'fixtures', 'service');
export const NOW = '2026-06-01T12:00:00Z';

export interface PublishDiagnosticsParams {
  uri: string;
  diagnostics: Diagnostic[];
}

/** A minimal LSP client over stdio that records what the server publishes. */
export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly reports: unknown[] = [];
  readonly logs: string[] = [];
  private readonly proc: cp.ChildProcess;
  readonly conn: MessageConnection;
  private versions = new Map<string, number>();

  constructor(readonly root: string) {
    this.proc = cp.spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, READINESS_FIXED_NOW: NOW }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => this.logs.push(String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.diagnostics.set(decodeURIComponent(p.uri), p.diagnostics));
    this.conn.onNotification('readiness/reportReady', (p: unknown) => this.reports.push(p));
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  async start(): Promise<void> {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.root).href,
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: 'service' }],
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
    });
    await this.conn.sendNotification('initialized', {});
    await waitFor(() => this.reports.length > 0, 'the first report');
  }

  diagnosticsOf(rel: string): Diagnostic[] {
    return this.diagnostics.get(decodeURIComponent(this.uri(rel))) ?? [];
  }

  open(rel: string, text = fs.readFileSync(path.join(this.root, rel), 'utf8')): void {
    this.versions.set(rel, 1);
    const languageId = rel.endsWith('.yaml') ? 'yaml' : rel.endsWith('.md') ? 'markdown' : 'dockerfile';
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(rel), languageId, version: 1, text } });
  }

  change(rel: string, text: string): void {
    const v = (this.versions.get(rel) ?? 1) + 1;
    this.versions.set(rel, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(rel), version: v }, contentChanges: [{ text }] });
  }

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

export async function waitFor<T>(fn: () => T | undefined | false, what: string, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Applies the text edits of a workspace edit to one file's text. */
export function applyTextEdits(text: string, edit: WorkspaceEdit, uri: string): string {
  const fixes = (edit.documentChanges ?? [])
    .filter((c): c is TextDocumentEdit => 'textDocument' in c && decodeURIComponent(c.textDocument.uri) === decodeURIComponent(uri))
    .map((c) => ({ title: 'edit', changes: (c.edits as TextEdit[]).map((e) => ({ kind: 'edit' as const, file: 'f', range: e.range, newText: e.newText })) }));
  return applyFixes(fixes, () => text).files.get('f') ?? text;
}

