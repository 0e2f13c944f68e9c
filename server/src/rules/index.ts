/**
 * The rule registry: every rule of the catalogue, category by category. Each category folder has its
 * own `index.ts` listing its rules, so that adding a rule touches one folder only.
 */
import type { Rule } from '../core/types';
import { rules as containers } from './containers';
import { rules as cicd } from './cicd';
import { rules as security } from './security';
import { rules as testing } from './testing';
import { rules as observability } from './observability';
import { rules as documentation } from './documentation';
import { rules as operations } from './operations';
import { rules as reliability } from './reliability';
import { rules as performance } from './performance';
import { rules as quality } from './quality';
import { rules as roadmap } from './roadmap';
import { metaRules } from './manifest';
import { ruleDocsUrl } from '../version';

/** Every rule of the catalogue, including the manifest's meta rules. */
export const allRules: Rule[] = withDocs([
  ...containers,
  ...cicd,
  ...security,
  ...testing,
  ...observability,
  ...documentation,
  ...operations,
  ...reliability,
  ...performance,
  ...quality,
  ...roadmap,
  ...metaRules,
]);

/** Gives every rule its documentation link (its anchor in docs/rules.md) unless it declares one. */
function withDocs(rules: Rule[]): Rule[] {
  for (const r of rules) if (!r.docs) r.docs = ruleDocsUrl(r.id);
  return rules;
}

/** Looks a rule up by id. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
const byId = new Map(allRules.map((r) => [r.id, r]));
