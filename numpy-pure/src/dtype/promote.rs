//! Type promotion: `np.promote_types` and `np.result_type` under NEP 50.
//!
//! NEP 50 (NumPy 2): Python `bool`, `int`, `float` and `complex` objects are
//! "weak" — they take part in promotion by their *kind* only, never by their
//! value, and never make an array's dtype wider within the kind they share
//! (`float32 array + 1.0` is float32). Only when the scalar's kind is higher
//! does it matter, and then NumPy uses its default dtype of that kind
//! (`int8 + 1.0` → float64), except that a complex scalar keeps a float
//! array's precision (`float32 + 1j` → complex64).

use std::fmt;

use super::DType;
use super::info::Kind;

/// The kind of a Python scalar object taking part in promotion as a weak
/// (NEP 50) operand, ordered `Bool < Int < Float < Complex`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PyScalarKind {
    /// A Python `bool`.
    Bool,
    /// A Python `int`.
    Int,
    /// A Python `float`.
    Float,
    /// A Python `complex`.
    Complex,
}

impl PyScalarKind {
    /// The dtype NumPy gives the scalar when nothing else is there
    /// (`np.result_type(1)` is int64, `np.result_type(1.0)` float64, …).
    pub const fn default_dtype(self) -> DType {
        match self {
            PyScalarKind::Bool => DType::Bool,
            PyScalarKind::Int => DType::Int64,
            PyScalarKind::Float => DType::Float64,
            PyScalarKind::Complex => DType::Complex128,
        }
    }
}

/// The smallest float of ours that holds every value of the integer (or
/// bool) type `d` as NumPy's promotion sees it: 1- and 2-byte integers fit
/// float32 (NumPy says float16 for 1 byte, but float16 only ever meets
/// float32 or wider here), 4- and 8-byte integers go to float64.
const fn float_for_int(d: DType) -> DType {
    if d.itemsize() <= 2 {
        DType::Float32
    } else {
        DType::Float64
    }
}

/// The larger of two dtypes of one kind.
const fn wider(a: DType, b: DType) -> DType {
    if a.itemsize() >= b.itemsize() { a } else { b }
}

/// The signed integer of `size` bytes, if there is one.
const fn signed_of_size(size: usize) -> Option<DType> {
    match size {
        1 => Some(DType::Int8),
        2 => Some(DType::Int16),
        4 => Some(DType::Int32),
        8 => Some(DType::Int64),
        _ => None,
    }
}

/// `np.promote_types(a, b)`: the smallest dtype both cast to safely.
///
/// Symmetric. Mixed signed/unsigned integers go to a signed type wide enough
/// for both, and uint64 with any signed integer to float64.
pub const fn promote_types(a: DType, b: DType) -> DType {
    use Kind::*;
    // Order the pair by kind so each mixed case is written once.
    let (a, b) = if (a.kind() as u8) <= (b.kind() as u8) {
        (a, b)
    } else {
        (b, a)
    };
    match (a.kind(), b.kind()) {
        (Bool, _) => b,
        (UInt, UInt) | (Int, Int) | (Float, Float) | (Complex, Complex) => wider(a, b),
        (UInt, Int) => {
            if a.itemsize() < b.itemsize() {
                b
            } else {
                match signed_of_size(2 * a.itemsize()) {
                    Some(d) => d,
                    None => DType::Float64,
                }
            }
        }
        (UInt | Int, Float) => wider(float_for_int(a), b),
        (UInt | Int, Complex) => match wider(float_for_int(a), b.real_dtype()).complex_dtype() {
            Some(d) => d,
            None => DType::Complex128,
        },
        (Float, Complex) => match wider(a, b.real_dtype()).complex_dtype() {
            Some(d) => d,
            None => DType::Complex128,
        },
        // The pair is ordered by kind; no other combination remains.
        _ => b,
    }
}

/// `np.result_type()` was called with nothing: NumPy's `ValueError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoOperandsError;

impl fmt::Display for NoOperandsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("at least one array or dtype is required")
    }
}

impl std::error::Error for NoOperandsError {}

impl crate::error::PythonError for NoOperandsError {
    fn kind(&self) -> crate::error::ExcKind {
        crate::error::ExcKind::ValueError
    }
}

/// `np.result_type(*dtypes, *scalars)` where `weak` lists the kinds of the
/// Python scalars (NEP 50; see the [module docs](self)). Order does not
/// matter, as in NumPy for these dtypes: the dtypes are promoted as a
/// sequence (see [`promote_sequence`]), then the strongest weak scalar kind
/// is applied with [`promote_with_weak`].
///
/// Arrays and NumPy scalars (`np.float32(1)`) are passed by their dtype in
/// `dtypes`: in NumPy 2 they are never weak.
pub fn result_type(dtypes: &[DType], weak: &[PyScalarKind]) -> Result<DType, NoOperandsError> {
    let strongest_weak = weak.iter().copied().max();
    match (promote_sequence(dtypes), strongest_weak) {
        (Some(strong), Some(k)) => Ok(promote_with_weak(strong, k)),
        (Some(strong), None) => Ok(strong),
        (None, Some(k)) => Ok(k.default_dtype()),
        (None, None) => Err(NoOperandsError),
    }
}

/// NumPy's `PyArray_PromoteDTypeSequence` for our dtypes (`None` when
/// `dtypes` is empty): `np.result_type(*dtypes)`.
///
/// Promotion is not associative (`int8`+`uint16` is `int32`, `int32`+`float32`
/// is `float64`, yet `np.result_type(int8, uint16, float32)` is `float32`), so
/// NumPy does not fold left to right: it lets the dtype with the highest type
/// number (the one that "knows" the others) promote with each other dtype,
/// then promotes those results together.
pub fn promote_sequence(dtypes: &[DType]) -> Option<DType> {
    let main = dtypes.iter().copied().max_by_key(|d| d.num())?;
    let others = dtypes.iter().filter(|&&d| d != main);
    Some(
        others
            .map(|&d| promote_types(main, d))
            .reduce(promote_types)
            .unwrap_or(main),
    )
}

/// Combine a (strong) dtype with a weak Python scalar of kind `k`.
pub const fn promote_with_weak(d: DType, k: PyScalarKind) -> DType {
    match (k, d.kind()) {
        (PyScalarKind::Bool, _) => d,
        (PyScalarKind::Int, Kind::Bool) => DType::Int64,
        (PyScalarKind::Int, _) => d,
        (PyScalarKind::Float, Kind::Float | Kind::Complex) => d,
        (PyScalarKind::Float, _) => DType::Float64,
        (PyScalarKind::Complex, Kind::Float | Kind::Complex) => match d.complex_dtype() {
            Some(c) => c,
            None => DType::Complex128,
        },
        (PyScalarKind::Complex, _) => DType::Complex128,
    }
}
