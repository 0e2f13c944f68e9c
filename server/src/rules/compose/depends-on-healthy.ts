/**
 * compose/depends-on-healthy: when a service depends on one that has a healthcheck, it waits for
 * `condition: service_healthy`. The short list form (`depends_on: [db]`) only waits for the container
 * to start, so the app boots before the database accepts connections and crashes or retries.
 *
 * The fix rewrites the list form as the long form (healthy for dependencies with a healthcheck,
 * started for the others) and turns `service_started` into `service_healthy`.
 */
import { isSeq, isScalar, isMap } from 'yaml';
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { dependsOn, healthcheckOf, servicesOf, serviceRange } from '../lib/compose';

/** Whether a service of a compose file has a healthcheck (its own, or its image's HEALTHCHECK). */
function healthyIn(file: SourceFile, ws: Workspace): (name: string) => boolean {
  const byName = new Map(servicesOf(file).map((s) => [s.name, s]));
  const memo = new Map<string, boolean>();
  return (name) => {
    let v = memo.get(name);
    if (v === undefined) {
      const s = byName.get(name);
      const h = s ? healthcheckOf(ws, file, s) : undefined;
      v = h === 'compose' || h === 'dockerfile';
      memo.set(name, v);
    }
    return v;
  };
}

export const rule: FileRule = {
  id: 'compose/depends-on-healthy',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Services wait for their dependencies to be healthy',
  rationale: 'A started container is not a ready one; waiting for `service_healthy` stops the app from booting before its database or broker accepts connections.',
  fixable: true,
  scope: 'file',
  kinds: ['compose'],
  // Nothing earns nothing: a file whose dependencies have no healthcheck has nothing to wait for.
  examines: (file, ctx) => {
    const healthy = healthyIn(file, ctx.ws);
    return servicesOf(file).some((svc) => dependsOn(svc).some((d) => healthy(d.name)));
  },
  examinesWhat: 'depends_on on a service with a healthcheck',
  checkFile(file, ctx) {
    const services = servicesOf(file);
    const healthy = healthyIn(file, ctx.ws);
    const findings: RuleFinding[] = [];
    for (const svc of services) {
      const deps = dependsOn(svc);
      const weak = deps.filter((d) => healthy(d.name) && (d.condition === undefined || d.condition === 'service_started'));
      if (weak.length === 0) continue;
      const node = file.yamlNode(['services', svc.name, 'depends_on']);
      for (const d of weak) {
        let fix;
        if (d.listForm && isSeq(node) && node.range && weak[0] === d && node.items.length === deps.length) {
          const cond = (name: string) => (healthy(name) ? 'service_healthy' : 'service_started');
          const col = file.positionAt(node.range[0]).character;
          const keyCol = serviceRange(file, svc.name, 'depends_on').start.character;
          const pad = ' '.repeat(col);
          const text = node.flow
            ? `{ ${deps.map((x) => `${x.name}: { condition: ${cond(x.name)} }`).join(', ')} }`
            : deps.map((x) => `${x.name}:\n${pad}  condition: ${cond(x.name)}`).join(`\n${pad}`);
          let end = node.range[1];
          while (end > node.range[0] && /\s/.test(file.text[end - 1])) end--;
          if (node.flow || col > keyCol) fix = replaceFix('Wait for healthy dependencies', file, file.rangeOf(node.range[0], end), text);
        } else if (!d.listForm) {
          const cond = file.yamlNode(['services', svc.name, 'depends_on', d.name, 'condition']);
          if (isScalar(cond) && cond.range) fix = replaceFix('Wait for service_healthy', file, file.rangeOf(cond.range[0], cond.range[1]), 'service_healthy');
        }
        const at = d.listForm && isSeq(node) ? node.items.find((i) => isScalar(i) && i.value === d.name) : undefined;
        findings.push({
          message: `service \`${svc.name}\` starts as soon as \`${d.name}\` starts, not when it is healthy; use \`depends_on: { ${d.name}: { condition: service_healthy } }\``,
          range: at && isScalar(at) ? file.yamlRange(at) : isMap(node) ? serviceRange(file, svc.name, 'depends_on', d.name) : serviceRange(file, svc.name, 'depends_on'),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
