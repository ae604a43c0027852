//! An owned handle together with its instance's Rust data (PyO3's `PyRef`).

use core::ptr::NonNull;

use crate::ctx::Ctx;
use crate::def::TypeSpec;
use crate::err::PyResult;
use crate::handle::Handle;
use crate::object::ObjectData;

/// An owned handle to an instance of a type storing `T`, and that `T`.
///
/// [`TypeSpec::data`] lends the data for as long as the handle it was read
/// through is borrowed; this keeps the handle, so the data can travel with
/// it (e.g. in a struct) for as long as the handle is open.
pub struct Instance<'c, T: ObjectData> {
    handle: Handle<'c>,
    /// Invariant: the payload of `handle`'s object, which stays where it is
    /// (HPy objects do not move) while `handle` keeps the object alive.
    data: NonNull<T>,
}

impl<'c, T: ObjectData> Instance<'c, T> {
    /// The handle.
    #[inline]
    pub fn handle(&self) -> &Handle<'c> {
        &self.handle
    }

    /// Gives the handle back.
    #[inline]
    pub fn into_handle(self) -> Handle<'c> {
        self.handle
    }
}

impl<T: ObjectData> core::ops::Deref for Instance<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: invariant of `Instance`: `self.handle` keeps the object,
        // and so its payload, alive and in place for as long as `self` is
        // borrowed.
        unsafe { self.data.as_ref() }
    }
}

impl<T: ObjectData> TypeSpec<T> {
    /// `h` with its data when it is an instance of this spec's type (see
    /// [`TypeSpec::data_opt`]); `None` (dropping `h`) otherwise.
    pub fn instance_opt<'c>(
        &'static self,
        ctx: Ctx<'c>,
        h: Handle<'c>,
    ) -> PyResult<Option<Instance<'c, T>>> {
        let data = match self.data_opt(ctx, h.borrow())? {
            Some(d) => NonNull::from(d),
            None => return Ok(None),
        };
        Ok(Some(Instance { handle: h, data }))
    }
}
