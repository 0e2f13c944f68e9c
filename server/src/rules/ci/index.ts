/** The `ci/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as workflowPresent } from './workflow-present';
import { rule as workflowValid } from './workflow-valid';
import { rule as runsOnPullRequest } from './runs-on-pull-request';
import { rule as runsTests } from './runs-tests';
import { rule as runsLint } from './runs-lint';
import { rule as buildsImage } from './builds-image';
import { rule as qualityGates } from './quality-gates';
import { rule as deployUsesEnvironment } from './deploy-uses-environment';
import { rule as permissions } from './permissions';
import { rule as actionsPinnedSha } from './actions-pinned-sha';
import { rule as scriptInjection } from './script-injection';
import { rule as pullRequestTarget } from './pull-request-target';
import { rule as secretsNotExposed } from './secrets-not-exposed';
import { rule as checkoutPersistCredentials } from './checkout-persist-credentials';
import { rule as timeoutMinutes } from './timeout-minutes';
import { rule as concurrency } from './concurrency';
import { rule as setupCache } from './setup-cache';
import { rule as cachePoisoning } from './cache-poisoning';
import { rule as trustedPublishing } from './trusted-publishing';
import { rule as githubEnv } from './github-env';
import { rule as insecureCommands } from './insecure-commands';
import { rule as unpinnedImages } from './unpinned-images';
import { rule as containerCredentials } from './container-credentials';
import { rule as dangerousTriggers } from './dangerous-triggers';
import { rule as actionRuntime } from './action-runtime';
import { rule as runtimeEol } from './runtime-eol';

/** Every `ci/*` rule. */
export const rules: Rule[] = [workflowPresent, workflowValid, runsOnPullRequest, runsTests, runsLint, buildsImage, qualityGates, deployUsesEnvironment, permissions, actionsPinnedSha, scriptInjection, pullRequestTarget, secretsNotExposed, checkoutPersistCredentials, timeoutMinutes, concurrency, setupCache, cachePoisoning, trustedPublishing, githubEnv, insecureCommands, unpinnedImages, containerCredentials, dangerousTriggers, actionRuntime, runtimeEol];
