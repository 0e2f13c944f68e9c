/**
 * ci/workflow-valid: the workflow file is one GitHub will run. It must be valid YAML (one document, a
 * mapping) and fit GitHub's own workflow schema and checks, run with @actions/workflow-parser, the
 * parser behind GitHub's Actions language service (see rules/lib/workflow-schema.ts): known keys and
 * events, no duplicate keys, required keys present (`on`, `jobs`, `runs-on`, a schedule's `cron`),
 * valid permission scopes and levels, valid cron and expressions, `needs:` naming real jobs, and no
 * alias to an undefined anchor; and a `workflow_run` trigger that names no workflows, which GitHub
 * accepts but never fires. GitHub reports an invalid workflow only in its Actions tab, so a typo
 * silently turns CI off.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { isMap } from 'yaml';
import { schemaProblems } from '../lib/workflow-schema';
import { workflowOf } from '../lib/workflow';

export const rule: FileRule = {
  id: 'ci/workflow-valid',
  category: 'ci-cd',
  severity: 'high',
  level: 'prototype',
  title: 'Workflow files are valid',
  rationale: 'GitHub skips a workflow it cannot parse and says so only in the Actions tab; a YAML error, a misspelt key or event, or a duplicate key silently turns the checks off.',
  related: [
    { tool: 'actionlint', id: 'syntax-check' },
    { tool: 'actionlint', id: 'events' },
    { tool: 'actionlint', id: 'permissions' },
    { tool: 'actionlint', id: 'job-needs' },
  ],
  scope: 'file',
  guard: true,
  kinds: ['workflow'],
  checkFile(file) {
    const doc = file.yamlDocs[0];
    // YAML the reader refused (too deep, too large for the full parser) is a note of the audit, not an empty file.
    if (!doc && file.text.trim() !== '' && file.yamlProblems.length > 0) return [];
    if (!doc || file.text.trim() === '') return [{ message: 'the workflow file is empty: remove it or add `on:` and `jobs:`', range: file.lineRange(0) }];
    if (doc.errors.length > 0) {
      return doc.errors.slice(0, 3).map((e) => ({
        message: `the workflow is not valid YAML (GitHub may refuse to run it and other tools read it differently): ${e.message.split('\n')[0].replace(/^\w/, (c) => c.toLowerCase())}`,
        range: file.rangeOf(e.pos[0], e.pos[1]),
      }));
    }
    const findings: RuleFinding[] = [];
    if (file.yamlDocs.length > 1) {
      const second = file.yamlDocs[1];
      const at = (second.contents as { range?: number[] } | null)?.range?.[0];
      findings.push({ message: 'the file holds more than one YAML document (`---`): GitHub reads a workflow file as a single document and rejects it', range: at === undefined ? file.lineRange(0) : file.lineRange(file.positionAt(at).line) });
      return findings;
    }
    if (!isMap(doc.contents)) return [{ message: 'the workflow is not a YAML mapping: it needs top-level `on:` and `jobs:` keys', range: file.lineRange(0) }];
    for (const p of schemaProblems(file, doc)) findings.push({ message: p.message, range: p.range });
    // Valid, but never runs: `workflow_run` fires only after the workflows it names.
    const wf = workflowOf(file);
    const run = wf?.triggerConfig.get('workflow_run');
    if (wf && wf.triggers.includes('workflow_run') && !(run && typeof run === 'object' && 'workflows' in (run as object))) {
      findings.push({ message: '`workflow_run` names no `workflows:`, so this workflow never runs: list the workflows whose runs should trigger it', range: file.yamlPathRange(['on', 'workflow_run']) });
    }
    return findings;
  },
};
