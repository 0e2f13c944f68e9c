/**
 * quality/strict-types: type checking is strict, and CI runs the type checker. TypeScript: every
 * tsconfig.json resolves (through `extends`) to `"strict": true`, without turning `strictNullChecks` or
 * `noImplicitAny` back off. Python: mypy runs with `strict = true` or pyright with `typeCheckingMode =
 * "strict"`. Strict settings that no CI job checks (tsc, vue-tsc, a typecheck script, mypy, pyright,
 * directly or through make, scripts and pre-commit) earn half their credit. The fix sets `"strict":
 * true` in the tsconfig (or `strict = true` under `[tool.mypy]`).
 */
import type { Evidence, Fix, RuleFinding, WorkspaceRule } from '../../core/types';
import { asRecord, type SourceFile } from '../../core/source';
import { tomlAt, tomlTableLine } from '../../core/formats/toml';
import type { Workspace } from '../../core/workspace';
import { appendFix, insertAtLineFix, isTemplatePath, isTestPath, replaceFix } from '../lib/util';
import { jsoncMember } from '../../core/formats/jsonc';
import { effectiveTsconfig } from '../lib/tsconfig';
import { findRuns, hitEvidence, isGating, whyNotGating, type CommandSpec } from '../lib/ci-run';
import { PY_TYPECHECK_SPEC, TYPECHECK_SPEC } from '../lib/ci-checks';
import { activeStacks } from '../lib/test-cases';
import type { Facts } from '../../core/facts';

/** Halves the credit of strict settings that no CI job checks, and says so. */
function enforced(ws: Workspace, score: number, spec: CommandSpec, what: string, where: string | undefined, findings: RuleFinding[], evidence: Evidence[]): number {
  if (score <= 0) return score;
  const all = findRuns(ws, spec);
  const hits = all.filter((h) => isGating(h.run));
  if (hits.length > 0) {
    evidence.push(...hitEvidence(hits, 'type-checks in CI', 2));
    return score;
  }
  const state = score >= 1 ? 'is strict' : 'is configured';
  const why = all.length > 0 ? `CI runs the type checker ${whyNotGating(all[0].run)}` : 'no CI job runs the type checker';
  findings.push({ message: `${what} ${state}${where ? ` (${where})` : ''}, but ${why}: its checks only hold where someone runs them; run ${spec === TYPECHECK_SPEC ? '`tsc --noEmit` (or a typecheck script)' : 'mypy or pyright'} on every push and pull request`, file: null, data: { notRunInCi: true } });
  if (all.length > 0) evidence.push(...hitEvidence(all, 'type-checks in CI', 2));
  return score * 0.5;
}

const WEAKENERS = ['strictNullChecks', 'noImplicitAny', 'strictFunctionTypes', 'strictBindCallApply', 'alwaysStrict', 'useUnknownInCatchVariables'];

/** The fix that makes `strict` true in a tsconfig, editing the one value or inserting the key. */
function strictFix(f: SourceFile): Fix | undefined {
  const tree = f.jsonc.tree;
  if (tree?.type !== 'object') return undefined;
  const root = tree.offset;
  const co = jsoncMember(tree, 'compilerOptions');
  const title = 'Set "strict": true';
  if (!co) {
    const empty = (tree.children ?? []).length === 0;
    const text = empty ? '\n  "compilerOptions": { "strict": true }\n' : '\n  "compilerOptions": { "strict": true },';
    return replaceFix(title, f, f.rangeOf(root + 1, root + 1), text);
  }
  if (co.value.type !== 'object') return undefined;
  const strict = jsoncMember(co.value, 'strict');
  if (strict) return replaceFix(title, f, f.rangeOf(strict.valueStart, strict.valueEnd), 'true');
  const firstKey = co.value.children?.[0];
  if (!firstKey) return replaceFix(title, f, f.rangeOf(co.valueStart, co.valueEnd), '{ "strict": true }');
  const keyAt = firstKey.offset;
  const pos = f.positionAt(keyAt);
  const sameLine = f.positionAt(co.valueStart).line === pos.line;
  return sameLine
    ? replaceFix(title, f, f.rangeOf(keyAt, keyAt), '"strict": true, ')
    : insertAtLineFix(title, f, pos.line, `${' '.repeat(pos.character)}"strict": true,\n`);
}

function checkTypescript(ws: Workspace, findings: RuleFinding[], evidence: Evidence[]): number {
  let units = 0;
  let credit = 0;
  for (const p of ws.files) {
    if (!/(^|\/)tsconfig\.json$/.test(p) || isTemplatePath(p) || isTestPath(p)) continue;
    const f = ws.read(p);
    const eff = f ? effectiveTsconfig(ws, p) : undefined;
    if (!f || !eff) continue;
    if (Array.isArray(eff.raw.files) && eff.raw.files.length === 0 && Array.isArray(eff.raw.references)) continue;
    units++;
    const co = jsoncMember(f.jsonc.tree, 'compilerOptions');
    const at = (key: string) => {
      const m = co?.value.type === 'object' ? jsoncMember(co.value, key) : undefined;
      return m ? f.rangeOf(m.keyStart, m.valueEnd) : co ? f.rangeOf(co.keyStart, co.keyStart + 17) : f.lineRange(0);
    };
    if (eff.options.strict !== true) {
      const unknown = eff.unknownBases.length ? ` (it extends ${eff.unknownBases.join(', ')}, which cannot be read here)` : '';
      const fix = strictFix(f);
      findings.push({
        message: `${p} does not enable "strict"${eff.options.strict === false ? ` (it is false in ${eff.setBy.get('strict')})` : unknown}; set "strict": true in compilerOptions`,
        file: p,
        range: at('strict'),
        ...(fix ? { fix } : {}),
      });
      continue;
    }
    const weak = WEAKENERS.filter((k) => eff.options[k] === false);
    if (weak.length > 0) {
      credit += 0.5;
      findings.push({ message: `${p} enables "strict" but turns ${weak.join(', ')} back off; remove the override`, file: p, range: at(weak[0]) });
      continue;
    }
    credit++;
    evidence.push({ message: `"strict": true (set in ${eff.setBy.get('strict')})`, file: p });
  }
  return units === 0 ? -1 : credit / units;
}

function checkPython(ws: Workspace, findings: RuleFinding[], evidence: Evidence[]): number {
  // `mypy --strict` run by CI is strict type checking, whatever the configuration says.
  const cli = findRuns(ws, PY_TYPECHECK_SPEC).find((h) => isGating(h.run) && /\bmypy\b[^\n]*\s--strict\b/.test(h.run.text));
  if (cli) {
    evidence.push({ ...hitEvidence([cli], 'strict Python type checking: mypy --strict', 1)[0] });
    return 1;
  }
  // INI and JSON sources are read by their header and key; TOML sources through the file's TOML view.
  const sources: { path: string; header?: RegExp; strict?: RegExp; insert?: string; toml?: { table: string[]; strict: (t: Record<string, unknown>) => boolean } }[] = [
    { path: 'pyproject.toml', insert: 'strict = true', toml: { table: ['tool', 'mypy'], strict: (t) => t.strict === true } },
    { path: 'mypy.ini', header: /^\[mypy\]\s*$/m, strict: /^\s*strict\s*=\s*(true|1|yes)\b/im, insert: 'strict = True' },
    { path: '.mypy.ini', header: /^\[mypy\]\s*$/m, strict: /^\s*strict\s*=\s*(true|1|yes)\b/im, insert: 'strict = True' },
    { path: 'setup.cfg', header: /^\[mypy\]\s*$/m, strict: /^\s*strict\s*=\s*(true|1|yes)\b/im, insert: 'strict = True' },
    { path: 'pyproject.toml', toml: { table: ['tool', 'pyright'], strict: (t) => /^(strict|all|recommended)$/.test(String(t.typeCheckingMode)) } },
    { path: 'pyproject.toml', toml: { table: ['tool', 'basedpyright'], strict: (t) => /^(strict|all|recommended)$/.test(String(t.typeCheckingMode)) } },
    { path: 'pyrightconfig.json', header: /^\s*\{/, strict: /"typeCheckingMode"\s*:\s*"strict"/ },
  ];
  let configured: { f: SourceFile; line: number; insert?: string } | undefined;
  for (const s of sources) {
    const f = ws.exists(s.path) ? ws.read(s.path) : undefined;
    if (f && s.toml) {
      // TOML is read through the file's view: the table's own header, and its keys from the value.
      const table = asRecord(tomlAt(f.toml, s.toml.table));
      const line = table ? tomlTableLine(f.lines, s.toml.table, true) : undefined;
      if (!table || line === undefined) continue;
      if (s.toml.strict(table)) {
        evidence.push({ message: 'strict Python type checking', file: f.path, line: line + 1 });
        return 1;
      }
      configured ??= { f, line, insert: s.insert };
      continue;
    }
    const h = f && s.header ? s.header.exec(f.text) : null;
    if (!f || !h || !s.strict) continue;
    const body = f.text.slice(h.index + h[0].length).split(/^\[(?!\[)/m)[0];
    if (s.strict.test(s.path.endsWith('.json') ? f.text : body)) {
      evidence.push({ message: 'strict Python type checking', file: f.path, line: f.positionAt(h.index).line + 1 });
      return 1;
    }
    configured ??= { f, line: f.positionAt(h.index).line, insert: s.insert };
  }
  if (configured) {
    const { f, line, insert } = configured;
    findings.push({
      message: `the Python type checker configured in ${f.path} is not strict; set ${insert ?? 'typeCheckingMode = "strict"'}`,
      file: f.path,
      range: f.lineRange(line),
      ...(insert ? { fix: insertAtLineFix(`Set ${insert}`, f, line + 1, `${insert}\n`) } : {}),
    });
    return 0.5;
  }
  const py = ws.exists('pyproject.toml') ? ws.read('pyproject.toml') : undefined;
  findings.push({
    message: 'no type checker is configured for the Python code; add mypy with strict = true (or pyright in strict mode) and run it in CI',
    file: py ? py.path : null,
    ...(py ? { range: py.lineRange(0), fix: appendFix('Configure mypy in strict mode', py, '\n[tool.mypy]\nstrict = true\n') } : {}),
  });
  return 0;
}

/**
 * True when the product holds Python source files: a requirements.txt alone (a docs site's mkdocs, a
 * tool list) is not Python code to type-check.
 */
function pythonCode(ws: Workspace, facts: Facts): boolean {
  return facts.stacks.includes('python') && activeStacks(ws, facts).includes('python');
}

export const rule: WorkspaceRule = {
  id: 'quality/strict-types',
  category: 'quality',
  severity: 'medium',
  level: 'mvp',
  title: 'Type checking is strict',
  rationale: 'Without strict mode TypeScript lets null and implicit any through, and they surface as production errors; a strict type checker finds them at build time.',
  roadmap: [{ topic: 'strict type checking', match: /type ?check|strict (mode|types|typescript)|typescript strict|mypy/, rank: 160 }],
  fixable: true,
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts, { ws }) {
    return facts.typescript || pythonCode(ws, facts) ? true : 'no TypeScript or Python code';
  },
  check({ ws, facts }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    const scores: number[] = [];
    if (facts.typescript) {
      const s = checkTypescript(ws, findings, evidence);
      if (s >= 0) scores.push(enforced(ws, s, TYPECHECK_SPEC, 'TypeScript', evidence.find((e) => /"strict": true/.test(e.message))?.file, findings, evidence));
    }
    if (pythonCode(ws, facts)) {
      const s = checkPython(ws, findings, evidence);
      scores.push(enforced(ws, s, PY_TYPECHECK_SPEC, 'Python type checking', evidence.find((e) => e.message.startsWith('strict Python type checking'))?.file, findings, evidence));
    }
    if (scores.length === 0) return { status: 'not-applicable', findings: [], reason: 'no tsconfig.json or Python configuration found' };
    const score = scores.reduce((a, b) => a + b, 0) / scores.length;
    if (findings.length === 0) return { status: 'pass', findings, evidence };
    return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
  },
};
