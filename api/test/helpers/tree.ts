/** Writes a recorded file tree (a sysfs or /proc excerpt) into a fresh temporary folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Tree {
  root: string;
  remove(): void;
}

export function writeTree(files: Record<string, string>): Tree {
  const root = mkdtempSync(path.join(os.tmpdir(), 'portal-tree-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
