/**
 * A rule's options: declared by the rule as a zod schema with defaults (`RuleMeta.optionsSchema`),
 * overridden by the manifest's `rules.<id>.options`. The schema gives the defaults, validates what the
 * manifest sets (an invalid option is reported and its default used) and feeds the manifest's JSON
 * schema, so that an option is written down once, next to the rule that reads it.
 */
import type { ZodType } from 'zod';

/** What option handling needs of a rule. */
export interface OptionsOwner {
  id: string;
  optionsSchema?: ZodType<Record<string, unknown>>;
}

/** One problem with the options the manifest sets: the path inside `options` and what is wrong. */
export interface OptionProblem {
  path: (string | number)[];
  message: string;
}

/** The rule's default options, or undefined when it takes none. */
export function defaultOptionsOf(rule: OptionsOwner): Record<string, unknown> | undefined {
  return rule.optionsSchema?.parse({});
}

/**
 * The options a rule runs with: the manifest's values validated by the rule's schema, with defaults
 * for what is unset. Invalid values are reported and the defaults used instead; a rule that declares
 * no options gets none, and any option set for it is reported.
 */
export function optionsOf(rule: OptionsOwner, given: unknown): { options: Record<string, unknown>; problems: OptionProblem[] } {
  const input = given && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
  if (!rule.optionsSchema) {
    return { options: {}, problems: Object.keys(input).map((k) => ({ path: [k], message: `\`${rule.id}\` takes no options; \`${k}\` is ignored` })) };
  }
  const parsed = rule.optionsSchema.safeParse(input);
  if (parsed.success) return { options: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: `option ${i.path.length ? `\`${i.path.join('.')}\`` : 'value'} of \`${rule.id}\`: ${i.message}; the default is used`,
  }));
  return { options: defaultOptionsOf(rule) ?? {}, problems };
}
