//! The `argparse` crate's vectorcall parser (`Signature::parse`) without
//! Python: the handles and the context are those of a synthetic HPy runtime
//! (`numpy_hpy_benches::fake_hpy`, whose module docs say what it fakes and
//! why that is sound), so a row is the parser's own work plus calls into
//! trivial context functions, never a real runtime's.
//!
//! The signatures and calls are those of the C-API section of the Python
//! harness (`python -m numpy_hpy.bench`: hpy-testing's `bench_*`
//! functions, in `hpy-testing/src/parse.rs`), so a row here reads against
//! the parser's cost measured from Python, plus `ufunc.reduce`'s signature
//! (numpy-core's, all positional-or-keyword):
//!
//! - `f(x)`, `f(x, y)`, `f(x, out=y)`; `f(x, y, out=z, where=m,
//!   casting='unsafe')` on the 9-parameter ufunc signature, with the
//!   `casting` and `order` converters run after the parse (as
//!   `bench_ufunc`); `reduce(x, axis=k)`;
//! - context `objects`: handles are object addresses (hpy 0.9's universal
//!   backend on CPython): keyword tuples read in place, names matched by one
//!   integer compare each;
//! - context `opaque`: handles are opaque (PyPy, HPy debug mode): one
//!   `HPy_GetItem_i` per keyword and `HPyGlobal_Load` + `HPy_Is` +
//!   `HPy_Close` per name compared, through the context table;
//! - `*_equal_names`: the keywords are equal to the parameter names but not
//!   the interned objects (CPython interns call sites' names; other
//!   runtimes need not): the parser falls back to `==` on each name.
//!
//! Names: `argparse/<context>/<call>`.
//!
//! `cargo bench -p numpy-hpy-benches --bench argparse [-- --quick]`

use std::hint::black_box;
use std::time::Duration;

use core::ffi::CStr;

use argparse::convert::Choices;
use argparse::{Param, Signature};
use criterion::{Criterion, criterion_group, criterion_main};
use hpy::{Borrowed, Ctx};
use numpy_hpy_benches::fake_hpy::{FakeRuntime, Mode, Obj};

static F1: Signature<1> = Signature::new("parse_f1", [Param::either(c"x")]);
static F2: Signature<2> = Signature::new("parse_f2", [Param::either(c"x"), Param::either(c"y")]);
static OUT: Signature<2> = Signature::new(
    "parse_out",
    [Param::either(c"x"), Param::keyword(c"out").optional()],
);

/// The ufunc-shaped signature of hpy-testing's `bench_ufunc`.
static UFUNC: Signature<9> = Signature::new(
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

/// `casting=` and `order=` as hpy-testing (and numpy-core) convert them.
static CASTING: Choices<5> = Choices::new(
    "casting",
    [c"no", c"equiv", c"safe", c"same_kind", c"unsafe"],
    "'no', 'equiv', 'safe', 'same_kind', 'unsafe'",
);
static ORDER: Choices<4> = Choices::new("order", [c"C", c"F", c"A", c"K"], "'C', 'F', 'A', or 'K'")
    .none_is_default()
    .fold_case();

/// `ufunc.reduce`'s signature, as numpy-core's `SIG_REDUCE`.
static REDUCE: Signature<7> = Signature::new(
    "reduce",
    [
        Param::either(c"array"),
        Param::either(c"axis").optional(),
        Param::either(c"dtype").optional(),
        Param::either(c"out").optional(),
        Param::either(c"keepdims").optional(),
        Param::either(c"initial").optional(),
        Param::either(c"where").optional(),
    ],
);

#[derive(Clone, Copy)]
enum Sig {
    F1,
    F2,
    Out,
    Ufunc,
    Reduce,
}

/// One call: its row name, signature, positional count, argument objects
/// (positional, then one per keyword) and keyword names (a tuple).
struct Call {
    name: &'static str,
    sig: Sig,
    nargs: usize,
    args: Vec<Obj>,
    kwnames: Option<Obj>,
}

/// Parses one call as hpy-testing's `bench_*` function does; true on
/// success.
#[inline(always)]
fn parse<'c>(
    ctx: Ctx<'c>,
    sig: Sig,
    args: &[Borrowed<'_, 'c>],
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> bool {
    match sig {
        Sig::F1 => black_box(F1.parse(ctx, args, n, kw)).is_ok(),
        Sig::F2 => black_box(F2.parse(ctx, args, n, kw)).is_ok(),
        Sig::Out => black_box(OUT.parse(ctx, args, n, kw)).is_ok(),
        Sig::Ufunc => UFUNC.parse(ctx, args, n, kw).is_ok_and(|a| {
            let c = CASTING.convert_or(ctx, a.get(5), 3);
            let o = ORDER.convert_or(ctx, a.get(6), 3);
            black_box(a);
            matches!((c, o), (Ok(4), Ok(3)))
        }),
        Sig::Reduce => black_box(REDUCE.parse(ctx, args, n, kw)).is_ok(),
    }
}

fn argparse(c: &mut Criterion) {
    let rt = FakeRuntime::new();
    rt.init(&F1);
    rt.init(&F2);
    rt.init(&OUT);
    rt.init(&UFUNC);
    rt.init(&CASTING);
    rt.init(&ORDER);
    rt.init(&REDUCE);
    let (x, y, z, m, k) = (
        rt.object(),
        rt.object(),
        rt.object(),
        rt.object(),
        rt.object(),
    );
    // Interned texts (CPython interns a call site's keyword names and
    // identifier-like constants), or merely equal ones.
    let text = |t: &CStr, interned: bool| if interned { rt.interned(t) } else { rt.str(t) };
    let names = |texts: &[&CStr], interned: bool| {
        let objs: Vec<Obj> = texts.iter().map(|t| text(t, interned)).collect();
        Some(rt.tuple(&objs))
    };
    let calls = |interned: bool| {
        let unsafe_ = text(c"unsafe", interned);
        vec![
            Call {
                name: "f(x)",
                sig: Sig::F1,
                nargs: 1,
                args: vec![x],
                kwnames: None,
            },
            Call {
                name: "f(x, y)",
                sig: Sig::F2,
                nargs: 2,
                args: vec![x, y],
                kwnames: None,
            },
            Call {
                name: "f(x, out=y)",
                sig: Sig::Out,
                nargs: 1,
                args: vec![x, y],
                kwnames: names(&[c"out"], interned),
            },
            Call {
                name: "f(x, y, out=z, where=m, casting='unsafe')",
                sig: Sig::Ufunc,
                nargs: 2,
                args: vec![x, y, z, m, unsafe_],
                kwnames: names(&[c"out", c"where", c"casting"], interned),
            },
            Call {
                name: "reduce(x, axis=k)",
                sig: Sig::Reduce,
                nargs: 1,
                args: vec![x, k],
                kwnames: names(&[c"axis"], interned),
            },
        ]
    };
    let mut g = c.benchmark_group("argparse");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    let runs = [
        ("objects", Mode::Objects, calls(true)),
        ("opaque", Mode::Opaque, calls(true)),
        ("objects_equal_names", Mode::Objects, calls(false)),
        ("opaque_equal_names", Mode::Opaque, calls(false)),
    ];
    for (label, mode, calls) in &runs {
        rt.with_ctx(*mode, |ctx| {
            for call in calls {
                if call.kwnames.is_none() && label.ends_with("equal_names") {
                    continue;
                }
                let args: Vec<_> = call.args.iter().map(|&o| rt.borrowed(ctx, o)).collect();
                let kw = call.kwnames.map(|o| rt.borrowed(ctx, o));
                let (sig, n) = (call.sig, call.nargs);
                // (Checked once: every call parses.)
                assert!(parse(ctx, sig, &args, n, kw), "{label} {}", call.name);
                g.bench_function(format!("{label}/{}", call.name), |b| {
                    b.iter(|| parse(ctx, sig, black_box(&args[..]), n, black_box(kw)))
                });
            }
        });
    }
    g.finish();
}

criterion_group!(benches, argparse);
criterion_main!(benches);
