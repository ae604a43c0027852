//! numpy_hpy's HPy C API: the function table behind the capsule
//! `numpy_hpy._core._HPY_ARRAY_API`, and the one place it is defined.
//!
//! NumPy's `_ARRAY_API` is made of `PyObject*` and struct layouts; this table
//! is made of HPy handles only, so an extension that uses it stays one HPy
//! universal binary. The rules of the table:
//!
//! - It starts with a [`Header`] (`struct_size`, `abi_major`, `api_minor`) and
//!   is **append-only**: a slot is never moved, removed or reused; a new slot
//!   raises `api_minor`, and a caller that wants it checks `struct_size`.
//!   Anything else raises `abi_major`.
//! - Every function takes the caller's `HPyContext *` first (HPy debug mode
//!   hands each call a fresh one: nothing caches a context), returns new
//!   handles, never steals one, and exposes no struct layout of the core.
//!   `HPy_NULL` (or -1) means an exception is set.
//!
//! [`api_table!`] declares the Rust struct and, from the same tokens, the C
//! declarations; [`c_header`] writes `numpy_hpy/hpy_arrayobject.h` from them
//! (tests check that the committed header is that text, and the C compiler
//! checks it against the Rust offsets and sizes).
//!
//! A downstream Rust extension (on the `hpy` crate) uses [`Api`]: the same
//! table, imported and checked once, with typed wrappers.

extern crate alloc;

use core::ffi::{c_char, c_int, c_void};

pub use hpy_sys::{HPy, HPy_ssize_t, HPyContext};

mod header;
mod rust;
pub use header::c_header;
pub use rust::{Api, Iter, LoopData};

/// The capsule's name, and the module attribute that holds it.
pub const CAPSULE_NAME: &core::ffi::CStr = c"numpy_hpy._core._HPY_ARRAY_API";
/// Bumped when a slot changes meaning or the header changes: callers built
/// for another major refuse to import.
pub const ABI_MAJOR: u32 = 1;
/// Bumped when slots are appended; callers need at least their own minor.
pub const API_MINOR: u32 = 0;
/// NumPy's `NPY_MAXDIMS` (and ours).
pub const MAXDIMS: usize = 64;

/// The start of the table.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Header {
    /// `sizeof` the whole table as this core knows it.
    pub struct_size: usize,
    /// [`ABI_MAJOR`] of the core.
    pub abi_major: u32,
    /// [`API_MINOR`] of the core.
    pub api_minor: u32,
    /// Zero; for later use.
    pub reserved: [usize; 4],
}

/// What `HPyArray_GetInfo` fills in one call. The caller sets `struct_size`
/// to its `sizeof`; the core writes no byte past it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Info {
    /// Set by the caller.
    pub struct_size: usize,
    /// Number of dimensions.
    pub ndim: c_int,
    /// NumPy's type number (`NPY_FLOAT64`...).
    pub type_num: c_int,
    /// `NPY_ARRAY_*` flags.
    pub flags: c_int,
    /// Zero.
    pub reserved: c_int,
    /// Bytes per element.
    pub itemsize: HPy_ssize_t,
    /// Number of elements.
    pub size: HPy_ssize_t,
    /// Address of the first element.
    pub data: *mut c_void,
    /// The first `ndim` entries are the shape.
    pub shape: [HPy_ssize_t; MAXDIMS],
    /// The first `ndim` entries are the strides, in bytes.
    pub strides: [HPy_ssize_t; MAXDIMS],
}

/// Frees memory handed to `HPyArray_SimpleNewFromDataAndFree`.
pub type FreeFunc = Option<unsafe extern "C" fn(data: *mut c_void)>;

/// The iterator of `HNpyIter_MultiNew` (opaque: read through the
/// `HNpyIter_Get*` functions).
#[repr(C)]
pub struct HNpyIter {
    _opaque: [u8; 0],
}

/// Advances an iterator to its next inner run: 1, or 0 at the end.
pub type IterNextFunc = Option<unsafe extern "C" fn(iter: *mut HNpyIter) -> c_int>;

/// A ufunc's 1-D inner loop, as NumPy's `PyUFuncGenericFunction`:
/// `dimensions[0]` elements, `args[k]` stepping by `steps[k]` bytes.
pub type UFuncLoop = Option<
    unsafe extern "C" fn(
        args: *mut *mut c_char,
        dimensions: *const HPy_ssize_t,
        steps: *const HPy_ssize_t,
        data: *mut c_void,
    ),
>;

/// A Rust type's spelling in C, for the generated header.
pub trait CType {
    /// The C declaration text.
    const C: &'static str;
}

macro_rules! c_types {
    ($($t:ty => $c:literal),* $(,)?) => { $(impl CType for $t { const C: &'static str = $c; })* };
}

c_types! {
    HPy => "HPy",
    c_int => "int",
    u32 => "uint32_t",
    HPy_ssize_t => "HPy_ssize_t",
    usize => "size_t",
    *mut c_void => "void *",
    *const c_char => "const char *",
    *const HPy_ssize_t => "const HPy_ssize_t *",
    *mut HPy_ssize_t => "HPy_ssize_t *",
    *const HPy => "const HPy *",
    *mut HPy => "HPy *",
    *mut c_int => "int *",
    *mut Info => "HPyArray_Info *",
    FreeFunc => "HPyArray_FreeFunc",
    *const UFuncLoop => "const HPyUFuncGenericFunction *",
    *const *mut c_void => "void *const *",
    *const u32 => "const uint32_t *",
    *mut HNpyIter => "HNpyIter *",
    IterNextFunc => "HNpyIter_IterNextFunc",
    *mut *mut c_char => "char **",
}

/// One slot of the table, as the header generator sees it.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    /// The C name (also the field name).
    pub name: &'static str,
    /// Its documentation (the `///` lines).
    pub doc: &'static str,
    /// The C return type.
    pub ret: &'static str,
    /// `(C type, name)` of each argument after the context.
    pub args: &'static [(&'static str, &'static str)],
    /// Byte offset in the table.
    pub offset: usize,
}

/// Declares [`ArrayApi`] and [`SLOTS`] from one list of
/// `/// doc  fn Name(arg: Type, ...) -> Ret;` (the context is implicit).
macro_rules! api_table {
    ($($(#[doc = $doc:literal])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty;)*) => {
        /// The table: [`Header`], then one function pointer per slot.
        #[repr(C)]
        #[allow(non_snake_case)]
        pub struct ArrayApi {
            /// Sizes and versions.
            pub header: Header,
            $($(#[doc = $doc])* pub $name: unsafe extern "C" fn(ctx: *mut HPyContext, $($arg: $ty),*) -> $ret,)*
        }

        /// Every slot in table order.
        pub const SLOTS: &[Slot] = &[$(Slot {
            name: stringify!($name),
            doc: concat!($($doc, "\n"),*),
            ret: <$ret as CType>::C,
            args: &[$((<$ty as CType>::C, stringify!($arg))),*],
            offset: core::mem::offset_of!(ArrayApi, $name),
        }),*];
    };
}

api_table! {
    /// The `numpy_hpy.ndarray` type.
    fn HPyArray_Type() -> HPy;
    /// The `numpy_hpy.dtype` type (base of every dtype class).
    fn HPyArrayDescr_Type() -> HPy;
    /// 1 when `obj` is an ndarray or a subclass instance, else 0.
    fn HPyArray_Check(obj: HPy) -> c_int;
    /// 1 when `obj` is exactly an ndarray, else 0.
    fn HPyArray_CheckExact(obj: HPy) -> c_int;
    /// 1 when `obj` is a dtype, else 0.
    fn HPyArray_DescrCheck(obj: HPy) -> c_int;
    /// 1 when `obj` is a numpy_hpy scalar (`numpy_hpy.generic`), else 0.
    fn HPyArray_IsAnyScalar(obj: HPy) -> c_int;
    /// Fills `info` (up to `info->struct_size` bytes) from the array `arr`;
    /// 0, or -1 with TypeError when `arr` is not an array.
    fn HPyArray_GetInfo(arr: HPy, info: *mut Info) -> c_int;
    /// Number of dimensions of `arr` (-1: not an array).
    fn HPyArray_NDIM(arr: HPy) -> c_int;
    /// The shape of `arr`, valid while `arr` lives and its shape is not
    /// set; NULL with TypeError when `arr` is not an array.
    fn HPyArray_DIMS(arr: HPy) -> *mut HPy_ssize_t;
    /// The strides of `arr` in bytes, valid as `HPyArray_DIMS`.
    fn HPyArray_STRIDES(arr: HPy) -> *mut HPy_ssize_t;
    /// Address of the first element (NULL with TypeError: not an array).
    fn HPyArray_DATA(arr: HPy) -> *mut c_void;
    /// Number of elements (-1: not an array).
    fn HPyArray_SIZE(arr: HPy) -> HPy_ssize_t;
    /// Bytes per element (-1: not an array).
    fn HPyArray_ITEMSIZE(arr: HPy) -> HPy_ssize_t;
    /// NumPy's type number of the dtype (-1: not an array).
    fn HPyArray_TYPE(arr: HPy) -> c_int;
    /// The dtype of `arr`.
    fn HPyArray_DESCR(arr: HPy) -> HPy;
    /// `NPY_ARRAY_*` flags (-1: not an array).
    fn HPyArray_FLAGS(arr: HPy) -> c_int;
    /// The base object of `arr` (a new handle to None when it has none).
    fn HPyArray_BASE(arr: HPy) -> HPy;
    /// Makes `obj` the base of `arr`, an array made by
    /// `HPyArray_SimpleNewFromData`/`HPyArray_NewFromDescr` over memory
    /// that `obj` keeps alive (0, or -1 when `arr` already has a base or
    /// `obj` is `arr`). Does not steal `obj`.
    fn HPyArray_SetBaseObject(arr: HPy, obj: HPy) -> c_int;
    /// Sets the flags of `flags` that can be set (only
    /// `NPY_ARRAY_WRITEABLE`, with NumPy's checks); 0 or -1.
    fn HPyArray_EnableFlags(arr: HPy, flags: c_int) -> c_int;
    /// Clears the flags of `flags` (only `NPY_ARRAY_WRITEABLE`); 0 or -1.
    fn HPyArray_ClearFlags(arr: HPy, flags: c_int) -> c_int;
    /// The dtype of NumPy type number `type_num` (ValueError "Invalid data
    /// type" for a number numpy_hpy does not have).
    fn HPyArray_DescrFromType(type_num: c_int) -> HPy;
    /// `numpy_hpy.dtype(obj)`.
    fn HPyArray_DescrConverter(obj: HPy) -> HPy;
    /// 1 when the dtypes are equivalent, else 0.
    fn HPyArray_EquivTypes(a: HPy, b: HPy) -> c_int;
    /// 1 when `from` casts to `to` under `casting` (`NPY_SAFE_CASTING`...),
    /// 0 when not, -1 on error.
    fn HPyArray_CanCastTypeTo(from: HPy, to: HPy, casting: c_int) -> c_int;
    /// `numpy_hpy.promote_types(a, b)`.
    fn HPyArray_PromoteTypes(a: HPy, b: HPy) -> HPy;
    /// `numpy_hpy.result_type(*arrays, *dtypes)`.
    fn HPyArray_ResultType(narrs: HPy_ssize_t, arrs: *const HPy, ndtypes: HPy_ssize_t, dtypes: *const HPy) -> HPy;
    /// A new array of `descr` (`HPy_NULL`: float64) and shape `dims`:
    /// over `data` when it is not NULL (not owned: the caller keeps it alive,
    /// `HPyArray_SetBaseObject` ties it to an owner), with `strides` when not
    /// NULL, else C order (Fortran order with `NPY_ARRAY_F_CONTIGUOUS` in
    /// `flags`); new memory is zero-filled. Writeable over `data` only with
    /// `NPY_ARRAY_WRITEABLE` in `flags`.
    fn HPyArray_NewFromDescr(descr: HPy, nd: c_int, dims: *const HPy_ssize_t, strides: *const HPy_ssize_t, data: *mut c_void, flags: c_int) -> HPy;
    /// A new C-order array of `nd` dims and type `type_num`; zero-filled.
    fn HPyArray_SimpleNew(nd: c_int, dims: *const HPy_ssize_t, type_num: c_int) -> HPy;
    /// A writeable C-order array over `data` (not owned, see
    /// `HPyArray_NewFromDescr`).
    fn HPyArray_SimpleNewFromData(nd: c_int, dims: *const HPy_ssize_t, type_num: c_int, data: *mut c_void) -> HPy;
    /// A writeable C-order array that owns `data`: `free_func(data)` runs
    /// when its memory is released. On failure `data` is not freed.
    fn HPyArray_SimpleNewFromDataAndFree(nd: c_int, dims: *const HPy_ssize_t, type_num: c_int, data: *mut c_void, free_func: FreeFunc) -> HPy;
    /// `numpy_hpy.zeros(dims, descr, order)` (`fortran`: 'F' order).
    fn HPyArray_Zeros(nd: c_int, dims: *const HPy_ssize_t, descr: HPy, fortran: c_int) -> HPy;
    /// `numpy_hpy.empty(dims, descr, order)`.
    fn HPyArray_Empty(nd: c_int, dims: *const HPy_ssize_t, descr: HPy, fortran: c_int) -> HPy;
    /// `numpy_hpy.empty_like(proto, descr, order)` (`order`: `NPY_KEEPORDER`...;
    /// `descr` may be `HPy_NULL`).
    fn HPyArray_NewLikeArray(proto: HPy, order: c_int, descr: HPy) -> HPy;
    /// `arr.copy(order)`.
    fn HPyArray_NewCopy(arr: HPy, order: c_int) -> HPy;
    /// A 0-d array becomes its scalar; anything else is returned as is
    /// (a new handle; `arr` is not stolen).
    fn HPyArray_Return(arr: HPy) -> HPy;
    /// `op` as an array: `descr` (or `HPy_NULL`) as `numpy_hpy.asarray`'s
    /// dtype, ndim within `[min_depth, max_depth]` (0: no limit), and the
    /// `NPY_ARRAY_*` requirements `C_CONTIGUOUS`, `F_CONTIGUOUS`, `ALIGNED`,
    /// `WRITEABLE`, `ENSURECOPY`, `ENSUREARRAY`, `FORCECAST` as NumPy's
    /// `PyArray_FromAny` takes them.
    fn HPyArray_FromAny(op: HPy, descr: HPy, min_depth: c_int, max_depth: c_int, requirements: c_int) -> HPy;
    /// `HPyArray_FromAny` with the dtype of `type_num` (`NPY_NOTYPE`: any)
    /// and `NPY_ARRAY_BEHAVED | NPY_ARRAY_ENSUREARRAY`.
    fn HPyArray_FromObject(op: HPy, type_num: c_int, min_depth: c_int, max_depth: c_int) -> HPy;
    /// `numpy_hpy.asarray(op)` as an exact ndarray.
    fn HPyArray_EnsureArray(op: HPy) -> HPy;
    /// `arr.astype(descr, order='F' if fortran else 'K')`.
    fn HPyArray_CastToType(arr: HPy, descr: HPy, fortran: c_int) -> HPy;
    /// `dst[...] = src`: broadcasting, unsafe casting; 0 or -1.
    fn HPyArray_CopyInto(dst: HPy, src: HPy) -> c_int;
    /// 0 when `arr` is writeable, else -1 with NumPy's ValueError
    /// "`name` is read-only".
    fn HPyArray_FailUnlessWriteable(arr: HPy, name: *const c_char) -> c_int;
    /// `arr.reshape(dims, order)`.
    fn HPyArray_Newshape(arr: HPy, nd: c_int, dims: *const HPy_ssize_t, order: c_int) -> HPy;
    /// `arr.transpose(perm)` (`perm` NULL: reversed axes).
    fn HPyArray_Transpose(arr: HPy, n: c_int, perm: *const HPy_ssize_t) -> HPy;
    /// `arr.ravel(order)`.
    fn HPyArray_Ravel(arr: HPy, order: c_int) -> HPy;
    /// `arr.view(descr)` (`descr` `HPy_NULL`: same dtype).
    fn HPyArray_View(arr: HPy, descr: HPy) -> HPy;
    /// Reads a shape-like `obj` (an int or a sequence of ints) into `out`
    /// (room for `maxlen`); the count, or -1 with NumPy's errors.
    fn HPyArray_IntpConverter(obj: HPy, out: *mut HPy_ssize_t, maxlen: c_int) -> c_int;
    /// An axis argument: None gives `NPY_RAVEL_AXIS`, an int itself
    /// (not normalised); 0, or -1 with TypeError.
    fn HPyArray_AxisConverter(obj: HPy, axis: *mut c_int) -> c_int;
    /// An order argument ('C', 'F', 'A', 'K' or None) as `NPY_CORDER`...;
    /// 0, or -1 with NumPy's errors.
    fn HPyArray_OrderConverter(obj: HPy, order: *mut c_int) -> c_int;
    /// Memory for array data that an array can own
    /// (`HPyArray_SimpleNewFromDataAndFree(..., HPyDataMem_FREE)`); NULL
    /// when out of memory (no exception set).
    fn HPyDataMem_NEW(size: usize) -> *mut c_void;
    /// Frees memory from `HPyDataMem_NEW`.
    fn HPyDataMem_FREE(ptr: *mut c_void) -> c_int;
    /// A new ufunc over C loops, as NumPy's `PyUFunc_FromFuncAndData`:
    /// `ntypes` loops `func[i]` with `data[i]` (`data` may be NULL), whose
    /// operand type numbers are `types[i * (nin + nout) ...]`; `identity`
    /// is `PyUFunc_Zero` (0), `PyUFunc_One` (1), `PyUFunc_MinusOne` (2) or
    /// `PyUFunc_None` (-1). Called like numpy_hpy's own ufuncs (broadcasting,
    /// `out=`, `where=`, casting, `reduce` with an identity). The loops and
    /// their data must outlive the ufunc (static, as in NumPy).
    fn HPyUFunc_FromFuncAndData(func: *const UFuncLoop, data: *const *mut c_void, types: *const c_char, ntypes: c_int, nin: c_int, nout: c_int, identity: c_int, name: *const c_char, doc: *const c_char) -> HPy;
    /// The ufunc `numpy_hpy.<name>` (AttributeError, or TypeError when that
    /// is not a ufunc).
    fn HPyUFunc_GetByName(name: *const c_char) -> HPy;
    /// Calls `ufunc` with vectorcall arguments: `nargs` positional handles in
    /// `args`, then one per name of the tuple `kwnames` (`HPy_NULL`: none).
    fn HPyUFunc_Call(ufunc: HPy, args: *const HPy, nargs: usize, kwnames: HPy) -> HPy;
    /// NumPy's `NpyIter_MultiNew` with `NPY_ITER_EXTERNAL_LOOP` (required):
    /// `nop` operands broadcast together (`HPy_NULL` with
    /// `NPY_ITER_ALLOCATE`: a new output), walked in `order`, with
    /// `op_flags` per operand and `op_dtypes` (NULL, or `HPy_NULL` entries:
    /// the operand's own). NULL with an exception on error.
    fn HNpyIter_MultiNew(nop: c_int, op: *const HPy, flags: u32, order: c_int, casting: c_int, op_flags: *const u32, op_dtypes: *const HPy) -> *mut HNpyIter;
    /// The function advancing `iter` (`errmsg`, when not NULL, is set to
    /// NULL: this iterator cannot fail while iterating).
    fn HNpyIter_GetIterNext(iter: *mut HNpyIter, errmsg: *mut *mut c_char) -> IterNextFunc;
    /// The current start of the inner run of each operand.
    fn HNpyIter_GetDataPtrArray(iter: *mut HNpyIter) -> *mut *mut c_char;
    /// The byte stride of each operand along the inner run.
    fn HNpyIter_GetInnerStrideArray(iter: *mut HNpyIter) -> *mut HPy_ssize_t;
    /// Where the length of the current inner run is.
    fn HNpyIter_GetInnerLoopSizePtr(iter: *mut HNpyIter) -> *mut HPy_ssize_t;
    /// Operand `i` (an allocated output included), a new handle.
    fn HNpyIter_GetOperand(iter: *mut HNpyIter, i: c_int) -> HPy;
    /// Frees the iterator and closes its operands; 0.
    fn HNpyIter_Deallocate(iter: *mut HNpyIter) -> c_int;
}

/// `#define` constants of the header: NumPy's values.
pub const CONSTANTS: &[(&str, i64)] = &[
    ("HPyArray_MAXDIMS", MAXDIMS as i64),
    ("NPY_BOOL", 0),
    ("NPY_BYTE", 1),
    ("NPY_UBYTE", 2),
    ("NPY_SHORT", 3),
    ("NPY_USHORT", 4),
    ("NPY_INT", 5),
    ("NPY_UINT", 6),
    ("NPY_LONG", 7),
    ("NPY_ULONG", 8),
    ("NPY_LONGLONG", 9),
    ("NPY_ULONGLONG", 10),
    ("NPY_FLOAT", 11),
    ("NPY_DOUBLE", 12),
    ("NPY_LONGDOUBLE", 13),
    ("NPY_CFLOAT", 14),
    ("NPY_CDOUBLE", 15),
    ("NPY_CLONGDOUBLE", 16),
    ("NPY_OBJECT", 17),
    ("NPY_STRING", 18),
    ("NPY_UNICODE", 19),
    ("NPY_VOID", 20),
    ("NPY_DATETIME", 21),
    ("NPY_TIMEDELTA", 22),
    ("NPY_HALF", 23),
    ("NPY_NOTYPE", 25),
    ("NPY_INT8", 1),
    ("NPY_UINT8", 2),
    ("NPY_INT16", 3),
    ("NPY_UINT16", 4),
    ("NPY_INT32", 5),
    ("NPY_UINT32", 6),
    ("NPY_INT64", 7),
    ("NPY_UINT64", 8),
    ("NPY_INTP", 7),
    ("NPY_UINTP", 8),
    ("NPY_FLOAT32", 11),
    ("NPY_FLOAT64", 12),
    ("NPY_COMPLEX64", 14),
    ("NPY_COMPLEX128", 15),
    ("NPY_ARRAY_C_CONTIGUOUS", 0x0001),
    ("NPY_ARRAY_F_CONTIGUOUS", 0x0002),
    ("NPY_ARRAY_OWNDATA", 0x0004),
    ("NPY_ARRAY_FORCECAST", 0x0010),
    ("NPY_ARRAY_ENSURECOPY", 0x0020),
    ("NPY_ARRAY_ENSUREARRAY", 0x0040),
    ("NPY_ARRAY_ALIGNED", 0x0100),
    ("NPY_ARRAY_NOTSWAPPED", 0x0200),
    ("NPY_ARRAY_WRITEABLE", 0x0400),
    ("NPY_ARRAY_WRITEBACKIFCOPY", 0x2000),
    ("NPY_ARRAY_BEHAVED", 0x0100 | 0x0400),
    ("NPY_ARRAY_CARRAY", 0x0001 | 0x0100 | 0x0400),
    ("NPY_ARRAY_CARRAY_RO", 0x0001 | 0x0100),
    ("NPY_ARRAY_FARRAY", 0x0002 | 0x0100 | 0x0400),
    ("NPY_ARRAY_FARRAY_RO", 0x0002 | 0x0100),
    ("NPY_ARRAY_DEFAULT", 0x0001 | 0x0100 | 0x0400),
    ("NPY_ARRAY_IN_ARRAY", 0x0001 | 0x0100),
    ("NPY_ARRAY_OUT_ARRAY", 0x0001 | 0x0100 | 0x0400),
    ("NPY_ARRAY_INOUT_ARRAY", 0x0001 | 0x0100 | 0x0400 | 0x2000),
    ("NPY_ANYORDER", -1),
    ("NPY_CORDER", 0),
    ("NPY_FORTRANORDER", 1),
    ("NPY_KEEPORDER", 2),
    ("NPY_NO_CASTING", 0),
    ("NPY_EQUIV_CASTING", 1),
    ("NPY_SAFE_CASTING", 2),
    ("NPY_SAME_KIND_CASTING", 3),
    ("NPY_UNSAFE_CASTING", 4),
    ("NPY_RAVEL_AXIS", i32::MIN as i64),
    ("NPY_ITER_EXTERNAL_LOOP", 0x8),
    ("NPY_ITER_COMMON_DTYPE", 0x10),
    ("NPY_ITER_REFS_OK", 0x20),
    ("NPY_ITER_ZEROSIZE_OK", 0x40),
    ("NPY_ITER_BUFFERED", 0x200),
    ("NPY_ITER_GROWINNER", 0x400),
    ("NPY_ITER_READWRITE", 0x0001_0000),
    ("NPY_ITER_READONLY", 0x0002_0000),
    ("NPY_ITER_WRITEONLY", 0x0004_0000),
    ("NPY_ITER_NBO", 0x0008_0000),
    ("NPY_ITER_ALIGNED", 0x0010_0000),
    ("NPY_ITER_CONTIG", 0x0020_0000),
    ("NPY_ITER_COPY", 0x0040_0000),
    ("NPY_ITER_ALLOCATE", 0x0100_0000),
    ("NPY_ITER_NO_BROADCAST", 0x0800_0000),
    ("PyUFunc_Zero", 0),
    ("PyUFunc_One", 1),
    ("PyUFunc_MinusOne", 2),
    ("PyUFunc_None", -1),
];

/// The value of a constant of [`CONSTANTS`] (for the core and for Rust
/// callers; panics on a name that is not there).
pub const fn constant(name: &str) -> i64 {
    let mut i = 0;
    while i < CONSTANTS.len() {
        if const_str_eq(CONSTANTS[i].0, name) {
            return CONSTANTS[i].1;
        }
        i += 1;
    }
    panic!("no such constant")
}

const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests;
