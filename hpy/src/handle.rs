//! Owned and borrowed handles.

use core::marker::PhantomData;
use core::mem::ManuallyDrop;

use hpy_sys as ffi;

use crate::ctx::{Ctx, api};

/// Anything that stands for an open handle during the call `'c`.
///
/// Implemented for `&Handle` and `Borrowed` so APIs can take either without
/// consuming an owned handle; never for a raw `HPy` (any integer would pass
/// as a handle).
///
/// # Safety
/// `raw` must return a handle that is open for as long as `self` exists.
pub unsafe trait AsHandle<'c>: Copy {
    /// The raw handle; it stays owned by `self`.
    fn raw(self) -> ffi::HPy;
}

/// An owned handle, closed exactly once when dropped.
///
/// Invariant: `raw` is an open, non-NULL handle that nobody else will close,
/// valid in `ctx` for the call `'c`.
pub struct Handle<'c> {
    ctx: Ctx<'c>,
    raw: ffi::HPy,
}

impl<'c> Handle<'c> {
    /// Takes ownership of `raw`.
    ///
    /// # Safety
    /// `raw` must be a non-NULL open handle of `ctx` that the caller owns and
    /// does not close itself.
    pub unsafe fn from_raw(ctx: Ctx<'c>, raw: ffi::HPy) -> Self {
        debug_assert!(raw._i != 0, "NULL handle");
        Self { ctx, raw }
    }

    /// Gives up ownership: the caller must close the returned handle (used to
    /// return a result to the runtime).
    pub fn into_raw(self) -> ffi::HPy {
        ManuallyDrop::new(self).raw
    }

    /// The context this handle lives in.
    pub fn ctx(&self) -> Ctx<'c> {
        self.ctx
    }

    /// A borrowed view of this handle.
    pub fn borrow(&self) -> Borrowed<'c> {
        Borrowed {
            ctx: self.ctx,
            raw: self.raw,
            _p: PhantomData,
        }
    }
}

impl Drop for Handle<'_> {
    fn drop(&mut self) {
        api!(self.ctx, ctx_Close, self.raw);
    }
}

// SAFETY: an owned handle is open while it is borrowed.
unsafe impl<'c> AsHandle<'c> for &Handle<'c> {
    fn raw(self) -> ffi::HPy {
        self.raw
    }
}

impl core::fmt::Debug for Handle<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Handle({})", self.raw._i)
    }
}

/// A handle owned by someone else for the whole call `'c` (an argument, `self`,
/// a context constant). Never closed by us.
#[derive(Clone, Copy)]
pub struct Borrowed<'c> {
    ctx: Ctx<'c>,
    raw: ffi::HPy,
    _p: PhantomData<&'c ()>,
}

impl<'c> Borrowed<'c> {
    /// Borrows `raw`.
    ///
    /// # Safety
    /// `raw` must be a non-NULL handle that stays open for the whole call `'c`.
    pub unsafe fn from_raw(ctx: Ctx<'c>, raw: ffi::HPy) -> Self {
        Self {
            ctx,
            raw,
            _p: PhantomData,
        }
    }

    /// The context this handle lives in.
    pub fn ctx(self) -> Ctx<'c> {
        self.ctx
    }

    /// A new owned handle to the same object.
    pub fn to_owned(self) -> Handle<'c> {
        self.ctx.dup(self)
    }
}

// SAFETY: a borrowed handle is open for `'c` (invariant of `Borrowed`).
unsafe impl<'c> AsHandle<'c> for Borrowed<'c> {
    fn raw(self) -> ffi::HPy {
        self.raw
    }
}

// SAFETY: as for `Borrowed`.
unsafe impl<'c> AsHandle<'c> for &Borrowed<'c> {
    fn raw(self) -> ffi::HPy {
        self.raw
    }
}

impl core::fmt::Debug for Borrowed<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Borrowed({})", self.raw._i)
    }
}
