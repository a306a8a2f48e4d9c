#!/usr/bin/env node
// `pnpm start`: build whatever is missing (API, web app), then run the production
// entrypoint, which serves the web app and the API from one process on 127.0.0.1:8000.
//
// package.json runs this as `exec node scripts/start.mjs`: pnpm starts a script through
// `sh -c`, and a shell left in between dies of the SIGINT of a Ctrl-C even when the portal
// shut down cleanly, so pnpm would report `ELIFECYCLE Command failed`. With exec, the
// portal's own exit status (0 after a clean shutdown on SIGINT or SIGTERM) is pnpm's.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const needs = [
  ['api', path.join(root, 'api/dist/server.js')],
  ['web', path.join(root, 'web/dist/index.html')],
].filter(([, built]) => !existsSync(built));

for (const [pkg] of needs) {
  console.log(`kitestacks-portal: building ${pkg}/ (first start)…`);
  const result = spawnSync('pnpm', ['--filter', `@kitestacks/${pkg}`, 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`kitestacks-portal: building ${pkg}/ failed; see the output above`);
    process.exit(result.status ?? 1);
  }
}

await import(path.join(root, 'api/dist/server.js'));
