//! `numpy_hpy._core._testing`: exercises every part of the `hpy` layer for
//! real (each calling convention, slots, a vectorcall type, a metaclass, a
//! float subclass, globals, capsules, fields), so the test suite can check them
//! on every runtime and in HPy debug mode.

#[cfg(feature = "bench-hpyarg")]
pub mod hpyarg;
pub mod parse;
mod types;

use hpy::{Borrowed, Capsule, Ctx, Global, Handle, PyErr, PyResult};

pub use types::*;

/// The `_testing` namespace module.
pub static TESTING_MODULE: Global = Global::new();
/// An object created once at import and handed out by `cached()`.
pub static CACHED_OBJ: Global = Global::new();

const CAPSULE_NAME: &core::ffi::CStr = c"numpy_hpy._testing.capsule";

/// Builds `_testing` and moves the `_testing_*` functions into it.
pub fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    let types_mod = ctx.import(c"types")?;
    let module_type = ctx.getattr_s(&types_mod, c"ModuleType")?;
    let name = ctx.str("numpy_hpy._core._testing")?;
    let testing = ctx.call(&module_type, &[name.borrow()])?;
    for (attr, short) in [
        (c"_testing_noargs", c"noargs"),
        (c"_testing_o", c"o"),
        (c"_testing_varargs", c"varargs"),
        (c"_testing_keywords", c"keywords"),
        (c"_testing_cached", c"cached"),
        (c"_testing_capsule_roundtrip", c"capsule_roundtrip"),
        (c"_testing_make_capsule", c"make_capsule"),
        (c"_testing_read_capsule", c"read_capsule"),
        (c"_testing_panic", c"panic"),
        (c"_testing_make_float", c"make_float"),
        (c"_testing_kw_noop", c"kw_noop"),
        (c"_testing_vectorcall", c"vectorcall"),
    ] {
        let f = ctx.getattr_s(module, attr)?;
        ctx.setattr_s(&testing, short, &f)?;
    }
    for (attr, short) in parse::NAMES {
        let f = ctx.getattr_s(module, attr)?;
        ctx.setattr_s(&testing, short, &f)?;
    }
    #[cfg(feature = "bench-hpyarg")]
    hpyarg::register(ctx, module, &testing)?;
    let cached = ctx.tuple_of_strs(&["cached", "once"])?;
    CACHED_OBJ.store(ctx, &cached);
    types::init(ctx, &testing)?;
    ctx.setattr_s(module, c"_testing", &testing)?;
    TESTING_MODULE.store(ctx, &testing);
    Ok(())
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

hpy::meth!(pub static NOARGS: noargs = c"_testing_noargs", noargs);
hpy::meth!(pub static O: o = c"_testing_o", o);
hpy::meth!(pub static VARARGS: varargs = c"_testing_varargs", varargs);
hpy::meth!(pub static KEYWORDS: keywords = c"_testing_keywords", keywords);
hpy::meth!(pub static CACHED: noargs = c"_testing_cached", cached);
hpy::meth!(pub static CAPSULE_ROUNDTRIP: o = c"_testing_capsule_roundtrip", capsule_roundtrip);
hpy::meth!(pub static MAKE_CAPSULE: o = c"_testing_make_capsule", make_capsule);
hpy::meth!(pub static READ_CAPSULE: o = c"_testing_read_capsule", read_capsule);
hpy::meth!(pub static PANIC: o = c"_testing_panic", panic);
hpy::meth!(pub static MAKE_FLOAT: o = c"_testing_make_float", types::make_float);
hpy::meth!(pub static KW_NOOP: keywords = c"_testing_kw_noop", kw_noop);
hpy::meth!(pub static VECTORCALL: varargs = c"_testing_vectorcall", vectorcall);
