# The portal API: `node api/dist/server.js` on a pinned Node LTS, production dependencies
# only, as an unprivileged user. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t kitestacks/portal-api .
ARG NODE_IMAGE=node:24.11.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV CI=true
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /src
# Manifests first: the dependency layer is reused until the lockfile changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY api/package.json api/
COPY web/package.json web/
RUN pnpm install --frozen-lockfile
COPY tsconfig.base.json ./
COPY api/ api/
RUN pnpm --filter @kitestacks/api build \
 && pnpm --filter @kitestacks/api deploy --prod --legacy /out/api \
 && rm -rf /out/api/dist /out/api/src /out/api/test \
 && cp -r api/dist /out/api/dist

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=127.0.0.1 \
    PORT=8000 \
    WEB_ROOT=off \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /out/api /app/api
COPY docker/api-healthcheck.mjs /app/healthcheck.mjs
# The `node` user of the official image; numeric so runtimes can check it is not root.
USER 1000:1000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "api/dist/server.js"]
