/**
 * ci/secrets-not-exposed: secrets reach only the code that needs them. Findings: a job that passes
 * `secrets: inherit` to a reusable workflow (every secret of the caller; medium for another
 * repository's workflow, low for one of this repository, `./` or `$/`), `toJSON(secrets)` (every secret in one string), and a script that prints a secret with
 * echo/printf/Write-Host (log masking misses transformed or multi-line values). A workflow that uses no
 * secret has nothing to examine.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Node } from 'yaml';
import { expressions, parseUses, workflowOf } from '../lib/workflow';

const PRINT = /\b(?:echo|printf|Write-Host|Write-Output|print|puts|console\.log)\b/;

function scanScript(file: SourceFile, node: unknown, findings: RuleFinding[]): void {
  const r = (node as Node | undefined)?.range;
  if (!r) return;
  const src = file.text.slice(r[0], r[1]);
  for (const e of expressions(src)) {
    const range = file.rangeOf(r[0] + e.start, r[0] + e.end);
    if (/\btoJSON\s*\(\s*secrets\s*\)/i.test(e.body)) {
      findings.push({ message: '`toJSON(secrets)` puts every secret of the repository into the script: pass only the secrets this step needs, through `env:`', range });
      continue;
    }
    if (!/\bsecrets\.\w/.test(e.body)) continue;
    const lineStart = src.lastIndexOf('\n', e.start) + 1;
    const lineEnd = src.indexOf('\n', e.end);
    const before = src.slice(lineStart, e.start);
    const after = src.slice(e.end, lineEnd < 0 ? src.length : lineEnd);
    if (PRINT.test(before) && !/::add-mask::/.test(before) && !/[|>]/.test(after) && !/[|>]/.test(before.slice(before.search(PRINT)))) {
      findings.push({ message: `the script prints \`\${{ ${e.body} }}\` to the log: masking misses transformed values; pass the secret through \`env:\` to the command that needs it instead of echoing it`, range });
    }
  }
}

export const rule: FileRule = {
  id: 'ci/secrets-not-exposed',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'Secrets reach only the steps that need them',
  rationale: 'Secrets printed to logs or handed wholesale to other repositories\' workflows leak beyond the step that needs them; logs are readable by everyone with read access.',
  related: [{ tool: 'zizmor', id: 'secrets-inherit' }, { tool: 'zizmor', id: 'overprovisioned-secrets' }],
  scope: 'file',
  guard: true,
  kinds: ['workflow'],
  examines: (file) => {
    const wf = workflowOf(file);
    return !!wf && (wf.jobs.some((j) => !!j.uses && j.secrets !== undefined) || expressions(file.text).some((e) => /\bsecrets\b/.test(e.body)));
  },
  examinesWhat: 'a use of secrets (a `secrets.` expression or secrets passed to a reusable workflow)',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      if (job.uses && job.secrets === 'inherit') {
        const ref = parseUses(job.uses);
        if (ref.kind === 'remote') findings.push({ message: `job ${job.id} passes \`secrets: inherit\` to ${job.uses.split('@')[0]}, a workflow of another repository: pass only the secrets it needs by name`, range: file.yamlRange(job.secretsNode), severity: 'medium' });
        else if (ref.kind === 'local') findings.push({ message: `job ${job.id} passes \`secrets: inherit\` to ${ref.slug}, a workflow of this repository: it receives every secret, and nobody can tell which it uses; pass only the secrets it needs by name`, range: file.yamlRange(job.secretsNode), severity: 'low' });
      }
      for (const step of job.steps) {
        scanScript(file, step.runNode, findings);
      }
    }
    // toJSON(secrets) anywhere else (env, with) also exposes everything.
    const all = /toJSON\s*\(\s*secrets\s*\)/i.test(file.text) ? file.text.matchAll(/\$\{\{[^}]*\btoJSON\s*\(\s*secrets\s*\)[^}]*\}\}/gi) : [];
    for (const m of all) {
      const range = file.rangeOf(m.index ?? 0, (m.index ?? 0) + m[0].length);
      if (!findings.some((f) => f.range?.start.line === range.start.line)) findings.push({ message: '`toJSON(secrets)` exposes every secret of the repository: pass only the secrets needed, by name', range });
    }
    return findings;
  },
};
