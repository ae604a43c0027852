"""Load ``numpy_hpy._core``, the one HPy universal binary, with our own stub.

HPy's generated stub imports ``pkg_resources`` (~100 ms, and gone from recent
setuptools), so we do its job here: find ``_core.hpy0.so`` beside this file,
check that the running interpreter provides an HPy runtime speaking the
``hpy0`` universal ABI, and hand the file to that runtime.

Runtimes differ in what they expose, so everything is looked up by name:

* CPython: ``hpy.universal`` from the ``hpy`` wheel on PyPI, with
  ``_load_bootstrap(name, ext_name, package, file, loader, spec, env)``, which
  honours ``HPY=universal|debug|trace`` (or ``HPY=numpy_hpy._core:debug``).
* PyPy >= 7.3.19 / GraalPy 24: a built-in runtime.  PyPy's ``hpy.universal``
  is ``from _hpy_universal import *``, which drops the underscore-named
  ``_load_bootstrap``, so ``_hpy_universal`` is searched as well; when no
  ``_load_bootstrap`` exists at all, ``load(name, path, spec, mode=...)`` is
  used with the mode read from ``HPY`` here.
* CPython 3.13: hpy 0.9.0's runtime crashes there on every HPy type (it marks
  them with type-flag bit 2, which 3.13 made ``Py_TPFLAGS_INLINE_VALUES``;
  hpy#493).  The wheel carries that runtime rebuilt with the fix
  (``_hpy_cp313/``, from ``third_party/hpy-0.9.0``), and it is loaded
  instead, as ``hpy.universal`` when that name is still free (so that
  ``hpy.debug``'s LeakDetector talks to it), else under its own name.
* Old runtimes (Debian bookworm's PyPy 7.3.11 ships HPy 0.0.4) speak another
  ABI: calling into our binary there would crash, so they are refused with an
  ImportError before anything is loaded.

The module attributes are set here after loading (not trusted to the
runtime): PyPy's ``_load_bootstrap`` sets ``__file__`` from its ``ext_name``
argument rather than from ``file``.

This file must stay Python 3.8 syntax and import nothing slow: it runs on every
``import numpy_hpy``.
"""

import os
import sys
from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec

PACKAGE = "numpy_hpy"
CORE_NAME = PACKAGE + "._core"
CORE_FILE = "_core.hpy0.so"
HPY_ABI_TAG = "hpy0"
# HPy 0.9.0 is the first release with the versioned universal ABI ("hpy0");
# everything earlier (0.0.x, 0.8) passes a different context layout.
MIN_HPY_VERSION = (0, 9)
HPY_PIN = "hpy==0.9.*"
# The CPython version the wheel carries its own HPy runtime for, and where.
BUNDLED_RUNTIME_FOR = (3, 13)
BUNDLED_RUNTIME_DIR = "_hpy_cp313"

_MODES = ("universal", "debug", "trace")  # index == hpy.universal.MODE_*
_IMPL_NAMES = {"cpython": "CPython", "pypy": "PyPy", "graalpy": "GraalPy"}

# What the last successful load used; read by runtime_info().
_loaded = {}


class HPyRuntime(object):
    """The HPy runtime modules of this interpreter and the version they report."""

    def __init__(self, modules, version, git_revision):
        self.modules = modules  # [(import name, module)], in lookup order
        self.version = version  # str or None
        self.git_revision = git_revision

    def lookup(self, attr):
        for _name, module in self.modules:
            value = getattr(module, attr, None)
            if value is not None:
                return value
        return None

    @property
    def module_name(self):
        return self.modules[0][0] if self.modules else None


def describe_interpreter():
    """'CPython 3.11.7' or 'PyPy 7.3.19 (Python 3.11.11)'."""
    impl = sys.implementation
    name = _IMPL_NAMES.get(impl.name, impl.name)
    py = "%d.%d.%d" % sys.version_info[:3]
    if impl.name == "cpython":
        return "%s %s" % (name, py)
    v = impl.version
    return "%s %d.%d.%d (Python %s)" % (name, v.major, v.minor, v.micro, py)


def parse_version(text):
    """(major, minor) from '0.9.1.dev42+g...' or '0.0.4'; None if unparsable."""
    # No ``re``: importing it would double this module's import time.
    parts = (text or "").strip().split(".")
    if len(parts) < 2 or not parts[0].isdigit():
        return None
    minor = ""
    for ch in parts[1]:
        if not ch.isdigit():
            break
        minor += ch
    return (int(parts[0]), int(minor)) if minor else None


def uses_bundled_runtime():
    """True on the CPython whose HPy runtime the wheel carries (3.13)."""
    return sys.implementation.name == "cpython" and sys.version_info[:2] == BUNDLED_RUNTIME_FOR


def bundled_runtime_path():
    """The HPy runtime built for this CPython that the wheel carries (it
    exists only in wheels built where a CPython 3.13 was found)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, BUNDLED_RUNTIME_DIR, "universal" + EXTENSION_SUFFIXES[0])


def load_bundled_runtime():
    """Import the bundled runtime once: as ``hpy.universal`` unless another
    module already has that name, else as ``numpy_hpy._hpy_cp313.universal``."""
    from importlib.util import module_from_spec  # only here: 3.13 only

    path = bundled_runtime_path()
    for name in ("hpy.universal", PACKAGE + "." + BUNDLED_RUNTIME_DIR + ".universal"):
        module = sys.modules.get(name)
        if module is None:
            loader = ExtensionFileLoader(name, path)
            spec = ModuleSpec(name, loader, origin=path)
            spec.has_location = True
            module = module_from_spec(spec)
            sys.modules[name] = module
            loader.exec_module(module)
            return name, module
        if getattr(module, "__file__", None) == path:
            return name, module
    raise ImportError("the HPy runtime %s is shadowed in sys.modules" % path, name=CORE_NAME)


def find_hpy_runtime():
    """Import whatever HPy runtime modules exist; never raises."""
    modules = []
    if uses_bundled_runtime():
        try:
            modules.append(load_bundled_runtime())
        except Exception:  # reported by check_interpreter / check_hpy_runtime
            pass
        return _with_version(modules)
    for name in ("hpy.universal", "_hpy_universal"):
        try:
            module = import_module(name)
        except Exception:  # ImportError, or a broken install of hpy
            continue
        if all(module is not m for _n, m in modules):
            modules.append((name, module))
    return _with_version(modules)


def _with_version(modules):
    """The HPyRuntime of these modules, with the version they report."""
    version = git_revision = None
    for _name, module in modules:
        get_version = getattr(module, "get_version", None)
        if get_version is None:
            continue
        try:
            reported = get_version()
        except Exception:
            continue
        if isinstance(reported, (tuple, list)) and reported:
            version = str(reported[0])
            if len(reported) > 1:
                git_revision = str(reported[1])
        elif isinstance(reported, str):
            version = reported
        if version:
            break
    if not version and modules:
        # Runtimes older than get_version(): the version file of hpy.devel.
        try:
            devel = import_module("hpy.devel.version")
            version = str(getattr(devel, "__version__", "")) or None
            git_revision = getattr(devel, "__git_revision__", None)
        except Exception:
            pass
    return HPyRuntime(modules, version, git_revision)


def _refuse(detail):
    return ImportError(
        "numpy_hpy needs HPy 0.9 (universal ABI '%s'); this %s %s"
        % (HPY_ABI_TAG, describe_interpreter(), detail),
        name=CORE_NAME,
    )


def check_interpreter():
    """Refuse interpreters the core is known to crash on, before loading it.

    hpy 0.9.0's runtime crashes on CPython 3.13 at the first HPy type (hpy#493):
    there the wheel's own fixed runtime is needed, and newer CPythons are not
    supported yet.
    """
    if sys.implementation.name != "cpython" or sys.version_info[:2] < BUNDLED_RUNTIME_FOR:
        return
    if sys.version_info[:2] > BUNDLED_RUNTIME_FOR:
        raise ImportError(
            "numpy_hpy does not support CPython %d.%d yet: hpy 0.9.0 does not run "
            "there; use CPython 3.8-3.13 or PyPy 3.11" % sys.version_info[:2],
            name=CORE_NAME,
        )
    if not os.path.isfile(bundled_runtime_path()):
        raise ImportError(
            "this numpy_hpy build has no HPy runtime for CPython %d.%d (%s is missing: "
            "the wheel was built without a CPython 3.13); hpy 0.9.0's own runtime "
            "crashes there (hpy#493)" % (sys.version_info[:2] + (bundled_runtime_path(),)),
            name=CORE_NAME,
        )


def check_hpy_runtime(runtime=None):
    """Return the runtime if it can load an 'hpy0' binary, else raise ImportError.

    Decided on the version the runtime reports (``get_version()``): >= 0.9
    passes, anything older is refused.  A runtime reporting no version passes
    only if it has ``_load_bootstrap`` (added with the versioned ABI in 0.9),
    and then its own loader still checks the binary's required ABI version
    (``get_required_hpy_major_version__core``) before calling into it.
    """
    if runtime is None:
        runtime = find_hpy_runtime()
    if not runtime.modules:
        if uses_bundled_runtime():
            try:
                load_bundled_runtime()
            except Exception as exc:
                raise _refuse("could not load the HPy runtime of this wheel: %s" % exc) from exc
        if sys.implementation.name == "cpython":
            raise _refuse("has no HPy runtime: install it with pip install '%s'" % HPY_PIN)
        raise _refuse("has no built-in HPy runtime (no hpy.universal module)")
    parsed = parse_version(runtime.version)
    if parsed is not None:
        if parsed < MIN_HPY_VERSION:
            raise _refuse("provides HPy %s, whose ABI is different" % runtime.version)
    elif runtime.lookup("_load_bootstrap") is None:
        raise _refuse("provides an HPy runtime of unknown version without _load_bootstrap")
    if runtime.lookup("_load_bootstrap") is None and runtime.lookup("load") is None:
        raise _refuse("provides HPy %s without a loader" % runtime.version)
    return runtime


def mode_from_environ(env, module_name=CORE_NAME):
    """The HPy mode that ``HPY`` selects for ``module_name``, as hpy does it.

    ``HPY := MODE | NAME ':' MODE {',' NAME ':' MODE}``.  Raises ValueError
    for a value hpy would reject.
    """
    value = env.get("HPY")
    if value is None:
        return "universal"
    mode = None
    if ":" not in value:
        mode = value
    else:
        for piece in value.split(","):
            name, sep, piece_mode = piece.partition(":")
            if sep and name.strip() == module_name:
                mode = piece_mode
    mode = (mode or "").strip().lower()
    if mode not in _MODES:
        raise ValueError("invalid HPy mode for %s: HPY=%r" % (module_name, value))
    return mode


class HPyCoreLoader(object):
    """A PEP 451 loader for ``numpy_hpy._core`` (create_module does the work).

    Also loads other HPy universal binaries of the project (the test suite's
    ``_testing`` extension) the same way: ``package`` is their package.
    """

    def __init__(self, runtime, path, package=PACKAGE):
        self.runtime = runtime
        self.path = path
        self.package = package

    def create_module(self, spec):
        runtime, path = self.runtime, self.path
        bootstrap = runtime.lookup("_load_bootstrap")
        try:
            if bootstrap is not None:
                module = bootstrap(spec.name, spec.name, self.package, path, self, spec, os.environ)
                try:
                    mode = mode_from_environ(os.environ, spec.name)
                except ValueError:  # the runtime accepted what we could not parse
                    mode = "unknown (HPY=%r)" % os.environ.get("HPY")
            else:
                mode = mode_from_environ(os.environ, spec.name)
                load = runtime.lookup("load")
                try:
                    module = load(spec.name, path, spec, mode=_MODES.index(mode))
                except TypeError:
                    if mode == "trace":
                        raise
                    module = load(spec.name, path, spec, debug=(mode == "debug"))
        except (RuntimeError, OSError, SystemError) as exc:
            raise ImportError(
                "could not load %s with HPy %s: %s" % (path, runtime.version, exc),
                name=spec.name,
                path=path,
            ) from exc
        # PyPy's load() leaves the spec in a plain ``spec`` attribute.
        if getattr(module, "spec", None) is spec:
            try:
                del module.spec
            except Exception:
                pass
        for attr, value in (
            ("__name__", spec.name),
            ("__file__", path),
            ("__package__", self.package),
            ("__loader__", self),
            ("__spec__", spec),
        ):
            try:
                setattr(module, attr, value)
            except (AttributeError, TypeError):
                pass
        spec.origin = path
        if spec.name == CORE_NAME:
            _loaded.update(path=path, mode=mode, runtime=runtime)
        return module

    def exec_module(self, module):
        # The HPy runtime already ran the module's exec slots in create_module.
        pass


def core_path():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), CORE_FILE)


def load_core():
    """Load (once per process) and return ``numpy_hpy._core``.

    Loading the same .so twice, or in two modes, in one process is not
    possible: the binary has a single global context pointer.
    """
    module = sys.modules.get(CORE_NAME)
    if module is not None:
        return module
    path = core_path()
    if not os.path.isfile(path):
        raise ImportError(
            "numpy_hpy's core binary %s is missing; a source checkout must be "
            "built first (pip install . or pip install -e .)" % path,
            name=CORE_NAME,
            path=path,
        )
    check_interpreter()
    runtime = check_hpy_runtime()
    loader = HPyCoreLoader(runtime, path)
    spec = ModuleSpec(CORE_NAME, loader, origin=path)
    spec.has_location = True
    module = loader.create_module(spec)
    sys.modules[CORE_NAME] = module
    loader.exec_module(module)
    return module


def load_extension(name, path, package=""):
    """Load (once per process) another HPy universal binary of the project,
    e.g. the test suite's ``_testing`` extension, as the core is loaded: the
    same runtime checks, the same ``HPY`` mode.  The core is loaded first.
    """
    module = sys.modules.get(name)
    if module is not None:
        return module
    load_core()
    loader = HPyCoreLoader(check_hpy_runtime(), path, package=package)
    spec = ModuleSpec(name, loader, origin=path)
    spec.has_location = True
    module = loader.create_module(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def runtime_info(core, version):
    """The facts show_runtime() prints, as a dict."""
    runtime = _loaded.get("runtime") or find_hpy_runtime()
    impl = sys.implementation
    features = getattr(core, "_cpu_features", None)
    if features is not None:
        try:
            features = tuple(str(f) for f in features())
        except Exception as exc:  # report, never fail a diagnostic
            features = "error: %r" % (exc,)
    import platform  # only here: not worth its import cost on every import

    return {
        "numpy_hpy_version": version,
        "implementation": _IMPL_NAMES.get(impl.name, impl.name),
        "implementation_version": "%d.%d.%d" % tuple(impl.version[:3]),
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "machine": platform.machine(),
        "hpy_version": runtime.version,
        "hpy_git_revision": runtime.git_revision,
        "hpy_abi": HPY_ABI_TAG,
        "hpy_runtime_module": runtime.module_name,
        "hpy_mode": _loaded.get("mode"),
        "core_path": _loaded.get("path") or getattr(core, "__file__", None),
        "cpu_features": features,
    }


def format_runtime_info(info):
    features = info["cpu_features"]
    if features is None:
        features = "unknown (this _core has no _cpu_features())"
    elif isinstance(features, tuple):
        features = " ".join(features) if features else "none (scalar loops only)"
    hpy = "%s (%s), ABI %s, from %s" % (
        info["hpy_version"],
        info["hpy_git_revision"] or "?",
        info["hpy_abi"],
        info["hpy_runtime_module"],
    )
    python = "%s %s" % (info["implementation"], info["implementation_version"])
    if info["implementation"] != "CPython":
        python += " (Python %s)" % info["python_version"]
    rows = [
        ("python", "%s on %s" % (python, info["machine"])),
        ("hpy", hpy),
        ("hpy mode", info["hpy_mode"]),
        ("core", info["core_path"]),
        ("cpu features", features),
    ]
    lines = ["numpy_hpy %s" % info["numpy_hpy_version"]]
    lines += ["  %-12s : %s" % row for row in rows]
    return "\n".join(lines)
