//! `_testing.hpyarg_*` (cargo feature `bench-hpyarg`, benchmarks only): the
//! signatures of `parse.rs`'s `bench_*` functions, parsed by HPy's own
//! `HPyArg_ParseKeywords` (`benches/hpyarg/argparse.c`, compiled by
//! `build.rs`), each returning None, so that `benches/python/bench_argparse.py`
//! can time our parser against HPy's in the same run.
//!
//! `argparse.c` reaches the runtime only through context members that precede
//! `ctx_Capsule_New` (`Dup`, `Close`, `Long_*`, `Float_AsDouble`, `Length`,
//! `Err_*`, `IsTrue`, `GetItem_*`, `RichCompareBool`, `Unicode_*`,
//! `Tracker_*`) and the exception handles, so HPy 0.9.0's offsets are right on
//! PyPy's 0.9.1.dev layout too (see `hpy::ctx::layout`); the two members this
//! file calls directly (`Unicode_AsUTF8AndSize`, `Tracker_Close`) are also
//! among them.

use core::ffi::{CStr, c_char, c_int};
use core::ptr::null;

use hpy::CallArgs;
use hpy::impl_::ffi::{HPy, HPy_ssize_t, HPyContext, HPyTracker};
use hpy::{AsHandle, Borrowed, Ctx, Handle, PyErr, PyResult};

unsafe extern "C" {
    /// `hpy/runtime/argparse.h`; returns 1 on success, 0 with an exception set
    /// (and `*ht` already closed) on failure.
    fn HPyArg_ParseKeywords(
        ctx: *mut HPyContext,
        ht: *mut HPyTracker,
        args: *const HPy,
        nargs: usize,
        kwnames: HPy,
        fmt: *const c_char,
        keywords: *const *const c_char,
        ...
    ) -> c_int;
}

const HPY_NULL: HPy = HPy { _i: 0 };

type Kw<'c> = Option<Borrowed<'c, 'c>>;

fn kwnames(kw: Kw<'_>) -> HPy {
    kw.map_or(HPY_NULL, |k| k.raw())
}

/// `HPyTracker_Close`: closes the handles `HPyArg_ParseKeywords` made for `O`.
fn close(ctx: Ctx<'_>, ht: HPyTracker) {
    // SAFETY: `ctx` is the live context of this call; `ctx_Tracker_Close`
    // precedes `ctx_Capsule_New`, so its offset is the same in every layout.
    let f = unsafe { (*ctx.as_ptr()).ctx_Tracker_Close }.expect("HPy context lacks Tracker_Close");
    // SAFETY: `ht` is the open tracker of a successful parse, closed once.
    unsafe { f(ctx.as_ptr(), ht) }
}

/// What a C extension would do with a `casting=`/`order=` handle: decode it
/// (`HPyUnicode_AsUTF8AndSize`) and compare the bytes with each name.
fn choice(ctx: Ctx<'_>, h: HPy, names: &[&CStr], what: &str) -> PyResult<usize> {
    let mut n: HPy_ssize_t = 0;
    // SAFETY: as in `close` (`ctx_Unicode_AsUTF8AndSize` precedes
    // `ctx_Capsule_New`).
    let f = unsafe { (*ctx.as_ptr()).ctx_Unicode_AsUTF8AndSize }
        .expect("HPy context lacks Unicode_AsUTF8AndSize");
    // SAFETY: `h` is open (the tracker holds it); `n` is a valid out-pointer.
    let p = unsafe { f(ctx.as_ptr(), h, &mut n) };
    if p.is_null() {
        return Err(PyErr::fetched());
    }
    // SAFETY: HPy returned `n` bytes at `p`, alive while `h` is open.
    let s = unsafe { core::slice::from_raw_parts(p.cast::<u8>(), n as usize) };
    names
        .iter()
        .position(|c| c.to_bytes() == s)
        .ok_or_else(|| PyErr::value_error(format!("{what} must be one of the allowed values")))
}

fn hpyarg_f1<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let names = [c"x".as_ptr(), null()];
    let mut ht = HPyTracker { _i: 0 };
    let mut x = HPY_NULL;
    // SAFETY: `args` holds `n` positional and then the keyword values, as
    // `kwnames` says; one output per `O`, of type `HPy *`; `names` is
    // NULL-terminated and outlives the call.
    let ok = unsafe {
        HPyArg_ParseKeywords(
            ctx.as_ptr(),
            &mut ht,
            args.as_raw_ptr(),
            n,
            kwnames(kw),
            c"O:hpyarg_f1".as_ptr(),
            names.as_ptr(),
            &mut x as *mut HPy,
        )
    };
    if ok == 0 {
        return Err(PyErr::fetched());
    }
    close(ctx, ht);
    Ok(ctx.none())
}

fn hpyarg_f2<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let names = [c"x".as_ptr(), c"y".as_ptr(), null()];
    let mut ht = HPyTracker { _i: 0 };
    let (mut x, mut y) = (HPY_NULL, HPY_NULL);
    // SAFETY: as in `hpyarg_f1`.
    let ok = unsafe {
        HPyArg_ParseKeywords(
            ctx.as_ptr(),
            &mut ht,
            args.as_raw_ptr(),
            n,
            kwnames(kw),
            c"OO:hpyarg_f2".as_ptr(),
            names.as_ptr(),
            &mut x as *mut HPy,
            &mut y as *mut HPy,
        )
    };
    if ok == 0 {
        return Err(PyErr::fetched());
    }
    close(ctx, ht);
    Ok(ctx.none())
}

/// `hpyarg_out(x, *, out=None)`.
fn hpyarg_out<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let names = [c"x".as_ptr(), c"out".as_ptr(), null()];
    let mut ht = HPyTracker { _i: 0 };
    let (mut x, mut out) = (HPY_NULL, HPY_NULL);
    // SAFETY: as in `hpyarg_f1`.
    let ok = unsafe {
        HPyArg_ParseKeywords(
            ctx.as_ptr(),
            &mut ht,
            args.as_raw_ptr(),
            n,
            kwnames(kw),
            c"O$O:hpyarg_out".as_ptr(),
            names.as_ptr(),
            &mut x as *mut HPy,
            &mut out as *mut HPy,
        )
    };
    if ok == 0 {
        return Err(PyErr::fetched());
    }
    close(ctx, ht);
    Ok(ctx.none())
}

const CASTING: [&CStr; 5] = [c"no", c"equiv", c"safe", c"same_kind", c"unsafe"];
const ORDER: [&CStr; 4] = [c"C", c"F", c"A", c"K"];

/// `hpyarg_ufunc(x1, x2, out1=None, /, *, out, where, casting, order, dtype,
/// subok)`, converting `casting` and `order` like `bench_ufunc`.
fn hpyarg_ufunc<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let names = [
        c"".as_ptr(),
        c"".as_ptr(),
        c"".as_ptr(),
        c"out".as_ptr(),
        c"where".as_ptr(),
        c"casting".as_ptr(),
        c"order".as_ptr(),
        c"dtype".as_ptr(),
        c"subok".as_ptr(),
        null(),
    ];
    let mut ht = HPyTracker { _i: 0 };
    let mut h = [HPY_NULL; 9];
    let [x1, x2, out1, out, where_, casting, order, dtype, subok] = &mut h;
    // SAFETY: as in `hpyarg_f1` (nine `O`, nine `HPy *`).
    let ok = unsafe {
        HPyArg_ParseKeywords(
            ctx.as_ptr(),
            &mut ht,
            args.as_raw_ptr(),
            n,
            kwnames(kw),
            c"OO|O$OOOOOO:hpyarg_ufunc".as_ptr(),
            names.as_ptr(),
            x1 as *mut HPy,
            x2 as *mut HPy,
            out1 as *mut HPy,
            out as *mut HPy,
            where_ as *mut HPy,
            casting as *mut HPy,
            order as *mut HPy,
            dtype as *mut HPy,
            subok as *mut HPy,
        )
    };
    if ok == 0 {
        return Err(PyErr::fetched());
    }
    let converted = (|| {
        if h[5]._i != 0 {
            choice(ctx, h[5], &CASTING, "casting")?;
        }
        if h[6]._i != 0 {
            choice(ctx, h[6], &ORDER, "order")?;
        }
        Ok(())
    })();
    close(ctx, ht);
    converted.map(|()| ctx.none())
}

hpy::meth!(pub static F1: keywords = c"_testing_hpyarg_f1", hpyarg_f1);
hpy::meth!(pub static F2: keywords = c"_testing_hpyarg_f2", hpyarg_f2);
hpy::meth!(pub static OUT: keywords = c"_testing_hpyarg_out", hpyarg_out);
hpy::meth!(pub static UFUNC: keywords = c"_testing_hpyarg_ufunc", hpyarg_ufunc);

/// Moves the functions above into `_testing` (as `hpyarg_f1`, ...).
pub fn register<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>, testing: &Handle<'c>) -> PyResult<()> {
    for (attr, short) in [
        (c"_testing_hpyarg_f1", c"hpyarg_f1"),
        (c"_testing_hpyarg_f2", c"hpyarg_f2"),
        (c"_testing_hpyarg_out", c"hpyarg_out"),
        (c"_testing_hpyarg_ufunc", c"hpyarg_ufunc"),
    ] {
        let f = ctx.getattr_s(module, attr)?;
        ctx.setattr_s(testing, short, &f)?;
    }
    Ok(())
}
