#!/bin/sh
# Regenerate hpy-sys/src/bindings.rs from the vendored HPy headers.
# Needs libclang (Debian/Ubuntu: apt-get install libclang-dev) and rustfmt.
set -eu
cd "$(dirname "$0")/.."
exec cargo run -p hpy-sys-regen
