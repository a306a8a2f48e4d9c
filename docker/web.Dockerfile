# The homepage: the built web app served by unprivileged nginx with the repo's template.
# Build from the repository root:
#   docker build -f docker/web.Dockerfile -t kitestacks/portal-web .
ARG NODE_IMAGE=node:24.11.0-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28.0-alpine

FROM ${NODE_IMAGE} AS build
ENV CI=true
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
WORKDIR /src
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY api/package.json api/
COPY web/package.json web/
RUN pnpm install --frozen-lockfile
COPY tsconfig.base.json ./
# The page imports the API's schema types.
COPY api/ api/
COPY web/ web/
# Hashed assets never change, so they are compressed once (nginx's gzip_static sends the .gz);
# whatever the web build already compressed is kept. index.html and services.json are left to
# nginx's on-the-fly gzip: an operator may replace them.
RUN pnpm --filter @kitestacks/web build \
 && find web/dist/assets -type f \( -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.json' \) \
      -size +512c -exec sh -c 'for f; do [ -e "$f.gz" ] || gzip -9 -k -n "$f"; done' sh {} +

FROM ${NGINX_IMAGE}
# The image brings its own main config and entrypoint (nginx/nginx.conf, nginx/entrypoint.sh)
# instead of leaning on the base image's: the same Dockerfile then runs on the official
# unprivileged nginx and on any nginx base with envsubst and wget. The entrypoint renders the
# template into /tmp/nginx/conf.d (/tmp is a tmpfs in compose.yaml) and runs nginx in the
# foreground.
ENV PORTAL_PORT=8080 \
    API_UPSTREAM=host.docker.internal:8000 \
    WEB_ROOT=/usr/share/nginx/html
USER root
RUN rm -rf /etc/nginx/conf.d/* /usr/share/nginx/html/* \
 && mkdir -p /etc/nginx/templates
COPY nginx/nginx.conf /etc/nginx/nginx.conf
COPY nginx/entrypoint.sh /usr/local/bin/portal-entrypoint
COPY nginx/templates/portal.conf.template /etc/nginx/templates/portal.conf.template
COPY --from=build /src/web/dist/ /usr/share/nginx/html/
USER 101:101
EXPOSE 8080
# SIGQUIT (the official image's default) waits for every open event stream to end: they never do.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/portal-entrypoint"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${PORTAL_PORT}/nginx-health" || exit 1
