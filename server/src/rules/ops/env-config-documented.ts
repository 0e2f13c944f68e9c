/**
 * ops/env-config-documented: every environment variable the code reads is documented, in an
 * example env file (.env.example, .env.sample, .env.template...) or in the documentation. Variables
 * the platform, the OS or an SDK provides and code that never runs in the product (generators, served
 * assets) are left out, as in security/env-example (`lib/env-vars.ts`). The score
 * is the documented share; the finding sits where the first undocumented variable is read. Fixes
 * create .env.example or append the missing names to the existing example file.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { appendFix, createFileFix, outcome } from '../lib/util';
import { allHits, productSources, projectDocs, type Hit } from '../lib/evidence';
import { isBuiltinVar, neverRuns } from '../lib/env-vars';

const READS = /process\.env\.([A-Z][A-Z0-9_]{1,60})\b|process\.env\[\s*['"]([A-Z][A-Z0-9_]{1,60})['"]|import\.meta\.env\.([A-Z][A-Z0-9_]{1,60})\b|os\.environ\[\s*['"]([A-Z][A-Z0-9_]{1,60})['"]|os\.(?:environ\.get|getenv)\(\s*['"]([A-Z][A-Z0-9_]{1,60})['"]|os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]{1,60})"|System\.getenv\(\s*"([A-Z][A-Z0-9_]{1,60})"|ENV(?:\.fetch\(|\[)\s*['"]([A-Z][A-Z0-9_]{1,60})['"]|env::var(?:_os)?\(\s*"([A-Z][A-Z0-9_]{1,60})"|GetEnvironmentVariable\(\s*"([A-Z][A-Z0-9_]{1,60})"|Deno\.env\.get\(\s*['"]([A-Z][A-Z0-9_]{1,60})['"]|\benv\.([A-Z][A-Z0-9_]{1,60})\b|\benv(?:\.(?:str|int|bool|float|list|json|url|db_url|path))?\(\s*['"]([A-Z][A-Z0-9_]{1,60})['"]/g;
/** `const { A, B: b = 1 } = process.env` destructuring. */
const DESTRUCTURED = /\{([^{}]{1,400})\}\s*=\s*process\.env\b/g;
/** Variables set by the platform, the shell or the tooling; nobody needs them documented. */
const AMBIENT = /^(?:NODE_ENV|HOME|PATH|PWD|USER|USERNAME|SHELL|TERM|TZ|LANG|LC_\w+|CI|HOSTNAME|TMPDIR|TEMP|TMP|DEBUG|GITHUB_\w+|RUNNER_\w+|NPM_\w+|npm_\w+|VERCEL\w*|NEXT_RUNTIME|JEST_WORKER_ID|VITEST\w*|PYTEST_\w+|KUBERNETES_\w+|AWS_LAMBDA_\w+|LAMBDA_TASK_ROOT|DYNO|MODE|DEV|PROD|SSR|BASE_URL)$/;
/** True for variables the platform, the OS or an SDK sets or reads by itself (shared with security/env-example). */
function ambient(name: string): boolean {
  return AMBIENT.test(name) || isBuiltinVar(name);
}
const EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults', 'env.example', 'example.env', 'sample.env', '.env.local.example', '.env.development.example'];

export const rule: WorkspaceRule = {
  id: 'ops/env-config-documented',
  category: 'operations',
  severity: 'low',
  level: 'mvp',
  title: 'Every environment variable the code reads is documented',
  rationale: 'A deployment that misses one undocumented variable fails at start-up or, worse, runs with a wrong default; an example env file is the checklist for every new environment.',
  roadmap: [{ topic: 'documented configuration', match: /\.env\.example|env example|environment variables? (are )?(documented|documentation|template)|config(uration)? (is )?documented|document (all )?(required )?environment variables/, rank: 440 }],
  scaffold: 'env-example',
  fixable: true,
  scope: 'workspace',
  // A .env.example is the configuration contract of something deployed; a library's or a CLI's
  // environment variables are user settings, documented in its README or --help.
  projectKinds: [...SERVICE_KINDS, 'web-frontend'],
  check({ ws }) {
    const used = new Map<string, Hit>();
    for (const p of productSources(ws).slice(0, 3000)) {
      const f = ws.read(p);
      if (!f || !/env/.test(f.text) || neverRuns(f)) continue;
      for (const h of allHits(f, READS, 200)) {
        const name = h.groups.find((g) => g !== undefined);
        if (name && !ambient(name) && !used.has(name)) used.set(name, h);
      }
      if (!f.text.includes('= process.env')) continue;
      for (const h of allHits(f, DESTRUCTURED, 20)) {
        for (const part of (h.groups[0] ?? '').split(',')) {
          const name = /^\s*([A-Z][A-Z0-9_]{1,60})\b/.exec(part)?.[1];
          if (name && !ambient(name) && !used.has(name)) used.set(name, h);
        }
      }
    }
    if (used.size === 0) return outcome.na('the code reads no environment variables');
    const example = ws.findFile(EXAMPLES) ?? ws.files.find((p) => EXAMPLES.includes(p.slice(p.lastIndexOf('/') + 1)));
    const documented = new Set<string>();
    for (const p of [...(example ? [example] : []), ...projectDocs(ws, 100)]) {
      const text = ws.read(p)?.text ?? '';
      for (const m of text.matchAll(/\b[A-Z][A-Z0-9_]{1,60}\b/g)) documented.add(m[0]);
    }
    const missing = [...used.keys()].filter((n) => !documented.has(n)).sort();
    const evidence = [{ message: `${used.size - missing.length} of ${used.size} environment variable(s) documented${example ? ` (${example})` : ''}`, ...(example ? { file: example } : {}) }];
    if (missing.length === 0) return outcome.pass(evidence);
    const first = used.get(missing[0])!;
    const exampleFile = example ? ws.read(example) : undefined;
    const lines = missing.map((n) => `${n}=\n`).join('');
    const fix = exampleFile
      ? appendFix(`Add ${missing.length} variable(s) to ${example}`, exampleFile, lines)
      : createFileFix('Create .env.example', '.env.example', `# Environment variables read by the service. Copy to .env and fill in the values.\n${[...used.keys()].sort().map((n) => `${n}=\n`).join('')}`);
    const shown = missing.slice(0, 8).join(', ') + (missing.length > 8 ? `, and ${missing.length - 8} more` : '');
    const finding = {
      message: `${missing.length} environment variable(s) read by the code are not documented (${shown}): list them in ${example ?? '.env.example'} with a comment or a safe example value`,
      file: first.file,
      range: first.range,
      fix,
      data: { missing },
    };
    const score = (used.size - missing.length) / used.size;
    return score > 0 ? outcome.partial(score, [finding], evidence) : outcome.fail([finding], evidence);
  },
};
