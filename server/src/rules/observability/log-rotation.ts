/**
 * observability/log-rotation: a service that writes its logs to files rotates them and keeps a
 * bounded number, so logs never fill the disk: Python `RotatingFileHandler` or
 * `TimedRotatingFileHandler` (or concurrent-log-handler), winston-daily-rotate-file or a File
 * transport with `maxsize`/`maxFiles`, pino-roll, lumberjack in Go, logback/log4j2 rolling appenders
 * with a history limit, Spring's rolling-policy settings, tracing-appender's rolling files, or a
 * logrotate configuration kept in the repository.
 *
 * A service that logs to standard output leaves rotation to its runtime (Docker's log driver,
 * Kubernetes' kubelet) and is not applicable, as is a project that writes no log file.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { SERVER_CODE } from '../lib/api-routes';
import { outcome } from '../lib/util';

const FILE_LOGGING: Practice[] = [
  { name: 'log file (Python)', pattern: /\blogging\.FileHandler\(|["']class["']\s*:\s*["']logging\.FileHandler["']|\blogging\.basicConfig\([^)]*\bfilename\s*=|\bWatchedFileHandler\b|\blogger\.add\(\s*["'][^"']+\.log["']/ },
  { name: 'log file (Node)', pattern: /\btransports\.File\(|\bpino\.destination\(\s*['"`][^'"`]+\.log|\bcreateWriteStream\([^)]*\.log['"`]|\bappenders\s*:\s*\{[^}]*\btype\s*:\s*['"]file['"]|\bstreams?\s*:\s*\[?[^\]]*\bpath\s*:\s*['"][^'"]+\.log/ },
  { name: 'log file (Go)', pattern: /\blog\.SetOutput\(\s*(?:f|file|logFile|lf)\b|\bOpenFile\([^)]*\.log"|\bzap\.Config\{[^}]*OutputPaths:\s*\[\]string\{[^}]*\.log"/ },
  { name: 'log file (JVM)', pattern: /<appender[^>]+class="[^"]*(?:FileAppender)"|\blogging\.file\.(?:name|path)\s*[=:]|<File\s+name=/ },
  { name: 'log file (Rust)', pattern: /\btracing_appender::rolling::never\(|\bFile::create\([^)]*\.log"/ },
];
const ROTATION: Practice[] = [
  { name: 'rotating log handler', pattern: /\bRotatingFileHandler\b|\bTimedRotatingFileHandler\b|\bConcurrentRotatingFileHandler\b|\blogger\.add\([^)]*\brotation\s*=/ },
  { name: 'rotating log transport (Node)', pattern: /winston-daily-rotate-file|\bDailyRotateFile\b|\btransports\.File\(\s*\{[^}]*\b(?:maxsize|maxFiles)\s*:|\bpino-roll\b|rotating-file-stream|\btype\s*:\s*['"](?:dateFile|rotating-file)['"]/ },
  { name: 'rotating log writer (Go)', pattern: /natefinch\/lumberjack|\blumberjack\.Logger\b|\brotatelogs\b/ },
  { name: 'rolling appender (JVM)', pattern: /RollingFileAppender|<RollingFile\b|\bmaxHistory\b|DefaultRolloverStrategy|logging\.logback\.rollingpolicy\.max-history|rollingpolicy/ },
  { name: 'rolling writer (Rust)', pattern: /\btracing_appender::rolling::(?:daily|hourly|minutely)\(|\bRollingFileAppender\b|\bflexi_logger\b/ },
  { name: 'logrotate configuration', pattern: /^[ \t]*rotate\s+\d+[ \t]*$[\s\S]{0,400}^[ \t]*(?:daily|weekly|monthly|size\s+\S+)[ \t]*$|^[ \t]*(?:daily|weekly|monthly|size\s+\S+)[ \t]*$[\s\S]{0,400}^[ \t]*rotate\s+\d+[ \t]*$/m },
];

export const rule: WorkspaceRule = {
  id: 'observability/log-rotation',
  category: 'observability',
  severity: 'low',
  level: 'production',
  title: 'Log files are rotated and their retention is bounded',
  rationale: 'A log file that only grows fills the disk and takes the service (and its neighbours) down; rotation with a bounded number of old files keeps the history the team needs and no more.',
  roadmap: [{ topic: 'log rotation', match: /log (rotation|retention)|rotat(e|ing) logs|logrotate/, rank: 900 }],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.isService ? true : 'not a long-running service';
  },
  check({ ws }) {
    const scope = { kinds: SERVER_CODE.kinds, exclude: SERVER_CODE.exclude };
    const rotation = findPractices(ws, ROTATION, 2, (h) => h.length >= 2, /rotat|roll|lumberjack|maxFiles|maxsize|MaxBackups|MaxAge|maxHistory|retention|rotate/i, { kinds: [...scope.kinds!, 'other', 'yaml'], exclude: scope.exclude });
    const files = findPractices(ws, FILE_LOGGING, 2, (h) => h.length >= 2, /FileHandler|filename|logger\.add|transports\.File|destination|createWriteStream|appenders|path|SetOutput|OpenFile|OutputPaths|appender|logging\.file|<File|tracing_appender|File::create/, scope);
    if (rotation.length > 0) return outcome.pass(practiceEvidence(rotation));
    if (files.length === 0) return outcome.na('nothing to examine: the service writes no log file (logs to standard output are rotated by the runtime)');
    const evidence: Evidence[] = practiceEvidence(files);
    return outcome.fail([{ message: `the service writes logs to a file (${files[0].file}:${files[0].line}) that nothing rotates; use a rotating handler (RotatingFileHandler, winston-daily-rotate-file, lumberjack, a rolling appender) with a bounded number of files, or log to standard output and let the runtime rotate`, file: files[0].file, range: ws.read(files[0].file)!.lineRange(files[0].line - 1) }], evidence);
  },
};
