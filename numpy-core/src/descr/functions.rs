//! `result_type`, `promote_types`, `can_cast` and the data behind `finfo`
//! and `iinfo`.

use crate::errors::py_err;
use argparse::convert::Choices;
use argparse::{InitNames, Param, Signature, py};
use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::convert::{dtype_from_object, dtype_instance};
use crate::dtype::{
    Casting, DType, PyScalarKind, can_cast, finfo, iinfo, promote_types, result_type,
};

static SIG_PROMOTE: Signature<2> = Signature::new(
    "promote_types",
    [Param::positional(c"type1"), Param::positional(c"type2")],
)
.npy_style();
static SIG_CAN_CAST: Signature<3> = Signature::new(
    "can_cast",
    [
        Param::positional(c"from_"),
        Param::either(c"to"),
        Param::either(c"casting").optional(),
    ],
)
.python_style();
static SIG_LIMITS: Signature<1> = Signature::new("_limits", [Param::positional(c"dtype")]);

/// NumPy's casting names, in `Casting` order; every `casting=` argument
/// (NumPy 2.4's `astype` also takes 'same_value', which we do not implement).
pub static CASTING: Choices<5> = Choices::new(
    "casting",
    [c"no", c"equiv", c"safe", c"same_kind", c"unsafe"],
    "'no', 'equiv', 'safe', 'same_kind', 'unsafe'",
);

/// The tables whose names the module's exec slot interns.
pub static SIGNATURES: [&'static dyn InitNames; 5] = [
    &SIG_PROMOTE,
    &SIG_CAN_CAST,
    &SIG_LIMITS,
    &CASTING,
    super::types::DTYPE_SIG,
];

/// The globals of this module's tables, for the module definition.
pub static GLOBALS: [&[hpy::Global]; 4] = [
    SIG_PROMOTE.globals(),
    SIG_CAN_CAST.globals(),
    SIG_LIMITS.globals(),
    CASTING.globals(),
];

/// How an operand of `result_type` takes part: a Python scalar is weak (NEP 50).
fn weak_kind<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> Option<PyScalarKind> {
    let ty = ctx.type_of(h);
    [
        (ctx.constant(|t| t.h_BoolType), PyScalarKind::Bool),
        (ctx.constant(|t| t.h_LongType), PyScalarKind::Int),
        (ctx.constant(|t| t.h_FloatType), PyScalarKind::Float),
        (ctx.constant(|t| t.h_ComplexType), PyScalarKind::Complex),
    ]
    .into_iter()
    .find(|(t, _)| ctx.is(&ty, *t))
    .map(|(_, k)| k)
}

/// The dtype of an operand that is an array or one of our scalars (both
/// strong: NumPy 2 no longer looks at the values of 0-d arrays).
fn operand_dtype<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<Option<DType>> {
    if let Some(d) = crate::ndarray::dtype_of_array(ctx, h)? {
        return Ok(Some(d));
    }
    crate::scalar_types::dtype_of_instance(ctx, h)
}

/// `can_cast`'s dtype arguments: NumPy's `PyArray_DescrConverter2`, which
/// refuses `None` (elsewhere `None` means float64).
fn can_cast_dtype<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<DType> {
    if ctx.is_none(h) {
        return Err(PyErr::type_error(
            "did not understand one of the types; 'None' not accepted",
        ));
    }
    dtype_from_object(ctx, h)
}

/// `result_type(*arrays_and_dtypes)`.
fn result_type_fn<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    let mut dtypes = Vec::with_capacity(args.len());
    let mut weak = Vec::new();
    // 0: fits int64, 1: needs uint64, 2: beyond uint64 (only matters when
    // Python ints are the only operands).
    let mut int_range = 0u8;
    for a in args {
        let a = *a;
        if let Some(d) = operand_dtype(ctx, a)? {
            dtypes.push(d);
        } else if let Some(k) = weak_kind(ctx, a) {
            if k == PyScalarKind::Int {
                int_range = int_range.max(int_beyond_int64(ctx, a));
            }
            weak.push(k);
        } else {
            dtypes.push(dtype_from_object(ctx, a)?);
        }
    }
    // Python ints alone take the default integer, or uint64 for values past
    // int64 (NumPy's value-based rule for that case).
    if dtypes.is_empty() && int_range > 0 && weak.iter().all(|k| *k == PyScalarKind::Int) {
        if int_range == 2 {
            return Err(PyErr::type_error(
                "numpy_hpy does not support the data type 'O' yet (a Python int beyond uint64)",
            ));
        }
        return dtype_instance(ctx, DType::UInt64);
    }
    dtype_instance(ctx, result_type(&dtypes, &weak).map_err(py_err)?)
}

/// Where the Python int `h` fits: 0 int64, 1 uint64, 2 neither.
fn int_beyond_int64<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> u8 {
    if ctx.long_as_i64(h).is_ok() {
        return 0;
    }
    ctx.err_clear();
    if ctx.long_as_u64(h).is_ok() {
        return 1;
    }
    ctx.err_clear();
    2
}

fn promote_types_fn<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_PROMOTE.parse(ctx, args, n, kw))?;
    let x = dtype_from_object(ctx, a.get(0).expect("required"))?;
    let y = dtype_from_object(ctx, a.get(1).expect("required"))?;
    dtype_instance(ctx, promote_types(x, y))
}

const CASTINGS: [Casting; 5] = [
    Casting::No,
    Casting::Equiv,
    Casting::Safe,
    Casting::SameKind,
    Casting::Unsafe,
];

fn can_cast_fn<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_CAN_CAST.parse(ctx, args, n, kw))?;
    let from = a.get(0).expect("required");
    let from = match operand_dtype(ctx, from)? {
        Some(d) => d,
        None if weak_kind(ctx, from).is_some() => {
            return Err(PyErr::type_error(
                "can_cast() does not support Python ints, floats, and complex because the result \
                 used to depend on the value.\nThis change was part of adopting NEP 50, we may \
                 explicitly allow them again in the future.",
            ));
        }
        None => can_cast_dtype(ctx, from)?,
    };
    let to = can_cast_dtype(ctx, a.get(1).expect("required"))?;
    let casting = CASTINGS[py(CASTING.convert_or(ctx, a.get(2), 2))?];
    Ok(ctx.bool(can_cast(from, to, casting)))
}

fn dict_set<'c>(ctx: Ctx<'c>, d: &Handle<'c>, key: &str, v: Handle<'c>) -> PyResult<()> {
    let k = ctx.str(key)?;
    ctx.set_item(d, &k, &v)
}

/// `_finfo(dtype)`: the facts `numpy_hpy.finfo` shows, as a dict of Python
/// numbers (the Python class turns them into scalars of the dtype).
fn finfo_fn<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_LIMITS.parse(ctx, args, n, kw))?;
    let d = dtype_from_object(ctx, a.get(0).expect("required"))?;
    let f = finfo(d).map_err(py_err)?;
    let out = ctx.dict()?;
    dict_set(ctx, &out, "dtype", dtype_instance(ctx, f.dtype)?)?;
    for (k, v) in [
        ("eps", f.eps),
        ("epsneg", f.epsneg),
        ("max", f.max),
        ("min", f.min),
        ("tiny", f.tiny),
        ("smallest_normal", f.smallest_normal),
        ("smallest_subnormal", f.smallest_subnormal),
        ("resolution", f.resolution),
    ] {
        dict_set(ctx, &out, k, ctx.float_from_f64(v)?)?;
    }
    for (k, v) in [
        ("bits", i64::from(f.bits)),
        ("precision", i64::from(f.precision)),
        ("iexp", i64::from(f.iexp)),
        ("maxexp", i64::from(f.maxexp)),
        ("minexp", i64::from(f.minexp)),
        ("machep", i64::from(f.machep)),
        ("negep", i64::from(f.negep)),
        ("nexp", i64::from(f.nexp)),
        ("nmant", i64::from(f.nmant)),
    ] {
        dict_set(ctx, &out, k, ctx.long_from_i64(v)?)?;
    }
    Ok(out)
}

/// `_iinfo(dtype)`: `{"dtype", "bits", "min", "max"}`.
fn iinfo_fn<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_LIMITS.parse(ctx, args, n, kw))?;
    let d = dtype_from_object(ctx, a.get(0).expect("required"))?;
    let i = iinfo(d).map_err(py_err)?;
    let out = ctx.dict()?;
    dict_set(ctx, &out, "dtype", dtype_instance(ctx, i.dtype)?)?;
    dict_set(ctx, &out, "bits", ctx.long_from_i64(i64::from(i.bits))?)?;
    dict_set(ctx, &out, "min", ctx.long_from_i64(i.min)?)?;
    dict_set(ctx, &out, "max", ctx.long_from_u64(i.max)?)?;
    Ok(out)
}

hpy::meth!(pub static RESULT_TYPE: varargs = c"result_type", result_type_fn,
    c"result_type(*arrays_and_dtypes)\n--\n\nThe type that results from applying the NumPy type promotion rules to the arguments.");
hpy::meth!(pub static PROMOTE_TYPES: keywords = c"promote_types", promote_types_fn,
    c"promote_types(type1, type2)\n--\n\nThe smallest size and smallest scalar kind to which both types may be safely cast.");
hpy::meth!(pub static CAN_CAST: keywords = c"can_cast", can_cast_fn,
    c"can_cast(from_, to, casting='safe')\n--\n\nWhether a cast can occur according to the casting rule.");
hpy::meth!(pub static FINFO: keywords = c"_finfo", finfo_fn);
hpy::meth!(pub static IINFO: keywords = c"_iinfo", iinfo_fn);
