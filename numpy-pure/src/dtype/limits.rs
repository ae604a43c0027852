//! Machine limits: `np.finfo` and `np.iinfo`.

use std::fmt;

use super::DType;

/// `np.finfo(dtype)` for float32/float64 (and complex64/complex128, which
/// report their real type).
///
/// The float fields are values *of [`dtype`](Self::dtype)*: for float32 they
/// are the exact float32 values, widened to `f64` without rounding (the
/// Python layer turns them back into `float32` scalars; e.g. `resolution` is
/// `np.float32(1e-06)`, i.e. `9.999999974752427e-07` as an `f64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FInfo {
    /// The float dtype described (`finfo(complex64).dtype` is float32).
    pub dtype: DType,
    /// Bits in one value.
    pub bits: u32,
    /// Distance from 1.0 to the next larger float.
    pub eps: f64,
    /// Distance from 1.0 to the next smaller float.
    pub epsneg: f64,
    /// Largest finite value.
    pub max: f64,
    /// Most negative finite value (`-max`).
    pub min: f64,
    /// Smallest positive normal value (same as `smallest_normal`).
    pub tiny: f64,
    /// Smallest positive normal value.
    pub smallest_normal: f64,
    /// Smallest positive subnormal value.
    pub smallest_subnormal: f64,
    /// `10**-precision`, rounded to the dtype.
    pub resolution: f64,
    /// Decimal digits of precision: `floor(-log10(eps))`.
    pub precision: u32,
    /// Bits in the exponent (same as `nexp`).
    pub iexp: u32,
    /// Smallest power of two that overflows.
    pub maxexp: i32,
    /// Most negative power of two that is normal.
    pub minexp: i32,
    /// `eps == 2**machep`.
    pub machep: i32,
    /// `epsneg == 2**negep`.
    pub negep: i32,
    /// Bits in the exponent.
    pub nexp: u32,
    /// Bits in the mantissa (without the implicit bit).
    pub nmant: u32,
}

const FINFO_F32: FInfo = FInfo {
    dtype: DType::Float32,
    bits: 32,
    eps: f32::EPSILON as f64,
    epsneg: (f32::EPSILON / 2.0) as f64,
    max: f32::MAX as f64,
    min: f32::MIN as f64,
    tiny: f32::MIN_POSITIVE as f64,
    smallest_normal: f32::MIN_POSITIVE as f64,
    smallest_subnormal: f32::from_bits(1) as f64,
    resolution: 1e-6_f32 as f64,
    precision: 6,
    iexp: 8,
    maxexp: f32::MAX_EXP,
    minexp: f32::MIN_EXP - 1,
    machep: -(f32::MANTISSA_DIGITS as i32 - 1),
    negep: -(f32::MANTISSA_DIGITS as i32),
    nexp: 8,
    nmant: f32::MANTISSA_DIGITS - 1,
};

const FINFO_F64: FInfo = FInfo {
    dtype: DType::Float64,
    bits: 64,
    eps: f64::EPSILON,
    epsneg: f64::EPSILON / 2.0,
    max: f64::MAX,
    min: f64::MIN,
    tiny: f64::MIN_POSITIVE,
    smallest_normal: f64::MIN_POSITIVE,
    smallest_subnormal: f64::from_bits(1),
    resolution: 1e-15,
    precision: 15,
    iexp: 11,
    maxexp: f64::MAX_EXP,
    minexp: f64::MIN_EXP - 1,
    machep: -(f64::MANTISSA_DIGITS as i32 - 1),
    negep: -(f64::MANTISSA_DIGITS as i32),
    nexp: 11,
    nmant: f64::MANTISSA_DIGITS - 1,
};

/// `np.iinfo(dtype)` for the integer dtypes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IInfo {
    /// The integer dtype described.
    pub dtype: DType,
    /// Bits in one value.
    pub bits: u32,
    /// Smallest value.
    pub min: i64,
    /// Largest value (`u64` so that uint64's fits).
    pub max: u64,
}

/// Why `finfo`/`iinfo` refused a dtype; both are `ValueError` in NumPy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitsError {
    /// `np.finfo` of a bool or integer dtype:
    /// `data type dtype('int32') not compatible with finfo` (NumPy 2.5).
    NotInexact(DType),
    /// `np.iinfo` of a bool, float or complex dtype:
    /// `Invalid integer data type 'f'.` (the kind character).
    InvalidInteger(DType),
}

impl fmt::Display for LimitsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitsError::NotInexact(d) => {
                write!(f, "data type {} not compatible with finfo", d.repr())
            }
            LimitsError::InvalidInteger(d) => {
                write!(f, "Invalid integer data type '{}'.", d.kind_char())
            }
        }
    }
}

impl std::error::Error for LimitsError {}

impl crate::error::PythonError for LimitsError {
    fn kind(&self) -> crate::error::ExcKind {
        crate::error::ExcKind::ValueError
    }
}

/// `np.finfo(dtype)`.
pub const fn finfo(dtype: DType) -> Result<FInfo, LimitsError> {
    match dtype.real_dtype() {
        DType::Float32 => Ok(FINFO_F32),
        DType::Float64 => Ok(FINFO_F64),
        _ => Err(LimitsError::NotInexact(dtype)),
    }
}

/// `np.iinfo(dtype)`.
pub const fn iinfo(dtype: DType) -> Result<IInfo, LimitsError> {
    let (min, max) = match dtype {
        DType::Int8 => (i8::MIN as i64, i8::MAX as u64),
        DType::UInt8 => (0, u8::MAX as u64),
        DType::Int16 => (i16::MIN as i64, i16::MAX as u64),
        DType::UInt16 => (0, u16::MAX as u64),
        DType::Int32 => (i32::MIN as i64, i32::MAX as u64),
        DType::UInt32 => (0, u32::MAX as u64),
        DType::Int64 => (i64::MIN, i64::MAX as u64),
        DType::UInt64 => (0, u64::MAX),
        _ => return Err(LimitsError::InvalidInteger(dtype)),
    };
    Ok(IInfo {
        dtype,
        bits: 8 * dtype.itemsize() as u32,
        min,
        max,
    })
}
