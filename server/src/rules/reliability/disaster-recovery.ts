/**
 * reliability/disaster-recovery: a disaster recovery plan states the recovery time objective (RTO)
 * and recovery point objective (RPO) with values ("RTO: 4 hours"), and has backup and restore
 * sections. Each of the four parts earns a quarter; a plan without RTO/RPO values is partial at
 * most. Sections earn credit for concrete content only (commands, numbers, owners, dates), never for
 * prompts: the fix creates docs/DISASTER_RECOVERY.md with every part marked TODO, which counts as
 * unfilled until the team writes its own targets and steps. A stateless service (no database, and no
 * Dockerfile VOLUME, PersistentVolumeClaim or StatefulSet for data of its own) is not asked: it recovers by
 * being deployed again.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { SERVICE_KINDS } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { markdownView } from '../../core/markdown';
import { createFileFix, findDoc, outcome } from '../lib/util';
import { firstFilledHit, projectDocs, projectName, sectionFilled, sectionsTitled } from '../lib/evidence';

const UNIT = '(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|[smhd])\\b';
const RTO = new RegExp(`(?:\\bRTO\\b|recovery time objective)[^\\n\\d]{0,60}\\d+(?:\\.\\d+)?\\s?${UNIT}`, 'i');
const RPO = new RegExp(`(?:\\bRPO\\b|recovery point objective)[^\\n\\d]{0,60}(?:\\d+(?:\\.\\d+)?\\s?${UNIT}|zero\\b|0\\b)`, 'i');
const DR_PATH = /(?:^|\/)(?:(?:disaster[-_ ]?recovery|business[-_ ]continuity|backup[-_ ]and[-_ ]restore|recovery[-_ ]plan)[^/]*|dr|bcp|dr[-_ ](?:plan|runbook)[^/]*)\.md$/i;

/** The starting disaster recovery plan its quick fix and the scaffold command create. */
export function scaffold(name: string): string {
  return `# Disaster recovery plan: ${name}

This plan says how fast ${name} must come back after losing its infrastructure or its data, and how.
Review it every quarter and after every restore drill.

## Recovery objectives

- TODO: agree the recovery time objective with the business owner and write it here, for example
  "RTO: 4 hours" (the longest acceptable time from the start of an outage to full service).
- TODO: agree the recovery point objective and write it here, for example "RPO: 1 hour" (the most
  data, measured in time, that may be lost; backups must be at least this frequent).

## Backups

TODO: list what is backed up (databases, object storage, configuration and secrets), how often (the
schedule must meet the RPO), where the copies are stored (another region or account), how long they
are kept, and how backup failures are alerted on.

## Restore

TODO: write the restore procedure step by step: where to find the latest backup, the commands that
restore it into a fresh environment, how to verify the data, and how to switch traffic over. Record
the date and duration of each restore drill here.

## Roles and communication

TODO: name who declares a disaster, who runs the recovery, and how customers and the business are
kept informed while the service is down.
`;
}

function drDoc(ws: Parameters<typeof findDoc>[0]): SourceFile | undefined {
  const direct = findDoc(ws, ['docs/DISASTER_RECOVERY.md', 'DISASTER_RECOVERY.md', 'docs/disaster-recovery.md', 'docs/DR.md', 'DR.md'], DR_PATH);
  if (direct) return direct;
  // A DR section inside the runbook or another operations document counts too.
  const section = sectionsTitled(ws, projectDocs(ws, 150), /disaster|business continuity|\bDR\b/i)[0];
  return section?.file;
}

/** Persistent storage the product declares for its own data: a Dockerfile VOLUME, a Kubernetes PersistentVolumeClaim or StatefulSet. */
function persistentStorage(ws: Workspace): string | undefined {
  for (const p of ws.pathsOfKind('dockerfile')) if (/^\s*VOLUME\s+\S/im.test(ws.read(p)?.text ?? '')) return p;
  for (const p of ws.pathsOfKind('k8s')) if (/^\s*kind:\s*(?:PersistentVolumeClaim|StatefulSet)\b/m.test(ws.read(p)?.text ?? '')) return p;
  return undefined;
}

export const rule: WorkspaceRule = {
  id: 'reliability/disaster-recovery',
  category: 'reliability',
  severity: 'high',
  level: 'production',
  title: 'A disaster recovery plan states RTO, RPO, backups and restore',
  rationale: 'Without agreed recovery objectives nobody knows whether backups are frequent enough or the restore fast enough; the seeds ask for RTO/RPO definitions and a tested DR runbook.',
  roadmap: [{ topic: 'the disaster recovery plan', match: /disaster|\bdr\b|\brto\b|\brpo\b|failover/, rank: 550 }],
  scaffold: 'disaster-recovery',
  fixable: true,
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  // A plan for getting the data back: a stateless service recovers by being deployed again (ops/deployment-docs).
  applies(facts, { ws }) {
    if (facts.usesDatabase) return true;
    const storage = persistentStorage(ws);
    if (storage) return true;
    return facts.isService ? 'a stateless service (no database, and no VOLUME, PersistentVolumeClaim or StatefulSet in what it ships): it recovers by being deployed again, which ops/deployment-docs covers' : 'neither a service nor a database user';
  },
  check({ ws }) {
    const doc = drDoc(ws);
    if (!doc) {
      return outcome.fail([{
        message: 'no disaster recovery plan: add docs/DISASTER_RECOVERY.md with RTO and RPO values, the backup policy and the restore procedure',
        file: null,
        fix: createFileFix('Create docs/DISASTER_RECOVERY.md', 'docs/DISASTER_RECOVERY.md', scaffold(projectName(ws))),
      }]);
    }
    const evidence: Evidence[] = [];
    const missing: string[] = [];
    // Example values in the prompts of a scaffold (paragraphs marked TODO) are not the team's objectives.
    const rto = firstFilledHit(doc, RTO);
    const rpo = firstFilledHit(doc, RPO);
    if (rto) evidence.push({ message: `RTO: ${rto.text.slice(0, 60)}`, file: doc.path, line: rto.line });
    else missing.push(/\bRTO\b|recovery time objective/i.test(doc.text) ? 'an RTO value (e.g. "RTO: 4 hours")' : 'the RTO');
    if (rpo) evidence.push({ message: `RPO: ${rpo.text.slice(0, 60)}`, file: doc.path, line: rpo.line });
    else missing.push(/\bRPO\b|recovery point objective/i.test(doc.text) ? 'an RPO value (e.g. "RPO: 1 hour")' : 'the RPO');
    const sections = markdownView(doc).sections;
    for (const [name, re] of [['backup', /backup/i], ['restore', /restor|recovering|recovery (?:procedure|steps|process|runbook)/i]] as const) {
      const titled = sections.filter((x) => re.test(x.title));
      const s = titled.find((x) => sectionFilled(x).filled);
      if (s) evidence.push({ message: `${name} section "${s.title}"`, file: doc.path, line: s.line + 1 });
      else missing.push(titled.length ? `a filled-in ${name} section (${sectionFilled(titled[0]).why})` : `a ${name} section`);
    }
    if (missing.length === 0) return outcome.pass(evidence);
    if (missing.length === 4) return outcome.fail([{ message: `the disaster recovery plan ${doc.path} is not filled in: it lacks ${missing.join(', ')}`, file: doc.path, range: doc.lineRange(0), data: { missing } }], evidence);
    return outcome.partial((4 - missing.length) / 4, [{
      message: `the disaster recovery plan ${doc.path} lacks ${missing.join(', ')}`,
      file: doc.path,
      range: doc.lineRange(0),
      data: { missing },
    }], evidence);
  },
};
