//! `np.can_cast(from, to, casting)` between our dtypes.

use std::fmt;
use std::str::FromStr;

use super::DType;
use super::promote::promote_types;

/// NumPy's casting rules, from strictest to loosest (`casting=` keyword).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Casting {
    /// `'no'`: only the identical dtype (byte order included).
    No,
    /// `'equiv'`: identical up to byte order; for our native-only dtypes
    /// the same as `No`.
    Equiv,
    /// `'safe'`: every value is kept (`int64` → `float64` counts as safe,
    /// as in NumPy).
    Safe,
    /// `'same_kind'`: safe, or towards a kind that is not lower in
    /// `bool < unsigned < signed < float < complex` (`float64` → `float32`,
    /// `uint64` → `int8`, but not `int8` → `uint8`).
    SameKind,
    /// `'unsafe'`: anything.
    Unsafe,
}

impl Casting {
    /// Every rule, strictest first.
    pub const ALL: [Casting; 5] = [
        Casting::No,
        Casting::Equiv,
        Casting::Safe,
        Casting::SameKind,
        Casting::Unsafe,
    ];

    /// The keyword spelling: `"no"`, `"equiv"`, `"safe"`, `"same_kind"`,
    /// `"unsafe"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Casting::No => "no",
            Casting::Equiv => "equiv",
            Casting::Safe => "safe",
            Casting::SameKind => "same_kind",
            Casting::Unsafe => "unsafe",
        }
    }
}

impl fmt::Display for Casting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `casting=` string NumPy does not know: `ValueError` with NumPy's text,
/// `casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got 'x')`.
/// (A non-`str` argument is a `TypeError`, `casting must be str, not int`,
/// raised by the caller before parsing.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CastingParseError(pub String);

impl fmt::Display for CastingParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got {})",
            super::parse::py_repr_str(&self.0)
        )
    }
}

impl std::error::Error for CastingParseError {}

impl crate::error::PythonError for CastingParseError {
    fn kind(&self) -> crate::error::ExcKind {
        crate::error::ExcKind::ValueError
    }
}

impl FromStr for Casting {
    type Err = CastingParseError;

    /// Exact, case-sensitive match, as NumPy.
    fn from_str(s: &str) -> Result<Casting, CastingParseError> {
        Casting::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| CastingParseError(s.to_owned()))
    }
}

/// `np.can_cast(from, to, casting)`.
pub const fn can_cast(from: DType, to: DType, casting: Casting) -> bool {
    match casting {
        Casting::No | Casting::Equiv => from as u8 == to as u8,
        Casting::Safe => is_safe(from, to),
        Casting::SameKind => is_safe(from, to) || (from.kind() as u8) <= (to.kind() as u8),
        Casting::Unsafe => true,
    }
}

/// A cast is safe exactly when promoting the pair gives the target.
const fn is_safe(from: DType, to: DType) -> bool {
    promote_types(from, to) as u8 == to as u8
}
