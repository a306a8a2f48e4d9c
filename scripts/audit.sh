#!/usr/bin/env bash
# Known advisories for what the portal ships (`pnpm audit --prod`: the api's and the web
# page's runtime dependencies in pnpm-lock.yaml, not the dev tools). Needs the registry's
# audit endpoint; where that cannot be reached or does not answer (an offline machine, a
# mirror without it), this says so plainly instead of passing in silence.
#
#   exit 0   no known advisory
#   exit 1   advisories found (pnpm's table above says which)
#   exit 3   could not check: the reason is printed
set -uo pipefail
cd "$(dirname "$0")/.."

registry=$(pnpm config get registry 2>/dev/null || echo 'the registry')
output=$(pnpm audit --prod 2>&1)
status=$?
printf '%s\n' "$output"

if [ "$status" -eq 0 ]; then
    echo "audit: no known advisories for the production dependencies ($(date -u +%F), $registry)"
    exit 0
fi
if printf '%s' "$output" | grep -qE 'ERR_PNPM_AUDIT|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|fetch failed'; then
    echo "audit: COULD NOT CHECK: the audit endpoint of $registry could not be used (see above): no result, which is not a pass"
    exit 3
fi
echo "audit: advisories found for the production dependencies ($(date -u +%F)); see above"
exit 1
