//! `x.astype(to)`: NumPy's unsafe C casts between the built-in dtypes, as they
//! behave on x86_64.

use super::float::FpFlags;
use super::{Kind, Scalar, kind};
use crate::dtype::DType;
use num_complex::Complex;

/// The result of [`Scalar::cast_checked`].
/// NumPy's `ComplexWarning` text for a cast that drops imaginary parts.
pub const DISCARDS_IMAGINARY: &str = "Casting complex values to real discards the imaginary part";

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cast {
    /// The converted scalar.
    pub value: Scalar,
    /// FP flags (`"invalid value encountered in cast"` for NaN/inf/out of range
    /// to an integer; overflow/underflow narrowing float64 to float32).
    pub flags: FpFlags,
    /// Complex to a real non-bool dtype: NumPy first warns
    /// `ComplexWarning: Casting complex values to real discards the imaginary part`.
    pub discards_imaginary: bool,
}

impl Cast {
    /// The warnings NumPy emits, in its order: the `ComplexWarning` text first
    /// (a `ComplexWarning`), then the `RuntimeWarning`s of the flags.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.discards_imaginary {
            out.push(DISCARDS_IMAGINARY.to_string());
        }
        out.extend(self.flags.warnings("cast"));
        out
    }
}

/// x86_64 `cvttsd2si` with a 32-bit destination: truncation toward zero; NaN
/// and values outside `i32` give the "integer indefinite" `i32::MIN` and
/// raise invalid.
fn cvtt32(x: f64, fl: &mut FpFlags) -> i32 {
    let t = x.trunc();
    if t.is_nan() || t < i32::MIN as f64 || t > i32::MAX as f64 {
        fl.invalid = true;
        i32::MIN
    } else {
        t as i32
    }
}

/// `cvttsd2si` with a 64-bit destination (`i64::MIN` when out of range).
fn cvtt64(x: f64, fl: &mut FpFlags) -> i64 {
    let t = x.trunc();
    // 2**63 is exactly representable; every double below it fits.
    if !(-9223372036854775808.0..9223372036854775808.0).contains(&t) {
        fl.invalid = true;
        i64::MIN
    } else {
        t as i64
    }
}

/// GCC's `(uint64_t)x` on x86_64 without AVX-512: below 2**63 (and NaN) one
/// signed conversion; otherwise convert `x - 2**63` and flip the top bit.
fn cvtt_u64(x: f64, fl: &mut FpFlags) -> u64 {
    const TWO63: f64 = 9223372036854775808.0;
    if x >= TWO63 {
        (cvtt64(x - TWO63, fl) as u64) ^ (1 << 63)
    } else {
        cvtt64(x, fl) as u64
    }
}

/// Float (as a double: every float32 is one, and the truncation is the same)
/// to an integer dtype.
fn float_to_int(x: f64, to: DType, fl: &mut FpFlags) -> Scalar {
    match to {
        // The narrow types convert through int (32 bits) and truncate.
        DType::Int8 => Scalar::Int8(cvtt32(x, fl) as i8),
        DType::UInt8 => Scalar::UInt8(cvtt32(x, fl) as u8),
        DType::Int16 => Scalar::Int16(cvtt32(x, fl) as i16),
        DType::UInt16 => Scalar::UInt16(cvtt32(x, fl) as u16),
        DType::Int32 => Scalar::Int32(cvtt32(x, fl)),
        // unsigned int converts through a 64-bit signed conversion.
        DType::UInt32 => Scalar::UInt32(cvtt64(x, fl) as u32),
        DType::Int64 => Scalar::Int64(cvtt64(x, fl)),
        DType::UInt64 => Scalar::UInt64(cvtt_u64(x, fl)),
        _ => unreachable!("not an integer dtype"),
    }
}

/// float64 to float32 rounding, with its overflow/underflow flags.
fn narrow(x: f64, fl: &mut FpFlags) -> f32 {
    let r = x as f32;
    if r.is_infinite() && x.is_finite() {
        fl.overflow = true;
    }
    if x != 0.0 && x.is_finite() && r.abs() < f32::MIN_POSITIVE && r as f64 != x {
        fl.underflow = true;
    }
    r
}

pub(super) fn cast(x: Scalar, to: DType) -> Cast {
    let mut flags = FpFlags::NONE;
    let from = kind(x.dtype());
    let to_kind = kind(to);
    let discards_imaginary =
        from == Kind::Complex && matches!(to_kind, Kind::Signed | Kind::Unsigned | Kind::Float);
    let value = match (x, to_kind) {
        (_, Kind::Bool) => Scalar::Bool(x.is_true()),
        (Scalar::Bool(b), _) => Scalar::from_i128(to, b as i128),
        // Integer sources: wrap to integers, round to nearest to floats
        // (`as` rounds exactly like cvtsi2sd/cvtsi2ss).
        (_, Kind::Signed | Kind::Unsigned) if from != Kind::Float && from != Kind::Complex => {
            Scalar::from_i128(to, x.to_i128().expect("integer"))
        }
        (_, Kind::Float | Kind::Complex) if from != Kind::Float && from != Kind::Complex => {
            Scalar::from_i128(to, x.to_i128().expect("integer"))
        }
        // Float and complex sources.
        (_, Kind::Signed | Kind::Unsigned) => float_to_int(x.to_f64(), to, &mut flags),
        (_, Kind::Float | Kind::Complex) => {
            let c = x.to_complex128();
            let narrow32 = matches!(x.dtype(), DType::Float64 | DType::Complex128);
            match to {
                DType::Float64 => Scalar::Float64(c.re),
                DType::Complex128 => Scalar::Complex128(c),
                DType::Float32 if narrow32 => Scalar::Float32(narrow(c.re, &mut flags)),
                DType::Complex64 if narrow32 => Scalar::Complex64(Complex::new(
                    narrow(c.re, &mut flags),
                    narrow(c.im, &mut flags),
                )),
                DType::Float32 => Scalar::Float32(c.re as f32),
                DType::Complex64 => Scalar::Complex64(Complex::new(c.re as f32, c.im as f32)),
                _ => unreachable!(),
            }
        }
    };
    Cast {
        value,
        flags,
        discards_imaginary,
    }
}
