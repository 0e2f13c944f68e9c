/**
 * docker/exec-form-cmd: CMD and ENTRYPOINT use the JSON (exec) form, `CMD ["node", "server.js"]`.
 * In shell form the process runs under `/bin/sh -c`, which does not forward SIGTERM: the app never
 * hears the stop signal, cannot shut down gracefully and is killed after the timeout.
 *
 * The fix rewrites a shell-form command that uses no shell features (variables, pipes, redirections,
 * globs, `&&`) as JSON; anything else needs a person (or an explicit `["sh", "-c", "exec ..."]`).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { jsonValue } from '../../core/formats/json';
import { replaceFix } from '../lib/util';
import { keywordRange, rangeOf, usesPosixShell, judgedStages } from '../lib/dockerfile';

/** The words of a plain command line, or undefined when it relies on shell features. */
function plainWords(text: string): string[] | undefined {
  if (/[$`|&;<>*?(){}\\[\]~#]/.test(text)) return undefined;
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w = m[1] ?? m[2] ?? m[3];
    if (m[3] !== undefined && /["']/.test(m[3])) return undefined;
    words.push(w);
  }
  return words.length > 0 ? words : undefined;
}

/** True when a text is a JSON array of strings. */
function isJsonArray(text: string): boolean {
  const v = jsonValue(text);
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export const rule: FileRule = {
  id: 'docker/exec-form-cmd',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'CMD and ENTRYPOINT use the exec (JSON) form',
  rationale: 'In shell form the app runs as a child of `/bin/sh -c`, which does not pass on SIGTERM, so the container cannot stop gracefully and is killed after the timeout.',
  related: [{ tool: 'hadolint', id: 'DL3025' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedStages(file, ctx.ws).some((s) => s.instructions.some((i) => (i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT') && usesPosixShell(file, s, i))),
  examinesWhat: 'CMD or ENTRYPOINT (in a POSIX-shell stage)',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of judgedStages(file, ctx.ws)) {
      for (const ins of stage.instructions) {
        const kw = ins.getKeyword();
        if ((kw !== 'CMD' && kw !== 'ENTRYPOINT') || !usesPosixShell(file, stage, ins)) continue;
        const raw = (ins.getArgumentsContent() ?? '').trim();
        if (raw === '') continue;
        const argsRange = ins.getArgumentsRange();
        if (raw.startsWith('[')) {
          if (isJsonArray(raw)) continue;
          const repaired = raw.replace(/'/g, '"');
          findings.push({
            message: `this ${kw} looks like JSON but is not valid JSON (JSON needs double quotes), so Docker runs it as a shell command; fix the quoting`,
            range: keywordRange(ins),
            ...(isJsonArray(repaired) && argsRange && !raw.includes('\n') ? { fix: replaceFix('Use double quotes', file, rangeOf({ getRange: () => argsRange }), repaired) } : {}),
          });
          continue;
        }
        const words = plainWords(raw);
        findings.push({
          message: `this ${kw} uses the shell form, so the app runs under \`/bin/sh -c\` and never receives SIGTERM; write it as JSON, e.g. \`${kw} ${JSON.stringify(words ?? ['sh', '-c', `exec ${raw}`]).replace(/","/g, '", "')}\``,
          range: keywordRange(ins),
          ...(words && argsRange && !raw.includes('\n') ? { fix: replaceFix('Use the exec (JSON) form', file, rangeOf({ getRange: () => argsRange }), JSON.stringify(words).replace(/","/g, '", "')) } : {}),
        });
      }
    }
    return findings;
  },
};
