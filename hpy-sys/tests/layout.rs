//! Layout of every `hpy-sys` struct, checked against the real C compiler.
//!
//! bindgen's own `const _` asserts compare the Rust structs with what *libclang*
//! computed while generating them; this test is independent of bindgen: it
//! compiles a C program that includes the vendored `hpy.h` (universal ABI) with
//! the system `cc`, prints `sizeof`/`_Alignof` of each struct and `offsetof` and
//! `sizeof` of each field, and compares with `size_of`/`align_of`/`offset_of!`
//! on the Rust side. The field lists below are exhaustive: each expands to a
//! struct pattern without `..`, so a field added by regeneration fails to
//! compile here until it is listed, and `every_struct_is_listed` does the same
//! for new structs.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// `(key, a, b)`: `("T", size, align)` for a struct, `("T.f", offset, size)` for a field.
type Row = (String, usize, usize);

fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
    core::mem::size_of::<F>()
}

macro_rules! layouts {
    ($($ty:ident { $($f:ident),* $(,)? })*) => {
        /// Rust's view of every listed struct and field.
        fn rust_rows() -> Vec<Row> {
            vec![$(
                (
                    stringify!($ty).to_owned(),
                    core::mem::size_of::<hpy_sys::$ty>(),
                    core::mem::align_of::<hpy_sys::$ty>(),
                ),
                $((
                    concat!(stringify!($ty), ".", stringify!($f)).to_owned(),
                    core::mem::offset_of!(hpy_sys::$ty, $f),
                    field_size(|v: &hpy_sys::$ty| &v.$f),
                ),)*
            )*]
        }

        /// The body of the C program's `main`: one line per struct and field.
        const C_BODY: &str = concat!($(
            "S(", stringify!($ty), ")\n",
            $("F(", stringify!($ty), ", ", stringify!($f), ")\n",)*
        )*);

        const LISTED: &[&str] = &[$(stringify!($ty)),*];

        $(
            // No `..`: the list must name every field of the generated struct.
            // rustc reports a missing one as "pattern requires `..` due to
            // inaccessible fields": add the field to the list, not the `..`.
            const _: () = {
                #[allow(dead_code)]
                fn exhaustive(v: &hpy_sys::$ty) {
                    let hpy_sys::$ty { $($f: _),* } = v;
                }
            };
        )*
    };
}

layouts! {
    HPy { _i }
    HPyField { _i }
    HPyGlobal { _i }
    HPyListBuilder { _lst }
    HPyTupleBuilder { _tup }
    HPyTracker { _i }
    HPyThreadState { _i }
    HPy_buffer {
        buf, obj, len, itemsize, readonly, ndim, format, shape, strides, suboffsets,
        internal
    }
    _HPyFunc_args_VARARGS { self_, args, nargs, result }
    _HPyFunc_args_KEYWORDS { self_, args, nargsf, kwnames, result }
    _HPyFunc_args_INITPROC { self_, args, kw, result }
    _HPyFunc_args_NEWFUNC { self_, args, kw, result }
    _HPyFunc_args_RICHCMPFUNC { arg0, arg1, arg2, result }
    _HPyFunc_args_GETBUFFERPROC { self_, view, flags, result }
    _HPyFunc_args_RELEASEBUFFERPROC { self_, view }
    _HPyFunc_args_TRAVERSEPROC { self_, visit, arg, result }
    _HPyFunc_args_MOD_CREATE { spec, result }
    _HPyFunc_args_NOARGS { self_, result }
    _HPyFunc_args_O { self_, arg, result }
    _HPyFunc_args_UNARYFUNC { arg0, result }
    _HPyFunc_args_BINARYFUNC { arg0, arg1, result }
    _HPyFunc_args_TERNARYFUNC { arg0, arg1, arg2, result }
    _HPyFunc_args_INQUIRY { arg0, result }
    _HPyFunc_args_LENFUNC { arg0, result }
    _HPyFunc_args_SSIZEARGFUNC { arg0, arg1, result }
    _HPyFunc_args_SSIZESSIZEARGFUNC { arg0, arg1, arg2, result }
    _HPyFunc_args_SSIZEOBJARGPROC { arg0, arg1, arg2, result }
    _HPyFunc_args_SSIZESSIZEOBJARGPROC { arg0, arg1, arg2, arg3, result }
    _HPyFunc_args_OBJOBJARGPROC { arg0, arg1, arg2, result }
    _HPyFunc_args_FREEFUNC { arg0 }
    _HPyFunc_args_GETATTRFUNC { arg0, arg1, result }
    _HPyFunc_args_GETATTROFUNC { arg0, arg1, result }
    _HPyFunc_args_SETATTRFUNC { arg0, arg1, arg2, result }
    _HPyFunc_args_SETATTROFUNC { arg0, arg1, arg2, result }
    _HPyFunc_args_REPRFUNC { arg0, result }
    _HPyFunc_args_HASHFUNC { arg0, result }
    _HPyFunc_args_GETITERFUNC { arg0, result }
    _HPyFunc_args_ITERNEXTFUNC { arg0, result }
    _HPyFunc_args_DESCRGETFUNC { arg0, arg1, arg2, result }
    _HPyFunc_args_DESCRSETFUNC { arg0, arg1, arg2, result }
    _HPyFunc_args_GETTER { arg0, arg1, result }
    _HPyFunc_args_SETTER { arg0, arg1, arg2, result }
    _HPyFunc_args_OBJOBJPROC { arg0, arg1, result }
    _HPyFunc_args_DESTRUCTOR { arg0 }
    HPySlot { slot, impl_, cpy_trampoline }
    HPyMeth { name, impl_, cpy_trampoline, signature, doc }
    HPyMember { name, type_, offset, readonly, doc }
    HPyGetSet {
        name, getter_impl, setter_impl, getter_cpy_trampoline, setter_cpy_trampoline, doc,
        closure
    }
    HPyDef { kind, __bindgen_anon_1 }
    HPyCapsule_Destructor { cpy_trampoline, impl_ }
    HPyCallFunction { cpy_trampoline, impl_ }
    HPyType_Vectorcall { cpy_trampoline, impl_ }
    HPyType_Spec { name, basicsize, itemsize, flags, builtin_shape, legacy_slots, defines, doc }
    HPyType_SpecParam { kind, object }
    HPyModuleDef { doc, size, legacy_methods, defines, globals }
    HPyStructSequence_Field { name, doc }
    HPyStructSequence_Desc { name, doc, fields }
    HPyContext {
        name, _private, abi_version, h_None, h_True, h_False, h_NotImplemented, h_Ellipsis,
        h_BaseException, h_Exception, h_StopAsyncIteration, h_StopIteration,
        h_GeneratorExit, h_ArithmeticError, h_LookupError, h_AssertionError,
        h_AttributeError, h_BufferError, h_EOFError, h_FloatingPointError, h_OSError,
        h_ImportError, h_ModuleNotFoundError, h_IndexError, h_KeyError, h_KeyboardInterrupt,
        h_MemoryError, h_NameError, h_OverflowError, h_RuntimeError, h_RecursionError,
        h_NotImplementedError, h_SyntaxError, h_IndentationError, h_TabError,
        h_ReferenceError, h_SystemError, h_SystemExit, h_TypeError, h_UnboundLocalError,
        h_UnicodeError, h_UnicodeEncodeError, h_UnicodeDecodeError, h_UnicodeTranslateError,
        h_ValueError, h_ZeroDivisionError, h_BlockingIOError, h_BrokenPipeError,
        h_ChildProcessError, h_ConnectionError, h_ConnectionAbortedError,
        h_ConnectionRefusedError, h_ConnectionResetError, h_FileExistsError,
        h_FileNotFoundError, h_InterruptedError, h_IsADirectoryError, h_NotADirectoryError,
        h_PermissionError, h_ProcessLookupError, h_TimeoutError, h_Warning, h_UserWarning,
        h_DeprecationWarning, h_PendingDeprecationWarning, h_SyntaxWarning,
        h_RuntimeWarning, h_FutureWarning, h_ImportWarning, h_UnicodeWarning,
        h_BytesWarning, h_ResourceWarning, h_BaseObjectType, h_TypeType, h_BoolType,
        h_LongType, h_FloatType, h_UnicodeType, h_TupleType, h_ListType, ctx_Dup, ctx_Close,
        ctx_Long_FromInt32_t, ctx_Long_FromUInt32_t, ctx_Long_FromInt64_t,
        ctx_Long_FromUInt64_t, ctx_Long_FromSize_t, ctx_Long_FromSsize_t,
        ctx_Long_AsInt32_t, ctx_Long_AsUInt32_t, ctx_Long_AsUInt32_tMask,
        ctx_Long_AsInt64_t, ctx_Long_AsUInt64_t, ctx_Long_AsUInt64_tMask, ctx_Long_AsSize_t,
        ctx_Long_AsSsize_t, ctx_Long_AsVoidPtr, ctx_Long_AsDouble, ctx_Float_FromDouble,
        ctx_Float_AsDouble, ctx_Bool_FromBool, ctx_Length, ctx_Number_Check, ctx_Add,
        ctx_Subtract, ctx_Multiply, ctx_MatrixMultiply, ctx_FloorDivide, ctx_TrueDivide,
        ctx_Remainder, ctx_Divmod, ctx_Power, ctx_Negative, ctx_Positive, ctx_Absolute,
        ctx_Invert, ctx_Lshift, ctx_Rshift, ctx_And, ctx_Xor, ctx_Or, ctx_Index, ctx_Long,
        ctx_Float, ctx_InPlaceAdd, ctx_InPlaceSubtract, ctx_InPlaceMultiply,
        ctx_InPlaceMatrixMultiply, ctx_InPlaceFloorDivide, ctx_InPlaceTrueDivide,
        ctx_InPlaceRemainder, ctx_InPlacePower, ctx_InPlaceLshift, ctx_InPlaceRshift,
        ctx_InPlaceAnd, ctx_InPlaceXor, ctx_InPlaceOr, ctx_Callable_Check,
        ctx_CallTupleDict, ctx_FatalError, ctx_Err_SetString, ctx_Err_SetObject,
        ctx_Err_SetFromErrnoWithFilename, ctx_Err_SetFromErrnoWithFilenameObjects,
        ctx_Err_Occurred, ctx_Err_ExceptionMatches, ctx_Err_NoMemory, ctx_Err_Clear,
        ctx_Err_NewException, ctx_Err_NewExceptionWithDoc, ctx_Err_WarnEx,
        ctx_Err_WriteUnraisable, ctx_IsTrue, ctx_Type_FromSpec, ctx_Type_GenericNew,
        ctx_GetAttr, ctx_GetAttr_s, ctx_HasAttr, ctx_HasAttr_s, ctx_SetAttr, ctx_SetAttr_s,
        ctx_GetItem, ctx_GetItem_i, ctx_GetItem_s, ctx_Contains, ctx_SetItem, ctx_SetItem_i,
        ctx_SetItem_s, ctx_Type, ctx_TypeCheck, ctx_Is, ctx_AsStruct_Object,
        ctx_AsStruct_Legacy, ctx_New, ctx_Repr, ctx_Str, ctx_ASCII, ctx_Bytes,
        ctx_RichCompare, ctx_RichCompareBool, ctx_Hash, ctx_Bytes_Check, ctx_Bytes_Size,
        ctx_Bytes_GET_SIZE, ctx_Bytes_AsString, ctx_Bytes_AS_STRING, ctx_Bytes_FromString,
        ctx_Bytes_FromStringAndSize, ctx_Unicode_FromString, ctx_Unicode_Check,
        ctx_Unicode_AsASCIIString, ctx_Unicode_AsLatin1String, ctx_Unicode_AsUTF8String,
        ctx_Unicode_AsUTF8AndSize, ctx_Unicode_FromWideChar, ctx_Unicode_DecodeFSDefault,
        ctx_Unicode_DecodeFSDefaultAndSize, ctx_Unicode_EncodeFSDefault,
        ctx_Unicode_ReadChar, ctx_Unicode_DecodeASCII, ctx_Unicode_DecodeLatin1,
        ctx_List_Check, ctx_List_New, ctx_List_Append, ctx_Dict_Check, ctx_Dict_New,
        ctx_Tuple_Check, ctx_Tuple_FromArray, ctx_Import_ImportModule, ctx_FromPyObject,
        ctx_AsPyObject, ctx_CallRealFunctionFromTrampoline, ctx_ListBuilder_New,
        ctx_ListBuilder_Set, ctx_ListBuilder_Build, ctx_ListBuilder_Cancel,
        ctx_TupleBuilder_New, ctx_TupleBuilder_Set, ctx_TupleBuilder_Build,
        ctx_TupleBuilder_Cancel, ctx_Tracker_New, ctx_Tracker_Add, ctx_Tracker_ForgetAll,
        ctx_Tracker_Close, ctx_Field_Store, ctx_Field_Load, ctx_ReenterPythonExecution,
        ctx_LeavePythonExecution, ctx_Global_Store, ctx_Global_Load, ctx_Dump,
        ctx_AsStruct_Type, ctx_AsStruct_Long, ctx_AsStruct_Float, ctx_AsStruct_Unicode,
        ctx_AsStruct_Tuple, ctx_AsStruct_List, ctx_Type_GetBuiltinShape, ctx_DelItem,
        ctx_DelItem_i, ctx_DelItem_s, h_ComplexType, h_BytesType, h_MemoryViewType,
        h_CapsuleType, h_SliceType, h_Builtins, ctx_Capsule_New, ctx_Capsule_Get,
        ctx_Capsule_IsValid, ctx_Capsule_Set, ctx_Compile_s, ctx_EvalCode,
        ctx_ContextVar_New, ctx_ContextVar_Get, ctx_ContextVar_Set, ctx_Type_GetName,
        ctx_Type_IsSubtype, ctx_Unicode_FromEncodedObject, ctx_Unicode_Substring,
        ctx_Dict_Keys, ctx_Dict_Copy, ctx_Slice_Unpack, ctx_SetCallFunction, ctx_Call,
        ctx_CallMethod
    }
}

/// The C side. bindgen appends `_` to fields named like Rust keywords and names
/// HPyDef's anonymous union `__bindgen_anon_1`; the `#define`s map those back
/// (after the include, so the header itself is untouched) while `#f` keeps the
/// Rust spelling for the key.
const C_PRELUDE: &str = r#"#define HPY_ABI_UNIVERSAL
#include "hpy.h"
#include <stddef.h>
#include <stdio.h>
#define self_ self
#define impl_ impl
#define type_ type
#define __bindgen_anon_1 meth
#define S(T) printf("%s %zu %zu\n", #T, sizeof(T), _Alignof(T));
#define F(T, f) printf("%s.%s %zu %zu\n", #T, #f, offsetof(T, f), sizeof(((T *)0)->f));
int main(void) {
"#;

/// `$CC`, else the first of `cc`, `gcc`, `clang` that runs.
fn c_compiler() -> Option<String> {
    let env = std::env::var("CC").ok().filter(|cc| !cc.is_empty());
    env.into_iter()
        .chain(["cc", "gcc", "clang"].map(String::from))
        .find(|cc| {
            Command::new(cc)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn c_rows(cc: &str) -> BTreeMap<String, (usize, usize)> {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hpy-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let (src, exe) = (dir.join("layout.c"), dir.join("layout"));
    std::fs::write(&src, format!("{C_PRELUDE}{C_BODY}return 0;\n}}\n")).expect("write layout.c");
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    let out = Command::new(cc)
        .args(["-std=c11", "-Wall", "-o"])
        .arg(&exe)
        .arg(format!("-I{}", include.display()))
        .arg(&src)
        .output()
        .expect("run the C compiler");
    assert!(
        out.status.success(),
        "{cc} failed on {}:\n{}",
        src.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&exe).output().expect("run the layout program");
    assert!(out.status.success(), "{} failed", exe.display());
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8(out.stdout)
        .expect("layout output is ASCII")
        .lines()
        .map(|line| {
            let mut it = line.split(' ');
            let (key, a, b) = (it.next(), it.next(), it.next());
            let num = |s: Option<&str>| s.and_then(|s| s.parse().ok()).expect(line);
            (key.expect(line).to_owned(), (num(a), num(b)))
        })
        .collect()
}

#[test]
fn layouts_match_the_c_compiler() {
    let Some(cc) = c_compiler() else {
        eprintln!("SKIPPED: no C compiler found (set CC or install cc/gcc/clang)");
        return;
    };
    let c = c_rows(&cc);
    let rust = rust_rows();
    assert_eq!(c.len(), rust.len(), "C printed a different number of rows");
    let mut diffs = Vec::new();
    for (key, ra, rb) in &rust {
        let &(ca, cb) = c
            .get(key)
            .unwrap_or_else(|| panic!("C printed no row for {key}"));
        let (what_a, what_b) = if key.contains('.') {
            ("offset", "size")
        } else {
            ("size", "align")
        };
        // The C side can only name one member of the anonymous union, so only
        // its offset is comparable; HPyDef's own size covers the union's size.
        let skip_b = key.contains("__bindgen_anon_");
        if ca != *ra || (cb != *rb && !skip_b) {
            diffs.push(format!(
                "  {key}: C {what_a} {ca}, {what_b} {cb}; Rust {what_a} {ra}, {what_b} {rb}"
            ));
        }
    }
    assert!(
        diffs.is_empty(),
        "hpy-sys layout differs from {cc} on the vendored headers:\n{}",
        diffs.join("\n")
    );
}

/// A struct bindgen emits but the list above misses would go unchecked.
#[test]
fn every_struct_is_listed() {
    let bindings = include_str!("../src/bindings.rs");
    let alias = |name: &str| {
        let suffix = format!(" = {name};");
        bindings
            .lines()
            .find_map(|l| l.strip_prefix("pub type ")?.strip_suffix(&suffix))
            .unwrap_or(name)
            .to_owned()
    };
    let missing: Vec<String> = bindings
        .lines()
        .filter_map(|l| l.strip_prefix("pub struct ")?.strip_suffix(" {"))
        // Opaque CPython types and libc's va_list have no layout to check.
        .filter(|s| !s.starts_with("FORBIDDEN_") && *s != "__va_list_tag")
        .map(alias)
        .filter(|s| !LISTED.contains(&s.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add to layouts! in tests/layout.rs: {missing:?}"
    );
}
