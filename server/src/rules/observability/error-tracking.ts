/**
 * observability/error-tracking: unhandled errors are reported to an error tracker or APM (Sentry,
 * Bugsnag, Rollbar, Honeybadger, Datadog, New Relic, Elastic APM, AppSignal, OpenTelemetry tracing)
 * that is initialised in the code or wrapped around the process (`ddtrace-run`, `-javaagent`,
 * `--require dd-trace/init`). A declared SDK that is never initialised earns half the credit.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { depsMatching, productSources, scanPaths } from '../lib/evidence';

const DEPS = /^(?:@sentry\/[\w-]+|sentry-sdk|sentry|sentry-ruby|sentry-rails|sentry-raven|github\.com\/getsentry\/sentry-go|sentry-spring-boot-starter[\w-]*|sentry\.aspnetcore|@bugsnag\/[\w-]+|bugsnag|rollbar|pyrollbar|@honeybadger-io\/[\w-]+|honeybadger|dd-trace|ddtrace|gopkg\.in\/datadog\/dd-trace-go\.v1|github\.com\/datadog\/dd-trace-go[\w/.-]*|newrelic|github\.com\/newrelic\/go-agent[\w/.-]*|elastic-apm-node|elastic-apm|go\.elastic\.co\/apm[\w/.-]*|@appsignal\/nodejs|appsignal|@airbrake\/node|airbrake|raygun|@opentelemetry\/sdk-node|@opentelemetry\/sdk-trace-node|@opentelemetry\/sdk-trace-base|opentelemetry-sdk|opentelemetry_sdk|opentelemetry-otlp|opentelemetry-distro|go\.opentelemetry\.io\/otel\/sdk|opentelemetry-javaagent|opentelemetry-spring-boot-starter|opentelemetry\.extensions\.hosting|azure-monitor-opentelemetry|applicationinsights|microsoft\.applicationinsights\.aspnetcore)$/;
const CODE = /\bSentry\.init\s*[({]|\bsentry_sdk\.init\(|\bsentry\.Init\(|\bsentry::init\(|\bopentelemetry_sdk::(?:trace|\{)|\bopentelemetry_otlp::|\bSentry\.init\s+do\b|\bUseSentry\(|\bSentrySdk\.Init\(|\bBugsnag\.(?:start|configure)\b|\bbugsnag\.Configure\(|\bnew\s+Rollbar\(|\brollbar\.init\(|\bHoneybadger\.configure\b|\bhoneybadger\.configure\(|dd-trace['"]\s*\)\s*\.init\(|dd-trace\/init|\bddtrace\b|\btracer\.Start\(|require\(\s*['"]newrelic['"]\s*\)|import\s+['"]newrelic['"]|\bnewrelic\.(?:initialize|NewApplication)\(|elastic-apm-node['"]\s*\)\s*\.start\(|\belasticapm\b|\bnew\s+NodeSDK\(|\bNodeTracerProvider\(|\bTracerProvider\(|sdktrace\.NewTracerProvider\(|AddOpenTelemetry\(|configure_azure_monitor\(|\bAppsignal\b|\bappsignal\b|UseRaygun|\bAirbrake\b/;
const WRAPPERS = /ddtrace-run|dd-trace\/init|newrelic-admin\s+run-program|-javaagent:[^\s"']*(?:dd-java-agent|newrelic|opentelemetry|elastic-apm)|opentelemetry-instrument\b|NODE_OPTIONS=[^\n]*(?:dd-trace|newrelic|@opentelemetry)|SENTRY_DSN/;

export const rule: WorkspaceRule = {
  id: 'observability/error-tracking',
  category: 'observability',
  severity: 'medium',
  level: 'production',
  title: 'Errors are reported to an error tracker or APM',
  rationale: 'Unhandled exceptions in production are invisible until a user complains unless an error tracker or APM collects them with stack traces and release information.',
  roadmap: [{ topic: 'error tracking', match: /sentry|error tracking|rollbar|bugsnag|error aggregation/, rank: 350 }],
  scope: 'workspace',
  projectKinds: [...SERVICE_KINDS, 'web-frontend'],
  applies(facts) {
    return facts.isService || facts.hasWebFrontend || 'not a service or a web front end';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    // Code can only initialise an SDK it depends on, so the (costly) code scan needs a declared one.
    const deps = depsMatching(facts, DEPS);
    if (deps.length) for (const h of scanPaths(ws, productSources(ws), CODE, 2)) evidence.push({ message: `error tracking initialised: ${h.text}`, file: h.file, line: h.line });
    const deploy = [...ws.pathsOfKind('dockerfile'), ...ws.pathsOfKind('compose'), ...ws.pathsOfKind('k8s'), ...ws.pathsOfKind('config').filter((p) => /Procfile$|\.sh$/.test(p))];
    for (const h of scanPaths(ws, deploy, WRAPPERS, 1)) evidence.push({ message: `APM agent wraps the process: ${h.text}`, file: h.file, line: h.line });
    if (evidence.length) return outcome.pass(evidence);
    if (deps.length) {
      return outcome.partial(0.5, [{
        message: `an error tracking SDK is declared (${deps.join(', ')}) but never initialised: call its init function at start-up with the DSN or key from the environment`,
        file: null,
      }], [{ message: `error tracking dependencies: ${deps.join(', ')}` }]);
    }
    return outcome.fail([{
      message: 'errors are not reported anywhere: initialise an error tracker (Sentry, Bugsnag, Rollbar) or an APM (Datadog, New Relic, OpenTelemetry tracing) at start-up',
      file: null,
    }]);
  },
};
