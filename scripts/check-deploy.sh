#!/usr/bin/env bash
# Offline checks of the deployment files: deploy/Dockerfile + .dockerignore, docker-compose.yml,
# k8s/ (kustomize base and overlays), deploy/otel-collector.yaml, deploy/nats-values.yaml.
# Needs neither a Docker engine nor a cluster. Exits non-zero when any check fails.
#
#   scripts/check-deploy.sh                   fast checks (well under a minute once tools are installed)
#   scripts/check-deploy.sh --build-contents  also replays the Dockerfile's build stage outside Docker
#                                             (npm ci in a temporary copy, npm run build, main.js of
#                                             each service present, npm prune --omit=dev); minutes
#   scripts/check-deploy.sh --help
#
# Environment: SKIP_BUILD_CONTENTS=1 skips --build-contents (e.g. while the services are unwritten);
# CHECK_DEPLOY_ALLOW_MISSING_SERVICES=1 lets --build-contents pass when a service has no main.ts yet.
#
# Tools: kubectl (kustomize) and node are required; the validators are npm packages pinned in
# deploy/tools/package-lock.json, installed into deploy/tools/node_modules on first use (npm registry).
# Optional, used when present: `docker compose` (v2 plugin) or docker-compose (Debian), shellcheck,
# hadolint, yamllint.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/deploy/tools"
SERVICES=(intake signature-verification routing delivery audit)
BUILD_CONTENTS=0

for arg in "$@"; do
  case "$arg" in
    --build-contents) BUILD_CONTENTS=1 ;;
    -h | --help)
      sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "check-deploy: unknown argument $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

FAILED=()
SKIPPED=()
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-deploy.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*"; }
pass() { printf '   ok: %s\n' "$*"; }
fail() {
  printf '   FAILED: %s\n' "$*"
  FAILED+=("$*")
}
skip() {
  printf '   skipped: %s\n' "$*"
  SKIPPED+=("$*")
}
# run NAME CMD...: run a command, show its output indented, record the outcome.
run() {
  local name="$1"
  shift
  if "$@" >"$WORK/out" 2>&1; then
    sed 's/^/   | /' "$WORK/out" | grep -v '^   | *$' | tail -n 3
    pass "$name"
  else
    sed 's/^/   | /' "$WORK/out" | tail -n 40
    fail "$name"
  fi
}

cd "$ROOT" || exit 2

# ---------------------------------------------------------------------------------------------------
step "tools"
command -v node >/dev/null || {
  echo "node is required" >&2
  exit 2
}
command -v kubectl >/dev/null || {
  echo "kubectl is required (kustomize): apt-get install kubectl, or see https://kubernetes.io/docs/tasks/tools/" >&2
  exit 2
}
if [ ! -f "$TOOLS/node_modules/.package-lock.json" ] || [ "$TOOLS/package-lock.json" -nt "$TOOLS/node_modules/.package-lock.json" ]; then
  echo "   installing validators into deploy/tools/node_modules (npm ci)"
  if ! (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1); then
    cat "$WORK/npm.log"
    echo "check-deploy: npm ci in deploy/tools failed" >&2
    exit 2
  fi
fi
echo "   node $(node --version), $(kubectl version --client 2>/dev/null | grep -i kustomize | tr -d '\n')"

# ---------------------------------------------------------------------------------------------------
step "Dockerfile and .dockerignore (dockerfile-utils lint, image policy, build context)"
run "deploy/Dockerfile" node "$TOOLS/validate.mjs" dockerfile deploy/Dockerfile .dockerignore
if command -v hadolint >/dev/null; then
  run "hadolint deploy/Dockerfile" hadolint deploy/Dockerfile
else
  skip "hadolint (not installed; no Debian or npm package offline)"
fi

# ---------------------------------------------------------------------------------------------------
step "docker-compose.yml (compose-spec schema, stack policy)"
run "docker-compose.yml against the compose-spec schema and policy" node "$TOOLS/validate.mjs" compose docker-compose.yml
if docker compose version >/dev/null 2>&1; then
  run "docker compose config" docker compose -f docker-compose.yml config -q
elif command -v docker-compose >/dev/null; then
  run "docker-compose config (v1)" docker-compose -f docker-compose.yml config -q
else
  skip "docker compose config (no compose plugin or docker-compose binary)"
fi
run "deploy/otel-collector.yaml pipelines" node "$TOOLS/validate.mjs" otel deploy/otel-collector.yaml

# ---------------------------------------------------------------------------------------------------
step "Kubernetes (kustomize build, schemas, unknown fields, policy)"
run "kustomize build k8s/base" sh -c "kubectl kustomize k8s/base > '$WORK/base.yaml'"
RENDERED=()
for overlay in k8s/overlays/*/; do
  name="$(basename "$overlay")"
  if kubectl kustomize "$overlay" >"$WORK/$name.yaml" 2>"$WORK/kustomize.err"; then
    pass "kustomize build $overlay ($(grep -c '^kind:' "$WORK/$name.yaml") objects)"
    mkdir -p "$WORK/rendered" && cp "$WORK/$name.yaml" "$WORK/rendered/k8s-overlay-$name.yaml"
    RENDERED+=("$WORK/rendered/k8s-overlay-$name.yaml")
  else
    cat "$WORK/kustomize.err"
    fail "kustomize build $overlay"
  fi
done
if [ "${#RENDERED[@]}" -gt 0 ]; then
  run "rendered overlays: kubernetes-models schemas, kubernetes-types field check, policy" \
    node "$TOOLS/validate.mjs" k8s "${RENDERED[@]}"
fi
run "deploy/nats-values.yaml" node "$TOOLS/validate.mjs" nats deploy/nats-values.yaml

# ---------------------------------------------------------------------------------------------------
step "YAML and shell lint (optional tools)"
if command -v yamllint >/dev/null; then
  run "yamllint" yamllint -s -d '{extends: relaxed, rules: {line-length: {max: 120}}}' \
    docker-compose.yml deploy/otel-collector.yaml deploy/nats-values.yaml k8s
else
  skip "yamllint (apt-get install yamllint)"
fi
if command -v shellcheck >/dev/null; then
  run "shellcheck" shellcheck deploy/entrypoint.sh scripts/check-deploy.sh
else
  skip "shellcheck (apt-get install shellcheck)"
fi
run "sh -n deploy/entrypoint.sh" sh -n deploy/entrypoint.sh

# ---------------------------------------------------------------------------------------------------
# Replays the build stage of deploy/Dockerfile in a temporary copy of the build context.
build_contents() {
  local ctx="$WORK/context"
  mkdir -p "$ctx"
  # The same files the Dockerfile COPYs (from the .dockerignore allow-list), without node_modules/dist.
  tar -C "$ROOT" \
    --exclude='node_modules' --exclude='dist' --exclude='coverage' --exclude='.data' --exclude='tmp' \
    --exclude='*.log' --exclude='.env' \
    -cf - package.json package-lock.json .npmrc .swcrc nx.json tsconfig.base.json tsconfig.json libs services bench |
    tar -C "$ctx" -xf - || return 1
  echo "   npm ci (in $ctx)"
  (cd "$ctx" && CI=true NX_DAEMON=false npm ci --no-audit --no-fund --loglevel=error) || return 1
  echo "   npm run build"
  (cd "$ctx" && NX_DAEMON=false npm run build) || return 1
  local missing=0
  for s in "${SERVICES[@]}"; do
    if [ -f "$ctx/dist/services/$s/src/main.js" ]; then
      echo "   dist/services/$s/src/main.js present"
    else
      echo "   dist/services/$s/src/main.js MISSING"
      missing=1
    fi
  done
  if [ "$missing" = 1 ] && [ "${CHECK_DEPLOY_ALLOW_MISSING_SERVICES:-0}" != 1 ]; then
    return 1
  fi
  echo "   npm prune --omit=dev"
  (cd "$ctx" && npm prune --omit=dev --no-audit --no-fund --loglevel=error) || return 1
  # The runtime stage must start without dev dependencies: load the compiled libraries.
  # shellcheck disable=SC2016 # JavaScript, not shell
  (cd "$ctx" && NODE_ENV=production node -e '
    const fs = require("fs");
    for (const lib of fs.readdirSync("dist/libs")) {
      if (lib === "testing") continue; // test helpers may need dev dependencies; not loaded in production
      const index = `./dist/libs/${lib}/src/index.js`;
      if (fs.existsSync(index)) { require(index); console.log(`   ${index} loads with production dependencies`); }
    }') || return 1
  echo "   runtime contents: $(du -sh "$ctx/node_modules" | cut -f1) node_modules, $(du -sh "$ctx/dist" | cut -f1) dist"
}

step "image contents (--build-contents)"
if [ "$BUILD_CONTENTS" = 1 ] && [ "${SKIP_BUILD_CONTENTS:-0}" != 1 ]; then
  if build_contents; then pass "build stage replayed outside Docker"; else fail "build stage replayed outside Docker"; fi
else
  skip "build contents (slow; run with --build-contents)"
fi

# ---------------------------------------------------------------------------------------------------
printf '\n== summary\n'
for s in "${SKIPPED[@]}"; do printf '   skipped: %s\n' "$s"; done
if [ "${#FAILED[@]}" -gt 0 ]; then
  for f in "${FAILED[@]}"; do printf '   FAILED: %s\n' "$f"; done
  printf 'check-deploy: %d check group(s) FAILED\n' "${#FAILED[@]}"
  exit 1
fi
printf 'check-deploy: all check groups passed\n'
