/** The `k8s/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as probes } from './probes';
import { rule as resources } from './resources';
import { rule as runAsNonRoot } from './run-as-non-root';
import { rule as imagePinned } from './image-pinned';
import { rule as noPrivileged } from './no-privileged';
import { rule as noPrivilegeEscalation } from './no-privilege-escalation';
import { rule as readOnlyRootFilesystem } from './read-only-root-filesystem';

/** Every `k8s/*` rule. */
export const rules: Rule[] = [probes, resources, runAsNonRoot, imagePinned, noPrivileged, noPrivilegeEscalation, readOnlyRootFilesystem];
