/**
 * k8s/probes: long-running containers declare a readiness and a liveness probe. Without readiness,
 * traffic reaches pods that are still starting; without liveness, a deadlocked process is never
 * restarted. A probe on a port the container does not declare (a containerPort, or a named port)
 * checks nothing that listens and is reported. Jobs and CronJobs (which run to completion) and init
 * containers are skipped.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asArray, asRecord } from '../../core/source';
import { k8sRange, label, workloadsOf, type K8sContainer } from '../lib/k8s';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** The port a probe checks (httpGet, tcpSocket or grpc), as written: a number or a port name. */
function probePort(probe: unknown): number | string | undefined {
  const p = asRecord(probe);
  const port = asRecord(p?.httpGet)?.port ?? asRecord(p?.tcpSocket)?.port ?? asRecord(p?.grpc)?.port;
  if (typeof port === 'number') return port;
  if (typeof port === 'string') return /^\d+$/.test(port) ? Number(port) : port;
  return undefined;
}

/**
 * Why a probe checks a port nothing listens on, or undefined when it is fine or cannot be known: a
 * named port must be one of the container's named ports; a number must be one of its containerPorts
 * when it declares any.
 */
function wrongPort(c: K8sContainer, port: number | string): string | undefined {
  const ports = asArray(c.value.ports).map(asRecord).filter((x): x is Record<string, unknown> => Boolean(x));
  const numbers = ports.map((x) => Number(x.containerPort)).filter((n) => Number.isFinite(n));
  const names = ports.map((x) => x.name).filter((n): n is string => typeof n === 'string');
  if (typeof port === 'string') return names.includes(port) ? undefined : `the named port "${port}" is not declared in its ports${names.length ? ` (${names.join(', ')})` : ''}`;
  if (numbers.length === 0 || numbers.includes(port)) return undefined;
  return `port ${port} is not a port the container listens on (containerPort ${numbers.join(', ')})`;
}

export const rule: FileRule = {
  id: 'k8s/probes',
  category: 'containers',
  severity: 'high',
  level: 'production',
  title: 'Containers have readiness and liveness probes',
  rationale: 'Readiness probes keep traffic away from pods that cannot serve it yet; liveness probes restart a process that hangs instead of leaving it stuck.',
  related: [
    { tool: 'kube-score', id: 'container-probes' },
    { tool: 'checkov', id: 'CKV_K8S_8' },
    { tool: 'checkov', id: 'CKV_K8S_9' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      if (w.kind === 'Job' || w.kind === 'CronJob') continue;
      for (const c of w.containers) {
        if (c.init) continue;
        // A probe on a port nothing listens on fails forever (or, for tcpSocket on another process,
        // passes for the wrong reason): it is not a probe of this container.
        for (const name of PROBES) {
          const port = c.value[name] === undefined ? undefined : probePort(c.value[name]);
          const why = port === undefined ? undefined : wrongPort(c, port);
          if (why) findings.push({ message: `${label(w, c)}: the ${name} checks ${why}; point it at the port the application listens on`, range: k8sRange(file, w, [...c.path, name]) });
        }
        const missing = ['readinessProbe', 'livenessProbe'].filter((p) => c.value[p] === undefined);
        if (missing.length === 0) continue;
        findings.push({
          message: `${label(w, c)} has no ${missing.join(' or ')}; add ${missing.length > 1 ? 'them' : 'it'} (an HTTP GET on the health endpoint is the usual choice)`,
          range: k8sRange(file, w, c.path),
        });
      }
    }
    return findings;
  },
};
