//! `np.dtype("...")`: turning NumPy's string spellings into a [`DType`].
//!
//! The algorithm follows NumPy's `_convert_from_str` (descriptor.c) step by
//! step, so that every string NumPy accepts for one of our 13 dtypes is
//! accepted here, and every string NumPy rejects is rejected with NumPy's
//! message:
//!
//! 1. `""` → not understood.
//! 2. "Comma strings" (a leading digit, possibly after a byte-order
//!    character, a leading `()`, or a comma outside `[]`) describe structured
//!    or subarray dtypes: [`DTypeParseError::Unsupported`].
//! 3. One byte-order character `<`, `>`, `=`, `|` is stripped (`|` means
//!    native); nothing left → not understood.
//! 4. Datetime strings (`M8…`, `m8…`, `datetime64…`, `timedelta64…`):
//!    unsupported.
//! 5. A single character is a type code (`'d'`, `'?'`, `'q'`, and also the
//!    raw type numbers `'\x00'`..`'\x17'`, which NumPy accepts too).
//! 6. Otherwise a kind letter followed by a C `strtol` number (which skips
//!    leading whitespace and takes a sign: NumPy accepts `'i 4'`, `'i+4'`,
//!    `'f08'`) is a sized code (`'f8'`, `'c16'`, `'b1'`).
//! 7. Otherwise the *whole* string (byte-order character included, so
//!    `'<float64'` is not understood) is looked up in `np.sctypeDict`.
//!
//! A non-native byte order (`'>'` on x86_64) is only unsupported for
//! multi-byte types: `'>b1'`, `'>i1'`, `'>u1'` are the plain 1-byte dtypes,
//! exactly as in NumPy.
//!
//! Known differences from NumPy (all still errors, all `TypeError`):
//! comma strings NumPy rejects (`'1'`, `'f8,xyz'`, `','`) and datetime strings
//! with bad metadata (`'M8[xyz]'`) are reported as unsupported rather than
//! with NumPy's parser message; the two comma strings that NumPy reads as a
//! plain dtype (`'()f8'`, `'|()f8'`) are unsupported. `'a'` and `'a5'` are
//! not understood, as in NumPy 2.5 (which removed that deprecated alias).

use std::fmt;
use std::str::FromStr;

use super::DType;

/// What a string parsed to: the dtype and the type character NumPy would
/// report for it.
///
/// `char` differs from `dtype.char()` only for NumPy's `longlong` spellings
/// (`'q'`, `'Q'`, `'longlong'`, `'ulonglong'`, `'\x09'`, `'\x0a'`): NumPy
/// returns a distinct dtype object (char `'q'`, type number 9, scalar type
/// `np.longlong`) that compares equal to int64; we map it to
/// [`DType::Int64`] / [`DType::UInt64`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedDType {
    /// The dtype.
    pub dtype: DType,
    /// NumPy's `dtype.char` for this spelling (`'q'`/`'Q'` for longlong).
    pub char: char,
}

impl ParsedDType {
    const fn plain(dtype: DType) -> Self {
        ParsedDType {
            dtype,
            char: dtype.char(),
        }
    }

    /// `true` for the `longlong`/`ulonglong` spellings (see the type doc).
    pub const fn is_longlong(&self) -> bool {
        matches!(self.char, 'q' | 'Q')
    }
}

/// Why a string is not one of our dtypes. Every variant is raised as
/// `TypeError`, as NumPy raises its errors for bad dtype strings.
///
/// Each variant holds the string exactly as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DTypeParseError {
    /// NumPy understands the string but names a dtype `numpy_hpy` does not
    /// have yet (`'f2'`, `'U5'`, `'O'`, `'M8[s]'`, `'>f8'`, structured
    /// strings). Message: `numpy_hpy does not support the data type 'f2' yet`.
    Unsupported(String),
    /// NumPy rejects the string: `data type 'xyz' not understood`.
    NotUnderstood(String),
    /// One of the aliases NumPy 2 removed (`'int0'`, `'bool8'`, …): `Alias
    /// 'bool8' was removed in NumPy 2.0. Use a name without a digit at the end.`
    RemovedAlias(String),
}

impl DTypeParseError {
    /// The string that failed to parse.
    pub fn spelling(&self) -> &str {
        match self {
            DTypeParseError::Unsupported(s)
            | DTypeParseError::NotUnderstood(s)
            | DTypeParseError::RemovedAlias(s) => s,
        }
    }
}

impl fmt::Display for DTypeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DTypeParseError::Unsupported(s) => write!(
                f,
                "numpy_hpy does not support the data type {} yet",
                py_repr_str(s)
            ),
            DTypeParseError::NotUnderstood(s) => {
                write!(f, "data type {} not understood", py_repr_str(s))
            }
            DTypeParseError::RemovedAlias(s) => write!(
                f,
                "Alias {} was removed in NumPy 2.0. Use a name without a digit at the end.",
                py_repr_str(s)
            ),
        }
    }
}

impl std::error::Error for DTypeParseError {}

impl crate::error::PythonError for DTypeParseError {
    fn kind(&self) -> crate::error::ExcKind {
        crate::error::ExcKind::TypeError
    }
}

impl FromStr for DType {
    type Err = DTypeParseError;

    /// `np.dtype(s)` for a string `s`; see the [module docs](self).
    fn from_str(s: &str) -> Result<DType, DTypeParseError> {
        parse_dtype(s).map(|p| p.dtype)
    }
}

/// What one lookup step found.
enum Found {
    Ours(ParsedDType),
    /// A dtype NumPy has and we do not.
    Other,
    /// Nothing: go on to the next step (or fail).
    Nothing,
}

/// `np.dtype(s)` for a string `s`, also telling which type character NumPy
/// would report (see [`ParsedDType`]).
pub fn parse_dtype(s: &str) -> Result<ParsedDType, DTypeParseError> {
    let not_understood = || DTypeParseError::NotUnderstood(s.to_owned());
    let unsupported = || DTypeParseError::Unsupported(s.to_owned());
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(not_understood());
    }
    if is_commastring(bytes) {
        return Err(unsupported());
    }
    let (big_endian, ty) = match bytes[0] {
        b'>' => (true, &bytes[1..]),
        b'<' | b'=' | b'|' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if ty.is_empty() {
        return Err(not_understood());
    }
    if is_datetime_typestr(ty) {
        return Err(unsupported());
    }

    let mut found = Found::Nothing;
    if ty.len() == 1 {
        found = from_type_code(ty[0]);
    } else {
        match c_strtol(&ty[1..]) {
            Strtol::NoDigits => {}
            // Out of `int` range, negative, or digits followed by junk
            // before a NUL byte: NumPy fails without a dictionary lookup.
            Strtol::OutOfRange | Strtol::Partial { nul: true } => return Err(not_understood()),
            Strtol::Partial { nul: false } => {}
            Strtol::Whole(size) => match ty[0] {
                b'S' | b'V' => return Err(unsupported()),
                b'U' if size > i32::MAX as u64 / 4 => return Err(not_understood()),
                b'U' => return Err(unsupported()),
                _ if size == 0 => {}
                kind => found = from_kind_and_size(kind, size),
            },
        }
    }
    if let Found::Nothing = found {
        // The dictionary is keyed by the whole string, byte order included.
        found = from_sctype_dict(s);
    }
    match found {
        Found::Ours(p) if big_endian && p.dtype.itemsize() > 1 => Err(unsupported()),
        Found::Ours(p) => Ok(p),
        Found::Other => Err(unsupported()),
        Found::Nothing if is_removed_alias(ty) => Err(DTypeParseError::RemovedAlias(s.to_owned())),
        Found::Nothing => Err(not_understood()),
    }
}

/// NumPy's `_check_for_commastring`.
fn is_commastring(b: &[u8]) -> bool {
    let byteorder = |c: u8| matches!(c, b'<' | b'>' | b'|' | b'=');
    if b[0].is_ascii_digit() || (b.len() > 1 && byteorder(b[0]) && b[1].is_ascii_digit()) {
        return true;
    }
    if b.starts_with(b"()") || (b.len() > 3 && byteorder(b[0]) && b[1..].starts_with(b"()")) {
        return true;
    }
    let mut depth = 0i32;
    for &c in b {
        match c {
            b',' if depth == 0 => return true,
            b'[' => depth += 1,
            b']' => depth -= 1,
            _ => {}
        }
    }
    false
}

/// NumPy's `is_datetime_typestr` (after the byte-order character).
fn is_datetime_typestr(b: &[u8]) -> bool {
    (b.len() >= 2 && b[1] == b'8' && matches!(b[0], b'M' | b'm'))
        || b.starts_with(b"datetime64")
        || b.starts_with(b"timedelta64")
}

/// The removed NumPy 1 aliases; compared as C strings (up to a NUL byte)
/// after the byte-order character, as NumPy does.
fn is_removed_alias(ty: &[u8]) -> bool {
    let c_str = ty.split(|&c| c == 0).next().unwrap_or(ty);
    matches!(
        c_str,
        b"int0" | b"uint0" | b"void0" | b"object0" | b"str0" | b"bytes0" | b"bool8"
    )
}

/// What C's `strtol(s, &end, 10)` made of the size part of `'f8'`, with
/// NumPy's checks on it.
enum Strtol {
    /// No digits at all (`end == s`).
    NoDigits,
    /// The number overflowed `long` or is outside `0..=INT_MAX`.
    OutOfRange,
    /// Digits followed by something else; `nul` when that something is a
    /// NUL byte (C sees the string end there, NumPy sees it does not).
    Partial { nul: bool },
    /// The whole rest is the number.
    Whole(u64),
}

fn c_strtol(s: &[u8]) -> Strtol {
    // C locale `isspace`: space, \t, \n, \v, \f, \r.
    let mut i = s
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'..=b'\r'))
        .count();
    let negative = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = s[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return Strtol::NoDigits;
    }
    let mut value: u64 = 0;
    for &d in &s[i..i + digits] {
        value = value.saturating_mul(10).saturating_add(u64::from(d - b'0'));
    }
    if value > i32::MAX as u64 || (negative && value != 0) {
        return Strtol::OutOfRange;
    }
    match s.get(i + digits) {
        None => Strtol::Whole(value),
        Some(&c) => Strtol::Partial { nul: c == 0 },
    }
}

/// A one-character code: `PyArray_DescrFromType(code)`, which takes both
/// type letters and raw type numbers.
fn from_type_code(code: u8) -> Found {
    let ours = |d: DType| Found::Ours(ParsedDType::plain(d));
    match code {
        b'?' => ours(DType::Bool),
        b'b' => ours(DType::Int8),
        b'B' => ours(DType::UInt8),
        b'h' => ours(DType::Int16),
        b'H' => ours(DType::UInt16),
        b'i' => ours(DType::Int32),
        b'I' => ours(DType::UInt32),
        // `n`/`N` are NumPy 2's intp/uintp codes, `p`/`P` the older ones.
        b'l' | b'p' | b'n' => ours(DType::Int64),
        b'L' | b'P' | b'N' => ours(DType::UInt64),
        b'q' | 9 => Found::Ours(ParsedDType {
            dtype: DType::Int64,
            char: 'q',
        }),
        b'Q' | 10 => Found::Ours(ParsedDType {
            dtype: DType::UInt64,
            char: 'Q',
        }),
        b'f' => ours(DType::Float32),
        b'd' => ours(DType::Float64),
        b'F' => ours(DType::Complex64),
        b'D' => ours(DType::Complex128),
        // float16, longdouble, clongdouble, object, bytes, str, void,
        // datetime64, timedelta64, StringDType, 'c' (S1). Not 'a' (NumPy
        // 2.5 removed the alias).
        b'e' | b'g' | b'G' | b'O' | b'S' | b'U' | b'V' | b'M' | b'm' | b'T' | b'c' => Found::Other,
        // Raw type numbers: 0..=23 are NumPy's built-in types.
        n @ 0..=23 => match DType::from_num(n) {
            Some(d) => ours(d),
            None => Found::Other,
        },
        _ => Found::Nothing,
    }
}

/// `PyArray_TypestrConvert(size, kind)` for a non-zero size.
fn from_kind_and_size(kind: u8, size: u64) -> Found {
    let ours = |d: DType| Found::Ours(ParsedDType::plain(d));
    match (kind, size) {
        (b'b', 1) => ours(DType::Bool),
        (b'i', 1) => ours(DType::Int8),
        (b'i', 2) => ours(DType::Int16),
        (b'i', 4) => ours(DType::Int32),
        (b'i', 8) => ours(DType::Int64),
        (b'u', 1) => ours(DType::UInt8),
        (b'u', 2) => ours(DType::UInt16),
        (b'u', 4) => ours(DType::UInt32),
        (b'u', 8) => ours(DType::UInt64),
        (b'f', 4) => ours(DType::Float32),
        (b'f', 8) => ours(DType::Float64),
        (b'c', 8) => ours(DType::Complex64),
        (b'c', 16) => ours(DType::Complex128),
        (b'f', 2 | 16) | (b'c', 32) | (b'O', 4 | 8) => Found::Other,
        _ => Found::Nothing,
    }
}

/// `np.sctypeDict[s]` (NumPy 2.x, LP64).
fn from_sctype_dict(s: &str) -> Found {
    let ours = |d: DType| Found::Ours(ParsedDType::plain(d));
    match s {
        "bool" | "bool_" => ours(DType::Bool),
        "int8" | "byte" => ours(DType::Int8),
        "uint8" | "ubyte" => ours(DType::UInt8),
        "int16" | "short" => ours(DType::Int16),
        "uint16" | "ushort" => ours(DType::UInt16),
        "int32" | "intc" => ours(DType::Int32),
        "uint32" | "uintc" => ours(DType::UInt32),
        "int64" | "int" | "int_" | "intp" | "long" => ours(DType::Int64),
        "uint64" | "uint" | "uintp" | "ulong" => ours(DType::UInt64),
        "longlong" => Found::Ours(ParsedDType {
            dtype: DType::Int64,
            char: 'q',
        }),
        "ulonglong" => Found::Ours(ParsedDType {
            dtype: DType::UInt64,
            char: 'Q',
        }),
        "float32" | "single" => ours(DType::Float32),
        "float64" | "double" | "float" => ours(DType::Float64),
        "complex64" | "csingle" => ours(DType::Complex64),
        "complex128" | "cdouble" | "complex" => ours(DType::Complex128),
        "bytes" | "bytes_" | "clongdouble" | "complex256" | "datetime64" | "float128"
        | "float16" | "half" | "longdouble" | "object" | "object_" | "str" | "str_"
        | "timedelta64" | "unicode" | "void" => Found::Other,
        _ => Found::Nothing,
    }
}

/// Python's `repr()` of a `str`, for error messages.
///
/// Exact for ASCII and for printable non-ASCII text; for non-ASCII
/// characters Python's `str.isprintable()` is approximated (C0/C1 controls,
/// the Unicode space and format characters most likely to appear are
/// escaped; rarer unassigned code points are printed as they are).
pub fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_py_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// An approximation of Python's `str.isprintable()` for one character
/// (exact for ASCII and Latin-1).
fn is_py_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(u, 0xad | 0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x206f | 0xfeff)
        || matches!(u, 0xe000..=0xf8ff | 0xf0000..=0x10ffff | 0xfff0..=0xfffb | 0xfffe | 0xffff))
}
