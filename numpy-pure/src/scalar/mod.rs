//! NumPy 2 scalar semantics (`np.int8(3) + np.int8(5)`, `repr(np.float32(0.1))`)
//! as plain Rust values.
//!
//! The Python scalar types wrap these; this module holds what NumPy's
//! `scalarmath.c.src` and `scalartypes.c.src` compute: the value, the result
//! dtype, the floating-point status flags the operation raised (which the caller
//! turns into `RuntimeWarning`s under the current `errstate`), and the exception
//! NumPy raises instead of a result.
//!
//! Binary operations take two scalars of the *same* dtype: callers promote first
//! (`crate::dtype` promotion, [`weak`] for Python operands, NEP 50).
//!
//! Every behaviour here is checked row by row against tables generated from real
//! NumPy by `scripts/gen-scalar-tables.py` (`numpy-core/tests/scalar_tables/`).

mod cast;
mod error;
mod float;
mod format;
mod ops;
pub mod weak;

#[cfg(test)]
mod tests;

pub use cast::{Cast, DISCARDS_IMAGINARY};
pub use error::{ExcKind, ScalarError};
pub use float::FpFlags;
pub(crate) use float::{CComplex, Float};
pub use ops::{BinaryOp, Outcome, UnaryOp, Value, supports};

use crate::dtype::DType;
use num_complex::Complex;

/// One NumPy scalar: a dtype and its native value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    /// `np.bool`
    Bool(bool),
    /// `np.int8`
    Int8(i8),
    /// `np.uint8`
    UInt8(u8),
    /// `np.int16`
    Int16(i16),
    /// `np.uint16`
    UInt16(u16),
    /// `np.int32`
    Int32(i32),
    /// `np.uint32`
    UInt32(u32),
    /// `np.int64`
    Int64(i64),
    /// `np.uint64`
    UInt64(u64),
    /// `np.float32`
    Float32(f32),
    /// `np.float64`
    Float64(f64),
    /// `np.complex64`
    Complex64(Complex<f32>),
    /// `np.complex128`
    Complex128(Complex<f64>),
}

/// Calls `$body` with `$v` bound to the native integer of any integer variant;
/// `$other` for the rest.
macro_rules! with_int {
    ($s:expr, $v:ident => $body:expr, _ => $other:expr) => {
        match $s {
            Scalar::Int8($v) => $body,
            Scalar::UInt8($v) => $body,
            Scalar::Int16($v) => $body,
            Scalar::UInt16($v) => $body,
            Scalar::Int32($v) => $body,
            Scalar::UInt32($v) => $body,
            Scalar::Int64($v) => $body,
            Scalar::UInt64($v) => $body,
            _ => $other,
        }
    };
}
pub(crate) use with_int;

impl Scalar {
    /// The scalar's dtype.
    pub fn dtype(&self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int8(_) => DType::Int8,
            Scalar::UInt8(_) => DType::UInt8,
            Scalar::Int16(_) => DType::Int16,
            Scalar::UInt16(_) => DType::UInt16,
            Scalar::Int32(_) => DType::Int32,
            Scalar::UInt32(_) => DType::UInt32,
            Scalar::Int64(_) => DType::Int64,
            Scalar::UInt64(_) => DType::UInt64,
            Scalar::Float32(_) => DType::Float32,
            Scalar::Float64(_) => DType::Float64,
            Scalar::Complex64(_) => DType::Complex64,
            Scalar::Complex128(_) => DType::Complex128,
        }
    }

    /// The zero of `dtype` (`np.zeros((), dtype)[()]`).
    pub fn zero(dtype: DType) -> Scalar {
        Scalar::from_i128(dtype, 0)
    }

    /// `value` as a `dtype` scalar, wrapping modulo 2**bits for integers and
    /// rounding to nearest for floats (`bool`: `value != 0`).
    pub fn from_i128(dtype: DType, value: i128) -> Scalar {
        match dtype {
            DType::Bool => Scalar::Bool(value != 0),
            DType::Int8 => Scalar::Int8(value as i8),
            DType::UInt8 => Scalar::UInt8(value as u8),
            DType::Int16 => Scalar::Int16(value as i16),
            DType::UInt16 => Scalar::UInt16(value as u16),
            DType::Int32 => Scalar::Int32(value as i32),
            DType::UInt32 => Scalar::UInt32(value as u32),
            DType::Int64 => Scalar::Int64(value as i64),
            DType::UInt64 => Scalar::UInt64(value as u64),
            DType::Float32 => Scalar::Float32(value as f32),
            DType::Float64 => Scalar::Float64(value as f64),
            DType::Complex64 => Scalar::Complex64(Complex::new(value as f32, 0.0)),
            DType::Complex128 => Scalar::Complex128(Complex::new(value as f64, 0.0)),
        }
    }

    /// `value` as a `dtype` scalar (the C cast from `double`, see [`Scalar::cast`]).
    pub fn from_f64(dtype: DType, value: f64) -> Scalar {
        Scalar::Float64(value).cast(dtype)
    }

    /// Python truthiness (`bool(x)`): nonzero; NaN is true; a complex is true
    /// when either part is nonzero.
    pub fn is_true(&self) -> bool {
        match *self {
            Scalar::Bool(b) => b,
            Scalar::Float32(v) => v != 0.0,
            Scalar::Float64(v) => v != 0.0,
            Scalar::Complex64(c) => c.re != 0.0 || c.im != 0.0,
            Scalar::Complex128(c) => c.re != 0.0 || c.im != 0.0,
            s => with_int!(s, v => v != 0, _ => unreachable!()),
        }
    }

    /// The exact integer value of a bool or integer scalar; `None` for
    /// floating and complex scalars.
    pub fn to_i128(&self) -> Option<i128> {
        match *self {
            Scalar::Bool(b) => Some(b as i128),
            s => with_int!(s, v => Some(v as i128), _ => None),
        }
    }

    /// The value as a `double` (`float(x)`; for complex the real part, as
    /// NumPy's `complex.__float__` gives after its `ComplexWarning`).
    pub fn to_f64(&self) -> f64 {
        match *self {
            Scalar::Bool(b) => b as u8 as f64,
            Scalar::Float32(v) => v as f64,
            Scalar::Float64(v) => v,
            Scalar::Complex64(c) => c.re as f64,
            Scalar::Complex128(c) => c.re,
            s => with_int!(s, v => v as f64, _ => unreachable!()),
        }
    }

    /// The value as a `complex128` (exact for every dtype but the widest
    /// integers, which round to nearest).
    pub fn to_complex128(&self) -> Complex<f64> {
        match *self {
            Scalar::Complex64(c) => Complex::new(c.re as f64, c.im as f64),
            Scalar::Complex128(c) => c,
            s => Complex::new(s.to_f64(), 0.0),
        }
    }

    /// `x.astype(to)` (NumPy's unsafe C cast) without the warnings; see
    /// [`Scalar::cast_checked`] for them.
    ///
    /// Float to integer follows what NumPy does on x86_64 Linux, where the cast
    /// loops compile to `cvttsd2si`: NaN, ±inf and out-of-range values give
    /// the "integer indefinite" `0x80…0` of the *conversion width* (32 bits for
    /// int8..int32 and uint8/uint16, 64 bits for int64/uint32/uint64), then
    /// truncated to the target: `np.float64(np.nan).astype(np.int64)` is
    /// `-9223372036854775808`, `.astype(np.int32)` is `-2147483648`,
    /// `.astype(np.int8)` and `.astype(np.uint32)` are `0`,
    /// `.astype(np.uint64)` is `9223372036854775808` (but `+inf` and values
    /// `>= 2**64` give `0`). In-range values truncate toward zero and then wrap
    /// (`np.float64(255.9).astype(np.int8)` is `-1`). Complex to anything but
    /// complex drops the imaginary part (to bool: either part nonzero).
    pub fn cast(&self, to: DType) -> Scalar {
        cast::cast(*self, to).value
    }

    /// [`Scalar::cast`] with the FP flags NumPy reports as
    /// `"invalid value encountered in cast"` etc., and whether it raises
    /// `ComplexWarning` for a discarded imaginary part.
    pub fn cast_checked(&self, to: DType) -> Cast {
        cast::cast(*self, to)
    }

    /// `op(self, other)` for two scalars of the same dtype; see [`BinaryOp`].
    pub fn binary(&self, op: BinaryOp, other: &Scalar) -> Result<Outcome, ScalarError> {
        ops::binary(op, *self, *other)
    }

    /// `op(self, other)` as the ufunc computes it, which NumPy does instead of
    /// its scalar math when an `np.bool` operand was promoted to another
    /// dtype (`np.True_ + 2**63 - 1`): integer add/subtract/multiply do not
    /// report overflow, and warnings name the bare ufunc (`"divide"`).
    pub fn binary_ufunc(&self, op: BinaryOp, other: &Scalar) -> Result<Outcome, ScalarError> {
        ops::binary_ufunc(op, *self, *other)
    }

    /// `op(self)`; see [`UnaryOp`].
    pub fn unary(&self, op: UnaryOp) -> Result<Outcome, ScalarError> {
        ops::unary(op, *self)
    }

    /// `repr(x)` as NumPy 2 prints it: `np.float64(1.5)`, `np.True_`,
    /// `np.complex64(nan+infj)`.
    pub fn repr(&self) -> String {
        format::repr(self)
    }
}

/// `str(x)` as NumPy 2 prints it: `1.5`, `True`, `(1+2j)`, `1e+16`.
impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format::str(self))
    }
}

/// NumPy's name of a dtype (`"int8"`, `"complex128"`), as in `np.dtype.name`.
pub(crate) fn dtype_name(d: DType) -> &'static str {
    d.name()
}

/// The kinds of dtype, as NumPy's `dtype.kind` (`b`, `i`, `u`, `f`, `c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Signed,
    Unsigned,
    Float,
    Complex,
}

pub(crate) fn kind(d: DType) -> Kind {
    match d {
        DType::Bool => Kind::Bool,
        DType::Int8 | DType::Int16 | DType::Int32 | DType::Int64 => Kind::Signed,
        DType::UInt8 | DType::UInt16 | DType::UInt32 | DType::UInt64 => Kind::Unsigned,
        DType::Float32 | DType::Float64 => Kind::Float,
        DType::Complex64 | DType::Complex128 => Kind::Complex,
    }
}

/// `(min, max)` of an integer dtype.
pub(crate) fn int_range(d: DType) -> Option<(i128, i128)> {
    Some(match d {
        DType::Int8 => (i8::MIN as i128, i8::MAX as i128),
        DType::UInt8 => (0, u8::MAX as i128),
        DType::Int16 => (i16::MIN as i128, i16::MAX as i128),
        DType::UInt16 => (0, u16::MAX as i128),
        DType::Int32 => (i32::MIN as i128, i32::MAX as i128),
        DType::UInt32 => (0, u32::MAX as i128),
        DType::Int64 => (i64::MIN as i128, i64::MAX as i128),
        DType::UInt64 => (0, u64::MAX as i128),
        _ => return None,
    })
}
