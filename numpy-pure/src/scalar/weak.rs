//! NEP 50: a NumPy scalar with a Python `bool`/`int`/`float`/`complex`
//! (`np.int8(1) + 1000`, `np.float32(1) + 0.1`).
//!
//! A Python number is "weak": it takes the NumPy operand's dtype when its kind
//! allows (an `int` with any integer or inexact dtype, a `float` with an
//! inexact one), otherwise the lowest dtype of its own kind at the NumPy
//! operand's precision (`float32` with `complex` gives `complex64`), and a
//! Python `int` with `np.bool` gives the default integer, `int64`. A Python
//! `bool` behaves as `np.bool`. This is [`weak_result_dtype`]; the caller
//! converts both operands to it (the NumPy one with [`Scalar::cast`], the
//! Python one with the `weak_*_to_scalar` functions here) and runs the op.

use super::cast::Cast;
use super::error::{ExcKind, ScalarError};
use super::float::FpFlags;
use super::{Kind, Scalar, dtype_name, int_range, kind};
use crate::dtype::DType;
use num_complex::Complex;

/// The kind of a Python number operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyKind {
    /// `bool` (acts as `np.bool`)
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `complex`
    Complex,
}

/// The dtype NumPy computes `np.<dtype>(x) <op> <python number>` in.
pub fn weak_result_dtype(dtype: DType, py: PyKind) -> DType {
    let k = kind(dtype);
    match py {
        PyKind::Bool => dtype,
        PyKind::Int if k == Kind::Bool => DType::Int64,
        PyKind::Int => dtype,
        PyKind::Float => match k {
            Kind::Float | Kind::Complex => dtype,
            _ => DType::Float64,
        },
        PyKind::Complex => match dtype {
            DType::Float32 | DType::Complex64 => DType::Complex64,
            _ => DType::Complex128,
        },
    }
}

/// Whether a Python int can join an operation with a `dtype` scalar (the
/// value fits the integer result dtype; always for float and complex dtypes).
pub fn weak_int_fits(dtype: DType, value: i128) -> bool {
    weak_int_check(dtype, value).is_ok()
}

/// The `OverflowError` NumPy raises for a Python int that does not fit:
/// `Python integer 1000 out of bounds for int8`, or CPython's
/// `Python int too large to convert to C long` where NumPy first converts the
/// int to a C `long` (anything outside int64, except 2**63..2**64 with uint32
/// and uint64, read as `unsigned long`).
///
/// Ints beyond `i128` never fit an integer dtype: callers holding one raise the
/// C-long error for bool/integer dtypes themselves.
pub fn weak_int_check(dtype: DType, value: i128) -> Result<(), ScalarError> {
    let to = weak_result_dtype(dtype, PyKind::Int);
    let Some((lo, hi)) = int_range(to) else {
        return Ok(());
    };
    let c_long = (i64::MIN as i128)..=(i64::MAX as i128);
    // uint32 and uint64 read a nonnegative int as a C `unsigned long`.
    let unsigned_long =
        matches!(to, DType::UInt32 | DType::UInt64) && (0..=(u64::MAX as i128)).contains(&value);
    let readable = c_long.contains(&value) || unsigned_long;
    if !readable {
        return Err(ScalarError::new(
            ExcKind::OverflowError,
            "Python int too large to convert to C long",
        ));
    }
    if value < lo || value > hi {
        return Err(ScalarError::new(
            ExcKind::OverflowError,
            format!(
                "Python integer {value} out of bounds for {}",
                dtype_name(to)
            ),
        ));
    }
    Ok(())
}

/// A Python int as the other operand of a `dtype` scalar: checked
/// ([`weak_int_check`]) and converted to [`weak_result_dtype`]. For float32
/// the int rounds to a double first (as `PyLong_AsDouble`), then to float32,
/// which may overflow (`overflow encountered in cast`, in the result's
/// flags). Callers with an int beyond `i128` and an inexact dtype convert it
/// to a double themselves (`int too large to convert to float` past 1.8e308).
pub fn weak_int_to_scalar(dtype: DType, value: i128) -> Result<Cast, ScalarError> {
    weak_int_check(dtype, value)?;
    let to = weak_result_dtype(dtype, PyKind::Int);
    Ok(match kind(to) {
        Kind::Float | Kind::Complex => Scalar::Float64(value as f64).cast_checked(to),
        _ => Cast {
            value: Scalar::from_i128(to, value),
            flags: FpFlags::NONE,
            discards_imaginary: false,
        },
    })
}

/// A Python float as the other operand of a `dtype` scalar, converted to
/// [`weak_result_dtype`] (float32 rounds, and may overflow to inf).
pub fn weak_float_to_scalar(dtype: DType, value: f64) -> Cast {
    Scalar::Float64(value).cast_checked(weak_result_dtype(dtype, PyKind::Float))
}

/// A Python complex as the other operand of a `dtype` scalar.
pub fn weak_complex_to_scalar(dtype: DType, value: Complex<f64>) -> Cast {
    Scalar::Complex128(value).cast_checked(weak_result_dtype(dtype, PyKind::Complex))
}
