/**
 * security/personal-data-documented: a service whose data model stores personal data (email
 * addresses, names, phone numbers, postal addresses, birth dates, IP addresses, national ids, card
 * numbers) documents how it handles them: a privacy, personal-data, PII, GDPR or data-protection
 * section (or a PRIVACY document) with real content: what is collected, why, where it is kept, for
 * how long, and how a person gets it exported or erased.
 *
 * Fields are read from model and schema declarations (ORM models, Prisma schemas, SQL tables), not
 * from any variable that happens to be called `email`. A project whose models hold no personal
 * field is not applicable; a heading with fewer than 30 words under it earns half.
 *
 * A privacy policy the application itself shows its users documents the data as well as a file in
 * docs/ does: a privacy page or component (`privacy-policy.component.html`, `pages/privacy.tsx`,
 * `templates/privacy.html`) with at least 150 words of text once markup is stripped.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { sectionsTitled, projectDocs, sectionEvidence } from '../lib/evidence';
import { isTemplatePath, isTestPath, outcome } from '../lib/util';

const MODEL_FILE = /models\.Model\b|\bColumn\(|mapped_column\(|\bSQLModel\b|@Entity\b|@Column\b|\bmodel\s+\w+\s*\{|CREATE\s+TABLE|gorm\.Model|\b(?:db|gorm|bun):"|\bDataTypes\.\w+|mongoose\.Schema|\bnew\s+Schema\(|models\.\w+Field\(/i;
/** A personal field declared in a model: a name followed by a field or column declaration. */
const FIELD = /\b(e_?mail(?:_?address)?|phone(?:_?number)?|mobile(?:_?number)?|first_?name|last_?name|full_?name|surname|date_?of_?birth|birth_?date|birthday|dob|street(?:_?address)?|postal_?code|zip_?code|home_?address|ssn|social_?security(?:_?number)?|national_?id|passport(?:_?number)?|tax_?id|ip_?address|card_?number|credit_?card|iban)\b["'`]?\s*(?:[:=]\s*(?:models\.(?!ForeignKey|OneToOneField|ManyToManyField)|Column\(|mapped_column\(|Mapped\[(?!['"])|db\.Column|sa\.Column|String|VARCHAR|varchar|text|TEXT|DataTypes|fields\.|\{\s*type)|\s+(?:String|VARCHAR|varchar|text|TEXT|CITEXT|citext|string)\b|\s*\{\s*type\s*:|\s+string\s+`|\s+String\??\s|\s+@db\.)/i;
/** A page or component of the application, named for its privacy policy or notice. */
const POLICY_PAGE = /(?:^|\/)[^/]*(?:privacy|datenschutz|data-?protection)[^/]*\.(?:html?|vue|svelte|[jt]sx|mdx?|hbs|ejs|njk|jinja2?|j2|erb|cshtml|razor|php|twig|liquid)$/i;

/** Words of a page's text once tags, template expressions and comments are stripped. */
function pageWords(text: string): number {
  // Bounded, so that a file of unclosed `<` or `{{` stays linear.
  const plain = text.replace(/<!--[^]{0,2000}?-->/g, ' ').replace(/\{\{[^]{0,400}?\}\}|\{%[^]{0,400}?%\}|\{[^{}\n]{0,400}\}/g, ' ').replace(/<[^<>]{0,400}>/g, ' ');
  return plain.split(/\s+/).filter((w) => /[a-z]{2,}/i.test(w)).length;
}

/** The application's own privacy page, when it has one with real text. */
function privacyPage(ws: { files: string[]; read(p: string): { text: string } | undefined }): string | undefined {
  for (const p of ws.files) {
    if (!POLICY_PAGE.test(p) || isTestPath(p) || /(?:^|\/)(?:examples?|samples?|fixtures?|testdata|node_modules)\//i.test(p)) continue;
    const f = ws.read(p);
    if (f && pageWords(f.text) >= 150) return p;
  }
  return undefined;
}
const TITLE = /privacy|personal data|personal information|\bpii\b|gdpr|data protection|data processing|ccpa|data subject/i;

export const rule: WorkspaceRule = {
  id: 'security/personal-data-documented',
  category: 'security',
  severity: 'low',
  level: 'production',
  title: 'Personal data in the data model is documented',
  rationale: 'A service that stores names, emails or addresses must be able to say what it keeps, why, for how long and how to export or erase it (GDPR articles 5, 15 and 17); that starts with writing it down next to the code.',
  roadmap: [{ topic: 'personal data', match: /\bpii\b|personal (data|information)|\bgdpr\b|privacy|data protection|\bccpa\b/, unless: /consent|audit log/, rank: 920 }],
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-8.3.4' }],
  projectKinds: SERVICE_KINDS,
  // The models are in the product; the notes may be anywhere in its documentation, a docs site included.
  roles: ['product', 'docs'],
  scope: 'workspace',
  applies(facts) {
    return facts.isService ? true : 'not a long-running service';
  },
  check({ ws }) {
    const fields = new Map<string, Evidence>();
    for (const p of ws.files) {
      if (!(ws.kindOf(p) === 'source' || /\.(?:prisma|sql)$/.test(p)) || isTestPath(p) || isTemplatePath(p) || /(?:^|\/)(?:_?examples?|frontend|src-ui|static|docs?)\//i.test(p)) continue;
      const f = ws.read(p);
      if (!f || !MODEL_FILE.test(f.text)) continue;
      const re = new RegExp(FIELD.source, 'gi');
      for (let m = re.exec(f.text); m && fields.size < 6; m = re.exec(f.text)) {
        const name = m[1].toLowerCase().replace(/_/g, '');
        if (!fields.has(name)) fields.set(name, { message: `personal field \`${m[1]}\``, file: p, line: f.positionAt(m.index).line + 1 });
      }
      if (fields.size >= 6) break;
    }
    if (fields.size === 0) return outcome.na('nothing to examine: the models and tables declare no personal-data field (email, name, phone, address, birth date...)');
    const evidence = [...fields.values()].slice(0, 4);
    const names = [...fields.values()].map((e) => e.message.replace(/^personal field /, '')).join(', ');
    const docs = projectDocs(ws, 300);
    const privacyFiles = docs.filter((p) => /(?:^|\/)(?:PRIVACY|DATA[-_ ]?PROTECTION|GDPR|PII)[^/]*\.mdx?$/i.test(p));
    const sections = sectionsTitled(ws, docs, TITLE);
    const full = sections.find((s) => s.section.words >= 30);
    if (full) return outcome.pass([...evidence, sectionEvidence(full)]);
    for (const p of privacyFiles) {
      const f = ws.read(p);
      if (f && f.text.split(/\s+/).filter(Boolean).length >= 60) return outcome.pass([...evidence, { message: 'privacy document', file: p, line: 1 }]);
    }
    const page = privacyPage(ws);
    if (page) return outcome.pass([...evidence, { message: 'privacy policy shown by the application', file: page, line: 1 }]);
    if (sections.length > 0) {
      const s = sections[0];
      return outcome.partial(0.5, [{ message: `the data model stores personal data (${names}) and ${s.file.path} has a "${s.section.title}" section, but it says almost nothing (${s.section.words} words): write what is collected, why, where it is kept, for how long, and how a person gets it exported or erased`, file: s.file.path, range: s.file.lineRange(s.section.line) }], [...evidence, sectionEvidence(s)]);
    }
    return outcome.fail([{ message: `the data model stores personal data (${names}) and no document says how it is handled; add a privacy or personal-data section: what is collected and why, where it is stored, how long it is kept, who can access it, and how a person gets it exported or erased`, file: null }], evidence);
  },
};
