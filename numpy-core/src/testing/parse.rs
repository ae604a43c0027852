//! `_testing.parse_*`: functions whose only job is to parse their arguments
//! with `argparse`, so the tests can reach every error path and the
//! benchmarks can time the parser (each returns what it parsed).

use argparse::convert;
use argparse::{Args, Param, Signature, py};
use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Handle, PyResult};

use crate::descr::CASTING;
use crate::module::AXIS_ERROR;
use crate::ndarray::ORDER;

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

/// Everything whose names must be interned at module exec.
pub static TABLES: [&'static dyn argparse::InitNames; 9] = [
    &SIG_F1,
    &SIG_F2,
    &SIG_OUT,
    &SIG_UFUNC,
    &SIG_MIXED,
    &SIG_AXIS,
    &SIG_SHAPE,
    &SIG_ORDER,
    &SIG_NUMBERS,
];

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

hpy::meth!(pub static BENCH_F1: keywords = c"_testing_bench_f1", bench_f1);
hpy::meth!(pub static BENCH_F2: keywords = c"_testing_bench_f2", bench_f2);
hpy::meth!(pub static BENCH_OUT: keywords = c"_testing_bench_out", bench_out);
hpy::meth!(pub static BENCH_UFUNC: keywords = c"_testing_bench_ufunc", bench_ufunc);
hpy::meth!(pub static PARSE_F1: keywords = c"_testing_parse_f1", parse_f1);
hpy::meth!(pub static PARSE_F2: keywords = c"_testing_parse_f2", parse_f2);
hpy::meth!(pub static PARSE_OUT: keywords = c"_testing_parse_out", parse_out);
hpy::meth!(pub static PARSE_UFUNC: keywords = c"_testing_parse_ufunc", parse_ufunc);
hpy::meth!(pub static PARSE_MIXED: keywords = c"_testing_parse_mixed", parse_mixed);
hpy::meth!(pub static PARSE_AXIS: keywords = c"_testing_parse_axis", parse_axis);
hpy::meth!(pub static PARSE_SHAPE: keywords = c"_testing_parse_shape", parse_shape);
hpy::meth!(pub static PARSE_ORDER: keywords = c"_testing_parse_order", parse_order);
hpy::meth!(pub static PARSE_NUMBERS: keywords = c"_testing_parse_numbers", parse_numbers);

/// Short names of the functions above, for `_testing`.
pub const NAMES: [(&core::ffi::CStr, &core::ffi::CStr); 13] = [
    (c"_testing_bench_f1", c"bench_f1"),
    (c"_testing_bench_f2", c"bench_f2"),
    (c"_testing_bench_out", c"bench_out"),
    (c"_testing_bench_ufunc", c"bench_ufunc"),
    (c"_testing_parse_f1", c"parse_f1"),
    (c"_testing_parse_f2", c"parse_f2"),
    (c"_testing_parse_out", c"parse_out"),
    (c"_testing_parse_ufunc", c"parse_ufunc"),
    (c"_testing_parse_mixed", c"parse_mixed"),
    (c"_testing_parse_axis", c"parse_axis"),
    (c"_testing_parse_shape", c"parse_shape"),
    (c"_testing_parse_order", c"parse_order"),
    (c"_testing_parse_numbers", c"parse_numbers"),
];
