/**
 * reliability/data-retention: a service that stores data says how long it keeps it, and something
 * enforces it. Evidence, strongest first:
 *
 * - a TTL or lifecycle setting: MongoDB `expireAfterSeconds`, DynamoDB TTL, S3/GCS lifecycle rules
 *   with an expiration, Elasticsearch ILM delete phases, TimescaleDB `add_retention_policy`,
 *   ClickHouse `TTL … DELETE`, Kafka `retention.ms`, Prometheus/Loki retention;
 * - code that deletes records by age: a prune, purge, cleanup or retention job that deletes rows
 *   older than a cutoff (`.filter(created__lt=cutoff).delete()`, `DELETE … WHERE … < now() - interval`);
 * - a documented policy with a period: a "Data retention" section that says "kept for 30 days".
 *
 * It applies to records that accumulate on their own (events, logs, audits, pings, sessions, tokens,
 * notifications, history), declared as models or tables: content that users own and delete is their
 * choice. A documented policy alone earns half the credit (nothing enforces it).
 *
 * A record that accumulates is stamped with a time (a date or timestamp column, `created_at`, a
 * timestamp mixin): an "activity" or "event" table without one defines things (a cost model's
 * activities, the kinds of events a plugin sends) and does not grow on its own.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { firstHit, productSources, projectDocs } from '../lib/evidence';
import { isTestPath, outcome } from '../lib/util';
import { SERVER_CODE } from '../lib/api-routes';

const TTL: Practice[] = [
  { name: 'TTL or lifecycle configuration', pattern: /\bexpireAfterSeconds\b|\bexpires\s*:\s*['"]?\d|\bTimeToLiveSpecification\b|\bttl\s*\{\s*\n?\s*(?:attribute_name|enabled)|\blifecycle_rule\s*\{|aws_s3_bucket_lifecycle_configuration|\bLifecycleConfiguration\b|\bexpiration\s*\{\s*\n?\s*days\b|"action"\s*:\s*\{\s*"type"\s*:\s*"Delete"|\bdelete\s*:\s*\{\s*min_age\b|"delete"\s*:\s*\{\s*"min_age"|\badd_retention_policy\(|\bTTL\s+\w+\s*\+\s*INTERVAL\b|\bretention\.ms\b|--storage\.tsdb\.retention\.(?:time|size)|\bretention_period\s*:|\bretention_deletes_enabled\b|\bpg_partman\b[\s\S]{0,200}retention/i },
];
/** A job whose name says it removes old data; it must also delete and compare with a time. */
const JOB_NAME = /\b(?:def|func(?:\s*\([^)]*\))?|function|class|async def|const|let)\s+\w*(?:prune|purge|cleanup|clean_up|clean_old|expire|retention|delete_?old|remove_?old|delete_?expired|trim|vacuum_old|gc_)\w*|\bcommand\s*=\s*['"][\w-]*(?:prune|purge|cleanup)|\bname\s*=\s*['"][\w-]*(?:prune|purge|cleanup)/i;
const DELETES = /\.delete\(\)|\bDELETE\s+FROM\b|\.(?:deleteMany|destroy|remove)\(|\bdelete\(\s*\w+\s*\)\s*\.(?:where|filter(?:_by)?)\(|\.Delete\(|\bdb\.session\.delete\(/;
const BY_AGE = /(?:__lt|__lte|<|<=|Before\()\s*(?:[=:(]\s*)?[\w.()]{0,80}(?:now|cutoff|threshold|ago|timedelta|days|since|time\.Now|Date\.now|INTERVAL)|\btimedelta\(|\bINTERVAL\s+'?\d|time\.Now\(\)\.Add\(-|\.AddDate\(\s*0\s*,\s*0\s*,\s*-|subDays\(|Date\.now\(\)\s*-|\bolder_than\b|\bolderThan\b|\bkeep[-_ ]?last\b|\bexpires?_?at\s*<=?|\bexpired\b/i;
/** Records that accumulate on their own (events, logs, sessions...), declared as models or tables. */
const ACCUMULATING = /\bclass\s+\w*(?:Event|Log|Audit|Ping|Notification|Session|Token|History|Metric|Activity|Flip|Attempt|Trace|Alert|Message)s?(?:Model)?\s*\([^)\n]*\b(?:models\.Model|Base|\w+Base|DeclarativeBase|SQLModel|Document|db\.Model)\b|\bclass\s+\w*(?:Event|Log|Audit|Ping|Notification|Session|Token|History|Metric|Activity|Flip|Attempt|Trace|Alert|Message)s?\s+extends\s+(?:\w+\.)?Model\b|\b(?:mongoose\.)?model\(\s*['"]\w*(?:Event|Log|Audit|Ping|Notification|Session|Token|History|Metric|Activity|Attempt|Message)s?['"]|\bmodel\s+\w*(?:Event|Log|Audit|Ping|Notification|Session|Token|History|Metric|Activity|Attempt|Message)s?\s*\{|\btype\s+\w*(?:Event|Log|Audit|Ping|Notification|Session|Token|History|Metric|Activity|Flip|Attempt|Trace|Alert|Message)s?\s+struct\s*\{[^}]*\b(?:db|gorm|bun):"|\b[Cc][Rr][Ee][Aa][Tt][Ee]\s+[Tt][Aa][Bb][Ll][Ee](?:\s+[Ii][Ff]\s+[Nn][Oo][Tt]\s+[Ee][Xx][Ii][Ss][Tt][Ss])?\s+["'`]?(?:\w+_)?(?:events?|logs?|audits?|pings?|notifications?|sessions?|tokens?|histor(?:y|ies)|metrics?|activit(?:y|ies)|attempts?|messages?)["'`]?\s*\(/;
const MODEL_FILE = /models\.Model\b|\b\w*Base\w*\s*[,)]|DeclarativeBase|SQLModel|@Entity\b|\bmodel\s+\w+\s*\{|CREATE\s+TABLE|gorm\.Model|\b(?:db|gorm|bun|sql):"|sequelize|mongoose\.Schema|\bSchema\(|Table\(/;

/** A column or mixin that stamps a record with a time. */
const TIME_FIELD = /DateTime|datetime|timestamp|TimeStamp|Timestamp|\bcreated|\bupdated|_at\b|\w+At\b|time\.Time|\bDate\b|\bdate\b|occurred|\bexpires?\b|\bwhen\b|TIMESTAMPTZ|\bnow\(\)/;
/** The end of a declaration's body: the next top-level declaration. */
const NEXT_DECL = /\n(?=(?:class|type|model|func|def|export|const|CREATE|create|@\w+|\w+\s*=)\b)/;

/** The declaration a match starts, up to the next top-level declaration (at most 3,000 characters). */
function declaration(text: string, index: number): string {
  const rest = text.slice(index, index + 3000);
  const end = rest.slice(1).search(NEXT_DECL);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

const DOC_TITLE = /data retention|retention polic|retention period|how long we keep|record retention|data lifecycle/i;
const PERIOD = /\b\d+\s*(?:days?|weeks?|months?|years?|hours?)\b/i;

export const rule: WorkspaceRule = {
  id: 'reliability/data-retention',
  category: 'reliability',
  severity: 'low',
  level: 'production',
  title: 'Stored data has a retention policy that something enforces',
  rationale: 'Data kept forever grows the database, the backups and the breach surface without bound; a retention period enforced by a TTL or a purge job keeps storage flat and honours privacy rules such as GDPR\'s storage limitation.',
  roadmap: [{ topic: 'data retention', match: /retention|purg(e|es|ing)\b|archiv(al|e|ing)\b|\bttl\b|time[- ]to[- ]live|lifecycle (polic|rule)|grows? indefinitely|automated cleanup|old data/, unless: /\blogs?\b|backups?|metrics/, rank: 910 }],
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-8.3.8' }],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.usesDatabase ? true : 'the project stores no data in a database';
  },
  check({ ws }) {
    let records: Evidence | undefined;
    for (const p of ws.files) {
      if (!(ws.kindOf(p) === 'source' || /\.(?:prisma|sql)$/.test(p)) || isTestPath(p) || /(?:^|\/)(?:tests?|spec|fixtures?|_?examples?|samples?|frontend|src-ui|static)\//i.test(p)) continue;
      const f = ws.read(p);
      if (!f || !MODEL_FILE.test(f.text)) continue;
      const re = new RegExp(ACCUMULATING.source, 'g');
      for (let m = re.exec(f.text); m; m = re.exec(f.text)) {
        // A declaration that lists its fields and none of them is a time is a definition table; one
        // whose fields live elsewhere (a schema variable) cannot be told apart and is kept.
        const decl = declaration(f.text, m.index);
        if (!TIME_FIELD.test(decl) && /\n[ \t]+\w+\s*(?:[:=]|\s[A-Za-z*[])/.test(decl)) continue;
        records = { message: `records that accumulate: ${(f.lines[f.positionAt(m.index).line] ?? '').trim().slice(0, 80)}`, file: p, line: f.positionAt(m.index).line + 1 };
        break;
      }
      if (records) break;
    }
    if (!records) return outcome.na('nothing to examine: no records that accumulate on their own (events, logs, sessions, notifications... stamped with a time) among the models and tables');
    const ttl = findPractices(ws, TTL, 2, (h) => h.length >= 1, /expire|ttl|lifecycle|expiration|delete|retention/i, { kinds: ['source', 'config', 'yaml', 'json', 'k8s', 'compose', 'toml', 'other'], exclude: SERVER_CODE.exclude });
    if (ttl.length > 0) return outcome.pass([records, ...practiceEvidence(ttl)]);
    const jobs: Evidence[] = [];
    for (const p of productSources(ws)) {
      if (!/\.(?:py|[cm]?[jt]s|go|rb|java|kt|rs|cs|php)$/.test(p) || /(?:^|\/)(?:migrations?|alembic|frontend|src-ui|static)\//.test(p)) continue;
      const f = ws.read(p);
      if (!f || !/prune|purge|clean|expire|retention|delete_?old|remove_?old|trim|vacuum|gc_/i.test(f.text)) continue;
      const name = JOB_NAME.exec(f.text);
      if (!name || !DELETES.test(f.text) || !BY_AGE.test(f.text)) continue;
      jobs.push({ message: `job that deletes old records: ${(f.lines[f.positionAt(name.index).line] ?? '').trim().slice(0, 80)}`, file: p, line: f.positionAt(name.index).line + 1 });
      if (jobs.length >= 3) break;
    }
    if (jobs.length > 0) return outcome.pass([records, ...jobs]);
    for (const p of projectDocs(ws, 200)) {
      const f = ws.read(p);
      const title = f && firstHit(f, DOC_TITLE);
      if (!title) continue;
      const near = f!.lines.slice(title.line - 1, title.line + 15).join('\n');
      if (!PERIOD.test(near)) continue;
      return outcome.partial(0.5, [{ message: `${p} states a retention period but nothing in the code or configuration enforces it; add a TTL, a lifecycle rule or a scheduled purge job`, file: p, range: title.range }], [records, { message: `retention policy: ${title.text}`, file: p, line: title.line }]);
    }
    return outcome.fail([{ message: `${records.file} keeps records that accumulate (${records.message.replace(/^records that accumulate: /, '')}), and nothing says how long they are kept: no TTL or lifecycle setting, no job that deletes old records, no documented retention period; decide the period per kind of data and enforce it (a scheduled purge, a TTL index, a lifecycle rule)`, file: null }], [records]);
  },
};
