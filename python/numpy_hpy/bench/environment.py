"""The facts printed above the table and stored in the JSON header: runtime,
HPy mode, library versions, CPU model, features and cores."""

import datetime
import os
import platform
import sys

# CPU features worth naming for array kernels, in this order (x86 flags,
# then Arm's), as /proc/cpuinfo spells them.
INTERESTING_FLAGS = (
    "sse2",
    "sse4_2",
    "avx",
    "avx2",
    "fma",
    "avx512f",
    "avx512dq",
    "avx512cd",
    "avx512bw",
    "avx512vl",
    "avx512_fp16",
    "asimd",
    "sve",
    "sve2",
)


def read_cpuinfo(path="/proc/cpuinfo"):
    """(model name or None, set of flags) from the first CPU in ``path``;
    (None, empty set) where there is no such file."""
    model, flags = None, set()
    try:
        with open(path) as f:
            for line in f:
                name, sep, value = line.partition(":")
                name = name.strip()
                if not sep:
                    if model or flags:
                        break  # the end of the first CPU's block
                    continue
                if name in ("model name", "Model", "Hardware") and model is None:
                    model = value.strip()
                elif name in ("flags", "Features") and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    return model, flags


def cpu_facts():
    """model, interesting flags present (in INTERESTING_FLAGS order), cores."""
    model, flags = read_cpuinfo()
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = None
    return {
        "cpu_model": model or platform.processor() or platform.machine(),
        "cpu_flags": [f for f in INTERESTING_FLAGS if f in flags],
        "cores": os.cpu_count(),
        "usable_cores": usable,
    }


def header(nh, np, label=None):
    """The header dict for a run of numpy_hpy ``nh`` against NumPy ``np``
    (None when NumPy is not importable)."""
    from numpy_hpy._loader import runtime_info

    info = runtime_info(nh._core, nh.__version__)
    python = "%s %s" % (info["implementation"], info["implementation_version"])
    if info["implementation"] != "CPython":
        python += " (Python %s)" % info["python_version"]
    facts = {
        "label": label or "%s %s" % (python.split(" (")[0], info["hpy_mode"]),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "python": python,
        "implementation": info["implementation"],
        "python_version": info["python_version"],
        "hpy_version": info["hpy_version"],
        "hpy_mode": info["hpy_mode"],
        "numpy_hpy_version": nh.__version__,
        "numpy_hpy_path": os.path.dirname(os.path.abspath(nh.__file__)),
        # a tuple of names, or None / an error text from an older core
        "numpy_hpy_dispatch": list(info["cpu_features"]) if isinstance(info["cpu_features"], tuple) else [],
        "numpy_version": np.__version__ if np is not None else None,
        "machine": info["machine"],
        # Without .pyc files every fresh interpreter compiles the package:
        # the import rows then measure that too.
        "dont_write_bytecode": sys.dont_write_bytecode,
    }
    facts.update(cpu_facts())
    return facts


def format_header(facts, settings):
    """The lines printed above the table."""
    cores = "%s cores" % facts["cores"]
    if facts["usable_cores"] not in (None, facts["cores"]):
        cores += " (%s usable)" % facts["usable_cores"]
    numpy = "NumPy %s" % facts["numpy_version"] if facts["numpy_version"] else "no NumPy (absolute times only)"
    if facts["numpy_version"] and facts["implementation"] == "PyPy":
        numpy += " (through cpyext)"
    timing = "median of up to %d interleaved rounds (about %g s a row), samples >= %g ms " % (
        settings["repeat"],
        settings["budget_s"],
        settings["sample_s"] * 1e3,
    )
    timing += "on the slower side, after %d warm-up round(s)" % settings["warmup"]
    lines = [
        "# numpy_hpy %s vs %s: %s" % (facts["numpy_hpy_version"], numpy, facts["label"]),
        "",
        "- runtime: %s, HPy %s, %s mode" % (facts["python"], facts["hpy_version"], facts["hpy_mode"]),
        "- CPU: %s, %s, %s; flags: %s; numpy_hpy dispatch: %s"
        % (
            facts["cpu_model"],
            facts["machine"],
            cores,
            " ".join(facts["cpu_flags"]) or "unknown",
            " ".join(facts["numpy_hpy_dispatch"]) or "scalar loops",
        ),
        "- numpy_hpy from %s" % facts["numpy_hpy_path"],
        "- %s; %s" % (facts["date"], timing),
    ]
    if facts.get("dont_write_bytecode"):
        lines.append("- PYTHONDONTWRITEBYTECODE is set: modules without a cached .pyc compile on every import")
    return lines
