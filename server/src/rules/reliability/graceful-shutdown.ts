/**
 * reliability/graceful-shutdown: an HTTP service handles SIGTERM (what Docker and Kubernetes send
 * before killing a container) by draining in-flight requests, or runs on a server that does so
 * (gunicorn, uvicorn, puma, the ASP.NET generic host, Spring Boot with `server.shutdown: graceful`, Go
 * servers run through ory/graceful, endless or facebookgo/grace, Caddy-based servers' TrapSignals). A
 * `signal.Notify` call may list its signals over several lines.
 * Handling only SIGINT (Ctrl-C) earns half the credit.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVER_CODE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { depsMatching, pathsMatching, productSources, scanPaths } from '../lib/evidence';

const SIGTERM = /process\.(?:on|once)\(\s*['"]SIGTERM['"]|signal\.(?:signal|Signals\.SIGTERM)\([^\n]{0,200}?SIGTERM|add_signal_handler\([^\n]{0,200}?SIGTERM|signal\.Notify(?:Context)?\((?:[^()]|\([^()]*\)){0,300}?syscall\.SIGTERM|(?:Signal\.)?trap\(\s*['"](?:SIG)?TERM['"]|enableShutdownHooks\(|createTerminus\(|createHttpTerminator\(|\bstoppable\(|closeWithGrace\(|close-with-grace|addShutdownHook\(|@PreDestroy\b|tokio::signal::unix|signal::ctrl_c\(\)[\s\S]{0,200}?with_graceful_shutdown|with_graceful_shutdown\(|ApplicationStopping|\bcaddy\.TrapSignals\(|\bgraceful\.Graceful(?:Context)?\(|\bendless\.ListenAndServe(?:TLS)?\(|\bgracehttp\.Serve\(|trap\s+['"]?[^'"\n]*['"]?\s+(?:TERM|SIGTERM)/;
/** Substrings one of which every SIGTERM pattern contains (a cheap pre-test). */
const TERM_HINTS = ['TERM', 'hutdown', 'erminus', 'erminator', 'stoppable', 'WithGrace', 'with-grace', 'PreDestroy', 'ApplicationStopping', 'tokio::signal', 'raceful', 'endless', 'gracehttp', 'TrapSignals'];
const SIGINT_ONLY = /process\.(?:on|once)\(\s*['"]SIGINT['"]|signal\.Notify(?:Context)?\((?:[^()]|\([^()]*\)){0,300}?os\.Interrupt|signal\.signal\([^\n]{0,200}?SIGINT|KeyboardInterrupt/;
const SERVERS = /^(?:gunicorn|uvicorn|hypercorn|daphne|puma|unicorn|microsoft\.aspnetcore|@godaddy\/terminus|lightship|http-terminator|stoppable|close-with-grace|@nestjs\/terminus)$/;
const SPRING_GRACEFUL = /server\.shutdown\s*[=:]\s*graceful|shutdown:\s*graceful/;

export const rule: WorkspaceRule = {
  id: 'reliability/graceful-shutdown',
  category: 'reliability',
  severity: 'low',
  level: 'production',
  title: 'The service shuts down gracefully on SIGTERM',
  rationale: 'Every deployment and scale-down sends SIGTERM; a process that exits at once drops in-flight requests and leaves work half done, turning each release into a burst of errors.',
  roadmap: [{ topic: 'graceful shutdown', match: /graceful|sigterm/, rank: 570 }],
  scope: 'workspace',
  projectKinds: SERVER_CODE_KINDS,
  applies(facts) {
    return facts.servesHttp || 'the project does not serve HTTP';
  },
  check({ ws, facts }) {
    const sources = productSources(ws);
    const evidence: Evidence[] = scanPaths(ws, [...sources, ...ws.pathsOfKind('config').filter((p) => /\.sh$/.test(p))], SIGTERM, 2, TERM_HINTS).map((h) => ({ message: `SIGTERM handled: ${h.text}`, file: h.file, line: h.line }));
    const spring = scanPaths(ws, pathsMatching(ws, /(?:^|\/)application[\w-]*\.(?:ya?ml|properties)$/), SPRING_GRACEFUL, 1)[0];
    if (spring) evidence.push({ message: 'Spring Boot graceful shutdown', file: spring.file, line: spring.line });
    const servers = depsMatching(facts, SERVERS);
    if (servers.length) evidence.push({ message: `the server drains requests on SIGTERM: ${servers.join(', ')}` });
    if (evidence.length) return outcome.pass(evidence);
    const sigint = scanPaths(ws, sources, SIGINT_ONLY, 1, ['SIGINT', 'Interrupt'])[0];
    if (sigint) {
      return outcome.partial(0.5, [{
        message: 'the service handles SIGINT but not SIGTERM, which Docker and Kubernetes send on every stop: handle SIGTERM the same way (stop accepting connections, finish in-flight requests, close the database pool, then exit)',
        file: sigint.file,
        range: sigint.range,
      }], [{ message: `SIGINT handled: ${sigint.text}`, file: sigint.file, line: sigint.line }]);
    }
    return outcome.fail([{ message: 'the service does not handle SIGTERM: on SIGTERM stop accepting connections, let in-flight requests finish (server.close / Shutdown(ctx)), close the database pool, then exit', file: null }]);
  },
};
