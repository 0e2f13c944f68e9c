/**
 * compose/resource-limits: long-running services in deployable compose files cap their memory
 * (`deploy.resources.limits.memory` or `mem_limit`), so one leaking container cannot starve the
 * others on the host. Development compose files and one-shot jobs are skipped.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asRecord } from '../../core/source';
import { longRunningServices, productionComposeOnly, serviceRange } from '../lib/compose';

export const rule: FileRule = {
  id: 'compose/resource-limits',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'Compose services have memory limits',
  rationale: 'Without a memory limit one leaking container can push the whole host into swap or the OOM killer, taking every other service down with it.',
  scope: 'file',
  kinds: ['compose'],
  applies: productionComposeOnly,
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const svc of longRunningServices(file)) {
      const limits = asRecord(asRecord(asRecord(svc.value.deploy)?.resources)?.limits);
      if (limits?.memory !== undefined || svc.value.mem_limit !== undefined) continue;
      findings.push({
        message: `service \`${svc.name}\` has no memory limit; set \`deploy.resources.limits.memory\` (or \`mem_limit\`) to what it needs`,
        range: serviceRange(file, svc.name),
      });
    }
    return findings;
  },
};
