//! The module definition: its exec slot, functions and per-module state.

use core::ffi::CStr;

use hpy::{Borrowed, Ctx, Global, Handle, ModuleState, PyResult};

use crate::testing;

/// Everything of the module that is not a Python object (those are in
/// `HPyGlobal`s): HPy 0.9 has no module state, see `hpy::ModuleState`.
pub struct State {
    /// SIMD features chosen at import.
    pub cpu_features: Vec<&'static str>,
}

/// The module's state.
pub static STATE: ModuleState<State> = ModuleState::new();

/// `numpy_hpy.exceptions.AxisError` (a `ValueError` and an `IndexError`, as
/// NumPy's).
pub static AXIS_ERROR: Global = Global::new();

/// `numpy_hpy.exceptions.ComplexWarning` (a `RuntimeWarning`, as NumPy's):
/// complex values cast to a real type.
pub static COMPLEX_WARNING: Global = Global::new();

/// A new exception class `qualname` (`numpy_hpy.exceptions.<Name>`) deriving
/// from `bases`, kept in `global` and set as the module's attribute `<Name>`.
fn add_exception<'c>(
    ctx: Ctx<'c>,
    module: Borrowed<'_, 'c>,
    global: &'static Global,
    qualname: &CStr,
    bases: &[Borrowed<'_, 'c>],
    doc: &CStr,
) -> PyResult<()> {
    let bases = ctx.tuple(bases)?;
    let cls = ctx.new_exception(qualname, &bases, doc)?;
    global.store(ctx, &cls);
    let name = qualname
        .to_bytes()
        .rsplit(|&b| b == b'.')
        .next()
        .unwrap_or_default();
    let name = std::ffi::CString::new(name).expect("a CStr has no interior NUL");
    ctx.setattr_s(module, &name, &cls)
}

fn exec<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    STATE.init(
        ctx,
        State {
            cpu_features: crate::cpu::detect(),
        },
    )?;
    add_exception(
        ctx,
        module,
        &AXIS_ERROR,
        c"numpy_hpy.exceptions.AxisError",
        &[
            ctx.constant(|t| t.h_ValueError),
            ctx.constant(|t| t.h_IndexError),
        ],
        c"Axis supplied was invalid.",
    )?;
    add_exception(
        ctx,
        module,
        &COMPLEX_WARNING,
        c"numpy_hpy.exceptions.ComplexWarning",
        &[ctx.constant(|t| t.h_RuntimeWarning)],
        c"The warning raised when casting a complex dtype to a real dtype.",
    )?;
    argparse::init_all(ctx, &testing::parse::TABLES)?;
    argparse::init_all(ctx, &crate::descr::SIGNATURES)?;
    crate::descr::init(ctx, module)?;
    crate::scalar_types::init(ctx, module)?;
    argparse::init_all(ctx, &crate::ndarray::SIGNATURES)?;
    argparse::init_all(ctx, &crate::ndarray::MORE_CREATION_SIGNATURES)?;
    argparse::init_all(ctx, &crate::ndarray::JOIN_SIGNATURES)?;
    argparse::init_all(ctx, &crate::ndarray::ASTYPE_SIGS)?;
    argparse::init_all(ctx, &crate::ndarray::shape_ops::SIGNATURES)?;
    argparse::init_all(ctx, &[crate::ndarray::NDARRAY_SIG])?;
    crate::ndarray::init(ctx, module)?;
    testing::init(ctx, module)?;
    Ok(())
}

fn cpu_features<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let names = STATE.with(ctx, |s| s.cpu_features.clone())?;
    ctx.tuple_of_strs(&names)
}

/// `_ctx_info()`: `(context name, context layout)` for `show_runtime()`.
fn ctx_info<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let layout = match ctx.capabilities().runtime {
        hpy::Runtime::PyPy => "0.9.1.dev (PyPy)",
        _ => "0.9.0",
    };
    ctx.tuple_of_strs(&[ctx.name(), layout])
}

hpy::slot!(static EXEC: mod_exec = HPy_mod_exec, exec);
hpy::meth!(static CTX_INFO: noargs = c"_ctx_info", ctx_info);
hpy::meth!(
    static CPU_FEATURES: noargs = c"_cpu_features",
    cpu_features,
    c"_cpu_features()\n--\n\nThe SIMD features in use, as a tuple of str."
);

hpy::module!(
    _core,
    doc: c"numpy_hpy._core: the HPy universal core of numpy_hpy",
    defines: [
        EXEC,
        CPU_FEATURES,
        CTX_INFO,
        crate::descr::RESULT_TYPE,
        crate::descr::PROMOTE_TYPES,
        crate::descr::CAN_CAST,
        crate::descr::FINFO,
        crate::descr::IINFO,
        crate::ndarray::EMPTY,
        crate::ndarray::ZEROS,
        crate::ndarray::ONES,
        crate::ndarray::FULL,
        crate::ndarray::ARRAY,
        crate::ndarray::ASARRAY,
        crate::ndarray::SET_FLAGS_TYPE,
        crate::ndarray::dlpack::FROM_DLPACK,
        crate::ndarray::ARANGE,
        crate::ndarray::LINSPACE,
        crate::ndarray::EYE,
        crate::ndarray::IDENTITY,
        crate::ndarray::FROMBUFFER,
        crate::ndarray::FROMITER,
        crate::ndarray::CONCATENATE,
        crate::ndarray::STACK,
        crate::ndarray::VSTACK,
        crate::ndarray::HSTACK,
        crate::ndarray::DSTACK,
        crate::ndarray::COLUMN_STACK,
        crate::ndarray::SPLIT,
        crate::ndarray::ARRAY_SPLIT,
        crate::ndarray::ROLL,
        crate::ndarray::REPEAT,
        crate::ndarray::TILE,
        crate::ndarray::shape_ops::RESHAPE,
        crate::ndarray::shape_ops::RAVEL,
        crate::ndarray::shape_ops::TRANSPOSE,
        crate::ndarray::shape_ops::PERMUTE_DIMS,
        crate::ndarray::shape_ops::SWAPAXES,
        crate::ndarray::shape_ops::MOVEAXIS,
        crate::ndarray::shape_ops::SQUEEZE,
        crate::ndarray::shape_ops::EXPAND_DIMS,
        crate::ndarray::shape_ops::FLIP,
        crate::ndarray::shape_ops::BROADCAST_TO,
        crate::ndarray::shape_ops::BROADCAST_SHAPES,
        crate::ndarray::shape_ops::BROADCAST_ARRAYS,
        crate::ndarray::shape_ops::ATLEAST_1D,
        crate::ndarray::shape_ops::ATLEAST_2D,
        crate::ndarray::shape_ops::ATLEAST_3D,
        testing::NOARGS,
        testing::O,
        testing::VARARGS,
        testing::KEYWORDS,
        testing::CACHED,
        testing::CAPSULE_ROUNDTRIP,
        testing::MAKE_CAPSULE,
        testing::READ_CAPSULE,
        testing::PANIC,
        testing::MAKE_FLOAT,
        testing::KW_NOOP,
        testing::VECTORCALL,
        testing::parse::PARSE_F1,
        testing::parse::BENCH_F1,
        testing::parse::BENCH_F2,
        testing::parse::BENCH_OUT,
        testing::parse::BENCH_UFUNC,
        testing::parse::PARSE_F2,
        testing::parse::PARSE_OUT,
        testing::parse::PARSE_UFUNC,
        testing::parse::PARSE_MIXED,
        testing::parse::PARSE_AXIS,
        testing::parse::PARSE_SHAPE,
        testing::parse::PARSE_ORDER,
        testing::parse::PARSE_NUMBERS,
        #[cfg(feature = "bench-hpyarg")]
        testing::hpyarg::F1,
        #[cfg(feature = "bench-hpyarg")]
        testing::hpyarg::F2,
        #[cfg(feature = "bench-hpyarg")]
        testing::hpyarg::OUT,
        #[cfg(feature = "bench-hpyarg")]
        testing::hpyarg::UFUNC,
    ],
    globals: [
        STATE.global(),
        &testing::CACHED_OBJ,
        &testing::TESTING_MODULE,
        &AXIS_ERROR,
        &COMPLEX_WARNING,
    ],
    global_groups: [
        &crate::descr::INSTANCES,
        &crate::scalar_types::COMPLEX_PARTS,
        core::slice::from_ref(&crate::ndarray::FLAGS_TYPE),
        crate::ndarray::CREATION_GLOBALS[0],
        crate::ndarray::CREATION_GLOBALS[1],
        crate::ndarray::CREATION_GLOBALS[2],
        crate::ndarray::CREATION_GLOBALS[3],
        crate::ndarray::CREATION_GLOBALS[4],
        crate::ndarray::CREATION_GLOBALS[5],
        crate::ndarray::CREATION_GLOBALS[6],
        crate::ndarray::MORE_CREATION_GLOBALS[0],
        crate::ndarray::MORE_CREATION_GLOBALS[1],
        crate::ndarray::MORE_CREATION_GLOBALS[2],
        crate::ndarray::MORE_CREATION_GLOBALS[3],
        crate::ndarray::MORE_CREATION_GLOBALS[4],
        crate::ndarray::MORE_CREATION_GLOBALS[5],
        crate::descr::GLOBALS[0],
        crate::descr::GLOBALS[1],
        crate::descr::GLOBALS[2],
        crate::descr::GLOBALS[3],
        crate::descr::DTYPE_SIG_GLOBALS,
        crate::ndarray::NDARRAY_SIG_GLOBALS,
        crate::ndarray::ASTYPE_GLOBALS[0],
        crate::ndarray::ASTYPE_GLOBALS[1],
        crate::ndarray::ASTYPE_GLOBALS[2],
        crate::ndarray::JOIN_GLOBALS[0],
        crate::ndarray::JOIN_GLOBALS[1],
        crate::ndarray::JOIN_GLOBALS[2],
        crate::ndarray::JOIN_GLOBALS[3],
        crate::ndarray::JOIN_GLOBALS[4],
        crate::ndarray::JOIN_GLOBALS[5],
        crate::ndarray::JOIN_GLOBALS[6],
        crate::ndarray::JOIN_GLOBALS[7],
        crate::ndarray::JOIN_GLOBALS[8],
        crate::ndarray::JOIN_GLOBALS[9],
        crate::ndarray::JOIN_GLOBALS[10],
        crate::ndarray::JOIN_GLOBALS[11],
        crate::ndarray::shape_ops::GLOBALS[0],
        crate::ndarray::shape_ops::GLOBALS[1],
        crate::ndarray::shape_ops::GLOBALS[2],
        crate::ndarray::shape_ops::GLOBALS[3],
        crate::ndarray::shape_ops::GLOBALS[4],
        crate::ndarray::shape_ops::GLOBALS[5],
        crate::ndarray::shape_ops::GLOBALS[6],
        crate::ndarray::shape_ops::GLOBALS[7],
        crate::ndarray::shape_ops::GLOBALS[8],
        crate::ndarray::shape_ops::GLOBALS[9],
        crate::ndarray::shape_ops::GLOBALS[10],
        crate::ndarray::shape_ops::GLOBALS[11],
        crate::ndarray::shape_ops::GLOBALS[12],
        crate::ndarray::shape_ops::GLOBALS[13],
        crate::ndarray::shape_ops::GLOBALS[14],
        crate::ndarray::shape_ops::GLOBALS[15],
        testing::parse::SIG_F1.globals(),
        testing::parse::SIG_F2.globals(),
        testing::parse::SIG_OUT.globals(),
        testing::parse::SIG_UFUNC.globals(),
        testing::parse::SIG_MIXED.globals(),
        testing::parse::SIG_AXIS.globals(),
        testing::parse::SIG_SHAPE.globals(),
        testing::parse::SIG_ORDER.globals(),
        testing::parse::SIG_NUMBERS.globals(),
    ],
    type_specs: [
        &testing::SPECS,
        &crate::descr::SPECS,
        &crate::descr::CONCRETE_ANY,
        &crate::scalar_types::SPECS,
        &crate::scalar_types::CONCRETE,
        &crate::ndarray::SPECS,
    ],
);
