//! Owned and borrowed handles, and the argument array of a vectorcall.
//!
//! Lifetimes (PyO3's `Bound<'py, T>` / `Borrowed<'a, 'py, T>`): `'c` is the
//! call from the runtime into our code (a handle never escapes it); `'a` is
//! how long a borrowed handle's owner keeps it open. A [`Borrowed`] made from
//! a [`Handle`] borrows the handle (`'a` is the `&'a self` of
//! [`Handle::borrow`]), so it cannot outlive it; arguments, `self` and
//! context constants are open for the whole call, `Borrowed<'c, 'c>`.

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

    /// The handle, borrowed for as long as `self` is (for item lists such as
    /// those of [`Ctx::call`] and [`Ctx::tuple`]).
    #[inline]
    fn as_borrowed(&self) -> Borrowed<'_, 'c> {
        Borrowed {
            // The trait's contract: open while `self` exists, so for as long
            // as `self` is borrowed.
            raw: self.raw(),
            _p: PhantomData,
        }
    }
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

    /// A borrowed view of this handle, valid while `self` is borrowed: it
    /// cannot outlive the handle (which closes it when dropped).
    #[inline]
    pub fn borrow(&self) -> Borrowed<'_, 'c> {
        Borrowed {
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

/// A handle of the call `'c` that someone else keeps open for `'a` (an
/// argument, `self` or a context constant for the whole call; a [`Handle`]
/// for as long as it is borrowed). Never closed by us.
///
/// `repr(transparent)` over `HPy`, so a slice of them is the `HPy *` array
/// the runtime reads and passes (see [`CallArgs`], [`Ctx::call`]).
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Borrowed<'a, 'c> {
    raw: ffi::HPy,
    /// Borrows its owner for `'a` (which implies `'c: 'a`); not `Send`.
    _p: PhantomData<&'a Handle<'c>>,
}

impl<'a, 'c> Borrowed<'a, 'c> {
    /// Borrows `raw`.
    ///
    /// # Safety
    /// `raw` must be a non-NULL handle of `ctx`'s call that stays open for
    /// `'a`.
    #[inline]
    pub unsafe fn from_raw(_ctx: Ctx<'c>, raw: ffi::HPy) -> Self {
        Self {
            raw,
            _p: PhantomData,
        }
    }

    /// Itself: lets call sites write `x.borrow()` whether `x` is a
    /// [`Handle`] or already borrowed (e.g. in the item lists of
    /// [`Ctx::call`] and [`Ctx::tuple`]).
    #[inline]
    pub fn borrow(self) -> Self {
        self
    }
}

// SAFETY: a borrowed handle is open for `'a`, as long as it exists
// (invariant of `Borrowed`).
unsafe impl<'c> AsHandle<'c> for Borrowed<'_, 'c> {
    fn raw(self) -> ffi::HPy {
        self.raw
    }
}

// SAFETY: as for `Borrowed`.
unsafe impl<'c> AsHandle<'c> for &Borrowed<'_, 'c> {
    fn raw(self) -> ffi::HPy {
        self.raw
    }
}

impl core::fmt::Debug for Borrowed<'_, '_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Borrowed({})", self.raw._i)
    }
}

/// The argument array of a vectorcall, `tp_new` or FASTCALL entry point:
/// handles the runtime keeps open for the whole call. Only the entry-point
/// machinery makes one (PyO3's fastcall arguments), so safe code cannot
/// present made-up handle values as arguments; it derefs to
/// `[Borrowed<'c, 'c>]`.
#[derive(Clone, Copy)]
pub struct CallArgs<'c> {
    items: &'c [Borrowed<'c, 'c>],
}

impl<'c> CallArgs<'c> {
    /// The `n` handles at `args`.
    ///
    /// # Safety
    /// `args` must point to `n` open handles of `ctx`'s call (or `n == 0`)
    /// that stay open, unchanged, for `'c`.
    #[inline]
    pub(crate) unsafe fn from_raw(_ctx: Ctx<'c>, args: *const ffi::HPy, n: usize) -> Self {
        if n == 0 || args.is_null() {
            return Self { items: &[] };
        }
        // SAFETY: the caller's guarantee; `Borrowed` is `repr(transparent)`
        // over `HPy`, so the array reads as `n` borrowed handles.
        let items = unsafe { core::slice::from_raw_parts(args.cast::<Borrowed<'c, 'c>>(), n) };
        Self { items }
    }

    /// The handles, for the whole call.
    #[inline]
    pub fn as_slice(self) -> &'c [Borrowed<'c, 'c>] {
        self.items
    }

    /// The array as the `const HPy *` HPy's C helpers read (e.g.
    /// `HPyArg_ParseKeywords`).
    #[inline]
    pub fn as_raw_ptr(self) -> *const ffi::HPy {
        raw_slice(self.items).as_ptr()
    }
}

impl<'c> core::ops::Deref for CallArgs<'c> {
    type Target = [Borrowed<'c, 'c>];
    #[inline]
    fn deref(&self) -> &[Borrowed<'c, 'c>] {
        self.items
    }
}

impl<'c> AsRef<[Borrowed<'c, 'c>]> for CallArgs<'c> {
    #[inline]
    fn as_ref(&self) -> &[Borrowed<'c, 'c>] {
        self.items
    }
}

impl<'c> IntoIterator for CallArgs<'c> {
    type Item = &'c Borrowed<'c, 'c>;
    type IntoIter = core::slice::Iter<'c, Borrowed<'c, 'c>>;
    #[inline]
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl core::fmt::Debug for CallArgs<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.items).finish()
    }
}

/// The raw handles of a slice of borrowed ones, without copying (for the
/// HPy calls that read an `HPy *` array).
#[inline]
pub(crate) fn raw_slice<'s>(items: &'s [Borrowed<'_, '_>]) -> &'s [ffi::HPy] {
    // SAFETY: `Borrowed` is `repr(transparent)` over `HPy`.
    unsafe { core::slice::from_raw_parts(items.as_ptr().cast::<ffi::HPy>(), items.len()) }
}
