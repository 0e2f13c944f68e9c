/**
 * One entry point for every report format, shared by the CLI and the editor's Export Report command.
 */
import type { Report } from '../core/types';
import { allRules } from '../rules';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

/** The report formats. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
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
    default:
      return renderText(report, opts);
  }
}
