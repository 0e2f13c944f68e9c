/**
 * Detection of code-quality tooling shared by the quality rules: configuration files by name, tool
 * tables of pyproject.toml / Cargo.toml (read through the TOML view), sections of setup.cfg / tox.ini,
 * keys of package.json, and commands that git hooks,
 * Makefiles or package scripts declare. These say a tool is configured; whether CI runs it is asked
 * of the CI resolver (`ci-run.ts`). Every hit carries its file and line as evidence.
 */
import type { Evidence } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { tomlAt, tomlTableLine } from '../../core/formats/toml';
import { isTemplatePath, isTestPath } from './util';
import { readJson } from './stacks';
import { pathMemo } from './evidence';

/**
 * Each base name of the project's files (tests, fixtures and examples excluded) with its first path,
 * in file order: the rules test their name patterns against the few distinct names, not every path.
 */
function ownBaseNames(ws: Workspace): Map<string, string> {
  return pathMemo(ws, 'quality:own-base-names', () => {
    const map = new Map<string, string>();
    for (const p of ws.files) {
      const base = p.slice(p.lastIndexOf('/') + 1);
      if (!map.has(base) && !isTemplatePath(p) && !isTestPath(p)) map.set(base, p);
    }
    return map;
  });
}

/** The first project file whose base name matches (tests, fixtures and examples excluded). */
export function fileNamed(ws: Workspace, name: RegExp): string | undefined {
  // The map is ordered by each name's first path, so the first matching name has the first path.
  for (const [base, p] of ownBaseNames(ws)) if (name.test(base)) return p;
  return undefined;
}

/**
 * Evidence for a config file found by name: "`what` is configured (path)". `what` may depend on the
 * file's base name (`eslint.config.js` → ESLint).
 */
export function configFile(ws: Workspace, name: RegExp, what: string | ((base: string) => string)): Evidence | undefined {
  const p = fileNamed(ws, name);
  if (!p) return undefined;
  const tool = typeof what === 'string' ? what : what(p.slice(p.lastIndexOf('/') + 1));
  return { message: `${tool} is configured (${p})`, file: p };
}

/** Evidence for a section header such as `[tool.ruff]` in one of the given files (any folder): "`what` is configured (header in path)". */
export function section(ws: Workspace, fileName: RegExp, header: RegExp, what: string | ((match: string) => string)): Evidence | undefined {
  const paths = pathMemo(ws, `quality:named:${fileName.source}:${fileName.flags}`, () => ws.files.filter((p) => fileName.test(p.slice(p.lastIndexOf('/') + 1)) && !isTemplatePath(p) && !isTestPath(p)));
  for (const p of paths) {
    const f = ws.read(p);
    const m = f ? header.exec(f.text) : null;
    if (f && m) {
      const tool = typeof what === 'string' ? what : what(m[0]);
      const line = m[0].trim().split('\n')[0].slice(0, 40);
      const head = line.toLowerCase() === tool.toLowerCase() ? '' : line;
      return { message: `${tool} is configured (${head ? `${head} in ` : ''}${p})`, file: p, line: f.positionAt(m.index).line + 1 };
    }
  }
  return undefined;
}

/**
 * Evidence for a TOML table such as `[tool.ruff]` in one of the given files (any folder), read from the
 * file's TOML view (a file that does not parse is reported by quality/config-parses and shows nothing
 * here): "`what` is configured ([tool.ruff] in path)", at the line of the table's first header. When
 * several of the tables are present, the one whose header comes first names the tool.
 */
export function tomlTable(ws: Workspace, fileName: RegExp, tables: string[][], what: string | ((table: string) => string)): Evidence | undefined {
  const paths = pathMemo(ws, `quality:named:${fileName.source}:${fileName.flags}`, () => ws.files.filter((p) => fileName.test(p.slice(p.lastIndexOf('/') + 1)) && !isTemplatePath(p) && !isTestPath(p)));
  for (const p of paths) {
    const f = ws.read(p);
    if (!f) continue;
    let best: { table: string; line: number | undefined } | undefined;
    for (const t of tables) {
      if (tomlAt(f.toml, t) === undefined) continue;
      const line = tomlTableLine(f.lines, t);
      if (!best || (line !== undefined && (best.line === undefined || line < best.line))) best = { table: t.join('.'), line };
    }
    if (best) {
      const tool = typeof what === 'string' ? what : what(best.table);
      return { message: `${tool} is configured ([${best.table}] in ${p})`, file: p, ...(best.line !== undefined ? { line: best.line + 1 } : {}) };
    }
  }
  return undefined;
}

/** Evidence for a top-level key of the root package.json: "`what` is configured (package.json "key")". */
export function packageKey(ws: Workspace, key: string, what: string): Evidence | undefined {
  const pkg = readJson(ws, 'package.json');
  return pkg && pkg[key] !== undefined ? { message: `${what} is configured (package.json "${key}")`, file: 'package.json' } : undefined;
}

/** Files (besides CI) whose lines are commands that run: hooks, task runners and package scripts. */
const RUNNERS = /^(\.pre-commit-config\.ya?ml|Makefile|makefile|GNUmakefile|justfile|Justfile|Taskfile\.ya?ml|lefthook\.ya?ml|\.lefthook\.ya?ml|tox\.ini|noxfile\.py|\.lintstagedrc(\.json|\.ya?ml)?|lint-staged\.config\.[cm]?js)$|^\.husky\/[\w-]+$/;

/**
 * Evidence that a git hook, a Makefile, a task runner or a package script declares a command matching
 * the pattern ("`what` runs from the package.json script "lint""). It says the tool is set up to run;
 * whether CI runs it is a separate question (`findRuns` in ci-run.ts).
 */
export function runsLocally(ws: Workspace, pattern: RegExp, what: string): Evidence | undefined {
  const scripts = readJson(ws, 'package.json')?.scripts;
  if (scripts && typeof scripts === 'object') {
    for (const [name, cmd] of Object.entries(scripts)) {
      if (typeof cmd === 'string' && pattern.test(cmd)) return { message: `${what} runs from the package.json script "${name}"`, file: 'package.json' };
    }
  }
  const runners = pathMemo(ws, 'quality:runners', () =>
    ws.files.filter((p) => {
      const base = p.includes('/') && !p.startsWith('.husky/') ? p.slice(p.lastIndexOf('/') + 1) : p;
      return RUNNERS.test(base) && !isTemplatePath(p) && !isTestPath(p);
    }),
  );
  for (const p of runners) {
    const f = ws.read(p);
    if (!f) continue;
    const lines = f.lines;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (/^\s*#/.test(l) || !pattern.test(l)) continue;
      return { message: `${what} runs from ${p}`, file: p, line: i + 1 };
    }
  }
  return undefined;
}

/** The first piece of evidence among alternatives. */
export function first(...alternatives: (() => Evidence | undefined)[]): Evidence | undefined {
  for (const a of alternatives) {
    const e = a();
    if (e) return e;
  }
  return undefined;
}
