/**
 * quality/config-parses: the project's configuration files parse. A `package.json`, a JSON config, a
 * `pyproject.toml`/`Cargo.toml`, a compose file or a Kubernetes manifest that does not parse is
 * skipped by every check that needs its content; nothing may be dropped silently, so each one is a
 * finding with the parser's own message and position. A guard: files that parse earn nothing, a file
 * that does not costs the check's weight (seeing less never raises the score). Workflows and the
 * manifest have their own rules (ci/workflow-valid, manifest/schema-error); JSON files with comments
 * (tsconfig, devcontainer, VS Code settings, `.jsonc`) are read as JSON with comments.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';

/** JSON files that tools read with comments and trailing commas allowed. */
const JSONC = /(?:^|\/)(?:tsconfig[\w.-]*\.json|jsconfig[\w.-]*\.json|devcontainer\.json|\.devcontainer\.json|[\w.-]+\.jsonc|\.eslintrc(?:\.json)?|\.babelrc(?:\.json)?|\.swcrc|api-extractor\.json|(?:\.vscode|\.theia|\.idea)\/[^/]+\.json|biome\.json|deno\.json|turbo\.json|nest-cli\.json|tslint\.json|\.jshintrc|\.markdownlint(?:\.json)?|renovate\.json5?|\.renovaterc(?:\.json)?)$/i;
/** TOML files the stacks' tools read. */
const TOML = /(?:^|\/)(?:pyproject|Cargo|poetry|ruff|\.ruff|rustfmt|\.rustfmt|clippy|\.clippy|deny|mise|\.mise|netlify|fly|wrangler|rust-toolchain|Pipfile|uv|taplo|\.taplo|book|config)\.toml$|(?:^|\/)Pipfile$/;
/** Files over this size are data, not configuration: they are not parsed here. */
const MAX = 256 * 1024;

/** The line and column (zero-based) of an offset in a text. */
function at(file: SourceFile, offset: number) {
  const pos = file.positionAt(Math.max(0, Math.min(offset, file.text.length)));
  return { start: pos, end: { line: pos.line, character: pos.character + 1 } };
}

function checkJson(file: SourceFile): RuleFinding[] {
  if (file.text.trim() === '') return [];
  const err = JSONC.test(file.path) ? file.jsonc.errors[0] : file.json.ok ? undefined : file.json.error;
  if (!err) return [];
  return [{ message: `${file.path} is not valid JSON (${err.message}); the checks that read it skip it until it parses`, range: at(file, err.offset) }];
}

function checkToml(file: SourceFile): RuleFinding[] {
  const view = file.toml;
  if (view.ok) return [];
  const err = view.error;
  const range = typeof err.line === 'number' ? file.lineRange(Math.max(0, err.line - 1)) : file.lineRange(0);
  return [{ message: `${file.path} is not valid TOML (${err.message}); the checks that read it skip it until it parses`, range }];
}

function checkYaml(file: SourceFile): RuleFinding[] {
  const err = file.yamlDocs.flatMap((d) => d.errors)[0];
  if (!err) return [];
  const what = file.kind === 'compose' ? 'compose file' : 'Kubernetes manifest';
  const templated = file.text.includes('{{');
  if (templated) return [];
  return [{ message: `the ${what} ${file.path} is not valid YAML (${err.message.split('\n')[0]}); the checks that read it skip it until it parses`, range: file.rangeOf(err.pos[0], Math.max(err.pos[0] + 1, err.pos[1])) }];
}

export const rule: FileRule = {
  id: 'quality/config-parses',
  category: 'quality',
  severity: 'medium',
  level: 'mvp',
  title: 'Configuration files parse',
  rationale: 'A configuration file that does not parse is ignored by the tools that should read it (and by this audit), so its settings silently do nothing; the parser says exactly where it breaks.',
  scope: 'file',
  guard: true,
  kinds: ['package-json', 'json', 'toml', 'config', 'compose', 'k8s'],
  examines: (file) => file.text.length <= MAX && (file.kind !== 'config' || TOML.test(file.path)) && !(file.kind === 'json' && file.text.includes('{{')),
  examinesWhat: 'JSON, TOML, compose or Kubernetes file',
  checkFile(file) {
    switch (file.kind) {
      case 'package-json':
      case 'json':
        return checkJson(file);
      case 'toml':
      case 'config':
        return TOML.test(file.path) ? checkToml(file) : [];
      case 'compose':
      case 'k8s':
        return checkYaml(file);
      default:
        return [];
    }
  },
};
