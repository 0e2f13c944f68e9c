/**
 * What PromQL expressions read, and whether the product emits it: shared by the alert-rule and
 * dashboard checks, which give no credit for alerts or panels on metrics that nothing emits.
 */
import type { Workspace } from '../../core/workspace';
import { productSources, scanPaths } from './evidence';

/**
 * Metric families that exist without the service's own code: Prometheus's own series (`up`,
 * `ALERTS`, `scrape_*`), the runtime and process metrics every client library registers by default,
 * and the well-known exporters (node, kube-state-metrics, cAdvisor, blackbox) and frameworks
 * (Micrometer's http_server_requests).
 */
const KNOWN_METRIC = /^(?:up|ALERTS(?:_FOR_STATE)?|scrape_\w+|(?:process|go|nodejs|python|jvm|node|kube|kubelet|container|machine|probe|prometheus|alertmanager|promhttp|http_server_requests|hikaricp|tomcat|logback|system|executor|dotnet|aspnetcore|kestrel|redis|pg|mysql|mongodb|nginx|haproxy|traefik|envoy|istio|coredns|etcd|apiserver|rest_client|workqueue|controller_runtime)_\w*)$/;
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan', 'e']);

/** The metric names a PromQL expression reads (function names, keywords and label matchers left out). */
export function metricsOf(expr: string): string[] {
  const bare = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '[]').replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const out = new Set<string>();
  for (const m of bare.matchAll(/(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:]|\s*\()/g)) {
    const name = m[1];
    if (PROMQL_WORDS.has(name.toLowerCase()) || /^\d/.test(name)) continue;
    out.add(name);
  }
  return [...out];
}

/** True when the product's code names a metric (or its base name, before the suffixes client libraries add). */
export function emittedMetric(ws: Workspace, name: string): boolean {
  if (KNOWN_METRIC.test(name)) return true;
  const base = name.replace(/_(?:total|bucket|count|sum|created|info)$/, '');
  const hint = base.length >= 4 ? base : name;
  return scanPaths(ws, productSources(ws), new RegExp(hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 1, [hint]).length > 0;
}
