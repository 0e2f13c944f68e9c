/**
 * What the Kubernetes availability rules (replicas, disruption budgets, autoscaling, spread) share:
 * the workloads that serve traffic, the autoscalers and disruption budgets of the whole workspace,
 * and the number of replicas a workload runs with once an autoscaler is taken into account.
 *
 * A serving workload is a Deployment or StatefulSet of the project's own manifests (examples and
 * fixtures excluded) that is not scaled to zero and does not run a database or broker image: a
 * single Postgres or Redis pod is made highly available by replication, not by `replicas: 2`, so the
 * replica rules do not ask it to scale. Helm templates that do not parse as YAML are not read.
 */
import type { SourceFile } from '../../core/source';
import { asArray, asRecord } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { contentMemo, isOwnFile } from './evidence';
import { workloadsOf, type Workload } from './k8s';

/** Images of stateful data services, made available by replication rather than by replicas. */
const DATASTORE_IMAGE = /(?:^|\/)(?:postgres(?:ql)?|postgis|timescaledb|mysql|mariadb|percona|mongo(?:db)?|redis|valkey|keydb|memcached|elasticsearch|opensearch|rabbitmq|kafka|zookeeper|etcd|minio|cassandra|scylla|clickhouse|influxdb|couchdb|neo4j|nats|mssql|oracle|cockroach(?:db)?)(?::|@|$)|bitnami\/(?:postgresql|mysql|mongodb|redis|kafka|rabbitmq)/i;

/** A workload with where it is and what it runs. */
export interface ServingWorkload {
  file: SourceFile;
  w: Workload;
  /** `metadata.namespace`, or '' when unset. */
  namespace: string;
  /** Labels of the pod template. */
  podLabels: Record<string, string>;
  /** `spec.replicas` as written (undefined when absent: Kubernetes then runs one). */
  replicas: number | undefined;
}

/** An object of another kind that refers to workloads (an HPA, a PDB, a KEDA ScaledObject). */
interface K8sObject {
  file: SourceFile;
  kind: string;
  namespace: string;
  value: Record<string, unknown>;
  docIndex: number;
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asRecord(v) ?? {})) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

/** True for the project's own Kubernetes manifests. */
export function ownManifest(ws: Workspace, path: string): boolean {
  return isOwnFile(ws, path);
}

/** The serving workloads of one manifest file. */
export function servingWorkloads(file: SourceFile): ServingWorkload[] {
  const out: ServingWorkload[] = [];
  for (const w of workloadsOf(file)) {
    if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet') continue;
    const doc = asRecord(file.yamlValues[w.docIndex]);
    let obj: unknown = doc;
    for (const k of w.base) obj = (obj as Record<string | number, unknown> | undefined)?.[k];
    const o = asRecord(obj) ?? {};
    const spec = asRecord(o.spec) ?? {};
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : undefined;
    if (replicas === 0) continue;
    const images = w.containers.filter((c) => !c.init).map((c) => String(c.value.image ?? ''));
    if (images.length > 0 && images.every((i) => DATASTORE_IMAGE.test(i))) continue;
    const namespace = String(asRecord(o.metadata)?.namespace ?? '');
    out.push({ file, w, namespace, podLabels: stringRecord(asRecord(asRecord(spec.template)?.metadata)?.labels), replicas });
  }
  return out;
}

const objectCache = new WeakMap<SourceFile, K8sObject[]>();

/** The objects of the given kinds in one file. */
function objectsOf(file: SourceFile): K8sObject[] {
  let out = objectCache.get(file);
  if (out) return out;
  out = [];
  file.yamlValues.forEach((v, docIndex) => {
    const o = asRecord(v);
    if (!o) return;
    const items = typeof o.kind === 'string' && o.kind.endsWith('List') ? asArray(o.items).map(asRecord) : [o];
    for (const it of items) {
      if (!it || typeof it.kind !== 'string') continue;
      if (!/^(?:HorizontalPodAutoscaler|PodDisruptionBudget|ScaledObject|VerticalPodAutoscaler)$/.test(it.kind)) continue;
      out!.push({ file, kind: it.kind, namespace: String(asRecord(it.metadata)?.namespace ?? ''), value: it, docIndex });
    }
  });
  objectCache.set(file, out);
  return out;
}

/**
 * Every HPA, PDB and KEDA ScaledObject of the project's own manifests. The availability rules ask for
 * them once per manifest, so the scan is kept until the workspace changes.
 */
export function scalingObjects(ws: Workspace): K8sObject[] {
  return contentMemo(ws, 'scalingObjects', () => scanScalingObjects(ws));
}

/**
 * True when a manifest of the project runs a workload with two or more replicas: what the spread and
 * disruption-budget rules examine.
 */
export function hasReplicatedWorkload(ws: Workspace, file: SourceFile): boolean {
  if (!ownManifest(ws, file.path)) return false;
  const objects = scalingObjects(ws);
  return servingWorkloads(file).some((sw) => minimumReplicas(sw, objects) >= 2);
}

function scanScalingObjects(ws: Workspace): K8sObject[] {
  const out: K8sObject[] = [];
  for (const p of ws.pathsOfKind('k8s')) {
    if (!ownManifest(ws, p)) continue;
    const f = ws.read(p);
    if (f && /PodAutoscaler|PodDisruptionBudget|ScaledObject/.test(f.text)) out.push(...objectsOf(f));
  }
  return out;
}

/** The autoscaler (HPA or KEDA ScaledObject) that targets a workload, with its minimum replicas. */
export function autoscalerOf(sw: ServingWorkload, objects: K8sObject[]): { kind: string; name: string; minReplicas: number; file: string } | undefined {
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler' && o.kind !== 'ScaledObject') continue;
    if (o.namespace !== sw.namespace) continue;
    const spec = asRecord(o.value.spec) ?? {};
    const ref = asRecord(spec.scaleTargetRef) ?? {};
    const kind = typeof ref.kind === 'string' ? ref.kind : 'Deployment';
    if (ref.name !== sw.w.name || kind !== sw.w.kind) continue;
    const min = o.kind === 'ScaledObject' ? spec.minReplicaCount : spec.minReplicas;
    return { kind: o.kind, name: String(asRecord(o.value.metadata)?.name ?? ''), minReplicas: typeof min === 'number' ? min : 1, file: o.file.path };
  }
  return undefined;
}

/** The replicas a workload runs with at least: the autoscaler's minimum, else `spec.replicas` (default 1). */
export function minimumReplicas(sw: ServingWorkload, objects: K8sObject[]): number {
  return autoscalerOf(sw, objects)?.minReplicas ?? sw.replicas ?? 1;
}

/** True when a label selector (`matchLabels`, `matchExpressions` with In/Exists) selects the given labels. */
export function selects(selector: unknown, labels: Record<string, string>): boolean {
  const s = asRecord(selector);
  if (!s) return false;
  const match = stringRecord(s.matchLabels);
  const exprs = asArray(s.matchExpressions).map(asRecord);
  if (Object.keys(match).length === 0 && exprs.length === 0) return false;
  for (const [k, v] of Object.entries(match)) if (labels[k] !== v) return false;
  for (const e of exprs) {
    if (!e || typeof e.key !== 'string') return false;
    const values = asArray(e.values).map(String);
    const has = e.key in labels;
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** The disruption budgets that select a workload's pods. */
export function budgetsOf(sw: ServingWorkload, objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => o.kind === 'PodDisruptionBudget' && o.namespace === sw.namespace && selects(asRecord(o.value.spec)?.selector, sw.podLabels));
}
