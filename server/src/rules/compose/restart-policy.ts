/**
 * compose/restart-policy: long-running compose services say what happens when they crash (`restart:`
 * other than "no", or `deploy.restart_policy`). The default is to stay down.
 *
 * One-shot jobs (services others wait for with `service_completed_successfully`) and development
 * compose files are skipped. The fix inserts `restart: unless-stopped`.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asRecord } from '../../core/source';
import { insertIntoService, longRunningServices, productionComposeOnly, serviceRange } from '../lib/compose';

export const rule: FileRule = {
  id: 'compose/restart-policy',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Compose services restart after a crash',
  rationale: 'Without a restart policy a crashed or OOM-killed container stays down until someone notices; `unless-stopped` or `on-failure` brings it back.',
  roadmap: [{ topic: 'restart policies', match: /restart polic|auto-?restart|restart on (crash|failure)/, rank: 100 }],
  fixable: true,
  scope: 'file',
  kinds: ['compose'],
  applies: productionComposeOnly,
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const svc of longRunningServices(file)) {
      const restart = svc.value.restart;
      const policy = asRecord(asRecord(svc.value.deploy)?.restart_policy);
      if (policy && policy.condition !== 'none') continue;
      if (typeof restart === 'string' && restart !== 'no') continue;
      const fix = restart === undefined ? insertIntoService(file, svc.name, 'Add restart: unless-stopped', ['restart: unless-stopped']) : undefined;
      findings.push({
        message: restart === 'no' || restart === false
          ? `service \`${svc.name}\` is set never to restart; use \`restart: unless-stopped\` (or \`on-failure\`) for a long-running service`
          : `service \`${svc.name}\` has no restart policy, so it stays down after a crash; add \`restart: unless-stopped\``,
        range: restart !== undefined ? serviceRange(file, svc.name, 'restart') : serviceRange(file, svc.name),
        ...(fix ? { fix } : {}),
      });
    }
    return findings;
  },
};
