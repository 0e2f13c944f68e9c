/**
 * The meaning of each enumerated value of the manifest, for completion and hover: every waiver reason,
 * level and severity says what it means rather than repeating the key's description.
 */
import { WAIVER_REASON_HELP } from '../../shared/protocol';

/** Value → one line of help, by kind of value. */
export const VALUE_HELP: { reason: Record<string, string>; level: Record<string, string>; severity: Record<string, string> } = {
  reason: WAIVER_REASON_HELP,
  level: {
    prototype: 'runs and can be shown: the basics of safety and a way to build it',
    mvp: 'real users can rely on it: CI, tests, health checks, documentation',
    production: 'operated at scale: observability, runbooks, recovery, performance',
  },
  severity: {
    off: 'the rule does not run',
    critical: 'weight 10 in its category; an error in the editor',
    high: 'weight 7.5 in its category; an error in the editor',
    medium: 'weight 5 in its category; a warning in the editor',
    low: 'weight 2.5 in its category; information in the editor',
  },
};
