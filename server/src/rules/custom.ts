/**
 * Custom checks declared in the manifest's `checks:` list become rules `custom/<id>`: files matching a
 * glob must exist and, when `contains` is given, at least one of them must match the pattern.
 */
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
      const matches = ws.glob(globs);
      if (matches.length === 0) {
        return { status: 'fail', findings: [{ message: c.message ?? `${c.title}: no file matches ${globs.join(', ')}`, file: null }] };
      }
      if (!c.contains) return { status: 'pass', findings: [], evidence: matches.slice(0, 5).map((f) => ({ message: 'matches', file: f })) };
      let re: RegExp;
      try {
        re = new RegExp(c.contains, 'm');
      } catch (e) {
        return { status: 'fail', findings: [{ message: `the pattern of custom check ${c.id} is not a valid regular expression: ${(e as Error).message}`, file: null }] };
      }
      for (const f of matches) {
        const file = ws.read(f);
        const m = file ? re.exec(file.text) : null;
        if (file && m) return { status: 'pass', findings: [], evidence: [{ message: `matches /${c.contains}/`, file: f, line: file.positionAt(m.index).line + 1 }] };
      }
      return { status: 'fail', findings: [{ message: c.message ?? `${c.title}: no file matching ${globs.join(', ')} contains /${c.contains}/`, file: matches[0] }] };
    },
  };
}
