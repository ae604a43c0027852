//! Errors that become Python exceptions at the entry-point boundary.

use std::borrow::Cow;
use std::ffi::CString;

use hpy_sys as ffi;

use crate::ctx::{Ctx, api};
use crate::global::Global;

/// The type of a Python exception to raise.
#[derive(Clone, Copy)]
pub enum ExcType {
    /// `TypeError`
    TypeError,
    /// `ValueError`
    ValueError,
    /// `IndexError`
    IndexError,
    /// `KeyError`
    KeyError,
    /// `OverflowError`
    OverflowError,
    /// `ZeroDivisionError`
    ZeroDivisionError,
    /// `AttributeError`
    AttributeError,
    /// `RuntimeError`
    RuntimeError,
    /// `SystemError`
    SystemError,
    /// `MemoryError`
    MemoryError,
    /// `NotImplementedError`
    NotImplementedError,
    /// `ImportError`
    ImportError,
    /// `BufferError`
    BufferError,
    /// An exception class the extension created and keeps in a [`Global`]
    /// (e.g. NumPy's `AxisError`).
    Custom(&'static Global),
}

impl ExcType {
    /// Raises this type with `msg` in the interpreter.
    fn set(self, ctx: Ctx<'_>, msg: &str) {
        let t = ctx.table();
        let builtin = match self {
            Self::TypeError => t.h_TypeError,
            Self::ValueError => t.h_ValueError,
            Self::IndexError => t.h_IndexError,
            Self::KeyError => t.h_KeyError,
            Self::OverflowError => t.h_OverflowError,
            Self::ZeroDivisionError => t.h_ZeroDivisionError,
            Self::AttributeError => t.h_AttributeError,
            Self::RuntimeError => t.h_RuntimeError,
            Self::SystemError => t.h_SystemError,
            Self::MemoryError => t.h_MemoryError,
            Self::NotImplementedError => t.h_NotImplementedError,
            Self::ImportError => t.h_ImportError,
            Self::BufferError => t.h_BufferError,
            Self::Custom(g) => {
                match g.load(ctx) {
                    Ok(h) if !ctx.is_none(&h) => set_string(ctx, crate::AsHandle::raw(&h), msg),
                    // The exception class is not created yet: still raise
                    // something meaningful.
                    _ => set_string(ctx, t.h_SystemError, msg),
                }
                return;
            }
        };
        set_string(ctx, builtin, msg);
    }
}

fn set_string(ctx: Ctx<'_>, ty: ffi::HPy, msg: &str) {
    // An interior NUL cannot be passed to C: cut the message there.
    let msg = CString::new(msg.split('\0').next().unwrap_or("")).unwrap_or_default();
    api!(ctx, ctx_Err_SetString, ty, msg.as_ptr());
}

/// An error on its way to Python.
pub enum PyErr {
    /// An HPy call failed and the exception is already set in the interpreter.
    Fetched,
    /// An exception to raise at the boundary.
    New(ExcType, Cow<'static, str>),
}

/// The result of anything that may raise.
pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    /// An error whose exception is already set.
    #[cold]
    pub fn fetched() -> Self {
        Self::Fetched
    }

    /// An exception of type `ty` with `msg`.
    #[cold]
    pub fn new(ty: ExcType, msg: impl Into<Cow<'static, str>>) -> Self {
        Self::New(ty, msg.into())
    }

    /// `TypeError(msg)`.
    #[cold]
    pub fn type_error(msg: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ExcType::TypeError, msg)
    }

    /// `ValueError(msg)`.
    #[cold]
    pub fn value_error(msg: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ExcType::ValueError, msg)
    }

    /// Sets the exception in the interpreter (no-op for `Fetched`, whose
    /// exception is already set).
    #[cold]
    pub fn restore(self, ctx: Ctx<'_>) {
        match self {
            Self::Fetched => {
                if !ctx.err_occurred() {
                    // An HPy call reported failure without an exception:
                    // never return NULL without one set.
                    ExcType::SystemError.set(ctx, "error return without exception set");
                }
            }
            Self::New(ty, msg) => ty.set(ctx, &msg),
        }
    }
}

impl core::fmt::Display for PyErr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Fetched => f.write_str("<exception set in the interpreter>"),
            Self::New(_, msg) => f.write_str(msg),
        }
    }
}

impl core::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(self, f)
    }
}
