#!/usr/bin/env node
// Build step: rewrites every compiled schema module (dist/schemas/, and each source's
// schema.js) as plain JSON data.
//
// The schemas are written with TypeBox so the same source gives the TypeScript types the
// routes and the page use. At run time they are only data, but loading TypeBox's builders
// (a 5.7 MB package) costs the API process about 15 MiB of resident memory — a fifth of
// its idle budget. Frozen, the production API never loads TypeBox; `frozen-schemas.test.ts`
// checks that the frozen modules equal what TypeBox builds.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { schemaModules } from './schema-modules.mjs';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const modules = schemaModules(dir, '.js');

// Import everything first: a module rewritten early must not change what a later one sees.
const loaded = await Promise.all(
  modules.map(async (file) => [file, await import(pathToFileURL(path.join(dir, file)).href)]),
);

for (const [file, exports] of loaded) {
  let source = `// Frozen from src/${file.replace(/\.js$/, '.ts')} by scripts/freeze-schemas.mjs.\n`;
  for (const [name, value] of Object.entries(exports)) {
    const json = JSON.stringify(value);
    if (typeof value !== 'object' || value === null || json === undefined) {
      console.error(`freeze-schemas: ${file} exports ${name}, which is not a JSON schema`);
      process.exit(1);
    }
    source += `export const ${name} = ${json};\n`;
  }
  writeFileSync(path.join(dir, file), source);
  // Its source map described the TypeBox version: gone rather than misleading.
  rmSync(path.join(dir, `${file}.map`), { force: true });
}
console.log(`freeze-schemas: ${loaded.length} schema modules frozen as JSON`);
