/**
 * ci/github-env: workflows triggered by `pull_request_target` or `workflow_run` (which run with the
 * base repository's secrets and a write token, on events outsiders can cause) do not write to
 * `$GITHUB_ENV` or `$GITHUB_PATH` from anything but literal text. A variable such as `LD_PRELOAD`
 * or `NODE_OPTIONS`, or a directory put first on the PATH, runs attacker code in every later step
 * (zizmor's `github-env`, GHSL-2024-177). Writes of literal text (`echo "CI=true" >> $GITHUB_ENV`)
 * are fine, as zizmor also judges; bash and sh redirects and `tee`, cmd `%GITHUB_ENV%` and PowerShell
 * redirects and `Out-File`/`Add-Content`/`Set-Content`/`Tee-Object` are recognised.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Node } from 'yaml';
import { workflowOf, type Job, type Step, type Workflow } from '../lib/workflow';
import { tokenize } from '../lib/shell';

const DANGEROUS = ['pull_request_target', 'workflow_run'];

function shellOf(wf: Workflow, job: Job, step: Step): string {
  const s = step.shell ?? job.shell ?? wf.shell;
  if (s) return (s.trim().split(/\s+/)[0].split('/').pop() ?? '').toLowerCase();
  return JSON.stringify(job.runsOn ?? '').toLowerCase().includes('windows') ? 'pwsh' : 'bash';
}

/** Offsets of writes to GITHUB_ENV / GITHUB_PATH in a script (in file coordinates), with the file written. */
function writes(text: string, from: number, to: number, shell: string): { at: number; end: number; dest: string }[] {
  const out: { at: number; end: number; dest: string }[] = [];
  if (shell === 'cmd') {
    const re = />>?\s*"?%(GITHUB_ENV|GITHUB_PATH)%"?/gi;
    const body = text.slice(from, to);
    for (let m = re.exec(body); m; m = re.exec(body)) out.push({ at: from + m.index, end: from + m.index + m[0].length, dest: m[1].toUpperCase() });
    return out;
  }
  if (shell === 'pwsh' || shell === 'powershell') {
    const body = text.slice(from, to);
    const re = /(?:>>?\s*|\b(?:Out-File|Add-Content|Set-Content|Tee-Object)\b[^\n|;]*?)"?\$\{?env:(GITHUB_ENV|GITHUB_PATH)\}?"?/gi;
    for (let m = re.exec(body); m; m = re.exec(body)) out.push({ at: from + m.index, end: from + m.index + m[0].length, dest: m[1].toUpperCase() });
    return out;
  }
  if (!['bash', 'sh', 'zsh', 'dash', 'ksh'].includes(shell)) return out;
  const target = /^"?\$\{?(GITHUB_ENV|GITHUB_PATH)\}?"?$/;
  for (const cmd of tokenize(text, from, to, '\\')) {
    const words = cmd.words;
    if (words.length === 0) continue;
    const raw = words.map((w) => text.slice(w.start, w.end));
    let dest: string | undefined;
    const args: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      const r = /^\d?>>?(.*)$/.exec(raw[i]);
      if (r) {
        const t = r[1] !== '' ? r[1] : raw[i + 1] ?? '';
        const m = target.exec(t);
        if (m) dest = m[1];
        if (r[1] === '') i++;
        continue;
      }
      if (i > 0) args.push(raw[i]);
    }
    const name = words[0].value;
    if (!dest && name === 'tee') {
      const m = args.map((a) => target.exec(a)).find(Boolean);
      if (m && cmd.prev === '|') dest = m[1];
    }
    if (!dest) continue;
    // `echo` of literal words only cannot carry attacker text (zizmor's judgement too).
    if (name === 'echo' && args.every((a) => !/[$`]/.test(a))) continue;
    out.push({ at: words[0].start, end: words[words.length - 1].end, dest });
  }
  return out;
}

export const rule: FileRule = {
  id: 'ci/github-env',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'Privileged workflows do not write computed values to GITHUB_ENV or GITHUB_PATH',
  rationale: 'In a pull_request_target or workflow_run workflow, a value written to GITHUB_ENV (LD_PRELOAD, NODE_OPTIONS) or GITHUB_PATH runs code of the attacker\'s choosing in every later step, with the repository\'s secrets.',
  related: [{ tool: 'zizmor', id: 'github-env' }],
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.triggers.some((t) => DANGEROUS.includes(t)),
  examinesWhat: 'a `pull_request_target` or `workflow_run` trigger',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const trigger = wf.triggers.find((t) => DANGEROUS.includes(t));
    if (!trigger) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        const node = step.runNode as Node | undefined;
        const r = node?.range;
        if (!r || step.run === undefined) continue;
        for (const w of writes(file.text, r[0], r[1], shellOf(wf, job, step))) {
          findings.push({
            message: `this ${trigger} workflow writes a computed value to $${w.dest}, which runs with the base repository's secrets: a value an attacker influences (LD_PRELOAD, NODE_OPTIONS, a PATH entry) runs their code in every later step; pass data between steps with $GITHUB_OUTPUT or write only literal text`,
            range: file.rangeOf(w.at, w.end),
          });
        }
      }
    }
    return findings;
  },
};
