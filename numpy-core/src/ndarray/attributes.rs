//! Array attributes computed by more than a field read: the settable
//! `shape`, the `real`/`imag` views, and `a[i]` through the sequence protocol
//! (what `iter(a)` and `list(a)` use).

use crate::errors::py_err;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::object::{ArrayData, array_data, new_array};
use crate::array::Layout;
use crate::array::shape::{Order, reshape};

pub(super) fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'numpy_hpy.ndarray' object"))
}

/// `a.real`: a view of the real parts (of `a` itself for real dtypes).
fn g_real<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let layout = a.layout().clone();
    super::methods::view_as(ctx, slf, layout, a.dtype.real_dtype())
}

/// `a.imag`: a view of the imaginary parts; zeros (read-only) for real dtypes.
fn g_imag<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let layout = a.layout().clone();
    if a.dtype.is_complex() {
        let step = a.dtype.real_dtype().itemsize() as isize;
        let layout = layout.with_offset(layout.offset() + step).map_err(py_err)?;
        return super::methods::view_as(ctx, slf, layout, a.dtype.real_dtype());
    }
    let shape = layout.shape().to_vec();
    let l = Layout::c_order(&shape, a.dtype.itemsize()).map_err(py_err)?;
    let buffer = super::object::array_memory(&shape, a.dtype)?;
    let z = new_array(ctx, a.dtype, l, buffer)?;
    this(ctx, z.borrow())?.writeable.set(false);
    Ok(z)
}

/// A shape given as an int or a sequence of ints (-1 allowed: reshape rules).
pub(super) fn shape_arg<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<Vec<isize>> {
    if let Ok(n) = ctx.index_as_isize(h) {
        return Ok(vec![n]);
    }
    ctx.err_clear();
    let n = ctx.len(h)?;
    (0..n)
        .map(|i| {
            let item = ctx.get_item_i(h, i as isize)?;
            ctx.index_as_isize(&item)
        })
        .collect()
}

/// `a.shape = new_shape`: in place, only where no copy is needed.
fn s_shape<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, v: Option<Borrowed<'_, 'c>>) -> PyResult<()> {
    let a = this(ctx, slf)?;
    let v =
        v.ok_or_else(|| PyErr::new(hpy::ExcType::AttributeError, "Cannot delete array shape"))?;
    let new = shape_arg(ctx, v)?;
    let current = a.layout().clone();
    match reshape(&current, a.dtype.itemsize(), &new, Order::C).map_err(py_err)? {
        Some(layout) => a.set_layout(layout),
        None => Err(PyErr::new(
            hpy::ExcType::AttributeError,
            "Incompatible shape for in-place modification. Use `.reshape()` to make a copy with the desired shape.",
        )),
    }
}

/// `a[i]` through the sequence protocol (`iter(a)`, `list(a)`).
fn sq_item<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, i: isize) -> PyResult<Handle<'c>> {
    if this(ctx, slf)?.layout().ndim() == 0 {
        return Err(PyErr::type_error("iteration over a 0-d array"));
    }
    let index = ctx.long_from_isize(i)?;
    super::index::getitem(ctx, slf, index.borrow())
}

hpy::slot!(pub static SQ_ITEM: ssizearg = HPy_sq_item, sq_item);
hpy::getset!(pub static G_SHAPE_RW = c"shape", get: super::object::g_shape, set: s_shape, doc: c"Tuple of array dimensions.");
hpy::getset!(pub static G_REAL = c"real", get: g_real, doc: c"The real part of the array.");
hpy::getset!(pub static G_IMAG = c"imag", get: g_imag, doc: c"The imaginary part of the array.");
