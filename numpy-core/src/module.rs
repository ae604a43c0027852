//! The module definition: its exec slot, functions and per-module state.

use hpy::{Borrowed, Ctx, Handle, ModuleState, PyResult};

use crate::testing;

/// Everything of the module that is not a Python object (those are in
/// `HPyGlobal`s): HPy 0.9 has no module state, see `hpy::ModuleState`.
pub struct State {
    /// SIMD features chosen at import.
    pub cpu_features: Vec<&'static str>,
}

/// The module's state.
pub static STATE: ModuleState<State> = ModuleState::new();

fn exec<'c>(ctx: Ctx<'c>, module: Borrowed<'c>) -> PyResult<()> {
    STATE.init(
        ctx,
        State {
            cpu_features: crate::cpu::detect(),
        },
    )?;
    testing::init(ctx, module)?;
    Ok(())
}

fn cpu_features<'c>(ctx: Ctx<'c>, _m: Borrowed<'c>) -> PyResult<Handle<'c>> {
    let names = STATE.with(ctx, |s| s.cpu_features.clone())?;
    ctx.tuple_of_strs(&names)
}

hpy::slot!(static EXEC: mod_exec = HPy_mod_exec, exec);
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
    ],
    globals: [
        STATE.global(),
        &testing::CACHED_OBJ,
        &testing::TESTING_MODULE,
    ],
    global_groups: [
        testing::SPECS[0].globals(),
        testing::SPECS[1].globals(),
        testing::SPECS[2].globals(),
        testing::SPECS[3].globals(),
        testing::SPECS[4].globals(),
        testing::SPECS[5].globals(),
    ],
);
