"""Build the ``_capi_ref`` extension (capi_ref.c) for the running interpreter.

    python build_capi_ref.py [--build-dir DIR]

Compiles with the C compiler directly (``$CC``, else ``cc``/``gcc``), taking
the include directory and the extension suffix from ``sysconfig``: no
setuptools needed, and the same command works on PyPy (whose cpyext headers
sysconfig also reports).  If the direct compile fails and setuptools is
importable, it is tried as a fallback.  Prints the path of the built module;
exits 1 when it could not be built.
"""

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "capi_ref.c")
NAME = "_capi_ref"


def ext_suffix():
    return sysconfig.get_config_var("EXT_SUFFIX") or ".so"


def include_dirs(extra=()):
    paths = sysconfig.get_paths()
    dirs = [os.path.abspath(d) for d in extra]
    for key in ("include", "platinclude"):
        d = paths.get(key)
        if d and d not in dirs and os.path.isdir(d):
            dirs.append(d)
    return dirs


def compiler():
    for cc in (os.environ.get("CC"), "cc", "gcc"):
        if cc and shutil.which(cc.split()[0]):
            return cc.split()
    return None


def build_direct(out, extra_includes=()):
    cc = compiler()
    if cc is None:
        raise RuntimeError("no C compiler (set CC)")
    incs = include_dirs(extra_includes)
    if not any(os.path.isfile(os.path.join(d, "Python.h")) for d in incs):
        raise RuntimeError("no Python.h under %s" % (incs,))
    # -O2 like a distribution build; no libpython: the interpreter that
    # imports the module provides the symbols (CPython and PyPy alike).
    cmd = cc + ["-O2", "-fPIC", "-shared", "-Wall"]
    cmd += ["-I" + d for d in incs]
    cmd += [SOURCE, "-o", out]
    subprocess.run(cmd, check=True)


def build_setuptools(build_dir):
    from setuptools import Distribution, Extension  # noqa: only when needed

    dist = Distribution({"name": NAME, "ext_modules": [Extension(NAME, [SOURCE])]})
    cmd = dist.get_command_obj("build_ext")
    cmd.build_lib = build_dir
    cmd.build_temp = os.path.join(build_dir, "tmp")
    cmd.ensure_finalized()
    cmd.run()
    return cmd.get_ext_fullpath(NAME)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default=os.path.join("build", "bench"))
    parser.add_argument(
        "--include-dir",
        action="append",
        default=[],
        help="extra header folder searched first (repeatable); e.g. the "
        "headers of a distribution's pypy3-dev package, which a bare PyPy lacks",
    )
    args = parser.parse_args(argv)
    build_dir = os.path.abspath(args.build_dir)
    os.makedirs(build_dir, exist_ok=True)
    out = os.path.join(build_dir, NAME + ext_suffix())
    try:
        build_direct(out, args.include_dir)
    except Exception as exc:  # compiler missing or failing: try setuptools
        print("build_capi_ref: direct compile failed: %s" % (exc,), file=sys.stderr)
        try:
            out = build_setuptools(build_dir)
        except Exception as exc2:
            print("build_capi_ref: setuptools fallback failed: %s" % (exc2,), file=sys.stderr)
            return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
