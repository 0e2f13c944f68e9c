/**
 * observability/alert-rules: someone is paged when the service breaks. Evidence: Prometheus alert
 * rules (`groups:` with `alert:` entries, or a PrometheusRule), Grafana alerting provisioning, or
 * alerts as code for PagerDuty, Opsgenie, Datadog monitors or CloudWatch alarms. Alertmanager routing
 * without a single rule, recording rules only, or a `monitoring/` folder with only a README earn
 * partial credit, and so do alerts whose expressions read only metrics that no code of the repository
 * emits (the finding names them): they never fire. The fix scaffolds `monitoring/alerts.yml` with
 * two generic Prometheus alerts.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { createFileFix, outcome } from '../lib/util';
import { allHits, firstHit, isOwnFile, projectName } from '../lib/evidence';
import { emittedMetric as emitted, metricsOf } from '../lib/promql';

const CANDIDATE = /(?:alert|rules?|prometheus|prom\b|monitor|grafana|observability|o11y|slo|pagerduty|opsgenie)[^/]*\.(?:ya?ml|json|rules)$|(?:^|\/)(?:monitoring|alerting|alerts|prometheus|grafana|observability)\/[^/]+\.(?:ya?ml|json|rules)$|\.tf$/i;
const ALERT = /^[ \t]*-?[ \t]*alert:[ \t]*["']?[\w.:-]+/m;
const ROUTING = /^(?:route|receivers):/m;
const GRAFANA = /^[ \t]*(?:-[ \t]*)?condition:[ \t]*\S|^contactPoints:/m;
const AS_CODE = /resource\s+"(?:pagerduty_service|pagerduty_escalation_policy|opsgenie_alert_policy|opsgenie_team|datadog_monitor|aws_cloudwatch_metric_alarm|google_monitoring_alert_policy|azurerm_monitor_metric_alert|grafana_rule_group|newrelic_alert_policy|newrelic_nrql_alert_condition)"/;

/** Scaffold written by the fix: alerts that fit any HTTP service scraped by Prometheus. */
function scaffold(job: string): string {
  const pascal = job.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const name = /^[A-Za-z]/.test(pascal) ? pascal : `Service${pascal}`;
  return `# Prometheus alert rules for ${job}. Load this file from prometheus.yml (rule_files) and route the
# alerts to the on-call rotation in Alertmanager. Tune thresholds to the service's objectives.
groups:
  - name: ${job}-availability
    rules:
      - alert: ${name}Down
        expr: up{job="${job}"} == 0
        for: 2m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} of ${job} is down"
          runbook_url: "docs/RUNBOOK.md#troubleshooting"
      # TODO: once the service exports a request counter (for example http_requests_total with a
      # status label), alert on its error rate; an alert on a metric nothing emits never fires:
      # - alert: ${name}HighErrorRate
      #   expr: |
      #     sum(rate(http_requests_total{job="${job}",status=~"5.."}[5m]))
      #       / sum(rate(http_requests_total{job="${job}"}[5m])) > 0.05
      #   for: 10m
      #   labels:
      #     severity: warning
`;
}

export const rule: WorkspaceRule = {
  id: 'observability/alert-rules',
  category: 'observability',
  severity: 'high',
  level: 'production',
  title: 'Alert rules page someone when the service breaks',
  rationale: 'Metrics and dashboards help only if somebody looks; alert rules routed to an on-call rotation turn an outage into a page within minutes instead of a customer ticket.',
  roadmap: [{ topic: 'alerting', match: /alert(s|ing|manager)?\b|pagerduty|opsgenie/, rank: 340 }],
  fixable: true,
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const evidence: Evidence[] = [];
    const findings: RuleFinding[] = [];
    let routing: Evidence | undefined;
    let recordingOnly: string | undefined;
    const unknown = new Map<string, { file: string; line: number }>();
    let alertsTotal = 0;
    let alertsGrounded = 0;
    for (const p of ws.files) {
      if (!CANDIDATE.test(p) || !isOwnFile(ws, p)) continue;
      const f = ws.read(p);
      if (!f) continue;
      const alerts = p.endsWith('.tf') ? allHits(f, AS_CODE, 20) : allHits(f, ALERT, 200);
      if (alerts.length) {
        evidence.push({ message: `${alerts.length} alert rule(s): ${alerts[0].text}`, file: p, line: alerts[0].line });
        // Alerts on metrics that nothing emits never fire: each alert's expression must read a metric
        // the product's code names, or one that exists without it (up, process_*, exporters).
        if (!p.endsWith('.tf')) {
          for (const e of allHits(f, /^[ \t]*expr:[ \t]*(?:[|>][-+]?[ \t]*\n((?:[ \t]+[^\n]*\n?)+)|([^\n]+))/m, 200)) {
            const names = metricsOf(e.groups[0] ?? e.groups[1] ?? '');
            if (names.length === 0) continue;
            alertsTotal++;
            const missing = names.filter((n) => !emitted(ws, n));
            if (missing.length === 0) alertsGrounded++;
            for (const n of missing) if (!unknown.has(n)) unknown.set(n, { file: p, line: e.line });
          }
        }
        continue;
      }
      const grafana = /^groups:|^contactPoints:/m.test(f.text) ? firstHit(f, GRAFANA) : undefined;
      if (grafana) {
        evidence.push({ message: `Grafana alerting: ${grafana.text}`, file: p, line: grafana.line });
        continue;
      }
      const route = firstHit(f, ROUTING);
      if (route && /receivers:/.test(f.text)) routing ??= { message: `Alertmanager routing${/pagerduty_configs|opsgenie_configs/.test(f.text) ? ' to PagerDuty/Opsgenie' : ''}`, file: p, line: route.line };
      else if (/^groups:/m.test(f.text) && /^[ \t]*-?[ \t]*record:/m.test(f.text)) recordingOnly ??= p;
    }
    if (evidence.length && unknown.size > 0) {
      const names = [...unknown.keys()];
      const where = unknown.get(names[0])!;
      const share = alertsTotal ? alertsGrounded / alertsTotal : 0;
      return outcome.partial(share > 0 ? 0.5 + 0.4 * share : 0.3, [{
        message: `${alertsTotal - alertsGrounded} of ${alertsTotal} alert(s) read metrics that no code of this repository emits (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}): such alerts never fire; alert on metrics the service exports, or instrument the code`,
        file: where.file,
        range: { start: { line: where.line - 1, character: 0 }, end: { line: where.line - 1, character: 0 } },
        data: { unknownMetrics: names },
      }], routing ? [...evidence, routing] : evidence);
    }
    if (evidence.length) return outcome.pass(routing ? [...evidence, routing] : evidence);
    const fix = createFileFix('Create monitoring/alerts.yml with basic Prometheus alerts', 'monitoring/alerts.yml', scaffold(projectName(ws)));
    if (routing) {
      findings.push({ message: `Alertmanager routes alerts (${routing.file}) but no alert rule fires any: add rules for service down, error rate and latency`, file: routing.file!, range: { start: { line: routing.line! - 1, character: 0 }, end: { line: routing.line! - 1, character: 0 } }, fix });
      return outcome.partial(0.5, findings, [routing]);
    }
    if (recordingOnly) {
      findings.push({ message: `${recordingOnly} holds only recording rules: add \`alert:\` rules for service down, error rate and latency`, file: recordingOnly, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fix });
      return outcome.partial(0.3, findings);
    }
    const monitoringDir = ws.files.find((p) => /^(?:monitoring|alerting|observability)\/[^/]+$/i.test(p));
    if (monitoringDir) {
      findings.push({ message: `${monitoringDir.split('/')[0]}/ holds no alert rules (only ${monitoringDir.split('/')[1]}): define Prometheus or Grafana alerts and route them to the on-call rotation`, file: null, fix });
      return outcome.partial(0.2, findings);
    }
    findings.push({ message: 'no alert rules: define alerts for service down, error rate and latency (Prometheus rules, Grafana alerting or PagerDuty/Datadog as code) and route them to the on-call rotation', file: null, fix });
    return outcome.fail(findings);
  },
};
