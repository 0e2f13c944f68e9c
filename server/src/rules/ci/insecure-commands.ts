/**
 * ci/insecure-commands: no workflow, job or step sets `ACTIONS_ALLOW_UNSECURE_COMMANDS`. It turns the
 * `::set-env` and `::add-path` workflow commands back on, which GitHub disabled in 2020 because any
 * program that prints to the log (a test, a dependency, a file being `cat`ed) can then set
 * environment variables and PATH entries for the following steps (zizmor's `insecure-commands`). It is
 * an absence check (a guard): it costs points when the variable is set and earns none when it is not.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { isMap, type YAMLMap } from 'yaml';
import { pairOf, workflowOf } from '../lib/workflow';

function check(file: Parameters<FileRule['checkFile']>[0], where: string, owner: unknown, findings: RuleFinding[]): void {
  const env = isMap(owner) ? pairOf(owner as YAMLMap, 'env')?.value : undefined;
  if (!isMap(env)) return;
  const pair = pairOf(env, 'ACTIONS_ALLOW_UNSECURE_COMMANDS');
  if (!pair) return;
  const v = (pair.value as { value?: unknown } | null)?.value;
  if (v === false || (typeof v === 'string' && /^(false|0|no|)$/i.test(v.trim()))) return;
  findings.push({
    message: `${where} sets ACTIONS_ALLOW_UNSECURE_COMMANDS, which re-enables the \`::set-env\` and \`::add-path\` log commands: anything that prints to the log can then change the environment of later steps; write to $GITHUB_ENV and $GITHUB_PATH instead`,
    range: file.yamlRange(pair.key),
  });
}

export const rule: FileRule = {
  id: 'ci/insecure-commands',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'Insecure workflow commands stay disabled',
  rationale: 'With ACTIONS_ALLOW_UNSECURE_COMMANDS, any output line such as `::set-env name=LD_PRELOAD::...` from a test or a dependency changes the environment of the following steps.',
  related: [{ tool: 'zizmor', id: 'insecure-commands' }],
  scope: 'file',
  guard: true,
  kinds: ['workflow'],
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    check(file, 'the workflow', wf.root, findings);
    for (const job of wf.jobs) {
      check(file, `job ${job.id}`, job.node, findings);
      for (const step of job.steps) check(file, `a step of job ${job.id}`, step.node, findings);
    }
    return findings;
  },
};
