#!/usr/bin/env node
/**
 * Measures the precision of the findings and of the passes on real code: audits the 28 real
 * repositories of `../shared/corpus/repos-devcorpus.tar.xz` (unpacked into the ignored `.corpus/`
 * folder), matches every failing finding and every passing check against the labels a person wrote in
 * `test/precision/labels/*.tsv` after opening the files, and prints precision per rule and overall.
 *
 *   npm run eval:precision                       # report (labels matched, precision, what is unlabelled)
 *   npm run eval:precision -- --check            # exit 1 when a goal is missed (>= 95% overall, no rule < 85%)
 *   npm run eval:precision -- --sample 300 --passes 150 --seed 7 --out /tmp/to-label.tsv
 *                                                # draws unlabelled items to label, stratified by rule
 *   npm run eval:precision -- --uniform --sample 120 --passes 0 --seed 2026 --out /tmp/to-label.tsv
 *                                                # draws unlabelled items uniformly at random instead
 *
 * Stratified draws (the default) give every rule at least one item and cap any rule at a fifth of the
 * sample, so they over-weight rare rules: good for per-rule precision, wrong for the question a user
 * asks ("of the findings I see, how many are false?"). `--uniform` answers that question: it draws
 * `--sample` findings and `--passes` passes uniformly at random, without replacement, over every
 * unlabelled failing/partial finding (and every unlabelled pass) of the 28 repositories. The draw is
 * reproducible: the items are put in one canonical order first (by their key and message, with a plain
 * code-unit comparison, so neither the order in which the audits finish nor the locale matters), then a
 * partial Fisher-Yates shuffle driven by the seeded generator picks them; findings and passes have their
 * own generator (both from `--seed`), so `--sample 0 --passes 40` draws the same passes as
 * `--sample 120 --passes 40`. test/eval-precision.test.ts checks that a draw does not depend on the
 * order of its input and changes with the seed. Label the drawn items into a file whose name contains
 * `uniform` (test/precision/labels/labels-4-uniform.tsv): the report then prints the precision of those
 * rows alone with a 95% Wilson interval, the honest estimate of the false-finding rate, besides the
 * per-rule table (whose stratified rows are not a uniform sample of anything).
 *
 * A label is keyed by repository, kind (finding or pass), rule, file, line and a fingerprint of the
 * text of that line, so that it follows the code it judged: when the code under a finding changes, the
 * fingerprint changes and the finding must be labelled again. Repository-level findings (no file) and
 * passes are keyed by repository and rule.
 */
import { execFileSync, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The label files: every `*.tsv` in this folder (one per labelling session, so that sessions never collide). */
const LABELS = path.join(REPO, 'test', 'precision', 'labels');
/** The CLI to measure; READINESS_CLI points at another build (to measure an older commit with today's labels). */
const CLI = process.env.READINESS_CLI ? path.resolve(process.env.READINESS_CLI) : path.join(REPO, 'dist', 'cli.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(name);

/** Finds the shared corpus: $READINESS_SHARED, `../shared` beside the repository, or /work/shared. */
export function sharedDir() {
  const candidates = [process.env.READINESS_SHARED, path.resolve(REPO, '..', 'shared'), '/work/shared'].filter(Boolean);
  return candidates.find((d) => fs.existsSync(path.join(d, 'corpus', 'repos-devcorpus.tar.xz')));
}

/**
 * Unpacks the real-repository corpus once into `.corpus/devcorpus` and returns its folder and table:
 * the project's one unpacking helper, also used by the tests (test/pipelines-helpers.ts) and by the
 * `corpus` benchmark (bench/run.mjs).
 */
export function devCorpus() {
  const shared = sharedDir();
  if (!shared) throw new Error('the real-repository corpus is not in $READINESS_SHARED, ../shared/corpus or /work/shared/corpus');
  const archive = path.join(shared, 'corpus', 'repos-devcorpus.tar.xz');
  const dest = path.join(REPO, '.corpus', 'devcorpus');
  const stamp = path.join(dest, '.unpacked');
  const want = String(fs.statSync(archive).size);
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['-xJf', archive, '-C', dest]);
    fs.writeFileSync(stamp, want);
  }
  const rows = fs
    .readFileSync(path.join(shared, 'corpus', 'repos-devcorpus.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [folder, repository, commit, kind, tier, notes] = l.split('\t');
      return { folder, repository, commit, kind, tier, notes };
    });
  return { dir: dest, rows };
}

/** A short fingerprint of a line of text (whitespace-insensitive). */
function fingerprint(text) {
  return createHash('sha1').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 10);
}

/**
 * The fingerprint of a repository-level finding: the paths its message names (sorted), so that two
 * findings of one rule about different files get different labels while a reworded message keeps its
 * label; '-' when the message names no path.
 */
export function subjectOf(message) {
  const paths = [...new Set(message.match(/[\w.@-]+(?:\/[\w.@-]+)+|\b[\w-]+\.(?:ya?ml|json|md|toml|txt|py|go|js|ts|lock|cfg|ini)\b/g) ?? [])].sort();
  return paths.length ? fingerprint(paths.join(' ')) : '-';
}

/** Reads every label file; a later file's label for the same key wins (a relabel). */
function readLabels() {
  if (!fs.existsSync(LABELS)) return [];
  const out = [];
  for (const name of fs.readdirSync(LABELS).filter((n) => n.endsWith('.tsv')).sort()) {
    for (const l of fs.readFileSync(path.join(LABELS, name), 'utf8').split('\n')) {
      if (!l || l.startsWith('#') || l.startsWith('repo\t')) continue;
      const [repo, kind, rule, file, line, fp, label, why] = l.split('\t');
      if (!['true', 'false', 'debatable'].includes(label)) throw new Error(`${name}: bad label "${label}" in: ${l}`);
      out.push({ repo, kind, rule, file, line, fp, label, why, source: name });
    }
  }
  return out;
}

/** Audits one repository with the built CLI. */
function auditRepo(dir) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'audit', dir, '--format', 'json', '--fail-on', 'none'], { maxBuffer: 512 * 1024 * 1024 }, (err, stdout) => {
      if (err && !stdout) return reject(err);
      try {
        resolve(JSON.parse(stdout));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** The items of a report that can be labelled: open findings of failing/partial checks, and passing checks. */
function itemsOf(folder, root, report) {
  const out = [];
  const lineCache = new Map();
  const lineOf = (file, line) => {
    let lines = lineCache.get(file);
    if (!lines) {
      try {
        lines = fs.readFileSync(path.join(root, file), 'utf8').split(/\r?\n/);
      } catch {
        lines = [];
      }
      lineCache.set(file, lines);
    }
    return lines[line - 1] ?? '';
  };
  const status = new Map(report.checks.map((c) => [c.ruleId, c.status]));
  for (const c of report.checks) {
    if (c.status !== 'pass') continue;
    const evidence = (c.evidence ?? []).map((e) => `${e.file ? `${e.file}${e.line ? `:${e.line}` : ''} ` : ''}${e.message}`).slice(0, 3).join(' | ');
    out.push({ repo: folder, kind: 'pass', rule: c.ruleId, file: '-', line: '-', fp: '-', message: evidence || c.reason || '' });
  }
  for (const f of report.findings) {
    if (f.waived) continue;
    const s = status.get(f.ruleId);
    if (s !== 'fail' && s !== 'partial') continue;
    if (f.file && f.line) out.push({ repo: folder, kind: 'finding', rule: f.ruleId, file: f.file, line: String(f.line), fp: fingerprint(lineOf(f.file, f.line)), message: f.message });
    else out.push({ repo: folder, kind: 'finding', rule: f.ruleId, file: f.file ?? '-', line: '-', fp: subjectOf(f.message), message: f.message });
  }
  return out;
}

/** The label of an item, if one exists: exact line and fingerprint first, then the fingerprint alone. */
function labelOf(index, item) {
  const base = `${item.repo}\t${item.kind}\t${item.rule}\t${item.file}`;
  return index.get(`${base}\t${item.line}\t${item.fp}`) ?? index.get(`${base}\t*\t${item.fp}`);
}

/** A seeded pseudo-random generator (mulberry32), so that samples can be drawn again. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws `n` items stratified by rule: every rule gets at least one, the rest proportionally at random. */
function stratified(items, n, random) {
  const byRule = new Map();
  for (const it of items) (byRule.get(it.rule) ?? byRule.set(it.rule, []).get(it.rule)).push(it);
  for (const list of byRule.values()) list.sort(() => random() - 0.5);
  const picked = [];
  for (const list of byRule.values()) if (list.length) picked.push(list.shift());
  const rest = [...byRule.values()].flat().sort(() => random() - 0.5);
  // Cap any one rule at a fifth of the sample so that a noisy rule cannot fill it.
  const cap = Math.max(3, Math.ceil(n / 5));
  const count = new Map(picked.map((p) => [p.rule, 1]));
  for (const it of rest) {
    if (picked.length >= n) break;
    if ((count.get(it.rule) ?? 0) >= cap) continue;
    picked.push(it);
    count.set(it.rule, (count.get(it.rule) ?? 0) + 1);
  }
  return picked;
}

/** The key of an item or a label in the label files (repository, kind, rule, file, line, fingerprint). */
function keyOf(x) {
  return `${x.repo}\t${x.kind}\t${x.rule}\t${x.file}\t${x.line}\t${x.fp}`;
}

/** Orders two strings by UTF-16 code units: unlike `localeCompare`, the same on every machine and locale. */
function byCodeUnits(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Draws `n` items (all of them when there are fewer) uniformly at random without replacement: every
 * subset of size `n` is equally likely. The items are first put in a canonical order (key, then
 * message), so that the draw depends only on the set of items and the seed, not on the order in which
 * the parallel audits returned them; then a partial Fisher-Yates shuffle picks them.
 */
export function uniformDraw(items, n, seed) {
  const pool = [...items].sort((a, b) => byCodeUnits(keyOf(a), keyOf(b)) || byCodeUnits(a.message ?? '', b.message ?? ''));
  const random = rng(seed);
  const k = Math.max(0, Math.min(n, pool.length));
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

/**
 * The 95% Wilson score interval of a proportion of `hits` out of `n` trials, as [low, high] in 0..1;
 * unlike the normal approximation it stays inside 0..1 and is honest near 100% with small samples.
 */
export function wilson(hits, n, z = 1.96) {
  if (n === 0) return [0, 1];
  const p = hits / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The precision of the rows of the uniform label files (file name contains `uniform`), each with its
 * current label (a later file's relabel wins): `drawn` counts every row as labelled, `reported` only
 * the rows the audit still reports, per kind. Counts are of distinct keys, as the rows were drawn.
 */
export function uniformCounts(labels, index, items) {
  const keys = new Set(labels.filter((l) => l.source.includes('uniform')).map(keyOf));
  const zero = () => ({ true: 0, false: 0, debatable: 0 });
  const out = { files: [...new Set(labels.filter((l) => l.source.includes('uniform')).map((l) => l.source))], drawn: { finding: zero(), pass: zero() }, reported: { finding: zero(), pass: zero() } };
  for (const k of keys) {
    const l = index.get(k);
    out.drawn[l.kind][l.label]++;
  }
  const seen = new Set();
  for (const it of items) {
    const l = labelOf(index, it);
    if (!l || !keys.has(keyOf(l)) || seen.has(keyOf(l))) continue;
    seen.add(keyOf(l));
    out.reported[l.kind][l.label]++;
  }
  return out;
}

/** One line of the uniform report: counts, precision with its Wilson interval, and the strict variant. */
function uniformLine(title, c) {
  const n = c.true + c.false;
  const all = n + c.debatable;
  if (all === 0) return `  ${title}: none`;
  const pc = (x) => `${(100 * x).toFixed(1)}%`;
  const [lo, hi] = wilson(c.true, n);
  const [slo, shi] = wilson(c.true, all);
  return `  ${title}: ${all} (${c.true} true, ${c.false} false, ${c.debatable} debatable): precision ${n ? pc(c.true / n) : '—'} [95% Wilson ${pc(lo)}–${pc(hi)}]; strict, debatable as false: ${pc(c.true / all)} [${pc(slo)}–${pc(shi)}]`;
}

async function main() {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node esbuild.mjs` first');
  const { dir, rows } = devCorpus();
  const only = opt('--repos')?.split(',');
  const selected = rows.filter((r) => !only || only.includes(r.folder));
  const items = [];
  const reports = new Map();
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const r = selected[next++];
      const root = path.join(dir, r.folder);
      const report = await auditRepo(root);
      reports.set(r.folder, report);
      items.push(...itemsOf(r.folder, root, report));
    }
  };
  await Promise.all([worker(), worker()]);

  const labels = readLabels();
  const index = new Map();
  for (const l of labels) {
    index.set(`${l.repo}\t${l.kind}\t${l.rule}\t${l.file}\t${l.line}\t${l.fp}`, l);
    index.set(`${l.repo}\t${l.kind}\t${l.rule}\t${l.file}\t*\t${l.fp}`, l);
  }

  if (opt('--sample') || opt('--passes')) {
    const seed = Number(opt('--seed', '1'));
    const unlabelled = items.filter((it) => !labelOf(index, it));
    let findings;
    let passes;
    if (flag('--uniform')) {
      // Findings and passes each have their own stream, so that one count does not change the other draw.
      findings = uniformDraw(unlabelled.filter((i) => i.kind === 'finding'), Number(opt('--sample', '0')), seed);
      passes = uniformDraw(unlabelled.filter((i) => i.kind === 'pass'), Number(opt('--passes', '0')), seed ^ 0x5bd1e995);
    } else {
      const random = rng(seed);
      findings = stratified(unlabelled.filter((i) => i.kind === 'finding'), Number(opt('--sample', '0')), random);
      passes = stratified(unlabelled.filter((i) => i.kind === 'pass'), Number(opt('--passes', '0')), random);
    }
    const out = ['repo\tkind\trule\tfile\tline\tfingerprint\tlabel\twhy\tmessage (not part of the key)'];
    for (const it of [...findings, ...passes].sort((a, b) => a.repo.localeCompare(b.repo) || a.rule.localeCompare(b.rule))) {
      out.push([it.repo, it.kind, it.rule, it.file, it.line, it.fp, '', '', it.message.replace(/\s+/g, ' ')].join('\t'));
    }
    const file = opt('--out', path.join(REPO, '.corpus', 'to-label.tsv'));
    fs.writeFileSync(file, out.join('\n') + '\n');
    const how = flag('--uniform') ? 'uniformly at random' : 'stratified by rule';
    console.log(`wrote ${findings.length} findings and ${passes.length} passes (${how}) to label into ${file} (of ${unlabelled.length} unlabelled items)`);
    return;
  }

  // Precision per rule over the labelled items that the audit still reports.
  const per = new Map();
  const stale = [];
  let unlabelledFindings = 0;
  let unlabelledPasses = 0;
  const matched = new Set();
  for (const it of items) {
    const l = labelOf(index, it);
    if (!l) {
      if (it.kind === 'finding') unlabelledFindings++;
      else unlabelledPasses++;
      continue;
    }
    matched.add(l);
    const key = `${it.kind}\t${it.rule}`;
    const s = per.get(key) ?? { kind: it.kind, rule: it.rule, true: 0, false: 0, debatable: 0, falses: [] };
    s[l.label === 'true' ? 'true' : l.label === 'false' ? 'false' : 'debatable']++;
    if (l.label === 'false') s.falses.push(`${it.repo} ${it.file}${it.line !== '-' ? `:${it.line}` : ''} — ${l.why}`);
    per.set(key, s);
  }
  // A label replaced by a later file's label for the same key is a relabel, not a stale label.
  const current = new Set(index.values());
  for (const l of labels) if (current.has(l) && !matched.has(l)) stale.push(l);

  const pct = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
  const table = (kind) => {
    const rowsOf = [...per.values()].filter((s) => s.kind === kind).sort((a, b) => a.rule.localeCompare(b.rule));
    let t = 0;
    let f = 0;
    let d = 0;
    console.log(`\n${kind === 'finding' ? 'Failing findings' : 'Passing checks'}: rule, labelled, true, false, debatable, precision (debatable left out)`);
    for (const s of rowsOf) {
      t += s.true;
      f += s.false;
      d += s.debatable;
      console.log(`  ${s.rule.padEnd(38)} ${String(s.true + s.false + s.debatable).padStart(4)} ${String(s.true).padStart(4)} ${String(s.false).padStart(4)} ${String(s.debatable).padStart(4)}  ${pct(s.true, s.true + s.false)}`);
    }
    console.log(`  ${'overall'.padEnd(38)} ${String(t + f + d).padStart(4)} ${String(t).padStart(4)} ${String(f).padStart(4)} ${String(d).padStart(4)}  ${pct(t, t + f)} (strict, debatable as false: ${pct(t, t + f + d)})`);
    return { t, f, d, rows: rowsOf };
  };
  const fi = table('finding');
  const pa = table('pass');
  const falses = [...per.values()].flatMap((s) => s.falses.map((x) => `${s.kind} ${s.rule}: ${x}`));
  if (falses.length) {
    console.log(`\nItems labelled false that the audit still reports (${falses.length}):`);
    for (const x of falses) console.log(`  ${x}`);
  }
  const u = uniformCounts(labels, index, items);
  if (u.files.length) {
    console.log(`\nUniform sample (${u.files.join(', ')}: unlabelled items drawn with --uniform, so not weighted by rule): the honest estimate of "of the findings I see, how many are false?"`);
    console.log(uniformLine('findings as labelled', u.drawn.finding));
    console.log(uniformLine('findings the audit still reports', u.reported.finding));
    console.log(uniformLine('passes as labelled', u.drawn.pass));
    console.log(uniformLine('passes the audit still reports', u.reported.pass));
    // The findings reported now are the labelled rows of the other (stratified) files, known one by
    // one, plus the rest, which the uniform rows still reported sample: weight the two by their sizes.
    const rest = u.reported.finding;
    const restN = rest.true + rest.false + rest.debatable;
    const census = { true: 0, false: 0, n: 0 };
    let others = 0;
    const keys = new Set(labels.filter((l) => l.source.includes('uniform')).map(keyOf));
    for (const it of items) {
      if (it.kind !== 'finding') continue;
      const l = labelOf(index, it);
      if (l && !keys.has(keyOf(l))) {
        census.n++;
        if (l.label === 'true') census.true++;
        if (l.label === 'false') census.false++;
      } else others++;
    }
    if (restN) {
      const t = census.true + (others * rest.true) / restN;
      const f = census.false + (others * rest.false) / restN;
      console.log(
        `  every finding reported now (${census.n + others}): ${census.n} labelled in the stratified files, ${others} others at the uniform rate: about ${pct(t, t + f)} true (debatable left out)`,
      );
    }
  }
  console.log(`\nUnlabelled now: ${unlabelledFindings} findings, ${unlabelledPasses} passes. Labels no longer matched (the audit stopped reporting them): ${stale.length} (${stale.filter((l) => l.label === 'false').length} of them labelled false).`);

  if (flag('--check')) {
    const low = [...fi.rows, ...pa.rows].filter((s) => s.true + s.false >= 3 && s.true / (s.true + s.false) < 0.85);
    const ok = fi.t / Math.max(1, fi.t + fi.f) >= 0.95 && pa.t / Math.max(1, pa.t + pa.f) >= 0.95 && low.length === 0 && fi.t + fi.f + fi.d >= 300 && pa.t + pa.f + pa.d >= 150;
    if (!ok) {
      console.log(`\ngoals missed: ${low.map((s) => `${s.kind} ${s.rule}`).join(', ') || 'overall precision or sample size'}`);
      process.exit(1);
    }
    console.log('\ngoals met: >= 300 findings and >= 150 passes labelled, >= 95% true each, no rule below 85%');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`eval-precision: ${e.message}`);
    process.exit(2);
  });
}
