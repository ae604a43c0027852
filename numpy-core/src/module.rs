//! The module definition: its exec slot, functions and per-module state.

use core::ffi::CStr;

use hpy::{Borrowed, Ctx, Global, Handle, ModuleState, PyResult};

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

/// The module's own init step (the parts' come after it).
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
    crate::capi::publish(ctx, module)
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

hpy::meth!(static CTX_INFO: noargs = c"_ctx_info", ctx_info);
hpy::meth!(
    static CPU_FEATURES: noargs = c"_cpu_features",
    cpu_features,
    c"_cpu_features()\n--\n\nThe SIMD features in use, as a tuple of str."
);

hpy::part!(
    /// The whole module: its own functions, state and exceptions, then each
    /// part of the extension (which declares its functions, globals and
    /// types in its own file).
    static MODULE = {
        defines: [CPU_FEATURES, CTX_INFO],
        globals: [
            hpy::Globals::one(STATE.global()),
            hpy::Globals::one(&AXIS_ERROR),
            hpy::Globals::one(&COMPLEX_WARNING),
        ],
        init: exec,
        parts: [
            crate::descr::PART,
            crate::scalar_types::PART,
            crate::ndarray::PART,
            crate::ufunc::PART,
        ],
    }
);

hpy::module!(
    _core,
    doc: c"numpy_hpy._core: the HPy universal core of numpy_hpy",
    part: MODULE,
);

#[cfg(test)]
mod tests {
    use super::MODULE;

    /// A function or global listed by two parts would be registered twice
    /// (HPy would overwrite the global's slot, losing the first store).
    #[test]
    fn parts_list_each_def_and_global_once() {
        let mut defs = Vec::new();
        MODULE.all_defines(&mut defs);
        let mut ptrs: Vec<_> = defs.iter().map(|d| d.as_ptr()).collect();
        ptrs.sort();
        ptrs.dedup();
        assert_eq!(ptrs.len(), defs.len(), "a def is listed twice");
        assert_eq!(defs.len(), MODULE.count_defines());

        let mut globals = Vec::new();
        MODULE.all_globals(&mut globals);
        let mut ptrs: Vec<_> = globals.iter().map(|g| g.as_ptr()).collect();
        ptrs.sort();
        ptrs.dedup();
        assert_eq!(ptrs.len(), globals.len(), "a global is listed twice");
        assert_eq!(globals.len(), MODULE.count_globals());
    }
}
