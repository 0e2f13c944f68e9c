/**
 * observability/metrics: the service exports application metrics (request rate, latency, errors)
 * through a metrics library used in the code (prom-client, prometheus_client, client_golang,
 * Micrometer, OpenTelemetry metrics, prometheus-net, StatsD) or a `/metrics` route served by an
 * exporter. A declared library that the code never touches earns half the credit; a `/metrics` route
 * whose file produces no metrics (a path literal, a hand-written string) earns a quarter; metrics recorded
 * through a facade of the application's own with no library or exporter shipped earn half.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { depsMatching, pathsMatching, productSources, scanPaths } from '../lib/evidence';
import { opsRoutes } from '../lib/routes';

const DEPS = /^(?:prom-client|express-prom-bundle|prometheus-api-metrics|@opentelemetry\/sdk-metrics|@opentelemetry\/exporter-prometheus|@willsoto\/nestjs-prometheus|fastify-metrics|hot-shots|node-statsd|prometheus[-_]client|prometheus-flask-exporter|prometheus-fastapi-instrumentator|starlette-exporter|django-prometheus|statsd|datadog|github\.com\/prometheus\/client_golang|go\.opentelemetry\.io\/otel\/metric|go\.opentelemetry\.io\/otel\/sdk\/metric|github\.com\/armon\/go-metrics|micrometer-registry-prometheus|micrometer-core|micrometer-registry-\w+|simpleclient|prometheus-net(?:\.aspnetcore)?|opentelemetry\.exporter\.prometheus\.aspnetcore|prometheus|metrics-exporter-prometheus|prometheus-client|yabeda-prometheus)$/;
const CODE = /\bprom-client\b|express-prom-bundle|\bprometheus_client\b|prometheus_flask_exporter|prometheus_fastapi_instrumentator|django_prometheus|client_golang\/prometheus|promhttp\.|io\.micrometer|\bMeterRegistry\b|\bMeterProvider\b|\bgetMeter\(|\bget_meter\(|otel\.Meter\(|metric\.NewMeterProvider|\bUseHttpMetrics\(|\bMapMetrics\(|Prometheus::Client|prometheus::(?:Registry|register)|\bStatsD\b|\bstatsd\.|new\s+(?:client\.)?(?:Counter|Histogram|Gauge|Summary)\s*\(|\b(?:Counter|Histogram|Gauge)\s*\(\s*['"][\w:]+['"]/;
/** What serves metrics on a route: an exporter handler or a metrics library's registry. */
const EXPORTER = new RegExp(`${CODE.source}|generate_latest|make_wsgi_app|make_asgi_app|promhttp|register\\.metrics\\(|\\.metrics\\(\\)|WritePrometheus|expvar|prometheus|openmetrics|metrics_handler|PrometheusMetrics|Instrumentator`, 'i');
/** A metric recorded by name through the application's own metrics object (`metric_provider.timer("server.call.elapsed", …)`). */
const FACADE = /\b\w*metrics?\w*\.(?:counter|timer|histogram|gauge|increment|timing|observe|distribution)\(\s*f?["'][\w.:{}-]+["']/i;
const CONFIG = /management\.endpoints\.web\.exposure\.include\s*[=:][^\n]*\bprometheus\b|include:\s*[^\n]*\bprometheus\b/;

export const rule: WorkspaceRule = {
  id: 'observability/metrics',
  category: 'observability',
  severity: 'medium',
  level: 'production',
  title: 'The service exports application metrics',
  rationale: 'Request rates, latencies and error rates are what alerts and dashboards are built on (the seeds ask for Prometheus and Grafana); logs alone cannot tell whether the service meets its objectives.',
  roadmap: [
    { topic: 'metrics', match: /prometheus|metrics?\b|opentelemetry|\botel\b|statsd/, rank: 320 },
    { topic: 'application metrics', match: /(request|error) rates?|\blatency\b|response times?|throughput|resource usage|query performance|job duration/, unless: /under load|load test|optimi[sz]|reduc|improv/, rank: 960 },
  ],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    // A /metrics route counts only when its file produces metrics (an exporter handler or a metrics
    // library): a path literal alone, or a handler that writes a hand-made string, is not instrumentation.
    const routes = opsRoutes(ws).filter((r) => /\/metrics$|\/actuator\/prometheus$/.test(r.path));
    const route = routes.find((r) => EXPORTER.test(ws.read(r.file)?.text ?? ''));
    if (route) evidence.push({ message: `metrics route ${route.path} served by an exporter`, file: route.file, line: route.line });
    // Code can only use a metrics library it depends on, so the code scan needs a declared one.
    const deps = depsMatching(facts, DEPS);
    if (deps.length) for (const h of scanPaths(ws, productSources(ws), CODE, 2)) evidence.push({ message: `metrics instrumentation: ${h.text}`, file: h.file, line: h.line });
    for (const h of scanPaths(ws, pathsMatching(ws, /(?:^|\/)application[\w-]*\.(?:ya?ml|properties)$/), CONFIG, 1)) evidence.push({ message: 'Spring Boot Actuator exposes /actuator/prometheus', file: h.file, line: h.line });
    if (evidence.length) return outcome.pass(evidence);
    if (routes.length) {
      const r = routes[0];
      return outcome.partial(0.25, [{
        message: `${r.file}:${r.line} registers ${r.path}, but nothing in that file produces metrics (no Prometheus or OpenTelemetry exporter, no metrics library): serve real request count, latency and error metrics there`,
        file: r.file,
        range: r.range,
      }], [{ message: `route ${r.path} without an exporter`, file: r.file, line: r.line }]);
    }
    // Metrics recorded through a facade of the application's own (`metrics.counter("http.requests")`),
    // whose backend is a plugin or provider chosen at deployment: instrumented, exported by nothing here.
    const facade = scanPaths(ws, productSources(ws), FACADE, 1, ['etric'])[0];
    if (facade) {
      return outcome.partial(0.5, [{
        message: `the code records metrics through its own facade (${facade.file}:${facade.line} \`${facade.text}\`), but no metrics library or exporter ships with it: configure a backend (Prometheus, StatsD, OpenTelemetry) and expose or push request count, latency and errors`,
        file: facade.file,
        range: facade.range,
      }], [{ message: `metrics facade: ${facade.text}`, file: facade.file, line: facade.line }]);
    }
    if (deps.length) {
      return outcome.partial(0.5, [{
        message: `metrics libraries are declared (${deps.join(', ')}) but the code never registers a metric or a /metrics route: instrument request count, latency and errors and expose them`,
        file: null,
      }], [{ message: `metrics dependencies: ${deps.join(', ')}` }]);
    }
    return outcome.fail([{
      message: 'the service exports no metrics: add a Prometheus client (prom-client, prometheus_client, client_golang, Micrometer) or OpenTelemetry metrics, record request count, latency and errors, and expose /metrics',
      file: null,
    }]);
  },
};
