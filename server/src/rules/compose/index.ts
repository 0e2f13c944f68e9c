/** The `compose/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as healthcheck } from './healthcheck';
import { rule as dependsOnHealthy } from './depends-on-healthy';
import { rule as restartPolicy } from './restart-policy';
import { rule as imagePinned } from './image-pinned';
import { rule as noLiteralSecrets } from './no-literal-secrets';
import { rule as resourceLimits } from './resource-limits';
import { rule as noDefaultCredentials } from './no-default-credentials';

/** Every `compose/*` rule. */
export const rules: Rule[] = [healthcheck, dependsOnHealthy, restartPolicy, imagePinned, noLiteralSecrets, resourceLimits, noDefaultCredentials];
