/** The `security/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as gitignoreEnv } from './gitignore-env';
import { rule as gitignoreKeys } from './gitignore-keys';
import { rule as noCommittedEnv } from './no-committed-env';
import { rule as noPrivateKeys } from './no-private-keys';
import { rule as noHardcodedSecrets } from './no-hardcoded-secrets';
import { rule as envExample } from './env-example';
import { rule as envExampleNoValues } from './env-example-no-values';
import { rule as lockfile } from './lockfile';
import { rule as dependencyUpdates } from './dependency-updates';
import { rule as dependencyScanningCi } from './dependency-scanning-ci';
import { rule as sastCi } from './sast-ci';
import { rule as containerScanningCi } from './container-scanning-ci';
import { rule as policy } from './policy';
import { rule as httpHeaders } from './http-headers';
import { rule as cspNoUnsafe } from './csp-no-unsafe';
import { rule as rateLimiting } from './rate-limiting';
import { rule as authentication } from './authentication';
import { rule as authorization } from './authorization';
import { rule as tlsVerification } from './tls-verification';
import { rule as corsCredentials } from './cors-credentials';
import { rule as sessionCookies } from './session-cookies';
import { rule as httpsEnforced } from './https-enforced';
import { rule as inputValidation } from './input-validation';
import { rule as requestSizeLimit } from './request-size-limit';
import { rule as personalDataDocumented } from './personal-data-documented';
import { rule as runtimeEol } from './runtime-eol';

/** Every `security/*` rule. */
export const rules: Rule[] = [gitignoreEnv, gitignoreKeys, noCommittedEnv, noPrivateKeys, noHardcodedSecrets, envExample, envExampleNoValues, lockfile, dependencyUpdates, dependencyScanningCi, sastCi, containerScanningCi, policy, httpHeaders, cspNoUnsafe, rateLimiting, runtimeEol, authentication, authorization, tlsVerification, corsCredentials, sessionCookies, httpsEnforced, inputValidation, requestSizeLimit, personalDataDocumented];
