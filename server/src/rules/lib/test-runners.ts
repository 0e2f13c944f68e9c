/**
 * How each ecosystem declares the command that runs its tests, for testing/test-command: the npm
 * `test` script (with a fix for npm's placeholder when a runner is installed), pytest and tox
 * configuration, Rake/RSpec, task-runner `test` targets and the built-in runners of Go, Rust,
 * Maven/Gradle and .NET.
 */
import type { Evidence, RuleFinding } from '../../core/types';
import type { Stack } from '../../core/facts';
import type { Workspace } from '../../core/workspace';
import { asRecord, type SourceFile } from '../../core/source';
import { tomlAt, tomlTableLine } from '../../core/formats/toml';
import { isTemplatePath, replaceFix } from './util';
import { firstHit, type Hit } from './evidence';

/** npm's generated placeholder and other scripts that run nothing. */
const PLACEHOLDER = /no test specified|^\s*(?:echo\b[^&|;]*)?(?:&&\s*)?(?:exit\s+[01]|true)?\s*$/i;
/** Runners in devDependencies and the script that runs them, in order of preference. */
const RUNNERS: [string, string][] = [['vitest', 'vitest run'], ['jest', 'jest'], ['mocha', 'mocha'], ['ava', 'ava'], ['tap', 'tap'], ['jasmine', 'jasmine'], ['uvu', 'uvu']];
/** Stacks whose toolchain has a standard test command. */
export const BUILT_IN: Partial<Record<Stack, string>> = { go: '`go test ./...`', rust: '`cargo test`', java: '`mvn test` / `gradle test`', dotnet: '`dotnet test`' };

/** The `test` target of a Makefile, justfile or Taskfile, if any. */
export function taskTarget(ws: Workspace): Hit | undefined {
  for (const p of ['Makefile', 'makefile', 'GNUmakefile', 'justfile', 'Justfile', 'Taskfile.yml', 'Taskfile.yaml']) {
    const f = ws.exists(p) ? ws.read(p) : undefined;
    const hit = f && firstHit(f, /^(?:\.PHONY:[^\n]*\s)?test[\w-]*[ \t]*:(?!=)|^[ \t]{2}test:/m);
    if (hit) return hit;
  }
  return undefined;
}

/** The shallowest package.json of the project (the root of a monorepo). */
function rootPackageJson(ws: Workspace): SourceFile | undefined {
  const paths = ws.pathsOfKind('package-json').filter((p) => !isTemplatePath(p) && !/(^|\/)(tests?|e2e)\//.test(p));
  paths.sort((a, b) => a.split('/').length - b.split('/').length);
  return paths[0] ? ws.read(paths[0]) : undefined;
}

/** Grades the npm `test` script; returns the credit (0-1) and records findings and evidence. */
export function checkNode(ws: Workspace, findings: RuleFinding[], evidence: Evidence[]): number {
  const file = rootPackageJson(ws);
  if (!file) return 0;
  if (!file.json.ok) return 0;
  const pkg = asRecord(file.json.value);
  const scripts = asRecord(pkg?.scripts) ?? {};
  const test = scripts.test;
  const scriptsAt = file.text.indexOf('"scripts"');
  const m = scriptsAt >= 0 ? /"test"\s*:\s*("(?:[^"\\\n]|\\.)*")/g : undefined;
  if (m) m.lastIndex = scriptsAt;
  const at = m?.exec(file.text);
  const range = at ? file.rangeOf(at.index, at.index + at[0].length) : file.lineRange(0);
  if (typeof test === 'string' && !PLACEHOLDER.test(test)) {
    evidence.push({ message: `npm test runs \`${test.slice(0, 80)}\``, file: file.path, line: range.start.line + 1 });
    return 1;
  }
  const deps = { ...(asRecord(pkg?.devDependencies) ?? {}), ...(asRecord(pkg?.dependencies) ?? {}) };
  const runner = RUNNERS.find(([d]) => d in deps);
  if (typeof test === 'string') {
    const valueAt = at ? at.index + at[0].length - at[1].length : -1;
    findings.push({
      message: `the \`test\` script of ${file.path} is a placeholder that runs no tests; make it run the test runner${runner ? ` (\`${runner[1]}\`)` : ''}`,
      file: file.path,
      range,
      ...(runner && at ? { fix: replaceFix(`Run \`${runner[1]}\` in the test script`, file, file.rangeOf(valueAt, valueAt + at[1].length), JSON.stringify(runner[1])) } : {}),
    });
    return 0;
  }
  const other = Object.keys(scripts).find((k) => /^test[:-]/.test(k));
  findings.push({
    message: other
      ? `${file.path} has a \`${other}\` script but no \`test\` script; add one so that \`npm test\` runs the suite`
      : `${file.path} has no \`test\` script; add one that runs the test runner${runner ? ` (\`${runner[1]}\`)` : ''}`,
    file: file.path,
    range: file.rangeOfMatch(/"scripts"\s*:/) ?? file.lineRange(0),
  });
  return other ? 0.5 : 0;
}

/**
 * The pyproject.toml table that configures how tests run (pytest's `ini_options`, a hatch
 * environment's scripts, poe tasks, tox), read from the TOML view; undefined when there is none or the
 * file does not parse (quality/config-parses reports that).
 */
function pyprojectTestTable(f: SourceFile): string[] | undefined {
  const candidates = [['tool', 'pytest', 'ini_options'], ['tool', 'poe', 'tasks'], ['tool', 'tox']];
  for (const env of Object.keys(asRecord(tomlAt(f.toml, ['tool', 'hatch', 'envs'])) ?? {})) candidates.push(['tool', 'hatch', 'envs', env, 'scripts']);
  const present = candidates.filter((t) => tomlAt(f.toml, t) !== undefined);
  // The table whose header comes first, as a reader of the file would find it.
  const at = (t: string[]) => tomlTableLine(f.lines, t) ?? Infinity;
  return present.sort((a, b) => at(a) - at(b))[0];
}

/** Grades the Python test runner configuration; returns the credit (0-1). */
export function checkPython(ws: Workspace, facts: { dependencies: string[] }, findings: RuleFinding[], evidence: Evidence[]): number {
  const py = ws.exists('pyproject.toml') ? ws.read('pyproject.toml') : undefined;
  const table = py && pyprojectTestTable(py);
  if (py && table) {
    const line = tomlTableLine(py.lines, table);
    evidence.push({ message: 'python tests run through pyproject.toml', file: py.path, ...(line !== undefined ? { line: line + 1 } : {}) });
    return 1;
  }
  const configs: [string, RegExp][] = [
    ['pytest.ini', /^\[pytest\]/m],
    ['setup.cfg', /^\[tool:pytest\]/m],
    ['tox.ini', /^\[(?:pytest|tox|testenv)\]/m],
    ['noxfile.py', /@nox\.session/],
    ['manage.py', /django/],
  ];
  for (const [p, re] of configs) {
    const f = ws.exists(p) ? ws.read(p) : undefined;
    const hit = f && firstHit(f, re);
    if (hit) {
      evidence.push({ message: `python tests run through ${p === 'manage.py' ? '`python manage.py test`' : p}`, file: hit.file, line: hit.line });
      return 1;
    }
  }
  if (facts.dependencies.includes('pytest')) {
    evidence.push({ message: 'pytest is a declared dependency: `pytest` runs the tests' });
    return 1;
  }
  findings.push({ message: 'no python test runner is configured: add pytest to the dev dependencies and a [tool.pytest.ini_options] table to pyproject.toml', file: null });
  return 0;
}

/** Grades the Ruby test command (Rake task, RSpec or Rails); returns the credit (0-1). */
export function checkRuby(ws: Workspace, facts: { dependencies: string[] }, findings: RuleFinding[], evidence: Evidence[]): number {
  const rake = ws.exists('Rakefile') ? ws.read('Rakefile') : undefined;
  const hit = rake && firstHit(rake, /RSpec::Core::RakeTask|Rake::TestTask|task\s*\(?\s*:?test\b/);
  if (hit) {
    evidence.push({ message: 'the Rakefile defines a test task', file: hit.file, line: hit.line });
    return 1;
  }
  if (ws.exists('.rspec') || facts.dependencies.some((d) => d === 'rspec' || d === 'rspec-rails' || d === 'rails')) {
    evidence.push({ message: 'RSpec or Rails provides the test command (`bundle exec rspec` / `bin/rails test`)' });
    return 1;
  }
  findings.push({ message: 'no ruby test command: add rspec (with a .rspec file) or a Rake::TestTask to the Rakefile', file: null });
  return 0;
}
