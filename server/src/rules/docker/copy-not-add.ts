/**
 * docker/copy-not-add: local files and folders are copied with COPY. ADD also fetches URLs and
 * unpacks archives, so a reader cannot tell what an ADD of a local path will do; COPY says it.
 *
 * ADD stays fine for what only it does: remote URLs, git repositories and local tar archives that it
 * unpacks. The fix replaces the keyword.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { instructionsOf, keywordRange } from '../lib/dockerfile';

const REMOTE_OR_ARCHIVE = /^([a-z][a-z0-9+.-]*:\/\/|git@)|\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst|lz4?))$/i;

export const rule: FileRule = {
  id: 'docker/copy-not-add',
  category: 'containers',
  severity: 'low',
  level: 'mvp',
  title: 'COPY is used for local files instead of ADD',
  rationale: 'ADD silently unpacks archives and fetches URLs; using COPY for plain files makes the Dockerfile say exactly what it does.',
  related: [
    { tool: 'hadolint', id: 'DL3020' },
    { tool: 'trivy', id: 'DS-0005' },
    { tool: 'checkov', id: 'CKV_DOCKER_4' },
  ],
  fixable: true,
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const ins of instructionsOf(file, 'ADD')) {
      const flags = (ins as unknown as { getFlags?: () => { getName(): string }[] }).getFlags?.() ?? [];
      if (flags.some((f) => ['checksum', 'keep-git-dir'].includes(f.getName()))) continue;
      const raw = (ins.getArgumentsContent() ?? '').trim();
      let args: string[];
      if (raw.startsWith('[')) {
        try {
          const arr: unknown = JSON.parse(raw);
          args = Array.isArray(arr) ? arr.map(String) : [];
        } catch {
          continue;
        }
      } else args = ins.getArguments().map((a) => a.getValue()).filter((v) => !v.startsWith('--'));
      const sources = args.slice(0, -1);
      if (sources.length === 0 || sources.some((s) => REMOTE_OR_ARCHIVE.test(s) || s.includes('$') || s.startsWith('<<'))) continue;
      const range = keywordRange(ins);
      const keyword = ins.getInstruction();
      findings.push({
        message: `this ADD copies local ${sources.length > 1 ? 'paths' : `\`${sources[0]}\``}; use COPY, which does not unpack archives or fetch URLs`,
        range,
        fix: replaceFix('Replace ADD with COPY', file, range, keyword === keyword.toLowerCase() ? 'copy' : 'COPY'),
      });
    }
    return findings;
  },
};
