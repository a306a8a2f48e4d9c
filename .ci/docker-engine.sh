# Sourced by .ci/run: a Docker engine and Compose v2 for the container suite.
#
#   docker_engine_start   makes sure an engine answers: starts Debian's dockerd in the
#                         background when none does and this machine can run one
#   docker_engine_stop    stops what docker_engine_start started (run it from a trap)
#
# Where no engine can be had (not root, no cgroups, dockerd refuses), it says so and returns
# 0: the container suite then skips with the reason. No public container registry is
# needed: the suite builds stand-in base images from Debian packages with mmdebstrap.

DOCKER_ENGINE_PID=""
DOCKERD_LOG=".artifacts/dockerd.log"

docker_engine_start() {
    if docker info >/dev/null 2>&1; then
        echo "a Docker engine already answers"
    elif [ "$(id -u)" != 0 ]; then
        echo "no Docker engine answers and this is not root: the container suite will be skipped"
        return 0
    else
        apt-get install -y -qq --no-install-recommends docker.io >/dev/null || {
            echo "docker.io cannot be installed: the container suite will be skipped"
            return 0
        }
        mkdir -p "$(dirname "$DOCKERD_LOG")"
        dockerd >"$DOCKERD_LOG" 2>&1 &
        DOCKER_ENGINE_PID=$!
        for _ in $(seq 1 30); do
            docker info >/dev/null 2>&1 && break
            kill -0 "$DOCKER_ENGINE_PID" 2>/dev/null || break
            sleep 1
        done
        if ! docker info >/dev/null 2>&1; then
            echo "dockerd did not start here (the container suite will be skipped):"
            tail -n 5 "$DOCKERD_LOG"
            docker_engine_stop
            return 0
        fi
        echo "dockerd started (pid $DOCKER_ENGINE_PID, log $DOCKERD_LOG)"
    fi
    # Stand-in base images, for when no public registry answers.
    apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null || return 1
    docker_compose_install || return 1
    docker version --format 'Docker {{.Server.Version}}'
    docker compose version
}

# Compose v2 from Debian 13 (trixie): Debian 12 ships only v1. The package depends on libc6
# alone; the trixie source is pinned at priority 100 so nothing else is ever taken from it.
docker_compose_install() {
    docker compose version >/dev/null 2>&1 && return 0
    # The machine's own Debian mirror, where it names one.
    local mirror
    mirror=$(awk '/^URIs:/ && $2 ~ /\/debian\/?$/ { print $2; exit }' \
        /etc/apt/sources.list.d/debian.sources 2>/dev/null)
    cat >/etc/apt/sources.list.d/debian-trixie.sources <<SOURCES
Types: deb
URIs: ${mirror:-http://deb.debian.org/debian}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    cat >/etc/apt/preferences.d/debian-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-compose/trixie >/dev/null
}

docker_engine_stop() {
    [ -n "$DOCKER_ENGINE_PID" ] || return 0
    kill "$DOCKER_ENGINE_PID" 2>/dev/null
    # dockerd stops its containers first; give it the time it asks for.
    for _ in $(seq 1 30); do
        kill -0 "$DOCKER_ENGINE_PID" 2>/dev/null || break
        sleep 1
    done
    kill -9 "$DOCKER_ENGINE_PID" 2>/dev/null
    DOCKER_ENGINE_PID=""
}
