/**
 * What a repository says of itself: the headline and first paragraph of its README, the description
 * of its package metadata, and the layout of a collection of independent samples. `core/facts.ts`
 * uses it to tell examples, tutorials, courses and sample collections (kind `example`) from products.
 *
 * The principles, stated before looking at any repository:
 *
 * 1. A repository is an example when its README's headline (the first level-1 heading, or the alt
 *    text of the image it shows) or the first sentence of its first paragraph calls it an example,
 *    a sample, a demo, a tutorial, a course or a workshop ("Spring PetClinic Sample Application",
 *    "A curated list of Docker Compose samples"); "for example" and words inside links' targets do
 *    not count.
 * 2. So is one whose first paragraph is only a link to the course or tutorial it belongs to.
 * 3. So is one whose root package metadata (package.json, pyproject.toml, Cargo.toml) describes it
 *    so in the first sentence of its `description`, or names it so (`*-example-app`).
 * 4. So is a collection of independent samples: no build or image of its own at the root, and at
 *    least five top-level folders of which two thirds each hold their own README and their own build
 *    (a compose file, a Dockerfile or a package manifest).
 */
import type { Workspace } from './workspace';

/** Words by which a repository says that it is meant to be read and copied rather than operated. */
const EXAMPLE_WORD = /\b(examples?|samples?|demo(?:nstration)?s?|tutorials?|courses?|workshops?|codelabs?|getting[- ]started)\b/i;
/** Phrases that use those words for something else ("for example", "see the examples"). */
const NOT_SELF = /\b(?:for|as an?|see the|with|and|including|more|many|other)\s+(?:an?\s+)?(?:examples?|samples?|demos?)\b|\be\.g\./gi;
/** A link to a course, tutorial or workshop page (the repository is its code). */
const COURSE_LINK = /^<?https?:\/\/\S+\/(?:courses?|tutorials?|workshops?|learn)\/\S*>?$/i;
/** Name tokens that call a package an example. */
const EXAMPLE_TOKEN = /^(examples?|samples?|demo|tutorial|course|workshop)$/i;

const README = /^readme(\.(md|markdown|rst|txt|adoc))?$/i;
const BUILD = /^(package\.json|go\.mod|Cargo\.toml|pyproject\.toml|setup\.py|requirements\.txt|pom\.xml|build\.gradle(\.kts)?|Gemfile|[\w.-]+\.csproj|composer\.json|Containerfile|Dockerfile|(docker-)?compose\.ya?ml)$/;

/** Why the repository is an example, tutorial or sample collection by what it says of itself, or undefined. */
export function exampleEvidence(ws: Workspace): string | undefined {
  const readme = ws.files.find((f) => !f.includes('/') && README.test(f));
  if (readme) {
    const text = ws.read(readme)?.text ?? '';
    const { headline, paragraph } = headlineAndParagraph(text);
    const inHeadline = headline && selfWord(headline);
    if (inHeadline) return `its ${readme} headline calls it ${article(inHeadline)} ("${clip(headline)}")`;
    const sentence = firstSentence(paragraph);
    const inSentence = sentence && selfWord(sentence);
    if (inSentence) return `its ${readme} opens by calling it ${article(inSentence)} ("${clip(sentence)}")`;
    if (COURSE_LINK.test(paragraph.trim())) return `its ${readme} opens with a link to the course it belongs to (${clip(paragraph.trim())})`;
  }
  const meta = metadataEvidence(ws);
  if (meta) return meta;
  return collectionEvidence(ws);
}

/**
 * The word of `EXAMPLE_WORD` a text uses of itself, singular and lower-cased, or undefined; the most
 * specific one when there are several ("Getting Started Tutorial" is a tutorial).
 */
function selfWord(text: string): string | undefined {
  const words = [...text.replace(NOT_SELF, ' ').matchAll(new RegExp(EXAMPLE_WORD.source, 'gi'))].map((m) => m[1].toLowerCase().replace(/s$/, '').replace(/^getting[- ]started$/, 'getting-started guide'));
  return WORD_ORDER.find((w) => words.includes(w)) ?? words[0];
}

/** The words of `EXAMPLE_WORD`, most specific first. */
const WORD_ORDER = ['tutorial', 'course', 'workshop', 'codelab', 'example', 'sample', 'demonstration', 'demo', 'getting-started guide'];

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 100 ? `${one.slice(0, 97)}...` : one;
}

/** Markdown or HTML inline markup reduced to its words: images to their alt text, links to their text. */
function plain(line: string): string {
  return line
    .replace(/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<img\b[^>]*\balt=["']([^"']*)["'][^>]*>/gi, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[*_`]+/g, '')
    .trim();
}

/** Whether a line carries only badges, images, links or HTML (nothing a reader would call prose). */
function decorative(line: string): boolean {
  const t = line.trim();
  if (!t) return true;
  if (/^(\[!\[|!\[|<(?!\/?(p|h\d)\b)[a-z/!])/i.test(t) && !/[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}/i.test(t.replace(/\([^)]*\)|<[^>]*>|\[[^\]]*\]/g, ''))) return true;
  return plain(t).replace(/[^\p{L}\p{N}]+/gu, '') === '';
}

/** The README's headline (first level-1 heading) and the first paragraph of prose after it. */
export function headlineAndParagraph(text: string): { headline: string; paragraph: string } {
  const lines = text.split(/\r?\n/).slice(0, 120);
  let headline = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const atx = /^#\s+(.*?)\s*#*\s*$/.exec(l);
    const html = /<h1\b[^>]*>(.*?)<\/h1>/i.exec(l);
    const setext = i + 1 < lines.length && /^\s*(=+|-{3,})\s*$/.test(lines[i + 1]) && l.trim() !== '' && !/^\s*[-=]+\s*$/.test(l) && /^=/.test(lines[i + 1].trim());
    if (atx || html || setext) {
      headline = plain(atx ? atx[1] : html ? html[1] : l);
      start = i + (setext ? 2 : 1);
      break;
    }
    // Prose before any heading: the README has no headline; its first paragraph starts here.
    if (!decorative(l) && !/^\s*(=+|-+|#+.*)\s*$/.test(l)) break;
  }
  const para: string[] = [];
  for (let i = start; i < lines.length; i++) {
    // A quoted line is the tagline under the headline, even when it is set as a heading (`> ### ...`).
    const quoted = /^\s*>/.test(lines[i]);
    const raw = quoted ? lines[i].replace(/^\s*>\s?(#{1,6}\s+)?/, '') : lines[i];
    if ((!quoted && /^\s*#{1,6}\s/.test(raw)) || /^\s*(=+|-{3,})\s*$/.test(raw) || /^\s*```/.test(raw)) {
      if (para.length) break;
      continue;
    }
    if (decorative(raw) && !COURSE_LINK.test(raw.trim())) {
      if (para.length && raw.trim() === '') break;
      continue;
    }
    para.push(raw.trim());
    if (para.join(' ').length > 600) break;
  }
  return { headline, paragraph: para.join(' ') };
}

/** The first sentence of a paragraph, links reduced to their text. */
function firstSentence(paragraph: string): string {
  const p = plain(paragraph).replace(/https?:\/\/\S+/g, ' ');
  const m = /^(.*?[.!?])(\s|$)/.exec(p);
  return (m ? m[1] : p).slice(0, 300);
}

/** Why the root package metadata calls the project an example, or undefined. */
function metadataEvidence(ws: Workspace): string | undefined {
  const pkg = ws.read('package.json')?.text;
  if (pkg) {
    try {
      const j = JSON.parse(pkg) as { name?: unknown; description?: unknown; private?: unknown };
      if (typeof j.description === 'string') {
        const w = selfWord(firstSentence(j.description));
        if (w) return `package.json describes it as ${article(w)} ("${clip(j.description)}")`;
      }
      if (typeof j.name === 'string' && j.name.split(/[-_/@.]+/).some((t) => EXAMPLE_TOKEN.test(t))) return `package.json names it "${clip(j.name)}"`;
    } catch {
      /* An invalid package.json is reported by its own rule. */
    }
  }
  for (const f of ['pyproject.toml', 'Cargo.toml']) {
    const m = /^description\s*=\s*["']([^"'\n]+)["']/m.exec(ws.read(f)?.text ?? '');
    const w = m && selfWord(firstSentence(m[1]));
    if (m && w) return `${f} describes it as ${article(w)} ("${clip(m[1])}")`;
  }
  return undefined;
}

/** Why the repository is a collection of independent samples (principle 4), or undefined. */
function collectionEvidence(ws: Workspace): string | undefined {
  const top = new Map<string, { readme: boolean; build: boolean }>();
  for (const f of ws.files) {
    const slash = f.indexOf('/');
    if (slash < 0) {
      if (BUILD.test(f)) return undefined;
      continue;
    }
    const dir = f.slice(0, slash);
    if (dir.startsWith('.')) continue;
    const e = top.get(dir) ?? { readme: false, build: false };
    const base = f.slice(f.lastIndexOf('/') + 1);
    if (f.indexOf('/', slash + 1) < 0 && README.test(base)) e.readme = true;
    if (BUILD.test(base)) e.build = true;
    top.set(dir, e);
  }
  const samples = [...top].filter(([, e]) => e.readme && e.build).map(([d]) => d);
  if (samples.length >= 5 && samples.length * 3 >= top.size * 2) {
    return `a collection of ${samples.length} independent samples, each with its own README and build (${samples.slice(0, 3).join('/, ')}/...), and no build of its own at the root`;
  }
  return undefined;
}
