//! `_testing`: a test extension (`_testing.hpy0.so`, built from the same
//! commit as the product, never shipped in the wheel) that exercises every
//! part of the `hpy` layer for real (each calling convention, slots, a
//! vectorcall type, a metaclass, a float subclass, globals, capsules, fields)
//! and the `argparse` crate, so the test suite can check them on every runtime
//! and in HPy debug mode. tests/hpy_testing.py loads it.

#[cfg(feature = "bench-hpyarg")]
mod hpyarg;
mod parse;
mod types;

use hpy::{Borrowed, Capsule, Ctx, Global, Handle, PyErr, PyResult};

/// An object created once at import and handed out by `cached()`.
static CACHED_OBJ: Global = Global::new();

hpy::part!(
    /// What `_testing` adds to the module.
    static PART = {
        defines: [
            NOARGS,
            O,
            VARARGS,
            KEYWORDS,
            CACHED,
            CAPSULE_ROUNDTRIP,
            MAKE_CAPSULE,
            READ_CAPSULE,
            PANIC,
            MAKE_FLOAT,
            KW_NOOP,
            VECTORCALL,
        ],
        globals: [hpy::Globals::one(&CACHED_OBJ)],
        type_spec_lists: [types::SPECS],
        init: init,
        parts: [
            parse::PART,
            #[cfg(feature = "bench-hpyarg")]
            hpyarg::PART,
        ],
    }
);

hpy::module!(
    _testing,
    doc: c"_testing: exercises the hpy layer and argparse (tests only)",
    part: PART,
);

const CAPSULE_NAME: &core::ffi::CStr = c"numpy_hpy._testing.capsule";

/// Fills the cache and adds the types.
fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    let cached = ctx.tuple_of_strs(&["cached", "once"])?;
    CACHED_OBJ.store(ctx, &cached);
    types::init(ctx, module)
}

fn noargs<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    Ok(ctx.none())
}

fn o<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>, arg: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    Ok(ctx.dup(arg))
}

fn varargs<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: hpy::CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    ctx.tuple(&args)
}

/// Echoes the vectorcall arguments: `(positional, kwnames or None, kwvalues)`.
fn keywords<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: hpy::CallArgs<'c>,
    nargs: usize,
    kwnames: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let pos = ctx.tuple(&args[..nargs])?;
    let kws = ctx.tuple(&args[nargs..])?;
    let names = match kwnames {
        Some(k) => ctx.dup(k),
        None => ctx.none(),
    };
    ctx.tuple(&[pos.borrow(), names.borrow(), kws.borrow()])
}

/// `vectorcall(f, args, values, kwnames)`: calls `f` through the raw
/// vectorcall convention with `kwnames` as given (a tuple that Python syntax
/// could not build: non-str or repeated names), so the tests can reach the
/// parser's checks for them.
fn vectorcall<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: hpy::CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    let &[f, pos, values, kwnames] = args.as_slice() else {
        return Err(PyErr::type_error(
            "vectorcall(f, args, values, kwnames) takes 4 arguments",
        ));
    };
    let np = ctx.len(pos)?;
    let nv = ctx.len(values)?;
    if !ctx.is_tuple(kwnames) || ctx.len(kwnames)? != nv {
        return Err(PyErr::type_error(
            "kwnames must be a tuple as long as values",
        ));
    }
    let mut items = Vec::with_capacity(np + nv);
    for i in 0..np {
        items.push(ctx.get_item_i(pos, i as isize)?);
    }
    for i in 0..nv {
        items.push(ctx.get_item_i(values, i as isize)?);
    }
    let raws: Vec<_> = items.iter().map(Handle::borrow).collect();
    let kw = if nv == 0 { None } else { Some(kwnames) };
    ctx.call_kw(f, &raws, np, kw)
}

/// `kw_noop(*args, **kw)`: the bare cost of a KEYWORDS call (benchmarks).
fn kw_noop<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    _args: hpy::CallArgs<'c>,
    _nargs: usize,
    _kwnames: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    Ok(ctx.none())
}

fn cached<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    CACHED_OBJ.load(ctx)
}

/// Boxes an int in a capsule and reads it back.
fn capsule_roundtrip<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    arg: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let v = ctx.long_as_i64(arg)?;
    let cap = Capsule::new_boxed(ctx, CAPSULE_NAME, v)?;
    let back = *Capsule::get_boxed::<i64>(ctx, &cap, CAPSULE_NAME)?;
    ctx.long_from_i64(back)
}

fn make_capsule<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    arg: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let text = ctx.str_to_string(arg)?;
    Capsule::new_boxed(ctx, CAPSULE_NAME, text)
}

fn read_capsule<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    arg: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let cap = ctx.dup(arg);
    let text = Capsule::get_boxed::<String>(ctx, &cap, CAPSULE_NAME)?;
    ctx.str(text)
}

fn panic<'c>(_ctx: Ctx<'c>, _m: Borrowed<'_, 'c>, arg: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let _ = arg;
    panic!("deliberate panic from _testing.panic");
}

/// `TypeError` unless `h` is an instance of the type in `ty`.
pub(crate) fn expect_type<'c>(
    ctx: Ctx<'c>,
    h: Borrowed<'_, 'c>,
    spec: &'static hpy::AnyTypeSpec,
    what: &str,
) -> PyResult<()> {
    if spec.is_instance(ctx, h)? {
        Ok(())
    } else {
        Err(PyErr::type_error(format!(
            "expected {what}, got {}",
            ctx.type_name(ctx.type_of(h).borrow())
        )))
    }
}

hpy::meth!(static NOARGS: noargs = c"noargs", noargs);
hpy::meth!(static O: o = c"o", o);
hpy::meth!(static VARARGS: varargs = c"varargs", varargs);
hpy::meth!(static KEYWORDS: keywords = c"keywords", keywords);
hpy::meth!(static CACHED: noargs = c"cached", cached);
hpy::meth!(static CAPSULE_ROUNDTRIP: o = c"capsule_roundtrip", capsule_roundtrip);
hpy::meth!(static MAKE_CAPSULE: o = c"make_capsule", make_capsule);
hpy::meth!(static READ_CAPSULE: o = c"read_capsule", read_capsule);
hpy::meth!(static PANIC: o = c"panic", panic);
hpy::meth!(static MAKE_FLOAT: o = c"make_float", types::make_float);
hpy::meth!(static KW_NOOP: keywords = c"kw_noop", kw_noop);
hpy::meth!(static VECTORCALL: varargs = c"vectorcall", vectorcall);
