/**
 * docker/expose-valid-port: every EXPOSE names a port between 1 and 65535 (optionally a range and
 * `/tcp` or `/udp`). Docker rejects other values at build time, or worse, the typo documents a port
 * nothing listens on.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { rangeOf, judgedInstructions } from '../lib/dockerfile';

const valid = (n: string) => /^\d+$/.test(n) && Number(n) >= 1 && Number(n) <= 65535;

export const rule: FileRule = {
  id: 'docker/expose-valid-port',
  category: 'containers',
  severity: 'medium',
  level: 'prototype',
  title: 'EXPOSE names valid ports',
  rationale: 'A port outside 1-65535 or a malformed protocol fails the build or documents a port the service does not use.',
  related: [
    { tool: 'hadolint', id: 'DL3011' },
    { tool: 'trivy', id: 'DS-0008' },
  ],
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedInstructions(file, ctx.ws, 'EXPOSE').length > 0,
  examinesWhat: 'EXPOSE',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const ins of judgedInstructions(file, ctx.ws, 'EXPOSE')) {
      for (const arg of ins.getArguments()) {
        const v = arg.getValue();
        if (v.includes('$')) continue;
        const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(v);
        const ok = m && valid(m[1]) && (m[2] === undefined || (valid(m[2]) && Number(m[2]) >= Number(m[1])));
        if (ok) continue;
        findings.push({ message: `\`${v}\` is not a valid port; EXPOSE takes ports 1-65535, optionally as a range and with /tcp or /udp`, range: rangeOf(arg) });
      }
    }
    return findings;
  },
};
