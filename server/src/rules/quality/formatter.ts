/**
 * quality/formatter: each detected stack has an automatic formatter: Prettier, Biome or dprint for
 * JavaScript/TypeScript; Black or `ruff format` for Python; rustfmt for Rust (configured or run);
 * RuboCop or Standard for Ruby; Spotless or google-java-format for Java; `dotnet format` or CSharpier
 * for .NET. Go passes by construction: gofmt is part of the toolchain and universal in Go code.
 */
import type { WorkspaceRule } from '../../core/types';
import { appliesToStacks, checkStacks, type StackCheck } from '../lib/per-stack';
import { configFile, first, packageKey, runs, section } from '../lib/tooling';

const CHECKS: Record<string, StackCheck> = {
  node: {
    detect: (ws) => first(
      () => configFile(ws, /^(\.prettierrc(\.(json5?|ya?ml|toml|[cm]?js|ts))?|prettier\.config\.[cm]?[jt]s|dprint\.jsonc?|\.dprint\.jsonc?)$/, 'formatter configuration'),
      () => packageKey(ws, 'prettier', 'Prettier configuration'),
      () => section(ws, /^biome\.jsonc?$/, /^(?![\s\S]*"formatter"\s*:\s*\{[^}]*"enabled"\s*:\s*false)/, 'Biome formatter'),
      () => runs(ws, /\b(prettier|biome\s+(format|check|ci)|dprint\s+(fmt|check)|deno\s+fmt)\b/, 'a formatter'),
    ),
    advice: 'add Prettier (.prettierrc.json) or Biome and check formatting in CI',
  },
  python: {
    detect: (ws) => first(
      () => section(ws, /^pyproject\.toml$/, /^\[tool\.(black|ruff\.format|yapf|autopep8)\b/m, 'formatter configuration'),
      () => configFile(ws, /^\.style\.yapf$/, 'yapf configuration'),
      () => runs(ws, /\b(black|ruff\s+format|ruff-format|yapf|autopep8)\b/, 'a formatter'),
    ),
    advice: 'run `ruff format --check` (or Black) in CI and in a pre-commit hook',
  },
  go: {
    detect: () => ({ message: 'gofmt is part of the Go toolchain' }),
    advice: '',
  },
  rust: {
    detect: (ws) => first(
      () => configFile(ws, /^\.?rustfmt\.toml$/, 'rustfmt configuration'),
      () => runs(ws, /\bcargo\s+(\+\S+\s+)?fmt\b|rustfmt/, 'rustfmt'),
    ),
    advice: 'run `cargo fmt --check` in CI',
  },
  ruby: {
    detect: (ws) => first(
      () => configFile(ws, /^\.(rubocop|standard)\.ya?ml$/, 'RuboCop layout cops'),
      () => runs(ws, /\b(rubocop|standardrb|rufo|syntax_tree)\b/, 'a formatter'),
    ),
    advice: 'add RuboCop or Standard (their layout cops format the code) and run them in CI',
  },
  java: {
    detect: (ws) => first(
      () => section(ws, /^(pom\.xml|build\.gradle(\.kts)?)$/, /spotless|google-java-format|fmt-maven-plugin|ktlint|ktfmt/i, 'formatter in the build'),
      () => runs(ws, /\b(spotless\w*|google-java-format|ktlint|ktfmt)\b/, 'a formatter'),
    ),
    advice: 'add Spotless with google-java-format (or ktfmt) to the build and check it in CI',
  },
  dotnet: {
    detect: (ws) => first(
      () => runs(ws, /\bdotnet\s+(format|csharpier)\b|\bcsharpier\b/, 'a formatter'),
      () => configFile(ws, /^\.csharpierrc(\.json|\.ya?ml)?$/, 'CSharpier configuration'),
    ),
    advice: 'run `dotnet format --verify-no-changes` in CI',
  },
};

export const rule: WorkspaceRule = {
  id: 'quality/formatter',
  category: 'quality',
  severity: 'low',
  level: 'mvp',
  title: 'Code is formatted automatically',
  rationale: 'A formatter ends style debates and keeps diffs to what changed; without one, reviews fill with whitespace and merge conflicts multiply.',
  scope: 'workspace',
  enforcedByCi: true,
  applies: appliesToStacks(['node', 'python', 'go', 'rust', 'ruby', 'java', 'dotnet']),
  check({ ws, facts }) {
    return checkStacks(ws, facts, CHECKS, 'formatter');
  },
};
