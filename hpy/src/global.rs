//! `HPyGlobal`: a module-level reference to a Python object.

use core::cell::UnsafeCell;

use hpy_sys as ffi;

use crate::ctx::{Ctx, api};
use crate::err::{ExcType, PyErr, PyResult};
use crate::handle::{AsHandle, Borrowed, Handle};

/// A global reference to a Python object, listed in the module definition's
/// `globals` so the runtime registers (and writes) it.
///
/// The runtime writes the slot, so it needs writable static memory: this is
/// HPy's `HPyGlobal` in an `UnsafeCell`, without `static mut`.
#[repr(transparent)]
pub struct Global(UnsafeCell<ffi::HPyGlobal>);

// SAFETY: the slot is only written by the runtime (registration at module
// init, `HPyGlobal_Store`) while it holds the interpreter lock, and read under
// the same lock, so no two threads touch it at once.
unsafe impl Sync for Global {}

impl Global {
    /// An empty global, to be listed in [`crate::module!`]'s `globals`.
    pub const fn new() -> Self {
        Self(UnsafeCell::new(ffi::HPyGlobal { _i: 0 }))
    }

    /// The slot, for the module definition's `globals` list.
    pub const fn as_ptr(&'static self) -> *mut ffi::HPyGlobal {
        self.0.get()
    }

    /// Stores a new reference to `h`.
    pub fn store<'c>(&'static self, ctx: Ctx<'c>, h: impl AsHandle<'c>) {
        api!(ctx, ctx_Global_Store, self.0.get(), h.raw());
    }

    /// A new handle to the stored object.
    pub fn load<'c>(&'static self, ctx: Ctx<'c>) -> PyResult<Handle<'c>> {
        // SAFETY: see the `Sync` impl: reads happen under the interpreter lock.
        let g = unsafe { *self.0.get() };
        if g._i == 0 {
            return Err(PyErr::new(
                ExcType::SystemError,
                "HPyGlobal used before the module initialised it",
            ));
        }
        ctx.check(api!(ctx, ctx_Global_Load, g))
    }
}

impl Global {
    /// Whether the stored object is `h` (`HPy_Is`), without creating a handle
    /// where the runtime allows: on CPython's universal backend a global and
    /// a handle both hold the object's address, so identity is one integer
    /// compare; elsewhere the global is loaded and compared with `HPy_Is`.
    #[inline]
    pub fn is<'c>(&'static self, ctx: Ctx<'c>, h: impl AsHandle<'c>) -> PyResult<bool> {
        if ctx.handles_are_objects() {
            return Ok(self.is_raw(h));
        }
        let g = self.load(ctx)?;
        Ok(ctx.is(&g, h))
    }

    /// [`Global::is`] for callers that already know `ctx.handles_are_objects()`
    /// (hot loops check it once): one integer compare.
    #[inline(always)]
    pub fn is_raw<'c>(&'static self, h: impl AsHandle<'c>) -> bool {
        // SAFETY: read under the interpreter lock, see the `Sync` impl.
        let g = unsafe { *self.0.get() };
        g._i != 0 && g._i == h.raw()._i
    }
}

impl Global {
    /// The stored object as a handle borrowed from the global itself (no new
    /// reference, no handle to close) where a global and a handle are the
    /// same word, CPython's universal backend; `None` elsewhere or when unset.
    ///
    /// # Safety
    /// The global must not be stored to while the borrowed handle is used:
    /// meant for globals written once, when the module is initialised (such
    /// as a type spec's type object), read during later calls.
    #[inline]
    pub unsafe fn borrow_stable<'c>(&'static self, ctx: Ctx<'c>) -> Option<Borrowed<'c, 'c>> {
        if !ctx.handles_are_objects() {
            return None;
        }
        // SAFETY: read under the interpreter lock, see the `Sync` impl.
        let g = unsafe { *self.0.get() };
        if g._i == 0 {
            return None;
        }
        // SAFETY: on this backend the global's word is the object's handle;
        // the global owns a reference, which the caller promises is not
        // dropped (no store) while the borrowed handle is in use.
        Some(unsafe { Borrowed::from_raw(ctx, ffi::HPy { _i: g._i }) })
    }
}

impl Default for Global {
    fn default() -> Self {
        Self::new()
    }
}
