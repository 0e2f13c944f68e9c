/**
 * quality/linter: each detected stack has a linter, and CI runs it: ESLint, Biome or oxlint for
 * JavaScript/TypeScript; Ruff, flake8 or pylint for Python; golangci-lint, staticcheck or go vet for
 * Go; clippy for Rust; RuboCop or Standard for Ruby; Checkstyle, PMD, SpotBugs or Error Prone for
 * Java; analyzers for .NET. A linter that is configured (or run from a script or hook) but that no CI
 * job runs earns half the credit, with the message saying so.
 */
import type { WorkspaceRule } from '../../core/types';
import { appliesToStacks, checkStacks, type StackCheck } from '../lib/per-stack';
import { configFile, first, packageKey, runsLocally, section, tomlTable } from '../lib/tooling';

const NODE_TOOL = (base: string) => (/eslint/.test(base) ? 'ESLint' : /biome/.test(base) ? 'Biome' : /oxlint/.test(base) ? 'oxlint' : 'Deno lint');

const CHECKS: Record<string, StackCheck> = {
  node: {
    detect: (ws) => first(
      () => configFile(ws, /^(eslint\.config\.[cm]?[jt]s|\.eslintrc(\.(js|cjs|json|ya?ml))?|biome\.jsonc?|\.?oxlintrc\.json)$/, NODE_TOOL),
      () => packageKey(ws, 'eslintConfig', 'ESLint'),
      () => runsLocally(ws, /\b(eslint|biome\s+(lint|check|ci)|oxlint|next\s+lint|xo|standard)\b/, 'a linter'),
    ),
    ci: {
      re: /\b(?:eslint|oxlint|xo|standard|tslint)\b|\bbiome\s+(?:lint|check|ci)\b|\bnext\s+lint\b|\bdeno\s+lint\b|\bnx\b[^\n]*\blint\b/,
      names: /^(lint|eslint|lint:js|lint:ts|lint-js|lint-ts)$/i,
      actions: /^(wearerequired\/lint-action|github\/super-linter(\/[\w-]+)?|super-linter\/super-linter(\/[\w-]+)?|reviewdog\/action-eslint|biomejs\/setup-biome|oxsecurity\/megalinter(\/[\w-]+)?)$/,
    },
    tool: 'ESLint or Biome',
    advice: 'add ESLint (eslint.config.mjs) or Biome and run it in CI',
  },
  python: {
    detect: (ws) => first(
      () => configFile(ws, /^(\.?ruff\.toml|\.flake8|\.?pylintrc)$/, (b) => (/ruff/.test(b) ? 'Ruff' : /flake8/.test(b) ? 'flake8' : 'pylint')),
      () => tomlTable(ws, /^pyproject\.toml$/, [['tool', 'ruff'], ['tool', 'pylint'], ['tool', 'flake8']], (m) => (/ruff/.test(m) ? 'Ruff' : /pylint/.test(m) ? 'pylint' : 'flake8')),
      () => section(ws, /^(setup\.cfg|tox\.ini)$/, /^\[(flake8|pylint[\w.]*)\]/m, (m) => (/flake8/.test(m) ? 'flake8' : 'pylint')),
      () => runsLocally(ws, /\b(ruff(\s+check)?|flake8|pylint|prospector)\b/, 'a linter'),
    ),
    ci: {
      re: /\bruff\b(?!\s+format|-format)|\b(?:flake8|pylint|prospector|pyflakes|pycodestyle|pylama|wemake-python-styleguide)\b/,
      names: /^(lint|linters?|flake8|ruff|pylint)$/i,
      actions: /^(astral-sh\/ruff-action|chartboost\/ruff-action|py-actions\/flake8|github\/super-linter(\/[\w-]+)?|super-linter\/super-linter(\/[\w-]+)?|reviewdog\/action-flake8|oxsecurity\/megalinter(\/[\w-]+)?)$/,
    },
    tool: 'Ruff',
    advice: 'add Ruff ([tool.ruff] in pyproject.toml) and run `ruff check` in CI',
  },
  go: {
    detect: (ws) => first(
      () => configFile(ws, /^\.golangci\.(ya?ml|toml|json)$/, 'golangci-lint'),
      () => runsLocally(ws, /\b(golangci-lint|staticcheck|go\s+vet|revive)\b/, 'a linter'),
    ),
    ci: {
      re: /\b(?:golangci-lint|staticcheck|revive|golint)\b|\bgo\s+vet\b/,
      names: /^(lint|vet|golangci-lint|staticcheck)$/i,
      actions: /^(golangci\/golangci-lint-action|dominikh\/staticcheck-action|reviewdog\/action-golangci-lint)$/,
    },
    tool: 'golangci-lint',
    advice: 'add golangci-lint (.golangci.yml and golangci/golangci-lint-action in CI)',
  },
  rust: {
    detect: (ws) => first(
      () => configFile(ws, /^\.?clippy\.toml$/, 'clippy'),
      () => tomlTable(ws, /^Cargo\.toml$/, [['lints', 'clippy'], ['workspace', 'lints', 'clippy']], 'clippy'),
      () => runsLocally(ws, /\bcargo\s+(\+\S+\s+)?clippy\b/, 'clippy'),
    ),
    ci: {
      re: /\bcargo\s+(?:\+\S+\s+)?clippy\b|\bclippy-driver\b/,
      names: /^(lint|clippy)$/i,
      actions: /^(actions-rs\/clippy-check|giraffate\/clippy-action|auguwu\/clippy-action|clechasseur\/rs-clippy-check)$/,
    },
    tool: 'clippy',
    advice: 'run `cargo clippy -- -D warnings` in CI',
  },
  ruby: {
    detect: (ws) => first(
      () => configFile(ws, /^\.(rubocop|standard)\.ya?ml$/, (b) => (/standard/.test(b) ? 'Standard' : 'RuboCop')),
      () => runsLocally(ws, /\b(rubocop|standardrb)\b/, 'a linter'),
    ),
    ci: { re: /\b(?:rubocop|standardrb)\b/, names: /^(lint|rubocop|standard)$/i, actions: /^(reviewdog\/action-rubocop|standardrb\/standard-ruby-action)$/ },
    tool: 'RuboCop',
    advice: 'add RuboCop (.rubocop.yml) or Standard and run it in CI',
  },
  java: {
    detect: (ws) => first(
      () => section(ws, /^(pom\.xml|build\.gradle(\.kts)?)$/, /checkstyle|spotbugs|\bpmd\b|errorprone|error_prone|detekt|ktlint|sonar/i, (m) => m),
      () => runsLocally(ws, /\b(checkstyle|spotbugs|pmd|detekt|ktlint)\b/, 'a linter'),
    ),
    ci: { re: /\b(?:checkstyle|spotbugs|pmd|detekt|ktlint)\b/ },
    ciWhenConfigured: { re: /\bmvnw?\b[^\n]*\b(?:verify|install|package|site)\b|\bgradlew?\b[^\n]*\b(?:check|build)\b/ },
    tool: 'Checkstyle or PMD',
    advice: 'add Checkstyle, PMD or SpotBugs (or Error Prone) to the build and let CI run the build',
  },
  dotnet: {
    detect: (ws) => first(
      () => section(ws, /\.(csproj|fsproj)$|^Directory\.Build\.props$/, /<(AnalysisLevel|AnalysisMode|EnableNETAnalyzers|TreatWarningsAsErrors|EnforceCodeStyleInBuild)>|StyleCop\.Analyzers|SonarAnalyzer/, 'the .NET analyzers'),
      () => section(ws, /^\.editorconfig$/, /dotnet_diagnostic\.|dotnet_analyzer_diagnostic/, 'analyzer severities in .editorconfig'),
    ),
    ci: { re: /\bdotnet\s+format\b[^\n]*(?:--verify-no-changes|analyzers)/ },
    ciWhenConfigured: { re: /\bdotnet\s+(?:build|test|pack|publish)\b|\bmsbuild\b/ },
    tool: 'the .NET analyzers',
    advice: 'turn on the .NET analyzers (<AnalysisLevel>latest-recommended</AnalysisLevel>, <TreatWarningsAsErrors>) in Directory.Build.props and build in CI',
  },
};

export const rule: WorkspaceRule = {
  id: 'quality/linter',
  category: 'quality',
  severity: 'medium',
  level: 'mvp',
  title: 'A linter is configured for each language and CI runs it',
  rationale: 'A linter catches whole classes of bugs (unused results, shadowed variables, unsafe comparisons) before review, and keeps review time for design; it only holds the line when CI runs it.',
  roadmap: [{ topic: 'the linter', match: /\blint(er|ing)?\b|eslint|ruff|flake8|pylint|golangci|rubocop|static analysis/, rank: 140 }],
  scope: 'workspace',
  enforcedByCi: true,
  applies: appliesToStacks(['node', 'python', 'go', 'rust', 'ruby', 'java', 'dotnet']),
  check({ ws, facts }) {
    return checkStacks(ws, facts, CHECKS, 'linter');
  },
};
