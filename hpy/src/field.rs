//! `HPyField`: a handle stored inside one of our objects.

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void};

use hpy_sys as ffi;

use crate::ctx::{Ctx, api};
use crate::err::{PyErr, PyResult};
use crate::handle::{AsHandle, Handle};

/// A reference from one of our objects to another Python object.
///
/// Fields are written with [`Field::store`], which needs the owning object
/// (runtimes with moving GCs need the write barrier), and must be visited by
/// the owner's [`crate::ObjectData::traverse`]. Zero-filled memory is an empty
/// field, matching how runtimes allocate instances.
#[repr(transparent)]
pub struct Field(UnsafeCell<ffi::HPyField>);

impl Field {
    /// An empty field.
    pub const fn null() -> Self {
        Self(UnsafeCell::new(ffi::HPyField { _i: 0 }))
    }

    /// Whether nothing was stored.
    pub fn is_null(&self) -> bool {
        // SAFETY: reading the plain integer; writes happen only in `store`,
        // never concurrently (the interpreter lock serialises calls).
        unsafe { (*self.0.get())._i == 0 }
    }

    /// Stores `value` in this field of `owner` (`self` must live inside `owner`).
    pub fn store<'c>(&self, ctx: Ctx<'c>, owner: impl AsHandle<'c>, value: impl AsHandle<'c>) {
        api!(ctx, ctx_Field_Store, owner.raw(), self.0.get(), value.raw());
    }

    /// A new handle to the stored object.
    pub fn load<'c>(&self, ctx: Ctx<'c>, owner: impl AsHandle<'c>) -> PyResult<Handle<'c>> {
        if self.is_null() {
            return Err(PyErr::new(crate::ExcType::SystemError, "empty HPyField"));
        }
        // SAFETY: reading the field value, as in `is_null`.
        let f = unsafe { *self.0.get() };
        ctx.check(api!(ctx, ctx_Field_Load, owner.raw(), f))
    }
}

impl Default for Field {
    fn default() -> Self {
        Self::null()
    }
}

/// The visitor a runtime's garbage collector passes to `tp_traverse`.
pub struct Visitor {
    visit: ffi::HPyFunc_visitproc,
    arg: *mut c_void,
}

impl Visitor {
    pub(crate) fn new(visit: ffi::HPyFunc_visitproc, arg: *mut c_void) -> Self {
        Self { visit, arg }
    }

    /// Reports one field; a non-zero result must be returned at once.
    pub fn visit(&mut self, field: &Field) -> c_int {
        if field.is_null() {
            return 0;
        }
        match self.visit {
            // SAFETY: the GC's visit function accepts any field of the object
            // being traversed, with the `arg` it gave us.
            Some(f) => unsafe { f(field.0.get(), self.arg) },
            None => 0,
        }
    }
}
