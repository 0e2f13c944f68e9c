/**
 * security/gitignore-keys: the root `.gitignore` keeps private keys and certificates out of git:
 * `*.pem`, `*.key` and SSH key files (`id_rsa`, `id_ecdsa`, `id_ed25519`), tested the way git matches
 * paths. A key generated for a local TLS test or a deploy is one `git add .` away from the history.
 * The fix adds the missing patterns after the last line (the env fix appends at the very end, so
 * both apply together). Without a .gitignore, security/gitignore-env reports the file itself.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { replaceFix } from '../lib/util';
import { KEY_PATTERNS, lastContentLine, matcher, missing, patternBlock } from '../lib/gitignore';

export const rule: WorkspaceRule = {
  id: 'security/gitignore-keys',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: '.gitignore keeps private keys and certificates out of git',
  rationale: 'Key files are created on developer machines for TLS, signing and deploys; ignoring them by pattern keeps one careless commit from publishing a credential that has to be revoked.',
  scaffold: 'gitignore',
  related: [{ tool: 'secretlint', id: '@secretlint/secretlint-rule-privatekey' }],
  fixable: true,
  scope: 'workspace',
  applies(_facts, { ws }) {
    return ws.exists('.gitignore') ? true : 'there is no .gitignore (security/gitignore-env reports it)';
  },
  check({ ws }) {
    const file = ws.read('.gitignore');
    if (!file) return { status: 'not-applicable', findings: [], reason: '.gitignore cannot be read' };
    const absent = missing(matcher(file), KEY_PATTERNS);
    const evidence: Evidence[] = KEY_PATTERNS.filter((r) => !absent.includes(r)).map((r) => ({ message: `${r.samples[0]} is ignored`, file: file.path }));
    if (absent.length === 0) return { status: 'pass', findings: [], evidence };
    const last = lastContentLine(file);
    const end = { line: last, character: file.lines[last]?.length ?? 0 };
    const block = patternBlock('Private keys and certificates', absent.map((m) => m.pattern)).replace(/\n$/, '');
    const groups = [...new Set(absent.map((m) => m.group))];
    const finding = {
      message: `.gitignore does not ignore ${groups.join(', ')}; add ${absent.map((m) => `\`${m.pattern}\``).join(', ')}`,
      file: file.path,
      range: file.lineRange(last),
      fix: replaceFix('Ignore private keys and certificates', file, { start: end, end }, `${file.text.trim() ? '\n\n' : ''}${block}`),
      data: { missing: absent.map((m) => m.pattern) },
    };
    const score = (KEY_PATTERNS.length - absent.length) / KEY_PATTERNS.length;
    return score > 0 ? { status: 'partial', score, findings: [finding], evidence } : { status: 'fail', findings: [finding], evidence };
  },
};
