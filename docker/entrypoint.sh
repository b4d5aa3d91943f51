#!/bin/sh
# Runs an antevorta subcommand with the image's config directory unless the caller passed
# --config-dir. `docker run IMAGE validate-config`, `… init-db`, `… run` (default).
set -eu
if [ "$#" -eq 0 ]; then
  set -- run
fi
case " $* " in
  *" --config-dir"*|*" --help"*|*" -h "*) exec /usr/local/bin/antevorta "$@" ;;
esac
case "$1" in
  run|validate-config|init-db|calc-fee|version)
    exec /usr/local/bin/antevorta "$@" --config-dir "${ANTEVORTA_CONFIG_DIR:-/etc/antevorta/config}" ;;
  *)
    exec /usr/local/bin/antevorta "$@" ;;
esac
