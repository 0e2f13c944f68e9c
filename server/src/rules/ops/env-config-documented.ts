/**
 * ops/env-config-documented: every environment variable the code reads is documented, in an
 * example env file (.env.example, .env.sample, .env.template...), an example configuration file or
 * the documentation. What is read and what is documented come from the one scanner security/env-example
 * uses too (`lib/env-vars.ts`): variables the platform, the OS or an SDK provides and code that never
 * runs in the product (generators, served assets, tests) are left out. The score
 * is the documented share; the finding sits where the first undocumented variable is read. Fixes
 * create .env.example or append the missing names to the existing example file.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { appendFix, createFileFix, outcome } from '../lib/util';
import { envDocumentation, productEnvReads } from '../lib/env-vars';

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
  check({ ws, manifest }) {
    const reads = productEnvReads(ws, manifest);
    if (reads.length === 0) return outcome.na('the code reads no environment variables');
    const docs = envDocumentation(ws, reads);
    const exampleFile = docs.examples[0];
    const example = exampleFile?.path;
    const missing = docs.missing.map((r) => r.name).sort();
    const evidence = [{ message: `${reads.length - missing.length} of ${reads.length} environment variable(s) documented${example ? ` (${example})` : ''}`, ...(example ? { file: example } : {}) }];
    if (missing.length === 0) return outcome.pass(evidence);
    const first = docs.missing.find((r) => r.name === missing[0])!;
    const lines = missing.map((n) => `${n}=\n`).join('');
    const fix = exampleFile
      ? appendFix(`Add ${missing.length} variable(s) to ${example}`, exampleFile, lines)
      : createFileFix('Create .env.example', '.env.example', `# Environment variables read by the service. Copy to .env and fill in the values.\n${reads.map((r) => `${r.name}=\n`).join('')}`);
    const shown = missing.slice(0, 8).join(', ') + (missing.length > 8 ? `, and ${missing.length - 8} more` : '');
    const finding = {
      message: `${missing.length} environment variable(s) read by the code are not documented (${shown}): list them in ${example ?? '.env.example'} with a comment or a safe example value`,
      file: first.file,
      range: first.range,
      fix,
      data: { missing },
    };
    const score = (reads.length - missing.length) / reads.length;
    return score > 0 ? outcome.partial(score, [finding], evidence) : outcome.fail([finding], evidence);
  },
};
