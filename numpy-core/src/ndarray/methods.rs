//! Array methods that need no indexing machinery: views of the whole array
//! (`T`), copies and conversions, Python protocol methods.

use crate::errors::py_err;

use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::object::{ARRAY_SPEC, ArrayData, array_data, new_array};
use crate::array::{Layout, element};
use crate::descr::dtype_from_object;
use crate::scalar::Scalar;

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'numpy_hpy.ndarray' object"))
}

/// A view of `owner`'s memory with `layout`. Its `base` is the array that
/// owns the memory (NumPy collapses chains of views the same way).
pub fn new_view<'c>(ctx: Ctx<'c>, owner: Borrowed<'_, 'c>, layout: Layout) -> PyResult<Handle<'c>> {
    let dtype = this(ctx, owner)?.dtype;
    view_as(ctx, owner, layout, dtype)
}

/// [`new_view`] reading the memory as `dtype` (`real`, `imag`, `view(dtype)`).
pub fn view_as<'c>(
    ctx: Ctx<'c>,
    owner: Borrowed<'_, 'c>,
    layout: Layout,
    dtype: crate::dtype::DType,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, owner)?;
    let root = if a.base.is_null() {
        ctx.dup(owner)
    } else {
        a.base.load(ctx, owner)?
    };
    let view = ARRAY_SPEC.instance(
        ctx,
        ArrayData::new(dtype, layout, a.memory(), None, a.writeable.get())?,
    )?;
    let v = ARRAY_SPEC.data(ctx, view.borrow())?;
    v.base.store(ctx, &view, &root);
    if !a.pin.is_null() {
        let pin = a.pin.load(ctx, owner)?;
        v.pin.store(ctx, &view, &pin);
    }
    Ok(view)
}

/// A C-ordered copy with the values converted to `dtype` (NumPy's unsafe cast).
pub fn copy_as<'c>(
    ctx: Ctx<'c>,
    a: &ArrayData,
    dtype: crate::dtype::DType,
    fortran: bool,
) -> PyResult<Handle<'c>> {
    copy_in_order(ctx, a, dtype, if fortran { 1 } else { 0 })
}

/// A copy with the values converted to `dtype`, laid out in `order` (an
/// index of the `order=` table: 0 'C', 1 'F', 2 'A' (Fortran when `a` is
/// Fortran- but not C-contiguous), 3 'K' (`a`'s own axis order, as NumPy's
/// `empty_like`: C or F when `a` is, else axes sorted by decreasing stride)).
pub fn copy_in_order<'c>(
    ctx: Ctx<'c>,
    a: &ArrayData,
    dtype: crate::dtype::DType,
    order: usize,
) -> PyResult<Handle<'c>> {
    warn_complex_cast(ctx, a.dtype, dtype)?;
    let itemsize = dtype.itemsize();
    let layout = {
        let src = a.layout();
        let src_size = a.dtype.itemsize();
        let (c, f) = (src.is_c_contiguous(src_size), src.is_f_contiguous(src_size));
        match order {
            1 => Layout::f_order(src.shape(), itemsize).map_err(py_err)?,
            2 if f && !c => Layout::f_order(src.shape(), itemsize).map_err(py_err)?,
            3 if c => Layout::c_order(src.shape(), itemsize).map_err(py_err)?,
            3 if f => Layout::f_order(src.shape(), itemsize).map_err(py_err)?,
            3 => {
                let mut perm: Vec<usize> = (0..src.ndim()).collect();
                // Stable: equal strides keep their axis order.
                perm.sort_by_key(|&ax| core::cmp::Reverse(src.strides()[ax].unsigned_abs()));
                super::join::layout_in_order(src.shape(), &perm, itemsize)?
            }
            _ => Layout::c_order(src.shape(), itemsize).map_err(py_err)?,
        }
    };
    let buffer = super::object::array_memory(layout.shape(), dtype)?;
    let base = buffer.as_ptr();
    if dtype == a.dtype {
        let src = a.layout();
        // SAFETY: `src` addresses `a`'s memory (layout invariant), `layout`
        // the fresh buffer, not shared yet; they cannot overlap.
        unsafe { element::copy_elements(&src, a.base_ptr(), &layout, base, itemsize) };
        drop(src);
        return new_array(ctx, dtype, layout, buffer);
    }
    let mut values = a.to_scalars()?.into_iter();
    element::for_each_offset(&layout, |off| {
        if let Some(v) = values.next() {
            // SAFETY: a fresh allocation of `layout`, not shared yet.
            unsafe { element::write(base.offset(off), v.cast(dtype)) };
        }
    });
    new_array(ctx, dtype, layout, buffer)
}

/// NumPy's `ComplexWarning` when a cast drops imaginary parts: complex to a
/// real numeric type (even for an empty array); to `bool` it is silent.
pub(crate) fn warn_complex_cast(
    ctx: Ctx<'_>,
    from: crate::dtype::DType,
    to: crate::dtype::DType,
) -> PyResult<()> {
    if from.is_complex() && !to.is_complex() && to != crate::dtype::DType::Bool {
        crate::scalar_types::warn_discarded_imaginary(ctx)?;
    }
    Ok(())
}

fn g_t<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let l = a.layout();
    let t = Layout::new(
        l.shape().iter().rev().copied().collect(),
        l.strides().iter().rev().copied().collect(),
        l.offset(),
    )
    .map_err(py_err)?;
    drop(l);
    new_view(ctx, slf, t)
}

/// `a.mT`: the last two axes swapped.
fn g_mt<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let n = a.layout().ndim();
    if n < 2 {
        return Err(PyErr::value_error(
            "matrix transpose with ndim < 2 is undefined",
        ));
    }
    let t = a
        .layout()
        .edited(|shape, strides, _| {
            shape.swap(n - 2, n - 1);
            strides.swap(n - 2, n - 1);
        })
        .map_err(py_err)?;
    new_view(ctx, slf, t)
}

/// `a.__iter__()`: `a[0], a[1], ...` along the first axis (scalars for 1-d
/// arrays, views otherwise), as `map(a.__getitem__, range(len(a)))`. (HPy
/// 0.9 has no `tp_iter` slot: CPython's `iter(a)` walks `sq_item`, which
/// yields the same items; PyPy calls this method.)
fn a_iter<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let n = match this(ctx, slf)?.layout().shape().first() {
        Some(&n) => n,
        None => return Err(PyErr::type_error("iteration over a 0-d array")),
    };
    let builtins = ctx.import(c"builtins")?;
    let len = ctx.long_from_isize(n as isize)?;
    let range = ctx.call(&ctx.getattr_s(&builtins, c"range")?, &[len.borrow()])?;
    let getitem = ctx.getattr_s(slf, c"__getitem__")?;
    ctx.call(
        &ctx.getattr_s(&builtins, c"map")?,
        &[getitem.borrow(), range.borrow()],
    )
}

/// `a.__array__(dtype=None, *, copy=None)`: a NumPy array over our memory
/// (through the buffer protocol; only called when NumPy is there to ask).
fn m_dunder_array<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let p = argparse::py(SIG_DUNDER_ARRAY.parse(ctx, args, n, kw))?;
    let dtype = match argparse::convert::optional(ctx, p.get(0)) {
        Some(d) => {
            let d = crate::descr::dtype_instance(ctx, dtype_from_object(ctx, d)?)?;
            ctx.getattr_s(&d, c"str")?
        }
        None => ctx.none(),
    };
    let copy = p.get(1).map_or_else(|| ctx.none(), |c| ctx.dup(c));
    let numpy = ctx.import(c"numpy")?;
    let builtins = ctx.import(c"builtins")?;
    let view = ctx.call(&ctx.getattr_s(&builtins, c"memoryview")?, &[slf.borrow()])?;
    let names = ctx.tuple(&[ctx.str("copy")?.borrow()])?;
    ctx.call_kw(
        &ctx.getattr_s(&numpy, c"asarray")?,
        &[view.borrow(), dtype.borrow(), copy.borrow()],
        2,
        Some(names.borrow()),
    )
}

/// `a.copy(order='C')`.
fn m_copy<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let p = argparse::py(SIG_COPY.parse(ctx, args, n, kw))?;
    let order = argparse::py(super::creation::ORDER.convert_or(ctx, p.get(0), 0))?;
    copy_in_order(ctx, a, a.dtype, order)
}

static SIG_COPY: argparse::Signature<1> =
    argparse::Signature::new("copy", [argparse::Param::either(c"order").optional()]);

static SIG_ASTYPE: argparse::Signature<5> = argparse::Signature::new(
    "astype",
    [
        argparse::Param::either(c"dtype"),
        argparse::Param::either(c"order").optional(),
        argparse::Param::either(c"casting").optional(),
        argparse::Param::either(c"subok").optional(),
        argparse::Param::either(c"copy").optional(),
    ],
)
.npy_style();

static SIG_DUNDER_ARRAY: argparse::Signature<2> = argparse::Signature::new(
    "__array__",
    [
        argparse::Param::either(c"dtype").optional(),
        argparse::Param::keyword(c"copy").optional(),
    ],
);

hpy::part!(
    /// What this file adds to the module: the methods' signatures.
    pub(super) static PART = {
        globals: [
            SIG_ASTYPE.globals(),
            SIG_DUNDER_ARRAY.globals(),
            SIG_COPY.globals(),
        ],
    }
);

/// `a.astype(dtype, order='K', casting='unsafe', subok=True, copy=True)`.
fn m_astype<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    use crate::dtype::{Casting, can_cast};
    let a = this(ctx, slf)?;
    let p = argparse::py(SIG_ASTYPE.parse(ctx, args, n, kw))?;
    let d = dtype_from_object(ctx, p.get(0).expect("required"))?;
    let order = argparse::py(super::creation::ORDER.convert_or(ctx, p.get(1), 3))?;
    let casting = Casting::ALL[argparse::py(crate::descr::CASTING.convert_or(ctx, p.get(2), 4))?];
    if !can_cast(a.dtype, d, casting) {
        return Err(PyErr::type_error(format!(
            "Cannot cast array data from {} to {} according to the rule '{}'",
            a.dtype.repr(),
            d.repr(),
            casting.as_str()
        )));
    }
    let copy = match p.get(4) {
        Some(c) => argparse::py(argparse::convert::boolean(ctx, c))?,
        None => true,
    };
    let layout_ok = {
        let l = a.layout();
        let size = a.dtype.itemsize();
        match order {
            0 => l.is_c_contiguous(size),
            1 => l.is_f_contiguous(size),
            2 => l.is_c_contiguous(size) || l.is_f_contiguous(size),
            _ => true,
        }
    };
    if !copy && d == a.dtype && layout_ok {
        return Ok(ctx.dup(slf));
    }
    copy_in_order(ctx, a, d, order)
}

/// `a.fill(value)`: every element set to `value` cast to the array's dtype.
fn m_fill<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    value: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    if !a.writeable.get() {
        return Err(PyErr::value_error("assignment destination is read-only"));
    }
    let one = super::creation::to_scalar(ctx, value, a.dtype)?;
    let layout = a.layout();
    element::for_each_offset(&layout, |off| {
        // SAFETY: layout invariant; the interpreter lock serialises writers.
        unsafe { element::write(a.base_ptr().offset(off), one) };
    });
    Ok(ctx.none())
}

fn only_element<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Scalar> {
    let a = this(ctx, slf)?;
    // NumPy 2.4: 0-d arrays only (no element is read otherwise).
    if a.layout().ndim() != 0 {
        return Err(PyErr::type_error(
            "only 0-dimensional arrays can be converted to Python scalars",
        ));
    }
    Ok(a.single().expect("a 0-d array has one element"))
}

fn a_bool<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<bool> {
    let a = this(ctx, slf)?;
    // The size first: only a single element is read.
    match a.layout().size() {
        1 => Ok(a.single().expect("one element").is_true()),
        0 => Err(PyErr::value_error(
            "The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.",
        )),
        _ => Err(PyErr::value_error(
            "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()",
        )),
    }
}

// int(a) and float(a) convert the element's Python value (`item()`), as
// NumPy's array_int/array_float do: a complex one is a TypeError.
fn a_int<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let s = crate::scalar_types::item(ctx, only_element(ctx, slf)?)?;
    ctx.call(ctx.constant(|t| t.h_LongType), &[s.borrow()])
}

fn a_float<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let s = crate::scalar_types::item(ctx, only_element(ctx, slf)?)?;
    ctx.call(ctx.constant(|t| t.h_FloatType), &[s.borrow()])
}

fn a_index<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    if !a.dtype.is_integer() || a.layout().ndim() != 0 {
        return Err(PyErr::type_error(
            "only integer scalar arrays can be converted to a scalar index",
        ));
    }
    crate::scalar_types::item(ctx, a.single().expect("a 0-d array has one element"))
}

fn m_complex<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let c = only_element(ctx, slf)?.to_complex128();
    let re = ctx.float_from_f64(c.re)?;
    let im = ctx.float_from_f64(c.im)?;
    ctx.call(
        ctx.constant(|t| t.h_ComplexType),
        &[re.borrow(), im.borrow()],
    )
}

fn m_copy_protocol<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    copy_as(ctx, a, a.dtype, false)
}

fn m_deepcopy<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    _memo: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    m_copy_protocol(ctx, slf)
}

/// Pickles as `numpy_hpy._reconstruct(nested list, dtype, shape)` (a
/// Python-level function: PyPy cannot pickle extension functions by
/// reference). The shape travels too: nested lists lose every axis after a
/// zero-length one (`zeros((0, 3)).tolist() == []`).
fn m_reduce<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let module = ctx.import(c"numpy_hpy")?;
    let array = ctx.getattr_s(&module, c"_reconstruct")?;
    let list = ctx.call(&ctx.getattr_s(slf, c"tolist")?, &[])?;
    let dtype = crate::descr::dtype_instance(ctx, a.dtype)?;
    let shape = ctx.getattr_s(slf, c"shape")?;
    let args = ctx.tuple(&[list.borrow(), dtype.borrow(), shape.borrow()])?;
    ctx.tuple(&[array.borrow(), args.borrow()])
}

hpy::getset!(pub static G_T = c"T", get: g_t, doc: c"View of the transposed array.");
hpy::getset!(pub static G_MT = c"mT", get: g_mt, doc: c"View of the matrix-transposed array.");
hpy::meth!(pub static M_ITER: noargs = c"__iter__", a_iter);
hpy::meth!(pub static M_DUNDER_ARRAY: keywords = c"__array__", m_dunder_array);
hpy::meth!(pub static M_COPY: keywords = c"copy", m_copy);
hpy::meth!(pub static M_ASTYPE: keywords = c"astype", m_astype);
hpy::meth!(pub static M_FILL: o = c"fill", m_fill);
hpy::meth!(pub static M_COMPLEX: noargs = c"__complex__", m_complex);
hpy::meth!(pub static M_COPY_PROTO: noargs = c"__copy__", m_copy_protocol);
hpy::meth!(pub static M_DEEPCOPY: o = c"__deepcopy__", m_deepcopy);
hpy::meth!(pub static M_REDUCE: noargs = c"__reduce__", m_reduce);
hpy::slot!(pub static A_BOOL: inquiry = HPy_nb_bool, a_bool);
hpy::slot!(pub static A_INT: unary = HPy_nb_int, a_int);
hpy::slot!(pub static A_FLOAT: unary = HPy_nb_float, a_float);
hpy::slot!(pub static A_INDEX: unary = HPy_nb_index, a_index);
