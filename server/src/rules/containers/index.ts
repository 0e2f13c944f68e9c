/** The rules of this category, in catalogue order. A new rule is one file here plus one line below. */
import type { Rule } from '../../core/types';
import { rule as dockerNonRootUser } from './docker-non-root-user';
import { rule as dockerBaseImagePinned } from './docker-base-image-pinned';
import { rule as dockerHealthcheck } from './docker-healthcheck';
import { rule as dockerMultiStageBuild } from './docker-multi-stage-build';
import { rule as dockerNoSecretsInEnv } from './docker-no-secrets-in-env';
import { rule as dockerNoCurlPipeShell } from './docker-no-curl-pipe-shell';
import { rule as dockerExecFormCmd } from './docker-exec-form-cmd';
import { rule as dockerPipefail } from './docker-pipefail';
import { rule as dockerCopyNotAdd } from './docker-copy-not-add';
import { rule as dockerAptGetAssumeYes } from './docker-apt-get-assume-yes';
import { rule as dockerAptNoInstallRecommends } from './docker-apt-no-install-recommends';
import { rule as dockerAptListsCleaned } from './docker-apt-lists-cleaned';
import { rule as dockerAptUpdateWithInstall } from './docker-apt-update-with-install';
import { rule as dockerAptGetNotApt } from './docker-apt-get-not-apt';
import { rule as dockerNoAptUpgrade } from './docker-no-apt-upgrade';
import { rule as dockerOsPackagesPinned } from './docker-os-packages-pinned';
import { rule as dockerApkNoCache } from './docker-apk-no-cache';
import { rule as dockerPipNoCacheDir } from './docker-pip-no-cache-dir';
import { rule as dockerNpmCi } from './docker-npm-ci';
import { rule as dockerNoSudo } from './docker-no-sudo';
import { rule as dockerWorkdirAbsolute } from './docker-workdir-absolute';
import { rule as dockerOneCmdPerStage } from './docker-one-cmd-per-stage';
import { rule as dockerExposeValidPort } from './docker-expose-valid-port';
import { rule as dockerNoSshPort } from './docker-no-ssh-port';
import { rule as dockerNoCdInRun } from './docker-no-cd-in-run';
import { rule as dockerNoMaintainer } from './docker-no-maintainer';
import { rule as dockerDockerfilePresent } from './docker-dockerfile-present';
import { rule as dockerignorePresent } from './dockerignore-present';
import { rule as dockerignoreExcludesSensitive } from './dockerignore-excludes-sensitive';
import { rule as dockerignoreWholeContextCopy } from './dockerignore-whole-context-copy';
import { rule as composeHealthcheck } from './compose-healthcheck';
import { rule as composeDependsOnHealthy } from './compose-depends-on-healthy';
import { rule as composeRestartPolicy } from './compose-restart-policy';
import { rule as composeImagePinned } from './compose-image-pinned';
import { rule as composeNoLiteralSecrets } from './compose-no-literal-secrets';
import { rule as composeResourceLimits } from './compose-resource-limits';
import { rule as k8sProbes } from './k8s-probes';
import { rule as k8sResources } from './k8s-resources';
import { rule as k8sRunAsNonRoot } from './k8s-run-as-non-root';
import { rule as k8sImagePinned } from './k8s-image-pinned';
import { rule as k8sNoPrivileged } from './k8s-no-privileged';
import { rule as k8sNoPrivilegeEscalation } from './k8s-no-privilege-escalation';
import { rule as k8sReadOnlyRootFilesystem } from './k8s-read-only-root-filesystem';

export const rules: Rule[] = [
  dockerNonRootUser,
  dockerBaseImagePinned,
  dockerHealthcheck,
  dockerMultiStageBuild,
  dockerNoSecretsInEnv,
  dockerNoCurlPipeShell,
  dockerExecFormCmd,
  dockerPipefail,
  dockerCopyNotAdd,
  dockerAptGetAssumeYes,
  dockerAptNoInstallRecommends,
  dockerAptListsCleaned,
  dockerAptUpdateWithInstall,
  dockerAptGetNotApt,
  dockerNoAptUpgrade,
  dockerOsPackagesPinned,
  dockerApkNoCache,
  dockerPipNoCacheDir,
  dockerNpmCi,
  dockerNoSudo,
  dockerWorkdirAbsolute,
  dockerOneCmdPerStage,
  dockerExposeValidPort,
  dockerNoSshPort,
  dockerNoCdInRun,
  dockerNoMaintainer,
  dockerDockerfilePresent,
  dockerignorePresent,
  dockerignoreExcludesSensitive,
  dockerignoreWholeContextCopy,
  composeHealthcheck,
  composeDependsOnHealthy,
  composeRestartPolicy,
  composeImagePinned,
  composeNoLiteralSecrets,
  composeResourceLimits,
  k8sProbes,
  k8sResources,
  k8sRunAsNonRoot,
  k8sImagePinned,
  k8sNoPrivileged,
  k8sNoPrivilegeEscalation,
  k8sReadOnlyRootFilesystem,
];
