/**
 * Container image references (`registry/name:tag@digest`) as written in Dockerfiles, compose files and
 * Kubernetes manifests, and the one judgement the image rules share: is this reference pinned?
 */

/** The parts of an image reference. */
export interface ImageRef {
  name: string;
  tag: string | null;
  digest: string | null;
}

/** Splits an image reference; the tag is the part after the last `:` that follows the last `/`. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1) || null;
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1) || null, digest };
  return { name: rest, tag: null, digest };
}

/** Why an image reference is not pinned, or null when it is pinned (or cannot be judged, like `${IMAGE}`). */
export function unpinnedReason(ref: string): string | null {
  const trimmed = ref.trim();
  if (trimmed === '' || trimmed.includes('$') || trimmed.includes('{{')) return null;
  const { name, tag, digest } = parseImageRef(trimmed);
  if (name.toLowerCase() === 'scratch') return null;
  if (digest) return null;
  if (!tag) return `\`${trimmed}\` has no tag, so it means \`latest\` and changes under you`;
  if (tag.toLowerCase() === 'latest') return `\`${trimmed}\` uses the moving \`latest\` tag`;
  return null;
}
