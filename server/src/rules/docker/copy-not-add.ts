/**
 * docker/copy-not-add: local files and folders are copied with COPY. ADD also fetches URLs and
 * unpacks archives, so a reader cannot tell what an ADD of a local path will do; COPY says it.
 *
 * ADD stays fine for what only it does: remote URLs, git repositories and local archives that it
 * unpacks (tar, and gzip, bzip2, xz or zstd files, which Docker unpacks when their content is a tar).
 * Sources are judged one by one with their quotes removed, as Docker reads them: an ADD that mixes an
 * archive with plain files is reported for the plain files; one whose sources are variables is not
 * judged. The fix replaces the keyword, only when
 * every source is a plain local path (COPY cannot fetch or unpack).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import { replaceFix } from '../lib/util';
import type { SourceFile } from '../../core/source';
import { jsonValue } from '../../core/formats/json';
import { argText, keywordRange, judgedInstructions } from '../lib/dockerfile';

const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;
const ARCHIVE = /\.(tar|gz|tgz|bz2|tbz2?|tb2|xz|txz|zst|tzst)$/i;

/** What ADD does with one source: `local` (a plain copy), `special` (fetch or unpack), `unknown`. */
function kindOf(src: string): 'local' | 'special' | 'unknown' {
  if (src.includes('$') || src.startsWith('<<')) return 'unknown';
  return REMOTE.test(src) || ARCHIVE.test(src) ? 'special' : 'local';
}

/** The sources of an ADD (every argument but the destination), unquoted; undefined when unreadable. */
function sourcesOf(file: SourceFile, ins: Instruction): string[] | undefined {
  const raw = (ins.getArgumentsContent() ?? '').trim();
  let args: string[];
  if (raw.startsWith('[')) {
    const arr = jsonValue(raw.replace(/\\\r?\n/g, ' '));
    if (!Array.isArray(arr)) return undefined;
    args = arr.map(String);
  } else args = ins.getArguments().map((a) => argText(file, a));
  return args.slice(0, -1);
}

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
  examines: (file, ctx) => judgedInstructions(file, ctx.ws, 'ADD').length > 0,
  examinesWhat: 'ADD',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const ins of judgedInstructions(file, ctx.ws, 'ADD')) {
      const flags = (ins as unknown as { getFlags?: () => { getName(): string }[] }).getFlags?.() ?? [];
      if (flags.some((f) => ['checksum', 'keep-git-dir'].includes(f.getName()))) continue;
      const sources = sourcesOf(file, ins);
      if (!sources || sources.length === 0) continue;
      const kinds = sources.map(kindOf);
      const local = sources.filter((_, i) => kinds[i] === 'local');
      // A variable source may be a URL: without a fetch or an unpack in view, the ADD is not judged.
      if (local.length === 0 || (kinds.includes('unknown') && !kinds.includes('special'))) continue;
      const range = keywordRange(ins);
      const named = local.length > 1 ? `${local.length} local paths` : `\`${local[0]}\``;
      if (local.length < sources.length) {
        findings.push({ message: `this ADD copies ${named} along with what only ADD does (fetching or unpacking); copy the plain files with a separate COPY`, range });
        continue;
      }
      const keyword = ins.getInstruction();
      findings.push({
        message: `this ADD copies ${named}; use COPY, which does not unpack archives or fetch URLs`,
        range,
        fix: replaceFix('Replace ADD with COPY', file, range, keyword === keyword.toLowerCase() ? 'copy' : 'COPY'),
      });
    }
    return findings;
  },
};
