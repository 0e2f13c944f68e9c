/**
 * security/policy: a SECURITY.md (at the root, in .github/ or docs/, where GitHub looks) tells a
 * researcher how to report a vulnerability privately and which versions get fixes. A file with a
 * line or two earns partial credit; the fix writes one with both sections. Without one, a README section
 * that says how to report a vulnerability privately earns half: the policy exists, not where GitHub shows it.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { PRODUCT_KINDS } from '../../core/types';
import { markdownView } from '../../core/markdown';
import { createFileFix } from '../lib/util';

const REPORT_HEADING = /report|disclos|vulnerab|contact|how to/i;
const REPORT_TEXT = /(report|disclos)\w*[\s\S]{0,300}?(@[\w-]+\.[\w.]+|security\/advisories|huntr|hackerone|bugcrowd|private vulnerability reporting|security advisory|e-?mail)|(@[\w-]+\.[\w.]+|security\/advisories)[\s\S]{0,300}?(report|disclos)/i;
/** A README section about reporting vulnerabilities ("Vulnerability reporting", "Security", "Reporting security issues"). */
const README_SECURITY = /vulnerab|^security$|security (?:polic|report|issue|disclos|contact)|report(?:ing)? (?:a )?security/i;
const VERSIONS = /supported versions|versions?\s+(that\s+)?(are\s+)?(supported|receive)|security (updates|fixes|patches)|only the latest (release|version)/i;

/** The SECURITY.md the fix writes; it passes this rule once the team fills in its TODO (the contact). */
export const SECURITY_TEMPLATE = `# Security Policy

## Supported Versions

Security fixes are made for the latest release only. Upgrade to the latest version before you report
a problem, and check the changelog for fixes that have already shipped.

| Version        | Supported          |
| -------------- | ------------------ |
| latest release | :white_check_mark: |
| older releases | :x:                |

## Reporting a Vulnerability

Please do not open a public issue for a security problem. Report it privately through GitHub's
private vulnerability reporting (the Security tab of this repository, then "Report a vulnerability").

TODO: enable private vulnerability reporting in the repository settings, or name the security
contact (an e-mail address) here, then remove this line.

Include what you found, how to reproduce it, the affected versions and the impact you expect. We
acknowledge reports within three working days, keep you informed while we fix the problem, and credit
you in the release notes unless you prefer otherwise.
`;

export const rule: WorkspaceRule = {
  id: 'security/policy',
  category: 'security',
  severity: 'medium',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'SECURITY.md explains how to report a vulnerability',
  rationale: 'Without a published, private way to report a vulnerability, researchers open public issues or give up, and the first you hear of a flaw is its exploitation.',
  roadmap: [{ topic: 'the security policy', match: /security\.md|security policy|vulnerability disclosure|report(ing)? (a )?vulnerabilit/, rank: 670 }],
  scaffold: 'security-policy',
  related: [{ tool: 'scorecard', id: 'Security-Policy' }],
  fixable: true,
  scope: 'workspace',
  check({ ws }) {
    const path = ws.findFile(['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md', 'SECURITY.markdown', 'SECURITY.rst', 'SECURITY.txt', 'SECURITY']);
    const file = path ? ws.read(path) : undefined;
    if (!file) {
      // The README says how to report one: the policy exists, though not where GitHub shows it.
      const readme = ws.findFile(['README.md', 'README.markdown', 'readme.md', 'Readme.md']);
      const rf = readme ? ws.read(readme) : undefined;
      const section = rf ? markdownView(rf).sections.find((x) => README_SECURITY.test(x.title) && x.words >= 10 && /@[\w-]+\.[\w.]+|https?:\/\/|security\/advisories/.test(rf.lines.slice(x.line, x.endLine).join('\n'))) : undefined;
      if (rf && section) {
        return {
          status: 'partial',
          score: 0.5,
          evidence: [{ message: `README section "${section.title}" explains how to report a vulnerability privately`, file: rf.path, line: section.line + 1 }],
          findings: [{
            message: `${rf.path} ("${section.title}") says how to report a vulnerability, but there is no SECURITY.md, where GitHub shows reporters the policy, and nothing says which versions receive security fixes; add a SECURITY.md with both`,
            file: rf.path,
            range: rf.lineRange(section.line),
            fix: createFileFix('Create SECURITY.md', 'SECURITY.md', SECURITY_TEMPLATE),
          }],
        };
      }
      return {
        status: 'fail',
        findings: [{
          message: 'no SECURITY.md: add one that says how to report a vulnerability privately and which versions receive fixes',
          file: null,
          fix: createFileFix('Create SECURITY.md', 'SECURITY.md', SECURITY_TEMPLATE),
        }],
      };
    }
    const view = file.kind === 'markdown' ? markdownView(file) : undefined;
    const words = view ? view.words : file.text.split(/\s+/).filter(Boolean).length;
    const reportSection = view?.sections.find((s) => REPORT_HEADING.test(s.title) && s.words >= 10);
    const hasReport = Boolean(reportSection) || REPORT_TEXT.test(file.text);
    const versionMatch = VERSIONS.exec(file.text);
    const hasVersions = Boolean(versionMatch);
    const evidence: Evidence[] = [];
    if (hasReport) evidence.push({ message: 'explains how to report a vulnerability', file: file.path, line: (reportSection?.line ?? 0) + 1 });
    if (versionMatch) evidence.push({ message: 'states the supported versions', file: file.path, line: file.positionAt(versionMatch.index).line + 1 });
    const todos = view?.todos ?? 0;
    if (hasReport && hasVersions && words >= 30 && todos === 0) return { status: 'pass', findings: [], evidence };
    const missing = [todos > 0 && `the ${todos} TODO paragraph(s) filled in`, !hasReport && 'how to report a vulnerability privately', !hasVersions && 'which versions receive security fixes', words < 30 && 'more than a line or two of detail'].filter(Boolean);
    const score = Math.max(0.1, (hasReport ? 0.5 : 0) + (hasVersions ? 0.25 : 0) + (words >= 30 ? 0.15 : 0));
    return {
      status: 'partial',
      score: Math.min(score, todos > 0 ? 0.5 : 0.9),
      evidence,
      findings: [{ message: `${file.path} is incomplete: it lacks ${missing.join('; ')}; add them`, file: file.path, range: file.lineRange(0), data: { missing } }],
    };
  },
};
