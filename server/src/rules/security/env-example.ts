/**
 * security/env-example: an `.env.example` (or `.env.sample`, `.env.template`) documents every
 * environment variable the code reads, so that a new environment can be configured without reading
 * the source. The project's own configuration reference documents a variable too: an example
 * configuration file in `KEY=value` form (`app.conf.example`) or a page of its documentation that
 * names it. Only the product's code is read (not tests, examples, generators or served assets). What
 * is read and what is documented come from the scanner ops/env-config-documented shares
 * (`lib/env-vars.ts`). Each undocumented variable is reported where the code first reads it; the fix
 * creates the example file (or appends to it) with empty values and where each variable is read.
 */
import type { Evidence, Fix, RuleFinding, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { appendFix, createFileFix } from '../lib/util';
import { EXAMPLE_NAMES, envEntries } from '../lib/env-files';
import { envDocumentation, productEnvReads, type EnvRead } from '../lib/env-vars';

/** The header of a generated example file. */
export const EXAMPLE_HEADER = '# Environment variables the application reads. Copy this file to .env and fill in the values;\n# never commit .env, and keep real secrets in a secret store.\n';

/** The lines that document variables, with where each is read. */
export function exampleLines(reads: EnvRead[]): string {
  return reads.map((r) => `\n# Read in ${r.file}:${r.line}\n${r.name}=\n`).join('');
}

export const rule: WorkspaceRule = {
  id: 'security/env-example',
  category: 'security',
  severity: 'medium',
  level: 'mvp',
  title: '.env.example documents every environment variable the code reads',
  rationale: 'Configuration that exists only in the code is discovered in production, one crash at a time; an example file lists what an environment must provide, without the values.',
  scaffold: 'env-example',
  fixable: true,
  scope: 'workspace',
  // A .env.example is the configuration contract of something deployed; a library's or a CLI's
  // environment variables are user settings, documented in its README or --help.
  projectKinds: [...SERVICE_KINDS, 'web-frontend'],
  // The documentation pages of a docs tree document the configuration; the code is read from the
  // product only (`productEnvReads`).
  roles: ['product', 'docs'],
  applies(_facts, { ws, manifest }) {
    return productEnvReads(ws, manifest).length > 0 ? true : 'the code reads no environment variables';
  },
  check({ ws, manifest }) {
    const reads = productEnvReads(ws, manifest);
    const { examples, inReference: byDocs, missing } = envDocumentation(ws, reads);
    const evidence: Evidence[] = examples.map((f) => ({ message: `${f.path} documents ${envEntries(f).length} variable(s)`, file: f.path }));
    if (byDocs.size > 0) {
      const files = [...new Set(byDocs.values())];
      evidence.push({ message: `${byDocs.size} variable(s) are documented in the project's configuration reference (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''})`, file: files[0] });
    }
    if (missing.length === 0) return { status: 'pass', findings: [], evidence: [...evidence, { message: `all ${reads.length} variable(s) the code reads are documented` }] };

    const target = examples[0];
    const fix: Fix = target
      ? appendFix(`Add ${missing.length} variable(s) to ${target.path}`, target, exampleLines(missing))
      : createFileFix('Create .env.example', EXAMPLE_NAMES[0], EXAMPLE_HEADER + exampleLines(reads));
    const where = target ? target.path : 'an .env.example';
    const findings: RuleFinding[] = missing.slice(0, 50).map((r) => ({
      message: `${r.name} is read here but documented neither in ${where} nor in the project's documentation; add \`${r.name}=\` to ${where} with a comment on what it is`,
      file: r.file,
      range: r.range,
      fix,
      data: { variable: r.name },
    }));
    if (!target) {
      findings.unshift({
        message: `no .env.example documents the ${missing.length} environment variable(s) the code reads${byDocs.size > 0 ? ' that the documentation does not name' : ''}: ${missing.slice(0, 8).map((r) => `${r.name} (${r.file}:${r.line})`).join(', ')}${missing.length > 8 ? ', ...' : ''}`,
        file: null,
        fix,
      });
    }
    const score = (reads.length - missing.length) / reads.length;
    return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
  },
};
