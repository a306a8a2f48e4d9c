/**
 * The README's own examples, so tests run what users copy and the docs cannot drift from
 * what is tested. Examples are fenced blocks whose info string names them, e.g.
 * ```` ```lua kitestacks-conky ````.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './portal-process.js';

export const readmePath = path.join(repoRoot, 'README.md');

/** The body of the one fenced block whose info string ends with `name`. */
export function readmeBlock(name: string): string {
  const readme = readFileSync(readmePath, 'utf8');
  const pattern = new RegExp(`^\`\`\`[a-z]* ${name}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  const found = [...readme.matchAll(pattern)];
  if (found.length !== 1) {
    throw new Error(`README.md has ${found.length} blocks named ${name}; expected exactly one`);
  }
  return found[0]?.[1] ?? '';
}

/** The README's examples talk to the default address; tests point them elsewhere. */
export const README_API = 'http://127.0.0.1:8000';

/** `text` with the README's API address replaced, failing when it does not appear. */
export function pointAt(text: string, url: string): string {
  if (!text.includes(README_API)) throw new Error(`no ${README_API} to point at ${url}`);
  return text.split(README_API).join(url);
}
