/**
 * Helpers of the robustness and property tests: the real-world corpora unpacked once into the
 * system's temporary folder, per-file analysis with every file rule of a kind, and the checks every
 * finding must pass (positions inside its document).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { detectFacts } from '../server/src/core/facts';
import { ruleContext, runFileRule } from '../server/src/core/engine';
import { Workspace } from '../server/src/core/workspace';
import { defaultManifest } from '../server/src/manifest/schema';
import { allRules } from '../server/src/rules';
import type { FileKind, FileRule, Finding, Report } from '../server/src/core/types';
import { FIXED_NOW, REPO } from './helpers';

/** Where the corpora live: `../shared/corpus` next to the repository (CI) or `/work/shared/corpus`. */
export function corpusDir(): string | undefined {
  const candidates = [path.resolve(REPO, '..', 'shared', 'corpus'), '/work/shared/corpus'];
  return candidates.find((c) => fs.existsSync(path.join(c, 'workflows-realworld.zip')) && fs.existsSync(path.join(c, 'dockerfiles-docker-library.tar.xz')));
}

/** A corpus file. */
export interface CorpusFile {
  name: string;
  text: string;
}

/** The corpora, unpacked once per machine into the temporary folder; undefined with a reason when impossible. */
export function loadCorpora(): { workflows: CorpusFile[]; dockerfiles: CorpusFile[] } | string {
  const src = corpusDir();
  if (!src) return 'the corpora are not in ../shared/corpus or /work/shared/corpus';
  const dest = path.join(os.tmpdir(), 'readiness-corpus-v1');
  const wf = path.join(dest, 'workflows');
  const df = path.join(dest, 'dockerfiles');
  try {
    if (!fs.existsSync(path.join(wf, '.done'))) {
      fs.rmSync(wf, { recursive: true, force: true });
      fs.mkdirSync(wf, { recursive: true });
      execFileSync('unzip', ['-q', '-o', path.join(src, 'workflows-realworld.zip'), '-d', wf], { stdio: 'ignore' });
      fs.writeFileSync(path.join(wf, '.done'), '');
    }
    if (!fs.existsSync(path.join(df, '.done'))) {
      fs.rmSync(df, { recursive: true, force: true });
      fs.mkdirSync(df, { recursive: true });
      execFileSync('tar', ['-xJf', path.join(src, 'dockerfiles-docker-library.tar.xz'), '-C', df], { stdio: 'ignore' });
      fs.writeFileSync(path.join(df, '.done'), '');
    }
  } catch (e) {
    return `could not unpack the corpora (unzip and tar with xz are needed): ${(e as Error).message}`;
  }
  const list = (dir: string, re: RegExp): CorpusFile[] => {
    const out: CorpusFile[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const abs = path.join(d, e.name);
        if (e.isDirectory()) walk(abs);
        else if (re.test(e.name)) out.push({ name: e.name, text: fs.readFileSync(abs, 'utf8') });
      }
    };
    walk(dir);
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  };
  return { workflows: list(wf, /\.ya?ml$/), dockerfiles: list(df, /Dockerfile$/) };
}

/** The file rules of a kind, as registered. */
export function fileRulesOf(kind: FileKind): FileRule[] {
  return allRules.filter((r): r is FileRule => r.scope === 'file' && r.kinds.includes(kind));
}

const manifest = defaultManifest();

/** Analyses one file alone with every file rule of its kind; returns its findings and the rules that threw. */
export function analyseFile(rel: string, text: string | Uint8Array, rules: FileRule[]): { findings: Finding[]; errors: string[]; ws: Workspace } {
  const ws = Workspace.fromFiles({ [rel]: text });
  const facts = detectFacts(ws);
  const findings: Finding[] = [];
  const errors: string[] = [];
  for (const rule of rules) {
    const out = runFileRule(rule, ws, rel, ruleContext(rule, ws, facts, manifest, FIXED_NOW));
    if (out === 'error') errors.push(`${rule.id}: ${ws.notes.find((n) => n.message.includes(rule.id))?.message ?? 'threw'}`);
    else findings.push(...out);
  }
  return { findings, errors, ws };
}

/** Asserts that every finding's range lies inside its file (zero-based lines, characters within the line). */
export function assertPositionsInside(findings: Finding[], textOf: (file: string) => string | undefined, label = ''): void {
  const cache = new Map<string, string[]>();
  for (const f of findings) {
    if (!f.file || !f.range) continue;
    const text = textOf(f.file);
    if (text === undefined) continue;
    let lines = cache.get(f.file);
    if (!lines) {
      lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
      cache.set(f.file, lines);
    }
    const { start, end } = f.range;
    const where = `${label}${f.file}: ${f.ruleId} ${JSON.stringify(f.range)} (${lines.length} lines)`;
    assert.ok(Number.isInteger(start.line) && Number.isInteger(start.character) && Number.isInteger(end.line) && Number.isInteger(end.character), `non-integer position ${where}`);
    assert.ok(start.line >= 0 && start.line < lines.length, `start line outside the document ${where}`);
    assert.ok(end.line >= start.line && end.line < lines.length, `end line outside the document ${where}`);
    assert.ok(start.character >= 0 && start.character <= lines[start.line].length, `start character outside the line ${where}`);
    assert.ok(end.character >= 0 && end.character <= lines[end.line].length, `end character outside the line ${where}`);
    assert.ok(end.line > start.line || end.character >= start.character, `end before start ${where}`);
  }
}

/** Notes of a report that say a rule failed (threw). */
export function ruleFailures(report: Report): string[] {
  return report.notes.filter((n) => /rule .* failed/.test(n.message)).map((n) => n.message);
}

/** A fresh folder in the temporary directory, removed by the returned function. */
export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `readiness-${label}-`));
  return {
    dir,
    cleanup: () => {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    },
  };
}

/** Writes files (text or bytes) under a folder, creating parents. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

/**
 * Differences between two parses of the same YAML text (the fast path and the `yaml` package): node
 * kinds, ranges, scalar values, types and sources, flow flags and the plain values. Empty when equal.
 */
export function yamlDifferences(fast: unknown[], slow: unknown[]): string[] {
  const out: string[] = [];
  type N = { range?: number[]; items?: unknown[]; value?: unknown; type?: string; source?: string; format?: string; flow?: boolean; key?: unknown };
  const kind = (n: unknown) => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isAlias(n) ? 'alias' : String(n));
  const cmp = (a: N, b: N, p: string) => {
    if (out.length > 5) return;
    if (kind(a) !== kind(b)) return void out.push(`${p}: ${kind(a)} vs ${kind(b)}`);
    if (JSON.stringify(a?.range) !== JSON.stringify(b?.range)) out.push(`${p}: range ${JSON.stringify(a?.range)} vs ${JSON.stringify(b?.range)}`);
    if (isScalar(a)) {
      const same = a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value));
      if (!same) out.push(`${p}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`);
      if (a.type !== b.type) out.push(`${p}: type ${a.type} vs ${b.type}`);
      if (a.source !== b.source) out.push(`${p}: source ${JSON.stringify(a.source)} vs ${JSON.stringify(b.source)}`);
      if (a.format !== b.format) out.push(`${p}: format ${a.format} vs ${b.format}`);
      return;
    }
    if (!!a.flow !== !!b.flow) out.push(`${p}: flow ${a.flow} vs ${b.flow}`);
    const ai = a.items ?? [];
    const bi = b.items ?? [];
    if (ai.length !== bi.length) return void out.push(`${p}: ${ai.length} vs ${bi.length} items`);
    ai.forEach((x, i) => {
      const y = bi[i] as N;
      if (isPair(x)) {
        cmp(x.key as N, y.key as N, `${p}.key${i}`);
        cmp(x.value as N, (y as { value: N }).value, `${p}.${String((x.key as N)?.value)}`);
      } else cmp(x as N, y, `${p}[${i}]`);
    });
  };
  if (fast.length !== slow.length) return [`${fast.length} vs ${slow.length} documents`];
  fast.forEach((d, i) => {
    const a = d as Document.Parsed;
    const b = slow[i] as Document.Parsed;
    if (b.errors.length > 0) out.push(`doc${i}: yaml reports errors the fast path accepted: ${b.errors.map((e) => e.message.split('\n')[0]).join('; ')}`);
    if (JSON.stringify(a.range) !== JSON.stringify(b.range)) out.push(`doc${i}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`);
    cmp(a.contents as N, b.contents as N, `doc${i}`);
    let ja: string;
    let jb: string;
    try {
      ja = JSON.stringify(a.toJS({ maxAliasCount: 200 }));
    } catch (e) {
      ja = `throws ${(e as Error).message}`;
    }
    try {
      jb = JSON.stringify(b.toJS({ maxAliasCount: 200 }));
    } catch (e) {
      jb = `throws ${(e as Error).message}`;
    }
    if (ja !== jb) out.push(`doc${i}: toJS ${ja.slice(0, 80)} vs ${jb.slice(0, 80)}`);
  });
  return out;
}
