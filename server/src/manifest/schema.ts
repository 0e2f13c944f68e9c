/**
 * The `readiness.yaml` manifest: the team's targets, weights, rule overrides, waivers, custom checks
 * and ignore globs. The zod schema here is the single source of truth; `schemas/readiness.schema.json`
 * is generated from it (`npm run schema`) and a test fails when the committed copy is stale.
 */
import { z } from 'zod';
import type { OptionsOwner } from '../core/rule-options';

/** Category ids accepted in a manifest. */
export const CATEGORY_IDS = [
  'containers', 'ci-cd', 'security', 'testing', 'observability', 'documentation', 'operations', 'reliability', 'performance', 'quality', 'roadmap',
] as const;

/** Reasons a waiver may give; a fixed list so that reports can group them. */
export const WAIVER_REASONS = ['not-applicable', 'accepted-risk', 'remediated-elsewhere', 'false-positive', 'planned'] as const;

const severity = z.enum(['critical', 'high', 'medium', 'low']).describe('Severity: critical, high, medium or low.');
const level = z.enum(['prototype', 'mvp', 'production']);
const priority = z.enum(['critical', 'high', 'medium', 'low']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** Per-category settings. */
export const categorySchema = z.strictObject({
  weight: z.number().min(0).max(100).optional().describe('Relative weight of the category in the overall score (default depends on the category).'),
  target: z.number().min(0).max(100).optional().describe('Target score in percent for this category.'),
  priority: priority.optional().describe('Priority shown in the scorecard; computed from the gap when absent.'),
  enabled: z.boolean().optional().describe('Set to false to leave the category out of the audit.'),
});

/** A rule override: `off`, a severity, or an object. */
export const ruleOverrideSchema = z.union([
  z.literal('off'),
  severity,
  z.strictObject({
    enabled: z.boolean().optional().describe('Set to false to turn the rule off.'),
    severity: severity.optional(),
    options: z.record(z.string(), z.unknown()).optional().describe('Rule options, such as `threshold` for testing/coverage-threshold.'),
  }),
]);

/** A waiver: a rule (optionally limited to paths) that the team decided not to meet, with a reason and an expiry. */
export const waiverSchema = z.strictObject({
  rule: z.string().min(1).describe('The rule id to waive, e.g. docker/healthcheck.'),
  paths: z.array(z.string()).optional().describe('Globs of the files the waiver covers; all findings of the rule when absent.'),
  reason: z.enum(WAIVER_REASONS).describe('Why the rule is waived.'),
  note: z.string().optional().describe('Free text explaining the decision.'),
  owner: z.string().optional().describe('Who owns the decision.'),
  expires: isoDate.optional().describe('After this date the waiver no longer applies and is reported.'),
});

/** A custom check: files that must exist, optionally containing a pattern. */
export const customCheckSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id such as changelog-entry').describe('Kebab-case id; the rule id becomes custom/<id>.'),
  title: z.string().min(1),
  category: z.enum(CATEGORY_IDS),
  severity: severity.default('medium'),
  level: level.default('production'),
  files: z.union([z.string(), z.array(z.string())]).describe('Glob(s) of files that must exist.'),
  contains: z.string().optional().describe('A regular expression that at least one matching file must contain.'),
  message: z.string().optional().describe('The message shown when the check fails.'),
});

/** The whole manifest. */
export const manifestSchema = z.strictObject({
  version: z.literal(1).default(1).describe('Schema version of this file.'),
  project: z.string().optional().describe('Project name shown in reports.'),
  level: level.default('production').describe('The maturity level the team is aiming for.'),
  kind: z.enum(['service', 'daemon', 'web-frontend', 'cli', 'library', 'example', 'codeless']).optional().describe('What kind of project this is, when the detected kind is wrong: service and daemon get the service-only checks (runbook, health checks, load tests, DR); web-frontend, cli and library do not; example (a demo, tutorial or sample collection) gets the technical checks of what it contains but neither process documents nor the operation of a service.'),
  product: z.array(z.string()).default([]).describe('Globs of paths that are part of the product even where a helper tree holds them (e.g. contrib/docker/Dockerfile).'),
  helpers: z.array(z.string()).default([]).describe('Globs of helper trees (docs sites, test harnesses, examples, dev stacks) that the product checks leave out; the secret checks still read them.'),
  categories: z.partialRecord(z.enum(CATEGORY_IDS), categorySchema).default({}).describe('Weights, targets and priorities per category.'),
  rules: z.record(z.string(), ruleOverrideSchema).default({}).describe('Rule overrides keyed by rule id.'),
  waivers: z.array(waiverSchema).default([]).describe('Decisions not to meet a rule: each names the rule (optionally some paths), a reason, an owner and an expiry date. Waived findings stay visible as waived.'),
  checks: z.array(customCheckSchema).default([]).describe('Custom checks of the team.'),
  ignore: z.array(z.string()).default([]).describe('Globs of paths to leave out of the audit.'),
  suppressions: z
    .strictObject({
      inline: z.boolean().default(true).describe('Whether `readiness-ignore` comments in files are honoured.'),
      requireReason: z.boolean().default(true).describe('Whether an inline suppression must give a reason after `--`.'),
    })
    .default({ inline: true, requireReason: true })
    .describe('Whether inline `readiness-ignore` comments are honoured and must give a reason.'),
  maxFileSize: z.number().int().positive().optional().describe('Files larger than this many bytes are not analysed (default 1 MiB).'),
});

/** A validated manifest with defaults applied. */
export type Manifest = z.output<typeof manifestSchema>;
export type Waiver = z.output<typeof waiverSchema>;
export type CustomCheck = z.output<typeof customCheckSchema>;
export type RuleOverride = z.output<typeof ruleOverrideSchema>;

/** The manifest used when a workspace has none. */
export function defaultManifest(): Manifest {
  return manifestSchema.parse({});
}

/** The JSON schema of the manifest, as committed in `schemas/readiness.schema.json`. */
export function manifestJsonSchema(rules: readonly OptionsOwner[] = []): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  // Each rule that declares options gets its own entry under `rules`, with its options' schema, so that
  // editors complete and check them (the options are written once, next to the rule that reads them).
  const rulesProp = (schema.properties as Record<string, Record<string, unknown>> | undefined)?.rules;
  const generic = rulesProp?.additionalProperties as { anyOf?: Record<string, unknown>[] } | undefined;
  if (rulesProp && generic?.anyOf) {
    const props: Record<string, unknown> = {};
    for (const r of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (!r.optionsSchema) continue;
      const own = z.toJSONSchema(r.optionsSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      delete own.$schema;
      props[r.id] = {
        anyOf: generic.anyOf.map((v) => {
          const p = v.properties as Record<string, unknown> | undefined;
          return p?.options ? { ...v, properties: { ...p, options: { ...own, description: `Options of ${r.id}.` } } } : v;
        }),
      };
    }
    if (Object.keys(props).length > 0) rulesProp.properties = props;
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://production-readiness.dev/schemas/readiness.schema.json',
    title: 'Production Readiness manifest (readiness.yaml)',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
