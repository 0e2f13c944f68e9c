/** The `docker/*` rules, in the order reports list them. Adding a rule: one file here and one line below. */
import type { Rule } from '../../core/types';
import { rule as nonRootUser } from './non-root-user';
import { rule as baseImagePinned } from './base-image-pinned';
import { rule as healthcheck } from './healthcheck';
import { rule as multiStageBuild } from './multi-stage-build';
import { rule as noSecretsInEnv } from './no-secrets-in-env';
import { rule as noCurlPipeShell } from './no-curl-pipe-shell';
import { rule as execFormCmd } from './exec-form-cmd';
import { rule as pipefail } from './pipefail';
import { rule as copyNotAdd } from './copy-not-add';
import { rule as aptGetAssumeYes } from './apt-get-assume-yes';
import { rule as aptNoInstallRecommends } from './apt-no-install-recommends';
import { rule as aptListsCleaned } from './apt-lists-cleaned';
import { rule as aptUpdateWithInstall } from './apt-update-with-install';
import { rule as aptGetNotApt } from './apt-get-not-apt';
import { rule as noAptUpgrade } from './no-apt-upgrade';
import { rule as osPackagesPinned } from './os-packages-pinned';
import { rule as apkNoCache } from './apk-no-cache';
import { rule as pipNoCacheDir } from './pip-no-cache-dir';
import { rule as npmCi } from './npm-ci';
import { rule as noSudo } from './no-sudo';
import { rule as workdirAbsolute } from './workdir-absolute';
import { rule as oneCmdPerStage } from './one-cmd-per-stage';
import { rule as exposeValidPort } from './expose-valid-port';
import { rule as noSshPort } from './no-ssh-port';
import { rule as noCdInRun } from './no-cd-in-run';
import { rule as noMaintainer } from './no-maintainer';
import { rule as dockerfilePresent } from './dockerfile-present';
import { rule as baseImageEol } from './base-image-eol';

/** Every `docker/*` rule. */
export const rules: Rule[] = [nonRootUser, baseImagePinned, healthcheck, multiStageBuild, noSecretsInEnv, noCurlPipeShell, execFormCmd, pipefail, copyNotAdd, aptGetAssumeYes, aptNoInstallRecommends, aptListsCleaned, aptUpdateWithInstall, aptGetNotApt, noAptUpgrade, osPackagesPinned, apkNoCache, pipNoCacheDir, npmCi, noSudo, workdirAbsolute, oneCmdPerStage, exposeValidPort, noSshPort, noCdInRun, noMaintainer, dockerfilePresent, baseImageEol];
