// A scripted LSP client over stdio, for the editor-latency benchmark (bench/run.mjs, part 4).
//
// It starts `node dist/server.js --stdio` (with bench/peak.cjs preloaded for the peak RSS), opens the
// generated 20,000-file monorepo as the workspace folder, and measures:
//  - initialize → the first `readiness/reportReady` (the first complete workspace audit);
//  - didChange → publishDiagnostics, over N edits of a 500-line workflow and of a 200-line
//    Dockerfile (the server's debounce set to 0 through workspace/configuration, so the time is the
//    analysis and the transport, not a deliberate delay);
//  - rule evaluations per edit, from the server's own counter (`readiness/stats`);
//  - the server's peak resident memory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** A minimal JSON-RPC connection over a child's stdio (Content-Length framing). */
export class LspConnection {
  /**
   * @param {import('node:child_process').ChildProcessWithoutNullStreams} child
   * @param {{ onRequest?: (method: string, params: any) => any }} [options]
   */
  constructor(child, { onRequest } = {}) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.onRequest = onRequest ?? (() => null);
    this.buf = Buffer.alloc(0);
    this.stderr = '';
    this.closed = false;
    /** @type {string | undefined} The file the preloaded bench/peak.cjs writes the peak RSS to. */
    this.peakFile = undefined;
    child.stdout.on('data', (d) => this.data(d));
    child.stderr.on('data', (d) => (this.stderr = (this.stderr + d.toString()).slice(-20000)));
    child.on('exit', (code, signal) => {
      this.closed = true;
      this.exit = { code, signal };
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  data(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const header = this.buf.subarray(0, sep).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) throw new Error(`bad header: ${header}`);
      const len = Number(m[1]);
      if (this.buf.length < sep + 4 + len) return;
      const body = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString('utf8'));
      this.buf = this.buf.subarray(sep + 4 + len);
      this.dispatch(body);
    }
  }

  dispatch(msg) {
    const at = performance.now();
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        msg.error ? p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code })) : p.resolve(msg.result);
      }
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server (workspace/configuration, client/registerCapability...).
      Promise.resolve(this.onRequest(msg.method, msg.params)).then(
        (result) => this.send({ jsonrpc: '2.0', id: msg.id, result: result ?? null }),
        (e) => this.send({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message: String(e) } }),
      );
      return;
    }
    for (const l of [...this.listeners]) l(msg.method, msg.params, at);
  }

  send(msg) {
    if (this.closed) return;
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params, timeoutMs = 120000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * Resolves with [params, time] at the next notification matching `pred`.
   * @param {string} method
   * @param {(params: any) => boolean} [pred]
   * @param {number} [timeoutMs]
   * @returns {Promise<[any, number]>}
   */
  waitFor(method, pred = () => true, timeoutMs = 120000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((x) => x !== l);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const l = (m, p, at) => {
        if (m !== method || !pred(p)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((x) => x !== l);
        resolve([p, at]);
      };
      this.listeners.push(l);
    });
  }
}

/** Starts the server with its stderr captured and the peak-RSS preload. */
export function startServer(serverJs, { settings = {}, env = {} } = {}) {
  const peakFile = path.join(os.tmpdir(), `readiness-lsp-peak-${process.pid}-${Date.now()}`);
  const child = spawn(process.execPath, ['-r', path.join(path.dirname(new URL(import.meta.url).pathname), 'peak.cjs'), serverJs, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, BENCH_PEAK_FILE: peakFile, ...env },
  });
  const conn = new LspConnection(child, {
    onRequest: (method, params) => {
      if (method === 'workspace/configuration') return (params?.items ?? []).map(() => ({ ...settings }));
      return null;
    },
  });
  conn.peakFile = peakFile;
  return conn;
}

/** The 500-line workflow the latency benchmark edits. */
export function latencyWorkflow() {
  const lines = ['name: latency', 'on:', '  push:', '    branches: [main]', '  pull_request:', 'jobs:'];
  let job = 0;
  while (lines.length < 492) {
    lines.push(`  job-${job}:`, '    runs-on: ubuntu-latest', `    timeout-minutes: ${10 + (job % 20)}`, '    steps:', '      - uses: actions/checkout@v4');
    for (let s = 0; s < 6 && lines.length < 492; s++) lines.push(`      - name: step ${job}-${s}`, `        run: echo "job ${job} step ${s}" && make target-${s}`);
    job++;
  }
  while (lines.length < 500) lines.push(`# padding ${lines.length}`);
  return lines.join('\n') + '\n';
}

/** The 200-line Dockerfile the latency benchmark edits. */
export function latencyDockerfile() {
  const lines = ['FROM node:20-alpine AS build', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci'];
  for (let i = 0; lines.length < 190; i++) lines.push(`RUN echo "layer ${i}" && mkdir -p /app/dir-${i}`);
  lines.push('', 'FROM node:20-alpine', 'WORKDIR /app', 'COPY --from=build /app /app', 'EXPOSE 3000');
  while (lines.length < 199) lines.push(`# padding ${lines.length}`);
  lines.push('CMD ["node", "server.js"]');
  return lines.join('\n') + '\n';
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const round = (n) => Math.round(n * 10) / 10;

/**
 * Runs the latency benchmark; returns the `latency` object of bench/results.json.
 * @param {{ server: string, repo: string, edits?: number, log?: (line: string) => void }} options
 */
export async function runLspBenchmark({ server, repo, edits = 200, log = () => {} }) {
  const conn = startServer(server, { settings: { debounceMs: 0 } });
  const rootUri = pathToFileURL(repo).href;
  try {
    const t0 = performance.now();
    const ready = conn.waitFor('readiness/reportReady', () => true, 600000);
    await conn.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(repo) }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    conn.notify('initialized', {});
    const [readyParams, readyAt] = await ready;
    const firstAuditMs = readyAt - t0;
    log(`lsp: first full audit ${Math.round(firstAuditMs)} ms (score ${readyParams.score})`);

    const docs = [
      { uri: pathToFileURL(path.join(repo, '.github', 'workflows', 'latency-bench.yml')).href, languageId: 'yaml', text: latencyWorkflow(), kind: 'workflow' },
      { uri: pathToFileURL(path.join(repo, 'services', 'latency-bench', 'Dockerfile')).href, languageId: 'dockerfile', text: latencyDockerfile(), kind: 'dockerfile' },
    ];
    for (const d of docs) {
      const first = conn.waitFor('textDocument/publishDiagnostics', (p) => p.uri === d.uri, 60000);
      conn.notify('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: d.languageId, version: 1, text: d.text } });
      await first;
      d.version = 1;
    }
    const before = await conn.request('readiness/stats', null);
    const times = { workflow: [], dockerfile: [] };
    const evaluations = { workflow: [], dockerfile: [] };
    let timeouts = 0;
    for (let i = 0; i < edits; i++) {
      for (const d of docs) {
        d.version++;
        // Edit one line in the middle: a timeout value of the workflow, a RUN line of the Dockerfile.
        const line = d.kind === 'workflow' ? 8 + 7 * ((i * 7) % 60) : 4 + ((i * 13) % 180);
        const lineText = d.text.split('\n')[line];
        const newLine = d.kind === 'workflow' ? lineText.replace(/\d+$/, String(5 + (i % 50))).replace(/"job (\d+)/, `"job $1 edit ${i}`) : `RUN echo "edit ${i}" && mkdir -p /app/e-${i}`;
        const lines = d.text.split('\n');
        lines[line] = newLine;
        d.text = lines.join('\n');
        const published = conn.waitFor('textDocument/publishDiagnostics', (p) => p.uri === d.uri && (p.version === undefined || p.version === d.version), 10000);
        const t = performance.now();
        conn.notify('textDocument/didChange', {
          textDocument: { uri: d.uri, version: d.version },
          contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: lineText.length } }, text: newLine }],
        });
        try {
          const [, at] = await published;
          times[d.kind].push(at - t);
        } catch {
          timeouts++;
        }
        const stats = await conn.request('readiness/stats', null);
        evaluations[d.kind].push(stats.lastEditEvaluations);
      }
    }
    const after = await conn.request('readiness/stats', null);
    const all = [...times.workflow, ...times.dockerfile];
    const rules = await rulesCount();
    const result = {
      firstAuditMs: Math.round(firstAuditMs),
      edits: all.length,
      timeouts,
      p50Ms: round(median(all)),
      p95Ms: round(pct(all, 95)),
      maxMs: round(Math.max(...all)),
      perFile: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { p50Ms: round(median(v)), p95Ms: round(pct(v, 95)), evaluationsPerEdit: median(evaluations[k]) }])),
      evaluationsPerEdit: round((after.editEvaluations - before.editEvaluations) / Math.max(1, after.edits - before.edits)),
      rulesTotal: rules.total,
      fileRules: rules.byKind,
      serverStats: after,
    };
    const rss = await shutdown(conn);
    result.rssMB = round(rss.peakMB);
    result.cpuMs = Math.round(rss.cpuMs);
    log(`lsp: ${all.length} edits, p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, ${result.evaluationsPerEdit} evaluations per edit, peak RSS ${result.rssMB} MB`);
    return result;
  } catch (e) {
    conn.child.kill();
    throw new Error(`${e.message}\nserver stderr:\n${conn.stderr.slice(-3000)}`);
  }
}

/** Sends shutdown and exit, waits for the process, and returns its peak RSS and CPU time. */
export async function shutdown(conn) {
  try {
    await conn.request('shutdown', null, 10000);
    conn.notify('exit', null);
  } catch {
    /* already gone */
  }
  await new Promise((resolve) => {
    if (conn.closed) return resolve();
    const t = setTimeout(() => (conn.child.kill(), resolve()), 5000);
    conn.child.on('exit', () => (clearTimeout(t), resolve()));
  });
  try {
    const v = JSON.parse(fs.readFileSync(conn.peakFile, 'utf8'));
    fs.rmSync(conn.peakFile, { force: true });
    return v;
  } catch {
    return { peakMB: NaN, cpuMs: NaN };
  }
}

/** The number of rules in the catalogue and of file rules per kind, from the engine bundle. */
async function rulesCount() {
  try {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const engine = require(path.join(path.dirname(new URL(import.meta.url).pathname), '.work', 'engine.cjs'));
    return { total: engine.ruleCount(), byKind: { workflow: engine.fileRulesOf('workflow').length, dockerfile: engine.fileRulesOf('dockerfile').length } };
  } catch {
    return { total: null, byKind: {} };
  }
}
