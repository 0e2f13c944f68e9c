/** The `k8s/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as probes } from './probes';
import { rule as resources } from './resources';
import { rule as runAsNonRoot } from './run-as-non-root';
import { rule as imagePinned } from './image-pinned';
import { rule as noPrivileged } from './no-privileged';
import { rule as noPrivilegeEscalation } from './no-privilege-escalation';
import { rule as readOnlyRootFilesystem } from './read-only-root-filesystem';
import { rule as replicas } from './replicas';
import { rule as podDisruptionBudget } from './pod-disruption-budget';
import { rule as autoscaling } from './autoscaling';
import { rule as spread } from './spread';
import { rule as ingressTls } from './ingress-tls';
import { rule as noPlainSecrets } from './no-plain-secrets';
import { rule as helmNoDefaultCredentials } from './helm-no-default-credentials';

/** Every `k8s/*` rule. */
export const rules: Rule[] = [probes, resources, runAsNonRoot, imagePinned, noPrivileged, noPrivilegeEscalation, readOnlyRootFilesystem, replicas, podDisruptionBudget, autoscaling, spread, ingressTls, noPlainSecrets, helmNoDefaultCredentials];
