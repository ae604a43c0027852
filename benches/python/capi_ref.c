/* _capi_ref: the plain CPython C-API reference for benches/python/bench_calls.py.
 *
 * Each function does the least its calling convention allows, so that what
 * bench_calls.py measures is the interpreter's dispatch into a C function --
 * the floor any HPy calling convention is compared against.  It mirrors
 * numpy_hpy._core._testing: noargs / o / kw_noop, plus parse_kw, which adds
 * the cost of PyArg_ParseTupleAndKeywords (the classic way a C extension
 * parses `f(x, out=None)`) for the keyword-parsing comparison.
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

static PyMethodDef methods[] = {
    {"noargs", (PyCFunction)noargs, METH_NOARGS, "noargs() -> None"},
    {"o", (PyCFunction)o, METH_O, "o(x) -> None"},
    {"kw_noop", (PyCFunction)(void (*)(void))kw_noop, METH_FASTCALL | METH_KEYWORDS,
     "kw_noop(*args, **kw) -> None"},
    {"parse_kw", (PyCFunction)(void (*)(void))parse_kw, METH_VARARGS | METH_KEYWORDS,
     "parse_kw(x, out=None) -> None, parsed with PyArg_ParseTupleAndKeywords"},
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
