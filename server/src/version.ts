/** The product's version and documentation links, in one place. */

/** Version of the engine, the CLI and the extension (kept equal to package.json's). */
export const TOOL_VERSION = '0.1.0';

/** Where the rule catalogue is documented; each rule has an anchor there. */
export const RULE_DOCS_BASE = 'https://github.com/production-readiness/production-readiness/blob/main/docs/rules.md';

/** The documentation link of a rule: its anchor in the catalogue. */
export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}#${id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}
