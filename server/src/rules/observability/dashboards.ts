/**
 * observability/dashboards: the service has dashboards as code: Grafana dashboard JSON with panels,
 * Grafana provisioning, Grafonnet/Jsonnet, or dashboards declared in Terraform (Grafana, Datadog,
 * CloudWatch). Provisioning without a dashboard, or a dashboard without panels, earns half.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { asArray, asRecord } from '../../core/source';
import { emittedMetric, metricsOf } from '../lib/promql';
import { outcome } from '../lib/util';
import { firstHit, isOwnFile } from '../lib/evidence';

const JSON_CANDIDATE = /(?:^|\/)(?:[^/]*(?:dashboard|grafana)[^/]*|(?:monitoring|grafana|dashboards?|observability)\/(?:.*\/)?[^/]+)\.json$/i;
const PROVISIONING = /^providers:\s*$|^[ \t]*-?[ \t]*type:[ \t]*file\b/m;
const AS_CODE = /resource\s+"(?:grafana_dashboard|datadog_dashboard(?:_json)?|aws_cloudwatch_dashboard|google_monitoring_dashboard|newrelic_one_dashboard)"|grafonnet|\bdashboard\.new\(/;

export const rule: WorkspaceRule = {
  id: 'observability/dashboards',
  category: 'observability',
  severity: 'low',
  level: 'production',
  title: 'Dashboards for the service are kept as code',
  rationale: 'During an incident the on-call engineer needs the service\'s golden signals on one screen; dashboards kept in the repository are reviewed, versioned and recreated with the environment.',
  roadmap: [{ topic: 'dashboards', match: /grafana|dashboards?/, rank: 330 }],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const evidence: Evidence[] = [];
    let empty: string | undefined;
    let provisioning: Evidence | undefined;
    let unknownMetrics: { file: string; names: string[] } | undefined;
    for (const p of ws.files) {
      if (!isOwnFile(ws, p)) continue;
      if (JSON_CANDIDATE.test(p)) {
        const file = ws.read(p);
        const text = file?.text;
        if (!file || !text || !/"panels"\s*:/.test(text)) continue;
        if (!file.json.ok) continue;
        const value = asRecord(file.json.value);
        const dash = asRecord(value?.dashboard) ?? value;
        const panels = asArray(dash?.panels).length + asArray(dash?.rows).length;
        // Panels on metrics that nothing emits show nothing: the dashboard counts when at least one
        // of its queries reads a metric the product emits (or one that exists without it).
        const names = [...new Set([...text.matchAll(/"expr"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].flatMap((m) => metricsOf(m[1].replace(/\\"/g, '"'))))];
        const grounded = names.length === 0 || names.some((n) => emittedMetric(ws, n));
        if (panels > 0 && grounded) evidence.push({ message: `dashboard "${String(dash?.title ?? p)}" with ${panels} panel(s)`, file: p });
        else if (panels > 0) unknownMetrics ??= { file: p, names: names.filter((n) => !emittedMetric(ws, n)) };
        else empty ??= p;
      } else if (/(?:grafana|provisioning|dashboards?)[^/]*\/(?:.*\/)?[^/]+\.ya?ml$/i.test(p) || /\.(?:tf|jsonnet|libsonnet)$/.test(p)) {
        const f = ws.read(p);
        if (!f) continue;
        const code = firstHit(f, AS_CODE);
        if (code) evidence.push({ message: `dashboard as code: ${code.text}`, file: p, line: code.line });
        else if (/\.ya?ml$/.test(p) && /dashboards?/i.test(f.text)) {
          const prov = firstHit(f, PROVISIONING);
          if (prov) provisioning ??= { message: 'Grafana dashboard provisioning', file: p, line: prov.line };
        }
      }
      if (evidence.length >= 5) break;
    }
    if (evidence.length) return outcome.pass(provisioning ? [...evidence, provisioning] : evidence);
    if (unknownMetrics) {
      return outcome.partial(0.3, [{
        message: `${unknownMetrics.file} charts only metrics that no code of this repository emits (${unknownMetrics.names.slice(0, 6).join(', ')}): such panels stay empty; chart the metrics the service exports, or instrument the code`,
        file: unknownMetrics.file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        data: { unknownMetrics: unknownMetrics.names },
      }], provisioning ? [provisioning] : []);
    }
    if (provisioning || empty) {
      const file = empty ?? provisioning!.file!;
      return outcome.partial(0.5, [{
        message: empty ? `${empty} is a dashboard without panels: add panels for request rate, error rate, latency and saturation` : `Grafana provisioning (${file}) loads dashboards, but no dashboard JSON is committed: export the service dashboard and commit it next to the provisioning file`,
        file,
        range: { start: { line: (provisioning && !empty ? provisioning.line! : 1) - 1, character: 0 }, end: { line: (provisioning && !empty ? provisioning.line! : 1) - 1, character: 0 } },
      }], provisioning ? [provisioning] : []);
    }
    return outcome.fail([{ message: 'no dashboards as code: export a Grafana (or Datadog/CloudWatch) dashboard with the golden signals (traffic, errors, latency, saturation) and commit it', file: null }]);
  },
};
