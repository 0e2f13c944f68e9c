/**
 * ci/runs-lint: CI runs a linter (eslint, ruff, flake8, golangci-lint, clippy, rubocop, ...) and, for
 * TypeScript projects, the type checker (tsc, vue-tsc, or a typecheck script), directly or through
 * what a step calls (make, package scripts, shell scripts, tox/nox, pre-commit hooks, composite
 * actions, reusable workflows), or through a Maven or Gradle build whose configuration binds a linter
 * (Checkstyle, PMD, SpotBugs, spring-javaformat...) to the phases CI runs. Having only one of the two in a
 * TypeScript project, or running them only on a schedule or with failures ignored, earns partial credit.
 */
import type { WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { findRuns, hasCi, hitEvidence, isGating, whyNotGating, type CiHit } from '../lib/ci-run';
import type { Workspace } from '../../core/workspace';
import { LINT_SPEC, TYPECHECK_SPEC } from '../lib/ci-checks';

export { LINT_SPEC, TYPECHECK_SPEC } from '../lib/ci-checks';

/** Linters a Maven or Gradle build runs by itself once configured (Checkstyle, PMD, SpotBugs, Error Prone, ktlint, detekt, spring-javaformat). */
const BUILD_LINTERS = /checkstyle|spotbugs|\bpmd\b|errorprone|error_prone|detekt|ktlint|spring-javaformat|spotless/i;
/** Build commands that run the lifecycle phases those linters are bound to. */
const BUILD_RUN = { re: /\bmvnw?\b[^\n]*\b(?:verify|install|package|validate|site)\b|\bgradlew?\b[^\n]*\b(?:check|build)\b/ };

/** CI builds that run the linters the Maven or Gradle build configures (`./mvnw verify` with Checkstyle bound to validate). */
function buildLint(ws: Workspace): CiHit[] {
  const build = ws.files.find((p) => /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/.test(p) && BUILD_LINTERS.test(ws.read(p)?.text ?? ''));
  if (!build) return [];
  const tool = BUILD_LINTERS.exec(ws.read(build)?.text ?? '')?.[0] ?? 'a linter';
  return findRuns(ws, BUILD_RUN).map((h) => ({ ...h, tool: `${tool} configured in ${build}` }));
}

export const rule: WorkspaceRule = {
  id: 'ci/runs-lint',
  category: 'ci-cd',
  severity: 'medium',
  level: 'mvp',
  title: 'CI runs the linter (and the type checker for TypeScript)',
  rationale: 'Linters and type checkers catch whole classes of bugs before tests run; they only hold the line when CI runs them on every change.',
  roadmap: [{ topic: 'lint in CI', match: /(\bci\b|pipeline|workflow).*(\blint|type ?check)|(\blint(ing)?|type ?check(ing)?) (in|on) (ci|every)/, rank: 130 }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws, facts }) {
    const ts = facts.typescript;
    if (!hasCi(ws)) return outcome.fail([{ message: `no CI runs a linter${ts ? ' or the type checker' : ''}: add a workflow (see ci/workflow-present)`, file: null }]);
    const lint = [...findRuns(ws, LINT_SPEC), ...buildLint(ws)];
    const types = ts ? findRuns(ws, TYPECHECK_SPEC) : [];
    const gLint = lint.filter((h) => isGating(h.run));
    const gTypes = types.filter((h) => isGating(h.run));
    const evidence = [...hitEvidence(gLint.length ? gLint : lint, 'runs a linter', 3), ...hitEvidence(gTypes.length ? gTypes : types, 'type-checks', 3)];
    const missing: string[] = [];
    const lax: string[] = [];
    if (lint.length === 0) missing.push('a linter (e.g. `npm run lint`, `ruff check .`, `golangci-lint run`)');
    else if (gLint.length === 0) lax.push(`the linter runs ${whyNotGating(lint[0].run)}`);
    if (ts && types.length === 0) missing.push('the TypeScript type checker (`npx tsc --noEmit` or a typecheck script)');
    else if (ts && gTypes.length === 0) lax.push(`the type checker runs ${whyNotGating(types[0].run)}`);
    if (missing.length === 0 && lax.length === 0) return outcome.pass(evidence);
    const parts = [...(missing.length ? [`no CI job runs ${missing.join(' or ')}`] : []), ...lax];
    const finding = { message: `${parts.join('; ')}: run ${missing.length + lax.length > 1 ? 'them' : 'it'} on every push and pull request`, file: null };
    const wanted = ts ? 2 : 1;
    const credit = ((lint.length ? (gLint.length ? 1 : 0.5) : 0) + (ts ? (types.length ? (gTypes.length ? 1 : 0.5) : 0) : 0)) / wanted;
    if (credit > 0) return outcome.partial(credit, [finding], evidence);
    return outcome.fail([finding], evidence);
  },
};
