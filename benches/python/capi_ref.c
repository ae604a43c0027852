/* _capi_ref: the plain CPython C-API reference of the benchmark harness's
 * C-API section (python/numpy_hpy/bench/capi.py).
 *
 * Each function does the least its calling convention allows, so that what
 * the call rows measure is the interpreter's dispatch into a C function --
 * the floor any HPy calling convention is compared against.  It mirrors the
 * test extension _testing: noargs / o / kw_noop, plus parse_kw, which adds
 * the cost of PyArg_ParseTupleAndKeywords (the classic way a C extension
 * parses `f(x, out=None)`) for the keyword-parsing comparison, and the
 * parse_f1 / parse_f2 / parse_out / parse_ufunc family that the
 * argument-parsing rows time against our parser (_testing.bench_*) and
 * HPy's HPyArg_ParseKeywords (_testing.hpyarg_*).
 *
 * Only the limited, long-stable C API is used so that the same file builds on
 * CPython 3.8+ and on PyPy's cpyext.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
noargs(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    Py_RETURN_NONE;
}

/* Returns None, not x: either way it is one incref, so the cost matches
 * _testing.o, which returns x. */
static PyObject *
o(PyObject *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    Py_RETURN_NONE;
}

/* The same convention as an HPy KEYWORDS function (vectorcall: args, nargs,
 * kwnames), without looking at the arguments. */
static PyObject *
kw_noop(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kwnames;
    Py_RETURN_NONE;
}

/* parse_kw(x, out=None): the tuple+dict calling convention plus the keyword
 * parser that most hand-written extensions use. */
static PyObject *
parse_kw(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "out", NULL};
    PyObject *x = NULL, *out = Py_None;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:parse_kw", kwlist, &x, &out)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* --- argument-parsing rows: the same signatures as _testing.bench_* ------- */

static PyObject *
parse_f1(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", NULL};
    PyObject *x;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:parse_f1", kwlist, &x)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
parse_f2(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", NULL};
    PyObject *x, *y;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:parse_f2", kwlist, &x, &y)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* parse_out(x, *, out=None) */
static PyObject *
parse_out(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "out", NULL};
    PyObject *x, *out = Py_None;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$O:parse_out", kwlist, &x, &out)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* Index of `s` in the NULL-terminated `names`, or -1 with ValueError set. */
static int
choice(const char *s, const char *const *names, const char *what)
{
    int i;
    for (i = 0; names[i] != NULL; i++) {
        if (strcmp(s, names[i]) == 0) {
            return i;
        }
    }
    PyErr_Format(PyExc_ValueError, "%s must be one of the allowed values", what);
    return -1;
}

/* parse_ufunc(x1, x2, out1=None, /, *, out, where, casting, order, dtype,
 * subok): casting and order arrive as UTF-8 ('s') and are converted by
 * strcmp, as a C ufunc would. */
static PyObject *
parse_ufunc(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"", "", "", "out", "where", "casting", "order", "dtype", "subok", NULL};
    static const char *const castings[] = {"no", "equiv", "safe", "same_kind", "unsafe", NULL};
    static const char *const orders[] = {"C", "F", "A", "K", NULL};
    PyObject *x1, *x2, *out1 = NULL, *out = NULL, *where = NULL, *dtype = NULL, *subok = NULL;
    const char *casting = NULL, *order = NULL;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO|O$OOssOO:parse_ufunc", kwlist, &x1, &x2,
                                     &out1, &out, &where, &casting, &order, &dtype, &subok)) {
        return NULL;
    }
    if (casting != NULL && choice(casting, castings, "casting") < 0) {
        return NULL;
    }
    if (order != NULL && choice(order, orders, "order") < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"noargs", (PyCFunction)noargs, METH_NOARGS, "noargs() -> None"},
    {"o", (PyCFunction)o, METH_O, "o(x) -> None"},
    {"kw_noop", (PyCFunction)(void (*)(void))kw_noop, METH_FASTCALL | METH_KEYWORDS,
     "kw_noop(*args, **kw) -> None"},
    {"parse_kw", (PyCFunction)(void (*)(void))parse_kw, METH_VARARGS | METH_KEYWORDS,
     "parse_kw(x, out=None) -> None, parsed with PyArg_ParseTupleAndKeywords"},
    {"parse_f1", (PyCFunction)(void (*)(void))parse_f1, METH_VARARGS | METH_KEYWORDS,
     "parse_f1(x) -> None"},
    {"parse_f2", (PyCFunction)(void (*)(void))parse_f2, METH_VARARGS | METH_KEYWORDS,
     "parse_f2(x, y) -> None"},
    {"parse_out", (PyCFunction)(void (*)(void))parse_out, METH_VARARGS | METH_KEYWORDS,
     "parse_out(x, *, out=None) -> None"},
    {"parse_ufunc", (PyCFunction)(void (*)(void))parse_ufunc, METH_VARARGS | METH_KEYWORDS,
     "parse_ufunc(x1, x2, out1=None, /, *, out=None, where=None, casting=None, order=None,"
     " dtype=None, subok=None) -> None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_capi_ref",
    "Plain C-API reference functions for the call-cost benchmark.",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC
PyInit__capi_ref(void)
{
    return PyModule_Create(&module);
}
