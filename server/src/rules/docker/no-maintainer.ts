/**
 * docker/no-maintainer: the deprecated MAINTAINER instruction is replaced by the standard OCI label
 * `org.opencontainers.image.authors`, which registries and scanners read.
 *
 * A Dockerfile that names no author at all has nothing to judge. The fix rewrites the instruction as
 * that LABEL.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { keywordRange, rangeOf, judgedInstructions } from '../lib/dockerfile';

export const rule: FileRule = {
  id: 'docker/no-maintainer',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'Authors are labelled, not set with MAINTAINER',
  rationale: 'MAINTAINER is deprecated; the `org.opencontainers.image.authors` label is the standard that tools read.',
  related: [
    { tool: 'hadolint', id: 'DL4000' },
    { tool: 'trivy', id: 'DS-0022' },
    { tool: 'checkov', id: 'CKV_DOCKER_6' },
  ],
  fixable: true,
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedInstructions(file, ctx.ws, 'MAINTAINER').length > 0 || judgedInstructions(file, ctx.ws, 'LABEL').some((l) => /(^|[\s."'])(authors|maintainer)\s*=/i.test(l.getArgumentsContent() ?? '')),
  examinesWhat: 'MAINTAINER or an authors LABEL',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const ins of judgedInstructions(file, ctx.ws, 'MAINTAINER')) {
      const who = (ins.getArgumentsContent() ?? '').trim().replace(/^"|"$/g, '');
      const single = ins.getRange().start.line === ins.getRange().end.line;
      findings.push({
        message: 'the MAINTAINER instruction is deprecated; use `LABEL org.opencontainers.image.authors="..."`',
        range: keywordRange(ins),
        ...(single && who ? { fix: replaceFix('Replace MAINTAINER with the OCI authors label', file, rangeOf(ins), `LABEL org.opencontainers.image.authors=${JSON.stringify(who)}`) } : {}),
      });
    }
    return findings;
  },
};
