/**
 * ops/codeowners: a CODEOWNERS file (`CODEOWNERS`, `.github/`, `docs/` or `.gitlab/`) names who owns
 * the code, so every change is reviewed by an owner and an incident has someone to call. Lines are
 * read as GitHub and GitLab do: a pattern followed by owners, each an `@user`, an `@org/team` or an
 * email address. A bare name without `@` is not an owner (GitHub ignores it).
 *
 * A file with valid owners but no catch-all rule (`*`) leaves most of the code unowned and earns
 * half, as does a MAINTAINERS or OWNERS list (it names people but routes no review); a CODEOWNERS
 * with no valid owner at all earns a quarter. Libraries and command-line tools are not
 * asked (their maintainers are listed with the package).
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { productSources } from '../lib/evidence';
import { outcome } from '../lib/util';

const PLACES = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];
const OWNER = /^(?:@[\w.-]+(?:\/[\w.-]+)?|[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+)$/;
const CATCH_ALL = /^(?:\*|\/|\/\*|\/\*\*|\*\*|\*\*\/\*)$/;
/** Maintainer lists that name people (with an @handle or an email) without routing reviews. */
const MAINTAINERS = /^(?:MAINTAINERS|OWNERS|CODE_OWNERS)(?:\.md|\.txt)?$/i;

export const rule: WorkspaceRule = {
  id: 'ops/codeowners',
  category: 'operations',
  severity: 'low',
  level: 'production',
  title: 'CODEOWNERS names an owner for every change',
  rationale: 'Ownership written in CODEOWNERS routes every change to a reviewer who knows the code and tells the on-call engineer whom to escalate to; the seeds list ownership among the production checklist.',
  roadmap: [{ topic: 'code ownership', match: /codeowners|code ?owners|(service|code|team) ownership|\bownership\b/, rank: 930 }],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.isService ? true : 'not a long-running service';
  },
  check({ ws }) {
    if (productSources(ws).length === 0) return outcome.na('nothing to examine: the repository holds no code to own');
    const path = PLACES.find((p) => ws.exists(p));
    if (!path) {
      const list = ws.files.find((p) => !p.includes('/') && MAINTAINERS.test(p));
      const listed = list && /@[\w-]+|[\w.+-]{1,64}@[\w-]+\.[\w.]+/.test(ws.read(list)?.text ?? '');
      if (list && listed) return outcome.partial(0.5, [{ message: `${list} names the maintainers, but without CODEOWNERS no review is routed to them; add .github/CODEOWNERS with a catch-all rule (\`* @your-org/your-team\`)`, file: null }], [{ message: 'maintainers listed', file: list, line: 1 }]);
      return outcome.fail([{ message: 'no CODEOWNERS file: add .github/CODEOWNERS with a catch-all rule (`* @your-org/your-team`) and owners for the critical paths', file: null }]);
    }
    const file = ws.read(path);
    if (!file) return outcome.fail([{ message: `${path} cannot be read`, file: path }]);
    let owned = 0;
    let catchAll: number | undefined;
    let invalid: { line: number; token: string } | undefined;
    file.lines.forEach((raw, i) => {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line || /^\[.*\]$/.test(line) || /^\^?\[/.test(line)) return;
      const [pattern, ...owners] = line.split(/\s+/);
      const valid = owners.filter((o) => OWNER.test(o));
      if (owners.length > valid.length || (owners.length === 0 && !/[/*.]/.test(pattern))) invalid ??= { line: i, token: owners.find((o) => !OWNER.test(o)) ?? pattern };
      if (valid.length === 0) return;
      owned++;
      if (CATCH_ALL.test(pattern)) catchAll ??= i;
    });
    const evidence: Evidence[] = [{ message: `${owned} ownership rule(s)${catchAll !== undefined ? ', with a catch-all' : ''}`, file: path, line: (catchAll ?? 0) + 1 }];
    if (owned > 0 && catchAll !== undefined && !invalid) return outcome.pass(evidence);
    if (owned === 0) {
      return outcome.partial(0.25, [{ message: `${path} names no valid owner${invalid ? ` (\`${invalid.token}\` on line ${invalid.line + 1} is not an owner: owners are @user, @org/team or an email address)` : ''}; write rules as \`<pattern> @owner\``, file: path, range: file.lineRange(invalid?.line ?? 0) }], evidence);
    }
    if (invalid) return outcome.partial(0.75, [{ message: `\`${invalid.token}\` on line ${invalid.line + 1} of ${path} is not an owner (owners are @user, @org/team or an email address), so that rule assigns nobody`, file: path, range: file.lineRange(invalid.line) }], evidence);
    return outcome.partial(0.5, [{ message: `${path} owns only ${owned} path pattern(s) and has no catch-all rule, so changes to files outside them have no owner; add \`* @your-org/your-team\` as its first rule`, file: path, range: file.lineRange(0) }], evidence);
  },
};
