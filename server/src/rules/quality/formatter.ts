/**
 * quality/formatter: each detected stack has an automatic formatter, and CI checks the formatting:
 * Prettier, Biome or dprint for JavaScript/TypeScript; Black or `ruff format` for Python; gofmt
 * (gofumpt, goimports) for Go; rustfmt for Rust; RuboCop or Standard for Ruby; Spotless or
 * google-java-format for Java; `dotnet format` or CSharpier for .NET. A formatter that is configured
 * (or, for Go, simply shipped with the toolchain) but whose check no CI job runs earns half the
 * credit: unformatted code still merges. Running it through pre-commit in CI counts.
 */
import type { Workspace } from '../../core/workspace';
import type { WorkspaceRule } from '../../core/types';
import type { CommandSpec } from '../lib/ci-run';
import { appliesToStacks, checkStacks, type StackCheck } from '../lib/per-stack';
import { configFile, fileNamed, first, packageKey, runsLocally, section, tomlTable } from '../lib/tooling';
import { isTemplatePath } from '../lib/util';

/** Script and target names that check formatting (`format:check`, `fmt-check`, `check-format`...). */
const CHECK_NAMES = /^(?:format|fmt|prettier|black|style)[:_-](?:check|verify)$|^(?:format|fmt)check$|^(?:check|lint|verify)[:_-]?(?:format|fmt|formatting|prettier)$/i;

/** ESLint configurations that make formatting errors lint errors (eslint-plugin-prettier at error level). */
const ESLINT_PRETTIER = /plugin:prettier\/recommended|eslint-plugin-prettier\/recommended|["']prettier\/prettier["']\s*:\s*(?:\[\s*)?(?:["']error["']|2)/;

/** Node formatting is checked by prettier --check, biome, dprint, deno fmt, or ESLint when it runs Prettier as an error rule. */
function nodeSpec(ws: Workspace): CommandSpec {
  const eslintRunsPrettier = ws.files.some((p) => /(^|\/)(eslint\.config\.[cm]?[jt]s|\.eslintrc(\.(js|cjs|json|ya?ml))?)$/.test(p) && !isTemplatePath(p) && ESLINT_PRETTIER.test((ws.read(p)?.text ?? '').replace(/^\s*\/\/.*$/gm, '')));
  return {
    re: new RegExp(String.raw`\bprettier\b[^\n]*\s(?:--check|-c|--list-different|-l)\b|\bbiome\s+(?:format|check|ci)\b(?![^\n]*--write)|\bdprint\s+check\b|\bdeno\s+fmt\b[^\n]*--check|\bpre-commit hook (?:prettier|biome-format|biome-check|biome-ci|dprint)\b${eslintRunsPrettier ? String.raw`|\beslint\b` : ''}`),
    names: eslintRunsPrettier ? new RegExp(`${CHECK_NAMES.source}|^lint$`, 'i') : CHECK_NAMES,
  };
}

/** Go formatting is checked by gofmt/gofumpt/goimports, or by golangci-lint when its configuration enables a formatter. */
function goSpec(ws: Workspace): CommandSpec {
  const cfg = fileNamed(ws, /^\.golangci\.(ya?ml|toml|json)$/);
  const formats = cfg ? /\b(gofmt|gofumpt|goimports|gci|golines)\b/.test(ws.read(cfg)?.text ?? '') : false;
  return {
    re: new RegExp(String.raw`\bgofmt\s+(?:-\w+\s+)*-(?:l|d)\b|\bgofumpt\b[^\n]*\s-(?:l|d)\b|\bgoimports\b[^\n]*\s-(?:l|d)\b|\bgolangci-lint\s+fmt\b[^\n]*--diff|\bpre-commit hook (?:go-fmt|gofmt|go-imports|golangci-lint-fmt)\b${formats ? String.raw`|\bgolangci-lint\b` : ''}`),
    names: CHECK_NAMES,
    ...(formats ? { actions: /^golangci\/golangci-lint-action$/ } : {}),
  };
}

const CHECKS: Record<string, StackCheck> = {
  node: {
    ciWrite: { re: /\bprettier\b[^\n]*\s(?:--write|-w)\b|\bbiome\s+(?:format|check)\b[^\n]*--write|\bdprint\s+fmt\b/ },
    detect: (ws) => first(
      () => configFile(ws, /^(\.prettierrc(\.(json5?|ya?ml|toml|[cm]?js|ts))?|prettier\.config\.[cm]?[jt]s|dprint\.jsonc?|\.dprint\.jsonc?)$/, (b) => (/dprint/.test(b) ? 'dprint' : 'Prettier')),
      () => packageKey(ws, 'prettier', 'Prettier'),
      () => section(ws, /^biome\.jsonc?$/, /^(?![\s\S]*"formatter"\s*:\s*\{[^}]*"enabled"\s*:\s*false)/, 'the Biome formatter'),
      () => runsLocally(ws, /\b(prettier|biome\s+(format|check|ci)|dprint\s+(fmt|check)|deno\s+fmt)\b/, 'a formatter'),
    ),
    ci: nodeSpec,
    tool: 'Prettier or Biome',
    advice: 'check formatting in CI (`prettier --check .` or `biome ci`)',
  },
  python: {
    ciWrite: { re: /\bblack\b(?![^\n]*--(?:check|diff))|\bruff\s+format\b|\bisort\b(?![^\n]*--check)|\byapf\b[^\n]*\s-i\b|\bautopep8\b[^\n]*\s-i\b/ },
    detect: (ws) => first(
      () => tomlTable(ws, /^pyproject\.toml$/, [['tool', 'black'], ['tool', 'ruff', 'format'], ['tool', 'yapf'], ['tool', 'autopep8']], (m) => (/black/.test(m) ? 'Black' : /ruff/.test(m) ? 'ruff format' : /yapf/.test(m) ? 'yapf' : 'autopep8')),
      () => configFile(ws, /^\.style\.yapf$/, 'yapf'),
      () => runsLocally(ws, /\b(black|ruff\s+format|ruff-format|yapf|autopep8)\b/, 'a formatter'),
    ),
    ci: {
      re: /\bblack\b[^\n]*\s--(?:check|diff)\b|\bruff\s+format\b[^\n]*\s--(?:check|diff)\b|\byapf\b[^\n]*\s(?:--diff|-d)\b|\bautopep8\b[^\n]*\s--(?:diff|exit-code)\b|\bpre-commit hook (?:black|black-jupyter|ruff-format|yapf|autopep8)\b|ruff-action\S*.*with\.args=['"]?format\b/,
      names: CHECK_NAMES,
      actions: /^(psf\/black|rickstaa\/action-black)$/,
    },
    tool: 'Black or ruff format',
    advice: 'run `ruff format --check` (or `black --check`) in CI and in a pre-commit hook',
  },
  go: {
    ciWrite: { re: /\bgofmt\b[^\n]*\s-w\b|\bgoimports\b[^\n]*\s-w\b|\bgofumpt\b[^\n]*\s-w\b|\bgo\s+fmt\b|\bgolangci-lint\s+fmt\b/ },
    detect: () => ({ message: 'gofmt ships with the Go toolchain' }),
    ci: goSpec,
    tool: 'gofmt',
    advice: 'fail CI when `gofmt -l .` lists files (or enable gofmt in golangci-lint)',
  },
  rust: {
    ciWrite: { re: /\bcargo\s+(?:\+\S+\s+)?fmt\b|\brustfmt\b/ },
    detect: (ws) => first(
      () => configFile(ws, /^\.?rustfmt\.toml$/, 'rustfmt'),
      () => runsLocally(ws, /\bcargo\s+(\+\S+\s+)?fmt\b|rustfmt/, 'rustfmt'),
    ),
    ci: {
      re: /\bcargo\s+(?:\+\S+\s+)?fmt\b[^\n]*--check|\brustfmt\b[^\n]*--check|\bpre-commit hook (?:fmt|rustfmt|cargo-fmt)\b/,
      names: CHECK_NAMES,
      actions: /^(actions-rust-lang\/rustfmt|mbrobbel\/rustfmt-check|lykahb\/rustfmt-check)$/,
    },
    tool: 'rustfmt',
    advice: 'run `cargo fmt --check` in CI',
  },
  ruby: {
    detect: (ws) => first(
      () => configFile(ws, /^\.(rubocop|standard)\.ya?ml$/, (b) => (/standard/.test(b) ? 'Standard (layout cops)' : 'RuboCop (layout cops)')),
      () => runsLocally(ws, /\b(rubocop|standardrb|rufo|syntax_tree)\b/, 'a formatter'),
    ),
    ci: { re: /\b(?:rubocop|standardrb)\b|\brufo\b[^\n]*--check|\bstree\s+check\b/, names: CHECK_NAMES },
    tool: 'RuboCop',
    advice: 'add RuboCop or Standard (their layout cops format the code) and run them in CI',
  },
  java: {
    detect: (ws) => first(
      () => section(ws, /^(pom\.xml|build\.gradle(\.kts)?)$/, /spotless|google-java-format|fmt-maven-plugin|ktlint|ktfmt/i, (m) => m),
      () => runsLocally(ws, /\b(spotless\w*|google-java-format|ktlint|ktfmt)\b/, 'a formatter'),
    ),
    ci: { re: /\bspotless(?:Check|:check)\b|\bfmt:check\b|\bktlint\b|\bktfmt\b[^\n]*--dry-run|google-java-format[^\n]*(?:--dry-run|--set-exit-if-changed)/, names: CHECK_NAMES },
    ciWhenConfigured: { re: /\bgradlew?\b[^\n]*\b(?:check|build)\b/ },
    tool: 'Spotless',
    advice: 'add Spotless with google-java-format (or ktfmt) to the build and check it in CI',
  },
  dotnet: {
    detect: (ws) => first(
      () => runsLocally(ws, /\bdotnet\s+(format|csharpier)\b|\bcsharpier\b/, 'a formatter'),
      () => configFile(ws, /^\.csharpierrc(\.json|\.ya?ml)?$/, 'CSharpier'),
    ),
    ci: { re: /\bdotnet\s+format\b[^\n]*--verify-no-changes|\bcsharpier\b[^\n]*(?:--check|\bcheck\b)/, names: CHECK_NAMES },
    tool: 'dotnet format',
    advice: 'run `dotnet format --verify-no-changes` in CI',
  },
};

export const rule: WorkspaceRule = {
  id: 'quality/formatter',
  category: 'quality',
  severity: 'low',
  level: 'mvp',
  title: 'Code is formatted automatically and CI checks it',
  rationale: 'A formatter ends style debates and keeps diffs to what changed; without a check in CI, unformatted code still merges and reviews fill with whitespace.',
  roadmap: [{ topic: 'the formatter', match: /formatt(ing|er)|prettier|\bblack\b|gofmt|rustfmt/, rank: 150 }],
  scope: 'workspace',
  enforcedByCi: true,
  applies: appliesToStacks(['node', 'python', 'go', 'rust', 'ruby', 'java', 'dotnet']),
  check({ ws, facts }) {
    return checkStacks(ws, facts, CHECKS, 'formatter');
  },
};
