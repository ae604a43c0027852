//! The argument parser every function of the port uses.
//!
//! A [`Signature`] is described once, statically, per function: positional-only,
//! positional-or-keyword and keyword-only parameters, each required or
//! optional (NumPy's ufunc shape "inputs, then optional positional outputs" is
//! positional-only parameters followed by keyword-only ones). [`Signature::parse`]
//! reads the vectorcall convention `(args, nargs, kwnames)` straight into one
//! slot per parameter, without building a tuple or dict.
//!
//! Keyword names are interned once (module exec: [`Signature::globals`] goes in the part's `globals`) and kept
//! in `HPyGlobal`s listed in the module definition. A keyword of the call is
//! matched by handle identity first (`HPy_Is`: CPython interns the names of
//! call sites) and only then by equality, since identity is not guaranteed on
//! PyPy and GraalPy. No string is ever decoded on the success path (a decode
//! costs ~7 µs in HPy debug mode); error paths decode to build the message.
//!
//! Converters ([`convert`]) turn a slot into a Rust value with NumPy's errors.
//! A converter failure ([`ArgError::Convert`]) is told apart from "this call
//! does not match the signature" ([`ArgError::Mismatch`]), as NumPy's
//! `NPY_ARGPARSE_MISMATCH` does.

pub mod convert;
mod signature;

pub use signature::{Args, Kind, Param, Signature};

use hpy::{PyErr, PyResult};

/// Why parsing failed.
#[derive(Debug)]
pub enum ArgError {
    /// The call does not fit the signature (wrong count, unknown or repeated
    /// keyword, missing argument): always a `TypeError`.
    Mismatch(String),
    /// An argument was present but a converter refused it.
    Convert(PyErr),
}

impl From<ArgError> for PyErr {
    #[cold]
    fn from(e: ArgError) -> Self {
        match e {
            ArgError::Mismatch(msg) => PyErr::type_error(msg),
            ArgError::Convert(e) => e,
        }
    }
}

impl From<PyErr> for ArgError {
    #[cold]
    fn from(e: PyErr) -> Self {
        ArgError::Convert(e)
    }
}

/// Result of the parser and converters.
pub type ArgResult<T> = Result<T, ArgError>;

/// Whether this interpreter's `PyArg_ParseTupleAndKeywords` words an unknown
/// keyword as `f() got an unexpected keyword argument 'x'` (CPython >= 3.13)
/// rather than `'x' is an invalid keyword argument for f()` (earlier
/// CPythons, PyPy); NumPy's constructors report it in their interpreter's
/// words. Asked of `sys` each time: only error paths call it.
#[cold]
pub fn pyarg_says_unexpected(ctx: hpy::Ctx<'_>) -> hpy::PyResult<bool> {
    let sys = ctx.import(c"sys")?;
    let name = ctx.getattr_s(&ctx.getattr_s(&sys, c"implementation")?, c"name")?;
    let cpython = ctx.str("cpython")?;
    if !ctx.rich_compare_bool(&name, &cpython, hpy::RichCmpOp::Eq)? {
        return Ok(false);
    }
    Ok(ctx.long_as_i64(&ctx.getattr_s(&sys, c"hexversion")?)? >= 0x030D_0000)
}

/// Maps a parse result to the `PyResult` entry points return.
pub fn py<T>(r: ArgResult<T>) -> PyResult<T> {
    r.map_err(PyErr::from)
}
