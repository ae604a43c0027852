//! The one mapping from the pure crate's errors to Python exceptions.
//!
//! `numpy_pure` errors carry NumPy's message and an [`ExcKind`]; this is the
//! only place a kind becomes a class (`AxisError` is ours, created at import).

use hpy::{ExcType, PyErr};
use numpy_pure::error::{ExcKind, PythonError};

/// The exception NumPy raises for `kind`, with NumPy's message.
#[cold]
pub fn raise(kind: ExcKind, msg: impl Into<String>) -> PyErr {
    let ty = match kind {
        ExcKind::TypeError => ExcType::TypeError,
        ExcKind::ValueError => ExcType::ValueError,
        ExcKind::IndexError => ExcType::IndexError,
        ExcKind::OverflowError => ExcType::OverflowError,
        ExcKind::MemoryError => ExcType::MemoryError,
        ExcKind::AxisError => ExcType::Custom(&crate::module::AXIS_ERROR),
    };
    PyErr::new(ty, msg.into())
}

/// An empty vector with room for `n` items, or MemoryError when that cannot
/// be had: for buffers whose size the user picks (an infallible allocation
/// that fails aborts the process).
pub fn vec_with_capacity<T>(n: usize) -> Result<Vec<T>, PyErr> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| {
        PyErr::new(
            ExcType::MemoryError,
            format!("Unable to allocate memory for {n} items"),
        )
    })?;
    Ok(v)
}

/// Any error of the pure crate as its Python exception:
/// `parse_dtype(s).map_err(py_err)?`.
#[cold]
pub fn py_err<E: PythonError>(e: E) -> PyErr {
    raise(e.kind(), e.to_string())
}
