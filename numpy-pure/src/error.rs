//! Which Python exception each error of this crate becomes.
//!
//! The crate knows no Python, but NumPy's users see its errors: each error
//! names the exception NumPy raises for the same mistake ([`ExcKind`]), its
//! `Display` is NumPy's message, and the extension maps the kind to the real
//! class in one place (`numpy_core::errors`), as rust-numpy's `error.rs` does.

use core::fmt::Display;

/// The Python exception a NumPy error is raised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExcKind {
    /// `TypeError` (NumPy raises its subclass `UFuncTypeError` for some; a
    /// `TypeError` handler catches both).
    TypeError,
    /// `ValueError`.
    ValueError,
    /// `IndexError`.
    IndexError,
    /// `OverflowError` (`Python integer 1000 out of bounds for int8`).
    OverflowError,
    /// `MemoryError` (NumPy raises its subclass `_ArrayMemoryError`).
    MemoryError,
    /// `numpy.exceptions.AxisError` (a subclass of both `ValueError` and
    /// `IndexError`).
    AxisError,
}

impl ExcKind {
    /// The exception's Python name.
    pub fn name(self) -> &'static str {
        match self {
            ExcKind::TypeError => "TypeError",
            ExcKind::ValueError => "ValueError",
            ExcKind::IndexError => "IndexError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::MemoryError => "MemoryError",
            ExcKind::AxisError => "AxisError",
        }
    }
}

/// An error with NumPy's message (its `Display`) and exception class.
pub trait PythonError: Display {
    /// The class NumPy raises for it.
    fn kind(&self) -> ExcKind;
}
