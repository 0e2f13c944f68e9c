/**
 * security/env-example: an `.env.example` (or `.env.sample`, `.env.template`) documents every
 * environment variable the code reads, so that a new environment can be configured without reading
 * the source. Each undocumented variable is reported where the code first reads it; the fix creates
 * the example file (or appends to it) with empty values and where each variable is read.
 */
import type { Evidence, Fix, RuleFinding, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { appendFix, createFileFix, isTemplatePath } from '../lib/util';
import { EXAMPLE_ENV, EXAMPLE_NAMES, envEntries } from '../lib/env-files';
import { envReads, type EnvRead } from '../lib/env-vars';

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
  fixable: true,
  scope: 'workspace',
  // A .env.example is the configuration contract of something deployed; a library's or a CLI's
  // environment variables are user settings, documented in its README or --help.
  projectKinds: [...SERVICE_KINDS, 'web-frontend'],
  applies(_facts, { ws }) {
    return envReads(ws).length > 0 ? true : 'the code reads no environment variables';
  },
  check({ ws }) {
    const reads = envReads(ws);
    const examples: SourceFile[] = [];
    for (const p of ws.pathsOfKind('env')) {
      if (!EXAMPLE_ENV.test(p) || isTemplatePath(p)) continue;
      const f = ws.read(p);
      if (f) examples.push(f);
    }
    examples.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
    const documented = new Set<string>();
    for (const f of examples) for (const e of envEntries(f)) documented.add(e.key);
    const missing = reads.filter((r) => !documented.has(r.name));
    const evidence: Evidence[] = examples.map((f) => ({ message: `${f.path} documents ${envEntries(f).length} variable(s)`, file: f.path }));
    if (missing.length === 0) return { status: 'pass', findings: [], evidence: [...evidence, { message: `all ${reads.length} variable(s) the code reads are documented` }] };

    const target = examples[0];
    const fix: Fix = target
      ? appendFix(`Add ${missing.length} variable(s) to ${target.path}`, target, exampleLines(missing))
      : createFileFix('Create .env.example', EXAMPLE_NAMES[0], EXAMPLE_HEADER + exampleLines(reads));
    const where = target ? target.path : 'an .env.example';
    const findings: RuleFinding[] = missing.slice(0, 50).map((r) => ({
      message: `${r.name} is read here but not documented in ${where}; add \`${r.name}=\` with a comment on what it is`,
      file: r.file,
      range: r.range,
      fix,
      data: { variable: r.name },
    }));
    if (!target) {
      findings.unshift({
        message: `no .env.example documents the ${reads.length} environment variable(s) the code reads: ${reads.slice(0, 8).map((r) => `${r.name} (${r.file}:${r.line})`).join(', ')}${reads.length > 8 ? ', ...' : ''}`,
        file: null,
        fix,
      });
      return { status: 'fail', findings, evidence };
    }
    const score = (reads.length - missing.length) / reads.length;
    return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
  },
};
