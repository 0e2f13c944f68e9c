/**
 * The names a manifest file may have, written once for the engine, the language server and the client
 * (which reaches it through `shared/protocol.ts`). It imports nothing, so the client bundle stays small.
 */

/** Names a manifest file may have, in order of preference. */
export const MANIFEST_NAMES: readonly string[] = ['readiness.yaml', 'readiness.yml', '.readiness.yaml', '.readiness.yml'];

/** The name a new manifest is written under. */
export const DEFAULT_MANIFEST_NAME = MANIFEST_NAMES[0];

/** A glob that matches the manifest's names (for editors' file searches and watchers). */
export const MANIFEST_GLOB = `{${MANIFEST_NAMES.join(',')}}`;

/** True when a workspace-relative path is a manifest at the root. */
export function isManifestName(rel: string): boolean {
  return MANIFEST_NAMES.includes(rel);
}
