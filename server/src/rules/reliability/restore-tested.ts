/**
 * reliability/restore-tested: backups are only as good as the last restore. Passes with a
 * documented restore procedure that records when it was last tested (a date within the
 * `maxAgeDays` option, default 365), or with a restore exercised in CI: a restore command or script
 * that a CI job runs (directly or through make, scripts, compose...), or a test that runs the restore
 * script while CI runs the tests. A procedure or a script that nobody has tested earns half the credit
 * (so does a restore test that no CI job runs); a stale drill date three quarters.
 *
 * A database the application rebuilds from nothing at every start (`lib/ephemeral-db.ts`) holds no
 * data that outlives a restart: there is nothing to restore, and the check is not applicable.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { isTemplatePath, outcome } from '../lib/util';
import { databaseRebuiltAtStart } from '../lib/ephemeral-db';
import { firstHit, projectDocs, sectionEvidence, sectionsTitled, sectionText, type Hit } from '../lib/evidence';
import { chainText, ciRuns, findRuns, hitEvidence, isGating, whereRun } from '../lib/ci-run';
import { TEST_SPEC } from '../lib/ci-checks';
import { z } from 'zod';

const SECTION = /restor|recovery (?:procedure|steps|drill)|disaster recovery/i;
const TESTED = /(?:last\s+(?:tested|verified|exercised|drill(?:ed)?|restored)|tested\s+on|verified\s+on|drill(?:ed)?\s+on|restore\s+drill)[^\n]{0,40}?(\d{4}-\d{2}-\d{2})|(\d{4}-\d{2}-\d{2})[^\n]{0,40}?\b(?:drill|restore test|tested|verified)\b/i;
/** Commands that restore a backup, strong enough to mean a restore when CI runs them (loading a seed with `psql <` is not). */
const CI_RESTORE = /\b(?:pg_restore|mongorestore|velero\s+restore|pgbackrest[^\n]{0,40}restore|wal-g\s+backup-fetch|litestream\s+restore|restic\s+restore)\b/;
const RESTORE_CMD = /\b(?:pg_restore|psql[^\n]{0,60}<|mysql[^\n]{0,60}<|mongorestore|velero\s+restore|pgbackrest[^\n]{0,40}restore|wal-g\s+backup-fetch|litestream\s+restore|restic\s+restore)\b/;

/** Options: how old the last dated restore drill may be. */
const OPTIONS = z.strictObject({
  maxAgeDays: z.number().int().positive().default(365).describe('Days after which a dated restore drill is too old to count.'),
});
type Options = z.infer<typeof OPTIONS>;

export const rule: WorkspaceRule = {
  id: 'reliability/restore-tested',
  category: 'reliability',
  severity: 'medium',
  level: 'production',
  title: 'The restore procedure is documented and tested',
  rationale: 'Untested backups routinely fail when they are needed (wrong credentials, missing extensions, corrupt dumps); a dated restore drill or an automated restore test proves recovery works.',
  roadmap: [{ topic: 'tested restores', match: /restores?\b|recovery (test|drill)|dr (test|drill)/, rank: 540 }],
  optionsSchema: OPTIONS,
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.usesDatabase || 'the project uses no database';
  },
  check({ ws, now, options }) {
    const rebuilt = databaseRebuiltAtStart(ws);
    if (rebuilt) return outcome.na(`nothing to restore: the application rebuilds its database at every start (${rebuilt.file}:${rebuilt.line} \`${rebuilt.text}\`), so no data outlives a restart`);
    const maxAge = (options as Options).maxAgeDays;
    const evidence: Evidence[] = [];
    const sections = sectionsTitled(ws, projectDocs(ws, 150), SECTION).filter((d) => d.section.words >= 15);
    // Prefer the restore section itself over the whole disaster recovery chapter around it.
    sections.sort((a, b) => Number(/restor/i.test(b.section.title)) - Number(/restor/i.test(a.section.title)));
    let stale: { date: string; path: string; line: number } | undefined;
    for (const d of sections) {
      const m = TESTED.exec(sectionText(d));
      if (!m) continue;
      const date = m[1] ?? m[2];
      const age = (now.getTime() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000;
      const line = d.section.line + 1 + sectionText(d).slice(0, m.index).split('\n').length - 1;
      // A date after the audit's clock counts as recent (the clock may be fixed, as in CI baselines).
      if (age <= maxAge) {
        evidence.push(sectionEvidence(d), { message: `restore last tested on ${date}`, file: d.file.path, line });
        return outcome.pass(evidence);
      }
      stale ??= { date, path: d.file.path, line };
    }
    const scripts = ws.files.filter((p) => /restore|recover/i.test(p.slice(p.lastIndexOf('/') + 1)) && /\.(?:sh|bash|py|js|ts|rb|go|ya?ml)$|Makefile$/.test(p) && !isTemplatePath(p));
    let script: Hit | undefined;
    for (const p of scripts.slice(0, 50)) {
      const f = ws.read(p);
      script = f ? firstHit(f, RESTORE_CMD) ?? (/\.(?:sh|bash)$/.test(p) ? { file: p, line: 1, text: p, groups: [], range: f.lineRange(0) } : undefined) : undefined;
      if (script) break;
    }
    // A restore that CI performs: a restore command, or the restore script reached through what CI runs.
    const ciRestore = ciRuns(ws).find((r) => r.kind !== 'config' && !r.lenient && (CI_RESTORE.test(r.text) || (!!script && r.chain.some((l) => l.file === script!.file))));
    if (ciRestore) {
      const w = whereRun(ciRestore);
      return outcome.pass([...(script ? [{ message: `restore script ${script.file}`, file: script.file, line: script.line }] : []), { message: `CI exercises a restore: ${chainText(ciRestore)}`, file: w.file, line: w.line }]);
    }
    let untestedRunner: string | undefined;
    if (script) {
      const name = script.file.slice(script.file.lastIndexOf('/') + 1);
      const runner = ws.files.filter((p) => /(^|\/)(tests?|spec)\/|_test\.|\.test\.|(^|\/)test_[^/]*$/.test(p) && p !== script!.file).find((p) => ws.read(p)?.text.includes(name));
      if (runner) {
        const tests = findRuns(ws, TEST_SPEC).filter((h) => isGating(h.run));
        if (tests.length > 0) return outcome.pass([{ message: `restore script ${name}`, file: script.file, line: script.line }, { message: `${name} is exercised by ${runner}, which CI runs with the tests`, file: runner }, ...hitEvidence(tests, 'CI runs the tests', 1)]);
        untestedRunner = runner;
      }
    }
    if (untestedRunner && script) {
      return outcome.partial(0.5, [{ message: `the restore script ${script.file} is exercised by ${untestedRunner}, but no CI job runs the tests: run them on every change (or the restore in a scheduled workflow) so a broken restore is noticed`, file: script.file, range: script.range }], [{ message: 'restore script', file: script.file, line: script.line }]);
    }
    if (stale) {
      return outcome.partial(0.75, [{ message: `the restore procedure was last tested on ${stale.date}, more than ${maxAge} days ago: run a restore drill and record the new date`, file: stale.path, range: { start: { line: stale.line - 1, character: 0 }, end: { line: stale.line - 1, character: 0 } } }], [{ message: `restore drill dated ${stale.date}`, file: stale.path, line: stale.line }]);
    }
    const doc = sections[0];
    if (doc || script) {
      const where = doc ? { file: doc.file.path, range: doc.file.lineRange(doc.section.line) } : { file: script!.file, range: script!.range };
      return outcome.partial(0.5, [{ message: `${doc ? `the "${doc.section.title}" procedure` : `the restore script ${script!.file}`} has no record of being tested: restore a backup into a scratch environment, then write "Last tested: YYYY-MM-DD" with the time it took (or run the restore in a scheduled workflow)`, ...where }], doc ? [sectionEvidence(doc)] : [{ message: 'restore script', file: script!.file, line: script!.line }]);
    }
    return outcome.fail([{ message: 'no restore procedure: document how to restore the database from a backup, test it, and record the date of the last successful drill', file: null }]);
  },
};
