//! NumPy's built-in data types, as plain Rust values.
//!
//! The Python objects (`numpy_hpy.dtype`, the `*DType` classes under the
//! `_DTypeMeta` metaclass, the scalar types) live in `python_types`; this
//! module holds what they are made of: the type numbers, names, sizes,
//! string spellings, promotion and casting rules.
//!
//! - [`info`]: per-dtype facts (`name`, `char`, `str`, `itemsize`, …) as
//!   `const fn` methods on [`DType`];
//! - [`parse`]: `np.dtype("...")` (`"f8".parse::<DType>()`);
//! - [`promote`]: `np.promote_types` and `np.result_type` with NEP 50 weak
//!   Python scalars;
//! - [`cast`]: `np.can_cast` and the `casting=` rules;
//! - [`limits`]: `np.finfo` / `np.iinfo`.
//!
//! Everything is checked against tables that real NumPy generated
//! (`scripts/gen-dtype-tables.py` → `numpy-core/tests/dtype_tables/`).

pub mod cast;
pub mod info;
pub mod limits;
pub mod parse;
pub mod promote;
#[cfg(test)]
mod tests;

pub use cast::{Casting, CastingParseError, can_cast};
pub use info::Kind;
pub use limits::{FInfo, IInfo, LimitsError, finfo, iinfo};
pub use parse::{DTypeParseError, ParsedDType, parse_dtype};
pub use promote::{NoOperandsError, PyScalarKind, promote_sequence, promote_types, result_type};

/// The built-in dtypes `numpy_hpy` supports, in NumPy's type-number order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum DType {
    /// `bool` (`?`)
    Bool = 0,
    /// `int8` (`b`)
    Int8 = 1,
    /// `uint8` (`B`)
    UInt8 = 2,
    /// `int16` (`h`)
    Int16 = 3,
    /// `uint16` (`H`)
    UInt16 = 4,
    /// `int32` (`i`)
    Int32 = 5,
    /// `uint32` (`I`)
    UInt32 = 6,
    /// `int64` (`l` on LP64 Linux)
    Int64 = 7,
    /// `uint64` (`L` on LP64 Linux)
    UInt64 = 8,
    /// `float32` (`f`)
    Float32 = 11,
    /// `float64` (`d`)
    Float64 = 12,
    /// `complex64` (`F`)
    Complex64 = 14,
    /// `complex128` (`D`)
    Complex128 = 15,
}

impl DType {
    /// Every supported dtype, in type-number order.
    pub const ALL: [DType; 13] = [
        DType::Bool,
        DType::Int8,
        DType::UInt8,
        DType::Int16,
        DType::UInt16,
        DType::Int32,
        DType::UInt32,
        DType::Int64,
        DType::UInt64,
        DType::Float32,
        DType::Float64,
        DType::Complex64,
        DType::Complex128,
    ];

    /// The position of `self` in [`DType::ALL`].
    pub const fn index(self) -> usize {
        match self {
            DType::Float32 => 9,
            DType::Float64 => 10,
            DType::Complex64 => 11,
            DType::Complex128 => 12,
            d => d as usize,
        }
    }
}
