/**
 * The build freezes dist/schemas/ as plain JSON so production never loads TypeBox
 * (scripts/freeze-schemas.mjs). The frozen data must be exactly what TypeBox builds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist', 'schemas');
const built = existsSync(path.join(dist, 'metrics.js'));
if (!built) console.warn('[skipped] frozen schemas: api/dist is not built (pnpm build)');

const modules = built ? readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'index.js') : [];

describe.runIf(built)('frozen schemas in dist', () => {
  it('covers every schema module', () => {
    const sources = readdirSync(path.resolve(here, '..', 'src', 'schemas'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, '.js'));
    expect(modules.sort()).toEqual(sources.sort());
  });

  it.each(modules)('%s equals the TypeBox source and imports nothing', async (file) => {
    const frozenText = readFileSync(path.join(dist, file), 'utf8');
    expect(frozenText).not.toMatch(/\bimport\b|\brequire\(/);
    const frozen: Record<string, unknown> = await import(pathToFileURL(path.join(dist, file)).href);
    const source: Record<string, unknown> = await import(
      pathToFileURL(path.resolve(here, '..', 'src', 'schemas', file.replace(/\.js$/, '.ts'))).href
    );
    expect(Object.keys(frozen).sort()).toEqual(Object.keys(source).sort());
    for (const name of Object.keys(source)) {
      expect(frozen[name], name).toEqual(JSON.parse(JSON.stringify(source[name])));
    }
  });
});
