/** The `observability/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as healthEndpoint } from './health-endpoint';
import { rule as readinessEndpoint } from './readiness-endpoint';
import { rule as structuredLogging } from './structured-logging';
import { rule as metrics } from './metrics';
import { rule as errorTracking } from './error-tracking';
import { rule as alertRules } from './alert-rules';
import { rule as dashboards } from './dashboards';
import { rule as logRotation } from './log-rotation';

/** Every `observability/*` rule. */
export const rules: Rule[] = [healthEndpoint, readinessEndpoint, structuredLogging, metrics, errorTracking, alertRules, dashboards, logRotation];
