//! Arrays of evenly spaced values and identity matrices: `arange`,
//! `linspace`, `eye`, `identity`.
//!
//! `arange` follows NumPy's `PyArray_ArangeObj` step by step: the length and
//! the second element come from Python arithmetic on the arguments
//! (`stop - start`, `/ step`, `start + step`, so a `float32` scalar argument
//! computes in float32), the first two elements are stored with the dtype's
//! `setitem` rules ([`setitem`]) and the rest are extrapolated by the dtype's
//! `fill` function (`start + i*delta`, [`fill`]). `linspace` reproduces the
//! operation order of `numpy/_core/function_base.py` in the result dtype.

use crate::errors::py_err;
use argparse::convert;
use argparse::{Param, Signature, py};
use hpy::CallArgs;
use hpy::{AsHandle, Borrowed, Ctx, ExcType, Handle, PyErr, PyResult, RichCmpOp};
use num_complex::Complex;

use super::creation::{ORDER, optional_dtype};
use super::object::{array_data, new_array};
use crate::array::{Layout, element};
use crate::dtype::{DType, PyScalarKind, promote_types, result_type};
use crate::scalar::{BinaryOp, ExcKind, Scalar, ScalarError, weak};

type Kw<'c> = Option<Borrowed<'c, 'c>>;

static SIG_ARANGE: Signature<6> = Signature::new(
    "arange",
    [
        Param::either(c"start").optional(),
        Param::either(c"stop").optional(),
        Param::either(c"step").optional(),
        Param::either(c"dtype").optional(),
        Param::keyword(c"device").optional(),
        Param::keyword(c"like").optional(),
    ],
);
static SIG_LINSPACE: Signature<8> = Signature::new(
    "linspace",
    [
        Param::either(c"start"),
        Param::either(c"stop"),
        Param::either(c"num").optional(),
        Param::either(c"endpoint").optional(),
        Param::either(c"retstep").optional(),
        Param::either(c"dtype").optional(),
        Param::either(c"axis").optional(),
        Param::keyword(c"device").optional(),
    ],
)
.python_style();
static SIG_EYE: Signature<7> = Signature::new(
    "eye",
    [
        Param::either(c"N"),
        Param::either(c"M").optional(),
        Param::either(c"k").optional(),
        Param::either(c"dtype").optional(),
        Param::either(c"order").optional(),
        Param::keyword(c"device").optional(),
        Param::keyword(c"like").optional(),
    ],
)
.python_style();
static SIG_IDENTITY: Signature<3> = Signature::new(
    "identity",
    [
        Param::either(c"n"),
        Param::either(c"dtype").optional(),
        Param::keyword(c"like").optional(),
    ],
)
.python_style();

hpy::part!(
    /// What this file adds to the module.
    pub(super) static PART = {
        defines: [
            ARANGE,
            LINSPACE,
            EYE,
            IDENTITY,
        ],
        globals: [
            SIG_ARANGE.globals(),
            SIG_LINSPACE.globals(),
            SIG_EYE.globals(),
            SIG_IDENTITY.globals(),
        ],
    }
);

// ------------------------------------------------------------------ helpers

/// `device=`: only `None` and `"cpu"`, as NumPy.
pub(super) fn check_device<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<()> {
    let Some(h) = convert::optional(ctx, h) else {
        return Ok(());
    };
    if ctx.is_str(h) && ctx.str_to_string(h)? == "cpu" {
        return Ok(());
    }
    let text = ctx.call(ctx.constant(|t| t.h_UnicodeType), &[h.borrow()])?;
    Err(PyErr::value_error(format!(
        "Device not understood. Only \"cpu\" is allowed, but received: {}",
        ctx.str_to_string(&text)?
    )))
}

/// `like=`: our arrays (which dispatch to these very functions) or `None`.
pub(super) fn check_like<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<()> {
    match convert::optional(ctx, h) {
        Some(h) if array_data(ctx, h)?.is_none() => Err(PyErr::type_error(
            "The `like` argument must be an array-like that implements the `__array_function__` protocol.",
        )),
        _ => Ok(()),
    }
}

use crate::errors::py_err as scalar_error;

/// `a op b` for two scalars of one dtype, as NumPy's loops compute it (the
/// FP warnings NumPy would give are not reported).
fn arith(a: Scalar, op: BinaryOp, b: Scalar) -> PyResult<Scalar> {
    let out = a.binary(op, &b).map_err(scalar_error)?;
    Ok(out.scalar().expect("one result"))
}

/// A fresh zero-filled C-ordered (or F-ordered) array.
fn alloc<'c>(
    ctx: Ctx<'c>,
    shape: &[usize],
    dtype: DType,
    fortran: bool,
) -> PyResult<(Handle<'c>, Layout, *mut u8)> {
    let buffer = super::object::array_memory(shape, dtype)?;
    let base = buffer.as_ptr();
    let layout = if fortran {
        Layout::f_order(shape, dtype.itemsize()).map_err(py_err)?
    } else {
        Layout::c_order(shape, dtype.itemsize()).map_err(py_err)?
    };
    let arr = new_array(ctx, dtype, layout.clone(), buffer)?;
    Ok((arr, layout, base))
}

/// A 1-d array holding `values` (all of `dtype`).
pub(super) fn array_1d<'c>(ctx: Ctx<'c>, dtype: DType, values: &[Scalar]) -> PyResult<Handle<'c>> {
    let (arr, _layout, base) = alloc(ctx, &[values.len()], dtype, false)?;
    for (i, v) in values.iter().enumerate() {
        debug_assert_eq!(v.dtype(), dtype);
        // SAFETY: element `i` of the fresh C-ordered allocation of
        // `values.len()` elements at `base` (layout invariant), not shared yet.
        unsafe { element::write(base.add(i * dtype.itemsize()), *v) };
    }
    Ok(arr)
}

/// A Python number or one of ours, as `arange`/`linspace` see their arguments.
#[derive(Clone, Copy)]
enum Number {
    /// One of our scalars or a 0-d array of ours: a dtype of its own.
    Strong(Scalar),
    Bool(bool),
    /// A Python int; `None` beyond what 128 bits hold.
    Int(Option<i128>),
    Float(f64),
    Complex(Complex<f64>),
}

fn python_int<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> Option<i128> {
    if let Ok(v) = ctx.long_as_i64(obj) {
        return Some(i128::from(v));
    }
    ctx.err_clear();
    if let Ok(v) = ctx.long_as_u64(obj) {
        return Some(i128::from(v));
    }
    ctx.err_clear();
    None
}

fn python_complex<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Complex<f64>> {
    let re = ctx.getattr_s(obj, c"real")?;
    let im = ctx.getattr_s(obj, c"imag")?;
    Ok(Complex::new(ctx.float_as_f64(&re)?, ctx.float_as_f64(&im)?))
}

/// `obj` as a [`Number`]; `None` for anything else.
fn number<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<Number>> {
    if let Some(s) = crate::scalar_types::scalar_of(ctx, obj)? {
        return Ok(Some(Number::Strong(s)));
    }
    if let Some(a) = array_data(ctx, obj)? {
        if a.layout().ndim() == 0 {
            return Ok(Some(Number::Strong(a.single().expect("0-d: one element"))));
        }
        return Ok(None);
    }
    let ty = ctx.type_of(obj);
    if ctx.is(&ty, ctx.constant(|t| t.h_BoolType)) {
        return Ok(Some(Number::Bool(ctx.is_true(obj)?)));
    }
    if ctx.is_subtype(&ty, ctx.constant(|t| t.h_LongType)) {
        return Ok(Some(Number::Int(python_int(ctx, obj))));
    }
    if ctx.is_subtype(&ty, ctx.constant(|t| t.h_FloatType)) {
        return Ok(Some(Number::Float(ctx.float_as_f64(obj)?)));
    }
    if ctx.is_subtype(&ty, ctx.constant(|t| t.h_ComplexType)) {
        return Ok(Some(Number::Complex(python_complex(ctx, obj)?)));
    }
    Ok(None)
}

/// What `np.array(obj)` would make of an `arange` argument.
enum Discovered {
    Dtype(DType),
    /// NumPy would make an object (or other unsupported) array; the
    /// arithmetic may still raise first, as it does in NumPy.
    Unsupported,
}

fn discover<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Discovered> {
    if let Some(a) = array_data(ctx, obj)? {
        return Ok(Discovered::Dtype(a.dtype));
    }
    Ok(match number(ctx, obj)? {
        Some(Number::Strong(s)) => Discovered::Dtype(s.dtype()),
        Some(Number::Bool(_)) => Discovered::Dtype(DType::Bool),
        Some(Number::Int(Some(v))) if v <= i64::MAX as i128 => Discovered::Dtype(DType::Int64),
        Some(Number::Int(Some(v))) if v <= u64::MAX as i128 => Discovered::Dtype(DType::UInt64),
        Some(Number::Int(_)) => Discovered::Unsupported,
        Some(Number::Float(_)) => Discovered::Dtype(DType::Float64),
        Some(Number::Complex(_)) => Discovered::Dtype(DType::Complex128),
        None => {
            if ctx.is_str(obj) || ctx.type_check(obj, ctx.constant(|t| t.h_BytesType)) {
                return Err(PyErr::type_error(
                    "arange() not supported for inputs with a string DType (numpy_hpy has no string arrays yet).",
                ));
            }
            Discovered::Unsupported
        }
    })
}

#[cold]
fn int_error(dtype: DType, value: Option<i128>) -> PyErr {
    match value {
        Some(v) => match weak::weak_int_check(dtype, v) {
            Err(e) => scalar_error(e),
            Ok(()) => unreachable!("only called for values that do not fit"),
        },
        None => PyErr::new(
            ExcType::OverflowError,
            "Python int too large to convert to C long",
        ),
    }
}

/// An integer value for an integer dtype: NumPy 2 refuses what does not fit
/// (`Python integer 300 out of bounds for int8`).
fn checked_int(dtype: DType, value: Option<i128>) -> PyResult<Scalar> {
    match value {
        Some(v) if weak::weak_int_check(dtype, v).is_ok() => Ok(Scalar::from_i128(dtype, v)),
        _ => Err(int_error(dtype, value)),
    }
}

/// A float stored into an integer dtype: `int(value)`, then as a Python int.
fn float_to_int(dtype: DType, value: f64) -> PyResult<Scalar> {
    if value.is_nan() {
        return Err(PyErr::value_error("cannot convert float NaN to integer"));
    }
    if value.is_infinite() {
        return Err(PyErr::new(
            ExcType::OverflowError,
            "cannot convert float infinity to integer",
        ));
    }
    let t = value.trunc();
    let v = if t.abs() < 1.7e38 {
        Some(t as i128)
    } else {
        None
    };
    checked_int(dtype, v)
}

/// Stores `obj` into an element of `dtype` as NumPy's `setitem` does
/// (`PyArray_Pack`): bool takes the truth value; integer dtypes take
/// `int(obj)` (Python ints must fit; NaN and infinities raise); float and
/// complex dtypes take `float(obj)` / the complex value.
pub(super) fn setitem<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>, dtype: DType) -> PyResult<Scalar> {
    if dtype == DType::Bool {
        return Ok(Scalar::Bool(ctx.is_true(obj)?));
    }
    let num = number(ctx, obj)?;
    if dtype.is_integer() {
        return match num {
            Some(Number::Strong(s)) if s.dtype() == dtype => Ok(s),
            Some(Number::Strong(s)) if s.dtype().is_inexact() && !s.dtype().is_complex() => {
                float_to_int(dtype, s.to_f64())
            }
            Some(Number::Strong(s)) if !s.dtype().is_complex() => checked_int(dtype, s.to_i128()),
            Some(Number::Bool(b)) => Ok(Scalar::from_i128(dtype, i128::from(b))),
            Some(Number::Int(v)) => checked_int(dtype, v),
            Some(Number::Float(f)) => float_to_int(dtype, f),
            _ => {
                let i = ctx.call(ctx.constant(|t| t.h_LongType), &[obj.as_borrowed()])?;
                checked_int(dtype, python_int(ctx, i.borrow()))
            }
        };
    }
    let complex = dtype.is_complex();
    Ok(match num {
        Some(Number::Strong(s)) => s.cast(dtype),
        Some(Number::Bool(b)) => Scalar::Bool(b).cast(dtype),
        Some(Number::Int(_)) | Some(Number::Float(_)) => {
            Scalar::Float64(ctx.float_as_f64(obj)?).cast(dtype)
        }
        Some(Number::Complex(c)) if complex => Scalar::Complex128(c).cast(dtype),
        _ if complex => {
            let c = ctx.call(ctx.constant(|t| t.h_ComplexType), &[obj.as_borrowed()])?;
            Scalar::Complex128(python_complex(ctx, c.borrow())?).cast(dtype)
        }
        _ => {
            let f = ctx.call(ctx.constant(|t| t.h_FloatType), &[obj.as_borrowed()])?;
            Scalar::Float64(ctx.float_as_f64(&f)?).cast(dtype)
        }
    })
}

// ------------------------------------------------------------------- arange

/// NumPy's `_arange_safe_ceil_to_intp`.
fn ceil_to_intp(value: f64) -> PyResult<isize> {
    let c = value.ceil();
    if c.is_nan() {
        return Err(PyErr::value_error("arange: cannot compute length"));
    }
    if !((isize::MIN as f64) <= c && c <= (isize::MAX as f64)) {
        return Err(PyErr::new(
            ExcType::OverflowError,
            "arange: overflow while computing length",
        ));
    }
    Ok(c as isize)
}

/// A binary operator of the `operator` module applied to two objects.
fn py_op<'c>(
    ctx: Ctx<'c>,
    name: &core::ffi::CStr,
    a: impl AsHandle<'c>,
    b: impl AsHandle<'c>,
) -> PyResult<Handle<'c>> {
    let operator = ctx.import(c"operator")?;
    let f = ctx.getattr_s(&operator, name)?;
    ctx.call(&f, &[a.as_borrowed(), b.as_borrowed()])
}

/// NumPy's `_calc_length`: `ceil((stop - start) / step)` in Python
/// arithmetic, and `start + step` when the result is not empty.
fn calc_length<'c>(
    ctx: Ctx<'c>,
    start: Borrowed<'_, 'c>,
    stop: Borrowed<'_, 'c>,
    step: Borrowed<'_, 'c>,
    cmplx: bool,
) -> PyResult<(isize, Option<Handle<'c>>)> {
    let diff = match py_op(ctx, c"sub", stop, start) {
        Ok(d) => d,
        Err(e) => {
            if ctx.is_tuple(stop) {
                ctx.err_clear();
                return Err(PyErr::type_error(
                    "arange: scalar arguments expected instead of a tuple.",
                ));
            }
            return Err(e);
        }
    };
    let zero = ctx.long_from_i64(0)?;
    let diff_nonzero = ctx.rich_compare_bool(&diff, &zero, RichCmpOp::Ne)?;
    let val = py_op(ctx, c"truediv", &diff, step)?;
    let val_zero = ctx.rich_compare_bool(&val, &zero, RichCmpOp::Eq)?;
    let is_complex = ctx.is_subtype(&ctx.type_of(&val), ctx.constant(|t| t.h_ComplexType));
    let len = if cmplx && is_complex {
        let c = python_complex(ctx, val.borrow())?;
        ceil_to_intp(c.re)?.min(ceil_to_intp(c.im)?)
    } else {
        let value = ctx.float_as_f64(&val)?;
        // Underflow and division by infinity: one element or none.
        if val_zero && diff_nonzero {
            if value.is_sign_negative() { 0 } else { 1 }
        } else {
            ceil_to_intp(value)?
        }
    };
    let next = if len > 0 {
        Some(ctx.add(start, step)?)
    } else {
        None
    };
    Ok((len, next))
}

fn is_overflow(ctx: Ctx<'_>, e: &PyErr) -> bool {
    match e {
        PyErr::New(ExcType::OverflowError, _) => true,
        PyErr::New(..) => false,
        PyErr::Fetched => ctx.err_matches(ctx.constant(|t| t.h_OverflowError)),
    }
}

/// NumPy's `@NAME@_fill`: elements 2.. from the first two, as
/// `start + i*delta` with `delta = buffer[1] - buffer[0]`, in the dtype's own
/// arithmetic (C integer wrap-around; `i` converted to the float type).
fn fill(first: Scalar, second: Scalar, len: usize) -> PyResult<Vec<Scalar>> {
    let mut out = Vec::with_capacity(len);
    out.push(first);
    out.push(second);
    match (first, second) {
        (Scalar::Bool(_), _) => {
            return Err(PyErr::type_error(
                "arange() is only supported for booleans when the result has at most length 2.",
            ));
        }
        (Scalar::Float32(a), Scalar::Float32(b)) => {
            let d = b - a;
            out.extend((2..len).map(|i| Scalar::Float32(a + i as f32 * d)));
        }
        (Scalar::Float64(a), Scalar::Float64(b)) => {
            let d = b - a;
            out.extend((2..len).map(|i| Scalar::Float64(a + i as f64 * d)));
        }
        (Scalar::Complex64(a), Scalar::Complex64(b)) => {
            let (dr, di) = (b.re - a.re, b.im - a.im);
            out.extend((2..len).map(|i| {
                let f = i as f32;
                Scalar::Complex64(Complex::new(a.re + f * dr, a.im + f * di))
            }));
        }
        (Scalar::Complex128(a), Scalar::Complex128(b)) => {
            let (dr, di) = (b.re - a.re, b.im - a.im);
            out.extend((2..len).map(|i| {
                let f = i as f64;
                Scalar::Complex128(Complex::new(a.re + f * dr, a.im + f * di))
            }));
        }
        (a, b) => {
            // Integers: modular arithmetic, as the C loop's wrap-around.
            let dtype = a.dtype();
            let a = a.to_i128().expect("integer");
            let d = b.to_i128().expect("integer").wrapping_sub(a);
            out.extend(
                (2..len)
                    .map(|i| Scalar::from_i128(dtype, a.wrapping_add((i as i128).wrapping_mul(d)))),
            );
        }
    }
    Ok(out)
}

/// `arange([start,] stop[, step,], dtype=None, *, device=None, like=None)`.
pub(super) fn arange<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_ARANGE.parse(ctx, args, n, kw))?;
    check_device(ctx, a.get(4))?;
    check_like(ctx, a.get(5))?;
    let (mut start, mut stop) = (a.get(0), a.get(1));
    if stop.is_none() {
        if n == 0 {
            return Err(PyErr::type_error("arange() requires stop to be specified."));
        }
    } else if start.is_none() {
        start = stop;
        stop = None;
    }
    let start = start.expect("given positionally or as stop");
    let stop = stop.filter(|h| !ctx.is_none(*h));
    let step = a.get(2).filter(|h| !ctx.is_none(*h));
    // The dtype is discovered before any arithmetic, and is at least intp.
    let dtype = match optional_dtype(ctx, a.get(3))? {
        Some(d) => Some(d),
        None => {
            let mut d = Some(DType::Int64);
            for obj in [Some(start), stop, step].into_iter().flatten() {
                d = match (d, discover(ctx, obj)?) {
                    (Some(d), Discovered::Dtype(o)) => Some(promote_types(d, o)),
                    _ => None,
                };
            }
            d
        }
    };
    let one = ctx.long_from_i64(1)?;
    let zero = ctx.long_from_i64(0)?;
    let step = step.unwrap_or(one.borrow());
    let (start, stop) = match stop {
        Some(stop) => (start, stop),
        None => (zero.borrow(), start),
    };
    let cmplx = dtype.is_some_and(|d| d.is_complex());
    let (len, next) = match calc_length(ctx, start, stop, step, cmplx) {
        Ok(r) => r,
        Err(e) => {
            if is_overflow(ctx, &e) {
                if matches!(e, PyErr::Fetched) {
                    ctx.err_clear();
                }
                return Err(PyErr::value_error("Maximum allowed size exceeded"));
            }
            return Err(e);
        }
    };
    let Some(dtype) = dtype else {
        return Err(PyErr::type_error(
            "numpy_hpy does not support object arrays yet (arange of these arguments)",
        ));
    };
    let len = usize::try_from(len).unwrap_or(0);
    if len == 0 {
        return array_1d(ctx, dtype, &[]);
    }
    let first = setitem(ctx, start, dtype)?;
    if len == 1 {
        return array_1d(ctx, dtype, &[first]);
    }
    let next = next.expect("computed for a non-empty result");
    let second = setitem(ctx, next.borrow(), dtype)?;
    if len == 2 {
        return array_1d(ctx, dtype, &[first, second]);
    }
    if dtype == DType::Bool {
        return Err(PyErr::type_error(
            "arange() is only supported for booleans when the result has at most length 2.",
        ));
    }
    // Refuse sizes NumPy cannot allocate before building the values.
    if len
        .checked_mul(dtype.itemsize())
        .is_none_or(|b| b > isize::MAX as usize)
    {
        return Err(PyErr::value_error(
            "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
        ));
    }
    let values = fill(first, second, len)?;
    array_1d(ctx, dtype, &values)
}

// ----------------------------------------------------------------- linspace

/// A `linspace` endpoint: its value and how it takes part in promotion.
struct Endpoint {
    value: Scalar,
    strong: Option<DType>,
    weak: Option<PyScalarKind>,
}

fn endpoint<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Endpoint> {
    let weak = |value, kind| Endpoint {
        value,
        strong: None,
        weak: Some(kind),
    };
    Ok(match number(ctx, obj)? {
        Some(Number::Strong(s)) => Endpoint {
            value: s,
            strong: Some(s.dtype()),
            weak: None,
        },
        Some(Number::Bool(b)) => weak(Scalar::Bool(b), PyScalarKind::Bool),
        Some(Number::Int(Some(v))) if v <= u64::MAX as i128 && v >= i64::MIN as i128 => {
            weak(Scalar::Float64(v as f64), PyScalarKind::Int)
        }
        Some(Number::Int(_)) => weak(Scalar::Float64(ctx.float_as_f64(obj)?), PyScalarKind::Int),
        Some(Number::Float(f)) => weak(Scalar::Float64(f), PyScalarKind::Float),
        Some(Number::Complex(c)) => weak(Scalar::Complex128(c), PyScalarKind::Complex),
        None => {
            return Err(PyErr::type_error(
                "numpy_hpy.linspace supports scalar start and stop only (yet)",
            ));
        }
    })
}

/// `linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None,
/// axis=0, *, device=None)`, for scalar `start` and `stop`.
pub(super) fn linspace<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_LINSPACE.parse(ctx, args, n, kw))?;
    check_device(ctx, a.get(7))?;
    let num = match a.get(2) {
        Some(h) => py(convert::index(ctx, h))?,
        None => 50,
    };
    if num < 0 {
        return Err(PyErr::value_error(format!(
            "Number of samples, {num}, must be non-negative."
        )));
    }
    let num = num as usize;
    // The result's size, checked before anything is allocated for it.
    crate::array::layout::checked_nbytes(&[num], 8).map_err(py_err)?;
    let endpoint_ = match a.get(3) {
        Some(h) => ctx.is_true(h)?,
        None => true,
    };
    let retstep = match a.get(4) {
        Some(h) => ctx.is_true(h)?,
        None => false,
    };
    let div = if endpoint_ {
        num as i128 - 1
    } else {
        num as i128
    };
    let start = endpoint(ctx, a.get(0).expect("required"))?;
    let stop = endpoint(ctx, a.get(1).expect("required"))?;
    // `_array_converter(start, stop).result_type(ensure_inexact=True)`: the
    // operands' dtypes (Python scalars weak) and a weak Python float.
    let strong: Vec<DType> = [start.strong, stop.strong].into_iter().flatten().collect();
    let mut weak: Vec<PyScalarKind> = [start.weak, stop.weak].into_iter().flatten().collect();
    weak.push(PyScalarKind::Float);
    let dt = result_type(&strong, &weak).map_err(py_err)?;
    let dtype = optional_dtype(ctx, a.get(5))?;
    let integer_dtype = dtype.is_some_and(|d| d.is_integer());
    let dtype = dtype.unwrap_or(dt);
    let axis = match a.get(6) {
        Some(h) => py(convert::index(ctx, h))?,
        None => 0,
    };
    if axis != 0 && axis != -1 {
        return Err(PyErr::new(
            ExcType::Custom(&crate::module::AXIS_ERROR),
            format!("destination: axis {axis} is out of bounds for array of dimension 1"),
        ));
    }
    let (s0, s1) = (start.value.cast(dt), stop.value.cast(dt));
    let delta = arith(s1, BinaryOp::Sub, s0)?;
    // `arange(0, num, dtype=dt)`: exact small integers, `(float)i` beyond.
    let mut y: Vec<Scalar> = crate::errors::vec_with_capacity(num)?;
    y.extend((0..num).map(|i| Scalar::from_i128(dt, i as i128)));
    let step = if div > 0 {
        let divs = Scalar::from_i128(dt, div);
        let step = arith(delta, BinaryOp::TrueDiv, divs)?;
        if !step.is_true() {
            // Denormal steps (gh-5437): divide first, then scale.
            for v in &mut y {
                *v = arith(arith(*v, BinaryOp::TrueDiv, divs)?, BinaryOp::Mul, delta)?;
            }
        } else {
            for v in &mut y {
                *v = arith(*v, BinaryOp::Mul, step)?;
            }
        }
        Some(step)
    } else {
        for v in &mut y {
            *v = arith(*v, BinaryOp::Mul, delta)?;
        }
        None
    };
    for v in &mut y {
        *v = arith(*v, BinaryOp::Add, s0)?;
    }
    if endpoint_ && num > 1 {
        y[num - 1] = s1;
    }
    if integer_dtype {
        if dt.is_complex() {
            return Err(scalar_error(ScalarError {
                kind: ExcKind::TypeError,
                message: "ufunc 'floor' not supported for the input types, and the inputs could \
                          not be safely coerced to any supported types according to the casting \
                          rule ''safe''"
                    .into(),
            }));
        }
        for v in &mut y {
            *v = Scalar::Float64(v.to_f64().floor()).cast(dt);
        }
    }
    let values: Vec<Scalar> = y.iter().map(|v| v.cast(dtype)).collect();
    let arr = array_1d(ctx, dtype, &values)?;
    if !retstep {
        return Ok(arr);
    }
    let step = match step {
        Some(s) => crate::scalar_types::to_python(ctx, s)?,
        None => ctx.float_from_f64(f64::NAN)?,
    };
    ctx.tuple(&[arr.borrow(), step.borrow()])
}

// --------------------------------------------------------- eye and identity

fn eye_impl<'c>(
    ctx: Ctx<'c>,
    n: Borrowed<'_, 'c>,
    m: Option<Borrowed<'_, 'c>>,
    k: Option<Borrowed<'_, 'c>>,
    dtype: DType,
    fortran: bool,
) -> PyResult<Handle<'c>> {
    let rows = py(convert::index(ctx, n))?;
    let cols = match convert::optional(ctx, m) {
        Some(m) => py(convert::index(ctx, m))?,
        None => rows,
    };
    if rows < 0 || cols < 0 {
        return Err(PyErr::value_error("negative dimensions are not allowed"));
    }
    let k = match k {
        Some(k) => py(convert::index(ctx, k))?,
        None => 0,
    };
    let (arr, layout, base) = alloc(ctx, &[rows as usize, cols as usize], dtype, fortran)?;
    let one = Scalar::from_i128(dtype, 1);
    for i in 0..rows {
        let j = i.saturating_add(k);
        if (0..cols).contains(&j) {
            let off = i * layout.strides()[0] + j * layout.strides()[1];
            // SAFETY: (i, j) is inside the shape of the fresh allocation at
            // `base` (layout invariant), which nothing else accesses yet.
            unsafe { element::write(base.offset(off), one) };
        }
    }
    Ok(arr)
}

/// `eye(N, M=None, k=0, dtype=float, order='C', *, device=None, like=None)`.
pub(super) fn eye<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_EYE.parse(ctx, args, n, kw))?;
    check_device(ctx, a.get(5))?;
    check_like(ctx, a.get(6))?;
    let dtype = optional_dtype(ctx, a.get(3))?.unwrap_or(DType::Float64);
    let fortran = match py(ORDER.convert_or(ctx, a.get(4), 0))? {
        0 => false,
        1 => true,
        _ => return Err(PyErr::value_error("only 'C' or 'F' order is permitted")),
    };
    eye_impl(
        ctx,
        a.get(0).expect("required"),
        a.get(1),
        a.get(2),
        dtype,
        fortran,
    )
}

/// `identity(n, dtype=None, *, like=None)`.
pub(super) fn identity<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_IDENTITY.parse(ctx, args, n, kw))?;
    check_like(ctx, a.get(2))?;
    let dtype = optional_dtype(ctx, a.get(1))?.unwrap_or(DType::Float64);
    eye_impl(ctx, a.get(0).expect("required"), None, None, dtype, false)
}

hpy::meth!(static ARANGE: keywords = c"arange", arange,
    c"arange([start,] stop[, step,], dtype=None, *, device=None, like=None)\n--\n\nReturn evenly spaced values within a given interval.");
hpy::meth!(static LINSPACE: keywords = c"linspace", linspace,
    c"linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None)\n--\n\nReturn evenly spaced numbers over a specified interval.");
hpy::meth!(static EYE: keywords = c"eye", eye,
    c"eye(N, M=None, k=0, dtype=float, order='C', *, device=None, like=None)\n--\n\nReturn a 2-D array with ones on the diagonal and zeros elsewhere.");
hpy::meth!(static IDENTITY: keywords = c"identity", identity,
    c"identity(n, dtype=None, *, like=None)\n--\n\nReturn the identity array.");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_extrapolates_like_numpy() {
        let v = fill(Scalar::Float64(0.5), Scalar::Float64(0.8), 4).unwrap();
        assert_eq!(v[3], Scalar::Float64(0.5 + 3.0 * (0.8 - 0.5)));
        let v = fill(Scalar::Int8(0), Scalar::Int8(100), 3).unwrap();
        assert_eq!(v[2], Scalar::Int8(-56));
        let v = fill(Scalar::UInt8(253), Scalar::UInt8(254), 4).unwrap();
        assert_eq!(v[3], Scalar::UInt8(0));
        assert!(fill(Scalar::Bool(false), Scalar::Bool(true), 3).is_err());
    }

    #[test]
    fn length_is_ceil_checked() {
        assert_eq!(ceil_to_intp(2.5).ok(), Some(3));
        assert!(ceil_to_intp(f64::NAN).is_err());
        assert!(ceil_to_intp(1e300).is_err());
    }

    #[test]
    fn floats_to_ints_as_python_int() {
        assert_eq!(float_to_int(DType::Int8, -3.7).ok(), Some(Scalar::Int8(-3)));
        assert!(float_to_int(DType::UInt8, -1.0).is_err());
        assert!(float_to_int(DType::Int64, f64::NAN).is_err());
    }
}
