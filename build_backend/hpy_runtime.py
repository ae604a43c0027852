"""HPy's CPython runtime (``hpy.universal``) for CPython 3.13, built from the
vendored hpy 0.9.0 sources in ``third_party/hpy-0.9.0`` (MIT, with the patches
in its ``patches/`` folder applied; see its README.md).

hpy 0.9.0 crashes on CPython 3.13 for every HPy type: it marks its types with
type-flag bit 2, which 3.13 made ``Py_TPFLAGS_INLINE_VALUES``. Our wheel
carries a runtime built with that fixed, and ``numpy_hpy._loader`` loads it on
3.13 only; 3.8-3.12 keep the ``hpy`` package's runtime, PyPy its built-in one.

The build is the ``hpy.universal`` extension of hpy's own setup.py (same
sources, macros and include folders), compiled with the C compiler directly:
hpy's setup.py needs setuptools and setuptools_scm, and this backend must run
with the stdlib alone.
"""

import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HPY_SRC = os.path.join(ROOT, "third_party", "hpy-0.9.0")
# Where the wheel keeps it; numpy_hpy/_loader.py looks there.
WHEEL_DIR = "numpy_hpy/_hpy_cp313"
TARGET = (3, 13)

# hpy 0.9.0 setup.py: EXT_MODULES['hpy.universal'] = these + HPY_EXTRA_SOURCES
# + HPY_CTX_SOURCES.
SOURCES = [
    "hpy/universal/src/hpymodule.c",
    "hpy/universal/src/ctx.c",
    "hpy/universal/src/ctx_meth.c",
    "hpy/universal/src/ctx_misc.c",
    "hpy/debug/src/debug_ctx.c",
    "hpy/debug/src/debug_ctx_cpython.c",
    "hpy/debug/src/debug_handles.c",
    "hpy/debug/src/dhqueue.c",
    "hpy/debug/src/memprotect.c",
    "hpy/debug/src/stacktrace.c",
    "hpy/debug/src/_debugmod.c",
    "hpy/debug/src/autogen_debug_wrappers.c",
    "hpy/trace/src/trace_ctx.c",
    "hpy/trace/src/_tracemod.c",
    "hpy/trace/src/autogen_trace_wrappers.c",
    "hpy/trace/src/autogen_trace_func_table.c",
    "hpy/devel/src/runtime/argparse.c",
    "hpy/devel/src/runtime/buildvalue.c",
    "hpy/devel/src/runtime/format.c",
    "hpy/devel/src/runtime/helpers.c",
    "hpy/devel/src/runtime/structseq.c",
    "hpy/devel/src/runtime/ctx_bytes.c",
    "hpy/devel/src/runtime/ctx_call.c",
    "hpy/devel/src/runtime/ctx_capsule.c",
    "hpy/devel/src/runtime/ctx_err.c",
    "hpy/devel/src/runtime/ctx_eval.c",
    "hpy/devel/src/runtime/ctx_long.c",
    "hpy/devel/src/runtime/ctx_module.c",
    "hpy/devel/src/runtime/ctx_object.c",
    "hpy/devel/src/runtime/ctx_type.c",
    "hpy/devel/src/runtime/ctx_tracker.c",
    "hpy/devel/src/runtime/ctx_listbuilder.c",
    "hpy/devel/src/runtime/ctx_tuple.c",
    "hpy/devel/src/runtime/ctx_tuplebuilder.c",
    "hpy/devel/src/runtime/ctx_contextvar.c",
]
INCLUDE_DIRS = ["hpy/devel/include", "hpy/universal/src", "hpy/debug/src/include", "hpy/trace/src/include"]
# setup.py's extra_compile_args for hpy.universal, and its default
# -D_HPY_DEBUG_MEM_PROTECT_USEMMAP; -O2 -DNDEBUG as a release build.
CFLAGS = [
    "-O2", "-DNDEBUG", "-fPIC", "-fwrapv",
    "-DHPY_ABI_HYBRID", "-DHPY_DEBUG_ENABLE_UHPY_SANITY_CHECK", "-DHPY_EMBEDDED_MODULES",
    "-D_HPY_DEBUG_MEM_PROTECT_USEMMAP",
]


def _log(msg):
    print("numpy_hpy_build: " + msg, file=sys.stderr, flush=True)


def _is_target(python):
    try:
        out = subprocess.check_output(
            [python, "-c", "import sys; print(sys.implementation.name, *sys.version_info[:2])"],
            stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.CalledProcessError):
        return False
    return out.decode().split() == ["cpython", str(TARGET[0]), str(TARGET[1])]


def find_python():
    """A CPython 3.13 to build against: $NUMPY_HPY_CPYTHON313 (``none``: no
    runtime), the running interpreter, the newest pyenv 3.13.x, or python3.13
    on PATH; else None."""
    forced = os.environ.get("NUMPY_HPY_CPYTHON313")
    if forced == "none":
        return None
    if forced:
        if not _is_target(forced):
            raise RuntimeError("NUMPY_HPY_CPYTHON313=%s is not a CPython 3.13" % forced)
        return forced
    candidates = [sys.executable]
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    versions = os.path.join(root, "versions")
    if os.path.isdir(versions):
        for name in sorted(os.listdir(versions), reverse=True):
            if name.startswith("3.13.") and name.replace(".", "").isdigit():
                candidates.append(os.path.join(versions, name, "bin", "python3.13"))
    found = shutil.which("python3.13")
    if found:
        candidates.append(found)
    for python in candidates:
        if os.path.isfile(python) and _is_target(python):
            return python
    return None


def _config(python):
    """(include folder, EXT_SUFFIX, CC) of that interpreter."""
    out = subprocess.check_output([
        python, "-c",
        "import json, sysconfig as s; print(json.dumps([s.get_paths()['include'], "
        "s.get_config_var('EXT_SUFFIX'), s.get_config_var('CC') or 'cc']))",
    ])
    return json.loads(out.decode("utf-8"))


def build(build_dir, cc=None, arch=None):
    """Build the runtime into ``build_dir``; returns ``(arcname, path)`` for
    the wheel, or None (logged) when no CPython 3.13 is found.

    ``cc``: the compiler command as a list (default: $CC, else the one that
    built that CPython); ``arch``: the machine to build for when it is not
    this one (cross builds with ``zig cc -target``: CPython's headers are the
    same on every 64-bit Linux but for the file name's machine).
    """
    python = find_python()
    if python is None:
        _log("no CPython 3.13 found: the wheel has no HPy runtime for it "
             "(numpy_hpy will refuse CPython 3.13; set NUMPY_HPY_CPYTHON313)")
        return None
    include, suffix, config_cc = _config(python)
    extra_libs = []
    if cc is None:
        cc = [os.environ.get("CC") or config_cc.split()[0]]
    else:
        # An explicit (old-glibc) target: dlopen & co. live in libdl there.
        extra_libs = ["-ldl"]
    if arch:
        host = suffix.split("-")[2] if suffix.count("-") >= 3 else None
        if host and host != arch:
            suffix = suffix.replace("-" + host + "-", "-" + arch + "-")
    os.makedirs(build_dir, exist_ok=True)
    objects = []
    flags = CFLAGS + ["-I" + os.path.join(HPY_SRC, d) for d in INCLUDE_DIRS] + ["-I" + include]
    _log("building HPy's CPython 3.13 runtime with %s (%s)" % (" ".join(cc), python))
    for src in SOURCES:
        obj = os.path.join(build_dir, src.replace("/", "_")[:-2] + ".o")
        subprocess.check_call(cc + flags + ["-c", os.path.join(HPY_SRC, src), "-o", obj], stdout=sys.stderr)
        objects.append(obj)
    name = "universal" + suffix
    out = os.path.join(build_dir, name)
    subprocess.check_call(cc + ["-shared", "-o", out] + objects + ["-lm"] + extra_libs, stdout=sys.stderr)
    return WHEEL_DIR + "/" + name, out


def license_member():
    """(arcname, path) of hpy's licence, shipped beside the binary."""
    return WHEEL_DIR + "/LICENSE", os.path.join(HPY_SRC, "LICENSE")
