/**
 * Embedded mode: the built web app served by the API process itself, so one `pnpm start`
 * gives the whole portal without nginx. Cache rules match nginx's: hashed files under
 * /assets/ are immutable for a year; everything else (index.html, services.json) is
 * revalidated so an edit shows up on the next load.
 */
import type { FastifyInstance } from 'fastify';
import type { ServicesFile } from './services-file.js';

const YEAR_S = 365 * 24 * 60 * 60;

/**
 * `servicesFile`: the operator's own card list (SERVICES_FILE), served as /services.json in
 * place of the built one, so it survives every `pnpm build` (which rewrites web/dist). It was
 * read at start and is read again when it changes: an edit shows on the next page load.
 */
export async function serveWebApp(
  app: FastifyInstance,
  root: string,
  servicesFile: ServicesFile | null = null,
): Promise<void> {
  if (servicesFile) {
    const warn = (message: string) => app.log.warn(message);
    app.get('/services.json', async (_request, reply) =>
      reply
        .header('cache-control', 'no-cache')
        .type('application/json; charset=utf-8')
        .send(await servicesFile.current(warn)),
    );
  }
  // Loaded only here: the production API (behind nginx, no web root) never pays its ~4 MiB.
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, {
    root,
    index: ['index.html'],
    // Dotfiles (.env, .git) are never served, whatever ends up in the folder.
    dotfiles: 'deny',
    cacheControl: false,
    // Serve foo.js.gz / foo.js.br when the build made them and the client accepts them.
    preCompressed: true,
    // Since v10 the callback gets Fastify's reply (not node's response), so headers set
    // here go through reply.header() like every other header of the answer.
    setHeaders(reply, filePath) {
      const hashed = /[\\/]assets[\\/]/.test(filePath);
      reply.header('cache-control', hashed ? `public, max-age=${YEAR_S}, immutable` : 'no-cache');
    },
  });
}
