/**
 * observability/structured-logging: the service logs structured records (JSON or key-value) with a
 * logging library rather than bare prints, so that logs can be searched, filtered by request id and
 * aggregated: pino, winston, bunyan, structlog, python-json-logger, loguru with `serialize=True`,
 * zap, zerolog, slog, logrus, a logback/log4j2 JSON encoder, Serilog, lograge, tracing's JSON layer.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { depsMatching, pathsMatching, productSources, scanPaths } from '../lib/evidence';

const CODE = /\brequire\(\s*['"](?:pino|pino-http|winston|bunyan|@aws-lambda-powertools\/logger)['"]\s*\)|\bfrom\s+['"](?:pino|pino-http|winston|bunyan|nestjs-pino|@aws-lambda-powertools\/logger)['"]|^[ \t]*(?:import|from)[ \t]+(?:structlog|pythonjsonlogger|json_log_formatter|ecs_logging)\b|"go\.uber\.org\/zap"|"github\.com\/rs\/zerolog(?:\/log)?"|"log\/slog"|"github\.com\/sirupsen\/logrus"|"github\.com\/go-kit\/log"|\bSerilog\b|AddJsonConsole\(|JsonConsoleFormatter|\btracing_subscriber::fmt\b[\s\S]{0,240}?\.json\(\)|\bslog_json\b|SemanticLogger|\bOugai\b|Lograge|lograge/m;
const LOGURU_JSON = /serialize\s*=\s*True/;
const JAVA_CONFIG = /LogstashEncoder|LoggingEventCompositeJsonEncoder|JsonEncoder|JsonTemplateLayout|JSONLayout|JsonLayout|EcsEncoder|EcsLayout|logging\.structured\.format/;
const DEPS = /^(?:pino|winston|bunyan|structlog|python-json-logger|loguru|go\.uber\.org\/zap|github\.com\/rs\/zerolog|github\.com\/sirupsen\/logrus|logstash-logback-encoder|serilog[\w.]*|lograge|semantic_logger|ougai|tracing-subscriber|slog|log4js)$/;

export const rule: WorkspaceRule = {
  id: 'observability/structured-logging',
  category: 'observability',
  severity: 'medium',
  level: 'mvp',
  title: 'The service writes structured logs',
  rationale: 'JSON or key-value logs with levels and request ids can be searched and aggregated during an incident; free-text prints cannot (the seeds ask for JSON logs with correlation ids).',
  roadmap: [{ topic: 'structured logging', match: /structured log|json log|log levels|log format|correlation id|request id|logging/, rank: 360 }],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    // Libraries must be declared; only Go's log/slog and .NET's JSON console logger come with the platform.
    const deps = depsMatching(facts, DEPS);
    const sources = deps.length ? productSources(ws) : productSources(ws).filter((p) => /\.(?:go|cs)$/.test(p));
    for (const h of scanPaths(ws, sources, CODE, 2)) evidence.push({ message: `structured logger: ${h.text}`, file: h.file, line: h.line });
    for (const h of scanPaths(ws, pathsMatching(ws, /(?:^|\/)(?:logback[\w-]*\.xml|log4j2[\w-]*\.(?:xml|json|ya?ml)|application[\w-]*\.(?:ya?ml|properties))$/), JAVA_CONFIG, 1)) evidence.push({ message: `JSON log encoder: ${h.text}`, file: h.file, line: h.line });
    const loguru = deps.includes('loguru') ? scanPaths(ws, sources, /^[ \t]*from[ \t]+loguru[ \t]+import\b/m, 1)[0] : undefined;
    if (loguru) {
      const json = scanPaths(ws, sources, LOGURU_JSON, 1)[0];
      if (json) evidence.push({ message: 'loguru with serialize=True writes JSON', file: json.file, line: json.line });
      else if (!evidence.length) {
        return outcome.partial(0.5, [{
          message: 'loguru writes plain-text lines: call `logger.add(sys.stderr, serialize=True)` so that records are JSON',
          file: loguru.file,
          range: loguru.range,
        }], [{ message: 'loguru logger', file: loguru.file, line: loguru.line }]);
      }
    }
    if (evidence.length) return outcome.pass(evidence);
    if (deps.length) {
      return outcome.partial(0.5, [{
        message: `a logging library is declared (${deps.join(', ')}) but no code uses it: create one logger with JSON output and use it instead of prints`,
        file: null,
      }], [{ message: `logging dependencies: ${deps.join(', ')}` }]);
    }
    return outcome.fail([{
      message: 'no structured logging: use a JSON logger (pino or winston for Node, structlog for Python, slog or zap for Go, a logback JSON encoder for Java) and include a request id in every record',
      file: null,
    }]);
  },
};
