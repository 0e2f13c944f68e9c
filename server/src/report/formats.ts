/**
 * The names the command line offers for reports: the output formats of `audit` and `diff`, and the
 * default file name of a baseline. A leaf module, so that the CLI's option definitions (which
 * `--version` and `--help` load) load nothing of the engine.
 */

/** The output formats of `readiness audit`. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'codeclimate', 'junit'] as const;
/** One output format of `readiness audit`. */
export type Format = (typeof FORMATS)[number];

/** The output formats of `readiness diff`. */
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
/** One output format of `readiness diff`. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** The default file name of a baseline, at the root of the audited repository. */
export const BASELINE_FILE = 'readiness-baseline.json';
