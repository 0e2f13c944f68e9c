/**
 * quality/pre-commit: git hooks run the fast checks before each commit: husky (with a hook that runs
 * something), lefthook, the pre-commit framework, simple-git-hooks or overcommit. The pre-commit
 * framework only runs where a developer ran `pre-commit install`; it is enforced when CI runs the same
 * hooks (`pre-commit run --all-files`, pre-commit/action, directly or through make and scripts), and
 * earns half the credit otherwise. lint-staged alone, without a hook manager to call it, earns partial
 * credit too.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { readJson } from '../lib/stacks';
import { ciRuns, hitEvidence, isGating, whyNotGating } from '../lib/ci-run';

/** Evidence of a hook manager that really runs a command. */
function hookManager(ws: Workspace): Evidence | undefined {
  for (const p of ws.files) {
    const m = /^\.husky\/(pre-commit|pre-push|commit-msg)$/.exec(p);
    if (!m) continue;
    const f = ws.read(p);
    const cmd = f?.lines.findIndex((l) => l.trim() && !l.trim().startsWith('#') && !/husky\.sh|^\s*\.\s/.test(l));
    if (f && cmd !== undefined && cmd >= 0) return { message: `husky ${m[1]} hook runs \`${f.lines[cmd].trim().slice(0, 60)}\``, file: p, line: cmd + 1 };
  }
  const pc = ws.findFile(['.pre-commit-config.yaml', '.pre-commit-config.yml']);
  if (pc && /^\s*-?\s*(id|repo):/m.test(ws.read(pc)?.text ?? '')) return { message: 'pre-commit framework hooks', file: pc };
  const lh = ws.findFile(['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml', 'lefthook.json', 'lefthook.toml']);
  if (lh) return { message: 'lefthook git hooks', file: lh };
  const oc = ws.findFile(['.overcommit.yml']);
  if (oc) return { message: 'overcommit git hooks', file: oc };
  const pkg = readJson(ws, 'package.json');
  if (pkg && (pkg['simple-git-hooks'] || ws.exists('.simple-git-hooks.json') || ws.exists('.simple-git-hooks.js'))) return { message: 'simple-git-hooks', file: 'package.json' };
  const hooksPath = Object.values((pkg?.scripts as Record<string, unknown>) ?? {}).some((s) => typeof s === 'string' && /core\.hooksPath/.test(s));
  const dir = ws.files.find((p) => /^\.(githooks|hooks)\/pre-commit$/.test(p));
  if (hooksPath && dir) return { message: 'git hooks in a versioned hooks folder', file: dir };
  return undefined;
}

export const rule: WorkspaceRule = {
  id: 'quality/pre-commit',
  category: 'quality',
  severity: 'low',
  level: 'production',
  title: 'Git hooks run linters and formatters before each commit',
  rationale: 'A pre-commit hook fixes formatting and catches lint errors in seconds on the developer machine instead of minutes later in CI.',
  roadmap: [{ topic: 'pre-commit hooks', match: /pre-?commit|husky|lint-staged|git hooks/, rank: 170 }],
  scope: 'workspace',
  applies(facts) {
    return facts.stacks.length > 0 ? true : 'no application code detected';
  },
  check({ ws }) {
    const e = hookManager(ws);
    if (e && /^pre-commit framework/.test(e.message)) {
      // CI running the hooks is what makes them more than a suggestion.
      const runs = ciRuns(ws).filter((r) => r.resolved?.kind === 'pre-commit' && r.resolved.runs);
      const gating = runs.filter(isGating);
      if (gating.length > 0) return { status: 'pass', findings: [], evidence: [e, ...hitEvidence(gating.map((run) => ({ run, tool: '', what: 'pre-commit' })), 'CI runs the hooks', 2)] };
      return {
        status: 'partial',
        score: 0.5,
        evidence: [e],
        findings: [{
          message: `the hooks in ${e.file} run only where a developer ran \`pre-commit install\`${runs.length > 0 ? `, and CI runs them ${whyNotGating(runs[0])}` : ', and no CI job runs them'}: add \`pre-commit run --all-files\` (or pre-commit/action) to CI on pushes and pull requests`,
          file: e.file ?? null,
          ...(e.file ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : {}),
        }],
      };
    }
    if (e) return { status: 'pass', findings: [], evidence: [e] };
    const ls = ws.findFile(['.lintstagedrc', '.lintstagedrc.json', '.lintstagedrc.yaml', '.lintstagedrc.yml', '.lintstagedrc.js', '.lintstagedrc.cjs', '.lintstagedrc.mjs', 'lint-staged.config.js', 'lint-staged.config.cjs', 'lint-staged.config.mjs']) ?? (readJson(ws, 'package.json')?.['lint-staged'] ? 'package.json' : undefined);
    if (ls) {
      return {
        status: 'partial',
        score: 0.5,
        evidence: [{ message: 'lint-staged is configured', file: ls }],
        findings: [{ message: 'lint-staged is configured but no hook manager runs it; add a husky pre-commit hook (`npx lint-staged`) or simple-git-hooks', file: null }],
      };
    }
    return { status: 'fail', findings: [{ message: 'no git hooks run checks before commits; add pre-commit (.pre-commit-config.yaml), husky with lint-staged, or lefthook', file: null }] };
  },
};
