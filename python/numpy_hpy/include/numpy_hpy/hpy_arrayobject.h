/* numpy_hpy's HPy C API: the table of the capsule numpy_hpy._core._HPY_ARRAY_API.
 *
 * GENERATED from capsule/src/lib.rs by `cargo run -p capsule --example gen-header`;
 * do not edit (a test compares this file with the Rust table).
 *
 * Use: #include "numpy_hpy/hpy_arrayobject.h" (numpy_hpy.get_include()), call
 * import_numpy_hpy(ctx) once in the module's exec slot, then the HPyArray_*
 * functions. Every function takes the caller's context, returns new handles
 * and steals none; HPy_NULL or -1 means an exception is set.
 * One translation unit: nothing to do. Several: define NUMPY_HPY_UNIQUE_SYMBOL
 * to one name everywhere, and NUMPY_HPY_NO_IMPORT in all files but the one
 * that calls import_numpy_hpy.
 */
#ifndef NUMPY_HPY_HPY_ARRAYOBJECT_H
#define NUMPY_HPY_HPY_ARRAYOBJECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "hpy.h"

#define NUMPY_HPY_ABI_MAJOR 1
#define NUMPY_HPY_API_MINOR 0
#define NUMPY_HPY_CAPSULE_NAME "numpy_hpy._core._HPY_ARRAY_API"

#define HPyArray_MAXDIMS 64
#define NPY_BOOL 0
#define NPY_BYTE 1
#define NPY_UBYTE 2
#define NPY_SHORT 3
#define NPY_USHORT 4
#define NPY_INT 5
#define NPY_UINT 6
#define NPY_LONG 7
#define NPY_ULONG 8
#define NPY_LONGLONG 9
#define NPY_ULONGLONG 10
#define NPY_FLOAT 11
#define NPY_DOUBLE 12
#define NPY_LONGDOUBLE 13
#define NPY_CFLOAT 14
#define NPY_CDOUBLE 15
#define NPY_CLONGDOUBLE 16
#define NPY_OBJECT 17
#define NPY_STRING 18
#define NPY_UNICODE 19
#define NPY_VOID 20
#define NPY_DATETIME 21
#define NPY_TIMEDELTA 22
#define NPY_HALF 23
#define NPY_NOTYPE 25
#define NPY_INT8 1
#define NPY_UINT8 2
#define NPY_INT16 3
#define NPY_UINT16 4
#define NPY_INT32 5
#define NPY_UINT32 6
#define NPY_INT64 7
#define NPY_UINT64 8
#define NPY_INTP 7
#define NPY_UINTP 8
#define NPY_FLOAT32 11
#define NPY_FLOAT64 12
#define NPY_COMPLEX64 14
#define NPY_COMPLEX128 15
#define NPY_ARRAY_C_CONTIGUOUS 1
#define NPY_ARRAY_F_CONTIGUOUS 2
#define NPY_ARRAY_OWNDATA 4
#define NPY_ARRAY_FORCECAST 16
#define NPY_ARRAY_ENSURECOPY 32
#define NPY_ARRAY_ENSUREARRAY 64
#define NPY_ARRAY_ALIGNED 256
#define NPY_ARRAY_NOTSWAPPED 512
#define NPY_ARRAY_WRITEABLE 1024
#define NPY_ARRAY_WRITEBACKIFCOPY 8192
#define NPY_ARRAY_BEHAVED 1280
#define NPY_ARRAY_CARRAY 1281
#define NPY_ARRAY_CARRAY_RO 257
#define NPY_ARRAY_FARRAY 1282
#define NPY_ARRAY_FARRAY_RO 258
#define NPY_ARRAY_DEFAULT 1281
#define NPY_ARRAY_IN_ARRAY 257
#define NPY_ARRAY_OUT_ARRAY 1281
#define NPY_ARRAY_INOUT_ARRAY 9473
#define NPY_ANYORDER -1
#define NPY_CORDER 0
#define NPY_FORTRANORDER 1
#define NPY_KEEPORDER 2
#define NPY_NO_CASTING 0
#define NPY_EQUIV_CASTING 1
#define NPY_SAFE_CASTING 2
#define NPY_SAME_KIND_CASTING 3
#define NPY_UNSAFE_CASTING 4
#define NPY_RAVEL_AXIS (-2147483647 - 1)
#define NPY_ITER_EXTERNAL_LOOP 8
#define NPY_ITER_COMMON_DTYPE 16
#define NPY_ITER_REFS_OK 32
#define NPY_ITER_ZEROSIZE_OK 64
#define NPY_ITER_BUFFERED 512
#define NPY_ITER_GROWINNER 1024
#define NPY_ITER_READWRITE 65536
#define NPY_ITER_READONLY 131072
#define NPY_ITER_WRITEONLY 262144
#define NPY_ITER_NBO 524288
#define NPY_ITER_ALIGNED 1048576
#define NPY_ITER_CONTIG 2097152
#define NPY_ITER_COPY 4194304
#define NPY_ITER_ALLOCATE 16777216
#define NPY_ITER_NO_BROADCAST 134217728
#define PyUFunc_Zero 0
#define PyUFunc_One 1
#define PyUFunc_MinusOne 2
#define PyUFunc_None -1

typedef void (*HPyArray_FreeFunc)(void *data);
typedef struct HNpyIter HNpyIter;
typedef int (*HNpyIter_IterNextFunc)(HNpyIter *iter);
typedef void (*HPyUFuncGenericFunction)(char **args, const HPy_ssize_t *dimensions, const HPy_ssize_t *steps, void *data);

/* HPyArray_GetInfo fills it; set struct_size = sizeof(HPyArray_Info) first. */
typedef struct {
    size_t struct_size;
    int ndim;
    int type_num;
    int flags;
    int reserved;
    HPy_ssize_t itemsize;
    HPy_ssize_t size;
    void *data;
    HPy_ssize_t shape[HPyArray_MAXDIMS];
    HPy_ssize_t strides[HPyArray_MAXDIMS];
} HPyArray_Info;

typedef struct {
    size_t struct_size;
    uint32_t abi_major;
    uint32_t api_minor;
    size_t reserved[4];
} HPyArray_API_Header;

/* The table. Append-only: a slot is never moved or reused. */
typedef struct {
    HPyArray_API_Header header;
    /* The `numpy_hpy.ndarray` type. */
    HPy (*HPyArray_Type)(HPyContext *ctx);
    /* The `numpy_hpy.dtype` type (base of every dtype class). */
    HPy (*HPyArrayDescr_Type)(HPyContext *ctx);
    /* 1 when `obj` is an ndarray or a subclass instance, else 0. */
    int (*HPyArray_Check)(HPyContext *ctx, HPy obj);
    /* 1 when `obj` is exactly an ndarray, else 0. */
    int (*HPyArray_CheckExact)(HPyContext *ctx, HPy obj);
    /* 1 when `obj` is a dtype, else 0. */
    int (*HPyArray_DescrCheck)(HPyContext *ctx, HPy obj);
    /* 1 when `obj` is a numpy_hpy scalar (`numpy_hpy.generic`), else 0. */
    int (*HPyArray_IsAnyScalar)(HPyContext *ctx, HPy obj);
    /* Fills `info` (up to `info->struct_size` bytes) from the array `arr`;
       0, or -1 with TypeError when `arr` is not an array. */
    int (*HPyArray_GetInfo)(HPyContext *ctx, HPy arr, HPyArray_Info *info);
    /* Number of dimensions of `arr` (-1: not an array). */
    int (*HPyArray_NDIM)(HPyContext *ctx, HPy arr);
    /* The shape of `arr`, valid while `arr` lives and its shape is not
       set; NULL with TypeError when `arr` is not an array. */
    HPy_ssize_t * (*HPyArray_DIMS)(HPyContext *ctx, HPy arr);
    /* The strides of `arr` in bytes, valid as `HPyArray_DIMS`. */
    HPy_ssize_t * (*HPyArray_STRIDES)(HPyContext *ctx, HPy arr);
    /* Address of the first element (NULL with TypeError: not an array). */
    void * (*HPyArray_DATA)(HPyContext *ctx, HPy arr);
    /* Number of elements (-1: not an array). */
    HPy_ssize_t (*HPyArray_SIZE)(HPyContext *ctx, HPy arr);
    /* Bytes per element (-1: not an array). */
    HPy_ssize_t (*HPyArray_ITEMSIZE)(HPyContext *ctx, HPy arr);
    /* NumPy's type number of the dtype (-1: not an array). */
    int (*HPyArray_TYPE)(HPyContext *ctx, HPy arr);
    /* The dtype of `arr`. */
    HPy (*HPyArray_DESCR)(HPyContext *ctx, HPy arr);
    /* `NPY_ARRAY_*` flags (-1: not an array). */
    int (*HPyArray_FLAGS)(HPyContext *ctx, HPy arr);
    /* The base object of `arr` (a new handle to None when it has none). */
    HPy (*HPyArray_BASE)(HPyContext *ctx, HPy arr);
    /* Makes `obj` the base of `arr`, an array made by
       `HPyArray_SimpleNewFromData`/`HPyArray_NewFromDescr` over memory
       that `obj` keeps alive (0, or -1 when `arr` already has a base or
       `obj` is `arr`). Does not steal `obj`. */
    int (*HPyArray_SetBaseObject)(HPyContext *ctx, HPy arr, HPy obj);
    /* Sets the flags of `flags` that can be set (only
       `NPY_ARRAY_WRITEABLE`, with NumPy's checks); 0 or -1. */
    int (*HPyArray_EnableFlags)(HPyContext *ctx, HPy arr, int flags);
    /* Clears the flags of `flags` (only `NPY_ARRAY_WRITEABLE`); 0 or -1. */
    int (*HPyArray_ClearFlags)(HPyContext *ctx, HPy arr, int flags);
    /* The dtype of NumPy type number `type_num` (ValueError "Invalid data
       type" for a number numpy_hpy does not have). */
    HPy (*HPyArray_DescrFromType)(HPyContext *ctx, int type_num);
    /* `numpy_hpy.dtype(obj)`. */
    HPy (*HPyArray_DescrConverter)(HPyContext *ctx, HPy obj);
    /* 1 when the dtypes are equivalent, else 0. */
    int (*HPyArray_EquivTypes)(HPyContext *ctx, HPy a, HPy b);
    /* 1 when `from` casts to `to` under `casting` (`NPY_SAFE_CASTING`...),
       0 when not, -1 on error. */
    int (*HPyArray_CanCastTypeTo)(HPyContext *ctx, HPy from, HPy to, int casting);
    /* `numpy_hpy.promote_types(a, b)`. */
    HPy (*HPyArray_PromoteTypes)(HPyContext *ctx, HPy a, HPy b);
    /* `numpy_hpy.result_type(*arrays, *dtypes)`. */
    HPy (*HPyArray_ResultType)(HPyContext *ctx, HPy_ssize_t narrs, const HPy *arrs, HPy_ssize_t ndtypes, const HPy *dtypes);
    /* A new array of `descr` (`HPy_NULL`: float64) and shape `dims`:
       over `data` when it is not NULL (not owned: the caller keeps it alive,
       `HPyArray_SetBaseObject` ties it to an owner), with `strides` when not
       NULL, else C order (Fortran order with `NPY_ARRAY_F_CONTIGUOUS` in
       `flags`); new memory is zero-filled. Writeable over `data` only with
       `NPY_ARRAY_WRITEABLE` in `flags`. */
    HPy (*HPyArray_NewFromDescr)(HPyContext *ctx, HPy descr, int nd, const HPy_ssize_t *dims, const HPy_ssize_t *strides, void *data, int flags);
    /* A new C-order array of `nd` dims and type `type_num`; zero-filled. */
    HPy (*HPyArray_SimpleNew)(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num);
    /* A writeable C-order array over `data` (not owned, see
       `HPyArray_NewFromDescr`). */
    HPy (*HPyArray_SimpleNewFromData)(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num, void *data);
    /* A writeable C-order array that owns `data`: `free_func(data)` runs
       when its memory is released. On failure `data` is not freed. */
    HPy (*HPyArray_SimpleNewFromDataAndFree)(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num, void *data, HPyArray_FreeFunc free_func);
    /* `numpy_hpy.zeros(dims, descr, order)` (`fortran`: 'F' order). */
    HPy (*HPyArray_Zeros)(HPyContext *ctx, int nd, const HPy_ssize_t *dims, HPy descr, int fortran);
    /* `numpy_hpy.empty(dims, descr, order)`. */
    HPy (*HPyArray_Empty)(HPyContext *ctx, int nd, const HPy_ssize_t *dims, HPy descr, int fortran);
    /* `numpy_hpy.empty_like(proto, descr, order)` (`order`: `NPY_KEEPORDER`...;
       `descr` may be `HPy_NULL`). */
    HPy (*HPyArray_NewLikeArray)(HPyContext *ctx, HPy proto, int order, HPy descr);
    /* `arr.copy(order)`. */
    HPy (*HPyArray_NewCopy)(HPyContext *ctx, HPy arr, int order);
    /* A 0-d array becomes its scalar; anything else is returned as is
       (a new handle; `arr` is not stolen). */
    HPy (*HPyArray_Return)(HPyContext *ctx, HPy arr);
    /* `op` as an array: `descr` (or `HPy_NULL`) as `numpy_hpy.asarray`'s
       dtype, ndim within `[min_depth, max_depth]` (0: no limit), and the
       `NPY_ARRAY_*` requirements `C_CONTIGUOUS`, `F_CONTIGUOUS`, `ALIGNED`,
       `WRITEABLE`, `ENSURECOPY`, `ENSUREARRAY`, `FORCECAST` as NumPy's
       `PyArray_FromAny` takes them. */
    HPy (*HPyArray_FromAny)(HPyContext *ctx, HPy op, HPy descr, int min_depth, int max_depth, int requirements);
    /* `HPyArray_FromAny` with the dtype of `type_num` (`NPY_NOTYPE`: any)
       and `NPY_ARRAY_BEHAVED | NPY_ARRAY_ENSUREARRAY`. */
    HPy (*HPyArray_FromObject)(HPyContext *ctx, HPy op, int type_num, int min_depth, int max_depth);
    /* `numpy_hpy.asarray(op)` as an exact ndarray. */
    HPy (*HPyArray_EnsureArray)(HPyContext *ctx, HPy op);
    /* `arr.astype(descr, order='F' if fortran else 'K')`. */
    HPy (*HPyArray_CastToType)(HPyContext *ctx, HPy arr, HPy descr, int fortran);
    /* `dst[...] = src`: broadcasting, unsafe casting; 0 or -1. */
    int (*HPyArray_CopyInto)(HPyContext *ctx, HPy dst, HPy src);
    /* 0 when `arr` is writeable, else -1 with NumPy's ValueError
       "`name` is read-only". */
    int (*HPyArray_FailUnlessWriteable)(HPyContext *ctx, HPy arr, const char *name);
    /* `arr.reshape(dims, order)`. */
    HPy (*HPyArray_Newshape)(HPyContext *ctx, HPy arr, int nd, const HPy_ssize_t *dims, int order);
    /* `arr.transpose(perm)` (`perm` NULL: reversed axes). */
    HPy (*HPyArray_Transpose)(HPyContext *ctx, HPy arr, int n, const HPy_ssize_t *perm);
    /* `arr.ravel(order)`. */
    HPy (*HPyArray_Ravel)(HPyContext *ctx, HPy arr, int order);
    /* `arr.view(descr)` (`descr` `HPy_NULL`: same dtype). */
    HPy (*HPyArray_View)(HPyContext *ctx, HPy arr, HPy descr);
    /* Reads a shape-like `obj` (an int or a sequence of ints) into `out`
       (room for `maxlen`); the count, or -1 with NumPy's errors. */
    int (*HPyArray_IntpConverter)(HPyContext *ctx, HPy obj, HPy_ssize_t *out, int maxlen);
    /* An axis argument: None gives `NPY_RAVEL_AXIS`, an int itself
       (not normalised); 0, or -1 with TypeError. */
    int (*HPyArray_AxisConverter)(HPyContext *ctx, HPy obj, int *axis);
    /* An order argument ('C', 'F', 'A', 'K' or None) as `NPY_CORDER`...;
       0, or -1 with NumPy's errors. */
    int (*HPyArray_OrderConverter)(HPyContext *ctx, HPy obj, int *order);
    /* Memory for array data that an array can own
       (`HPyArray_SimpleNewFromDataAndFree(..., HPyDataMem_FREE)`); NULL
       when out of memory (no exception set). */
    void * (*HPyDataMem_NEW)(HPyContext *ctx, size_t size);
    /* Frees memory from `HPyDataMem_NEW`. */
    int (*HPyDataMem_FREE)(HPyContext *ctx, void *ptr);
    /* A new ufunc over C loops, as NumPy's `PyUFunc_FromFuncAndData`:
       `ntypes` loops `func[i]` with `data[i]` (`data` may be NULL), whose
       operand type numbers are `types[i * (nin + nout) ...]`; `identity`
       is `PyUFunc_Zero` (0), `PyUFunc_One` (1), `PyUFunc_MinusOne` (2) or
       `PyUFunc_None` (-1). Called like numpy_hpy's own ufuncs (broadcasting,
       `out=`, `where=`, casting, `reduce` with an identity). The loops and
       their data must outlive the ufunc (static, as in NumPy). */
    HPy (*HPyUFunc_FromFuncAndData)(HPyContext *ctx, const HPyUFuncGenericFunction *func, void *const *data, const char *types, int ntypes, int nin, int nout, int identity, const char *name, const char *doc);
    /* The ufunc `numpy_hpy.<name>` (AttributeError, or TypeError when that
       is not a ufunc). */
    HPy (*HPyUFunc_GetByName)(HPyContext *ctx, const char *name);
    /* Calls `ufunc` with vectorcall arguments: `nargs` positional handles in
       `args`, then one per name of the tuple `kwnames` (`HPy_NULL`: none). */
    HPy (*HPyUFunc_Call)(HPyContext *ctx, HPy ufunc, const HPy *args, size_t nargs, HPy kwnames);
    /* NumPy's `NpyIter_MultiNew` with `NPY_ITER_EXTERNAL_LOOP` (required):
       `nop` operands broadcast together (`HPy_NULL` with
       `NPY_ITER_ALLOCATE`: a new output), walked in `order`, with
       `op_flags` per operand and `op_dtypes` (NULL, or `HPy_NULL` entries:
       the operand's own). NULL with an exception on error. */
    HNpyIter * (*HNpyIter_MultiNew)(HPyContext *ctx, int nop, const HPy *op, uint32_t flags, int order, int casting, const uint32_t *op_flags, const HPy *op_dtypes);
    /* The function advancing `iter` (`errmsg`, when not NULL, is set to
       NULL: this iterator cannot fail while iterating). */
    HNpyIter_IterNextFunc (*HNpyIter_GetIterNext)(HPyContext *ctx, HNpyIter *iter, char **errmsg);
    /* The current start of the inner run of each operand. */
    char ** (*HNpyIter_GetDataPtrArray)(HPyContext *ctx, HNpyIter *iter);
    /* The byte stride of each operand along the inner run. */
    HPy_ssize_t * (*HNpyIter_GetInnerStrideArray)(HPyContext *ctx, HNpyIter *iter);
    /* Where the length of the current inner run is. */
    HPy_ssize_t * (*HNpyIter_GetInnerLoopSizePtr)(HPyContext *ctx, HNpyIter *iter);
    /* Operand `i` (an allocated output included), a new handle. */
    HPy (*HNpyIter_GetOperand)(HPyContext *ctx, HNpyIter *iter, int i);
    /* Frees the iterator and closes its operands; 0. */
    int (*HNpyIter_Deallocate)(HPyContext *ctx, HNpyIter *iter);
} HPyArray_API_t;

#if defined(NUMPY_HPY_UNIQUE_SYMBOL)
#define HPyArray_API NUMPY_HPY_UNIQUE_SYMBOL
#endif
#if defined(NUMPY_HPY_NO_IMPORT)
extern const HPyArray_API_t *HPyArray_API;
#elif defined(NUMPY_HPY_UNIQUE_SYMBOL)
const HPyArray_API_t *HPyArray_API = NULL;
#else
static const HPyArray_API_t *HPyArray_API = NULL;
#endif

static inline HPy HPyArray_Type(HPyContext *ctx) { return HPyArray_API->HPyArray_Type(ctx); }
static inline HPy HPyArrayDescr_Type(HPyContext *ctx) { return HPyArray_API->HPyArrayDescr_Type(ctx); }
static inline int HPyArray_Check(HPyContext *ctx, HPy obj) { return HPyArray_API->HPyArray_Check(ctx, obj); }
static inline int HPyArray_CheckExact(HPyContext *ctx, HPy obj) { return HPyArray_API->HPyArray_CheckExact(ctx, obj); }
static inline int HPyArray_DescrCheck(HPyContext *ctx, HPy obj) { return HPyArray_API->HPyArray_DescrCheck(ctx, obj); }
static inline int HPyArray_IsAnyScalar(HPyContext *ctx, HPy obj) { return HPyArray_API->HPyArray_IsAnyScalar(ctx, obj); }
static inline int HPyArray_GetInfo(HPyContext *ctx, HPy arr, HPyArray_Info *info) { return HPyArray_API->HPyArray_GetInfo(ctx, arr, info); }
static inline int HPyArray_NDIM(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_NDIM(ctx, arr); }
static inline HPy_ssize_t * HPyArray_DIMS(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_DIMS(ctx, arr); }
static inline HPy_ssize_t * HPyArray_STRIDES(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_STRIDES(ctx, arr); }
static inline void * HPyArray_DATA(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_DATA(ctx, arr); }
static inline HPy_ssize_t HPyArray_SIZE(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_SIZE(ctx, arr); }
static inline HPy_ssize_t HPyArray_ITEMSIZE(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_ITEMSIZE(ctx, arr); }
static inline int HPyArray_TYPE(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_TYPE(ctx, arr); }
static inline HPy HPyArray_DESCR(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_DESCR(ctx, arr); }
static inline int HPyArray_FLAGS(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_FLAGS(ctx, arr); }
static inline HPy HPyArray_BASE(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_BASE(ctx, arr); }
static inline int HPyArray_SetBaseObject(HPyContext *ctx, HPy arr, HPy obj) { return HPyArray_API->HPyArray_SetBaseObject(ctx, arr, obj); }
static inline int HPyArray_EnableFlags(HPyContext *ctx, HPy arr, int flags) { return HPyArray_API->HPyArray_EnableFlags(ctx, arr, flags); }
static inline int HPyArray_ClearFlags(HPyContext *ctx, HPy arr, int flags) { return HPyArray_API->HPyArray_ClearFlags(ctx, arr, flags); }
static inline HPy HPyArray_DescrFromType(HPyContext *ctx, int type_num) { return HPyArray_API->HPyArray_DescrFromType(ctx, type_num); }
static inline HPy HPyArray_DescrConverter(HPyContext *ctx, HPy obj) { return HPyArray_API->HPyArray_DescrConverter(ctx, obj); }
static inline int HPyArray_EquivTypes(HPyContext *ctx, HPy a, HPy b) { return HPyArray_API->HPyArray_EquivTypes(ctx, a, b); }
static inline int HPyArray_CanCastTypeTo(HPyContext *ctx, HPy from, HPy to, int casting) { return HPyArray_API->HPyArray_CanCastTypeTo(ctx, from, to, casting); }
static inline HPy HPyArray_PromoteTypes(HPyContext *ctx, HPy a, HPy b) { return HPyArray_API->HPyArray_PromoteTypes(ctx, a, b); }
static inline HPy HPyArray_ResultType(HPyContext *ctx, HPy_ssize_t narrs, const HPy *arrs, HPy_ssize_t ndtypes, const HPy *dtypes) { return HPyArray_API->HPyArray_ResultType(ctx, narrs, arrs, ndtypes, dtypes); }
static inline HPy HPyArray_NewFromDescr(HPyContext *ctx, HPy descr, int nd, const HPy_ssize_t *dims, const HPy_ssize_t *strides, void *data, int flags) { return HPyArray_API->HPyArray_NewFromDescr(ctx, descr, nd, dims, strides, data, flags); }
static inline HPy HPyArray_SimpleNew(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num) { return HPyArray_API->HPyArray_SimpleNew(ctx, nd, dims, type_num); }
static inline HPy HPyArray_SimpleNewFromData(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num, void *data) { return HPyArray_API->HPyArray_SimpleNewFromData(ctx, nd, dims, type_num, data); }
static inline HPy HPyArray_SimpleNewFromDataAndFree(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num, void *data, HPyArray_FreeFunc free_func) { return HPyArray_API->HPyArray_SimpleNewFromDataAndFree(ctx, nd, dims, type_num, data, free_func); }
static inline HPy HPyArray_Zeros(HPyContext *ctx, int nd, const HPy_ssize_t *dims, HPy descr, int fortran) { return HPyArray_API->HPyArray_Zeros(ctx, nd, dims, descr, fortran); }
static inline HPy HPyArray_Empty(HPyContext *ctx, int nd, const HPy_ssize_t *dims, HPy descr, int fortran) { return HPyArray_API->HPyArray_Empty(ctx, nd, dims, descr, fortran); }
static inline HPy HPyArray_NewLikeArray(HPyContext *ctx, HPy proto, int order, HPy descr) { return HPyArray_API->HPyArray_NewLikeArray(ctx, proto, order, descr); }
static inline HPy HPyArray_NewCopy(HPyContext *ctx, HPy arr, int order) { return HPyArray_API->HPyArray_NewCopy(ctx, arr, order); }
static inline HPy HPyArray_Return(HPyContext *ctx, HPy arr) { return HPyArray_API->HPyArray_Return(ctx, arr); }
static inline HPy HPyArray_FromAny(HPyContext *ctx, HPy op, HPy descr, int min_depth, int max_depth, int requirements) { return HPyArray_API->HPyArray_FromAny(ctx, op, descr, min_depth, max_depth, requirements); }
static inline HPy HPyArray_FromObject(HPyContext *ctx, HPy op, int type_num, int min_depth, int max_depth) { return HPyArray_API->HPyArray_FromObject(ctx, op, type_num, min_depth, max_depth); }
static inline HPy HPyArray_EnsureArray(HPyContext *ctx, HPy op) { return HPyArray_API->HPyArray_EnsureArray(ctx, op); }
static inline HPy HPyArray_CastToType(HPyContext *ctx, HPy arr, HPy descr, int fortran) { return HPyArray_API->HPyArray_CastToType(ctx, arr, descr, fortran); }
static inline int HPyArray_CopyInto(HPyContext *ctx, HPy dst, HPy src) { return HPyArray_API->HPyArray_CopyInto(ctx, dst, src); }
static inline int HPyArray_FailUnlessWriteable(HPyContext *ctx, HPy arr, const char *name) { return HPyArray_API->HPyArray_FailUnlessWriteable(ctx, arr, name); }
static inline HPy HPyArray_Newshape(HPyContext *ctx, HPy arr, int nd, const HPy_ssize_t *dims, int order) { return HPyArray_API->HPyArray_Newshape(ctx, arr, nd, dims, order); }
static inline HPy HPyArray_Transpose(HPyContext *ctx, HPy arr, int n, const HPy_ssize_t *perm) { return HPyArray_API->HPyArray_Transpose(ctx, arr, n, perm); }
static inline HPy HPyArray_Ravel(HPyContext *ctx, HPy arr, int order) { return HPyArray_API->HPyArray_Ravel(ctx, arr, order); }
static inline HPy HPyArray_View(HPyContext *ctx, HPy arr, HPy descr) { return HPyArray_API->HPyArray_View(ctx, arr, descr); }
static inline int HPyArray_IntpConverter(HPyContext *ctx, HPy obj, HPy_ssize_t *out, int maxlen) { return HPyArray_API->HPyArray_IntpConverter(ctx, obj, out, maxlen); }
static inline int HPyArray_AxisConverter(HPyContext *ctx, HPy obj, int *axis) { return HPyArray_API->HPyArray_AxisConverter(ctx, obj, axis); }
static inline int HPyArray_OrderConverter(HPyContext *ctx, HPy obj, int *order) { return HPyArray_API->HPyArray_OrderConverter(ctx, obj, order); }
static inline void * HPyDataMem_NEW(HPyContext *ctx, size_t size) { return HPyArray_API->HPyDataMem_NEW(ctx, size); }
static inline int HPyDataMem_FREE(HPyContext *ctx, void *ptr) { return HPyArray_API->HPyDataMem_FREE(ctx, ptr); }
static inline HPy HPyUFunc_FromFuncAndData(HPyContext *ctx, const HPyUFuncGenericFunction *func, void *const *data, const char *types, int ntypes, int nin, int nout, int identity, const char *name, const char *doc) { return HPyArray_API->HPyUFunc_FromFuncAndData(ctx, func, data, types, ntypes, nin, nout, identity, name, doc); }
static inline HPy HPyUFunc_GetByName(HPyContext *ctx, const char *name) { return HPyArray_API->HPyUFunc_GetByName(ctx, name); }
static inline HPy HPyUFunc_Call(HPyContext *ctx, HPy ufunc, const HPy *args, size_t nargs, HPy kwnames) { return HPyArray_API->HPyUFunc_Call(ctx, ufunc, args, nargs, kwnames); }
static inline HNpyIter * HNpyIter_MultiNew(HPyContext *ctx, int nop, const HPy *op, uint32_t flags, int order, int casting, const uint32_t *op_flags, const HPy *op_dtypes) { return HPyArray_API->HNpyIter_MultiNew(ctx, nop, op, flags, order, casting, op_flags, op_dtypes); }
static inline HNpyIter_IterNextFunc HNpyIter_GetIterNext(HPyContext *ctx, HNpyIter *iter, char **errmsg) { return HPyArray_API->HNpyIter_GetIterNext(ctx, iter, errmsg); }
static inline char ** HNpyIter_GetDataPtrArray(HPyContext *ctx, HNpyIter *iter) { return HPyArray_API->HNpyIter_GetDataPtrArray(ctx, iter); }
static inline HPy_ssize_t * HNpyIter_GetInnerStrideArray(HPyContext *ctx, HNpyIter *iter) { return HPyArray_API->HNpyIter_GetInnerStrideArray(ctx, iter); }
static inline HPy_ssize_t * HNpyIter_GetInnerLoopSizePtr(HPyContext *ctx, HNpyIter *iter) { return HPyArray_API->HNpyIter_GetInnerLoopSizePtr(ctx, iter); }
static inline HPy HNpyIter_GetOperand(HPyContext *ctx, HNpyIter *iter, int i) { return HPyArray_API->HNpyIter_GetOperand(ctx, iter, i); }
static inline int HNpyIter_Deallocate(HPyContext *ctx, HNpyIter *iter) { return HPyArray_API->HNpyIter_Deallocate(ctx, iter); }

/* NumPy's derived accessors. */
#define HPyArray_SHAPE HPyArray_DIMS
static inline char *HPyArray_BYTES(HPyContext *ctx, HPy arr) { return (char *)HPyArray_DATA(ctx, arr); }
static inline HPy_ssize_t HPyArray_DIM(HPyContext *ctx, HPy arr, int i) { return HPyArray_DIMS(ctx, arr)[i]; }
static inline HPy_ssize_t HPyArray_STRIDE(HPyContext *ctx, HPy arr, int i) { return HPyArray_STRIDES(ctx, arr)[i]; }
static inline int HPyArray_CHKFLAGS(HPyContext *ctx, HPy arr, int flags) { return (HPyArray_FLAGS(ctx, arr) & flags) == flags; }
static inline int HPyArray_IS_C_CONTIGUOUS(HPyContext *ctx, HPy arr) { return HPyArray_CHKFLAGS(ctx, arr, NPY_ARRAY_C_CONTIGUOUS); }
static inline int HPyArray_IS_F_CONTIGUOUS(HPyContext *ctx, HPy arr) { return HPyArray_CHKFLAGS(ctx, arr, NPY_ARRAY_F_CONTIGUOUS); }
static inline int HPyArray_ISWRITEABLE(HPyContext *ctx, HPy arr) { return HPyArray_CHKFLAGS(ctx, arr, NPY_ARRAY_WRITEABLE); }
static inline HPy HPyArray_ZEROS(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num, int fortran) {
    HPy d = HPyArray_DescrFromType(ctx, type_num);
    if (HPy_IsNull(d)) return HPy_NULL;
    HPy r = HPyArray_Zeros(ctx, nd, dims, d, fortran);
    HPy_Close(ctx, d);
    return r;
}
static inline HPy HPyArray_EMPTY(HPyContext *ctx, int nd, const HPy_ssize_t *dims, int type_num, int fortran) {
    HPy d = HPyArray_DescrFromType(ctx, type_num);
    if (HPy_IsNull(d)) return HPy_NULL;
    HPy r = HPyArray_Empty(ctx, nd, dims, d, fortran);
    HPy_Close(ctx, d);
    return r;
}
/* NumPy's macro spellings over the slots. */
static inline int HPyArray_ENABLEFLAGS(HPyContext *ctx, HPy arr, int flags) { return HPyArray_EnableFlags(ctx, arr, flags); }
static inline int HPyArray_CLEARFLAGS(HPyContext *ctx, HPy arr, int flags) { return HPyArray_ClearFlags(ctx, arr, flags); }
static inline HPy _numpy_hpy_from_type(HPyContext *ctx, HPy op, int type_num, int min_depth, int max_depth, int req) {
    HPy d = HPy_NULL;
    if (type_num != NPY_NOTYPE) {
        d = HPyArray_DescrFromType(ctx, type_num);
        if (HPy_IsNull(d)) return HPy_NULL;
    }
    HPy r = HPyArray_FromAny(ctx, op, d, min_depth, max_depth, req);
    if (!HPy_IsNull(d)) HPy_Close(ctx, d);
    return r;
}
static inline HPy HPyArray_FROM_OTF(HPyContext *ctx, HPy op, int type_num, int requirements) {
    return _numpy_hpy_from_type(ctx, op, type_num, 0, 0, requirements);
}
static inline HPy HPyArray_FROM_OF(HPyContext *ctx, HPy op, int requirements) {
    return _numpy_hpy_from_type(ctx, op, NPY_NOTYPE, 0, 0, requirements);
}
static inline HPy HPyArray_FROMANY(HPyContext *ctx, HPy op, int type_num, int min_depth, int max_depth, int requirements) {
    return _numpy_hpy_from_type(ctx, op, type_num, min_depth, max_depth, requirements);
}
static inline HPy HPyArray_ContiguousFromAny(HPyContext *ctx, HPy op, int type_num, int min_depth, int max_depth) {
    return _numpy_hpy_from_type(ctx, op, type_num, min_depth, max_depth, NPY_ARRAY_DEFAULT | NPY_ARRAY_ENSUREARRAY);
}
/* The dtype of the data `op` holds, promoted with `mintype` (HPy_NULL: none). */
static inline HPy HPyArray_DescrFromObject(HPyContext *ctx, HPy op, HPy mintype) {
    HPy arr = HPyArray_FromAny(ctx, op, HPy_NULL, 0, 0, 0);
    if (HPy_IsNull(arr)) return HPy_NULL;
    HPy d = HPyArray_DESCR(ctx, arr);
    HPy_Close(ctx, arr);
    if (HPy_IsNull(d) || HPy_IsNull(mintype)) return d;
    HPy r = HPyArray_PromoteTypes(ctx, d, mintype);
    HPy_Close(ctx, d);
    return r;
}
/* arr.reshape(shape) for a shape object (an int or a sequence of ints). */
static inline HPy HPyArray_Reshape(HPyContext *ctx, HPy arr, HPy shape) {
    HPy_ssize_t dims[HPyArray_MAXDIMS];
    int n = HPyArray_IntpConverter(ctx, shape, dims, HPyArray_MAXDIMS);
    if (n < 0) return HPy_NULL;
    return HPyArray_Newshape(ctx, arr, n, dims, NPY_CORDER);
}
/* The scalar of dtype `descr` whose bytes are at `data` (copied; `base` is
 * not needed: accepted for NumPy's signature). */
static inline HPy HPyArray_Scalar(HPyContext *ctx, const void *data, HPy descr, HPy base) {
    (void)base;
    HPy arr = HPyArray_NewFromDescr(ctx, descr, 0, NULL, NULL, NULL, 0);
    if (HPy_IsNull(arr)) return HPy_NULL;
    memcpy(HPyArray_DATA(ctx, arr), data, (size_t)HPyArray_ITEMSIZE(ctx, arr));
    HPy r = HPyArray_Return(ctx, arr);
    HPy_Close(ctx, arr);
    return r;
}
/* GETPTR from an HPyArray_Info (one call for all the facts, then plain C). */
#define HPyArray_Info_GETPTR1(info, i) ((void *)((char *)(info)->data + (i) * (info)->strides[0]))
#define HPyArray_Info_GETPTR2(info, i, j) \
    ((void *)((char *)(info)->data + (i) * (info)->strides[0] + (j) * (info)->strides[1]))
#define HPyArray_Info_GETPTR3(info, i, j, k) \
    ((void *)((char *)(info)->data + (i) * (info)->strides[0] + (j) * (info)->strides[1] + (k) * (info)->strides[2]))
#define HPyArray_Info_GETPTR4(info, i, j, k, l) \
    ((void *)((char *)(info)->data + (i) * (info)->strides[0] + (j) * (info)->strides[1] + (k) * (info)->strides[2] \
              + (l) * (info)->strides[3]))
static inline void *HPyArray_GETPTR1(HPyContext *ctx, HPy arr, HPy_ssize_t i) {
    return HPyArray_BYTES(ctx, arr) + i * HPyArray_STRIDE(ctx, arr, 0);
}
static inline void *HPyArray_GETPTR2(HPyContext *ctx, HPy arr, HPy_ssize_t i, HPy_ssize_t j) {
    const HPy_ssize_t *s = HPyArray_STRIDES(ctx, arr);
    return HPyArray_BYTES(ctx, arr) + i * s[0] + j * s[1];
}
static inline void *HPyArray_GETPTR3(HPyContext *ctx, HPy arr, HPy_ssize_t i, HPy_ssize_t j, HPy_ssize_t k) {
    const HPy_ssize_t *s = HPyArray_STRIDES(ctx, arr);
    return HPyArray_BYTES(ctx, arr) + i * s[0] + j * s[1] + k * s[2];
}
static inline void *HPyArray_GETPTR4(HPyContext *ctx, HPy arr, HPy_ssize_t i, HPy_ssize_t j, HPy_ssize_t k,
                                     HPy_ssize_t l) {
    const HPy_ssize_t *s = HPyArray_STRIDES(ctx, arr);
    return HPyArray_BYTES(ctx, arr) + i * s[0] + j * s[1] + k * s[2] + l * s[3];
}

/* HPyCapsule_GetPointer, reading the context as the runtime lays it out:
 * PyPy 7.3.19's HPy (0.9.1.dev, still ABI 0.0) inserts h_DictType before
 * ctx_Capsule_New, so that member and every later one sit one pointer further
 * than in HPy 0.9.0's header. */
static inline void *_numpy_hpy_capsule_pointer(HPyContext *ctx, HPy cap, const char *name) {
    void *(*get)(HPyContext *, HPy, _HPyCapsule_key, const char *) = ctx->ctx_Capsule_Get;
    if (ctx->name != NULL && strstr(ctx->name, "(PyPy backend)") != NULL) {
        memcpy((void *)&get, (const char *)&ctx->ctx_Capsule_Get + sizeof(void *), sizeof(get));
    }
    return get(ctx, cap, HPyCapsule_key_Pointer, name);
}

/* Imports numpy_hpy._core and takes its table: 0, or -1 with ImportError. */
static inline int import_numpy_hpy(HPyContext *ctx) {
    char msg[256];
    HPy mod = HPyImport_ImportModule(ctx, "numpy_hpy._core");
    if (HPy_IsNull(mod)) return -1;
    HPy cap = HPy_GetAttr_s(ctx, mod, "_HPY_ARRAY_API");
    HPy_Close(ctx, mod);
    if (HPy_IsNull(cap)) return -1;
    const HPyArray_API_t *api = (const HPyArray_API_t *)_numpy_hpy_capsule_pointer(ctx, cap, NUMPY_HPY_CAPSULE_NAME);
    HPy_Close(ctx, cap);
    if (api == NULL) return -1;
    if (api->header.abi_major != NUMPY_HPY_ABI_MAJOR) {
        snprintf(msg, sizeof(msg), "module compiled against numpy_hpy ABI version 0x%x but this version of numpy_hpy is 0x%x",
                 (unsigned)NUMPY_HPY_ABI_MAJOR, (unsigned)api->header.abi_major);
        HPyErr_SetString(ctx, ctx->h_ImportError, msg);
        return -1;
    }
    if (api->header.api_minor < NUMPY_HPY_API_MINOR || api->header.struct_size < sizeof(HPyArray_API_t)) {
        snprintf(msg, sizeof(msg),
                 "module compiled against numpy_hpy C-API version 0x%x but the running numpy_hpy has C-API version 0x%x",
                 (unsigned)NUMPY_HPY_API_MINOR, (unsigned)api->header.api_minor);
        HPyErr_SetString(ctx, ctx->h_ImportError, msg);
        return -1;
    }
    HPyArray_API = api;
    return 0;
}

#endif /* NUMPY_HPY_HPY_ARRAYOBJECT_H */
