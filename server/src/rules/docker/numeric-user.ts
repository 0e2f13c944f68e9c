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
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { rangeOf, shippedTargets, stageChain } from '../lib/dockerfile';
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

/** The USER in effect in each shipped image (the last one along a shipped stage's chain), if any. */
function shippedUsers(file: SourceFile, ws: Workspace): Instruction[] {
  const out: Instruction[] = [];
  for (const stage of shippedTargets(file, ws)) {
    for (const s of stageChain(file, stage)) {
      const users = s.instructions.filter((i) => i.getKeyword() === 'USER');
      if (users.length === 0) continue;
      if (!out.includes(users[users.length - 1])) out.push(users[users.length - 1]);
      break;
    }
  }
  return out;
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
  examines: (file: SourceFile, ctx: RuleContext) => shippedUsers(file, ctx.ws).length > 0 && nonRootManifest(ctx.ws) !== null,
  examinesWhat: 'USER in an image of a repository whose Kubernetes workloads require runAsNonRoot',
  checkFile(file, ctx) {
    const manifest = nonRootManifest(ctx.ws);
    if (!manifest) return [];
    const findings: RuleFinding[] = [];
    for (const user of shippedUsers(file, ctx.ws)) {
      const value = (user.getArgumentsContent() ?? '').trim();
      const name = value.split(':')[0];
      if (/^\d+$/.test(name) || name.includes('$') || name === '') continue;
      findings.push({
        message: `the shipped image runs as the user \`${name}\`, given by name, while ${manifest} requires runAsNonRoot without a runAsUser: the kubelet cannot verify a named user and refuses to start the container; use a numeric id (\`USER 10001:10001\`) or set runAsUser`,
        range: rangeOf(user),
      });
    }
    return findings;
  },
};
