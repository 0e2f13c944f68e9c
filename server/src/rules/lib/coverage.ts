/**
 * Coverage thresholds and coverage measurement, wherever a project keeps them (test runner
 * configuration, coverage.py, codecov, JaCoCo, SimpleCov, coverlet, Makefiles, scripts and workflows
 * that compare the coverage total to a number and fail), and whether CI enforces each one. Shared by
 * testing/coverage-threshold and ci/quality-gates so a threshold counts the same way in both.
 */
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { isTemplatePath } from './util';
import { baseName, pathMemo, type Hit } from './evidence';
import { ciRuns, findRuns, hasCi, isGating, triggersOf } from './ci-run';
import { activeWorkflows, isActiveWorkflowPath } from './workflow';
import { COVERAGE_SPEC, TEST_SPEC } from './ci-checks';

/** Files whose commands only run when something runs them (as opposed to configuration a test run reads). */
const COMMAND_FILE = /(?:^|\/)(?:Makefile|justfile|[\w.-]+\.sh)$|^\.github\/workflows\/|\.gitlab-ci\.ya?ml$/i;

/** Commands that upload coverage to Codecov (the CLI, the uploader, the old bash script). */
const CODECOV_UPLOAD = /\bcodecov(?:cli)?\b[^\n]*\b(?:upload|do-upload|upload-process|-f|--file|-t)\b|\bcodecov\.io\/bash\b|^\s*\.?\/?codecov\s*$|\bnpx\s+codecov\b/m;

/** Why a threshold kept in `file` is not enforced by CI, or undefined when it is. */
export function notEnforced(ws: Workspace, file: string): string | undefined {
  if (!hasCi(ws)) return 'no CI job runs the tests (there is no CI)';
  if (isActiveWorkflowPath(file)) {
    const wf = activeWorkflows(ws).find((w) => w.file.path === file);
    const t = wf ? triggersOf(wf) : undefined;
    return t && t.changes ? undefined : `${baseName(file)} runs only on ${t?.summary ?? 'no trigger'}, not on pushes or pull requests`;
  }
  // Codecov's targets apply only to coverage uploaded to it: a codecov.yml with no upload gates nothing.
  if (/(?:^|\/)\.?codecov\.ya?ml$/i.test(file)) {
    return ciRuns(ws).some((r) => isGating(r) && ((r.kind === 'uses' && /^codecov\/codecov-action$/i.test(r.slug ?? '')) || CODECOV_UPLOAD.test(r.text))) ? undefined : `no CI job uploads coverage to Codecov, so the targets in ${baseName(file)} are never applied`;
  }
  if (COMMAND_FILE.test(file)) {
    return ciRuns(ws).some((r) => isGating(r) && r.chain.some((l) => l.file === file)) ? undefined : `no CI job runs ${baseName(file)} on pushes or pull requests`;
  }
  const tested = [...findRuns(ws, TEST_SPEC), ...findRuns(ws, COVERAGE_SPEC)].some((h) => isGating(h.run));
  return tested ? undefined : 'no CI job runs the tests';
}

/** Files where coverage settings live, by name. */
const CANDIDATE = /(?:^|\/)(?:(?:jest|vitest|vite|karma)\.config\.[cm]?[jt]s(?:on)?|vitest\.workspace\.[jt]s|package\.json|\.nycrc(?:\.json|\.ya?ml)?|\.c8rc(?:\.json)?|pyproject\.toml|setup\.cfg|tox\.ini|pytest\.ini|\.coveragerc|\.?codecov\.ya?ml|Makefile|justfile|\.testcoverage\.ya?ml|pom\.xml|build\.gradle(?:\.kts)?|\.simplecov|spec_helper\.rb|test_helper\.rb|tarpaulin\.toml|\.gitlab-ci\.ya?ml|[\w.-]+\.csproj|Directory\.Build\.props|[\w.-]*cover[\w.-]*\.sh)$|(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;

/** One enforced minimum: where it is written, the percentage and the tool that applies it. */
export interface Threshold {
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

/** Text that reads the total out of a coverage report (Go's cover tool, coverage.py's JSON or XML, lcov). */
const READS_TOTAL = /go tool cover|-coverprofile|\bpercent_covered|\bcoverage\.(?:json|xml)\b|\bcoverage\s+(?:report|json|xml)\b|\blcov\.info\b|\bline-rate\b/;

/** A script failing: a non-zero exit or `false`. */
const FAILS = /\bexit\s+(?:[1-9]|\$)|\bos\.Exit\(\s*[1-9]|\bsys\.exit\(\s*[1-9]|(?:^|[;&|]\s*|then\s+)false\b/m;

/** Every enforced threshold a file declares. */
export function thresholdsIn(file: SourceFile): Threshold[] {
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
  if (READS_TOTAL.test(t)) {
    // A script that reads the coverage total, compares it to a number (written there or in a variable
    // the same file sets) and fails the build below it.
    for (const m of t.matchAll(/(?:coverage|COVERAGE|Coverage|total|TOTAL)[^\n]{0,80}?(?:<|-lt|>=|-ge)\s*["']?(?:(\d{1,3}(?:\.\d+)?)|\$\{\{\s*env\.(\w+)\s*\}\}|\$\{?(\w+)\}?)/g)) {
      const name = m[2] ?? m[3];
      const set = name ? new RegExp(String.raw`^[ \t]*(?:export\s+)?${name}\s*[:=]\s*["']?(\d{1,3}(?:\.\d+)?)["']?[ \t]*$`, 'm').exec(t) : null;
      const value = m[1] ?? set?.[1];
      const line = file.lines[file.positionAt(m.index).line] ?? '';
      // A bare test (`[ "$total" -ge 80 ]` on its own line) fails the step by itself; a comparison
      // inside `if` fails only when what follows exits non-zero.
      const bare = /^\s*(?:\[\[?|test)\s[^|&;]*$/.test(line);
      if (value === undefined || !(bare || FAILS.test(t.slice(m.index, m.index + 400)))) continue;
      add(m.index, m[0].length, Number(value), /go tool cover|-coverprofile/.test(t) ? 'go coverage script' : 'coverage script');
    }
  }
  for (const m of t.matchAll(/<minimum>\s*(0?\.\d+|1(?:\.0+)?)\s*<\/minimum>|\bminimum\s*=\s*(?:["'])?(0?\.\d+|1\.0+)|BigDecimal\(\s*["'](0?\.\d+)["']\s*\)/g)) add(m.index, m[0].length, Math.round(Number(m[1] ?? m[2] ?? m[3]) * 1000) / 10, 'JaCoCo minimum');
  for (const m of t.matchAll(/\bminimum_coverage\s*\(?\s*(?:line:\s*)?(\d+(?:\.\d+)?)/g)) add(m.index, m[0].length, Number(m[1]), 'SimpleCov minimum_coverage');
  for (const m of t.matchAll(/[/-]p:Threshold=(\d+)|<Threshold>(\d+)<\/Threshold>/g)) add(m.index, m[0].length, Number(m[1] ?? m[2]), 'coverlet threshold');
  return out;
}

/** Text that turns coverage measurement on. */
export const MEASURED = /collectCoverage["']?\s*:\s*true|--coverage\b|\bcoverage\s*:\s*\{|\bc8\b|\bnyc\b|--cov\b|--cov=|\bcoverage run\b|-coverprofile|\btarpaulin\b|llvm-cov|jacoco|SimpleCov|\bcodecov\b|coverlet|coveralls/;

/** Every coverage threshold in the workspace's candidate files (templates excluded), in file order. */
export function coverageThresholds(ws: Workspace): Threshold[] {
  return pathMemo(ws, 'coverage:thresholds', () => {
    const out: Threshold[] = [];
    for (const p of ws.files) {
      if (!CANDIDATE.test(p) || isTemplatePath(p)) continue;
      const f = ws.read(p);
      if (f) out.push(...thresholdsIn(f));
    }
    return out;
  });
}

/** Where coverage is first measured (a flag, a tool or configuration), if anywhere. */
export function coverageMeasured(ws: Workspace): Hit | undefined {
  return pathMemo(ws, 'coverage:measured', () => {
    for (const p of ws.files) {
      if (!CANDIDATE.test(p) || isTemplatePath(p)) continue;
      const f = ws.read(p);
      const m = f && MEASURED.exec(f.text);
      if (f && m) return hitAt(f, m.index, m[0].length);
    }
    return undefined;
  });
}
