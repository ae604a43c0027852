"""Floating-point error configuration (``seterr``/``geterr``/``seterrcall``/
``geterrcall``/``errstate``, python/numpy_hpy/_ufunc_config.py) and
``_fp_error``, the policy the core applies after a ufunc loop raised FP flags.

NumPy is the oracle: the same calls on both, and for ``_fp_error`` the same
flags raised by a real NumPy array operation under the same settings; the
warnings, exceptions, callback arguments, log writes and what reaches file
descriptors 1 and 2 must agree.  Without NumPy (PyPy may lack it) only the
tests that need no oracle run."""

import asyncio
import contextvars
import io
import itertools
import re
import sys
import threading
import warnings

import pytest

import numpy_hpy as nh
from numpy_hpy import _ufunc_config
from oracle import require_numpy

try:
    import numpy
except ImportError:
    numpy = None

IS_PYPY = sys.implementation.name == "pypy"
MODES = ("ignore", "warn", "raise", "call", "print", "log")
KINDS = ("divide", "over", "under", "invalid")
DEFAULTS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}


def np_():
    return pytest.importorskip("numpy", minversion="2.0")


@pytest.fixture(autouse=True)
def _fresh_state():
    """Every test starts from the defaults and leaves nothing behind: an
    errstate around it resets whatever ``seterr`` the test did."""
    with nh.errstate(call=None, **DEFAULTS):
        if numpy is None:
            yield
        else:
            with numpy.errstate(call=None, **DEFAULTS):
                yield


def both(fn):
    """``fn(module)`` on numpy_hpy and numpy: (result or (exception type,
    message)) for each."""
    np = np_()
    out = []
    for mod in (nh, np):
        try:
            out.append(("ok", fn(mod)))
        except Exception as e:
            # a repr in the message names a different object on each side
            out.append((type(e), re.sub(" at 0x[0-9a-f]+>", " at 0x...>", str(e))))
    return out


# -- settings ---------------------------------------------------------------


@pytest.mark.smoke
def test_errstate_defaults():
    assert nh.geterr() == DEFAULTS
    assert nh.geterrcall() is None
    if numpy is not None:
        assert nh.geterr() == numpy.geterr()


@pytest.mark.smoke
def test_errstate_seterr_roundtrip():
    old = nh.seterr(all="raise")
    assert old == DEFAULTS
    assert nh.geterr() == dict.fromkeys(KINDS, "raise")
    assert nh.seterr(**old) == dict.fromkeys(KINDS, "raise")
    assert nh.geterr() == DEFAULTS
    assert nh.geterr() is not nh.geterr()  # a new dict each time


@pytest.mark.parametrize(
    "calls",
    [
        [{"all": "raise"}, {"divide": "ignore"}, {}, {"all": None, "over": "call"}],
        [{"all": "print", "under": "log"}, {"invalid": "warn"}, {"all": "ignore", "divide": "raise"}],
        [{"divide": "log", "over": "print", "under": "raise", "invalid": "call"}, {"all": "warn"}],
        [{"under": "warn"}, {"all": None}, {"divide": None, "over": None}],
    ],
)
def test_errstate_seterr_sequence_matches_numpy(calls):
    np = np_()
    for kwargs in calls:
        assert nh.seterr(**kwargs) == np.seterr(**kwargs)
        assert nh.geterr() == np.geterr()


def test_errstate_seterr_positional_matches_numpy():
    np = np_()
    args = ("ignore", "raise", None, "log", "print")
    assert nh.seterr(*args) == np.seterr(*args)
    assert nh.geterr() == np.geterr()


@pytest.mark.parametrize("all_", MODES)
def test_errstate_all_fills_kinds_not_given(all_):
    np = np_()
    for kind, mode in itertools.product(KINDS, MODES):
        nh.seterr(all="warn")
        np.seterr(all="warn")
        assert nh.seterr(all=all_, **{kind: mode}) == np.seterr(all=all_, **{kind: mode})
        assert nh.geterr() == np.geterr()
        assert nh.geterr()[kind] == mode


def test_errstate_mode_is_a_str_and_stored_canonical():
    np = np_()

    class Sub(str):
        pass

    for value in (Sub("log"), np.str_("print")):
        nh.seterr(divide=value)
        np.seterr(divide=value)
        assert nh.geterr() == np.geterr()
        assert type(nh.geterr()["divide"]) is str


def test_errstate_mode_that_only_compares_equal_is_refused():
    # NumPy 2.5: a mode must be a str (2.4 matched anything == "raise").
    np = np_()
    require_numpy((2, 5), "the type check of error modes")

    class Raise:
        def __eq__(self, other):
            return other == "raise"

        __hash__ = None

    got, want = both(lambda m: m.seterr(divide=Raise()))
    assert got[0] is TypeError and got == want
    assert nh.geterr() == DEFAULTS


def test_errstate_seterrcall_roundtrip():
    np = np_()

    def f(*args):
        pass

    class Log:
        def write(self, msg):
            pass

    log = Log()
    for func in (f, log, print, None, f):
        old_nh, old_np = nh.geterrcall(), np.geterrcall()
        assert nh.seterrcall(func) is old_nh
        assert np.seterrcall(func) is old_np
        assert nh.geterrcall() is func
    # seterrcall leaves the modes alone, seterr leaves the callback alone
    assert nh.geterr() == DEFAULTS
    nh.seterr(all="call")
    assert nh.geterrcall() is f


class _Uncallable:
    write = 3


class _BadEq:
    def __eq__(self, other):
        raise KeyError("boom")

    __hash__ = None


def _enter(es):
    es.__enter__()


def _enter_twice(es):
    with es:
        pass
    es.__enter__()


def _enter_inside(es):
    with es:
        es.__enter__()


VALIDATION = {
    "divide-foo": lambda m: m.seterr(divide="foo"),
    "divide-int": lambda m: m.seterr(divide=1),
    "divide-bytes": lambda m: m.seterr(divide=b"warn"),
    "upper-case": lambda m: m.seterr(over="WARN"),
    "empty": lambda m: m.seterr(under=""),
    "long-repr": lambda m: m.seterr(invalid="x" * 200),
    "all-foo": lambda m: m.seterr(all="foo"),
    "all-int": lambda m: m.seterr(all=3),
    "all-before-divide": lambda m: m.seterr(all="x", divide="y"),
    "divide-before-invalid": lambda m: m.seterr(invalid="x", divide="y"),
    "over-before-under": lambda m: m.seterr(under="x", over="y"),
    "eq-raises": lambda m: m.seterr(divide=_BadEq()),
    "unknown-keyword": lambda m: m.seterr(foo=1),
    "too-many-positional": lambda m: m.seterr("ignore", "warn", "warn", "ignore", "warn", "x"),
    "seterrcall-int": lambda m: m.seterrcall(3),
    "seterrcall-str": lambda m: m.seterrcall("abc"),
    "seterrcall-write-not-callable": lambda m: m.seterrcall(_Uncallable()),
    "errstate-unknown-keyword": lambda m: m.errstate(foo=1),
    "errstate-positional": lambda m: m.errstate("ignore"),
    "errstate-bad-mode": lambda m: _enter(m.errstate(divide="foo")),
    "errstate-bad-call": lambda m: _enter(m.errstate(call=3)),
    "errstate-mode-before-call": lambda m: _enter(m.errstate(call=3, divide="x")),
    "errstate-reenter-after-exit": lambda m: _enter_twice(m.errstate(all="raise")),
    "errstate-reenter-inside": lambda m: _enter_inside(m.errstate(all="raise")),
}


# NumPy 2.5 raises TypeError for a mode that is not a str (2.4: ValueError).
CHANGED_IN_NUMPY_2_5 = {"all-int", "divide-int", "divide-bytes", "eq-raises"}


@pytest.mark.parametrize("case", sorted(VALIDATION))
def test_errstate_validation_errors_match_numpy(case):
    np = np_()
    if case in CHANGED_IN_NUMPY_2_5:
        require_numpy((2, 5), "the type check of error modes")
    got, want = both(VALIDATION[case])
    assert want[0] != "ok"  # the case is an error on NumPy
    if case == "long-repr":
        # NumPy formats the mode with "%.100R"; PyPy's cpyext ignores the
        # precision, so NumPy there shows it whole: CPython's text is the spec.
        assert got == (ValueError, "invalid error mode '" + "x" * 99)
        if IS_PYPY:
            want = (want[0], want[1][:len(got[1])])
    assert got == want
    # a refused change changes nothing
    assert nh.geterr() == np.geterr() == DEFAULTS
    assert nh.geterrcall() is None


def test_errstate_failed_enter_is_not_an_enter():
    def run(m):
        es = m.errstate(divide="foo")
        errors = []
        for _ in range(2):  # the second try is refused as invalid, not as re-entry
            try:
                es.__enter__()
            except ValueError as e:
                errors.append(str(e))
        return errors

    got, want = both(run)
    assert got == want == ("ok", ["invalid error mode 'foo'"] * 2)


# -- errstate ---------------------------------------------------------------


def _nesting_trace(m):
    trace = [m.geterr()]
    with m.errstate(all="ignore"):
        trace.append(m.geterr())
        with m.errstate(divide="raise", call=print):
            trace.append((m.geterr(), m.geterrcall()))
            m.seterr(over="log")  # undone by the errstate's exit
            trace.append(m.geterr())
        trace.append((m.geterr(), m.geterrcall()))
        try:
            with m.errstate(invalid="call"):
                trace.append(m.geterr())
                raise KeyError("out")
        except KeyError:
            pass
        trace.append(m.geterr())
    trace.append((m.geterr(), m.geterrcall()))
    return trace


def test_errstate_nesting_and_restore_on_exception():
    np = np_()
    got, want = both(_nesting_trace)
    assert got == want
    assert got[1][-1] == (DEFAULTS, None)


def test_errstate_with_returns_none_and_call_none_clears():
    nh.seterrcall(print)
    with nh.errstate(call=None) as value:
        assert value is None
        assert nh.geterrcall() is None
    with nh.errstate():  # call not given: kept
        assert nh.geterrcall() is print
    assert nh.geterrcall() is print


@pytest.mark.smoke
def test_errstate_decorator():
    seen = []

    @nh.errstate(all="raise", under="ignore")
    def f(n):
        """doc"""
        seen.append(nh.geterr())
        if n:
            return f(n - 1)  # the same instance, entered again: allowed
        raise KeyError("bottom")

    assert f.__name__ == "f" and f.__doc__ == "doc"
    with pytest.raises(KeyError):
        f(2)
    want = {"divide": "raise", "over": "raise", "under": "ignore", "invalid": "raise"}
    assert seen == [want] * 3
    assert nh.geterr() == DEFAULTS


def test_errstate_decorator_matches_numpy():
    np = np_()

    def run(m):
        def body(x):
            return x, m.geterr(), m.geterrcall()

        g = m.errstate(over="call", call=print)(body)
        h = m.errstate(divide="nope")(body)  # checked on call, not here
        out = [g(1), g(x=2), m.geterr(), m.geterrcall()]
        try:
            h(3)
        except ValueError as e:
            out.append(str(e))
        return out

    got, want = both(run)
    assert got == want


# -- isolation ----------------------------------------------------------------


def test_errstate_threads_are_isolated():
    np = np_()
    nh.seterr(all="raise")
    np.seterr(all="raise")
    barrier = threading.Barrier(2)
    results = {}

    def worker(key, mode):
        start = (nh.geterr(), np.geterr())
        with nh.errstate(all=mode), np.errstate(all=mode):
            barrier.wait()  # both threads inside their errstate at once
            inside = (nh.geterr(), np.geterr())
            barrier.wait()
        nh.seterr(divide="log")
        np.seterr(divide="log")
        results[key] = (start, inside, (nh.geterr(), np.geterr()))

    threads = [threading.Thread(target=worker, args=(k, m)) for k, m in (("a", "print"), ("b", "call"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for key, mode in (("a", "print"), ("b", "call")):
        start, inside, end = results[key]
        assert start[0] == start[1]  # a new thread starts as NumPy's does
        assert inside[0] == inside[1] == dict.fromkeys(KINDS, mode)
        assert end[0] == end[1]
    # nothing a thread did reached this one
    assert nh.geterr() == np.geterr() == dict.fromkeys(KINDS, "raise")


@pytest.mark.smoke
def test_errstate_context_copies_are_isolated():
    def inside():
        nh.seterr(all="print")
        nh.seterrcall(print)
        return nh.geterr()

    assert contextvars.copy_context().run(inside) == dict.fromkeys(KINDS, "print")
    assert nh.geterr() == DEFAULTS
    assert nh.geterrcall() is None


def test_errstate_asyncio_tasks_are_isolated():
    async def task(mode, first, second):
        with nh.errstate(all=mode):
            first.set()
            await second.wait()
            return nh.geterr()

    async def main():
        a, b = asyncio.Event(), asyncio.Event()
        # interleaved: each task is inside its errstate while the other runs
        return await asyncio.gather(task("raise", a, b), task("log", b, a))

    assert asyncio.run(main()) == [dict.fromkeys(KINDS, "raise"), dict.fromkeys(KINDS, "log")]
    assert nh.geterr() == DEFAULTS


# -- _fp_error against NumPy -------------------------------------------------

# flags -> (ufunc name, the same flags raised by a NumPy array operation)
NUMPY_OPS = {
    1: ("divide", lambda np: np.divide(np.array([1.0]), 0.0)),
    2: ("multiply", lambda np: np.multiply(np.array([1e308]), 10)),
    4: ("multiply", lambda np: np.array([1e-308]) * 1e-100),
    8: ("sqrt", lambda np: np.sqrt(np.array([-1.0]))),
    9: ("divide", lambda np: np.divide(np.array([1.0, 0.0]), 0.0)),
    6: ("multiply", lambda np: np.array([1e308, 1e-308]) * np.array([10, 1e-100])),
    11: ("power", lambda np: np.power(np.array([0.0, 1e300, -1.0]), np.array([-1.0, 2.0, 0.5]))),
}


class Recorder:
    """An errcall that is both a callback and a log object."""

    def __init__(self):
        self.events = []

    def __call__(self, *args, **kwargs):
        self.events.append(("call", args, kwargs))

    def write(self, *args, **kwargs):
        self.events.append(("write", args, kwargs))
        return 5  # ignored


def outcome(module, settings, call, run, capfd, filter="always"):
    """Everything observable when ``run()`` raises FP flags under
    ``module.errstate(**settings)``."""
    recorder = Recorder() if call else None
    capfd.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter(filter)
        with module.errstate(call=recorder, **settings):
            try:
                run()
                exc = None
            except Exception as e:
                exc = (type(e), str(e))
    out, err = capfd.readouterr()
    return {
        "warnings": [(w.category, str(w.message)) for w in caught],
        "exception": exc,
        "events": recorder.events if recorder else None,
        "stdout": out,
        "stderr": err,
    }


def check_fp_error(settings, flags, capfd, call=True, filter="always"):
    np = np_()
    name, op = NUMPY_OPS[flags]
    got = outcome(nh, settings, call, lambda: _ufunc_config._fp_error(name, flags), capfd, filter)
    want = outcome(np, settings, call, lambda: op(np), capfd, filter)
    assert got == want
    return got


@pytest.mark.parametrize("flags", sorted(NUMPY_OPS))
@pytest.mark.parametrize("mode", MODES)
def test_errstate_fp_error_matches_numpy(mode, flags, capfd):
    got = check_fp_error({"all": mode}, flags, capfd)
    if mode == "ignore":
        assert got == {"warnings": [], "exception": None, "events": [], "stdout": "", "stderr": ""}


@pytest.mark.parametrize("flags", [9, 11])
@pytest.mark.parametrize("mode", ["call", "log"])
def test_errstate_fp_error_without_errcall_matches_numpy(mode, flags, capfd):
    got = check_fp_error({"all": mode}, flags, capfd, call=False)
    assert got["exception"][0] is NameError


@pytest.mark.parametrize("first, second", list(itertools.product(MODES, MODES)))
def test_errstate_fp_error_mixed_policies_match_numpy(first, second, capfd):
    # divide then invalid (flags 9); over then under (flags 6)
    check_fp_error({"divide": first, "invalid": second}, 9, capfd)
    check_fp_error({"over": first, "under": second}, 6, capfd)


def test_errstate_fp_error_print_writes_to_fd_2_not_sys_stderr(capfd, monkeypatch):
    np = np_()
    out = []
    for mod, run in ((nh, lambda: _ufunc_config._fp_error("divide", 9)), (np, lambda: NUMPY_OPS[9][1](np))):
        fake_out, fake_err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdout", fake_out)
        monkeypatch.setattr(sys, "stderr", fake_err)
        capfd.readouterr()
        with mod.errstate(all="print"):
            run()
        out.append((fake_out.getvalue(), fake_err.getvalue(), capfd.readouterr()))
        monkeypatch.undo()
    assert out[0] == out[1]
    assert out[0][:2] == ("", "")
    assert out[0][2].err == (
        "Warning: divide by zero encountered in divide\n" "Warning: invalid value encountered in divide\n"
    )


@pytest.mark.parametrize("second", ["call", "log", "raise", "print"])
def test_errstate_fp_error_warning_as_error_stops_there(second, capfd):
    got = check_fp_error({"divide": "warn", "invalid": second}, 9, capfd, filter="error")
    assert got["exception"] == (RuntimeWarning, "divide by zero encountered in divide")
    assert got["events"] == [] and got["stderr"] == ""


def test_errstate_fp_error_errcall_exception_propagates():
    seen = []

    def bad(*args):
        seen.append(args)
        raise KeyError("from errcall")

    def run(m):
        with m.errstate(all="call", call=bad):
            if m is nh:
                _ufunc_config._fp_error("divide", 9)
            else:
                m.divide(m.array([1.0, 0.0]), 0.0)

    got, want = both(run)
    assert got == want == (KeyError, "'from errcall'")
    # it stopped at the first flag, on both
    assert seen == [("divide by zero", 9)] * 2


@pytest.mark.smoke
def test_errstate_fp_error_warning_points_at_the_caller():
    # The core adds no Python frame: the function calling _fp_error stands
    # for the user's function calling the ufunc.
    def user():
        _ufunc_config._fp_error("sqrt", 8)
        return sys._getframe().f_lineno - 1

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = user()
    (w,) = caught
    assert (w.category, str(w.message), w.filename, w.lineno) == (
        RuntimeWarning,
        "invalid value encountered in sqrt",
        __file__,
        line,
    )


def test_errstate_fp_error_warning_location_matches_numpy():
    np = np_()

    def calls(mod):
        mod.divide(mod.array([1.0]), 0.0)
        return sys._getframe().f_lineno - 1

    for mod in (np, nh):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = calls(mod)
        (w,) = caught
        assert (w.category, str(w.message), w.filename, w.lineno) == (
            RuntimeWarning,
            "divide by zero encountered in divide",
            __file__,
            line,
        ), mod


@pytest.mark.parametrize("flags", sorted(NUMPY_OPS))
@pytest.mark.parametrize("mode", MODES)
def test_errstate_core_ufuncs_match_numpy(mode, flags, capfd):
    """End to end: the core's own ufunc loops, through _fp_error."""
    np = np_()
    _, op = NUMPY_OPS[flags]
    got = outcome(nh, {"all": mode}, True, lambda: op(nh), capfd)
    want = outcome(np, {"all": mode}, True, lambda: op(np), capfd)
    assert got == want


def test_errstate_fp_error_is_a_plain_module_function():
    # The core looks it up by name on each report: a module-level function.
    assert nh._ufunc_config._fp_error is _ufunc_config._fp_error
    assert callable(_ufunc_config._fp_error)
    with nh.errstate(all="raise"):
        assert _ufunc_config._fp_error("add", 0) is None  # no flags: nothing
