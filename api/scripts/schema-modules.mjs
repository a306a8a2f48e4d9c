// Which compiled modules are schemas: everything in schemas/ but its index, and each
// source's own schema.js. Shared by the freezing build step and the test that checks it.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Paths relative to `root` (src or dist) of every schema module, with the given extension. */
export function schemaModules(root, ext) {
  const found = readdirSync(path.join(root, 'schemas'))
    .filter((file) => file.endsWith(ext) && file !== `index${ext}`)
    .map((file) => `schemas/${file}`);
  const sources = path.join(root, 'sources');
  for (const folder of readdirSync(sources, { withFileTypes: true })) {
    const file = `sources/${folder.name}/schema${ext}`;
    if (folder.isDirectory() && existsSync(path.join(root, file))) found.push(file);
  }
  return found.sort();
}
