/**
 * testing/coverage-threshold: coverage is measured and a minimum is enforced, at or above the
 * `threshold` option (default 80%): Jest `coverageThreshold`, Vitest `thresholds`, nyc/c8
 * `check-coverage`, pytest `--cov-fail-under` / coverage.py `fail_under`, a Go threshold script or
 * go-test-coverage, codecov targets, JaCoCo minimums, SimpleCov, tarpaulin and coverlet.
 * A threshold below the option earns partial credit; measuring without a minimum earns a little.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { isTemplatePath, outcome } from '../lib/util';
import { baseName, type Hit } from '../lib/evidence';
import { activeStacks } from '../lib/test-cases';

/** Files where coverage settings live, by name. */
const CANDIDATE = /(?:^|\/)(?:(?:jest|vitest|vite|karma)\.config\.[cm]?[jt]s(?:on)?|vitest\.workspace\.[jt]s|package\.json|\.nycrc(?:\.json|\.ya?ml)?|\.c8rc(?:\.json)?|pyproject\.toml|setup\.cfg|tox\.ini|pytest\.ini|\.coveragerc|\.?codecov\.ya?ml|Makefile|justfile|\.testcoverage\.ya?ml|pom\.xml|build\.gradle(?:\.kts)?|\.simplecov|spec_helper\.rb|test_helper\.rb|tarpaulin\.toml|\.gitlab-ci\.ya?ml|[\w.-]+\.csproj|Directory\.Build\.props|[\w.-]*cover[\w.-]*\.sh)$|(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;

interface Threshold {
  hit: Hit;
  value: number;
  tool: string;
}

/** Pulls the enforced percentage out of a block of `lines`/`statements`/... keys (lines preferred). */
function blockValue(text: string): number | undefined {
  const vals = new Map<string, number>();
  for (const m of text.matchAll(/["']?\b(lines|statements|branches|functions)["']?\s*[:=]\s*(\d+(?:\.\d+)?)/g)) if (!vals.has(m[1])) vals.set(m[1], Number(m[2]));
  if (/["']?\b100["']?\s*:\s*true/.test(text)) return 100;
  if (vals.has('lines')) return vals.get('lines');
  if (vals.has('statements')) return vals.get('statements');
  return vals.size ? Math.min(...vals.values()) : undefined;
}

function hitAt(file: SourceFile, index: number, length: number): Hit {
  const pos = file.positionAt(index);
  return { file: file.path, line: pos.line + 1, text: (file.lines[pos.line] ?? '').trim().slice(0, 120), groups: [], range: file.rangeOf(index, index + length) };
}

/** Every enforced threshold a file declares. */
function thresholdsIn(file: SourceFile): Threshold[] {
  const t = file.text;
  const out: Threshold[] = [];
  const add = (index: number, length: number, value: number, tool: string) => {
    if (Number.isFinite(value) && value >= 0) out.push({ hit: hitAt(file, index, length), value, tool });
  };
  for (const m of t.matchAll(/\b(coverageThreshold|thresholds)\b/g)) {
    const v = blockValue(t.slice(m.index, m.index + 600));
    if (v !== undefined) add(m.index, m[0].length, v, m[1] === 'thresholds' ? 'vitest thresholds' : 'jest coverageThreshold');
  }
  for (const m of t.matchAll(/["']?check-coverage["']?\s*[:=]\s*true|--check-coverage\b/g)) {
    const near = t.slice(Math.max(0, m.index - 300), m.index + 300);
    const flag = /--lines[= ]+(\d+(?:\.\d+)?)/.exec(near);
    const v = flag ? Number(flag[1]) : blockValue(near) ?? 90;
    add(m.index, m[0].length, v, 'nyc/c8 check-coverage');
  }
  for (const m of t.matchAll(/--(?:cov-)?fail-under(?:-lines)?[= ]+(\d+(?:\.\d+)?)|^[ \t]*fail[_-]under\s*=\s*(\d+(?:\.\d+)?)/gm)) {
    // pylint and interrogate also take --fail-under, for a lint score or docstring coverage.
    if (!/pylint|interrogate|radon/i.test(file.lines[file.positionAt(m.index).line] ?? '')) add(m.index, m[0].length, Number(m[1] ?? m[2]), 'coverage fail-under');
  }
  if (/codecov\.ya?ml$/i.test(file.path)) {
    for (const m of t.matchAll(/^[ \t]*target:\s*["']?(\d+(?:\.\d+)?)%?/gm)) add(m.index, m[0].length, Number(m[1]), 'codecov target');
  }
  if (/\.testcoverage\.ya?ml$/.test(file.path)) {
    for (const m of t.matchAll(/^[ \t]*(?:total|file|package):\s*(\d+(?:\.\d+)?)/gm)) add(m.index, m[0].length, Number(m[1]), 'go-test-coverage');
  }
  if (/go tool cover|-coverprofile/.test(t)) {
    for (const m of t.matchAll(/(?:coverage|COVERAGE|total|TOTAL)[^\n]{0,80}?(?:<|-lt|>=|-ge)\s*["']?(\d{1,3}(?:\.\d+)?)/g)) add(m.index, m[0].length, Number(m[1]), 'go coverage script');
  }
  for (const m of t.matchAll(/<minimum>\s*(0?\.\d+|1(?:\.0+)?)\s*<\/minimum>|\bminimum\s*=\s*(?:["'])?(0?\.\d+|1\.0+)|BigDecimal\(\s*["'](0?\.\d+)["']\s*\)/g)) add(m.index, m[0].length, Math.round(Number(m[1] ?? m[2] ?? m[3]) * 1000) / 10, 'JaCoCo minimum');
  for (const m of t.matchAll(/\bminimum_coverage\s*\(?\s*(?:line:\s*)?(\d+(?:\.\d+)?)/g)) add(m.index, m[0].length, Number(m[1]), 'SimpleCov minimum_coverage');
  for (const m of t.matchAll(/[/-]p:Threshold=(\d+)|<Threshold>(\d+)<\/Threshold>/g)) add(m.index, m[0].length, Number(m[1] ?? m[2]), 'coverlet threshold');
  return out;
}

const MEASURED = /collectCoverage["']?\s*:\s*true|--coverage\b|\bcoverage\s*:\s*\{|\bc8\b|\bnyc\b|--cov\b|--cov=|\bcoverage run\b|-coverprofile|\btarpaulin\b|llvm-cov|jacoco|SimpleCov|\bcodecov\b|coverlet|coveralls/;

export const rule: WorkspaceRule = {
  id: 'testing/coverage-threshold',
  category: 'testing',
  severity: 'medium',
  level: 'production',
  title: 'Test coverage is enforced at the agreed threshold',
  rationale: 'Teams set coverage targets (the seeds ask for 70-90%); only a threshold that fails the build keeps coverage from eroding one untested change at a time.',
  defaultOptions: { threshold: 80 },
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts, { ws }) {
    return activeStacks(ws, facts).length > 0 || 'no product source code in a known language';
  },
  check({ ws, options }) {
    const opt = Number(options.threshold);
    const required = Number.isFinite(opt) && opt >= 0 && opt <= 100 ? opt : 80;
    const thresholds: Threshold[] = [];
    let measured: Hit | undefined;
    for (const p of ws.files) {
      if (!CANDIDATE.test(p) || isTemplatePath(p)) continue;
      const f = ws.read(p);
      if (!f) continue;
      thresholds.push(...thresholdsIn(f));
      if (!measured) {
        const m = MEASURED.exec(f.text);
        if (m) measured = hitAt(f, m.index, m[0].length);
      }
    }
    const evidence: Evidence[] = thresholds.map((t) => ({ message: `${t.tool}: ${t.value}%`, file: t.hit.file, line: t.hit.line }));
    if (thresholds.length) {
      const best = thresholds.reduce((a, b) => (b.value > a.value ? b : a));
      if (best.value >= required) return outcome.pass(evidence, `coverage must stay at or above ${best.value}%`);
      const finding: RuleFinding = {
        message: `the coverage threshold is ${best.value}% (${best.tool} in ${baseName(best.hit.file)}), below the required ${required}%: raise it to at least ${required}%`,
        file: best.hit.file,
        range: best.hit.range,
        data: { value: best.value, required },
      };
      return outcome.partial(Math.max(0.25, Math.min(0.9, best.value / required)), [finding], evidence);
    }
    if (measured) {
      return outcome.partial(0.3, [{
        message: `coverage is measured (${baseName(measured.file)}) but no minimum is enforced: add a threshold of at least ${required}% (coverageThreshold, thresholds, --check-coverage or --cov-fail-under) so the build fails below it`,
        file: measured.file,
        range: measured.range,
      }], [{ message: 'coverage is measured', file: measured.file, line: measured.line }]);
    }
    return outcome.fail([{ message: `test coverage is neither measured nor enforced: turn on coverage in the test runner and fail the build below ${required}%`, file: null }]);
  },
};
