//! One-dimensional arrays read from a byte buffer or an iterator:
//! `frombuffer` and `fromiter`. Elements are converted with the same rules
//! `arange` uses for its first elements ([`super::ranges`]).

use argparse::{Param, Signature, convert, py};
use hpy::{Borrowed, CallArgs, Ctx, Handle, PyErr, PyResult};

use super::creation::optional_dtype;
use super::object::array_data;
use super::ranges::{array_1d, check_like, setitem};
use crate::array::Layout;
use crate::descr::dtype_from_object;
use crate::dtype::DType;
use crate::errors::py_err;

type Kw<'c> = Option<Borrowed<'c, 'c>>;

static SIG_FROMBUFFER: Signature<5> = Signature::new(
    "frombuffer",
    [
        Param::either(c"buffer"),
        Param::either(c"dtype").optional(),
        Param::either(c"count").optional(),
        Param::either(c"offset").optional(),
        Param::keyword(c"like").optional(),
    ],
);
static SIG_FROMITER: Signature<4> = Signature::new(
    "fromiter",
    [
        Param::either(c"iter"),
        Param::either(c"dtype"),
        Param::either(c"count").optional(),
        Param::keyword(c"like").optional(),
    ],
);

hpy::part!(
    /// What this file adds to the module.
    pub(super) static PART = {
        defines: [FROMBUFFER, FROMITER],
        globals: [SIG_FROMBUFFER.globals(), SIG_FROMITER.globals()],
    }
);

fn builtin<'c>(ctx: Ctx<'c>, name: &core::ffi::CStr) -> PyResult<Handle<'c>> {
    let builtins = ctx.import(c"builtins")?;
    ctx.getattr_s(&builtins, name)
}

fn optional_ssize<'c>(
    ctx: Ctx<'c>,
    h: Option<Borrowed<'_, 'c>>,
    default: isize,
) -> PyResult<isize> {
    match h {
        Some(h) => py(convert::index(ctx, h)),
        None => Ok(default),
    }
}

/// `frombuffer(buffer, dtype=float, count=-1, offset=0, *, like=None)`:
/// a view of the buffer's memory, kept alive (and, for `bytearray` and the
/// like, unresizable) by a `memoryview` as `base`. Read-only when the source
/// is. On PyPy, whose exporters may move memory while exported, only `bytes`
/// is viewed; other buffers are copied.
pub(super) fn frombuffer<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_FROMBUFFER.parse(ctx, args, n, kw))?;
    check_like(ctx, a.get(4))?;
    let buffer = a.get(0).expect("required");
    let dtype = optional_dtype(ctx, a.get(1))?.unwrap_or(DType::Float64);
    let count = optional_ssize(ctx, a.get(2), -1)?;
    let offset = optional_ssize(ctx, a.get(3), 0)?;
    let bytes = super::foreign::buffer_bytes(ctx, buffer, false)?;
    let nbytes = array_data(ctx, bytes.borrow())?
        .expect("an ndarray")
        .layout()
        .size() as isize;
    if offset < 0 || offset > nbytes {
        return Err(PyErr::value_error(format!(
            "offset must be non-negative and no greater than buffer length ({nbytes})"
        )));
    }
    let s = nbytes - offset;
    let itemsize = dtype.itemsize() as isize;
    let count = if count < 0 {
        if s % itemsize != 0 {
            return Err(PyErr::value_error(
                "buffer size must be a multiple of element size",
            ));
        }
        s / itemsize
    } else {
        if count.checked_mul(itemsize).is_none_or(|need| s < need) {
            return Err(PyErr::value_error("buffer is smaller than requested size"));
        }
        count
    };
    let layout = Layout::c_order(&[count as usize], dtype.itemsize())
        .and_then(|l| l.with_offset(offset))
        .map_err(py_err)?;
    super::methods::view_as(ctx, bytes.borrow(), layout, dtype)
}

/// `fromiter(iter, dtype, count=-1, *, like=None)`.
pub(super) fn fromiter<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_FROMITER.parse(ctx, args, n, kw))?;
    check_like(ctx, a.get(3))?;
    let obj = a.get(0).expect("required");
    let dtype = dtype_from_object(ctx, a.get(1).expect("required"))?;
    let count = optional_ssize(ctx, a.get(2), -1)?;
    let iter = ctx.call(&builtin(ctx, c"iter")?, &[obj.borrow()])?;
    if count < 0 {
        // NumPy sizes its first allocation with `PyObject_LengthHint(obj, 0)`:
        // what the hint raises (ValueError for a negative hint, TypeError
        // for a non-int, the hint's own errors) is raised here too.
        let operator = ctx.import(c"operator")?;
        let hint = ctx.getattr_s(&operator, c"length_hint")?;
        let zero = ctx.long_from_i64(0)?;
        ctx.call(&hint, &[obj.borrow(), zero.borrow()])?;
    }
    let next = builtin(ctx, c"next")?;
    // A sentinel object no iterator yields: `next(it, sentinel)`.
    let sentinel = ctx.call(&builtin(ctx, c"object")?, &[])?;
    let mut values = Vec::new();
    // Only -1 means "all of it"; other negative counts read nothing (NumPy).
    while count == -1 || (values.len() as isize) < count {
        let item = ctx.call(&next, &[iter.borrow(), sentinel.borrow()])?;
        if ctx.is(&item, &sentinel) {
            break;
        }
        values.push(setitem(ctx, item.borrow(), dtype)?);
    }
    if count >= 0 && (values.len() as isize) < count {
        return Err(PyErr::value_error(format!(
            "iterator too short: Expected {count} but iterator had only {} items.",
            values.len()
        )));
    }
    array_1d(ctx, dtype, &values)
}

hpy::meth!(static FROMBUFFER: keywords = c"frombuffer", frombuffer,
    c"frombuffer(buffer, dtype=float, count=-1, offset=0, *, like=None)\n--\n\nInterpret a buffer as a 1-dimensional array (a copy in numpy_hpy).");
hpy::meth!(static FROMITER: keywords = c"fromiter", fromiter,
    c"fromiter(iter, dtype, count=-1, *, like=None)\n--\n\nCreate a new 1-dimensional array from an iterable object.");
