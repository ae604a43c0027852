//! The per-module state pattern (HPy 0.9 has no module state: `HPyModuleDef.size
//! > 0` raises SystemError).

use core::any::Any;
use core::ffi::CStr;
use core::marker::PhantomData;

use crate::capsule::Capsule;
use crate::ctx::Ctx;
use crate::err::PyResult;
use crate::global::Global;

/// One Rust value owned by the module, kept in a capsule reachable from an
/// [`Global`] (list [`ModuleState::global`] in the module's `globals`).
///
/// Python objects the module caches go in their own `Global`s; everything
/// else (tables, flags, caches of Rust data) lives in `T`. When HPy gains real
/// module state, only this accessor changes.
pub struct ModuleState<T: 'static> {
    global: Global,
    _t: PhantomData<fn() -> T>,
}

const STATE_NAME: &CStr = c"hpy.ModuleState";

impl<T: Any> ModuleState<T> {
    /// An empty state slot.
    pub const fn new() -> Self {
        Self {
            global: Global::new(),
            _t: PhantomData,
        }
    }

    /// The global to list in the module definition.
    pub const fn global(&'static self) -> &'static Global {
        &self.global
    }

    /// Creates the state (in the module's exec slot).
    pub fn init(&'static self, ctx: Ctx<'_>, value: T) -> PyResult<()> {
        let cap = Capsule::new_boxed(ctx, STATE_NAME, value)?;
        self.global.store(ctx, &cap);
        Ok(())
    }

    /// Runs `f` with the state.
    pub fn with<'c, R>(&'static self, ctx: Ctx<'c>, f: impl FnOnce(&T) -> R) -> PyResult<R> {
        let cap = self.global.load(ctx)?;
        let v = Capsule::get_boxed::<T>(ctx, &cap, STATE_NAME)?;
        Ok(f(v))
    }
}

impl<T: Any> Default for ModuleState<T> {
    fn default() -> Self {
        Self::new()
    }
}
