/** The `ops/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as runbook } from './runbook';
import { rule as deploymentDocs } from './deployment-docs';
import { rule as envConfigDocumented } from './env-config-documented';
import { rule as incidentResponse } from './incident-response';
import { rule as slo } from './slo';
import { rule as configValidated } from './config-validated';
import { rule as codeowners } from './codeowners';
import { rule as escalationContact } from './escalation-contact';

/** Every `ops/*` rule. */
export const rules: Rule[] = [runbook, deploymentDocs, envConfigDocumented, incidentResponse, slo, configValidated, codeowners, escalationContact];
