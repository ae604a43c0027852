"""In-tree PEP 517 / PEP 660 build backend for numpy_hpy (stdlib only).

maturin and setuptools-rust know CPython extension modules, not HPy universal
binaries, so this backend does the little that is needed itself:

* ``cargo build --release -p numpy-core`` and take the cdylib
  ``<target_directory>/release/libnumpy_core.so`` (``cargo metadata`` gives the
  target directory, so ``CARGO_TARGET_DIR`` is honoured);
* one wheel ``numpy_hpy-<version>-py3-none-<manylinux tag>.whl`` holding the
  Python files of ``python/numpy_hpy/`` and that cdylib as
  ``numpy_hpy/_core.hpy0.so``.  ``py3-none``: the binary is an HPy universal
  module, the same file for every Python >= 3.8, CPython or PyPy;
* HPy's CPython runtime rebuilt for CPython 3.13 from ``third_party/hpy-0.9.0``
  (``hpy_runtime.py``: hpy 0.9.0's own crashes there), as
  ``numpy_hpy/_hpy_cp313/universal.cpython-313-*.so``, loaded on 3.13 only;
* the platform tag is computed from the glibc symbol versions the binaries
  need (see ``platform_tag``);
* with a target (``NUMPY_HPY_TARGET`` or ``-C target=...``), e.g.
  ``x86_64-unknown-linux-gnu.2.17`` or ``aarch64-unknown-linux-gnu.2.17``:
  ``cargo zigbuild --target`` (the ``cargo-zigbuild`` and ``ziglang``
  packages: zig links against the glibc version named in the target, on any
  host and for another architecture), HPy's 3.13 runtime compiled by
  ``zig cc`` for the same target, and ``libm_newest.c`` linked into the core
  so that it still calls the newest libm functions of the glibc it runs on
  (see that file).  ``scripts/build-wheels.sh`` (``make wheels``) builds the
  manylinux2014 wheels this way.

Environment knobs:
  NUMPY_HPY_CORE_SO       use this prebuilt HPy universal ``_core`` instead of
                          running cargo (tests of the packaging itself)
  NUMPY_HPY_CARGO_ARGS    extra arguments for ``cargo build`` (space separated)
  NUMPY_HPY_TARGET        Rust target triple, optionally with a glibc version
                          (``aarch64-unknown-linux-gnu.2.17``): build with
                          cargo-zigbuild for it (config setting ``target``
                          wins over this)
  NUMPY_HPY_PLATFORM_TAG  override the computed platform tag
  NUMPY_HPY_CPYTHON313    the CPython 3.13 to build HPy's runtime for 3.13
                          against (hpy_runtime.py), or ``none`` to leave it out
  SOURCE_DATE_EPOCH       timestamp of the archive members (reproducible builds)

Metadata lives here (not in a ``[project]`` table) because reading TOML needs
``tomllib`` (3.11+) and the backend must run on the oldest supported Python
with no requirements.  The version is single-sourced from
``python/numpy_hpy/_version.py``.
"""

import base64
import hashlib
import re
import io
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import zipfile

import hpy_runtime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY_SRC = os.path.join(ROOT, "python", "numpy_hpy")
NAME = "numpy_hpy"  # distribution and import name (already normalised)
CARGO_PACKAGE = "numpy-core"
CDYLIB = "libnumpy_core.so"
CORE_IN_WHEEL = NAME + "/_core.hpy0.so"

SUMMARY = (
    "NumPy-compatible arrays whose core is one HPy universal binary "
    "(CPython >= 3.8 and PyPy from one wheel)"
)
REQUIRES_PYTHON = ">=3.8"
# CPython 3.8-3.12 need the HPy runtime from PyPI; PyPy and GraalPy have it
# built in (and `hpy` does not install there); on CPython 3.13 the wheel
# carries its own (hpy_runtime.py: hpy 0.9.0's crashes there).
REQUIRES_DIST = ['hpy==0.9.*; platform_python_implementation == "CPython" and python_version < "3.13"']
LICENSE = "MIT OR Apache-2.0"

# Rust's std supports glibc >= 2.17, so no lower tag is ever claimed.
MIN_GLIBC = (2, 17)
# manylinux_2_x aliases understood by older pip (PEP 513/571/599).
LEGACY_ALIASES = {(2, 5): "manylinux1", (2, 12): "manylinux2010", (2, 17): "manylinux2014"}


def version():
    """The one version string, read from python/numpy_hpy/_version.py."""
    path = os.path.join(PY_SRC, "_version.py")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("__version__"):
                return line.split("=", 1)[1].strip().strip("\"'")
    raise RuntimeError("no __version__ line in %s" % path)


def _log(msg):
    print("numpy_hpy_build: " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- metadata


def metadata_text():
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + NAME,
        "Version: " + version(),
        "Summary: " + SUMMARY,
        "License: " + LICENSE,
        "Requires-Python: " + REQUIRES_PYTHON,
    ]
    lines += ["Requires-Dist: " + req for req in REQUIRES_DIST]
    lines += [
        "Classifier: Programming Language :: Python :: 3",
        "Classifier: Programming Language :: Python :: Implementation :: CPython",
        "Classifier: Programming Language :: Python :: Implementation :: PyPy",
        "Classifier: Programming Language :: Rust",
        "Classifier: Operating System :: POSIX :: Linux",
    ]
    readme = os.path.join(ROOT, "README.md")
    if os.path.isfile(readme):
        lines.append("Description-Content-Type: text/markdown")
        with open(readme, encoding="utf-8") as f:
            body = f.read()
        return "\n".join(lines) + "\n\n" + body
    return "\n".join(lines) + "\n"


def wheel_text(tags):
    lines = [
        "Wheel-Version: 1.0",
        "Generator: numpy_hpy_build " + version(),
        "Root-Is-Purelib: false",
    ]
    lines += ["Tag: " + tag for tag in tags]
    return "\n".join(lines) + "\n"


def dist_info_name():
    return "%s-%s.dist-info" % (NAME, version())


# ------------------------------------------------------------ cargo build


def cargo_target_directory():
    out = subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT
    )
    return json.loads(out.decode("utf-8"))["target_directory"]


TARGET_RE = re.compile(r"^(?P<triple>(?P<arch>[a-z0-9_]+)-[a-z0-9_]+-linux-gnu[a-z0-9_]*)(?:\.(?P<glibc>\d+\.\d+))?$")
# The newest symbol version libm_newest.c redirects to; a baseline older than
# this gets the shim.
LIBM_NEWEST = (2, 35)


class Target(object):
    """A cross/old-glibc build: ``triple`` (cargo's), ``arch`` and ``glibc``
    (a (major, minor) tuple or None) from ``x86_64-unknown-linux-gnu.2.17``."""

    def __init__(self, spec):
        m = TARGET_RE.match(spec)
        if not m:
            raise RuntimeError("target %r is not <arch>-<vendor>-linux-gnu[.<glibc>]" % spec)
        self.spec = spec
        self.triple = m.group("triple")
        self.arch = m.group("arch")
        glibc = m.group("glibc")
        self.glibc = tuple(int(p) for p in glibc.split(".")) if glibc else None

    def zig_target(self):
        """zig's spelling: ``aarch64-linux-gnu.2.17``."""
        out = self.arch + "-linux-gnu"
        if self.glibc:
            out += ".%d.%d" % self.glibc
        return out


def build_target(config_settings=None):
    """The Target of this build, or None for a plain native ``cargo build``."""
    spec = (config_settings or {}).get("target") or os.environ.get("NUMPY_HPY_TARGET")
    return Target(spec) if spec else None


def zig_command():
    """How to run zig: ``zig`` on PATH, else the ``ziglang`` package's."""
    found = shutil.which("zig")
    if found:
        return [found]
    try:
        import ziglang  # noqa: F401  (only to know that it is there)
    except ImportError:
        raise RuntimeError(
            "a target build needs zig: pip install ziglang cargo-zigbuild "
            "(scripts/build-wheels.sh does it in .cache/venvs/wheel-tools)"
        )
    return [sys.executable, "-m", "ziglang"]


def _libm_shim(target, out_dir):
    """Object file of libm_newest.c for the target (see that file).

    Its folder is named by a hash of the source and the command: cargo does
    not look at a ``link-arg`` file, but a new path changes the flags, so an
    edited shim is linked in.
    """
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libm_newest.c")
    flags = ["-target", target.zig_target(), "-O2", "-fPIC", "-fno-builtin", "-fomit-frame-pointer",
             "-fvisibility=hidden"]
    key = hashlib.sha256(_read(src) + " ".join(flags).encode("utf-8")).hexdigest()[:16]
    out_dir = os.path.join(out_dir, key)
    obj = os.path.join(out_dir, "libm_newest.o")
    if os.path.isfile(obj):
        return obj
    os.makedirs(out_dir, exist_ok=True)
    cmd = zig_command() + ["cc"] + flags + ["-c", src, "-o", obj + ".tmp"]
    _log("running " + " ".join(cmd))
    subprocess.check_call(cmd, cwd=ROOT, stdout=sys.stderr)
    os.replace(obj + ".tmp", obj)
    return obj


def build_core(config_settings=None):
    """Path of a freshly built HPy universal ``_core`` binary."""
    prebuilt = os.environ.get("NUMPY_HPY_CORE_SO")
    if prebuilt:
        _log("using prebuilt core " + prebuilt)
        return prebuilt
    target = build_target(config_settings)
    env = dict(os.environ)
    if target is None:
        cmd = ["cargo", "build", "--release", "-p", CARGO_PACKAGE]
    else:
        zig_command()  # a clear error when zig is missing
        cmd = ["cargo", "zigbuild", "--release", "-p", CARGO_PACKAGE, "--target", target.spec]
        if target.glibc and target.glibc < LIBM_NEWEST:
            shim = _libm_shim(target, os.path.join(cargo_target_directory(), "numpy-hpy-shim", target.spec))
            # Only for the target's artifacts (--target): build scripts and
            # proc macros keep their flags.
            var = "CARGO_TARGET_%s_RUSTFLAGS" % target.triple.upper().replace("-", "_")
            env[var] = (env.get(var, "") + " -C link-arg=" + shim).strip()
    cmd += os.environ.get("NUMPY_HPY_CARGO_ARGS", "").split()
    _log("running " + " ".join(cmd))
    # cargo's output goes to stderr so that frontends capturing stdout stay clean
    subprocess.check_call(cmd, cwd=ROOT, stdout=sys.stderr, env=env)
    parts = [cargo_target_directory()] + ([target.triple] if target else []) + ["release", CDYLIB]
    path = os.path.join(*parts)
    if not os.path.isfile(path):
        raise RuntimeError("cargo built no %s (looked for %s)" % (CDYLIB, path))
    return path


# ------------------------------------------------------- platform tag


def _elf_needed_versions(path):
    """{library: {version names}} from the ELF .gnu.version_r section.

    That section lists every versioned symbol set the dynamic loader must
    find (e.g. libc.so.6 -> GLIBC_2.34), which is exactly what limits the
    oldest glibc the binary runs on -- the same data auditwheel reads.
    """
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise RuntimeError("%s is not a little-endian ELF64 file" % path)
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for i in range(e_shnum):
        (_name, sh_type, _flags, _addr, sh_offset, sh_size, sh_link, sh_info) = struct.unpack_from(
            "<IIQQQQII", data, e_shoff + i * e_shentsize
        )
        sections.append((sh_type, sh_offset, sh_size, sh_link, sh_info))

    def cstr(offset):
        return data[offset : data.index(b"\0", offset)].decode("ascii")

    needed = {}
    SHT_GNU_VERNEED = 0x6FFFFFFE
    for sh_type, sh_offset, _size, sh_link, sh_info in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab = sections[sh_link][1]
        entry = sh_offset
        for _ in range(sh_info):  # sh_info = number of Verneed entries
            _ver, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, entry)
            names = needed.setdefault(cstr(strtab + vn_file), set())
            aux = entry + vn_aux
            for _ in range(vn_cnt):
                _hash, _flags, _other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                names.add(cstr(strtab + vna_name))
                aux += vna_next
            entry += vn_next
    return needed


def _machine(path):
    with open(path, "rb") as f:
        head = f.read(20)
    e_machine, = struct.unpack_from("<H", head, 18)
    return {62: "x86_64", 183: "aarch64", 3: "i686", 40: "armv7l"}.get(e_machine) or platform.machine()


def required_glibc(path):
    """The highest GLIBC_x.y symbol version the binary needs, floored at 2.17."""
    best = MIN_GLIBC
    for names in _elf_needed_versions(path).values():
        for name in names:
            if name.startswith("GLIBC_") and name[6:7].isdigit():
                parts = tuple(int(p) for p in name[6:].split(".")[:2])
                best = max(best, parts)
    return best


def platform_tag(so_paths):
    """manylinux tag(s) for the binaries, e.g. 'manylinux_2_34_x86_64'.

    Why computed and not fixed: the cdylib links only glibc (libc, libm,
    ld-linux) and libgcc_s -- all in every manylinux policy -- so its only
    constraint is the newest glibc symbol version it references.  That depends
    on the glibc it was linked against, not on our code: Rust std asks for
    2.17 at most, but linking on glibc >= 2.34 (where libpthread merged into
    libc) binds pthread_* and friends to GLIBC_2.34.  Built on this project's
    Debian bookworm machines (glibc 2.36) that gives manylinux_2_34_x86_64,
    the tag ``auditwheel show`` also reports; a build in an older
    manylinux2014 image gives manylinux_2_17 with its legacy alias.  Claiming a
    fixed lower tag would let pip install a wheel that fails to load.
    """
    forced = os.environ.get("NUMPY_HPY_PLATFORM_TAG")
    if forced:
        return forced
    if not sys.platform.startswith("linux"):
        raise RuntimeError("numpy_hpy wheels are built on Linux only so far")
    major, minor = max(required_glibc(path) for path in so_paths)
    arches = set(_machine(path) for path in so_paths)
    if len(arches) != 1:
        raise RuntimeError("binaries for several machines in one wheel: %s" % sorted(arches))
    arch = arches.pop()
    tags = ["manylinux_%d_%d_%s" % (major, minor, arch)]
    alias = LEGACY_ALIASES.get((major, minor))
    if alias:
        tags.append("%s_%s" % (alias, arch))
    return ".".join(tags)


# ------------------------------------------------------------- archives


def _timestamp():
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01
    return time.gmtime(max(epoch, 315532800))[:6]


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class WheelWriter(object):
    """Writes members and, on close, RECORD (PEP 376/427) last."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.records = []
        self.date = _timestamp()

    def add(self, arcname, data, executable=False):
        info = zipfile.ZipInfo(arcname, date_time=self.date)
        info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        self.records.append("%s,%s,%d" % (arcname, _record_hash(data), len(data)))

    def close(self, record_name):
        self.records.append(record_name + ",,")
        data = ("\n".join(self.records) + "\n").encode("utf-8")
        info = zipfile.ZipInfo(record_name, date_time=self.date)
        info.external_attr = (0o644 | 0o100000) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        self.zip.close()


def _python_files():
    """(arcname, path) of the package's files, sorted; never binaries or caches.

    A ``_core.hpy0.so`` left in the source tree by an editable install is
    skipped: the freshly built one is added explicitly.
    """
    out = []
    for dirpath, dirnames, filenames in os.walk(PY_SRC):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fn in sorted(filenames):
            if fn.endswith((".pyc", ".pyo", ".so")):
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, os.path.dirname(PY_SRC)).replace(os.sep, "/")
            out.append((rel, path))
    return out


def _write_wheel(wheel_directory, tag_platform, members):
    """members: [(arcname, bytes, executable)]; returns the wheel's basename."""
    tags = ["py3-none-" + plat for plat in tag_platform.split(".")]
    name = "%s-%s-py3-none-%s.whl" % (NAME, version(), tag_platform)
    dist_info = dist_info_name()
    os.makedirs(wheel_directory, exist_ok=True)
    writer = WheelWriter(os.path.join(wheel_directory, name))
    for arcname, data, executable in members:
        writer.add(arcname, data, executable)
    writer.add(dist_info + "/METADATA", metadata_text().encode("utf-8"))
    writer.add(dist_info + "/WHEEL", wheel_text(tags).encode("utf-8"))
    writer.close(dist_info + "/RECORD")
    _log("wrote " + name)
    return name


def _read(path):
    with open(path, "rb") as f:
        return f.read()


# --------------------------------------------------------------- PEP 517


def get_requires_for_build_wheel(config_settings=None):
    # A target build runs cargo-zigbuild and zig (both binary wheels).
    return ["cargo-zigbuild", "ziglang"] if build_target(config_settings) else []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist_info = os.path.join(metadata_directory, dist_info_name())
    os.makedirs(dist_info, exist_ok=True)
    with open(os.path.join(dist_info, "METADATA"), "w", encoding="utf-8") as f:
        f.write(metadata_text())
    return dist_info_name()


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_runtime_cp313(config_settings=None):
    """[(arcname, path, executable)] of the HPy runtime for CPython 3.13 and
    its licence (hpy_runtime.py); empty when no CPython 3.13 was found."""
    target = build_target(config_settings)
    if target is None:
        built = hpy_runtime.build(os.path.join(cargo_target_directory(), "hpy-cp313"))
    else:
        cc = zig_command() + ["cc", "-target", target.zig_target()]
        build_dir = os.path.join(cargo_target_directory(), "hpy-cp313-" + target.spec)
        built = hpy_runtime.build(build_dir, cc=cc, arch=target.arch)
    if built is None:
        return []
    return [built + (True,), hpy_runtime.license_member() + (False,)]


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    core = build_core(config_settings)
    runtime = build_runtime_cp313(config_settings)
    members = [(arc, _read(path), False) for arc, path in _python_files()]
    members.append((CORE_IN_WHEEL, _read(core), True))
    members += [(arc, _read(path), executable) for arc, path, executable in runtime]
    binaries = [core] + [path for _arc, path, executable in runtime if executable]
    return _write_wheel(wheel_directory, platform_tag(binaries), members)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660: build the core, put it beside the sources in python/numpy_hpy/
    (ignored by git via ``*.so``) and install a .pth pointing at python/.

    Python edits show up at once; Rust edits need this rerun (pip install -e .).
    """
    binaries = []
    for arcname, path, executable in [(CORE_IN_WHEEL, build_core(config_settings), True)] + build_runtime_cp313(
        config_settings
    ):
        if not executable:
            continue  # the licence stays in third_party/
        dest = os.path.join(os.path.dirname(PY_SRC), arcname)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        tmp = dest + ".tmp"
        shutil.copyfile(path, tmp)
        os.chmod(tmp, 0o755)
        os.replace(tmp, dest)  # atomic: a running process keeps its mapped copy
        binaries.append(dest)
    pth = (os.path.dirname(PY_SRC) + "\n").encode("utf-8")
    members = [("__editable__.%s-%s.pth" % (NAME, version()), pth, False)]
    return _write_wheel(wheel_directory, platform_tag(binaries), members)


def _sdist_files():
    """Relative paths for the sdist: git's tracked files when in a checkout,
    else (building from an unpacked sdist) a walk without build outputs."""
    try:
        out = subprocess.check_output(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, stderr=subprocess.DEVNULL
        )
        files = [f for f in out.decode("utf-8").split("\0") if f]
        if files:
            return sorted(f for f in files if os.path.isfile(os.path.join(ROOT, f)))
    except (OSError, subprocess.CalledProcessError):
        pass
    skip_dirs = {".git", "target", "dist", "build", "__pycache__", ".pytest_cache"}
    files = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in skip_dirs and not d.startswith(".venv")]
        for fn in filenames:
            if fn.endswith((".pyc", ".so")) or fn == "PKG-INFO":
                continue
            files.append(os.path.relpath(os.path.join(dirpath, fn), ROOT).replace(os.sep, "/"))
    return sorted(files)


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (NAME, version())
    name = base + ".tar.gz"
    os.makedirs(sdist_directory, exist_ok=True)
    mtime = time.mktime(_timestamp() + (0, 0, -1))

    def add(tar, arcname, data, mode=0o644):
        info = tarfile.TarInfo(base + "/" + arcname)
        info.size = len(data)
        info.mtime = mtime
        info.mode = mode
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for rel in _sdist_files():
            path = os.path.join(ROOT, rel)
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            add(tar, rel, _read(path), mode)
        add(tar, "PKG-INFO", metadata_text().encode("utf-8"))
    _log("wrote " + name)
    return name
