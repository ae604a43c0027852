//! PyPy 7.3.19's HPy drops the exception of a getter or setter that fails:
//! the attribute reads as `None` (or the assignment seems to succeed) and the
//! error stays pending until some later HPy call trips over it (measured: an
//! abort in `HPy_TypeCheck`). The pending error is still there for the next
//! call into the extension, though: a function that returns NULL without
//! setting one makes PyPy raise it.
//!
//! So on that runtime every getset of our types is replaced, right after the
//! type is made, by a Python `property` that calls the original descriptor and
//! then `_hpy_raise_pending()` (a function every module made by
//! [`crate::module!`] has). Other runtimes keep the plain descriptors.

use crate::ctx::Ctx;
use crate::err::{PyErr, PyResult};
use crate::global::Global;
use crate::handle::{Borrowed, Handle};
use hpy_sys as ffi;

/// The layer's globals, listed in every module definition by
/// [`crate::module!`]: the property factory (`wrap(descr, raise_pending,
/// settable)`) and the module's `_hpy_raise_pending`, stored at module exec
/// on the runtimes that need them.
pub static GLOBALS: [Global; 2] = [Global::new(), Global::new()];
const WRAP: usize = 0;
const RAISE: usize = 1;

const FACTORY: &core::ffi::CStr = c"
def wrap(descr, raise_pending, settable):
    def fget(self):
        value = descr.__get__(self, type(self))
        raise_pending()
        return value
    if not settable:
        return property(fget, None, None, descr.__doc__)
    def fset(self, value):
        descr.__set__(self, value)
        raise_pending()
    def fdel(self):
        descr.__delete__(self)
        raise_pending()
    return property(fget, fset, fdel, descr.__doc__)
";

/// `_hpy_raise_pending()`: raises the error a getter or setter left pending
/// (see the module docs), else returns None.
fn raise_pending<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    if ctx.err_occurred() {
        return Err(PyErr::fetched());
    }
    Ok(ctx.none())
}

crate::meth!(pub static RAISE_PENDING: noargs = c"_hpy_raise_pending", raise_pending,
    c"_hpy_raise_pending()\n--\n\nRaises the exception a getter or setter left pending (PyPy 7.3.19's HPy drops them).");

/// Whether this runtime needs the fix (PyPy's HPy 0.9.1.dev).
fn needed(ctx: Ctx<'_>) -> bool {
    ctx.capabilities().getset_drops_errors
}

/// Called at module exec, before the module's own exec: makes the factory.
pub(crate) fn prepare<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    if !needed(ctx) {
        return Ok(());
    }
    let builtins = ctx.import(c"builtins")?;
    let namespace = ctx.dict()?;
    let source = ctx.str(FACTORY.to_str().expect("ASCII source"))?;
    ctx.call(
        &ctx.getattr_s(&builtins, c"exec")?,
        &[source.borrow(), namespace.borrow()],
    )?;
    let key = ctx.str("wrap")?;
    GLOBALS[WRAP].store(ctx, &ctx.get_item(&namespace, &key)?);
    GLOBALS[RAISE].store(ctx, &ctx.getattr_s(module, c"_hpy_raise_pending")?);
    Ok(())
}

/// Replaces the getsets of the new type `ty` (from `spec`) by raising
/// properties, on the runtimes that need it.
pub(crate) fn wrap_getsets<'c>(
    ctx: Ctx<'c>,
    ty: &Handle<'c>,
    spec: &ffi::HPyType_Spec,
) -> PyResult<()> {
    if !needed(ctx) || spec.defines.is_null() {
        return Ok(());
    }
    // (Types are made in the module's exec, after `prepare`.)
    let (wrap, raise) = (GLOBALS[WRAP].load(ctx)?, GLOBALS[RAISE].load(ctx)?);
    let dict = ctx.getattr_s(ty, c"__dict__")?;
    let mut i = 0;
    loop {
        // SAFETY: `defines` is the spec's NULL-terminated array of static
        // definitions.
        let def = unsafe { *spec.defines.add(i) };
        if def.is_null() {
            break;
        }
        i += 1;
        // SAFETY: a static definition; the union holds a getset for this kind.
        let (kind, getset) = unsafe { ((*def).kind, (*def).__bindgen_anon_1.getset) };
        if kind != ffi::HPyDef_Kind_GetSet {
            continue;
        }
        // SAFETY: the getset's name is a static NUL-terminated string.
        let name = unsafe { core::ffi::CStr::from_ptr(getset.name) };
        let key = ctx.str(&name.to_string_lossy())?;
        let descr = ctx.get_item(&dict, &key)?;
        let settable = ctx.bool(getset.setter_impl.is_some());
        let prop = ctx.call(&wrap, &[descr.borrow(), raise.borrow(), settable.borrow()])?;
        if let Err(e) = ctx.setattr_s(ty, name, &prop) {
            // Shadowed by a read-only metaclass getset (e.g. `dtype.type`
            // under `_DTypeMeta.type`): keep the original descriptor.
            if matches!(e, PyErr::Fetched) && ctx.err_matches(ctx.constant(|t| t.h_AttributeError))
            {
                ctx.err_clear();
                continue;
            }
            return Err(e);
        }
    }
    Ok(())
}
