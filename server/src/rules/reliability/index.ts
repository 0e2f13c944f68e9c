/** The `reliability/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as migrations } from './migrations';
import { rule as backups } from './backups';
import { rule as disasterRecovery } from './disaster-recovery';
import { rule as restoreTested } from './restore-tested';
import { rule as rollback } from './rollback';
import { rule as gracefulShutdown } from './graceful-shutdown';
import { rule as dbConnectionPool } from './db-connection-pool';
import { rule as outboundTimeouts } from './outbound-timeouts';
import { rule as dataRetention } from './data-retention';

/** Every `reliability/*` rule. */
export const rules: Rule[] = [migrations, backups, disasterRecovery, restoreTested, rollback, gracefulShutdown, dbConnectionPool, outboundTimeouts, dataRetention];
