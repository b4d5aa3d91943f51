#!/usr/bin/env bash
# Build stage of the image: prints the Debian packages that hold the shared libraries the
# given binary loads (ldd → dpkg -S), one per line, so the runtime stage installs exactly
# those. Fails when a library is missing or belongs to no package.
set -euo pipefail

binary=${1:?usage: runtime-deps.sh BINARY}
if ldd "$binary" | grep -q 'not found'; then
  ldd "$binary" >&2
  echo "runtime-deps: unresolved libraries" >&2
  exit 1
fi

for lib in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do
  owner=""
  # dpkg records a file under the path its package ships (with merged /usr, /lib/... is
  # often /usr/lib/...), so try the path, its /usr form and the resolved file.
  for candidate in "$lib" "/usr$lib" "$(readlink -f "$lib")"; do
    if found=$(dpkg -S "$candidate" 2>/dev/null); then
      owner=${found%%:*}
      break
    fi
  done
  if [ -z "$owner" ]; then
    echo "runtime-deps: no package owns $lib" >&2
    exit 1
  fi
  echo "$owner"
done | sort -u
