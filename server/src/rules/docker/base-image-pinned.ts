/**
 * docker/base-image-pinned: every FROM names a concrete tag or a digest, never `latest` or no tag at
 * all, so that a rebuild produces the same image and an upstream release cannot break it silently.
 *
 * References to earlier stages (by alias, case-insensitively, also through a build argument) and
 * `scratch` are fine; `FROM ${IMAGE}` is resolved through the global ARG defaults and left alone when
 * it cannot be. A Dockerfile whose every FROM names a stage or `scratch` has nothing to judge. No fix:
 * the right tag is not knowable mechanically.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { expandArgs, keywordRange, parentStage, rangeOf, type Stage, judgedStages } from '../lib/dockerfile';
import { parseImageRef, unpinnedReason } from '../lib/images';

/** The stages whose FROM names an image (not an earlier stage, not `scratch`), with the image as resolved. */
function imageStages(file: SourceFile, ws: Workspace): { stage: Stage; image: string }[] {
  const out: { stage: Stage; image: string }[] = [];
  for (const stage of judgedStages(file, ws)) {
    const written = stage.from.getImage() ?? '';
    if (!written || parentStage(file, stage)) continue;
    const image = expandArgs(file, written);
    if (image.toLowerCase() === 'scratch') continue;
    out.push({ stage, image });
  }
  return out;
}

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
  examines: (file, ctx) => imageStages(file, ctx.ws).length > 0,
  examinesWhat: 'FROM of an image (not a stage, not scratch)',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { stage, image } of imageStages(file, ctx.ws)) {
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
