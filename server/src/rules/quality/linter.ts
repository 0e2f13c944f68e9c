/**
 * quality/linter: each detected stack has a linter configured or run: ESLint, Biome or oxlint for
 * JavaScript/TypeScript; Ruff, flake8 or pylint for Python; golangci-lint, staticcheck or go vet for
 * Go; clippy for Rust; RuboCop or Standard for Ruby; Checkstyle, PMD, SpotBugs or Error Prone for
 * Java; analyzers for .NET.
 */
import type { WorkspaceRule } from '../../core/types';
import { appliesToStacks, checkStacks, type StackCheck } from '../lib/per-stack';
import { configFile, first, packageKey, runs, section } from '../lib/tooling';

const CHECKS: Record<string, StackCheck> = {
  node: {
    detect: (ws) => first(
      () => configFile(ws, /^(eslint\.config\.[cm]?[jt]s|\.eslintrc(\.(js|cjs|json|ya?ml))?|biome\.jsonc?|\.?oxlintrc\.json|deno\.jsonc?)$/, 'linter configuration'),
      () => packageKey(ws, 'eslintConfig', 'ESLint configuration'),
      () => runs(ws, /\b(eslint|biome\s+(lint|check|ci)|oxlint|next\s+lint|xo|standard)\b/, 'a linter'),
    ),
    advice: 'add ESLint (eslint.config.mjs) or Biome and run it in CI',
  },
  python: {
    detect: (ws) => first(
      () => configFile(ws, /^(\.?ruff\.toml|\.flake8|\.?pylintrc)$/, 'linter configuration'),
      () => section(ws, /^pyproject\.toml$/, /^\[tool\.(ruff|pylint|flake8)\b/m, 'linter configuration'),
      () => section(ws, /^(setup\.cfg|tox\.ini)$/, /^\[(flake8|pylint[\w.]*)\]/m, 'linter configuration'),
      () => runs(ws, /\b(ruff(\s+check)?|flake8|pylint|prospector)\b/, 'a linter'),
    ),
    advice: 'add Ruff ([tool.ruff] in pyproject.toml) and run `ruff check` in CI',
  },
  go: {
    detect: (ws) => first(
      () => configFile(ws, /^\.golangci\.(ya?ml|toml|json)$/, 'golangci-lint configuration'),
      () => runs(ws, /\b(golangci-lint|golangci\/golangci-lint-action|staticcheck|go\s+vet|revive)\b/, 'a linter'),
    ),
    advice: 'add golangci-lint (.golangci.yml and golangci/golangci-lint-action in CI)',
  },
  rust: {
    detect: (ws) => runs(ws, /\bcargo\s+(\+\S+\s+)?clippy\b|clippy-check|clippy/, 'clippy'),
    advice: 'run `cargo clippy -- -D warnings` in CI',
  },
  ruby: {
    detect: (ws) => first(
      () => configFile(ws, /^\.(rubocop|standard)\.ya?ml$/, 'RuboCop configuration'),
      () => runs(ws, /\b(rubocop|standardrb)\b/, 'a linter'),
    ),
    advice: 'add RuboCop (.rubocop.yml) or Standard and run it in CI',
  },
  java: {
    detect: (ws) => first(
      () => section(ws, /^(pom\.xml|build\.gradle(\.kts)?)$/, /checkstyle|spotbugs|\bpmd\b|errorprone|error_prone|detekt|ktlint|sonar/i, 'static analysis in the build'),
      () => runs(ws, /\b(checkstyle|spotbugs|pmd|detekt|ktlint)\b/, 'a linter'),
    ),
    advice: 'add Checkstyle, PMD or SpotBugs (or Error Prone) to the build',
  },
  dotnet: {
    detect: (ws) => first(
      () => section(ws, /\.(csproj|fsproj)$|^Directory\.Build\.props$/, /<(AnalysisLevel|AnalysisMode|EnableNETAnalyzers|TreatWarningsAsErrors|EnforceCodeStyleInBuild)>|StyleCop\.Analyzers|SonarAnalyzer/, 'analyzers in the build'),
      () => section(ws, /^\.editorconfig$/, /dotnet_diagnostic\.|dotnet_analyzer_diagnostic/, 'analyzer severities in .editorconfig'),
    ),
    advice: 'turn on the .NET analyzers (<AnalysisLevel>latest-recommended</AnalysisLevel>, <TreatWarningsAsErrors>) in Directory.Build.props',
  },
};

export const rule: WorkspaceRule = {
  id: 'quality/linter',
  category: 'quality',
  severity: 'medium',
  level: 'mvp',
  title: 'A linter is configured for each language',
  rationale: 'A linter catches whole classes of bugs (unused results, shadowed variables, unsafe comparisons) before review, and keeps review time for design.',
  scope: 'workspace',
  enforcedByCi: true,
  applies: appliesToStacks(['node', 'python', 'go', 'rust', 'ruby', 'java', 'dotnet']),
  check({ ws, facts }) {
    return checkStacks(ws, facts, CHECKS, 'linter');
  },
};
