//! The flags an array's owner may change: `a.setflags(write, align, uic)`,
//! behind `a.flags.writeable = ...` and `a.flags['W'] = ...` (the package's
//! `flagsobj` calls it).

use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::object::{ArrayData, array_data};

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'numpy_hpy.ndarray' object"))
}

/// NumPy's `_IsWriteable`: whether `a` may become writeable again. Arrays
/// that own their memory (or have no base) may; a view may when an array
/// on its base chain is writeable, or when the chain ends in an object
/// other than an array that exports a writable buffer.
fn may_become_writeable<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, a: &ArrayData) -> PyResult<bool> {
    if a.storage.is_some() || a.base.is_null() {
        return Ok(true);
    }
    let mut base = a.base.load(ctx, slf)?;
    // Views collapse their base onto the array owning the memory, so this
    // walks at most a step or two; the bound only guards against cycles.
    for _ in 0..64 {
        let Some(b) = array_data(ctx, base.borrow())? else {
            return exports_writable_buffer(ctx, base.borrow());
        };
        if b.writeable.get() {
            return Ok(true);
        }
        if b.storage.is_some() || b.base.is_null() {
            return Ok(false);
        }
        base = b.base.load(ctx, base.borrow())?;
    }
    Ok(false)
}

/// Whether `obj` gives a writable buffer (NumPy asks for
/// `PyBUF_WRITABLE|PyBUF_SIMPLE`); the view is released at once so that an
/// exporter such as a bytearray stays resizable.
fn exports_writable_buffer<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<bool> {
    let builtins = ctx.import(c"builtins")?;
    let memoryview = ctx.getattr_s(&builtins, c"memoryview")?;
    let view = match ctx.call(&memoryview, &[obj]) {
        Ok(v) => v,
        Err(e) => {
            e.restore(ctx);
            ctx.err_clear();
            return Ok(false);
        }
    };
    let readonly = ctx.getattr_s(&view, c"readonly")?;
    let writable = !ctx.is_true(&readonly)?;
    ctx.call(&ctx.getattr_s(&view, c"release")?, &[])?;
    Ok(writable)
}

/// `a.setflags(write=None, align=None, uic=None)`.
fn m_setflags<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let nkw = match kw {
        Some(k) => ctx.len(k)?,
        None => 0,
    };
    if n + nkw > 3 {
        return Err(PyErr::type_error(format!(
            "setflags() takes at most 3 arguments ({} given)",
            n + nkw
        )));
    }
    // write, align, uic
    let mut given: [Option<Borrowed<'_, 'c>>; 3] = [None; 3];
    for (slot, h) in given.iter_mut().zip(&args[..n]) {
        *slot = Some(*h);
    }
    if let Some(k) = kw {
        for i in 0..nkw {
            let name = ctx.str_to_string(&ctx.get_item_i(k, i as isize)?)?;
            let slot = match name.as_str() {
                "write" => 0,
                "align" => 1,
                "uic" => 2,
                _ if argparse::pyarg_says_unexpected(ctx)? => {
                    return Err(PyErr::type_error(format!(
                        "setflags() got an unexpected keyword argument '{name}'"
                    )));
                }
                _ => {
                    return Err(PyErr::type_error(format!(
                        "'{name}' is an invalid keyword argument for setflags()"
                    )));
                }
            };
            if given[slot].is_some() {
                return Err(PyErr::type_error(format!(
                    "argument for setflags() given by name ('{name}') and position ({})",
                    slot + 1
                )));
            }
            given[slot] = Some(args[n + i]);
        }
    }
    let a = this(ctx, slf)?;
    let [write, align, uic] = given.map(|h| h.filter(|h| !ctx.is_none(*h)));
    if let Some(align) = align {
        if ctx.is_true(align)? {
            if !a.is_aligned() {
                return Err(PyErr::value_error(
                    "cannot set aligned flag of mis-aligned array to True",
                ));
            }
            a.aligned_cleared.set(false);
        } else {
            a.aligned_cleared.set(true);
        }
    }
    if let Some(uic) = uic
        && ctx.is_true(uic)?
    {
        return Err(PyErr::value_error(
            "cannot set WRITEBACKIFCOPY flag to True",
        ));
    }
    if let Some(write) = write {
        if ctx.is_true(write)? {
            if !may_become_writeable(ctx, slf, a)? {
                return Err(PyErr::value_error(
                    "cannot set WRITEABLE flag to True of this array",
                ));
            }
            a.writeable.set(true);
        } else {
            a.writeable.set(false);
        }
    }
    Ok(ctx.none())
}

hpy::meth!(pub static M_SETFLAGS: keywords = c"setflags", m_setflags,
    c"setflags(write=None, align=None, uic=None)\n--\n\nSet array flags WRITEABLE, ALIGNED, WRITEBACKIFCOPY, respectively.");
