"""The `argparse` crate (FASTCALL + kwnames parser and its converters),
exercised through `numpy_hpy._core._testing.parse_*`.

* one test per error path, with the exact message, and the success paths;
* the same mistake made on real NumPy, compared directly (skipped without it);
* hypothesis fuzzing of random raw vectorcalls (non-str and repeated keyword
  names included, built with `_testing.vectorcall`) against pure-Python
  functions with the same signatures, and of `axis=` normalisation.

Runs unchanged on CPython and PyPy, universal and HPy debug mode."""

import re
import sys

import pytest

import numpy_hpy

t = numpy_hpy._core._testing
AxisError = numpy_hpy._core.AxisError

IS_PYPY = sys.implementation.name == "pypy"
# PyPy's HPy_Call builds a kwargs dict from kwnames itself: a non-str name is
# refused by PyPy ("keywords must be strings, not 'int'") and a repeated one
# silently keeps the last value, so the parser never sees either there.
raw_kwnames = pytest.mark.skipif(
    IS_PYPY, reason="PyPy's HPy_Call turns kwnames into a dict before our parser runs"
)


def raises(exc, msg):
    return pytest.raises(exc, match="^" + re.escape(msg) + "$")


def fresh(s):
    """An equal str that is not the interned object (the parser's slow path)."""
    return "".join(list(s))


# ---- success paths -----------------------------------------------------------


@pytest.mark.smoke
def test_f1_f2_success():
    assert t.parse_f1(1) == (1,)
    assert t.parse_f1(x=1) == (1,)
    assert t.parse_f2(1, 2) == (1, 2)
    assert t.parse_f2(1, y=2) == (1, 2)
    assert t.parse_f2(x=1, y=2) == (1, 2)
    assert t.parse_f2(y=2, x=1) == (1, 2)
    obj = object()
    assert t.parse_f1(obj)[0] is obj
    assert t.parse_f1(x=obj)[0] is obj


@pytest.mark.smoke
def test_out_success():
    assert t.parse_out(1) == (1, None)
    assert t.parse_out(1, out=2) == (1, 2)
    assert t.parse_out(out=2, x=1) == (1, 2)
    assert t.parse_out(x=1) == (1, None)


@pytest.mark.smoke
def test_mixed_success():
    assert t.parse_mixed(1, 2, d=4) == (1, 2, None, 4, None)
    assert t.parse_mixed(1, b=2, d=4) == (1, 2, None, 4, None)
    assert t.parse_mixed(1, 2, 3, d=4, e=5) == (1, 2, 3, 4, 5)
    assert t.parse_mixed(1, e=5, d=4, c=3, b=2) == (1, 2, 3, 4, 5)


@pytest.mark.smoke
def test_ufunc_success_and_defaults():
    none7 = (None,) * 7
    assert t.parse_ufunc(1, 2) == ((1, 2) + none7, 3, 3)
    assert t.parse_ufunc(1, 2, 3) == ((1, 2, 3) + (None,) * 6, 3, 3)
    got = t.parse_ufunc(1, 2, out=4, where=5, casting="no", order="C", dtype=6, subok=7)
    assert got == ((1, 2, None, 4, 5, "no", "C", 6, 7), 0, 0)
    for i, c in enumerate(["no", "equiv", "safe", "same_kind", "unsafe"]):
        assert t.parse_ufunc(1, 2, casting=c)[1] == i
        assert t.parse_ufunc(1, 2, casting=fresh(c))[1] == i
    for i, o in enumerate("CFAK"):
        assert t.parse_ufunc(1, 2, order=o)[2] == i
        assert t.parse_ufunc(1, 2, order=fresh(o))[2] == i


@pytest.mark.smoke
def test_keyword_names_not_interned():
    # equal but distinct str objects, and a str subclass, match by equality
    assert t.parse_out(1, **{fresh("out"): 2}) == (1, 2)
    assert t.parse_f2(**{fresh("y"): 2, fresh("x"): 1}) == (1, 2)
    assert t.parse_ufunc(1, 2, **{fresh("casting"): fresh("safe")})[1] == 2

    class S(str):
        pass

    assert t.parse_out(1, **{S("out"): 2}) == (1, 2)
    with raises(TypeError, "parse_out() got an unexpected keyword argument 'zz'"):
        t.parse_out(1, **{S("zz"): 2})


@pytest.mark.smoke
def test_keyword_names_not_interned_raw():
    assert t.vectorcall(t.parse_out, (1,), (2,), (fresh("out"),)) == (1, 2)
    assert t.vectorcall(t.parse_f2, (), (1, 2), (fresh("y"), fresh("x"))) == (2, 1)

    class S(str):
        pass

    assert t.vectorcall(t.parse_out, (1,), (2,), (S("out"),)) == (1, 2)
    with raises(TypeError, "parse_out() got an unexpected keyword argument 'zz'"):
        t.vectorcall(t.parse_out, (1,), (2,), (S("zz"),))


@pytest.mark.smoke
def test_vectorcall_helper_plain():
    assert t.vectorcall(t.parse_mixed, (1, 2), (4, 3), ("d", "c")) == (1, 2, 3, 4, None)
    assert t.vectorcall(t.parse_f1, (1,), (), ()) == (1,)


# ---- error paths: exact messages ----------------------------------------------


@pytest.mark.smoke
def test_unexpected_keyword():
    with raises(TypeError, "parse_f1() got an unexpected keyword argument 'y'"):
        t.parse_f1(1, y=2)
    with raises(TypeError, "parse_out() got an unexpected keyword argument 'zz'"):
        t.parse_out(1, **{fresh("zz"): 2})
    with raises(TypeError, "parse_ufunc() got an unexpected keyword argument 'foo'"):
        t.parse_ufunc(1, 2, foo=3)
    with raises(TypeError, "parse_f1() got an unexpected keyword argument '\u00e9\u4e2d'"):
        t.parse_f1(1, **{"\u00e9\u4e2d": 2})


@pytest.mark.smoke
def test_unexpected_keyword_before_missing():
    # the keyword is checked before the missing required argument
    with raises(TypeError, "parse_f1() got an unexpected keyword argument 'y'"):
        t.parse_f1(y=1)


@pytest.mark.smoke
def test_unexpected_keyword_surrogate_name():
    with pytest.raises(TypeError) as e:
        t.parse_f1(1, **{"\udc80": 2})
    assert str(e.value) == "parse_f1() got an unexpected keyword argument '\udc80'"


@pytest.mark.smoke
def test_multiple_values():
    with raises(TypeError, "parse_f1() got multiple values for argument 'x'"):
        t.parse_f1(1, x=2)
    with raises(TypeError, "parse_mixed() got multiple values for argument 'b'"):
        t.parse_mixed(1, 2, b=3, d=4)


@pytest.mark.smoke
@raw_kwnames
def test_multiple_values_repeated_kwname():
    with raises(TypeError, "parse_f2() got multiple values for argument 'x'"):
        t.vectorcall(t.parse_f2, (), (1, 2), ("x", "x"))
    with raises(TypeError, "parse_out() got multiple values for argument 'out'"):
        t.vectorcall(t.parse_out, (1,), (2, 3), ("out", fresh("out")))


@pytest.mark.smoke
def test_missing_required_positional():
    with raises(TypeError, "parse_f1() missing required argument 'x' (pos 1)"):
        t.parse_f1()
    with raises(TypeError, "parse_f2() missing required argument 'y' (pos 2)"):
        t.parse_f2(1)
    with raises(TypeError, "parse_f2() missing required argument 'x' (pos 1)"):
        t.parse_f2(y=1)
    with raises(TypeError, "parse_mixed() missing required argument 'a' (pos 1)"):
        t.parse_mixed()
    with raises(TypeError, "parse_mixed() missing required argument 'b' (pos 2)"):
        t.parse_mixed(1, d=4)


@pytest.mark.smoke
def test_missing_required_keyword_only():
    with raises(TypeError, "parse_mixed() missing required keyword-only argument 'd'"):
        t.parse_mixed(1, 2)
    with raises(TypeError, "parse_mixed() missing required keyword-only argument 'd'"):
        t.parse_mixed(1, 2, 3, e=5)


@pytest.mark.smoke
def test_too_many_positional():
    with raises(TypeError, "parse_f1() takes 1 positional argument but 2 were given"):
        t.parse_f1(1, 2)
    with raises(TypeError, "parse_f2() takes 2 positional arguments but 3 were given"):
        t.parse_f2(1, 2, 3)
    with raises(TypeError, "parse_out() takes 1 positional argument but 2 were given"):
        t.parse_out(1, 2)
    with raises(TypeError, "parse_mixed() takes from 2 to 3 positional arguments but 4 were given"):
        t.parse_mixed(1, 2, 3, 4, d=5)


@pytest.mark.smoke
def test_ufunc_count_style():
    msg = "parse_ufunc() takes from 2 to 3 positional arguments but {} given"
    with raises(TypeError, msg.format("1 was")):
        t.parse_ufunc(1)
    with raises(TypeError, msg.format("0 were")):
        t.parse_ufunc()
    with raises(TypeError, msg.format("4 were")):
        t.parse_ufunc(1, 2, 3, 4)
    with raises(TypeError, msg.format("1 was")):
        t.parse_ufunc(1, out=2)


@pytest.mark.smoke
def test_positional_only_as_keyword():
    with raises(
        TypeError,
        "parse_mixed() got some positional-only arguments passed as keyword arguments: 'a'",
    ):
        t.parse_mixed(a=1, b=2, d=3)
    with raises(
        TypeError,
        "parse_ufunc() got some positional-only arguments passed as keyword arguments: 'x2'",
    ):
        t.parse_ufunc(1, x2=2)
    with raises(
        TypeError,
        "parse_ufunc() got some positional-only arguments passed as keyword arguments: 'out1'",
    ):
        t.parse_ufunc(1, 2, out1=3)


@pytest.mark.smoke
@raw_kwnames
@pytest.mark.parametrize("name", [1, None, b"x", 2.5, ("x",)])
def test_keywords_must_be_strings(name):
    with raises(TypeError, "parse_f1() keywords must be strings"):
        t.vectorcall(t.parse_f1, (), (1,), (name,))
    with raises(TypeError, "parse_mixed() keywords must be strings"):
        t.vectorcall(t.parse_mixed, (1, 2), (3, 4), ("d", name))


@pytest.mark.smoke
def test_casting_errors():
    with raises(
        ValueError,
        "casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got 'x')",
    ):
        t.parse_ufunc(1, 2, casting="x")
    with raises(TypeError, "casting must be str, not int"):
        t.parse_ufunc(1, 2, casting=1)
    with raises(TypeError, "casting must be str, not NoneType"):
        t.parse_ufunc(1, 2, casting=None)


@pytest.mark.smoke
def test_order_errors():
    with raises(ValueError, "order must be one of 'C', 'F', 'A', or 'K' (got 'Q')"):
        t.parse_ufunc(1, 2, order="Q")
    with raises(ValueError, "order must be one of 'C', 'F', 'A', or 'K' (got 'Q')"):
        t.parse_order("Q")
    with raises(ValueError, "order must be one of 'C', 'F', 'A', or 'K' (got 'CF')"):
        t.parse_order("CF")
    with raises(TypeError, "order must be str, not int"):
        t.parse_order(1)


@pytest.mark.smoke
def test_order_success():
    assert t.parse_order() == "K"
    for o in "CFAK":
        assert t.parse_order(o) == o
        assert t.parse_order(order=fresh(o)) == o


@pytest.mark.smoke
def test_order_none_is_default():
    assert t.parse_ufunc(1, 2, order=None)[2] == 3


@pytest.mark.smoke
def test_order_lowercase():
    assert t.parse_order("c") == "C"
    assert t.parse_ufunc(1, 2, order="k")[2] == 3


@pytest.mark.smoke
def test_axis_success():
    assert t.parse_axis(2) is None
    assert t.parse_axis(2, None) is None
    assert t.parse_axis(2, axis=None) is None
    assert t.parse_axis(2, 1) == (1,)
    assert t.parse_axis(2, -1) == (1,)
    assert t.parse_axis(2, -2) == (0,)
    assert t.parse_axis(3, (0, -1)) == (0, 2)
    assert t.parse_axis(3, (2, 0)) == (2, 0)
    assert t.parse_axis(3, ()) == ()
    assert t.parse_axis(0, ()) == ()
    assert t.parse_axis(ndim=2, axis=True) == (1,)


@pytest.mark.smoke
def test_axis_errors():
    assert issubclass(AxisError, ValueError)
    assert issubclass(AxisError, IndexError)
    with raises(AxisError, "axis 2 is out of bounds for array of dimension 2"):
        t.parse_axis(2, 2)
    with raises(AxisError, "axis -3 is out of bounds for array of dimension 2"):
        t.parse_axis(2, -3)
    with raises(AxisError, "axis 0 is out of bounds for array of dimension 0"):
        t.parse_axis(0, 0)
    with raises(AxisError, "axis 5 is out of bounds for array of dimension 2"):
        t.parse_axis(2, (0, 5))
    with raises(ValueError, "duplicate value in 'axis'"):
        t.parse_axis(2, (0, 0))
    with raises(ValueError, "duplicate value in 'axis'"):
        t.parse_axis(2, (1, -1))
    with raises(TypeError, "'float' object cannot be interpreted as an integer"):
        t.parse_axis(2, 2.5)
    with raises(TypeError, "'float' object cannot be interpreted as an integer"):
        t.parse_axis(2, (0, 2.5))
    with raises(ValueError, "ndim must be >= 0"):
        t.parse_axis(-1)
    # the duplicate error is a plain ValueError, not an AxisError
    with pytest.raises(ValueError) as e:
        t.parse_axis(2, (0, 0))
    assert type(e.value) is ValueError


@pytest.mark.smoke
def test_axis_duplicate_before_out_of_bounds():
    with raises(AxisError, "axis 5 is out of bounds for array of dimension 2"):
        t.parse_axis(2, (0, 0, 5))


@pytest.mark.smoke
def test_shape():
    assert t.parse_shape(2) == (2,)
    assert t.parse_shape(0) == (0,)
    assert t.parse_shape((2, 3)) == (2, 3)
    assert t.parse_shape([4, 0, 1]) == (4, 0, 1)
    assert t.parse_shape(()) == ()
    assert t.parse_shape(shape=True) == (1,)
    assert t.parse_shape((1,) * 64) == (1,) * 64
    with raises(ValueError, "negative dimensions are not allowed"):
        t.parse_shape(-1)
    with raises(ValueError, "negative dimensions are not allowed"):
        t.parse_shape((2, -1))
    with raises(TypeError, "expected a sequence of integers or a single integer, got '2.5'"):
        t.parse_shape(2.5)
    with raises(TypeError, "Use () not None as shape arguments"):
        t.parse_shape(None)
    with raises(TypeError, "'float' object cannot be interpreted as an integer"):
        t.parse_shape((2, 2.5))
    with raises(
        ValueError, "maximum supported dimension for an ndarray is currently 64, found 65"
    ):
        t.parse_shape((1,) * 65)


@pytest.mark.smoke
def test_numbers():
    assert t.parse_numbers() == (None, None, None)
    got = t.parse_numbers(5, 2.5, True)
    assert got == (5, 2.5, True)
    assert type(got[0]) is int and type(got[1]) is float and got[2] is True
    got = t.parse_numbers(i=True, f=3, b=[])
    assert got == (1, 3.0, False)
    assert type(got[0]) is int and type(got[1]) is float and got[2] is False
    assert t.parse_numbers(b=[0])[2] is True
    with raises(TypeError, "'float' object cannot be interpreted as an integer"):
        t.parse_numbers(2.5)
    with pytest.raises(TypeError):
        t.parse_numbers(f="x")
    with pytest.raises(TypeError):
        t.parse_numbers(i="1")


# ---- the same mistakes on real NumPy --------------------------------------------


def _np():
    return pytest.importorskip("numpy")


def _error(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return e
    raise AssertionError("no error raised")


def _same_error(ours, theirs, rename=None):
    a, b = _error(ours), _error(theirs)
    msg = str(b)
    if rename:
        msg = msg.replace(rename[0] + "()", rename[1] + "()")
    assert str(a) == msg
    for base in (TypeError, ValueError, IndexError):
        assert isinstance(a, base) == isinstance(b, base), (base, a, b)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_numpy_ufunc_count(n):
    np = _np()
    x = np.ones(2)
    _same_error(
        lambda: t.parse_ufunc(*([1] * n)),
        lambda: np.add(*([x] * n)),
        rename=("add", "parse_ufunc"),
    )


def test_numpy_ufunc_unexpected_keyword():
    np = _np()
    x = np.ones(2)
    _same_error(
        lambda: t.parse_ufunc(1, 2, foo=3),
        lambda: np.add(x, x, foo=3),
        rename=("add", "parse_ufunc"),
    )


@pytest.mark.parametrize(
    "kw", [{"casting": "x"}, {"casting": 1}, {"casting": None}, {"order": "Q"}, {"order": 1}]
)
def test_numpy_ufunc_converters(kw):
    np = _np()
    x = np.ones(2)
    _same_error(lambda: t.parse_ufunc(1, 2, **kw), lambda: np.add(x, x, **kw))


@pytest.mark.parametrize("order", ["Q", "CF", 1])
def test_numpy_order(order):
    np = _np()
    _same_error(lambda: t.parse_order(order), lambda: np.ones(2, order=order))


@pytest.mark.parametrize("axis", [2, -3, (0, 2), (0, 0), (1, -1), 2.5])
def test_numpy_axis(axis):
    np = _np()
    _same_error(lambda: t.parse_axis(2, axis), lambda: np.ones((2, 2)).sum(axis=axis))


def test_numpy_axis_error_class():
    np = _np()
    theirs = _error(lambda: np.ones((2, 2)).sum(axis=2))
    ours = _error(lambda: t.parse_axis(2, 2))
    assert type(ours).__name__ == type(theirs).__name__ == "AxisError"
    assert isinstance(ours, ValueError) and isinstance(ours, IndexError)


@pytest.mark.parametrize("shape", [-1, (2, -1), 2.5, (2, 2.5), (1,) * 65, "ab"])
def test_numpy_shape(shape):
    np = _np()
    _same_error(lambda: t.parse_shape(shape), lambda: np.zeros(shape))


def test_numpy_shape_none():
    np = _np()
    _same_error(lambda: t.parse_shape(None), lambda: np.zeros(None))


@pytest.mark.parametrize("shape", [3, (2, 3), [0, 4], (), (1,) * 64])
def test_numpy_shape_success(shape):
    np = _np()
    assert t.parse_shape(shape) == np.zeros(shape).shape


# ---- fuzz: random raw vectorcalls against Python signatures ---------------------


def ref_f1(x):
    return (x,)


def ref_f2(x, y):
    return (x, y)


def ref_out(x, *, out=None):
    return (x, out)


def ref_mixed(a, /, b, c=None, *, d, e=None):
    return (a, b, c, d, e)


_UNSET = object()
CASTINGS = ("no", "equiv", "safe", "same_kind", "unsafe")
ORDERS = ("C", "F", "A", "K")


def _choose(name, choices, listing, v, default, none_is_default=False, fold_case=False):
    if v is _UNSET or (none_is_default and v is None):
        return default
    if not isinstance(v, str):
        raise TypeError("%s must be str, not %s" % (name, type(v).__name__))
    key = v.upper() if fold_case and len(v) == 1 else v
    if key not in choices:
        raise ValueError("%s must be one of %s (got %r)" % (name, listing, v))
    return choices.index(key)


# casting/order mirror NumPy's converters: casting is strict, order takes None
# (the default) and one letter in either case.
def ref_ufunc(
    x1,
    x2,
    out1=None,
    /,
    *,
    out=None,
    where=None,
    casting=_UNSET,
    order=_UNSET,
    dtype=None,
    subok=None,
):
    c = _choose("casting", CASTINGS, "'no', 'equiv', 'safe', 'same_kind', 'unsafe'", casting, 3)
    o = _choose("order", ORDERS, "'C', 'F', 'A', or 'K'", order, 3, True, True)
    slots = (
        x1,
        x2,
        out1,
        out,
        where,
        None if casting is _UNSET else casting,
        None if order is _UNSET else order,
        dtype,
        subok,
    )
    return (slots, c, o)


SIGS = {
    "parse_f1": (ref_f1, ["x"]),
    "parse_f2": (ref_f2, ["x", "y"]),
    "parse_out": (ref_out, ["x", "out"]),
    "parse_mixed": (ref_mixed, ["a", "b", "c", "d", "e"]),
    "parse_ufunc": (
        ref_ufunc,
        ["x1", "x2", "out1", "out", "where", "casting", "order", "dtype", "subok"],
    ),
}
NPOS = {"parse_f1": 1, "parse_f2": 2, "parse_out": 1, "parse_mixed": 3, "parse_ufunc": 3}
# (no lone-surrogate name here: test_unexpected_keyword_surrogate_name)
UNKNOWN_NAMES = ["zz", "X", "\u00e9", ""]
NONSTR_NAMES = [0, 1, b"x", None, 2.5, ("x",)]
VALUES = [None, "no", "same_kind", "C", "K", "bogus", fresh("unsafe"), fresh("F"), 1.5]


def _outcome(call):
    try:
        return ("ok", call())
    except (TypeError, ValueError) as e:
        return ("raise", type(e))


def _check_call(fname, npos, kw):
    ref, params = SIGS[fname]
    pos = tuple(100 + i for i in range(npos))
    names = tuple(n for n, _ in kw)
    values = tuple(v for _, v in kw)
    f = getattr(t, fname)
    nonstr = any(type(n) is not str for n in names)
    unique = not nonstr and len(set(names)) == len(names)
    # ours: anything else than TypeError/ValueError propagates and fails
    if unique:
        expected = _outcome(lambda: ref(*pos, **dict(kw)))
        assert _outcome(lambda: f(*pos, **dict(kw))) == expected, (fname, pos, kw)
    elif nonstr or not IS_PYPY:
        expected = ("raise", TypeError)
    else:  # PyPy's HPy_Call: the last of repeated names wins (raw_kwnames)
        expected = _outcome(lambda: ref(*pos, **dict(kw)))
    got = _outcome(lambda: t.vectorcall(f, pos, values, names))
    assert got == expected, (fname, pos, kw)


def _hypothesis():
    return pytest.importorskip("hypothesis")


def _call_strategy(st, fname):
    """(npos, [(name, value), ...]): the names not bound positionally, in a
    random order and subset (so that many calls are valid), with up to 3
    noise names inserted anywhere: parameter names again (duplicates,
    positional-only ones), equal-but-not-interned copies, unknown names and
    non-str names."""
    params = SIGS[fname][1]
    strs = params + [fresh(p) for p in params] + UNKNOWN_NAMES
    noise = st.one_of(st.sampled_from(strs), st.sampled_from(NONSTR_NAMES))
    value = st.one_of(st.integers(200, 299), st.sampled_from(VALUES))

    @st.composite
    def call(draw):
        npos = draw(st.one_of(st.integers(0, NPOS[fname]), st.integers(0, 5)))
        rest = draw(st.permutations(params[npos:]))
        names = list(rest[: draw(st.integers(0, len(rest)))])
        if draw(st.booleans()):
            for extra in draw(st.lists(noise, min_size=1, max_size=3)):
                names.insert(draw(st.integers(0, len(names))), extra)
        return npos, [(n, draw(value)) for n in names]

    return call()


@pytest.mark.parametrize("fname", sorted(SIGS))
def test_fuzz_signature(fname):
    hyp = _hypothesis()
    st = hyp.strategies

    @hyp.settings(max_examples=200, deadline=None, database=None)
    @hyp.given(_call_strategy(st, fname))
    def run(call):
        npos, kw = call
        _check_call(fname, npos, kw)

    run()


def ref_axis(ndim, axis):
    """NumPy's axis normalisation (normalize_axis_tuple / the C reductions):
    every axis is bounds-checked first, then duplicates are refused."""
    if axis is None:
        return None
    if not isinstance(axis, tuple):
        axis = (axis,)
    out = []
    for a in axis:
        if not -ndim <= a < ndim:
            raise AxisError("axis %d is out of bounds for array of dimension %d" % (a, ndim))
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError("duplicate value in 'axis'")
    return tuple(out)


def _numpy_normalize_axis_tuple():
    for where in ("numpy.lib.array_utils", "numpy.core.numeric"):
        try:
            mod = __import__(where, fromlist=["normalize_axis_tuple"])
            return mod.normalize_axis_tuple
        except (ImportError, AttributeError):
            continue
    return None


def _axis_outcome(call):
    try:
        return ("ok", call())
    except AxisError as e:
        return ("raise", "AxisError", str(e))
    except (TypeError, ValueError) as e:
        return ("raise", type(e).__name__, str(e))


def test_fuzz_axis():
    hyp = _hypothesis()
    st = hyp.strategies
    np_norm = _numpy_normalize_axis_tuple()
    ax = st.integers(-6, 6)
    axis_st = st.one_of(st.none(), ax, st.lists(ax, max_size=5).map(tuple))

    @hyp.settings(max_examples=300, deadline=None, database=None)
    @hyp.given(st.integers(0, 4), axis_st, st.booleans())
    def run(ndim, axis, by_keyword):
        if by_keyword:
            got = _axis_outcome(lambda: t.parse_axis(ndim, axis=axis))
        else:
            got = _axis_outcome(lambda: t.parse_axis(ndim, axis))
        expected = _axis_outcome(lambda: ref_axis(ndim, axis))
        if np_norm is not None and axis is not None:
            # (the Python helper words the duplicate error 'repeated axis';
            # the reductions, which we follow, "duplicate value in 'axis'")
            try:
                theirs = ("ok", tuple(np_norm(axis, ndim)))
            except ValueError as e:
                theirs = ("raise", "AxisError" if isinstance(e, IndexError) else "ValueError")
            assert theirs == expected[:2], (ndim, axis)
        assert got == expected, (ndim, axis)

    run()


# ---- functions NumPy defines in Python -----------------------------------------

# NumPy defines these in Python (or their __array_function__ dispatcher, a
# Python function, sees the arguments first): a missing argument is reported
# in the words of a Python def, naming every missing positional parameter.
PYTHON_LEVEL_CALLS = [
    ("can_cast", ()),
    ("can_cast", ("i8",)),
    ("full", ()),
    ("full", (3,)),
    ("ones", ()),
    ("linspace", ()),
    ("linspace", (0,)),
    ("eye", ()),
    ("identity", ()),
    ("concatenate", ()),
    ("stack", ()),
    ("vstack", ()),
    ("hstack", ()),
    ("dstack", ()),
    ("column_stack", ()),
    ("split", ()),
    ("split", ([1, 2],)),
    ("array_split", ([1, 2],)),
    ("roll", ([1, 2],)),
    ("repeat", ([1, 2],)),
    ("tile", ()),
    ("tile", ([1, 2],)),
    ("reshape", ([1, 2],)),
    ("ravel", ()),
    ("transpose", ()),
    ("swapaxes", ([1, 2],)),
    ("swapaxes", ([1, 2], 0)),
    ("moveaxis", ()),
    ("moveaxis", ([1, 2],)),
    ("squeeze", ()),
    ("expand_dims", ([1, 2],)),
    ("flip", ()),
    ("broadcast_to", ([1, 2],)),
]


@pytest.mark.parametrize("fname, args", PYTHON_LEVEL_CALLS, ids=repr)
def test_missing_argument_message_of_python_level_functions(fname, args):
    np = pytest.importorskip("numpy", minversion="2.3")

    def message(mod):
        with pytest.raises(TypeError) as e:
            getattr(mod, fname)(*args)
        return str(e.value)

    assert message(numpy_hpy) == message(np)


# NumPy's C parser (npy_parse_arguments) counts positions from 0, and names
# positional-only parameters by position alone.
C_LEVEL_CALLS = [
    ("array", ()),
    ("asarray", ()),
    ("empty", ()),
    ("zeros", ()),
    ("promote_types", ()),
    ("promote_types", ("i4",)),
]


@pytest.mark.parametrize("fname, args", C_LEVEL_CALLS, ids=repr)
def test_missing_argument_message_of_c_level_functions(fname, args):
    np = pytest.importorskip("numpy", minversion="2.3")

    def message(mod):
        with pytest.raises(TypeError) as e:
            getattr(mod, fname)(*args)
        return str(e.value)

    assert message(numpy_hpy) == message(np)


def test_missing_argument_message_of_astype():
    np = pytest.importorskip("numpy", minversion="2.3")
    with pytest.raises(TypeError) as ours:
        numpy_hpy.zeros(2).astype()
    with pytest.raises(TypeError) as theirs:
        np.zeros(2).astype()
    assert str(ours.value) == str(theirs.value)


def test_array_takes_object_by_keyword():
    np = pytest.importorskip("numpy", minversion="2.3")
    assert numpy_hpy.array(object=[1, 2]).tolist() == np.array(object=[1, 2]).tolist()
