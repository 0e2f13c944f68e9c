/**
 * The services of a Docker Compose file: the one view of compose files that the build reader
 * (builds.ts) needs too, kept apart from compose.ts so that the Dockerfile, build and compose views do
 * not import each other in a circle.
 */
import type { SourceFile } from '../../core/source';
import { asRecord } from '../../core/source';

/** One service of a compose file. */
export interface ComposeService {
  name: string;
  value: Record<string, unknown>;
}

/** The services of a compose file (first YAML document), or none when the file is not valid. */
export function servicesOf(file: SourceFile): ComposeService[] {
  const services = asRecord(asRecord(file.yaml)?.services);
  if (!services) return [];
  return Object.entries(services).flatMap(([name, v]) => {
    const value = asRecord(v);
    return value ? [{ name, value }] : [];
  });
}
