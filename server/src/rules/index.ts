/**
 * The rule registry: every rule of the catalogue, area by area. A rule `area/name` lives in
 * `rules/<area>/<name>.ts` with its fixtures in `rules/<area>/fixtures/<name>/`; each area folder has its
 * own `index.ts` listing its rules, so that adding a rule touches one folder only. Code that several
 * rules share lives in `rules/lib/`.
 */
import type { Rule } from '../core/types';
// The container principles of the path roles register themselves with core/roles.ts when loaded.
import './lib/container-roles';
import { rules as dockerRules } from './docker';
import { rules as dockerignoreRules } from './dockerignore';
import { rules as composeRules } from './compose';
import { rules as k8sRules } from './k8s';
import { rules as ciRules } from './ci';
import { rules as securityRules } from './security';
import { rules as testingRules } from './testing';
import { rules as observabilityRules } from './observability';
import { rules as docsRules } from './docs';
import { rules as opsRules } from './ops';
import { rules as reliabilityRules } from './reliability';
import { rules as performanceRules } from './performance';
import { rules as qualityRules } from './quality';
import { rules as roadmapRules } from './roadmap';
import { rules as projectRules } from './project';
import { metaRules } from './manifest';
import { ruleDocsUrl } from '../version';

/** Every rule of the catalogue, including the manifest's meta rules. */
export const allRules: Rule[] = withDocs([
  ...dockerRules,
  ...dockerignoreRules,
  ...composeRules,
  ...k8sRules,
  ...ciRules,
  ...securityRules,
  ...testingRules,
  ...observabilityRules,
  ...docsRules,
  ...opsRules,
  ...reliabilityRules,
  ...performanceRules,
  ...qualityRules,
  ...roadmapRules,
  ...projectRules,
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
