/**
 * The build freezes every schema module (schemas/, each source's schema.js) as plain JSON so production never loads TypeBox
 * (scripts/freeze-schemas.mjs). The frozen data must be exactly what TypeBox builds.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaModules } from '../scripts/schema-modules.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const src = path.resolve(here, '..', 'src');
const built = existsSync(path.join(dist, 'schemas', 'metrics.js'));
if (!built) console.warn('[skipped] frozen schemas: api/dist is not built (pnpm build)');

/** The built modules the server loads: `server.js` and what it imports, followed through dist. */
function loadedModules(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(dist, file), 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g))
      visit(path.normalize(path.join(path.dirname(file), match[1] ?? '')));
  };
  visit(entry);
  return [...seen];
}

const modules: string[] = built ? schemaModules(dist, '.js') : [];

describe.runIf(built)('frozen schemas in dist', () => {
  it('covers every schema module', () => {
    const sources = schemaModules(src, '.ts').map((f: string) => f.replace(/\.ts$/, '.js'));
    expect(modules).toEqual(sources);
    expect(modules).toContain('sources/weather/schema.js');
  });

  // TypeBox is a build-time dependency only: the production image does not install it, so a
  // route that built a schema with it would not start there.
  it('leaves no built module that loads TypeBox', () => {
    const loaded = loadedModules('server.js');
    expect(loaded).toContain('routes/stream.js');
    const loaders = loaded.filter((file) =>
      /['"](typebox|@sinclair\/typebox)['"]/.test(readFileSync(path.join(dist, file), 'utf8')),
    );
    expect(loaders).toEqual([]);
  });

  it.each(modules)('%s equals the TypeBox source and imports nothing', async (file) => {
    const frozenText = readFileSync(path.join(dist, file), 'utf8');
    expect(frozenText).not.toMatch(/\bimport\b|\brequire\(/);
    const frozen: Record<string, unknown> = await import(pathToFileURL(path.join(dist, file)).href);
    const source: Record<string, unknown> = await import(
      pathToFileURL(path.join(src, file.replace(/\.js$/, '.ts'))).href
    );
    expect(Object.keys(frozen).sort()).toEqual(Object.keys(source).sort());
    for (const name of Object.keys(source)) {
      expect(frozen[name], name).toEqual(JSON.parse(JSON.stringify(source[name])));
    }
  });
});
