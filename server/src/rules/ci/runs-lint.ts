/**
 * ci/runs-lint: a workflow runs a linter (eslint, ruff, flake8, golangci-lint, clippy, rubocop, ...)
 * and, for TypeScript projects, the type checker (tsc, vue-tsc, or a typecheck script). Having only
 * one of the two in a TypeScript project earns partial credit.
 */
import type { WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { findSteps, hitEvidence, otherCiFiles, otherCiHits, type CommandSpec } from '../lib/ci-steps';
import { activeWorkflows } from '../lib/workflow';

/** What running a linter looks like. */
export const LINT_SPEC: CommandSpec = {
  re: /\b(?:eslint|oxlint|tslint|stylelint|ruff|flake8|pylint|pyflakes|pycodestyle|mypy|pyright|golangci-lint|staticcheck|revive|rubocop|standardrb|ktlint|detekt|phpcs|phpstan|psalm|shellcheck|hadolint|actionlint|yamllint|markdownlint(?:-cli2)?|swiftlint|credo)\b|\bbiome\s+(?:check|lint|ci)\b|\bnpx\s+(?:standard|xo)\b|\bprettier\b[^\n]*--check|\b(?:black|isort)\b[^\n]*--check|\bpre-commit\s+run\b|\bgo\s+vet\b|\bgofmt\s+-l\b|\bcargo\s+(?:clippy|fmt\b[^\n]*--check)|\bcheckstyle\b|\bspotless(?:Check|:check)\b|\bdotnet\s+format\b[^\n]*--verify-no-changes|\bmake\s+lint\b|\bmix\s+(?:credo|format\s+--check-formatted)\b/,
  scriptName: /^(lint|eslint|stylelint|check-lint|lint-check)([:_-]|$)/i,
  actions: /^(golangci\/golangci-lint-action|wearerequired\/lint-action|github\/super-linter|super-linter\/super-linter|reviewdog\/[\w-]+|pre-commit\/action|astral-sh\/ruff-action|chartboost\/ruff-action|psf\/black|py-actions\/flake8|rhysd\/actionlint|hadolint\/hadolint-action|ludeeus\/action-shellcheck|davidanson\/markdownlint-cli2-action|dominikh\/staticcheck-action|actions-rs\/clippy-check|oxsecurity\/megalinter)$/,
};

/** What running the TypeScript type checker looks like. */
export const TYPECHECK_SPEC: CommandSpec = {
  re: /\b(?:tsc|vue-tsc|svelte-check|astro\s+check|nuxi\s+typecheck|next\s+build|ng\s+build|nest\s+build)\b/,
  scriptName: /^(type-?check|types|check-?types|tsc|typescript)([:_-]|$)|[:_-](types|type-?check|tsc)$/i,
};

export const rule: WorkspaceRule = {
  id: 'ci/runs-lint',
  category: 'ci-cd',
  severity: 'medium',
  level: 'mvp',
  title: 'CI runs the linter (and the type checker for TypeScript)',
  rationale: 'Linters and type checkers catch whole classes of bugs before tests run; they only hold the line when CI runs them on every change.',
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws, facts }) {
    const wfs = activeWorkflows(ws);
    const ts = facts.typescript;
    if (wfs.length === 0 && otherCiFiles(ws).length === 0) return outcome.fail([{ message: `no GitHub Actions workflow runs a linter${ts ? ' or the type checker' : ''}: add one (see ci/workflow-present)`, file: null }]);
    const lint = findSteps(ws, wfs, LINT_SPEC);
    const types = ts ? findSteps(ws, wfs, TYPECHECK_SPEC) : [];
    const otherLint = otherCiHits(ws, LINT_SPEC, 'runs a linter', 3);
    const otherTypes = ts ? otherCiHits(ws, TYPECHECK_SPEC, 'type-checks', 3) : [];
    const evidence = [...hitEvidence(lint, 'runs a linter', 3), ...hitEvidence(types, 'type-checks', 3), ...otherLint, ...otherTypes];
    const missing: string[] = [];
    if (lint.length === 0 && otherLint.length === 0) missing.push('a linter (e.g. `npm run lint`, `ruff check .`, `golangci-lint run`)');
    if (ts && types.length === 0 && otherTypes.length === 0) missing.push('the TypeScript type checker (`npx tsc --noEmit` or a typecheck script)');
    if (missing.length === 0) return outcome.pass(evidence);
    const finding = { message: `no workflow step runs ${missing.join(' or ')}: add ${missing.length > 1 ? 'these steps' : 'this step'} to CI`, file: null };
    if (ts && missing.length === 1) return outcome.partial(0.5, [finding], evidence);
    return outcome.fail([finding], evidence);
  },
};
