#!/usr/bin/env bash
# Deploys the portal on this host. Which version runs is written in one place, PORTAL_VERSION
# in .env, so a later plain `docker compose up -d` (after a change to .env, a reboot, a pull
# of the base images) keeps the version that was deployed.
#
#   scripts/deploy.sh update [VERSION]  build this checkout's images tagged VERSION (default:
#                                       the commit, e.g. 3f2c1ab), set PORTAL_VERSION to it,
#                                       start them and wait until both are healthy. The version
#                                       that ran before is kept as PORTAL_PREVIOUS_VERSION.
#   scripts/deploy.sh rollback          start PORTAL_PREVIOUS_VERSION again (its images are
#                                       still here) and keep the one it replaces as previous:
#                                       a second rollback returns to where the first began.
#   scripts/deploy.sh status            what .env says and what runs.
#
# Run it in the checkout (next to compose.yaml and .env) as a user who may run docker and
# write .env: root (sudo), or a member of the docker group who owns .env. A rollback changes
# the images only: compose.yaml and .env stay as they are in the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/dotenv.sh

ENV_FILE=.env
# compose.yaml's `user:` of kitestacks-metrics-api: the token secret must be readable by it.
API_UID=65530
# How long `up --wait` may take: the first health check runs 30 s after start (its interval).
WAIT_TIMEOUT_S=${DEPLOY_WAIT_TIMEOUT_S:-180}
# A Docker image tag.
TAG_PATTERN='^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'

# .env decides, never a PORTAL_VERSION left in the caller's shell (compose would prefer it).
unset PORTAL_VERSION PORTAL_PREVIOUS_VERSION

die() {
    echo "deploy: $*" >&2
    exit 1
}

need_env_file() {
    [ -f "$ENV_FILE" ] || die "no $ENV_FILE here: cp .env.example .env and edit it first"
}

valid_tag() {
    [[ $1 =~ $TAG_PATTERN ]] || die "'$1' cannot be an image tag (letters, digits, _ . -; at most 128)"
}

# The commit this checkout is at; a checkout with uncommitted changes is not that commit.
commit_version() {
    local git=(git -c "safe.directory=$PWD")
    "${git[@]}" rev-parse --git-dir >/dev/null 2>&1 ||
        die "not a git checkout: name the version, scripts/deploy.sh update <version>"
    [ -z "$("${git[@]}" status --porcelain --untracked-files=no)" ] ||
        die "the checkout has uncommitted changes: commit them, or name the version, scripts/deploy.sh update <version>"
    "${git[@]}" rev-parse --short HEAD
}

# Both images of VERSION exist on this host (compose.yaml names them).
images_present() {
    local images
    images=$(PORTAL_VERSION=$1 docker compose config --images) || return 1
    # shellcheck disable=SC2086 # one image name per word
    docker image inspect $images >/dev/null 2>&1
}

# The API runs as $API_UID and reads the token through a bind mount that keeps the host
# file's owner and mode: refuse to start a portal that could not read it.
check_token_secret() {
    local secret mode
    secret=$(dotenv_get "$ENV_FILE" FORGEJO_TOKEN_PATH)
    secret=${secret:-./secrets/forgejo_token}
    [ "$secret" = /dev/null ] && return 0
    [ -f "$secret" ] || die "the token secret $secret does not exist (README \"Deploy with Docker\"; none: FORGEJO_TOKEN_PATH=/dev/null)"
    mode=$(stat -c %a "$secret")
    if [ "$(stat -c %u "$secret")" != "$API_UID" ] && (((8#$mode & 4) == 0)); then
        die "the API (uid $API_UID) cannot read $secret (owner $(stat -c %u:%g "$secret"), mode $mode): sudo chown $API_UID:$API_UID $secret && sudo chmod 400 $secret"
    fi
}

# Starts what .env names and waits for both health checks.
start() {
    local version previous way_back started=$SECONDS
    version=$(dotenv_get "$ENV_FILE" PORTAL_VERSION)
    previous=$(dotenv_get "$ENV_FILE" PORTAL_PREVIOUS_VERSION)
    way_back=${previous:+scripts/deploy.sh rollback returns to $previous}
    echo "starting $version"
    if ! docker compose up --detach --wait --wait-timeout "$WAIT_TIMEOUT_S"; then
        docker compose ps >&2 || true
        die "$version is not healthy after ${WAIT_TIMEOUT_S} s (docker compose logs)${way_back:+; $way_back}"
    fi
    echo "$version runs, healthy after $((SECONDS - started)) s"
}

update() {
    local version=${1:-} current
    need_env_file
    [ -n "$version" ] || version=$(commit_version)
    valid_tag "$version"
    check_token_secret
    current=$(dotenv_get "$ENV_FILE" PORTAL_VERSION)
    # Built before .env changes: a failed build leaves the running version in charge.
    echo "building $version"
    PORTAL_VERSION=$version docker compose build
    # The version it replaces becomes the way back, if its images are here to run.
    if [ -n "$current" ] && [ "$current" != "$version" ] && images_present "$current"; then
        dotenv_set "$ENV_FILE" PORTAL_PREVIOUS_VERSION "$current"
    fi
    dotenv_set "$ENV_FILE" PORTAL_VERSION "$version"
    start
}

rollback() {
    local current previous
    need_env_file
    current=$(dotenv_get "$ENV_FILE" PORTAL_VERSION)
    previous=$(dotenv_get "$ENV_FILE" PORTAL_PREVIOUS_VERSION)
    [ -n "$previous" ] || die "no PORTAL_PREVIOUS_VERSION in $ENV_FILE: nothing to roll back to"
    valid_tag "$previous"
    images_present "$previous" ||
        die "the images of $previous are gone: check out that commit and run scripts/deploy.sh update"
    check_token_secret
    dotenv_set "$ENV_FILE" PORTAL_VERSION "$previous"
    dotenv_set "$ENV_FILE" PORTAL_PREVIOUS_VERSION "$current"
    start
}

status() {
    local version running
    need_env_file
    version=$(dotenv_get "$ENV_FILE" PORTAL_VERSION)
    echo "PORTAL_VERSION=$version"
    echo "PORTAL_PREVIOUS_VERSION=$(dotenv_get "$ENV_FILE" PORTAL_PREVIOUS_VERSION)"
    docker compose ps --all
    running=$(docker compose ps --format '{{.Image}}' | sed 's/.*://' | sort -u)
    if [ -n "$running" ] && [ "$running" != "$version" ]; then
        echo "running: $(echo "$running" | tr '\n' ' ')but .env says $version: docker compose up -d starts $version"
    fi
}

case ${1:-} in
update) update "${2:-}" ;;
rollback) rollback ;;
status) status ;;
*) die "usage: scripts/deploy.sh update [VERSION] | rollback | status" ;;
esac
