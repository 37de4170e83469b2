#!/bin/sh
# Container entrypoint of the lienthong-hub image: starts one of the five services.
#   SERVICE=<name>          -> node dist/services/<name>/src/main.js
#   <name> as the command   -> the same (e.g. `docker run IMAGE routing`)
#   any other command       -> executed as given (e.g. `docker run IMAGE node -e ...`)
set -eu

SERVICES="intake signature-verification routing delivery audit"

is_service() {
  for s in $SERVICES; do
    [ "$s" = "$1" ] && return 0
  done
  return 1
}

if [ "$#" -gt 0 ]; then
  if is_service "$1"; then
    SERVICE="$1"
    shift
  else
    exec "$@"
  fi
fi

if [ -z "${SERVICE:-}" ]; then
  echo "entrypoint: set SERVICE (or pass it as the command) to one of: $SERVICES" >&2
  exit 64
fi
if ! is_service "$SERVICE"; then
  echo "entrypoint: unknown SERVICE '$SERVICE'; expected one of: $SERVICES" >&2
  exit 64
fi

export SERVICE
: "${OTEL_SERVICE_NAME:=$SERVICE}"
export OTEL_SERVICE_NAME

exec node "/app/dist/services/$SERVICE/src/main.js" "$@"
