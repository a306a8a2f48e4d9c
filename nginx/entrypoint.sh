#!/bin/sh
# KiteStacks Portal web image: renders the server template, then starts nginx.
#
# POSIX sh (busybox or dash). Reads the environment (nginx/README.md lists every variable):
#   PORTAL_PORT      what `listen` takes                      default 8080
#   API_UPSTREAM     host:port of the API                     default host.docker.internal:8000
#   WEB_ROOT         folder of the built web app              default /usr/share/nginx/html
#   CACHE_DIR        writable folder for the /api/metrics cache   default /tmp/nginx/cache
#   TRUSTED_PROXIES  where CF-Connecting-IP is believed from: addresses or CIDR ranges
#                    (comma- or space-separated), `auto` for the networks this container is
#                    attached to, or `none`. Default: `auto` in a container, else loopback.
#   NGINX_TEMPLATE   the template          default /etc/nginx/templates/portal.conf.template
#   NGINX_CONF_DIR   where the rendered portal.conf goes (nginx.conf includes it from
#                    /tmp/nginx/conf.d)                       default /tmp/nginx/conf.d
#   PROC_PATH        the proc filesystem whose route tables `auto` reads   default /proc
# With arguments, runs them instead of nginx once the template is rendered.
set -eu
# The same sort order, messages and character classes whatever the locale.
export LC_ALL=C

fail() {
  echo "entrypoint: $*" >&2
  exit 64
}

PORTAL_PORT=${PORTAL_PORT:-8080}
API_UPSTREAM=${API_UPSTREAM:-host.docker.internal:8000}
WEB_ROOT=${WEB_ROOT:-/usr/share/nginx/html}
CACHE_DIR=${CACHE_DIR:-/tmp/nginx/cache}
NGINX_TEMPLATE=${NGINX_TEMPLATE:-/etc/nginx/templates/portal.conf.template}
NGINX_CONF_DIR=${NGINX_CONF_DIR:-/tmp/nginx/conf.d}
PROC_PATH=${PROC_PATH:-/proc}

# Every value lands in nginx's configuration: nothing that could end a directive or open a
# block gets through.
printf '%s\n' "$PORTAL_PORT" | grep -Eqx '(([0-9]{1,3}\.){3}[0-9]{1,3}:|\[[0-9A-Fa-f:.]+\]:)?[0-9]{1,5}' ||
  fail "PORTAL_PORT=\"$PORTAL_PORT\": expected a port or address:port"
printf '%s\n' "$API_UPSTREAM" | grep -Eqx '([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}' ||
  fail "API_UPSTREAM=\"$API_UPSTREAM\": expected host:port"
for name in WEB_ROOT CACHE_DIR; do
  eval "value=\$$name"
  printf '%s\n' "$value" | grep -Eqx '/[A-Za-z0-9_./@+-]*' ||
    fail "$name=\"$value\": expected an absolute path without spaces or quotes"
done
[ -r "$NGINX_TEMPLATE" ] || fail "NGINX_TEMPLATE=\"$NGINX_TEMPLATE\": expected a readable file"
command -v envsubst >/dev/null 2>&1 || fail "envsubst is missing (gettext)"

# The IPv4 and IPv6 networks this host or container is attached to: the routes that need no
# gateway, from the kernel's route tables (no `ip` needed).
attached_networks() {
  # Hex digits to a number, for both route tables (busybox awk has no strtonum).
  hex_awk='
      function hex(s,   i, n) {
        n = 0
        for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", toupper(substr(s, i, 1))) - 1
        return n
      }'
  if [ -r "$PROC_PATH/net/route" ]; then
    awk "$hex_awk"'
      function bits(n,   c) { c = 0; while (n > 0) { c += n % 2; n = int(n / 2) }; return c }
      NR > 1 && $1 != "lo" && $3 == "00000000" && $8 != "00000000" {
        # Little-endian hex: the last byte pair is the first octet.
        printf "%d.%d.%d.%d/%d\n", hex(substr($2, 7, 2)), hex(substr($2, 5, 2)), hex(substr($2, 3, 2)),
          hex(substr($2, 1, 2)), bits(hex($8))
      }' "$PROC_PATH/net/route"
  fi
  if [ -r "$PROC_PATH/net/ipv6_route" ]; then
    awk "$hex_awk"'
      $10 != "lo" && $2 != "00" && $2 != "80" && $5 == "00000000000000000000000000000000" &&
      $1 !~ /^(fe[89ab]|ff)/ {
        out = ""
        for (i = 0; i < 8; i++) out = out (i ? ":" : "") substr($1, i * 4 + 1, 4)
        printf "%s/%d\n", out, hex($2)
      }' "$PROC_PATH/net/ipv6_route"
  fi
}

in_container() {
  [ -f /.dockerenv ] || [ -f /run/.containerenv ]
}

trusted=${TRUSTED_PROXIES:-}
if [ -z "$trusted" ]; then
  if in_container; then trusted=auto; else trusted='127.0.0.1 ::1'; fi
fi
case "$trusted" in
  auto)
    trusted=$(attached_networks | sort -u | tr '\n' ' ')
    [ -n "$trusted" ] ||
      echo "entrypoint: TRUSTED_PROXIES=auto found no attached network; CF-Connecting-IP is ignored" >&2
    ;;
  none) trusted='' ;;
esac

REAL_IP_FROM=''
for source in $(printf '%s\n' "$trusted" | tr ',' ' '); do
  printf '%s\n' "$source" | grep -Eqx '[0-9A-Fa-f.:]+(/[0-9]{1,3})?' ||
    fail "TRUSTED_PROXIES: \"$source\" is not an address or CIDR range (or use auto, none)"
  REAL_IP_FROM="${REAL_IP_FROM}${REAL_IP_FROM:+ }set_real_ip_from $source;"
done
echo "entrypoint: CF-Connecting-IP is believed from: ${trusted:-nowhere}" >&2

export PORTAL_PORT API_UPSTREAM WEB_ROOT CACHE_DIR REAL_IP_FROM
mkdir -p "$NGINX_CONF_DIR" "$CACHE_DIR"
# Exactly the template's variables: nginx's own $uri, $host... are never touched.
envsubst '${PORTAL_PORT} ${API_UPSTREAM} ${WEB_ROOT} ${REAL_IP_FROM} ${CACHE_DIR}' \
  <"$NGINX_TEMPLATE" >"$NGINX_CONF_DIR/portal.conf.new"
mv "$NGINX_CONF_DIR/portal.conf.new" "$NGINX_CONF_DIR/portal.conf"

if [ "$#" -gt 0 ]; then
  exec "$@"
fi
exec nginx -g 'daemon off;'
