/**
 * One entry point for every report format, shared by the CLI and the editor's Export Report command.
 */
import type { Report } from '../core/types';
import { allRules } from '../rules';
import { renderCodeClimate } from './codeclimate';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

/** The report formats. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'codeclimate', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

/** Renders a report in a format. */
export function renderReport(report: Report, format: Format, opts: { color?: boolean; verbose?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, allRules);
    case 'markdown':
      return renderMarkdown(report);
    case 'codeclimate':
      return renderCodeClimate(report);
    case 'junit':
      return renderJunit(report);
    default:
      return renderText(report, opts);
  }
}
