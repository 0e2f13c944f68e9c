/**
 * The GitHub Actions runner protocol, without the toolkit package: inputs from `INPUT_<NAME>`
 * variables, outputs and the job summary appended to the files named by `GITHUB_OUTPUT` and
 * `GITHUB_STEP_SUMMARY`, and annotations as workflow commands on standard output (escaped, so that
 * repository text can never start a command of its own).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { escapeCommandData, escapeCommandProperty } from '../report/safe-text';

/** The process environment and output of one run, replaceable in tests. */
export interface Runner {
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
}

/** The value of an input: `INPUT_<NAME>` with spaces as underscores, upper case, trimmed ('' when unset). */
export function getInput(r: Runner, name: string): string {
  return (r.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Appends `name<<delimiter` blocks to a file command (`GITHUB_OUTPUT`), with a delimiter the value cannot contain. */
function appendKeyValue(file: string, name: string, value: string): void {
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter) || name.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  fs.appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Sets a step output; without `GITHUB_OUTPUT` (outside a runner) it is logged instead. */
export function setOutput(r: Runner, name: string, value: string | number): void {
  const file = r.env.GITHUB_OUTPUT;
  if (file) appendKeyValue(file, name, String(value));
  else r.stdout(`output ${name}=${escapeCommandData(String(value))}\n`);
}

/** Appends Markdown to the job summary; returns false when there is no summary file. */
export function appendSummary(r: Runner, markdown: string): boolean {
  const file = r.env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  fs.appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return true;
}

/** Properties of an annotation. */
export interface AnnotationProps {
  title?: string;
  file?: string;
  line?: number;
}

/** Writes an annotation (`error`, `warning` or `notice`) as a workflow command. */
export function annotate(r: Runner, kind: 'error' | 'warning' | 'notice', message: string, props: AnnotationProps = {}): void {
  const parts: string[] = [];
  if (props.title) parts.push(`title=${escapeCommandProperty(props.title)}`);
  if (props.file) parts.push(`file=${escapeCommandProperty(props.file)}`);
  if (props.line) parts.push(`line=${props.line}`);
  r.stdout(`::${kind}${parts.length ? ` ${parts.join(',')}` : ''}::${escapeCommandData(message)}\n`);
}

/** Writes a plain log line; repository text in it cannot start a workflow command. */
export function log(r: Runner, line: string): void {
  // A line starting with `::` would be read as a command; any other text is inert.
  r.stdout(`${line.replace(/^::/gm, ': :')}\n`);
}
