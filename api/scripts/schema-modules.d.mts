/** Paths relative to `root` (src or dist) of every schema module, with the given extension. */
export function schemaModules(root: string, ext: string): string[];
