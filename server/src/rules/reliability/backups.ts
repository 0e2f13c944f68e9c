/**
 * reliability/backups: a project with a database backs it up automatically: a scheduled backup
 * job (a Kubernetes CronJob or scheduled workflow running pg_dump/mysqldump/mongodump, a Velero
 * Schedule, CloudNativePG ScheduledBackup, pgBackRest, WAL-G, Litestream), managed backups declared
 * as code (RDS retention, AWS Backup plans, point-in-time recovery), or a documented backup schedule.
 * A backup script with no schedule, or a backup section with no frequency, earns partial credit.
 *
 * A database the application rebuilds from nothing at every start (`lib/ephemeral-db.ts`) holds no
 * data that outlives a restart: there is nothing to back up, and the check is not applicable.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { databaseRebuiltAtStart } from '../lib/ephemeral-db';
import { firstHit, type Hit, isOwnFile, projectDocs, sectionEvidence, sectionsTitled, sectionText } from '../lib/evidence';

/** A backup command or tool. */
const TOOL = /\b(?:pg_dump(?:all)?|pg_basebackup|mysqldump|mariadb-dump|mongodump|xtrabackup|pgbackrest|wal-g|barman|litestream|restic|borg|velero|redis-cli[^\n]{0,40}\b(?:BGSAVE|--rdb)|sqlite3[^\n]{0,40}\.backup)\b/i;
/** Backups that are scheduled or managed by the platform. */
const AUTOMATED = /^kind:\s*(?:CronJob|ScheduledBackup|Schedule)\b|backup_retention_period\s*=\s*[1-9]|BackupRetentionPeriod["']?\s*:\s*["']?[1-9]|resource\s+"(?:aws_backup_plan|aws_db_instance_automated_backups_replication|google_sql_database_instance)"|point_in_time_recovery(?:_enabled)?\s*[=:]\s*true|backup_configuration\s*\{|\bbackup:\s*\n\s+barmanObjectStore|retentionPolicy:\s*["']?\d+d/m;
const SCHEDULE = /^[ \t]*-?[ \t]*cron:|^[ \t]*schedule:\s*["']?[\d*@]|^\s*(?:[\d*/,-]+\s+){4}[\d*/,-]+\s+\S|@(?:daily|hourly|weekly)\b/m;
const FREQUENCY = /\b(?:daily|hourly|nightly|weekly|every\s+\d*\s*(?:minutes?|hours?|days?|night)|cron|each night|once a day|retention|retained|point-in-time)\b/i;
const CANDIDATE = /(?:\.(?:sh|bash|ya?ml|tf|json|py|js|ts|rb|go)|(?:^|\/)(?:Makefile|crontab|[\w.-]*\.cron))$/i;

export const rule: WorkspaceRule = {
  id: 'reliability/backups',
  category: 'reliability',
  severity: 'high',
  level: 'production',
  title: 'The database is backed up automatically',
  rationale: 'A lost volume, a bad migration or a deleted table is unrecoverable without backups, and backups that depend on someone remembering to run a script are not taken.',
  roadmap: [{ topic: 'backups', match: /backups?\b|back up/, rank: 530 }],
  scaffold: 'disaster-recovery',
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.usesDatabase || 'the project uses no database';
  },
  check({ ws }) {
    const rebuilt = databaseRebuiltAtStart(ws);
    if (rebuilt) return outcome.na(`nothing to back up: the application rebuilds its database at every start (${rebuilt.file}:${rebuilt.line} \`${rebuilt.text}\`), so no data outlives a restart`);
    const evidence: Evidence[] = [];
    let script: Hit | undefined;
    const paths = ws.files.filter((p) => CANDIDATE.test(p) && isOwnFile(ws, p) && (/backup|dump|cron|db|database|k8s|kubernetes|deploy|infra|terraform|ops|scripts?|\.github\/workflows|helm|charts/i.test(p) || ws.kindOf(p) === 'config'));
    for (const p of paths.slice(0, 2000)) {
      const f = ws.read(p);
      if (!f) continue;
      const tool = firstHit(f, TOOL);
      const managed = firstHit(f, AUTOMATED);
      if (managed && (tool || /backup|velero|postgresql\.cnpg|aws_backup|retention|point_in_time|backup_configuration/i.test(f.text))) {
        evidence.push({ message: `automated backups: ${managed.text}`, file: p, line: managed.line });
      } else if (tool) {
        const sched = firstHit(f, SCHEDULE);
        if (sched) evidence.push({ message: `scheduled backup with ${tool.text.slice(0, 60)}`, file: p, line: tool.line });
        else script ??= tool;
      }
      if (evidence.length >= 3) break;
    }
    // A script run by a scheduled workflow or a crontab elsewhere counts as scheduled.
    if (script && !evidence.length) {
      const name = script.file.slice(script.file.lastIndexOf('/') + 1);
      for (const p of ws.files.filter((x) => /\.github\/workflows\/|crontab|\.cron$|cronjob/i.test(x))) {
        const f = ws.read(p);
        if (f && f.text.includes(name) && SCHEDULE.test(f.text)) evidence.push({ message: `${name} runs on a schedule`, file: p, line: firstHit(f, SCHEDULE)?.line });
      }
    }
    const doc = sectionsTitled(ws, projectDocs(ws, 150), /backup/i).find((d) => d.section.words >= 15);
    if (doc && FREQUENCY.test(sectionText(doc))) evidence.push(sectionEvidence(doc, `documented backup schedule: "${doc.section.title}"`));
    if (evidence.length) return outcome.pass(evidence);
    if (script) {
      return outcome.partial(0.5, [{ message: `${script.file} takes a backup but nothing runs it on a schedule: run it from a CronJob or a scheduled workflow, store the copies off-site and alert when it fails`, file: script.file, range: script.range }], [{ message: 'backup script', file: script.file, line: script.line }]);
    }
    if (doc) {
      return outcome.partial(0.3, [{ message: `the "${doc.section.title}" section of ${doc.file.path} does not say how often backups run or how long they are kept: automate them and document the schedule and retention`, file: doc.file.path, range: doc.file.lineRange(doc.section.line) }], [sectionEvidence(doc)]);
    }
    return outcome.fail([{ message: 'no database backups: schedule them (a CronJob or workflow with pg_dump/mysqldump, Velero, or managed backups with a retention period) and store copies off-site', file: null }]);
  },
};
