/**
 * compose/image-pinned: services that pull an image name a tag or digest other than `latest`, so that
 * `docker compose pull` next month runs the same software as today.
 *
 * Services that build their image are skipped (their `image:` names the result); variables such as
 * `${TAG}` are accepted. No fix: the right version is not knowable.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { servicesOf } from '../lib/compose';
import { unpinnedReason } from '../lib/images';

export const rule: FileRule = {
  id: 'compose/image-pinned',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Compose images are pinned to a version',
  rationale: 'An untagged or `latest` image changes on every pull; a database or broker can jump a major version and break the stack without any change in the repository.',
  related: [{ tool: 'checkov', id: 'CKV_DOCKER_7' }],
  scope: 'file',
  kinds: ['compose'],
  examines: (file) => servicesOf(file).some((svc) => typeof svc.value.image === 'string' && svc.value.build === undefined),
  examinesWhat: 'service that pulls an image (`image:` without `build:`)',
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const svc of servicesOf(file)) {
      const image = svc.value.image;
      if (typeof image !== 'string' || svc.value.build !== undefined) continue;
      const reason = unpinnedReason(image);
      if (!reason) continue;
      findings.push({
        message: `service \`${svc.name}\`: ${reason}; pin a version tag or digest`,
        range: file.yamlPathRange(['services', svc.name, 'image'], 0, false),
      });
    }
    return findings;
  },
};
