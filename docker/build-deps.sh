#!/usr/bin/env bash
# Build stage of the image: installs what building the antevorta binary needs, which is the
# package list of cmake/install-deps.sh (the single source of truth, passed as $1) without
# the tools for tests, benchmarks and formatting.
set -euo pipefail

deps_script=${1:?usage: build-deps.sh cmake/install-deps.sh}
not_needed=" clang-format libgtest-dev libgmock-dev libbenchmark-dev sqlite3 "

# The words between `PACKAGES=(` and `)`, comments removed.
words=$(sed -n '/^PACKAGES=(/,/^)/p' "$deps_script" | sed -e 's/#.*//' -e 's/^PACKAGES=(//' -e 's/)//')
packages=()
for pkg in $words; do
  case "$not_needed" in
    *" $pkg "*) ;;
    *) packages+=("$pkg") ;;
  esac
done
case " ${packages[*]} " in
  *" cmake "*) ;;
  *)
    echo "build-deps: no package list found in $deps_script" >&2
    exit 1
    ;;
esac

echo "build-deps: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
apt-get clean
rm -rf /var/lib/apt/lists/*
