import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { budget } from '../tools/budget.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** Runs the plugin's writeBundle hook on a made-up bundle; returns the error it raised, if any. */
function run(
  limits: { codeGzipBytes: number; fontBytes: number },
  files: Record<string, string | Uint8Array>,
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'budget-'));
  dirs.push(dir);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const bundle = Object.fromEntries(
    Object.entries(files).map(([file, content]) => [
      file,
      file.endsWith('.js') ? { type: 'chunk', code: content } : { type: 'asset', source: content },
    ]),
  );
  let raised: string | null = null;
  const context = { error: (message: string) => (raised = message) };
  const hook = budget(limits).writeBundle as (
    this: unknown,
    options: { dir: string },
    bundle: unknown,
  ) => void;
  hook.call(context, { dir }, bundle);
  return { raised: raised as string | null, dir };
}

describe('weight budget', () => {
  const random = (bytes: number) =>
    Uint8Array.from({ length: bytes }, () => Math.floor(Math.random() * 256));

  it('passes under budget and writes .gz beside the hashed code only', () => {
    const { raised, dir } = run(
      { codeGzipBytes: 10_000, fontBytes: 10_000 },
      {
        'index.html': '<!doctype html>'.repeat(10),
        'assets/app.js': 'console.log(1);'.repeat(100),
        'font.woff2': random(100),
      },
    );
    expect(raised).toBeNull();
    expect(readFileSync(path.join(dir, 'assets', 'app.js.gz')).length).toBeGreaterThan(0);
    // index.html may be replaced by an operator: a .gz beside it would go stale.
    expect(existsSync(path.join(dir, 'index.html.gz'))).toBe(false);
  });

  it('fails the build when the code is over budget, counted gzipped', () => {
    const { raised } = run(
      { codeGzipBytes: 1_000, fontBytes: 10_000 },
      {
        'app.js': Buffer.from(random(4_000)).toString('base64'),
      },
    );
    expect(raised).toMatch(/over budget: HTML\+JS\+CSS/);
  });

  it('fails the build when the fonts are over budget', () => {
    const { raised } = run(
      { codeGzipBytes: 10_000, fontBytes: 1_000 },
      { 'a.woff2': random(800), 'b.woff2': random(800) },
    );
    expect(raised).toMatch(/over budget: fonts 1\.6 KiB of 1\.0 KiB/);
  });
});
