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
import type { Format } from './formats';

export { FORMATS, type Format } from './formats';

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
