/** Placeholder until the roadmap writer lands (owned by the roadmap work). */
export async function roadmapCommand(_path: string, _opts: { output?: string; check?: boolean; stdout?: boolean }): Promise<number> {
  throw new Error('the roadmap writer is not built yet');
}
