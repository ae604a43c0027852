//! `_testing.parse_*`: functions whose only job is to parse their arguments
//! with `argparse`, so the tests can reach every error path and the
//! benchmarks can time the parser (each returns what it parsed).

use argparse::convert::{self, Choices};
use argparse::{Args, Param, Signature, py};
use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Global, Handle, PyResult};

/// `casting=` as numpy_hpy's functions read it (`numpy-core`'s `CASTING`).
pub(crate) static CASTING: Choices<5> = Choices::new(
    "casting",
    [c"no", c"equiv", c"safe", c"same_kind", c"unsafe"],
    "'no', 'equiv', 'safe', 'same_kind', 'unsafe'",
);

/// `order=` as numpy_hpy's functions read it (`numpy-core`'s `ORDER`).
pub(crate) static ORDER: Choices<4> =
    Choices::new("order", [c"C", c"F", c"A", c"K"], "'C', 'F', 'A', or 'K'")
        .none_is_default()
        .fold_case();

/// `_testing.AxisError`, what `parse_axis` raises: a `ValueError` and an
/// `IndexError`, as NumPy's (and numpy_hpy's) `AxisError`.
static AXIS_ERROR: Global = Global::new();

/// Creates `AxisError` and adds it to the module.
fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    let bases = ctx.tuple(&[
        ctx.constant(|t| t.h_ValueError),
        ctx.constant(|t| t.h_IndexError),
    ])?;
    let cls = ctx.new_exception(c"_testing.AxisError", &bases, c"Axis supplied was invalid.")?;
    AXIS_ERROR.store(ctx, &cls);
    ctx.setattr_s(module, c"AxisError", &cls)
}

/// `(args..., None for missing)` of a parse.
fn slots_tuple<'c, const N: usize>(ctx: Ctx<'c>, a: &Args<'_, 'c, N>) -> PyResult<Handle<'c>> {
    let none = ctx.none();
    let raws: Vec<Borrowed<'_, 'c>> = a.0.iter().map(|s| s.unwrap_or(none.borrow())).collect();
    ctx.tuple(&raws)
}

pub static SIG_F1: Signature<1> = Signature::new("parse_f1", [Param::either(c"x")]);
pub static SIG_F2: Signature<2> =
    Signature::new("parse_f2", [Param::either(c"x"), Param::either(c"y")]);
pub static SIG_OUT: Signature<2> = Signature::new(
    "parse_out",
    [Param::either(c"x"), Param::keyword(c"out").optional()],
);
pub static SIG_UFUNC: Signature<9> = Signature::new(
    "parse_ufunc",
    [
        Param::positional(c"x1"),
        Param::positional(c"x2"),
        Param::positional(c"out1").optional(),
        Param::keyword(c"out").optional(),
        Param::keyword(c"where").optional(),
        Param::keyword(c"casting").optional(),
        Param::keyword(c"order").optional(),
        Param::keyword(c"dtype").optional(),
        Param::keyword(c"subok").optional(),
    ],
)
.count_style();
pub static SIG_MIXED: Signature<5> = Signature::new(
    "parse_mixed",
    [
        Param::positional(c"a"),
        Param::either(c"b"),
        Param::either(c"c").optional(),
        Param::keyword(c"d"),
        Param::keyword(c"e").optional(),
    ],
);
pub static SIG_AXIS: Signature<2> = Signature::new(
    "parse_axis",
    [Param::either(c"ndim"), Param::either(c"axis").optional()],
);
pub static SIG_SHAPE: Signature<1> = Signature::new("parse_shape", [Param::either(c"shape")]);
pub static SIG_ORDER: Signature<1> =
    Signature::new("parse_order", [Param::either(c"order").optional()]);
pub static SIG_NUMBERS: Signature<3> = Signature::new(
    "parse_numbers",
    [
        Param::either(c"i").optional(),
        Param::either(c"f").optional(),
        Param::either(c"b").optional(),
    ],
);

hpy::part!(
    /// What this file adds to the module.
    pub(super) static PART = {
        defines: [
            PARSE_F1,
            PARSE_F2,
            PARSE_OUT,
            PARSE_UFUNC,
            PARSE_MIXED,
            PARSE_AXIS,
            PARSE_SHAPE,
            PARSE_ORDER,
            PARSE_NUMBERS,
            BENCH_F1,
            BENCH_F2,
            BENCH_OUT,
            BENCH_UFUNC,
        ],
        globals: [
            SIG_F1.globals(),
            SIG_F2.globals(),
            SIG_OUT.globals(),
            SIG_UFUNC.globals(),
            SIG_MIXED.globals(),
            SIG_AXIS.globals(),
            SIG_SHAPE.globals(),
            SIG_ORDER.globals(),
            SIG_NUMBERS.globals(),
            CASTING.globals(),
            ORDER.globals(),
            hpy::Globals::one(&AXIS_ERROR),
        ],
        init: init,
    }
);

type Kw<'c> = Option<Borrowed<'c, 'c>>;

fn parse_f1<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_F1.parse(ctx, args, n, kw))?;
    slots_tuple(ctx, &a)
}

fn parse_f2<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_F2.parse(ctx, args, n, kw))?;
    slots_tuple(ctx, &a)
}

fn parse_out<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_OUT.parse(ctx, args, n, kw))?;
    slots_tuple(ctx, &a)
}

/// Parses like a ufunc and converts `casting`/`order` (returned as their index).
fn parse_ufunc<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_UFUNC.parse(ctx, args, n, kw))?;
    let casting = py(CASTING.convert_or(ctx, a.get(5), 3))?;
    let order = py(ORDER.convert_or(ctx, a.get(6), 3))?;
    let parsed = slots_tuple(ctx, &a)?;
    let c = ctx.long_from_i64(casting as i64)?;
    let o = ctx.long_from_i64(order as i64)?;
    ctx.tuple(&[parsed.borrow(), c.borrow(), o.borrow()])
}

fn parse_mixed<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_MIXED.parse(ctx, args, n, kw))?;
    slots_tuple(ctx, &a)
}

/// `parse_axis(ndim, axis=None)`: the normalised axes as a tuple, or None.
fn parse_axis<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_AXIS.parse(ctx, args, n, kw))?;
    let ndim = py(convert::index(ctx, a.get(0).expect("required")))?;
    if ndim < 0 {
        return Err(hpy::PyErr::value_error("ndim must be >= 0"));
    }
    match py(convert::axis(ctx, a.get(1), ndim as usize, &AXIS_ERROR))? {
        None => Ok(ctx.none()),
        Some(axes) => ints_tuple(ctx, axes.iter().map(|&x| x as i64)),
    }
}

fn ints_tuple<'c>(ctx: Ctx<'c>, it: impl Iterator<Item = i64>) -> PyResult<Handle<'c>> {
    let items = it
        .map(|v| ctx.long_from_i64(v))
        .collect::<PyResult<Vec<_>>>()?;
    let raws: Vec<Borrowed<'_, 'c>> = items.iter().map(Handle::borrow).collect();
    ctx.tuple(&raws)
}

fn parse_shape<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_SHAPE.parse(ctx, args, n, kw))?;
    let dims = py(convert::shape(ctx, a.get(0).expect("required")))?;
    ints_tuple(ctx, dims.iter().map(|&d| d as i64))
}

fn parse_order<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_ORDER.parse(ctx, args, n, kw))?;
    let i = py(ORDER.convert_or(ctx, a.get(0), 3))?;
    ctx.str_from_cstr(ORDER.name(i))
}

/// `parse_numbers(i=None, f=None, b=None)`: index, float and bool converters.
fn parse_numbers<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_NUMBERS.parse(ctx, args, n, kw))?;
    let none = ctx.none();
    let i = match a.get(0) {
        Some(h) => Some(ctx.long_from_isize(py(convert::index(ctx, h))?)?),
        None => None,
    };
    let f = match a.get(1) {
        Some(h) => Some(ctx.float_from_f64(py(convert::float(ctx, h))?)?),
        None => None,
    };
    let b = match a.get(2) {
        Some(h) => Some(ctx.bool(py(convert::boolean(ctx, h))?)),
        None => None,
    };
    ctx.tuple(&[&i, &f, &b].map(|h| h.as_ref().map_or(none.borrow(), Handle::borrow)))
}

/// `bench_*`: the same parses, returning None, so benchmarks time the parser
/// and not the result tuple.
macro_rules! bench_fn {
    ($name:ident, $sig:ident) => {
        fn $name<'c>(
            ctx: Ctx<'c>,
            _m: Borrowed<'_, 'c>,
            args: CallArgs<'c>,
            n: usize,
            kw: Kw<'c>,
        ) -> PyResult<Handle<'c>> {
            py($sig.parse(ctx, args, n, kw))?;
            Ok(ctx.none())
        }
    };
}
bench_fn!(bench_f1, SIG_F1);
bench_fn!(bench_f2, SIG_F2);
bench_fn!(bench_out, SIG_OUT);

/// The ufunc-shaped parse including the `casting` and `order` converters.
fn bench_ufunc<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_UFUNC.parse(ctx, args, n, kw))?;
    py(CASTING.convert_or(ctx, a.get(5), 3))?;
    py(ORDER.convert_or(ctx, a.get(6), 3))?;
    Ok(ctx.none())
}

hpy::meth!(static BENCH_F1: keywords = c"bench_f1", bench_f1);
hpy::meth!(static BENCH_F2: keywords = c"bench_f2", bench_f2);
hpy::meth!(static BENCH_OUT: keywords = c"bench_out", bench_out);
hpy::meth!(static BENCH_UFUNC: keywords = c"bench_ufunc", bench_ufunc);
hpy::meth!(static PARSE_F1: keywords = c"parse_f1", parse_f1);
hpy::meth!(static PARSE_F2: keywords = c"parse_f2", parse_f2);
hpy::meth!(static PARSE_OUT: keywords = c"parse_out", parse_out);
hpy::meth!(static PARSE_UFUNC: keywords = c"parse_ufunc", parse_ufunc);
hpy::meth!(static PARSE_MIXED: keywords = c"parse_mixed", parse_mixed);
hpy::meth!(static PARSE_AXIS: keywords = c"parse_axis", parse_axis);
hpy::meth!(static PARSE_SHAPE: keywords = c"parse_shape", parse_shape);
hpy::meth!(static PARSE_ORDER: keywords = c"parse_order", parse_order);
hpy::meth!(static PARSE_NUMBERS: keywords = c"parse_numbers", parse_numbers);
