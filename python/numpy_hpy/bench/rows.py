"""What is measured: one ``Row`` per (operation, size, dtype).

A row's statement runs in a namespace per library that holds ``m`` (the
module), the module functions it names in ``bind`` (so ``add(a, b)`` calls
``numpy_hpy.add`` on one side and ``numpy.add`` on the other) and its
operands, made once by ``operands(gen)`` (gen: ``data.Operands``) and copied
into each library.
"""

UFUNC_SIZES = (1, 100, 10**4, 10**6, 10**7)
UFUNC_DTYPES = ("float64", "float32", "int64")
UNARY_UFUNCS = ("sqrt", "exp", "sin")
BINARY_UFUNCS = ("add", "multiply", "divide", "less", "maximum")
REDUCTIONS = ("sum", "mean", "std", "max", "argmax")
MATRIX = (1000, 1000)


class Row(object):
    """One benchmark row.

    section: the group it belongs to (the table and chart keep sections
      together); op: the label, also the statement unless ``stmt`` is given;
    size: elements (int) or shape (tuple) of the main operand, None if none;
    dtype: its dtype name, None if none; operands: gen -> {name: value};
    bind: names of module attributes the statement calls; check: an
      expression evaluated after running ``stmt`` once, compared between the
      libraries (default: the statement's own value).
    """

    def __init__(self, section, op, size, dtype, operands=None, stmt=None, bind=(), check=None):
        self.section = section
        self.op = op
        self.size = size
        self.dtype = dtype
        self.operands = operands or (lambda gen: {})
        self.stmt = stmt or op
        self.bind = bind
        self.check = check

    @property
    def elements(self):
        """Element count of the main operand (None without one)."""
        if self.size is None or isinstance(self.size, int):
            return self.size
        count = 1
        for n in self.size:
            count *= n
        return count

    @property
    def key(self):
        """'section: op [size] dtype', what --filter matches."""
        return "%s: %s [%s] %s" % (self.section, self.op, size_label(self.size), self.dtype or "-")


def size_label(size):
    """'1', '100', '1e4', '1e6', '1000x1000'; '-' for None."""
    if size is None:
        return "-"
    if isinstance(size, tuple):
        return "x".join(str(n) for n in size)
    if size >= 10**4 and str(size).rstrip("0") == "1":
        return "1e%d" % (len(str(size)) - 1)
    return str(size)


def _binary(dtype, n):
    """Two operands of ``n`` (int or shape): floats in [0, 1) and [0.5, 1.5),
    ints in [1, 100)."""

    def make(gen):
        if dtype == "int64":
            return dict(a=gen.integers(n, 1, 100, seed=1), b=gen.integers(n, 1, 100, seed=2))
        return dict(a=gen.uniform(n, dtype, seed=1), b=gen.uniform(n, dtype, 0.5, 1.5, seed=2))

    return make


def ufunc_rows():
    """Each ufunc called as a function, every size, every dtype."""
    rows = []
    for name in BINARY_UFUNCS + UNARY_UFUNCS:
        op = "%s(a, b)" % name if name in BINARY_UFUNCS else "%s(a)" % name
        for dtype in UFUNC_DTYPES:
            for n in UFUNC_SIZES:
                rows.append(Row("ufunc", op, n, dtype, _binary(dtype, n), bind=(name,)))
    return rows


def operator_rows():
    """Array operators, ``out=``, strided and broadcast operands."""
    rows = []
    for op in ("a + b", "a + 1.0", "a * 2", "a < b"):
        for n in UFUNC_SIZES:
            rows.append(Row("operator", op, n, "float64", _binary("float64", n)))
    for n in (1, 10**4, 10**6, 10**7):
        rows.append(
            Row(
                "operator",
                "add(a, b, out=o)",
                n,
                "float64",
                lambda gen, n=n: dict(_binary("float64", n)(gen), o=gen.uniform(n, seed=3)),
                bind=("add",),
            )
        )
    for n in (10**4, 10**6):
        # The result has n elements; the operands 2n, every other one read.
        rows.append(Row("operator", "a[::2] + b[::2]", n, "float64", _binary("float64", 2 * n)))
    for k in (100, 1000):
        rows.append(
            Row(
                "operator",
                "x + row",
                (k, k),
                "float64",
                lambda gen, k=k: dict(x=gen.uniform((k, k), seed=1), row=gen.uniform(k, seed=2)),
            )
        )
    return rows


def _floats(n):
    """``a``: ``n`` floats in [0, 1)."""
    return lambda gen: dict(a=gen.uniform(n, seed=1))


def _ints(n, high):
    """``a``: ``n`` int64 in [0, high)."""
    return lambda gen: dict(a=gen.integers(n, 0, high))


def _size(n):
    """``n`` itself, for the creation functions."""
    return lambda gen: dict(n=n)


def _matrix(gen):
    return dict(x=gen.uniform(MATRIX, seed=1))


def reduction_rows():
    """Whole-array reductions of every size, along each axis of a matrix,
    the module-level ``sum`` and ``cumsum``."""
    rows = []
    for name in REDUCTIONS:
        for n in (10, 10**4, 10**6, 10**7):
            rows.append(Row("reduction", "a.%s()" % name, n, "float64", _floats(n)))
    rows.append(Row("reduction", "sum(a)", 10, "float64", _floats(10), bind=("sum",)))
    for name in REDUCTIONS:
        for axis in (0, 1):
            rows.append(Row("reduction", "x.%s(axis=%d)" % (name, axis), MATRIX, "float64", _matrix))
    rows.append(Row("reduction", "a.cumsum()", 10**6, "float64", _floats(10**6)))
    return rows


def sort_rows():
    """sort, argsort, unique of floats and ints. Ints are drawn from [0, n)
    (repeats) except for argsort, which gets a permutation: equal keys would
    make NumPy's unstable order differ from a stable one."""
    rows = []
    for n in (10**4, 10**6):
        for name in ("sort", "argsort", "unique"):
            op = "%s(a)" % name
            ints = (lambda gen, n=n: dict(a=gen.permutation(n))) if name == "argsort" else _ints(n, n)
            rows.append(Row("sort", op, n, "float64", _floats(n), bind=(name,)))
            rows.append(Row("sort", op, n, "int64", ints, bind=(name,)))
    return rows


def creation_rows():
    """zeros, arange, linspace, array(list), a scalar type's call."""
    rows = []
    for n in (3, 10**4, 10**6):
        rows.append(Row("creation", "zeros(n)", n, "float64", _size(n), bind=("zeros",)))
    for n in (10**4, 10**6):
        rows.append(Row("creation", "arange(n)", n, "int64", _size(n), bind=("arange",)))
        rows.append(Row("creation", "linspace(0.0, 1.0, n)", n, "float64", _size(n), bind=("linspace",)))
    for n in (10, 1000, 10**4, 10**5):
        floats = lambda gen, n=n: dict(floats=gen.uniform(n).tolist())
        rows.append(Row("creation", "array(floats)", n, "float64", floats, bind=("array",)))
    for n in (10, 1000, 10**5):
        rows.append(
            Row(
                "creation",
                "array(ints)",
                n,
                "int64",
                lambda gen, n=n: dict(ints=gen.integers(n, 0, 2**40).tolist()),
                bind=("array",),
            )
        )
    rows.append(Row("creation", "int16(3)", 1, "int16", bind=("int16",)))
    return rows


def tolist_rows():
    """Arrays back to lists of Python floats and ints."""
    rows = []
    for n in (10, 1000, 10**5):
        rows.append(Row("tolist", "a.tolist()", n, "float64", _floats(n)))
        rows.append(Row("tolist", "a.tolist()", n, "int64", _ints(n, 2**40)))
    return rows


def indexing_rows():
    """Scalar get and set, a slice view, fancy and boolean-mask indexing."""
    ints10 = _ints(10, 1000)
    rows = [
        Row("indexing", "a[5]", 10, "int64", ints10),
        Row("indexing", "a[5]", 10, "float64", _floats(10)),
        Row("indexing", "a[5] = 1.0", 10, "float64", _floats(10), check="a"),
        Row("indexing", "a[1:]", 10, "int64", ints10),
        Row("indexing", "a[10:100]", 10**4, "float64", _floats(10**4)),
    ]
    for n in (10**4, 10**6):
        rows.append(
            Row(
                "indexing",
                "a[idx]",
                n,
                "float64",
                lambda gen, n=n: dict(a=gen.uniform(n), idx=gen.integers(n, 0, n, seed=2)),
            )
        )
        rows.append(Row("indexing", "a[a > 0.5]", n, "float64", _floats(n)))
    return rows


def shape_rows():
    """Views and copies of changed shape, the attribute reads."""
    ints10 = _ints(10, 1000)
    rows = [
        Row("shape", "a.T", 10, "int64", ints10),
        Row("shape", "a.reshape(2, 5)", 10, "int64", ints10),
        Row("shape", "a.copy()", 10, "int64", ints10),
        Row("shape", "a.copy()", 10**6, "float64", _floats(10**6)),
        Row("shape", "a.reshape(1000, 1000).T.copy()", 10**6, "float64", _floats(10**6)),
    ]
    for op in ("a.shape", "a.dtype", "a.ndim", "len(a)"):
        rows.append(Row("attribute", op, 10, "int64", ints10))
    return rows


def all_rows():
    """Every in-process row, in table order."""
    return (
        ufunc_rows()
        + operator_rows()
        + reduction_rows()
        + sort_rows()
        + creation_rows()
        + tolist_rows()
        + indexing_rows()
        + shape_rows()
    )


def select(rows, pattern=None, max_elements=None):
    """The rows whose key matches ``pattern`` (a compiled regex, searched;
    None: all) and whose operand is at most ``max_elements``."""
    return [
        row
        for row in rows
        if (pattern is None or pattern.search(row.key))
        and (max_elements is None or row.elements is None or row.elements <= max_elements)
    ]
