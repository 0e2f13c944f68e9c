/**
 * docker/numeric-user: where the repository's Kubernetes workloads require `runAsNonRoot: true` without
 * a numeric `runAsUser`, the image's USER is numeric (`USER 10001` or `USER 10001:10001`). The kubelet
 * checks runAsNonRoot against the image's user id; a user given by name (`USER app`) cannot be checked,
 * so the kubelet refuses to start the container ("image has non-numeric user").
 *
 * Judged only in repositories whose manifests (or Helm values) set runAsNonRoot without runAsUser:
 * elsewhere a named user is fine. The user in effect is the last USER of the final stage or of the
 * stages it is built FROM; a USER from a build argument is not judged. No fix: the user's id is set
 * where the user is created.
 */
import type { FileRule, RuleContext, RuleFinding } from '../../core/types';
import type { Instruction } from 'dockerfile-ast';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { finalStage, rangeOf, stageChain } from '../lib/dockerfile';
import { securityField, workloadsOf } from '../lib/k8s';

/**
 * The first manifest (or Helm values file) that requires runAsNonRoot without a numeric runAsUser, or
 * null. Not cached: the editor keeps one workspace while manifests change.
 */
function nonRootManifest(ws: Workspace): string | null {
  for (const path of ws.pathsOfKind('k8s')) {
    const f = ws.read(path);
    if (f && workloadsOf(f).some((w) => w.containers.some((c) => securityField(w, c, 'runAsNonRoot') === true && typeof securityField(w, c, 'runAsUser') !== 'number'))) return path;
  }
  for (const path of ws.pathsOfKind('yaml')) {
    if (!/(^|\/)values[^/]*\.ya?ml$/.test(path)) continue;
    const text = ws.read(path)?.text ?? '';
    if (/^\s*runAsNonRoot:\s*true\b/m.test(text) && !/^\s*runAsUser:\s*\d+/m.test(text)) return path;
  }
  return null;
}

/** The USER in effect in the shipped image (the last one of the final stage's chain), if any. */
function shippedUser(file: SourceFile): Instruction | undefined {
  const stage = finalStage(file);
  if (!stage) return undefined;
  for (const s of stageChain(file, stage)) {
    const users = s.instructions.filter((i) => i.getKeyword() === 'USER');
    if (users.length > 0) return users[users.length - 1];
  }
  return undefined;
}

export const rule: FileRule = {
  id: 'docker/numeric-user',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'USER is numeric where Kubernetes requires runAsNonRoot',
  rationale: 'The kubelet enforces runAsNonRoot by the image\'s user id; a USER given by name cannot be verified, and the container is refused with "image has non-numeric user".',
  related: [{ tool: 'hadolint', id: 'DL3066' }],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file: SourceFile, ctx: RuleContext) => shippedUser(file) !== undefined && nonRootManifest(ctx.ws) !== null,
  examinesWhat: 'USER in an image of a repository whose Kubernetes workloads require runAsNonRoot',
  checkFile(file, ctx) {
    const user = shippedUser(file);
    const manifest = nonRootManifest(ctx.ws);
    if (!user || !manifest) return [];
    const value = (user.getArgumentsContent() ?? '').trim();
    const name = value.split(':')[0];
    if (/^\d+$/.test(name) || name.includes('$') || name === '') return [];
    const finding: RuleFinding = {
      message: `the shipped image runs as the user \`${name}\`, given by name, while ${manifest} requires runAsNonRoot without a runAsUser: the kubelet cannot verify a named user and refuses to start the container; use a numeric id (\`USER 10001:10001\`) or set runAsUser`,
      range: rangeOf(user),
    };
    return [finding];
  },
};
