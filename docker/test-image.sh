#!/usr/bin/env bash
# Tests the container setup without a Docker engine (`make docker-test`, run by CI):
#   1. docker-compose.yml (`docker-compose config`, with and without the monitoring profile),
#      .env.example (documents every configuration key), prometheus.yml (`promtool check
#      config`), the Grafana provisioning files and dashboard (parse);
#   2. a debian:bookworm base made with `debootstrap --variant=minbase` from the Debian
#      mirror configured in /etc/apt/sources.list.d/, imported with podman as
#      docker.io/library/debian:bookworm (cached: made only when absent);
#   3. `buildah bud` of the Dockerfile (chroot isolation, never pulls, layers cached);
#   4. the image's configuration (entrypoint, command, user, volume, health check) and
#      contents (non-root, no build tools), then in a container (`buildah run`, chroot
#      isolation, host network): `antevorta version`, `antevorta validate-config` (and that
#      .env.example names exactly the keys it prints), and `antevorta run` in sim mode:
#      /healthz answers 200 with "status":"ok", the image's health check passes (and fails
#      once the daemon is gone), /metrics passes `promtool check metrics` and has every
#      metric the dashboard queries, the database and API token land in /data, SIGTERM
#      exits 0.
# Needs root (container storage) and the Debian mirror (debootstrap, apt in the build).
# Missing tools are installed with apt. Everything it keeps is under $ANTEVORTA_DOCKER_CACHE
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/antevorta-docker): the debootstrap tarball, a
# container storage of its own (base image, build layers) and the build's ccache (tmp/);
# delete that folder to start cold. It removes the containers it creates.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${ANTEVORTA_DOCKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/antevorta-docker}
BASE_IMAGE=docker.io/library/debian:bookworm
BASE_TAR=$CACHE/debian-bookworm-minbase.tar
IMAGE=localhost/antevorta:test
BUILD_CACHE_IMAGE=localhost/antevorta:build-stage
NAME_PREFIX=antevorta-test-
# Container storage of our own; its run root is on /run (cleared at boot, like the default).
STORE=(--root "$CACHE/storage" --runroot "/run/antevorta-docker-test" --storage-driver overlay)

log() { printf '== %s\n' "$*"; }
fail() {
  printf 'docker-test: FAILED: %s\n' "$*" >&2
  exit 1
}
buildah_() { buildah "${STORE[@]}" "$@"; }
podman_() { podman "${STORE[@]}" "$@"; }

WORK=""
CONTAINERS=()
RUN_PID=""
cleanup() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    [ -d "$WORK/out" ] && touch "$WORK/out/stop"
    sleep 3
    kill "$RUN_PID" 2>/dev/null || true
    wait "$RUN_PID" 2>/dev/null || true
  fi
  for c in "${CONTAINERS[@]}"; do
    buildah_ rm "$c" >/dev/null 2>&1 || true
  done
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------------------------

[ "$(id -u)" -eq 0 ] || fail "run as root (buildah and podman use a root container storage)"

ensure_tools() {
  # command → Debian package
  local -A needed=(
    [debootstrap]=debootstrap [buildah]=buildah [podman]=podman
    [docker-compose]=docker-compose [promtool]=prometheus [jq]=jq [curl]=curl
  )
  local missing=()
  for cmd in "${!needed[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${needed[$cmd]}")
  done
  /usr/bin/python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# --- 1. static checks ------------------------------------------------------------------------

check_compose() {
  log "docker-compose.yml"
  local project=$WORK/compose
  mkdir -p "$project"
  cp "$ROOT/docker-compose.yml" "$project/"
  cp "$ROOT/.env.example" "$project/.env"
  ln -s "$ROOT/docker" "$project/docker"
  (
    cd "$project"
    docker-compose config -q
    docker-compose --profile monitoring config > "$WORK/compose.yml"
    docker-compose --profile monitoring config --services | sort | tr '\n' ' ' > "$WORK/services"
  )
  [ "$(cat "$WORK/services")" = "antevorta grafana prometheus " ] ||
    fail "compose services with the monitoring profile: $(cat "$WORK/services")"
  # What the issue asks of the antevorta service, read from the resolved file (and env_file,
  # which docker-compose resolves into environment, from the file itself).
  /usr/bin/python3 - "$WORK/compose.yml" "$ROOT/docker-compose.yml" <<'EOF' ||
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
s = c["services"]["antevorta"]
problems = []
if yaml.safe_load(open(sys.argv[2]))["services"]["antevorta"].get("env_file") != ".env":
    problems.append("env_file: .env")
ports = [p if isinstance(p, str) else f'{p.get("host_ip")}:{p.get("published")}:{p.get("target")}'
         for p in s.get("ports", [])]
ports = [p[:-len("/tcp")] if p.endswith("/tcp") else p for p in ports]
if ports != ["127.0.0.1:8787:8787"]: problems.append(f"ports {ports}")
if s.get("restart") != "unless-stopped": problems.append("restart")
if "healthcheck" not in s: problems.append("healthcheck")
vols = s.get("volumes", [])
def target(v): return v.split(":")[1] if isinstance(v, str) else v.get("target")
def ro(v): return v.endswith(":ro") if isinstance(v, str) else v.get("read_only", False)
data = [v for v in vols if target(v) == "/data"]
key = [v for v in vols if target(v) == "/keys/kalshi.pem"]
if not data or (not isinstance(data[0], str) and data[0].get("type") != "volume"): problems.append("/data volume")
if not key or not ro(key[0]): problems.append("read-only /keys/kalshi.pem")
for name in ("prometheus", "grafana"):
    if c["services"][name].get("profiles") != ["monitoring"]: problems.append(f"{name} profile")
for p in problems: print("  problem:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
    fail "docker-compose.yml: antevorta service"
}

# Every configuration key that `validate-config` prints is documented in .env.example as
# ANTEVORTA__SECTION__KEY, and every such variable there names a real key.
check_env_example() {
  local settings=$1
  log ".env.example documents every key"
  local printed documented
  printed=$(awk '/^settings:/ {on = 1; next} /^$/ {on = 0} on && NF {print $1}' "$settings" | sort -u)
  documented=$(grep -oE '^#? ?ANTEVORTA__[A-Z0-9_]+=' "$ROOT/.env.example" |
    sed -E 's/^#? ?ANTEVORTA__//; s/=$//; s/__/./g' | tr 'A-Z' 'a-z' |
    grep -vE '^(strategies|sources)\.' | sort -u)
  [ -n "$printed" ] || fail "validate-config printed no settings"
  local undocumented unknown
  undocumented=$(comm -23 <(echo "$printed") <(echo "$documented"))
  unknown=$(comm -13 <(echo "$printed") <(echo "$documented"))
  [ -z "$undocumented" ] || fail ".env.example lacks: $(echo $undocumented)"
  [ -z "$unknown" ] || fail ".env.example names keys validate-config does not know: $(echo $unknown)"
}

check_monitoring() {
  log "prometheus.yml (promtool), Grafana provisioning and dashboard"
  promtool check config "$ROOT/docker/prometheus/prometheus.yml" >/dev/null ||
    fail "promtool check config docker/prometheus/prometheus.yml"
  for f in "$ROOT"/docker/grafana/provisioning/*/*.yml; do
    /usr/bin/python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert d["apiVersion"] == 1' "$f" ||
      fail "$f does not parse"
  done
  local dashboard=$ROOT/docker/grafana/dashboards/antevorta.json
  jq -e '.title == "Antevorta" and (.panels | length) > 0' "$dashboard" >/dev/null ||
    fail "$dashboard does not parse or has no panels"
  # Every query uses the provisioned data source.
  jq -e '[.panels[] | select(.type != "row") | .datasource.uid] | all(. == "antevorta-prometheus")' \
    "$dashboard" >/dev/null || fail "a dashboard panel does not use the provisioned data source"
}

# Every metric the dashboard queries is one the running daemon exports.
check_dashboard_metrics() {
  local metrics=$1
  local dashboard=$ROOT/docker/grafana/dashboards/antevorta.json
  local name missing=()
  for name in $(jq -r '.. | .expr? // empty' "$dashboard" | grep -oE 'antevorta_[a-z_]+' | sort -u); do
    # A sample of the series, or the family's TYPE line (a histogram's has no _bucket).
    grep -qE "^${name}[ {]|^# TYPE ${name%_bucket} " "$metrics" || missing+=("$name")
  done
  [ ${#missing[@]} -eq 0 ] || fail "/metrics lacks what the dashboard queries: ${missing[*]}"
}

# --- 2. base image ---------------------------------------------------------------------------

# The first URI of the enabled deb822 stanza in /etc/apt/sources.list.d/ whose suites include
# $1 (or a one-line `deb URI SUITE` entry); $2 when there is none.
apt_mirror() {
  local suite=$1 fallback=$2 uri
  uri=$(awk -v suite="$suite" '
    function flush() {
      if (!done && uris != "" && enabled != "no" && (" " suites " ") ~ (" " suite " ")) {
        split(uris, u, " "); print u[1]; done = 1; exit
      }
      uris = ""; suites = ""; enabled = ""
    }
    /^[[:space:]]*$/ { flush(); next }
    /^URIs:/ { uris = $0; sub(/^URIs:[[:space:]]*/, "", uris) }
    /^Suites:/ { suites = $0; sub(/^Suites:[[:space:]]*/, "", suites) }
    /^Enabled:/ { enabled = $2 }
    END { flush() }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  if [ -z "$uri" ]; then
    uri=$(awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' \
      /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null || true)
  fi
  echo "${uri:-$fallback}"
}

make_base_tar() {
  local mirror security rootfs=$CACHE/rootfs.tmp
  mirror=$(apt_mirror bookworm http://deb.debian.org/debian)
  security=$(apt_mirror bookworm-security http://deb.debian.org/debian-security)
  log "debootstrap --variant=minbase bookworm from $mirror"
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$CACHE/debootstrap.log" 2>&1 ||
    fail "debootstrap (log: $CACHE/debootstrap.log)"
  # The same apt sources as the Docker Hub image: bookworm, -updates, -security.
  rm -f "$rootfs/etc/apt/sources.list"
  cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/* "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
  tar --numeric-owner --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* \
    -C "$rootfs" -cf "$BASE_TAR.tmp" .
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  rm -rf "$rootfs"
}

ensure_base() {
  if podman_ image exists "$BASE_IMAGE"; then
    log "base image $BASE_IMAGE (cached)"
    return
  fi
  [ -s "$BASE_TAR" ] || make_base_tar
  log "podman import $BASE_TAR as $BASE_IMAGE"
  # The configuration of the Docker Hub image.
  podman_ import --quiet --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' "$BASE_TAR" "$BASE_IMAGE" >/dev/null
}

# --- 3. build --------------------------------------------------------------------------------

build_image() {
  log "buildah bud $ROOT/Dockerfile"
  local start=$SECONDS
  # docker format: the OCI format has no HEALTHCHECK.
  # TMPDIR: buildah keeps RUN --mount=type=cache folders (the ccache) under it.
  mkdir -p "$CACHE/tmp"
  # The build stage first, tagged, so that its cached layers are not dangling images (the
  # prune below would take them); the whole Dockerfile then reuses them.
  local target
  for target in build runtime; do
    TMPDIR=$CACHE/tmp buildah_ bud --isolation=chroot --pull=never --layers --format docker \
      --target "$target" -t "$([ "$target" = build ] && echo "$BUILD_CACHE_IMAGE" || echo "$IMAGE")" \
      -f "$ROOT/Dockerfile" "$ROOT" >> "$WORK/build.log" 2>&1 || {
      tail -n 60 "$WORK/build.log" >&2
      fail "buildah bud --target $target"
    }
  done
  # (A build whose every step was cached prints neither.)
  { grep -E '^(antevorta |runtime packages:)' "$WORK/build.log" || true; } | sort -u | sed 's/^/   /'
  log "built in $((SECONDS - start))s; $(buildah_ images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$IMAGE")"
  # Images of earlier builds (their tags moved to this one's).
  buildah_ rmi --prune >/dev/null 2>&1 || true
}

# --- 4. the image ----------------------------------------------------------------------------

check_image_config() {
  log "image configuration"
  buildah_ inspect --type image "$IMAGE" > "$WORK/inspect.json"
  jq -e '.Docker.config as $c
    | $c.Entrypoint == ["antevorta"]
    and $c.Cmd == ["run", "--config-dir", "/app/config"]
    and $c.User == "antevorta"
    and $c.WorkingDir == "/app"
    and ($c.Volumes | has("/data"))
    and ($c.ExposedPorts | has("8787/tcp"))
    and $c.Healthcheck.Test == ["CMD", "antevorta-healthcheck"]
    and ($c.Env | index("ANTEVORTA__HTTP__LISTEN=0.0.0.0:8787") != null)' \
    "$WORK/inspect.json" >/dev/null || {
    jq '.Docker.config' "$WORK/inspect.json" >&2
    fail "image configuration"
  }
}

# Sets CTR to a new working container of the image (removed on exit).
new_container() {
  CTR=$NAME_PREFIX$$-$1
  buildah_ from --pull=never --name "$CTR" "$IMAGE" >/dev/null
  CONTAINERS+=("$CTR")
}

run_in() {
  local ctr=$1
  shift
  buildah_ run --isolation=chroot "$ctr" -- "$@"
}

check_commands() {
  local ctr=$1
  log "antevorta version"
  run_in "$ctr" antevorta version | tee "$WORK/version" | sed 's/^/   /'
  grep -qE '^antevorta [0-9]+\.[0-9]+\.[0-9]+ ' "$WORK/version" || fail "antevorta version"

  log "runtime user, contents"
  [ "$(run_in "$ctr" id -un)" = antevorta ] || fail "the container does not run as antevorta"
  run_in "$ctr" sh -c '
    test "$(readlink /app/data)" = /data && test -w /data && test ! -w /app/config &&
    test -x /usr/local/bin/antevorta-healthcheck && test -s /etc/ssl/certs/ca-certificates.crt &&
    ! ldd /usr/local/bin/antevorta | grep -q "not found" &&
    ! command -v c++ >/dev/null && ! command -v cmake >/dev/null &&
    ! dpkg-query -W -f "\${Package}\n" | grep -q -- "-dev$"' ||
    fail "image contents (data link, permissions, certificates, libraries, no build tools)"

  log "antevorta validate-config --config-dir /app/config"
  run_in "$ctr" antevorta validate-config --config-dir /app/config > "$WORK/settings" 2>&1 || {
    cat "$WORK/settings" >&2
    fail "validate-config"
  }
  grep -q '^configuration is valid' "$WORK/settings" || fail "validate-config did not say valid"
  grep -qE '^  http\.listen +(= )?0\.0\.0\.0:8787' "$WORK/settings" || fail "http.listen is not 0.0.0.0:8787"
  # The working directory's default config dir is the same one.
  run_in "$ctr" antevorta validate-config >/dev/null 2>&1 || fail "validate-config in /app"
  check_env_example "$WORK/settings"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

check_sim_run() {
  local ctr=$1 port
  port=$(free_port)
  log "antevorta run (sim, paper) on 127.0.0.1:$port"
  mkdir -p "$WORK/data" "$WORK/out"
  chown 10001:10001 "$WORK/data"
  chmod 0777 "$WORK/out"
  # The daemon runs until /out/stop appears, then gets SIGTERM; its exit status goes to
  # /out/status.
  timeout 300 buildah "${STORE[@]}" run --isolation=chroot \
    --env "ANTEVORTA__HTTP__LISTEN=127.0.0.1:$port" \
    -v "$WORK/data:/data" -v "$WORK/out:/out" "$ctr" -- sh -c '
      antevorta run --config-dir /app/config & pid=$!
      while [ ! -e /out/stop ] && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
      kill -TERM "$pid" 2>/dev/null
      wait "$pid"; echo "$?" > /out/status' > "$WORK/run.log" 2>&1 &
  RUN_PID=$!

  local code="" deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    code=$(curl -s -o "$WORK/healthz" -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" || true)
    [ "$code" = 200 ] && break
    kill -0 "$RUN_PID" 2>/dev/null || break
    sleep 1
  done
  if [ "$code" != 200 ]; then
    tail -n 40 "$WORK/run.log" >&2
    fail "GET /healthz answered '${code:-nothing}' within 60 s"
  fi
  jq -e '.status == "ok"' "$WORK/healthz" >/dev/null || fail "/healthz body: $(cat "$WORK/healthz")"
  log "/healthz: $(cat "$WORK/healthz")"

  run_in "$ctr" env "ANTEVORTA__HTTP__LISTEN=127.0.0.1:$port" antevorta-healthcheck ||
    fail "the image's health check failed against a healthy daemon"
  curl -sf --max-time 5 "http://127.0.0.1:$port/" > "$WORK/index.html" || fail "GET / (dashboard)"
  grep -q 'id="mode-banner"' "$WORK/index.html" || fail "GET / is not the dashboard (web/ not built in?)"
  curl -sf --max-time 5 "http://127.0.0.1:$port/metrics" > "$WORK/metrics" || fail "GET /metrics"
  promtool check metrics < "$WORK/metrics" || fail "promtool check metrics: /metrics"
  check_dashboard_metrics "$WORK/metrics"

  touch "$WORK/out/stop"
  wait "$RUN_PID" || true
  RUN_PID=""
  [ "$(cat "$WORK/out/status" 2>/dev/null)" = 0 ] || {
    tail -n 40 "$WORK/run.log" >&2
    fail "antevorta run did not exit 0 on SIGTERM (status: $(cat "$WORK/out/status" 2>/dev/null))"
  }
  grep -q 'runtime_mode_resolved environment=sim execution_mode=paper' "$WORK/run.log" ||
    fail "no runtime_mode_resolved line for sim/paper"
  [ -s "$WORK/data/antevorta_paper.db" ] || fail "no database in /data"
  [ "$(stat -c %a "$WORK/data/api_token" 2>/dev/null)" = 600 ] || fail "no API token file (mode 600) in /data"
  log "stopped cleanly; /data holds: $(cd "$WORK/data" && echo *)"
  if run_in "$ctr" env "ANTEVORTA__HTTP__LISTEN=127.0.0.1:$port" antevorta-healthcheck 2>/dev/null; then
    fail "the image's health check passed with the daemon stopped"
  fi
}

# --- main ------------------------------------------------------------------------------------

main() {
  local start=$SECONDS
  ensure_tools
  mkdir -p "$CACHE"
  # One run at a time per cache: the storage below is this script's alone.
  exec 9> "$CACHE/lock"
  flock -n 9 || {
    log "another docker-test holds $CACHE/lock; waiting"
    flock 9
  }
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/antevorta-docker-test.XXXXXX")
  # Containers an interrupted earlier run (or build) left in this script's storage.
  buildah_ rm --all >/dev/null 2>&1 || true

  check_compose
  check_monitoring
  ensure_base
  build_image
  check_image_config
  new_container main
  check_commands "$CTR"
  check_sim_run "$CTR"
  log "docker-test passed in $((SECONDS - start))s"
}

main "$@"
