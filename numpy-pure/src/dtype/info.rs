//! Per-dtype facts: names, characters, sizes, the array-interface strings.
//!
//! Everything here is what NumPy 2 reports for the *native* dtype on Linux
//! x86_64 (LP64, little endian); `tests/dtype_tables/info.txt` holds NumPy's
//! own answers and the tests compare every field.

use super::DType;

/// NumPy's kind character (`dtype.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `'b'`: bool.
    Bool,
    /// `'u'`: unsigned integer.
    UInt,
    /// `'i'`: signed integer.
    Int,
    /// `'f'`: floating point.
    Float,
    /// `'c'`: complex floating point.
    Complex,
}

impl Kind {
    /// The character NumPy uses (`'b'`, `'u'`, `'i'`, `'f'`, `'c'`).
    pub const fn char(self) -> char {
        match self {
            Kind::Bool => 'b',
            Kind::UInt => 'u',
            Kind::Int => 'i',
            Kind::Float => 'f',
            Kind::Complex => 'c',
        }
    }
}

impl DType {
    /// NumPy's type number (`dtype.num`), the enum's discriminant.
    pub const fn num(self) -> u8 {
        self as u8
    }

    /// The dtype with type number `num`, if it is one we support.
    ///
    /// NumPy's `NPY_LONGLONG` (9) and `NPY_ULONGLONG` (10) are distinct type
    /// numbers for the same 8-byte integers on LP64; they map to
    /// [`DType::Int64`] / [`DType::UInt64`].
    pub const fn from_num(num: u8) -> Option<DType> {
        Some(match num {
            0 => DType::Bool,
            1 => DType::Int8,
            2 => DType::UInt8,
            3 => DType::Int16,
            4 => DType::UInt16,
            5 => DType::Int32,
            6 => DType::UInt32,
            7 | 9 => DType::Int64,
            8 | 10 => DType::UInt64,
            11 => DType::Float32,
            12 => DType::Float64,
            14 => DType::Complex64,
            15 => DType::Complex128,
            _ => return None,
        })
    }

    /// `dtype.name`: `"bool"`, `"int8"`, …, `"complex128"`.
    pub const fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int8 => "int8",
            DType::UInt8 => "uint8",
            DType::Int16 => "int16",
            DType::UInt16 => "uint16",
            DType::Int32 => "int32",
            DType::UInt32 => "uint32",
            DType::Int64 => "int64",
            DType::UInt64 => "uint64",
            DType::Float32 => "float32",
            DType::Float64 => "float64",
            DType::Complex64 => "complex64",
            DType::Complex128 => "complex128",
        }
    }

    /// The dtype whose [`name`](Self::name) is `name` (only canonical names;
    /// use [`str::parse`] for every NumPy spelling).
    pub fn from_name(name: &str) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The kind (`dtype.kind` is `self.kind().char()`).
    pub const fn kind(self) -> Kind {
        match self {
            DType::Bool => Kind::Bool,
            DType::Int8 | DType::Int16 | DType::Int32 | DType::Int64 => Kind::Int,
            DType::UInt8 | DType::UInt16 | DType::UInt32 | DType::UInt64 => Kind::UInt,
            DType::Float32 | DType::Float64 => Kind::Float,
            DType::Complex64 | DType::Complex128 => Kind::Complex,
        }
    }

    /// `dtype.kind` as NumPy's character.
    pub const fn kind_char(self) -> char {
        self.kind().char()
    }

    /// `dtype.char`, the one-letter type code.
    ///
    /// `Int64`/`UInt64` report `'l'`/`'L'` (C `long` on LP64), as
    /// `np.dtype('int64').char` does. NumPy's separate `longlong` dtypes
    /// (`np.dtype('q')`, char `'q'`/`'Q'`, type number 9/10, scalar type
    /// `np.longlong`) compare equal to int64/uint64 and are represented by the
    /// same variants here; see [`ParsedDType`](super::ParsedDType) to learn
    /// which one a string spelled.
    pub const fn char(self) -> char {
        match self {
            DType::Bool => '?',
            DType::Int8 => 'b',
            DType::UInt8 => 'B',
            DType::Int16 => 'h',
            DType::UInt16 => 'H',
            DType::Int32 => 'i',
            DType::UInt32 => 'I',
            DType::Int64 => 'l',
            DType::UInt64 => 'L',
            DType::Float32 => 'f',
            DType::Float64 => 'd',
            DType::Complex64 => 'F',
            DType::Complex128 => 'D',
        }
    }

    /// `dtype.itemsize` in bytes.
    pub const fn itemsize(self) -> usize {
        match self {
            DType::Bool | DType::Int8 | DType::UInt8 => 1,
            DType::Int16 | DType::UInt16 => 2,
            DType::Int32 | DType::UInt32 | DType::Float32 => 4,
            DType::Int64 | DType::UInt64 | DType::Float64 | DType::Complex64 => 8,
            DType::Complex128 => 16,
        }
    }

    /// `dtype.alignment`: the C alignment, which for complex types is that
    /// of their real component (complex128 → 8).
    pub const fn alignment(self) -> usize {
        self.real_dtype().itemsize()
    }

    /// `dtype.byteorder`: `'|'` where byte order is irrelevant (1-byte
    /// types), else `'='` (native; we support native byte order only).
    pub const fn byteorder(self) -> char {
        if self.itemsize() == 1 { '|' } else { '=' }
    }

    /// `dtype.str`, the array-interface type string: `"|b1"`, `"<i4"`,
    /// `"<c16"`. Native order is written `'<'` (little endian x86_64).
    pub const fn str_(self) -> &'static str {
        match self {
            DType::Bool => "|b1",
            DType::Int8 => "|i1",
            DType::UInt8 => "|u1",
            DType::Int16 => "<i2",
            DType::UInt16 => "<u2",
            DType::Int32 => "<i4",
            DType::UInt32 => "<u4",
            DType::Int64 => "<i8",
            DType::UInt64 => "<u8",
            DType::Float32 => "<f4",
            DType::Float64 => "<f8",
            DType::Complex64 => "<c8",
            DType::Complex128 => "<c16",
        }
    }

    /// `dtype.descr`: `[("", dtype.str)]` for every non-structured dtype.
    pub const fn descr(self) -> [(&'static str, &'static str); 1] {
        [("", self.str_())]
    }

    /// `dtype.type.__name__`, the scalar type's name: `"bool"` (NumPy 2's
    /// `np.bool`), `"int8"`, …, `"complex128"` — the same as [`name`](Self::name)
    /// for every dtype we support.
    pub const fn scalar_type_name(self) -> &'static str {
        self.name()
    }

    /// `type(dtype).__name__`, the DType class (`numpy.dtypes.Float64DType`).
    pub const fn class_name(self) -> &'static str {
        match self {
            DType::Bool => "BoolDType",
            DType::Int8 => "Int8DType",
            DType::UInt8 => "UInt8DType",
            DType::Int16 => "Int16DType",
            DType::UInt16 => "UInt16DType",
            DType::Int32 => "Int32DType",
            DType::UInt32 => "UInt32DType",
            DType::Int64 => "Int64DType",
            DType::UInt64 => "UInt64DType",
            DType::Float32 => "Float32DType",
            DType::Float64 => "Float64DType",
            DType::Complex64 => "Complex64DType",
            DType::Complex128 => "Complex128DType",
        }
    }

    /// `True` for `int8` … `int64`.
    pub const fn is_signed_int(self) -> bool {
        matches!(self.kind(), Kind::Int)
    }

    /// `True` for `uint8` … `uint64` (bool is not unsigned).
    pub const fn is_unsigned(self) -> bool {
        matches!(self.kind(), Kind::UInt)
    }

    /// `True` for the signed and unsigned integers (not bool), as
    /// `np.issubdtype(dt, np.integer)`.
    pub const fn is_integer(self) -> bool {
        matches!(self.kind(), Kind::Int | Kind::UInt)
    }

    /// `True` for `float32` and `float64`.
    pub const fn is_float(self) -> bool {
        matches!(self.kind(), Kind::Float)
    }

    /// `True` for `complex64` and `complex128`.
    pub const fn is_complex(self) -> bool {
        matches!(self.kind(), Kind::Complex)
    }

    /// `True` for floats and complex (`np.inexact`).
    pub const fn is_inexact(self) -> bool {
        self.is_float() || self.is_complex()
    }

    /// The type of the real and imaginary parts for complex dtypes
    /// (`complex64` → `float32`); every other dtype is its own real dtype.
    pub const fn real_dtype(self) -> DType {
        match self {
            DType::Complex64 => DType::Float32,
            DType::Complex128 => DType::Float64,
            other => other,
        }
    }

    /// The complex dtype whose parts are `self` (`float32` → `complex64`);
    /// `None` for non-float dtypes.
    pub const fn complex_dtype(self) -> Option<DType> {
        match self {
            DType::Float32 | DType::Complex64 => Some(DType::Complex64),
            DType::Float64 | DType::Complex128 => Some(DType::Complex128),
            _ => None,
        }
    }

    /// `repr(dtype)`: `dtype('float64')`.
    pub fn repr(self) -> String {
        format!("dtype('{}')", self.name())
    }
}

impl std::fmt::Display for DType {
    /// `str(dtype)`, which for these dtypes is the name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
