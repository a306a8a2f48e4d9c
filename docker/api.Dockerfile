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
# The build this image is (the tag scripts/deploy.sh gives it, the commit by default), which
# /api/health reports after the package version: `0.1.0+3f2c1ab`. Last, so that a new tag
# reuses every layer above.
ARG PORTAL_VERSION=
RUN printf '%s\n' "$PORTAL_VERSION" > /app/api/build-version
LABEL org.opencontainers.image.version="${PORTAL_VERSION}"
# A uid and gid that no host user or daemon has by default (docs/containers.md, "The API's
# uid"): with pid: host, a uid shared with a host user would reach that user's files through
# /proc/<pid>/root. Numeric, so runtimes can check it is not root.
USER 65530:65530
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "api/dist/server.js"]
