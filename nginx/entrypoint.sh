#!/bin/sh
# Entrypoint of the homepage image: renders the portal's server block from its template,
# then runs nginx in the foreground. The image's own, so it behaves the same on every base
# (the official image's template step is not relied upon).
#
# envsubst is limited to the template's three variables: nginx's own $uri, $host... are
# never touched, whatever else the environment holds.
set -eu

template=/etc/nginx/templates/portal.conf.template
out_dir=/etc/nginx/conf.d

for name in PORTAL_PORT API_UPSTREAM WEB_ROOT; do
    eval "value=\${$name:-}"
    if [ -z "$value" ]; then
        echo "portal-entrypoint: $name is not set" >&2
        exit 1
    fi
done

# shellcheck disable=SC2016 # the variable names are meant literally
envsubst '${PORTAL_PORT} ${API_UPSTREAM} ${WEB_ROOT}' <"$template" >"$out_dir/portal.conf"

if [ "$#" -eq 0 ]; then
    set -- nginx -g 'daemon off;'
fi
exec "$@"
