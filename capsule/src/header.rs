//! The C header `numpy_hpy/hpy_arrayobject.h`, written from the table.

use alloc::format;
use alloc::string::String;
use core::fmt::Write;
use core::mem::offset_of;

use crate::{ABI_MAJOR, API_MINOR, CAPSULE_NAME, CONSTANTS, Header, Info, SLOTS};

/// `(C type, C field declarator, Rust offset, Rust size)` of the fields of a
/// C struct the header declares; the compile test checks offsets and sizes.
pub type Fields = &'static [(&'static str, &'static str, usize, usize)];

/// Size of the type a field projection returns (for [`field!`]).
const fn size_of_field<T, F>(_: fn(&T) -> &F) -> usize {
    core::mem::size_of::<F>()
}

/// One entry of [`Fields`], read off the Rust struct.
macro_rules! field {
    ($s:ty, $f:ident, $cty:literal, $cdecl:literal) => {
        (
            $cty,
            $cdecl,
            offset_of!($s, $f),
            size_of_field(|s: &$s| &s.$f),
        )
    };
}

/// [`Header`]'s fields.
pub const HEADER_FIELDS: Fields = &[
    field!(Header, struct_size, "size_t", "struct_size"),
    field!(Header, abi_major, "uint32_t", "abi_major"),
    field!(Header, api_minor, "uint32_t", "api_minor"),
    field!(Header, reserved, "size_t", "reserved[4]"),
];

/// [`Info`]'s fields.
pub const INFO_FIELDS: Fields = &[
    field!(Info, struct_size, "size_t", "struct_size"),
    field!(Info, ndim, "int", "ndim"),
    field!(Info, type_num, "int", "type_num"),
    field!(Info, flags, "int", "flags"),
    field!(Info, reserved, "int", "reserved"),
    field!(Info, itemsize, "HPy_ssize_t", "itemsize"),
    field!(Info, size, "HPy_ssize_t", "size"),
    field!(Info, data, "void *", "data"),
    field!(Info, shape, "HPy_ssize_t", "shape[HPyArray_MAXDIMS]"),
    field!(Info, strides, "HPy_ssize_t", "strides[HPyArray_MAXDIMS]"),
];

fn struct_decl(out: &mut String, name: &str, fields: Fields) {
    let _ = writeln!(out, "typedef struct {{");
    for (ty, field, _, _) in fields {
        let sep = if ty.ends_with('*') { "" } else { " " };
        let _ = writeln!(out, "    {ty}{sep}{field};");
    }
    let _ = writeln!(out, "}} {name};\n");
}

fn param_list(args: &[(&str, &str)]) -> String {
    let mut s = String::from("HPyContext *ctx");
    for (ty, name) in args {
        let _ = write!(s, ", {} {}", ty, name);
    }
    s.replace("* ", "*")
}

fn comment(doc: &str, indent: &str) -> String {
    let lines: alloc::vec::Vec<&str> = doc
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut s = format!("{indent}/* ");
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            let _ = write!(s, "\n{indent}   ");
        }
        s.push_str(l);
    }
    s.push_str(" */\n");
    s
}

/// The whole header text.
pub fn c_header() -> String {
    let mut h = String::new();
    h.push_str(PRELUDE);
    let _ = writeln!(h, "#define NUMPY_HPY_ABI_MAJOR {ABI_MAJOR}");
    let _ = writeln!(h, "#define NUMPY_HPY_API_MINOR {API_MINOR}");
    let _ = writeln!(
        h,
        "#define NUMPY_HPY_CAPSULE_NAME \"{}\"\n",
        CAPSULE_NAME.to_str().unwrap_or("")
    );
    for (name, value) in CONSTANTS {
        let v = if *value == i64::from(i32::MIN) {
            String::from("(-2147483647 - 1)")
        } else {
            format!("{value}")
        };
        let _ = writeln!(h, "#define {name} {v}");
    }
    h.push_str("\ntypedef void (*HPyArray_FreeFunc)(void *data);\n");
    h.push_str("typedef struct HNpyIter HNpyIter;\ntypedef int (*HNpyIter_IterNextFunc)(HNpyIter *iter);\n");
    h.push_str(
        "typedef void (*HPyUFuncGenericFunction)(char **args, const HPy_ssize_t *dimensions, \
         const HPy_ssize_t *steps, void *data);\n\n",
    );
    h.push_str("/* HPyArray_GetInfo fills it; set struct_size = sizeof(HPyArray_Info) first. */\n");
    struct_decl(&mut h, "HPyArray_Info", INFO_FIELDS);
    struct_decl(&mut h, "HPyArray_API_Header", HEADER_FIELDS);
    h.push_str("/* The table. Append-only: a slot is never moved or reused. */\ntypedef struct {\n    HPyArray_API_Header header;\n");
    for s in SLOTS {
        h.push_str(&comment(s.doc, "    "));
        let _ = writeln!(h, "    {} (*{})({});", s.ret, s.name, param_list(s.args));
    }
    h.push_str("} HPyArray_API_t;\n\n");
    h.push_str(API_POINTER);
    for s in SLOTS {
        let call: alloc::vec::Vec<&str> = s.args.iter().map(|(_, n)| *n).collect();
        let mut args = String::from("ctx");
        for n in &call {
            let _ = write!(args, ", {n}");
        }
        let _ = writeln!(
            h,
            "static inline {} {}({}) {{ return HPyArray_API->{}({}); }}",
            s.ret,
            s.name,
            param_list(s.args),
            s.name,
            args
        );
    }
    h.push_str(HELPERS);
    h.push_str(IMPORT);
    h.push_str("\n#endif /* NUMPY_HPY_HPY_ARRAYOBJECT_H */\n");
    h
}

const PRELUDE: &str = r#"/* numpy_hpy's HPy C API: the table of the capsule numpy_hpy._core._HPY_ARRAY_API.
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

"#;

const API_POINTER: &str = r#"#if defined(NUMPY_HPY_UNIQUE_SYMBOL)
#define HPyArray_API NUMPY_HPY_UNIQUE_SYMBOL
#endif
#if defined(NUMPY_HPY_NO_IMPORT)
extern const HPyArray_API_t *HPyArray_API;
#elif defined(NUMPY_HPY_UNIQUE_SYMBOL)
const HPyArray_API_t *HPyArray_API = NULL;
#else
static const HPyArray_API_t *HPyArray_API = NULL;
#endif

"#;

const HELPERS: &str = r#"
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
"#;

const IMPORT: &str = r#"
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
"#;
