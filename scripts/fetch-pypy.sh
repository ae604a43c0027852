#!/usr/bin/env bash
# Provide PyPy interpreters for the test suite, without root and without
# touching /etc or the system's apt state.
#
#   * Debian trixie's pypy3 7.3.19 (Python 3.11, HPy 0.9 built in).  Its binary
#     needs glibc >= 2.38, so it runs through trixie's own dynamic loader from a
#     folder of extracted .debs.  The folder is also a venv (pyvenv.cfg), with
#     pip, pytest and hypothesis installed from PyPI:
#         <cache>/pypy-trixie/bin/pypy3.11
#   * Debian bookworm's pypy3 7.3.11 (Python 3.9, HPy 0.0.4 -- another ABI),
#     only used to prove that our module refuses it with a clear ImportError:
#         <cache>/pypy-bookworm/bin/pypy3
#   * only with --only trixie-arm64: trixie's pypy3 7.3.19 for arm64, run by
#     qemu-aarch64 (Debian's qemu-user, installed by the caller) through its
#     own loader, for the aarch64 wheel's smoke test.  Also a venv folder,
#     whose packages (pytest, hypothesis, numpy: pure-Python or aarch64
#     wheels) the host's pip installs for that platform (--target), so no pip
#     runs under emulation:
#         <cache>/pypy-trixie-arm64/bin/pypy3.11
#
# The .debs come from the Debian mirror already configured on this machine
# (read from /etc/apt at run time; no host name is written in this repository),
# through `apt-get download` with a private sources list and apt state kept
# under the cache folder.
#
# Usage: scripts/fetch-pypy.sh [--cache-dir DIR] [--force] [--only trixie|bookworm]
#                              [--pip PKG]...
#   --cache-dir DIR   where to put everything (default: <repo>/.cache; env
#                     NUMPY_HPY_PYPY_CACHE)
#   --force           rebuild even when a previous run completed
#   --only SUITE      fetch only one of the two interpreters (or trixie-arm64,
#                     never fetched otherwise)
#   --pip PKG         extra requirement to pip-install into the trixie PyPy
#                     (repeatable; env NUMPY_HPY_PYPY_PIP, space separated)
#   --host-python PY  the CPython whose pip installs the arm64 PyPy's packages
#                     (default: python3)
# Env: NUMPY_HPY_DEBIAN_MIRROR overrides the mirror URI read from /etc/apt.
#
# Idempotent: a completed interpreter is detected by a stamp file and a quick
# run of the wrapper, so a second run takes well under a second.
# The last two lines of stdout are the two wrapper paths.
set -euo pipefail

STAMP_VERSION=1
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${NUMPY_HPY_PYPY_CACHE:-$REPO_ROOT/.cache}"
FORCE=0
ONLY=""
HOST_PYTHON=python3
EXTRA_PIP=(${NUMPY_HPY_PYPY_PIP:-})
# hypothesis >= 6.156 ships a pp311 wheel with a native module that needs
# PyPyModule_FromDefAndSpec2, missing from PyPy 7.3.19: keep the pure-Python one.
BASE_PIP=(pytest "hypothesis<6.156")

while [ $# -gt 0 ]; do
    case "$1" in
        --cache-dir) CACHE_DIR="$2"; shift 2 ;;
        --cache-dir=*) CACHE_DIR="${1#*=}"; shift ;;
        --force) FORCE=1; shift ;;
        --only) ONLY="$2"; shift 2 ;;
        --only=*) ONLY="${1#*=}"; shift ;;
        --pip) EXTRA_PIP+=("$2"); shift 2 ;;
        --host-python) HOST_PYTHON="$2"; shift 2 ;;
        -h|--help) sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "fetch-pypy.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
case "$ONLY" in
    ""|trixie|bookworm|trixie-arm64) ;;
    *) echo "fetch-pypy.sh: --only trixie|bookworm|trixie-arm64" >&2; exit 2 ;;
esac

mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"

log() { echo "fetch-pypy: $*" >&2; }
die() { echo "fetch-pypy: error: $*" >&2; exit 1; }

for tool in apt-get apt-cache dpkg-deb; do
    command -v "$tool" >/dev/null || die "$tool not found (a Debian-based machine is needed)"
done

# One run at a time per cache folder (parallel test sessions may call us).
if command -v flock >/dev/null; then
    exec 9>"$CACHE_DIR/.fetch-pypy.lock"
    flock 9
fi

# ---------------------------------------------------------------------------
# The mirror configured on this machine: first Debian (non-security) "deb"
# source, from deb822 .sources files or from the one-line format.
# Prints "URI<TAB>SIGNED_BY" (SIGNED_BY may be empty).
find_mirror() {
    if [ -n "${NUMPY_HPY_DEBIAN_MIRROR:-}" ]; then
        printf '%s\t%s\n' "$NUMPY_HPY_DEBIAN_MIRROR" ""
        return
    fi
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && uris != "" && uris !~ /security/ &&
                    suites ~ /(^| )[a-z]+( |$)/ && enabled !~ /^[Nn]o/) {
                    split(uris, u, " "); printf "%s\t%s\n", u[1], signed; found = 1; exit
                }
                types = uris = suites = signed = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            /^Types:/      { sub(/^Types:[ \t]*/, "");      types = $0 }
            /^URIs:/       { sub(/^URIs:[ \t]*/, "");       uris = $0 }
            /^Suites:/     { sub(/^Suites:[ \t]*/, "");     suites = $0 }
            /^Signed-By:/  { sub(/^Signed-By:[ \t]*/, "");  signed = $0 }
            /^Enabled:/    { sub(/^Enabled:[ \t]*/, "");    enabled = $0 }
            END { if (!found) flush() }
        ' "$f" | head -n 1 | grep . && return
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '
            $1 != "deb" { next }
            {
                opts = ""; i = 2
                if ($2 ~ /^\[/) { while ($i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
                uri = $i; suite = $(i + 1)
                if (uri ~ /security/ || suite ~ /-/) next
                signed = ""
                if (match(opts, /signed-by=[^ \]]*/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
                printf "%s\t%s\n", uri, signed; exit
            }
        ' "$f" | grep . && return
    done
    return 1
}

MIRROR_LINE="$(find_mirror)" || die "no Debian mirror found in /etc/apt (set NUMPY_HPY_DEBIAN_MIRROR)"
MIRROR_URI="${MIRROR_LINE%%$'\t'*}"
MIRROR_SIGNED_BY="${MIRROR_LINE#*$'\t'}"
if [ -z "$MIRROR_SIGNED_BY" ] && [ -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
    MIRROR_SIGNED_BY=/usr/share/keyrings/debian-archive-keyring.gpg
fi

# ---------------------------------------------------------------------------
# Private apt for one suite: everything under $1/apt.
apt_private() {  # apt_private DIR SUITE [ARCH] -> sets APT_OPTS
    local dir="$1" suite="$2" arch="${3:-amd64}"
    mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/apt/debs"
    : > "$dir/apt/status"
    local opt=""
    [ -n "$MIRROR_SIGNED_BY" ] && opt=" [signed-by=$MIRROR_SIGNED_BY]"
    echo "deb$opt $MIRROR_URI $suite main" > "$dir/apt/sources.list"
    APT_OPTS=(
        -o "Dir::Etc::SourceList=$dir/apt/sources.list"
        -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::Etc::Preferences=/dev/null"
        -o "Dir::Etc::PreferencesParts=/dev/null"
        -o "Dir::State::Lists=$dir/apt/lists"
        -o "Dir::State::status=$dir/apt/status"
        -o "Dir::Cache=$dir/apt/cache"
        -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
        -o "Debug::NoLocking=1"
        -o "APT::Architecture=$arch"
        -o "APT::Architectures::=$arch"
        -o "Acquire::Languages=none"
        -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::CNF::DefaultEnabled=false"
    )
    [ "$(id -u)" = 0 ] && APT_OPTS+=(-o "APT::Sandbox::User=root")
    log "[$suite] apt-get update (private state in $dir/apt)"
    apt-get -q "${APT_OPTS[@]}" update >"$dir/apt/update.log" 2>&1 \
        || { cat "$dir/apt/update.log" >&2; die "[$suite] apt-get update failed"; }
    if grep -q '^[WE]:' "$dir/apt/update.log"; then grep '^[WE]:' "$dir/apt/update.log" >&2; fi
}

# Runtime closure of the given packages (Depends + Pre-Depends, recursively).
closure() {
    apt-cache "${APT_OPTS[@]}" depends --recurse --no-recommends --no-suggests \
        --no-conflicts --no-breaks --no-replaces --no-enhances "$@" \
        | grep -v '^[ <]' | sort -u
}

# Download packages ($2...) into DIR/apt/debs and extract them into DIR/root.
fetch_and_extract() {
    local dir="$1"; shift
    local debs="$dir/apt/debs"
    rm -f "$debs"/*.deb
    log "downloading: $*"
    (cd "$debs" && apt-get -q "${APT_OPTS[@]}" download "$@" >"$dir/apt/download.log" 2>&1) \
        || { cat "$dir/apt/download.log" >&2; die "apt-get download failed"; }
    rm -rf "$dir/root.new"
    mkdir -p "$dir/root.new"
    local d
    for d in "$debs"/*.deb; do
        dpkg-deb -x "$d" "$dir/root.new"
    done
    rm -rf "$dir/root"
    mv "$dir/root.new" "$dir/root"
    (cd "$debs" && ls *.deb) > "$dir/root/.packages"
}

# Write an interpreter wrapper: run BINARY through the extracted loader.
write_wrapper() {  # write_wrapper DIR WRAPPER_NAME BINARY_REL
    local dir="$1" name="$2" bin_rel="$3" root="$1/root"
    local ld="" cand
    # The real file, not lib64's symlink (absolute in bookworm: it would
    # point at the host's loader).
    for cand in usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
        if [ -f "$root/$cand" ] && [ ! -L "$root/$cand" ]; then ld="$cand"; break; fi
    done
    [ -n "$ld" ] || die "no ld-linux-x86-64.so.2 in $root"
    local libpath="" l
    for l in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
        if [ -d "$root/$l" ] && [ ! -L "$root/$l" ]; then libpath="$libpath:\$R/$l"; fi
    done
    libpath="${libpath#:}"
    mkdir -p "$dir/bin"
    # The wrapper finds its folder at run time (the cache folder can move) and
    # passes itself as argv[0], so sys.executable is the wrapper: subprocesses
    # started with sys.executable, and scripts pip writes, work.
    # --library-path (not LD_LIBRARY_PATH) does not leak into child processes.
    cat > "$dir/bin/$name.new" <<EOF
#!/bin/sh
# Generated by scripts/fetch-pypy.sh: run the extracted PyPy through its own
# dynamic loader and libraries (the host glibc may be too old).
self=\$(readlink -f -- "\$0")
D=\${self%/bin/*}
R=\$D/root
exec "\$R/$ld" --argv0 "\$self" --library-path "$libpath" "\$R/$bin_rel" "\$@"
EOF
    chmod +x "$dir/bin/$name.new"
    mv "$dir/bin/$name.new" "$dir/bin/$name"
}

real_binary() {  # real_binary ROOT NAME -> path relative to ROOT
    local root="$1" name="$2" p
    p="$root/usr/bin/$name"
    [ -e "$p" ] || die "$p not found"
    while [ -L "$p" ]; do
        local t; t="$(readlink "$p")"
        case "$t" in /*) p="$root$t" ;; *) p="$(dirname "$p")/$t" ;; esac
    done
    echo "${p#$root/}"
}

# ---------------------------------------------------------------------------
setup_trixie() {
    local dir="$CACHE_DIR/pypy-trixie" wrapper="$CACHE_DIR/pypy-trixie/bin/pypy3.11"
    local want="v$STAMP_VERSION pip: ${BASE_PIP[*]} ${EXTRA_PIP[*]:-}"
    if [ "$FORCE" = 0 ] && [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$want" ] \
        && "$wrapper" -c "import hpy.universal, importlib.util as u; assert u.find_spec('pytest') and u.find_spec('hypothesis')" 2>/dev/null; then
        log "[trixie] already done"
        return
    fi
    rm -f "$dir/.complete"
    mkdir -p "$dir"
    if [ "$FORCE" = 1 ] || [ ! -f "$dir/.extracted" ] || [ "$(cat "$dir/.extracted")" != "v$STAMP_VERSION" ]; then
        rm -f "$dir/.extracted"
        apt_private "$dir" trixie
        local pkgs
        pkgs="$(closure pypy3 | tr '\n' ' ')"
        # pypy3-venv brings the pip/setuptools wheels, used once to bootstrap pip.
        # shellcheck disable=SC2086
        fetch_and_extract "$dir" $pkgs pypy3-venv python3-pip-whl python3-setuptools-whl
        local bin_rel
        bin_rel="$(real_binary "$dir/root" pypy3)"
        write_wrapper "$dir" pypy3.11 "$bin_rel"
        ln -sfn pypy3.11 "$dir/bin/pypy3"
        ln -sfn pypy3.11 "$dir/bin/python"
        # Make the folder itself a venv: site.py finds pyvenv.cfg one level
        # above sys.executable (the wrapper), so site-packages is
        # <dir>/lib/pypy3.11/site-packages and pip ignores EXTERNALLY-MANAGED.
        local ver
        ver="$("$wrapper" -S -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')" \
            || die "[trixie] the PyPy wrapper does not run"
        cat > "$dir/pyvenv.cfg" <<EOF
home = $dir/root/usr/bin
include-system-site-packages = false
version = $ver
EOF
        rm -rf "$dir/lib"
        mkdir -p "$dir/lib/pypy3.11/site-packages"
        echo "v$STAMP_VERSION" > "$dir/.extracted"
    fi
    if ! "$wrapper" -c "import pip" 2>/dev/null; then
        log "[trixie] bootstrapping pip from Debian's pip wheel"
        local whl
        whl="$(ls "$dir"/root/usr/share/python-wheels/pip-*.whl | head -n 1)"
        PYTHONPATH="$whl" "$wrapper" -m pip install -q --disable-pip-version-check pip \
            || die "[trixie] pip bootstrap failed"
    fi
    log "[trixie] pip install ${BASE_PIP[*]} ${EXTRA_PIP[*]:-}"
    "$wrapper" -m pip install -q --disable-pip-version-check "${BASE_PIP[@]}" ${EXTRA_PIP[@]+"${EXTRA_PIP[@]}"} \
        || die "[trixie] pip install failed"
    "$wrapper" -c "import sys, hpy.universal, pytest, hypothesis" \
        || die "[trixie] the PyPy does not import hpy.universal/pytest/hypothesis"
    echo "$want" > "$dir/.complete"
}

setup_bookworm() {
    local dir="$CACHE_DIR/pypy-bookworm" wrapper="$CACHE_DIR/pypy-bookworm/bin/pypy3"
    local want="v$STAMP_VERSION"
    if [ "$FORCE" = 0 ] && [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$want" ] \
        && "$wrapper" -c "import sys" 2>/dev/null; then
        log "[bookworm] already done"
        return
    fi
    rm -f "$dir/.complete"
    mkdir -p "$dir"
    apt_private "$dir" bookworm
    local pkgs
    pkgs="$(closure pypy3 | tr '\n' ' ')"
    # shellcheck disable=SC2086
    fetch_and_extract "$dir" $pkgs
    local bin_rel
    bin_rel="$(real_binary "$dir/root" pypy3)"
    write_wrapper "$dir" pypy3 "$bin_rel"
    "$wrapper" -c "import sys" || die "[bookworm] the PyPy wrapper does not run"
    echo "$want" > "$dir/.complete"
}

# ---------------------------------------------------------------------------
# trixie's arm64 PyPy under qemu-aarch64.
ARM64_PIP=(pytest "hypothesis<6.156" numpy)
setup_trixie_arm64() {
    local dir="$CACHE_DIR/pypy-trixie-arm64" wrapper="$CACHE_DIR/pypy-trixie-arm64/bin/pypy3.11"
    local want="v$STAMP_VERSION pip: ${ARM64_PIP[*]}"
    command -v qemu-aarch64 >/dev/null || die "[trixie-arm64] qemu-aarch64 not found (apt-get install qemu-user)"
    if [ "$FORCE" = 0 ] && [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$want" ] \
        && "$wrapper" -c "import hpy.universal, pytest, hypothesis" 2>/dev/null; then
        log "[trixie-arm64] already done"
        return
    fi
    rm -f "$dir/.complete"
    mkdir -p "$dir"
    if [ "$FORCE" = 1 ] || [ ! -f "$dir/.extracted" ] || [ "$(cat "$dir/.extracted")" != "v$STAMP_VERSION" ]; then
        rm -f "$dir/.extracted"
        apt_private "$dir" trixie arm64
        local pkgs
        # libstdc++6: numpy's aarch64 wheel links it.
        pkgs="$(closure pypy3 libstdc++6 | tr '\n' ' ')"
        # shellcheck disable=SC2086
        fetch_and_extract "$dir" $pkgs
        local root="$dir/root" bin_rel ld="" cand
        bin_rel="$(real_binary "$root" pypy3)"
        for cand in usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1 lib/aarch64-linux-gnu/ld-linux-aarch64.so.1; do
            if [ -f "$root/$cand" ] && [ ! -L "$root/$cand" ]; then ld="$cand"; break; fi
        done
        [ -n "$ld" ] || die "no ld-linux-aarch64.so.1 in $root"
        mkdir -p "$dir/bin"
        # As write_wrapper's, through qemu-aarch64: the loader is the program
        # qemu runs, so neither binfmt registration nor -L is needed.
        {
            echo '#!/bin/sh'
            echo '# Generated by scripts/fetch-pypy.sh: trixie'"'"'s arm64 PyPy under qemu-aarch64,'
            echo '# through its own dynamic loader and libraries.'
            echo 'self=$(readlink -f -- "$0")'
            echo 'D=${self%/bin/*}'
            echo 'R=$D/root'
            echo 'exec qemu-aarch64 "$R/'"$ld"'" --argv0 "$self" --library-path "$R/usr/lib/aarch64-linux-gnu:$R/lib/aarch64-linux-gnu" "$R/'"$bin_rel"'" "$@"'
        } > "$dir/bin/pypy3.11.new"
        chmod +x "$dir/bin/pypy3.11.new"
        mv "$dir/bin/pypy3.11.new" "$dir/bin/pypy3.11"
        ln -sfn pypy3.11 "$dir/bin/pypy3"
        ln -sfn pypy3.11 "$dir/bin/python"
        local ver
        ver="$("$wrapper" -S -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')" \
            || die "[trixie-arm64] the PyPy wrapper does not run"
        printf 'home = %s\ninclude-system-site-packages = false\nversion = %s\n' \
            "$dir/root/usr/bin" "$ver" > "$dir/pyvenv.cfg"
        rm -rf "$dir/lib"
        mkdir -p "$dir/lib/pypy3.11/site-packages"
        echo "v$STAMP_VERSION" > "$dir/.extracted"
    fi
    log "[trixie-arm64] pip install (host pip, for PyPy 3.11 on aarch64): ${ARM64_PIP[*]}"
    "$HOST_PYTHON" -m pip install -q --disable-pip-version-check --upgrade \
        --target "$dir/lib/pypy3.11/site-packages" --only-binary=:all: \
        --implementation pp --python-version 3.11 --abi pypy311_pp73 --abi none \
        --platform manylinux_2_28_aarch64 --platform manylinux2014_aarch64 --platform any \
        "${ARM64_PIP[@]}" || die "[trixie-arm64] pip install failed"
    # Bytecode for the stdlib and those packages, compiled by the amd64 PyPy
    # of the same version (the same .pyc files) in seconds: under emulation
    # it takes minutes, and the test runs never write .pyc files
    # (PYTHONDONTWRITEBYTECODE), so they would compile everything each time.
    setup_trixie
    log "[trixie-arm64] compiling .pyc files with the amd64 PyPy"
    "$CACHE_DIR/pypy-trixie/bin/pypy3.11" -m compileall -q -j 0 \
        "$dir/root/usr/lib/pypy3.11" "$dir/lib/pypy3.11/site-packages" >/dev/null \
        || log "[trixie-arm64] note: compileall reported errors (files it cannot compile are skipped)"
    "$wrapper" -c "import sys, hpy.universal, pytest, hypothesis" \
        || die "[trixie-arm64] the PyPy does not import hpy.universal/pytest/hypothesis"
    echo "$want" > "$dir/.complete"
}

if [ "$ONLY" = trixie-arm64 ]; then
    setup_trixie_arm64
    echo "$CACHE_DIR/pypy-trixie-arm64/bin/pypy3.11"
    exit 0
fi

[ "$ONLY" = bookworm ] || setup_trixie
[ "$ONLY" = trixie ] || setup_bookworm

[ "$ONLY" = bookworm ] || echo "$CACHE_DIR/pypy-trixie/bin/pypy3.11"
[ "$ONLY" = trixie ] || echo "$CACHE_DIR/pypy-bookworm/bin/pypy3"
