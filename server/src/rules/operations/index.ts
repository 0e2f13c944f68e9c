/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';
import { rule as opsRunbook } from './ops-runbook';
import { rule as opsDeploymentDocs } from './ops-deployment-docs';
import { rule as opsEnvConfigDocumented } from './ops-env-config-documented';
import { rule as opsIncidentResponse } from './ops-incident-response';
import { rule as opsSlo } from './ops-slo';

export const rules: Rule[] = [
  opsRunbook,
  opsDeploymentDocs,
  opsEnvConfigDocumented,
  opsIncidentResponse,
  opsSlo,
];
