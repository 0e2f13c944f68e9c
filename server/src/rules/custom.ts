/**
 * Custom checks declared in the manifest's `checks:` list become rules `custom/<id>`: files matching a
 * glob must exist and, when `contains` is given, at least one of them must match the pattern.
 *
 * The globs and the pattern come from the repository, so they run through `core/patterns`: the
 * pattern on RE2 (linear time, whatever it is), the globs with bounded cost. A pattern or glob that
 * cannot run that way fails the check with the reason (the manifest loader reports it too, at its
 * position), and is never handed to a backtracking engine.
 */
import { userGlobs, userRegex } from '../core/patterns';
import type { Rule, WorkspaceRule } from '../core/types';
import type { CustomCheck, Manifest } from '../manifest/schema';

/** Turns the manifest's custom checks into rules. */
export function customRules(manifest: Manifest): Rule[] {
  return manifest.checks.map(toRule);
}

function toRule(c: CustomCheck): WorkspaceRule {
  const globs = Array.isArray(c.files) ? c.files : [c.files];
  return {
    id: `custom/${c.id}`,
    category: c.category,
    severity: c.severity,
    level: c.level,
    title: c.title,
    rationale: c.message ?? `A check defined by the team in readiness.yaml: ${c.title}.`,
    scope: 'workspace',
    check: ({ ws }) => {
      const compiled = userGlobs(globs, { nocase: true });
      if (compiled.refused.length > 0) {
        const r = compiled.refused[0];
        return { status: 'fail', findings: [{ message: `the glob \`${r.pattern}\` of custom check ${c.id} is not run: ${r.message}`, file: null }] };
      }
      const matches = ws.files.filter((f) => compiled.globs.some((g) => g.match(f)));
      if (matches.length === 0) {
        return { status: 'fail', findings: [{ message: c.message ?? `${c.title}: no file matches ${globs.join(', ')}`, file: null }] };
      }
      if (!c.contains) return { status: 'pass', findings: [], evidence: matches.slice(0, 5).map((f) => ({ message: 'matches', file: f })) };
      const re = userRegex(c.contains, 'm');
      if (!re.ok) {
        return { status: 'fail', findings: [{ message: `the pattern of custom check ${c.id} is not run: ${re.message}`, file: null }] };
      }
      for (const f of matches) {
        const file = ws.read(f);
        const m = file ? re.value.exec(file.text) : null;
        if (file && m) return { status: 'pass', findings: [], evidence: [{ message: `matches /${c.contains}/`, file: f, line: file.positionAt(m.index).line + 1 }] };
      }
      return { status: 'fail', findings: [{ message: c.message ?? `${c.title}: no file matching ${globs.join(', ')} contains /${c.contains}/`, file: matches[0] }] };
    },
  };
}
