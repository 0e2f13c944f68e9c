/**
 * quality/editorconfig: an `.editorconfig` with `root = true` and real settings makes every editor
 * use the project's indentation, line endings and final newline. The fix writes one adapted to the
 * detected stacks (four spaces for Python, tabs for Go and Makefiles).
 */
import type { WorkspaceRule } from '../../core/types';
import type { Facts } from '../../core/facts';
import { createFileFix } from '../lib/util';

/** An .editorconfig for the detected stacks; it passes this rule. */
export function editorconfigFor(facts: Facts): string {
  const parts = ['# Editor settings shared by everyone working on this repository: https://editorconfig.org', 'root = true', '', '[*]', 'charset = utf-8', 'end_of_line = lf', 'insert_final_newline = true', 'trim_trailing_whitespace = true', 'indent_style = space', 'indent_size = 2', ''];
  if (facts.stacks.includes('python')) parts.push('[*.py]', 'indent_size = 4', '');
  if (facts.stacks.includes('go')) parts.push('[*.go]', 'indent_style = tab', '');
  if (facts.stacks.includes('rust') || facts.stacks.includes('java') || facts.stacks.includes('dotnet')) parts.push('[*.{rs,java,kt,cs}]', 'indent_size = 4', '');
  parts.push('[{Makefile,*.mk}]', 'indent_style = tab', '', '[*.md]', 'trim_trailing_whitespace = false', '');
  return parts.join('\n');
}

export const rule: WorkspaceRule = {
  id: 'quality/editorconfig',
  category: 'quality',
  severity: 'low',
  level: 'production',
  title: '.editorconfig sets shared editor settings',
  rationale: 'Mixed indentation and line endings create noisy diffs and broken YAML; an .editorconfig fixes them for every editor at once.',
  fixable: true,
  scope: 'workspace',
  applies(facts) {
    return facts.stacks.length > 0 ? true : 'no application code detected';
  },
  check({ ws, facts }) {
    const f = ws.exists('.editorconfig') ? ws.read('.editorconfig') : undefined;
    if (!f) return { status: 'fail', findings: [{ message: 'no .editorconfig; add one so every editor uses the same indentation and line endings', file: null, fix: createFileFix('Create .editorconfig', '.editorconfig', editorconfigFor(facts)) }] };
    const hasSection = /^\s*\[[^\]]+\]/m.test(f.text);
    const hasSettings = /^\s*(indent_style|indent_size|end_of_line|insert_final_newline|charset|trim_trailing_whitespace)\s*=/m.test(f.text);
    const root = /^\s*root\s*=\s*true\s*$/im.test(f.text);
    if (hasSection && hasSettings && root) return { status: 'pass', findings: [], evidence: [{ message: 'root .editorconfig with settings', file: f.path }] };
    const missing = [!root && '`root = true`', !(hasSection && hasSettings) && 'a section with indentation and line-ending settings'].filter(Boolean);
    return { status: 'partial', score: 0.5, evidence: [{ message: '.editorconfig exists', file: f.path }], findings: [{ message: `.editorconfig lacks ${missing.join(' and ')}; add ${missing.length > 1 ? 'them' : 'it'}`, file: f.path, range: f.lineRange(0) }] };
  },
};
