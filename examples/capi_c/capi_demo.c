/* A downstream HPy C extension built on numpy_hpy's HPy C API only: it
 * includes numpy_hpy/hpy_arrayobject.h and hpy.h, never Python.h, and builds
 * as one HPy universal binary (setup.py: hpy_ext_modules). The test suite
 * (tests/test_capi.py) builds it and runs every function on CPython, HPy debug
 * mode and PyPy. */
#include <stdlib.h>
#include "hpy.h"
#include "numpy_hpy/hpy_arrayobject.h"

/* make_range(n) -> float64 array [0, 0.5, 1.0, ...] written through DATA. */
HPyDef_METH(make_range, "make_range", HPyFunc_O)
static HPy make_range_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n = HPyLong_AsSsize_t(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    HPy arr = HPyArray_SimpleNew(ctx, 1, &n, NPY_FLOAT64);
    if (HPy_IsNull(arr)) return HPy_NULL;
    double *p = (double *)HPyArray_DATA(ctx, arr);
    for (HPy_ssize_t i = 0; i < n; i++) p[i] = 0.5 * (double)i;
    return arr;
}

/* weighted_sum(obj) -> sum of a[i, j] * (i + 1) over any 1-D or 2-D input
 * converted to float64 (FromAny), read with one GetInfo and the strides. */
HPyDef_METH(weighted_sum, "weighted_sum", HPyFunc_O)
static HPy weighted_sum_impl(HPyContext *ctx, HPy self, HPy obj)
{
    HPy f8 = HPyArray_DescrFromType(ctx, NPY_FLOAT64);
    if (HPy_IsNull(f8)) return HPy_NULL;
    HPy arr = HPyArray_FromAny(ctx, obj, f8, 1, 2, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
    HPy_Close(ctx, f8);
    if (HPy_IsNull(arr)) return HPy_NULL;
    HPyArray_Info info;
    info.struct_size = sizeof(info);
    if (HPyArray_GetInfo(ctx, arr, &info) < 0) { HPy_Close(ctx, arr); return HPy_NULL; }
    double total = 0.0;
    HPy_ssize_t rows = info.shape[0], cols = info.ndim == 2 ? info.shape[1] : 1;
    for (HPy_ssize_t i = 0; i < rows; i++)
        for (HPy_ssize_t j = 0; j < cols; j++) {
            const double *x = info.ndim == 2 ? (const double *)HPyArray_Info_GETPTR2(&info, i, j)
                                             : (const double *)HPyArray_Info_GETPTR1(&info, i);
            total += *x * (double)(i + 1);
        }
    HPy_Close(ctx, arr);
    return HPyFloat_FromDouble(ctx, total);
}

/* info(arr) -> (ndim, type_num, flags, itemsize, size, shape, strides, same
 * answers from the one-attribute calls?) */
HPyDef_METH(info, "info", HPyFunc_O)
static HPy info_impl(HPyContext *ctx, HPy self, HPy arr)
{
    HPyArray_Info in;
    in.struct_size = sizeof(in);
    if (HPyArray_GetInfo(ctx, arr, &in) < 0) return HPy_NULL;
    int same = in.ndim == HPyArray_NDIM(ctx, arr) && in.type_num == HPyArray_TYPE(ctx, arr)
               && in.flags == HPyArray_FLAGS(ctx, arr) && in.itemsize == HPyArray_ITEMSIZE(ctx, arr)
               && in.size == HPyArray_SIZE(ctx, arr) && in.data == HPyArray_DATA(ctx, arr);
    for (int i = 0; i < in.ndim; i++)
        same = same && in.shape[i] == HPyArray_DIM(ctx, arr, i) && in.strides[i] == HPyArray_STRIDE(ctx, arr, i);
    HPyTupleBuilder shape = HPyTupleBuilder_New(ctx, in.ndim);
    HPyTupleBuilder strides = HPyTupleBuilder_New(ctx, in.ndim);
    for (int i = 0; i < in.ndim; i++) {
        HPy a = HPyLong_FromSsize_t(ctx, in.shape[i]);
        HPy b = HPyLong_FromSsize_t(ctx, in.strides[i]);
        HPyTupleBuilder_Set(ctx, shape, i, a);
        HPyTupleBuilder_Set(ctx, strides, i, b);
        HPy_Close(ctx, a);
        HPy_Close(ctx, b);
    }
    HPy sh = HPyTupleBuilder_Build(ctx, shape);
    HPy st = HPyTupleBuilder_Build(ctx, strides);
    HPy r = HPy_BuildValue(ctx, "(iiinnOOi)", in.ndim, in.type_num, in.flags, in.itemsize, in.size, sh, st, same);
    HPy_Close(ctx, sh);
    HPy_Close(ctx, st);
    return r;
}

/* owned(n) -> an int32 array over malloc'd memory the array frees with free(). */
HPyDef_METH(owned, "owned", HPyFunc_O)
static HPy owned_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n = HPyLong_AsSsize_t(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    int32_t *p = (int32_t *)malloc((size_t)(n > 0 ? n : 1) * sizeof(int32_t));
    if (p == NULL) return HPyErr_NoMemory(ctx);
    for (HPy_ssize_t i = 0; i < n; i++) p[i] = (int32_t)(i * i);
    HPy arr = HPyArray_SimpleNewFromDataAndFree(ctx, 1, &n, NPY_INT32, p, free);
    if (HPy_IsNull(arr)) free(p);
    return arr;
}

/* shared(n) -> (owner, view): view is over owner's memory, owner its base. */
HPyDef_METH(shared, "shared", HPyFunc_O)
static HPy shared_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n = HPyLong_AsSsize_t(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    HPy owner = HPyArray_ZEROS(ctx, 1, &n, NPY_FLOAT64, 0);
    if (HPy_IsNull(owner)) return HPy_NULL;
    HPy view = HPyArray_SimpleNewFromData(ctx, 1, &n, NPY_FLOAT64, HPyArray_DATA(ctx, owner));
    if (HPy_IsNull(view) || HPyArray_SetBaseObject(ctx, view, owner) < 0) {
        HPy_Close(ctx, owner);
        if (!HPy_IsNull(view)) HPy_Close(ctx, view);
        return HPy_NULL;
    }
    HPy r = HPyTuple_Pack(ctx, 2, owner, view);
    HPy_Close(ctx, owner);
    HPy_Close(ctx, view);
    return r;
}

/* double_it(arr): arr *= 2 in place for a writeable float64 C-contiguous array. */
HPyDef_METH(double_it, "double_it", HPyFunc_O)
static HPy double_it_impl(HPyContext *ctx, HPy self, HPy arr)
{
    if (HPyArray_FailUnlessWriteable(ctx, arr, "array given to double_it") < 0) return HPy_NULL;
    if (HPyArray_TYPE(ctx, arr) != NPY_FLOAT64 || !HPyArray_IS_C_CONTIGUOUS(ctx, arr)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "double_it needs a C-contiguous float64 array");
        return HPy_NULL;
    }
    double *p = (double *)HPyArray_DATA(ctx, arr);
    for (HPy_ssize_t i = 0, n = HPyArray_SIZE(ctx, arr); i < n; i++) p[i] *= 2.0;
    return HPy_Dup(ctx, ctx->h_None);
}

/* convert(shape, axis, order) -> (shape tuple, axis, order) via the converters. */
HPyDef_METH(convert, "convert", HPyFunc_VARARGS)
static HPy convert_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "convert(shape, axis, order)");
        return HPy_NULL;
    }
    HPy_ssize_t dims[HPyArray_MAXDIMS];
    int n = HPyArray_IntpConverter(ctx, args[0], dims, HPyArray_MAXDIMS);
    if (n < 0) return HPy_NULL;
    int axis, order = NPY_KEEPORDER;
    if (HPyArray_AxisConverter(ctx, args[1], &axis) < 0) return HPy_NULL;
    if (HPyArray_OrderConverter(ctx, args[2], &order) < 0) return HPy_NULL;
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, n);
    for (int i = 0; i < n; i++) {
        HPy v = HPyLong_FromSsize_t(ctx, dims[i]);
        HPyTupleBuilder_Set(ctx, tb, i, v);
        HPy_Close(ctx, v);
    }
    HPy t = HPyTupleBuilder_Build(ctx, tb);
    HPy r = HPy_BuildValue(ctx, "(Oii)", t, axis, order);
    HPy_Close(ctx, t);
    return r;
}

/* dtypes() -> facts from the dtype functions. */
HPyDef_METH(dtypes, "dtypes", HPyFunc_NOARGS)
static HPy dtypes_impl(HPyContext *ctx, HPy self)
{
    HPy i4 = HPyArray_DescrFromType(ctx, NPY_INT32);
    HPy f4 = HPyArray_DescrFromType(ctx, NPY_FLOAT32);
    if (HPy_IsNull(i4) || HPy_IsNull(f4)) return HPy_NULL;
    HPy promoted = HPyArray_PromoteTypes(ctx, i4, f4);
    int safe = HPyArray_CanCastTypeTo(ctx, i4, f4, NPY_SAFE_CASTING);
    int same_kind = HPyArray_CanCastTypeTo(ctx, f4, i4, NPY_SAME_KIND_CASTING);
    int equiv = HPyArray_EquivTypes(ctx, i4, i4);
    int descr = HPyArray_DescrCheck(ctx, i4);
    HPy r = HPy_IsNull(promoted) ? HPy_NULL
                                 : HPy_BuildValue(ctx, "(Oiiii)", promoted, safe, same_kind, equiv, descr);
    HPy_Close(ctx, i4);
    HPy_Close(ctx, f4);
    if (!HPy_IsNull(promoted)) HPy_Close(ctx, promoted);
    return r;
}

/* reshaped(arr) -> arr.reshape(-1, 2) transposed, raveled in F order. */
HPyDef_METH(reshaped, "reshaped", HPyFunc_O)
static HPy reshaped_impl(HPyContext *ctx, HPy self, HPy arr)
{
    HPy_ssize_t dims[2] = {-1, 2};
    HPy r = HPyArray_Newshape(ctx, arr, 2, dims, NPY_CORDER);
    if (HPy_IsNull(r)) return HPy_NULL;
    HPy t = HPyArray_Transpose(ctx, r, 0, NULL);
    HPy_Close(ctx, r);
    if (HPy_IsNull(t)) return HPy_NULL;
    HPy flat = HPyArray_Ravel(ctx, t, NPY_FORTRANORDER);
    HPy_Close(ctx, t);
    return flat;
}

/* checks(obj) -> (Check, CheckExact, DescrCheck, IsAnyScalar). */
HPyDef_METH(checks, "checks", HPyFunc_O)
static HPy checks_impl(HPyContext *ctx, HPy self, HPy obj)
{
    return HPy_BuildValue(ctx, "(iiii)", HPyArray_Check(ctx, obj), HPyArray_CheckExact(ctx, obj),
                          HPyArray_DescrCheck(ctx, obj), HPyArray_IsAnyScalar(ctx, obj));
}

/* bad(which) -> the C API's errors: 0 negative dims, 1 unknown type number,
 * 2 GetInfo of a non-array, 3 FromAny too deep. */
HPyDef_METH(bad, "bad", HPyFunc_O)
static HPy bad_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long which = HPyLong_AsLong(ctx, arg);
    HPy_ssize_t neg = -3;
    HPyArray_Info info;
    info.struct_size = sizeof(info);
    switch (which) {
    case 0: return HPyArray_SimpleNew(ctx, 1, &neg, NPY_FLOAT64);
    case 1: return HPyArray_DescrFromType(ctx, 99);
    case 2: return HPyArray_GetInfo(ctx, ctx->h_None, &info) < 0 ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
    case 3: return HPyArray_FromAny(ctx, arg, HPy_NULL, 0, 0, 0) /* a 0-d array: fine */;
    default: HPyErr_SetString(ctx, ctx->h_ValueError, "no such case"); return HPy_NULL;
    }
}

/* version() -> (abi_major, api_minor, struct_size) of the table in use. */
HPyDef_METH(version, "version", HPyFunc_NOARGS)
static HPy version_impl(HPyContext *ctx, HPy self)
{
    return HPy_BuildValue(ctx, "(iin)", (int)HPyArray_API->header.abi_major, (int)HPyArray_API->header.api_minor,
                          (HPy_ssize_t)HPyArray_API->header.struct_size);
}

/* scaled_add(x, y) = x + k * y, k = 2 (the loop's data): a ufunc of C loops
 * for int64 and float64, registered at import. */
static void scaled_add_l(char **args, const HPy_ssize_t *dims, const HPy_ssize_t *steps, void *data)
{
    int64_t k = *(const int64_t *)data;
    char *a = args[0], *b = args[1], *o = args[2];
    for (HPy_ssize_t i = 0; i < dims[0]; i++, a += steps[0], b += steps[1], o += steps[2])
        *(int64_t *)o = *(const int64_t *)a + k * *(const int64_t *)b;
}

static void scaled_add_d(char **args, const HPy_ssize_t *dims, const HPy_ssize_t *steps, void *data)
{
    double k = *(const double *)data;
    char *a = args[0], *b = args[1], *o = args[2];
    for (HPy_ssize_t i = 0; i < dims[0]; i++, a += steps[0], b += steps[1], o += steps[2])
        *(double *)o = *(const double *)a + k * *(const double *)b;
}

static const int64_t two_l = 2;
static const double two_d = 2.0;
static const HPyUFuncGenericFunction scaled_add_funcs[] = {scaled_add_l, scaled_add_d};
static void *const scaled_add_data[] = {(void *)&two_l, (void *)&two_d};
static const char scaled_add_types[] = {NPY_INT64, NPY_INT64, NPY_INT64, NPY_FLOAT64, NPY_FLOAT64, NPY_FLOAT64};

/* call_add(a, b, out) -> numpy_hpy.add(a, b, out=out), through the C API. */
HPyDef_METH(call_add, "call_add", HPyFunc_VARARGS)
static HPy call_add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "call_add(a, b, out)");
        return HPy_NULL;
    }
    HPy add = HPyUFunc_GetByName(ctx, "add");
    if (HPy_IsNull(add)) return HPy_NULL;
    HPy kwnames = HPy_BuildValue(ctx, "(s)", "out");
    HPy r = HPy_IsNull(kwnames) ? HPy_NULL : HPyUFunc_Call(ctx, add, args, 2, kwnames);
    HPy_Close(ctx, add);
    if (!HPy_IsNull(kwnames)) HPy_Close(ctx, kwnames);
    return r;
}

/* axpy(a, x, y) -> a * x + y in float64 over the broadcast of x and y, with
 * the iterator (external loop, allocated output, inputs cast by copy). */
HPyDef_METH(axpy, "axpy", HPyFunc_VARARGS)
static HPy axpy_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "axpy(a, x, y)");
        return HPy_NULL;
    }
    double a = HPyFloat_AsDouble(ctx, args[0]);
    if (a == -1.0 && HPyErr_Occurred(ctx)) return HPy_NULL;
    HPy f8 = HPyArray_DescrFromType(ctx, NPY_FLOAT64);
    if (HPy_IsNull(f8)) return HPy_NULL;
    HPy ops[3] = {args[1], args[2], HPy_NULL};
    HPy dtypes[3] = {f8, f8, f8};
    uint32_t op_flags[3] = {NPY_ITER_READONLY | NPY_ITER_COPY, NPY_ITER_READONLY | NPY_ITER_COPY,
                            NPY_ITER_WRITEONLY | NPY_ITER_ALLOCATE};
    HNpyIter *it = HNpyIter_MultiNew(ctx, 3, ops, NPY_ITER_EXTERNAL_LOOP | NPY_ITER_ZEROSIZE_OK, NPY_KEEPORDER,
                                     NPY_SAFE_CASTING, op_flags, dtypes);
    HPy_Close(ctx, f8);
    if (it == NULL) return HPy_NULL;
    HNpyIter_IterNextFunc next = HNpyIter_GetIterNext(ctx, it, NULL);
    char **data = HNpyIter_GetDataPtrArray(ctx, it);
    HPy_ssize_t *stride = HNpyIter_GetInnerStrideArray(ctx, it);
    HPy_ssize_t *size = HNpyIter_GetInnerLoopSizePtr(ctx, it);
    if (next == NULL || data == NULL || stride == NULL || size == NULL) {
        HNpyIter_Deallocate(ctx, it);
        return HPy_NULL;
    }
    if (*size > 0) {
        do {
            char *x = data[0], *y = data[1], *o = data[2];
            for (HPy_ssize_t i = 0; i < *size; i++, x += stride[0], y += stride[1], o += stride[2])
                *(double *)o = a * *(double *)x + *(double *)y;
        } while (next(it));
    }
    HPy out = HNpyIter_GetOperand(ctx, it, 2);
    HNpyIter_Deallocate(ctx, it);
    return out;
}

/* runs(arr, order) -> (inner runs, elements seen, first inner size) of a
 * read-only walk in NPY_*ORDER `order`. */
HPyDef_METH(runs, "runs", HPyFunc_VARARGS)
static HPy runs_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "runs(arr, order)");
        return HPy_NULL;
    }
    long order = HPyLong_AsLong(ctx, args[1]);
    if (order == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    uint32_t op_flags[1] = {NPY_ITER_READONLY};
    HNpyIter *it = HNpyIter_MultiNew(ctx, 1, args, NPY_ITER_EXTERNAL_LOOP, (int)order, NPY_NO_CASTING, op_flags, NULL);
    if (it == NULL) return HPy_NULL;
    HNpyIter_IterNextFunc next = HNpyIter_GetIterNext(ctx, it, NULL);
    HPy_ssize_t *size = HNpyIter_GetInnerLoopSizePtr(ctx, it);
    HPy_ssize_t count = 0, seen = 0, first = *size;
    do {
        count++;
        seen += *size;
    } while (next(it));
    HNpyIter_Deallocate(ctx, it);
    return HPy_BuildValue(ctx, "(nnn)", count, seen, first);
}

/* spellings(obj) -> results of NumPy's macro spellings: (FROM_OTF int32 copy,
 * ContiguousFromAny float64, DescrFromObject, Reshape to (2, -1), Scalar of
 * the first int32, writeable after CLEARFLAGS). */
HPyDef_METH(spellings, "spellings", HPyFunc_O)
static HPy spellings_impl(HPyContext *ctx, HPy self, HPy obj)
{
    HPy a = HPyArray_FROM_OTF(ctx, obj, NPY_INT32, NPY_ARRAY_CARRAY | NPY_ARRAY_ENSURECOPY | NPY_ARRAY_FORCECAST);
    if (HPy_IsNull(a)) return HPy_NULL;
    HPy b = HPyArray_ContiguousFromAny(ctx, obj, NPY_FLOAT64, 0, 0);
    HPy d = HPyArray_DescrFromObject(ctx, obj, HPy_NULL);
    HPy two_m1 = HPy_BuildValue(ctx, "(ii)", 2, -1);
    HPy r = HPy_IsNull(two_m1) ? HPy_NULL : HPyArray_Reshape(ctx, a, two_m1);
    HPy ad = HPyArray_DESCR(ctx, a);
    HPy s = HPy_IsNull(ad) ? HPy_NULL : HPyArray_Scalar(ctx, HPyArray_DATA(ctx, a), ad, HPy_NULL);
    if (!HPy_IsNull(ad)) HPy_Close(ctx, ad);
    HPy result = HPy_NULL;
    if (!HPy_IsNull(b) && !HPy_IsNull(d) && !HPy_IsNull(r) && !HPy_IsNull(s)
        && HPyArray_CLEARFLAGS(ctx, a, NPY_ARRAY_WRITEABLE) == 0) {
        result = HPy_BuildValue(ctx, "(OOOOOi)", a, b, d, r, s, HPyArray_ISWRITEABLE(ctx, a));
    }
    HPy_Close(ctx, a);
    if (!HPy_IsNull(b)) HPy_Close(ctx, b);
    if (!HPy_IsNull(d)) HPy_Close(ctx, d);
    if (!HPy_IsNull(two_m1)) HPy_Close(ctx, two_m1);
    if (!HPy_IsNull(r)) HPy_Close(ctx, r);
    if (!HPy_IsNull(s)) HPy_Close(ctx, s);
    return result;
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    if (import_numpy_hpy(ctx) < 0) return -1;
    HPy u = HPyUFunc_FromFuncAndData(ctx, scaled_add_funcs, scaled_add_data, scaled_add_types, 2, 2, 1, PyUFunc_Zero,
                                     "scaled_add", "x1 + 2 * x2, elementwise (a ufunc of C loops).");
    if (HPy_IsNull(u)) return -1;
    int r = HPy_SetAttr_s(ctx, module, "scaled_add", u);
    HPy_Close(ctx, u);
    return r;
}

static HPyDef *module_defines[] = {
    &make_range, &weighted_sum, &info, &owned, &shared, &double_it, &convert, &dtypes,
    &reshaped, &checks, &bad, &version, &call_add, &axpy, &runs, &spellings, &exec, NULL,
};

static HPyModuleDef moduledef = {
    .doc = "A downstream extension of numpy_hpy's HPy C API (example and test).",
    .defines = module_defines,
};

HPy_MODINIT(capi_demo, moduledef)
