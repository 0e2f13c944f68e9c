/**
 * docker/base-image-pinned: every FROM names a concrete tag or a digest, never `latest` or no tag at
 * all, so that a rebuild produces the same image and an upstream release cannot break it silently.
 *
 * References to earlier stages and `scratch` are fine; `FROM ${IMAGE}` is resolved through the global
 * ARG defaults and left alone when it cannot be. No fix: the right tag is not knowable mechanically.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { isStageReference, keywordRange, rangeOf, stagesOf } from '../lib/dockerfile';
import { parseImageRef, unpinnedReason } from '../lib/images';

export const rule: FileRule = {
  id: 'docker/base-image-pinned',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Base images are pinned to a tag or digest',
  rationale: 'An untagged or `latest` base image changes whenever upstream publishes, so two builds of the same commit can differ and break without any change on your side.',
  related: [
    { tool: 'hadolint', id: 'DL3006' },
    { tool: 'hadolint', id: 'DL3007' },
    { tool: 'trivy', id: 'DS-0001' },
    { tool: 'checkov', id: 'CKV_DOCKER_7' },
  ],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => stagesOf(file).some((s) => { const img = s.from.getImage() ?? ''; return img !== '' && img !== 'scratch' && !isStageReference(file, s.from.getImageName()); }),
  examinesWhat: 'base image other than scratch or an earlier stage',
  checkFile(file) {
    const args = new Map<string, string>();
    for (const a of file.docker.getInitialARGs()) {
      const p = a.getProperty();
      if (p && p.getValue() !== null) args.set(p.getName(), p.getValue()!);
    }
    const findings: RuleFinding[] = [];
    for (const stage of stagesOf(file)) {
      let image = stage.from.getImage() ?? '';
      if (!image || isStageReference(file, stage.from.getImageName())) continue;
      image = image.replace(/\$\{?(\w+)\}?/g, (m, name: string) => args.get(name) ?? m);
      const reason = unpinnedReason(image);
      if (!reason) continue;
      const r = stage.from.getImageRange();
      findings.push({
        message: `${reason}: pin a version tag (e.g. \`${parseImageRef(image).name}:<version>\`) or a digest`,
        range: r ? rangeOf({ getRange: () => r }) : keywordRange(stage.from),
      });
    }
    return findings;
  },
};
