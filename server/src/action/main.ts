/**
 * The GitHub Action (`action.yml`, bundled into `action/dist/index.js` and run by the `node24`
 * runtime with no install step). It audits `path`, writes the SARIF and JSON reports when asked,
 * compares with a baseline, and on pull requests with the base branch, then sets the outputs, writes
 * the Markdown scorecard to the job summary and fails the step when a gate fails.
 *
 * Inputs: path, min-score, fail-on, level, sarif-file, json-file, baseline, base-report.
 * Outputs: score, level, base-score, score-delta, new-findings, sarif-file, json-file.
 *
 * Pull requests: the base commit (`pull_request.base.sha` of the event) is audited from the git
 * checkout (see `base.ts`), or `base-report` names a JSON report of the base branch made elsewhere
 * (an artifact). Either way the summary shows the score change and the new and fixed findings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit } from '../core/engine';
import { evaluateGates } from '../core/gates';
import { LEVELS, type Level, type Report } from '../core/types';
import { openWorkspace } from '../cli/commands';
import { applyBaselineFile, baselineSummary } from '../cli/pipelines';
import { renderReport } from '../report';
import { comparableOf, ComparableError, readComparable, type Comparable } from '../report/baseline';
import { diffReports, renderDiffMarkdown, signed } from '../report/diff';
import { escapeMarkdown, markdownCode } from '../report/safe-text';
import { checkoutBase } from './base';
import { annotate, appendSummary, getInput, log, setOutput, type Runner } from './io';

/** A problem with the action's inputs; reported as an error annotation. */
class InputError extends Error {}

interface Inputs {
  path: string;
  minScore?: number;
  failOn: 'error' | 'warning' | 'none';
  level?: Level;
  sarifFile?: string;
  jsonFile?: string;
  baseline?: string;
  baseReport?: string;
}

function readInputs(r: Runner): Inputs {
  const minScore = getInput(r, 'min-score');
  const failOn = getInput(r, 'fail-on') || 'error';
  const level = getInput(r, 'level');
  if (minScore && !(Number.isFinite(Number(minScore)) && Number(minScore) >= 0 && Number(minScore) <= 100)) throw new InputError(`min-score must be a number from 0 to 100, not "${minScore}"`);
  if (!['error', 'warning', 'none'].includes(failOn)) throw new InputError(`fail-on must be error, warning or none, not "${failOn}"`);
  if (level && !(LEVELS as readonly string[]).includes(level)) throw new InputError(`level must be one of ${LEVELS.join(', ')}, not "${level}"`);
  const opt = (name: string) => getInput(r, name) || undefined;
  return {
    path: getInput(r, 'path') || '.',
    ...(minScore ? { minScore: Number(minScore) } : {}),
    failOn: failOn as Inputs['failOn'],
    ...(level ? { level: level as Level } : {}),
    ...(opt('sarif-file') ? { sarifFile: opt('sarif-file') } : {}),
    ...(opt('json-file') ? { jsonFile: opt('json-file') } : {}),
    ...(opt('baseline') ? { baseline: opt('baseline') } : {}),
    ...(opt('base-report') ? { baseReport: opt('base-report') } : {}),
  };
}

/** The base commit of a pull request event, if the run is one. */
function pullRequestBase(r: Runner): { sha: string } | undefined {
  const file = r.env.GITHUB_EVENT_PATH;
  if (!file || !/^pull_request(_target)?$/.test(r.env.GITHUB_EVENT_NAME ?? 'pull_request')) return undefined;
  try {
    const event = JSON.parse(fs.readFileSync(file, 'utf8')) as { pull_request?: { base?: { sha?: unknown } } };
    const sha = event.pull_request?.base?.sha;
    return typeof sha === 'string' ? { sha } : undefined;
  } catch {
    return undefined;
  }
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

/** The base branch's audit for a pull request: a report file, or the base commit audited; a string says why not. */
async function baseComparable(r: Runner, inputs: Inputs, target: string): Promise<{ base: Comparable; label: string } | string | undefined> {
  if (inputs.baseReport) {
    try {
      return { base: readComparable(fs.readFileSync(inputs.baseReport, 'utf8'), inputs.baseReport), label: markdownCode(inputs.baseReport) };
    } catch (e) {
      return `the base report could not be read: ${e instanceof ComparableError ? e.message : (e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  }
  const pr = pullRequestBase(r);
  if (!pr) return undefined;
  const co = checkoutBase(target, pr.sha);
  if ('error' in co) return co.error;
  try {
    const report = await audit({ ws: openWorkspace(co.dir) });
    return { base: comparableOf(report), label: `the base branch (${markdownCode(pr.sha.slice(0, 7))})` };
  } finally {
    co.cleanup();
  }
}

/** Runs the action; returns the process exit code (1 when a gate fails or the inputs are wrong). */
export async function run(r: Runner): Promise<number> {
  let inputs: Inputs;
  try {
    inputs = readInputs(r);
  } catch (e) {
    annotate(r, 'error', (e as Error).message, { title: 'Production readiness: bad input' });
    return 1;
  }
  const target = path.resolve(inputs.path);
  let report: Report;
  try {
    report = await audit({ ws: openWorkspace(target) });
  } catch (e) {
    annotate(r, 'error', `could not audit ${inputs.path}: ${(e as Error).message}`, { title: 'Production readiness' });
    return 1;
  }

  const summary: string[] = [];
  const level = report.level === 'none' ? 'below prototype' : report.level;
  summary.push(`## Production readiness: ${report.score}/100 · level ${level}`, '');

  let newFindings: number | undefined;
  if (inputs.baseline) {
    try {
      const outcome = applyBaselineFile(report, inputs.baseline, { usageError: (m) => new InputError(m) });
      newFindings = outcome.added;
      const line = baselineSummary(inputs.baseline, outcome);
      log(r, `readiness: ${line}`);
      summary.push(`**Baseline** ${markdownCode(inputs.baseline)}: ${outcome.added} new finding(s), ${outcome.unchanged} already known, ${outcome.fixed.length} fixed.`, '');
    } catch (e) {
      annotate(r, 'error', (e as Error).message, { title: 'Production readiness: bad baseline' });
      return 1;
    }
  }

  const base = await baseComparable(r, inputs, target);
  if (typeof base === 'string') {
    annotate(r, 'warning', `no comparison with the base branch: ${base}`, { title: 'Production readiness' });
    summary.push(`_No comparison with the base branch: ${escapeMarkdown(base)}._`, '');
  } else if (base) {
    const d = diffReports(base.base, comparableOf(report));
    setOutput(r, 'base-score', d.before.score);
    setOutput(r, 'score-delta', d.scoreDelta);
    if (newFindings === undefined) newFindings = d.newFindings.length;
    log(r, `readiness: score ${d.before.score} → ${d.after.score} (${signed(d.scoreDelta)}) against ${base.label}; ${d.newFindings.length} new, ${d.fixedFindings.length} fixed`);
    summary.push(renderDiffMarkdown(d, { heading: `Change against ${base.label}` }), '');
  }

  if (inputs.sarifFile) {
    write(inputs.sarifFile, renderReport(report, 'sarif'));
    setOutput(r, 'sarif-file', inputs.sarifFile);
    log(r, `readiness: wrote SARIF to ${inputs.sarifFile}`);
  }
  if (inputs.jsonFile) {
    write(inputs.jsonFile, renderReport(report, 'json'));
    setOutput(r, 'json-file', inputs.jsonFile);
    log(r, `readiness: wrote the JSON report to ${inputs.jsonFile}`);
  }
  setOutput(r, 'score', report.score);
  setOutput(r, 'level', report.level);
  if (newFindings !== undefined) setOutput(r, 'new-findings', newFindings);

  const failures = evaluateGates(report, { ...(inputs.minScore !== undefined ? { minScore: inputs.minScore } : {}), failOn: inputs.failOn, ...(inputs.level ? { level: inputs.level } : {}) });
  if (failures.length > 0) {
    summary.push('**Gates failed:**', '', ...failures.map((f) => `- ❌ ${f}`), '');
    for (const f of failures) annotate(r, 'error', f, { title: 'Production readiness gate' });
  } else summary.push('**Gates passed** ✅', '');

  // The full report, its headings two levels down so that they sit under this summary's title.
  summary.push(renderReport(report, 'markdown').replace(/^(#{1,4}) /gm, (_, hashes: string) => `##${hashes} `));
  if (!appendSummary(r, summary.join('\n'))) log(r, 'readiness: GITHUB_STEP_SUMMARY is not set; no job summary written');
  log(r, `readiness: score ${report.score}/100, level ${report.level}${failures.length ? `; ${failures.length} gate(s) failed` : ''}`);
  return failures.length > 0 ? 1 : 0;
}

// Started by the runner (`node action/dist/index.js`); tests import `run` instead.
if (require.main === module) {
  run({ env: process.env, stdout: (s) => void process.stdout.write(s) }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stdout.write(`::error title=Production readiness::internal error: ${String((e as Error).stack ?? e).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
      process.exitCode = 1;
    },
  );
}
