#!/usr/bin/env bash
# third_party/hpy-0.9.0 must be hpy 0.9.0's sdist plus our patches, nothing else:
# fetch the sdist (pip, by package name), check its sha256, apply the patches
# and compare every vendored file.  Usage: scripts/check-vendored-hpy.sh [PYTHON]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/third_party/hpy-0.9.0"
SHA256=4545310f3a7f9ac249c0f19a80a9b05f46565afb62b7e9225b79493b7b6c70cc
PY="${1:-python3}"
CACHE="$ROOT/.cache/hpy-sdist"
SDIST="$CACHE/hpy-0.9.0.tar.gz"
mkdir -p "$CACHE"
if [ ! -f "$SDIST" ]; then
    "$PY" -m pip --disable-pip-version-check -q download --no-deps --no-binary :all: \
        "hpy==0.9.0" -d "$CACHE"
fi
echo "$SHA256  $SDIST" | sha256sum -c --quiet
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tar xzf "$SDIST" -C "$WORK"
for p in "$VENDOR"/patches/*.patch; do
    patch -s -d "$WORK/hpy-0.9.0" -p1 < "$p"
done
status=0
while IFS= read -r -d '' f; do
    rel="${f#"$VENDOR"/}"
    case "$rel" in README.md|patches/*) continue ;; esac
    if ! cmp -s "$f" "$WORK/hpy-0.9.0/$rel"; then
        echo "differs from the sdist + patches: $rel" >&2
        status=1
    fi
done < <(find "$VENDOR" -type f -print0)
for d in hpy/universal/src hpy/debug/src hpy/trace/src hpy/devel/src hpy/devel/include; do
    if ! diff -rq "$WORK/hpy-0.9.0/$d" "$VENDOR/$d" >/dev/null; then
        echo "a file of the sdist's $d is missing here" >&2
        status=1
    fi
done
[ "$status" = 0 ] && echo "third_party/hpy-0.9.0 = hpy 0.9.0 sdist (sha256 ok) + $(ls "$VENDOR"/patches/*.patch | wc -l) patch(es)"
exit "$status"
