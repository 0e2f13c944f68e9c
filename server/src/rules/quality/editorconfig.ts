/**
 * quality/editorconfig: an `.editorconfig` with real settings (a section setting indentation, line
 * endings, charset or the final newline) makes every editor use the project's conventions. It counts
 * wherever it sits in the product: one in `frontend/` settles the front end's files (the evidence says
 * which folder it covers). `root = true` is not required: it only stops editors from reading parent
 * folders' files, a nit a reviewer would waive. The fix writes one adapted to the detected stacks
 * (four spaces for Python, tabs for Go and Makefiles), with `root = true`.
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
  roadmap: [{ topic: '.editorconfig', match: /editorconfig/, rank: 190 }],
  fixable: true,
  scope: 'workspace',
  applies(facts) {
    return facts.stacks.length > 0 ? true : 'no application code detected';
  },
  check({ ws, facts }) {
    const paths = ws.files.filter((p) => /(^|\/)\.editorconfig$/.test(p)).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
    const files = paths.map((p) => ws.read(p)).filter((f) => f !== undefined);
    if (files.length === 0) return { status: 'fail', findings: [{ message: 'no .editorconfig in the repository; add one so every editor uses the same indentation and line endings', file: null, fix: createFileFix('Create .editorconfig', '.editorconfig', editorconfigFor(facts)) }] };
    const withSettings = files.filter((f) => /^\s*\[[^\]]+\]/m.test(f.text) && /^\s*(indent_style|indent_size|end_of_line|insert_final_newline|charset|trim_trailing_whitespace)\s*=/m.test(f.text));
    if (withSettings.length > 0) {
      return {
        status: 'pass',
        findings: [],
        evidence: withSettings.slice(0, 5).map((f) => ({ message: f.path === '.editorconfig' ? '.editorconfig with settings at the root' : `.editorconfig with settings for ${f.path.slice(0, -'/.editorconfig'.length)}/`, file: f.path })),
      };
    }
    const f = files[0];
    const first = Math.max(0, f.text.split('\n').findIndex((l) => l.trim() !== '' && !/^\s*[#;]/.test(l)));
    return { status: 'partial', score: 0.5, evidence: [{ message: '.editorconfig exists', file: f.path }], findings: [{ message: `${f.path} sets nothing: add a section (\`[*]\`) with indentation and line-ending settings`, file: f.path, range: f.lineRange(first) }] };
  },
};
