/**
 * A view of Kubernetes manifests as workloads and containers, shared by the k8s rules. A file may hold
 * several documents (and `kind: List`); each workload's pod spec is found where its kind keeps it.
 */
import type { SourceFile } from '../../core/source';
import { asArray, asRecord } from '../../core/source';
import type { Range } from '../../core/types';

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** One container of a workload, with the YAML path to it. */
export interface K8sContainer {
  name: string;
  value: Record<string, unknown>;
  /** Path from the document root to the container. */
  path: (string | number)[];
  init: boolean;
}

/** One workload (a document, or an item of a List) with its pod spec and containers. */
export interface Workload {
  kind: string;
  name: string;
  docIndex: number;
  /** Path from the document root to the workload object. */
  base: (string | number)[];
  podSpec: Record<string, unknown>;
  podSpecPath: (string | number)[];
  containers: K8sContainer[];
}

const cache = new WeakMap<SourceFile, Workload[]>();

/** The workloads of a manifest file, in document order. Invalid documents are skipped. */
export function workloadsOf(file: SourceFile): Workload[] {
  const hit = cache.get(file);
  if (hit) return hit;
  const out: Workload[] = [];
  const visit = (obj: unknown, docIndex: number, base: (string | number)[], depth: number) => {
    const o = asRecord(obj);
    if (!o || depth > 2) return;
    const kind = typeof o.kind === 'string' ? o.kind : '';
    if (kind === 'List' || kind.endsWith('List')) {
      asArray(o.items).forEach((item, i) => visit(item, docIndex, [...base, 'items', i], depth + 1));
      return;
    }
    const specPath = POD_SPEC_PATH[kind];
    if (!specPath) return;
    let spec: unknown = o;
    for (const k of specPath) spec = asRecord(spec)?.[k];
    const podSpec = asRecord(spec);
    if (!podSpec) return;
    const podSpecPath = [...base, ...specPath];
    const containers: K8sContainer[] = [];
    for (const [key, init] of [['containers', false], ['initContainers', true]] as const) {
      asArray(podSpec[key]).forEach((c, i) => {
        const value = asRecord(c);
        if (value) containers.push({ name: typeof value.name === 'string' ? value.name : `#${i + 1}`, value, path: [...podSpecPath, key, i], init });
      });
    }
    const name = asRecord(o.metadata)?.name;
    out.push({ kind, name: typeof name === 'string' ? name : '(unnamed)', docIndex, base, podSpec, podSpecPath, containers });
  };
  file.yamlValues.forEach((v, i) => visit(v, i, [], 0));
  cache.set(file, out);
  return out;
}

/** The range of a key at a path in a workload's document. */
export function k8sRange(file: SourceFile, w: Workload, path: (string | number)[], keyOnly = true): Range {
  return file.yamlPathRange(path, w.docIndex, keyOnly);
}

/** A label for messages: ``container `web` of Deployment/api``. */
export function label(w: Workload, c?: K8sContainer): string {
  return c ? `${c.init ? 'init container' : 'container'} \`${c.name}\` of ${w.kind}/${w.name}` : `${w.kind}/${w.name}`;
}

/** The effective value of a securityContext field: the container's, else the pod's. */
export function securityField(w: Workload, c: K8sContainer, field: string): unknown {
  const own = asRecord(c.value.securityContext)?.[field];
  if (own !== undefined) return own;
  return asRecord(w.podSpec.securityContext)?.[field];
}
