//! Shape manipulation on array objects: the `ndarray` methods (`reshape`,
//! `ravel`, `flatten`, `transpose`, `swapaxes`, `squeeze`, `view`) and the
//! module functions (`reshape`, `ravel`, `transpose`, `permute_dims`,
//! `swapaxes`, `moveaxis`, `squeeze`, `expand_dims`, `flip`, `broadcast_to`,
//! `broadcast_shapes`, `broadcast_arrays`, `atleast_1d/2d/3d`).
//!
//! The layout algebra is in `crate::array::{shape, broadcast}` (pure, checked
//! against NumPy); this file only parses arguments the way NumPy does, turns
//! a `Some(layout)` into a view of the memory owner and a `None` into a copy,
//! and raises the pure functions' errors as the exceptions NumPy raises.
//!
//! View or copy follows NumPy exactly, `.base` included: a reshape that must
//! copy returns a view of the (C- or F-ordered) copy, as NumPy's
//! `PyArray_NewCopy` + reshape does, while `ravel`/`flatten` copies own their
//! memory (`PyArray_Flatten`).

use crate::errors::py_err;
use argparse::convert;
use argparse::{Param, Signature, py};
use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::creation::ORDER;
use super::methods::{copy_as, new_view};
use super::object::{ARRAY_SPEC, ArrayData, array_data, new_array};
use crate::array::broadcast::{self, BroadcastError};
use crate::array::shape::{self, Order, ShapeError};
use crate::array::{Layout, MAXDIMS, element};
use crate::descr::dtype_from_object;
use crate::dtype::DType;
use crate::module::AXIS_ERROR;

type Kw<'c> = Option<Borrowed<'c, 'c>>;

// ------------------------------------------------------------- signatures

/// The keywords of `a.reshape(*shape, order='C', copy=None)` (the shape is
/// variadic and parsed by hand).
static SIG_M_RESHAPE: Signature<2> = Signature::new(
    "reshape",
    [
        Param::keyword(c"order").optional(),
        Param::keyword(c"copy").optional(),
    ],
);
static SIG_M_RAVEL: Signature<1> = Signature::new("ravel", [Param::either(c"order").optional()]);
static SIG_M_FLATTEN: Signature<1> =
    Signature::new("flatten", [Param::either(c"order").optional()]);
static SIG_M_SQUEEZE: Signature<1> = Signature::new("squeeze", [Param::either(c"axis").optional()]);
static SIG_M_VIEW: Signature<2> = Signature::new(
    "view",
    [
        Param::either(c"dtype").optional(),
        Param::either(c"type").optional(),
    ],
);
static SIG_RESHAPE: Signature<4> = Signature::new(
    "reshape",
    [
        Param::positional(c"a"),
        Param::either(c"shape"),
        Param::either(c"order").optional(),
        Param::keyword(c"copy").optional(),
    ],
)
.python_style();
static SIG_RAVEL: Signature<2> = Signature::new(
    "ravel",
    [Param::either(c"a"), Param::either(c"order").optional()],
)
.python_style();
static SIG_TRANSPOSE: Signature<2> = Signature::new(
    "transpose",
    [Param::either(c"a"), Param::either(c"axes").optional()],
)
.python_style();
static SIG_PERMUTE_DIMS: Signature<2> = Signature::new(
    "permute_dims",
    [Param::either(c"a"), Param::either(c"axes").optional()],
)
.python_style();
static SIG_SWAPAXES: Signature<3> = Signature::new(
    "swapaxes",
    [
        Param::either(c"a"),
        Param::either(c"axis1"),
        Param::either(c"axis2"),
    ],
)
.python_style();
static SIG_MOVEAXIS: Signature<3> = Signature::new(
    "moveaxis",
    [
        Param::either(c"a"),
        Param::either(c"source"),
        Param::either(c"destination"),
    ],
)
.python_style();
static SIG_SQUEEZE: Signature<2> = Signature::new(
    "squeeze",
    [Param::either(c"a"), Param::either(c"axis").optional()],
)
.python_style();
static SIG_EXPAND_DIMS: Signature<2> =
    Signature::new("expand_dims", [Param::either(c"a"), Param::either(c"axis")]).python_style();
static SIG_FLIP: Signature<2> = Signature::new(
    "flip",
    [Param::either(c"m"), Param::either(c"axis").optional()],
)
.python_style();
static SIG_BROADCAST_TO: Signature<3> = Signature::new(
    "broadcast_to",
    [
        Param::either(c"array"),
        Param::either(c"shape"),
        Param::either(c"subok").optional(),
    ],
)
.python_style();
/// The keyword of `broadcast_arrays(*args, subok=False)`.
static SIG_BROADCAST_ARRAYS: Signature<1> =
    Signature::new("broadcast_arrays", [Param::keyword(c"subok").optional()]);

hpy::part!(
    /// What this file adds to the module.
    pub(super) static PART = {
        defines: [
            RESHAPE,
            RAVEL,
            TRANSPOSE,
            PERMUTE_DIMS,
            SWAPAXES,
            MOVEAXIS,
            SQUEEZE,
            EXPAND_DIMS,
            FLIP,
            BROADCAST_TO,
            BROADCAST_SHAPES,
            BROADCAST_ARRAYS,
            ATLEAST_1D,
            ATLEAST_2D,
            ATLEAST_3D,
        ],
        globals: [
            SIG_M_RESHAPE.globals(),
            SIG_M_RAVEL.globals(),
            SIG_M_FLATTEN.globals(),
            SIG_M_SQUEEZE.globals(),
            SIG_M_VIEW.globals(),
            SIG_RESHAPE.globals(),
            SIG_RAVEL.globals(),
            SIG_TRANSPOSE.globals(),
            SIG_PERMUTE_DIMS.globals(),
            SIG_SWAPAXES.globals(),
            SIG_MOVEAXIS.globals(),
            SIG_SQUEEZE.globals(),
            SIG_EXPAND_DIMS.globals(),
            SIG_FLIP.globals(),
            SIG_BROADCAST_TO.globals(),
            SIG_BROADCAST_ARRAYS.globals(),
        ],
    }
);

// ----------------------------------------------------------------- errors

#[cold]
fn shape_err(e: ShapeError) -> PyErr {
    py_err(e)
}

#[cold]
fn broadcast_err(e: BroadcastError) -> PyErr {
    py_err(e)
}

// ------------------------------------------------------ argument helpers

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'numpy_hpy.ndarray' object"))
}

/// `numpy_hpy.asarray(obj)`: `obj` itself when it already is an array.
pub(crate) fn to_array<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    if array_data(ctx, obj)?.is_some() {
        return Ok(ctx.dup(obj));
    }
    super::creation::as_array(ctx, obj, None)
}

/// The array data of a handle [`to_array`] returned.
fn data_of<'a, 'c>(ctx: Ctx<'c>, h: &'a Handle<'c>) -> PyResult<&'a ArrayData> {
    this(ctx, h.borrow())
}

/// Whether the pending exception is a `TypeError` (then cleared).
fn clear_type_error(ctx: Ctx<'_>, e: &PyErr) -> bool {
    if matches!(e, PyErr::Fetched) && ctx.err_matches(ctx.constant(|t| t.h_TypeError)) {
        ctx.err_clear();
        true
    } else {
        false
    }
}

/// NumPy's `PyArray_IntpConverter` without the sign check: an int or a
/// sequence of ints (reshape's shape, transpose's axes, broadcast_to's shape).
fn int_list<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<Vec<isize>> {
    match ctx.index_as_isize(h) {
        Ok(n) => return Ok(vec![n]),
        Err(e) => {
            if !clear_type_error(ctx, &e) {
                return Err(e);
            }
        }
    }
    let n = match ctx.len(h) {
        Ok(n) => n,
        Err(_) => {
            ctx.err_clear();
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                ctx.type_name_of(h)
            )));
        }
    };
    if n > MAXDIMS {
        return Err(PyErr::value_error(format!(
            "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {n}"
        )));
    }
    (0..n)
        .map(|i| {
            let item = ctx.get_item_i(h, i as isize)?;
            ctx.index_as_isize(&item)
        })
        .collect()
}

/// NumPy's Python-level `normalize_axis_tuple(axis, ndim, argname)`: an int
/// or a tuple/list of ints, each normalised in turn (`AxisError` names
/// `argname`), then checked for repeats. With `wrap`, a non-tuple, non-list
/// value is taken as a one-element tuple (`expand_dims`); otherwise a
/// non-int is iterated (`'float' object is not iterable`).
fn axis_tuple<'c>(
    ctx: Ctx<'c>,
    h: Borrowed<'_, 'c>,
    ndim: usize,
    argname: Option<&'static str>,
    wrap: bool,
) -> PyResult<Vec<isize>> {
    let is_list = ctx.type_check(h, ctx.constant(|t| t.h_ListType));
    let items: Vec<Handle<'c>> = if is_list || ctx.is_tuple(h) {
        (0..ctx.len(h)?)
            .map(|i| ctx.get_item_i(h, i as isize))
            .collect::<PyResult<_>>()?
    } else if wrap {
        vec![ctx.dup(h)]
    } else {
        match ctx.index_as_isize(h) {
            Ok(a) => {
                let a = shape::normalize_axis_named(a, ndim, argname)
                    .map_err(|e| shape_err(e.into()))?;
                return Ok(vec![a as isize]);
            }
            Err(e) => {
                if !clear_type_error(ctx, &e) {
                    return Err(e);
                }
            }
        }
        let n = match ctx.len(h) {
            Ok(n) => n,
            Err(_) => {
                ctx.err_clear();
                return Err(PyErr::type_error(format!(
                    "'{}' object is not iterable",
                    ctx.type_name_of(h)
                )));
            }
        };
        (0..n)
            .map(|i| ctx.get_item_i(h, i as isize))
            .collect::<PyResult<_>>()?
    };
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        // NumPy's C `normalize_axis_index` parses its argument as a C int.
        if ctx.type_check(item, ctx.constant(|t| t.h_FloatType)) {
            return Err(PyErr::type_error("integer argument expected, got float"));
        }
        let a = ctx.index_as_isize(item)?;
        let a = shape::normalize_axis_named(a, ndim, argname).map_err(|e| shape_err(e.into()))?;
        out.push(a as isize);
    }
    for (i, a) in out.iter().enumerate() {
        if out[..i].contains(a) {
            return Err(shape_err(ShapeError::RepeatedAxis(argname)));
        }
    }
    Ok(out)
}

/// `order=` for reshape (`'K'` refused) as a [`Order`].
fn reshape_order<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<Order> {
    match py(ORDER.convert_or(ctx, h, 0))? {
        0 => Ok(Order::C),
        1 => Ok(Order::F),
        2 => Ok(Order::A),
        _ => Err(PyErr::value_error(
            "order 'K' is not permitted for reshaping",
        )),
    }
}

/// NumPy's `copy=` converter: `None` (copy if needed), or a truth value;
/// strings are refused.
pub(super) fn copy_mode<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<Option<bool>> {
    match convert::optional(ctx, h) {
        None => Ok(None),
        Some(h) if ctx.is_str(h) => Err(PyErr::value_error(
            "strings are not allowed for 'copy' keyword. Use True/False/None instead.",
        )),
        Some(h) => Ok(Some(py(convert::boolean(ctx, h))?)),
    }
}

// ------------------------------------------------------ views and copies

/// A new array of `out` (a fresh contiguous layout of the same size) holding
/// the elements of `a` read through `src` in C order.
fn copy_through<'c>(
    ctx: Ctx<'c>,
    a: &ArrayData,
    src: &Layout,
    out: Layout,
) -> PyResult<Handle<'c>> {
    let buffer = super::object::array_memory(out.shape(), a.dtype)?;
    let dst = buffer.as_ptr();
    let mut offsets = crate::errors::vec_with_capacity(out.size())?;
    element::for_each_offset(&out, |off| offsets.push(off));
    let mut it = offsets.into_iter();
    element::for_each_offset(src, |off| {
        if let Some(o) = it.next() {
            // SAFETY: `off` is an element of `a` (layout invariant: inside the
            // allocation at `base_ptr`, alive while `a` is); `o` is an element
            // of the fresh allocation `dst`, not shared yet. Both dtypes agree.
            unsafe {
                let v = element::read(a.dtype, a.base_ptr().offset(off));
                element::write(dst.offset(o), v);
            }
        }
    });
    new_array(ctx, a.dtype, out, buffer)
}

/// `a`'s axes ordered as its elements lie in memory: by decreasing absolute
/// stride, ties in axis order (NumPy's `PyArray_CreateSortedStridePerm`).
fn memory_order(layout: &Layout) -> PyResult<Layout> {
    let mut perm: Vec<usize> = (0..layout.ndim()).collect();
    perm.sort_by_key(|&k| core::cmp::Reverse(layout.strides()[k].unsigned_abs()));
    permuted(layout, &perm)
}

/// `layout` with its axes in `perm` order.
fn permuted(layout: &Layout, perm: &[usize]) -> PyResult<Layout> {
    let shape = perm.iter().map(|&k| layout.shape()[k]).collect();
    let strides = perm.iter().map(|&k| layout.strides()[k]).collect();
    Layout::new(shape, strides, layout.offset()).map_err(py_err)
}

/// The order NumPy's iterator visits `a`'s elements in for `order='K'`
/// (`npyiter_find_best_axis_ordering` on one operand): an insertion sort of
/// the axes, innermost first, by absolute stride, in which a zero stride
/// compares with nothing (a broadcast axis stays where the sort passes it).
/// Negative strides are kept, not reversed (NumPy's documented `'K'`).
fn iteration_order(layout: &Layout) -> PyResult<Layout> {
    let s = layout.strides();
    // perm[0] is the innermost axis.
    let mut perm: Vec<usize> = (0..layout.ndim()).rev().collect();
    for i0 in 1..perm.len() {
        let s0 = s[perm[i0]];
        let mut ipos = i0;
        for i1 in (0..i0).rev() {
            let s1 = s[perm[i1]];
            if s0 != 0 && s1 != 0 {
                if s1.unsigned_abs() <= s0.unsigned_abs() {
                    break;
                }
                ipos = i1;
            }
        }
        if ipos != i0 {
            let ax = perm.remove(i0);
            perm.insert(ipos, ax);
        }
    }
    perm.reverse();
    permuted(layout, &perm)
}

/// `order=` of ravel/flatten after NumPy resolves `'A'` and `'K'` against
/// the array: `Some(order)` for C/F, `None` for a genuine keep-order.
fn resolve_flat_order(layout: &Layout, itemsize: usize, choice: usize) -> Option<Order> {
    let c = layout.is_c_contiguous(itemsize);
    let f = layout.is_f_contiguous(itemsize);
    match choice {
        0 => Some(Order::C),
        1 => Some(Order::F),
        2 => Some(if f && !c { Order::F } else { Order::C }),
        _ if c => Some(Order::C),
        _ if f => Some(Order::F),
        _ => None,
    }
}

/// `PyArray_Flatten(a, order)`: a new 1-d array owning its memory.
fn flatten_copy<'c>(ctx: Ctx<'c>, a: &ArrayData, choice: usize) -> PyResult<Handle<'c>> {
    let layout = a.layout().clone();
    let itemsize = a.dtype.itemsize();
    let src = match resolve_flat_order(&layout, itemsize, choice) {
        Some(Order::F) => Layout::new(
            layout.shape().iter().rev().copied().collect(),
            layout.strides().iter().rev().copied().collect(),
            layout.offset(),
        )
        .map_err(py_err)?,
        Some(_) => layout.clone(),
        None => iteration_order(&layout)?,
    };
    copy_through(
        ctx,
        a,
        &src,
        Layout::c_order(&[layout.size()], itemsize).map_err(py_err)?,
    )
}

/// `a.ravel(order)` on the array `slf`.
fn ravel_impl<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, choice: usize) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let layout = a.layout().clone();
    let itemsize = a.dtype.itemsize();
    match resolve_flat_order(&layout, itemsize, choice) {
        Some(order) => {
            if let Some(v) = shape::ravel(&layout, itemsize, order) {
                return new_view(ctx, slf, v);
            }
        }
        None => {
            // Keep-order: a view when the axes, sorted by stride, are
            // contiguous (positive strides only, length-1 axes ignored).
            let sorted = memory_order(&layout)?;
            let mut expected = itemsize as isize;
            let contiguous = sorted
                .shape()
                .iter()
                .zip(sorted.strides())
                .rev()
                .filter(|(n, _)| **n != 1)
                .all(|(&n, &s)| {
                    let ok = s == expected;
                    expected *= n as isize;
                    ok
                });
            if contiguous {
                let v = Layout::new(
                    vec![layout.size()],
                    vec![itemsize as isize],
                    layout.offset(),
                )
                .map_err(py_err)?;
                return new_view(ctx, slf, v);
            }
        }
    }
    flatten_copy(ctx, a, choice)
}

/// `a.reshape(shape, order, copy)` on the array `slf`.
fn reshape_impl<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    new_shape: &[isize],
    order: Order,
    copy: Option<bool>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let itemsize = a.dtype.itemsize();
    if new_shape.len() > MAXDIMS {
        return Err(PyErr::value_error(format!(
            "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {}",
            new_shape.len()
        )));
    }
    if copy != Some(true) {
        let layout = a.layout().clone();
        if let Some(v) = shape::reshape(&layout, itemsize, new_shape, order).map_err(shape_err)? {
            return new_view(ctx, slf, v);
        }
        if copy == Some(false) {
            return Err(PyErr::value_error(
                "Unable to avoid creating a copy while reshaping.",
            ));
        }
    }
    // NumPy copies in `order` (`'A'`: F for an F-only array) and views the
    // copy, which is then the result's base, with fresh strides (where a
    // zero length counts as one).
    let fortran = match order {
        Order::F => true,
        Order::C => false,
        Order::A => {
            let l = a.layout();
            l.is_f_contiguous(itemsize) && !l.is_c_contiguous(itemsize)
        }
    };
    let dims = shape::reshape_shape(a.layout().size(), new_shape).map_err(shape_err)?;
    let copied = copy_as(ctx, a, a.dtype, fortran)?;
    let offset = data_of(ctx, &copied)?.layout().offset();
    let strides = shape::fill_strides(&dims, itemsize, fortran && dims.len() > 1);
    let v = Layout::new(dims, strides, offset).map_err(py_err)?;
    new_view(ctx, copied.borrow(), v)
}

/// `a.transpose(axes)` with `axes` as NumPy's method receives it: `None`
/// reverses, else an int or a sequence of ints.
fn transpose_impl<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    axes: Option<Vec<isize>>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let layout = a.layout().clone();
    let v = shape::transpose(&layout, axes.as_deref()).map_err(shape_err)?;
    new_view(ctx, slf, v)
}

fn squeeze_impl<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    axis: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let layout = a.layout().clone();
    // NumPy lets a lone axis 0 or -1 through for a 0-d array.
    if layout.ndim() == 0
        && let Some(h) = convert::optional(ctx, axis)
        && !ctx.is_tuple(h)
        && matches!(ctx.index_as_isize(h), Ok(0 | -1))
    {
        return new_view(ctx, slf, layout);
    }
    ctx.err_clear();
    let axes = py(convert::axis(ctx, axis, layout.ndim(), &AXIS_ERROR))?
        .map(|v| v.into_iter().map(|k| k as isize).collect::<Vec<_>>());
    let v = shape::squeeze(&layout, axes.as_deref()).map_err(shape_err)?;
    new_view(ctx, slf, v)
}

fn swapaxes_impl<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    axis1: Borrowed<'_, 'c>,
    axis2: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let (a1, a2) = (ctx.index_as_isize(axis1)?, ctx.index_as_isize(axis2)?);
    let layout = a.layout().clone();
    let v = shape::swapaxes(&layout, a1, a2).map_err(shape_err)?;
    new_view(ctx, slf, v)
}

/// The optional `axes` of `transpose`/`permute_dims` (`None` reverses).
fn optional_axes<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<Option<Vec<isize>>> {
    convert::optional(ctx, h)
        .map(|h| int_list(ctx, h))
        .transpose()
}

// ----------------------------------------------------------------- methods

/// `a.reshape(*shape, order='C', copy=None)`: the shape as one int or
/// sequence, or as several ints.
fn m_reshape<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let k = py(SIG_M_RESHAPE.parse(ctx, &args[nargs..], 0, kw))?;
    let order = reshape_order(ctx, k.get(0))?;
    let copy = copy_mode(ctx, k.get(1))?;
    let arg = |i: usize| args[i];
    let new_shape = match nargs {
        0 => {
            return Err(PyErr::type_error(
                "reshape() takes exactly 1 argument (0 given)",
            ));
        }
        // `a.reshape(None)` keeps the shape, as NumPy's converter reads it.
        1 if ctx.is_none(arg(0)) => {
            let a = this(ctx, slf)?;
            a.layout().shape().iter().map(|&n| n as isize).collect()
        }
        1 => int_list(ctx, arg(0))?,
        _ => (0..nargs)
            .map(|i| ctx.index_as_isize(arg(i)))
            .collect::<PyResult<_>>()?,
    };
    reshape_impl(ctx, slf, &new_shape, order, copy)
}

fn m_ravel<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_M_RAVEL.parse(ctx, args, nargs, kw))?;
    let choice = py(ORDER.convert_or(ctx, p.get(0), 0))?;
    ravel_impl(ctx, slf, choice)
}

fn m_flatten<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_M_FLATTEN.parse(ctx, args, nargs, kw))?;
    let choice = py(ORDER.convert_or(ctx, p.get(0), 0))?;
    flatten_copy(ctx, this(ctx, slf)?, choice)
}

/// `a.transpose(*axes)`: no argument or `None` reverses; one argument is an
/// int or a sequence; several are the axes.
fn m_transpose<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    let arg = |i: usize| args[i];
    let axes = match args.len() {
        0 => None,
        1 => optional_axes(ctx, Some(arg(0)))?,
        n => Some(
            (0..n)
                .map(|i| ctx.index_as_isize(arg(i)))
                .collect::<PyResult<_>>()?,
        ),
    };
    transpose_impl(ctx, slf, axes)
}

fn m_swapaxes<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, args: CallArgs<'c>) -> PyResult<Handle<'c>> {
    if args.len() != 2 {
        return Err(PyErr::type_error(format!(
            "swapaxes() takes exactly 2 arguments ({} given)",
            args.len()
        )));
    }
    let (a1, a2) = (args[0], args[1]);
    swapaxes_impl(ctx, slf, a1, a2)
}

fn m_squeeze<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_M_SQUEEZE.parse(ctx, args, nargs, kw))?;
    squeeze_impl(ctx, slf, p.get(0))
}

/// `a.view(dtype=None, type=None)`: the same memory, optionally read as
/// another dtype (NumPy's rules for a different itemsize: the last axis is
/// rescaled). `type` may only be `ndarray` (there are no subclasses yet).
fn m_view<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_M_VIEW.parse(ctx, args, nargs, kw))?;
    let ndarray = ARRAY_SPEC.type_object(ctx)?;
    // NumPy's `array_view`: a dtype argument that is the array type is the
    // type; an explicit `None` dtype is the default dtype (float64).
    let mut dtype_arg = p.get(0);
    let mut type_arg = p.get(1);
    if let Some(d) = dtype_arg
        && ctx.is(d, &ndarray)
    {
        if type_arg.is_some() {
            return Err(PyErr::value_error("Cannot specify output type twice."));
        }
        type_arg = Some(d);
        dtype_arg = None;
    }
    if let Some(t) = type_arg
        && !ctx.is(t, &ndarray)
    {
        return Err(PyErr::value_error(
            "Type must be a sub-type of ndarray type",
        ));
    }
    let a = this(ctx, slf)?;
    let layout = a.layout().clone();
    let Some(d) = dtype_arg else {
        return new_view(ctx, slf, layout);
    };
    let dtype = if ctx.is_none(d) {
        DType::Float64
    } else {
        dtype_from_object(ctx, d)?
    };
    let v = view_layout(&layout, a.dtype.itemsize(), dtype.itemsize())?;
    super::methods::view_as(ctx, slf, v, dtype)
}

/// NumPy's `array_descr_set` on a layout: a different itemsize rescales the
/// last axis, which must be contiguous.
fn view_layout(layout: &Layout, old: usize, new: usize) -> PyResult<Layout> {
    let v = layout.clone();
    if old == new {
        return Ok(v);
    }
    let Some(axis) = v.ndim().checked_sub(1) else {
        return Err(PyErr::value_error(
            "Changing the dtype of a 0d array is only supported if the itemsize is unchanged",
        ));
    };
    if v.shape()[axis] != 1 && v.size() != 0 && v.strides()[axis] != old as isize {
        return Err(PyErr::value_error(
            "To change to a dtype of a different size, the last axis must be contiguous",
        ));
    }
    if new < old {
        if !old.is_multiple_of(new) {
            return Err(PyErr::value_error(
                "When changing to a smaller dtype, its size must be a divisor of the size of original dtype",
            ));
        }
        let n = v.shape()[axis] * (old / new);
        v.edited(|shape, strides, _| {
            shape[axis] = n;
            strides[axis] = new as isize;
        })
        .map_err(py_err)
    } else {
        let bytes = v.shape()[axis] * old;
        if !bytes.is_multiple_of(new) {
            return Err(PyErr::value_error(
                "When changing to a larger dtype, its size must be a divisor of the total size in bytes of the last axis of the array.",
            ));
        }
        v.edited(|shape, strides, _| {
            shape[axis] = bytes / new;
            strides[axis] = new as isize;
        })
        .map_err(py_err)
    }
}

// -------------------------------------------------------- module functions

/// `reshape(a, /, shape, order='C', *, copy=None)`.
fn f_reshape<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_RESHAPE.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    let order = reshape_order(ctx, p.get(2))?;
    let copy = copy_mode(ctx, p.get(3))?;
    let shape_arg = p.get(1).expect("required");
    let new_shape = if ctx.is_none(shape_arg) {
        let a = data_of(ctx, &arr)?;
        a.layout().shape().iter().map(|&n| n as isize).collect()
    } else {
        int_list(ctx, shape_arg)?
    };
    reshape_impl(ctx, arr.borrow(), &new_shape, order, copy)
}

fn f_ravel<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_RAVEL.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    let choice = py(ORDER.convert_or(ctx, p.get(1), 0))?;
    ravel_impl(ctx, arr.borrow(), choice)
}

fn transpose_fn<'c>(
    ctx: Ctx<'c>,
    sig: &'static Signature<2>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(sig.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    let axes = optional_axes(ctx, p.get(1))?;
    transpose_impl(ctx, arr.borrow(), axes)
}

fn f_transpose<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    transpose_fn(ctx, &SIG_TRANSPOSE, args, nargs, kw)
}

fn f_permute_dims<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    transpose_fn(ctx, &SIG_PERMUTE_DIMS, args, nargs, kw)
}

fn f_swapaxes<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_SWAPAXES.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    swapaxes_impl(
        ctx,
        arr.borrow(),
        p.get(1).expect("required"),
        p.get(2).expect("required"),
    )
}

fn f_moveaxis<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_MOVEAXIS.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    let a = data_of(ctx, &arr)?;
    let layout = a.layout().clone();
    let nd = layout.ndim();
    let src = axis_tuple(ctx, p.get(1).expect("required"), nd, Some("source"), false)?;
    let dst = axis_tuple(
        ctx,
        p.get(2).expect("required"),
        nd,
        Some("destination"),
        false,
    )?;
    let v = shape::moveaxis(&layout, &src, &dst).map_err(shape_err)?;
    new_view(ctx, arr.borrow(), v)
}

fn f_squeeze<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_SQUEEZE.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    squeeze_impl(ctx, arr.borrow(), p.get(1))
}

fn f_expand_dims<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_EXPAND_DIMS.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    let a = data_of(ctx, &arr)?;
    let layout = a.layout().clone();
    let axis = p.get(1).expect("required");
    let is_list = ctx.type_check(axis, ctx.constant(|t| t.h_ListType));
    let count = if is_list || ctx.is_tuple(axis) {
        ctx.len(axis)?
    } else {
        1
    };
    let axes = axis_tuple(ctx, axis, layout.ndim() + count, None, true)?;
    let v = shape::expand_dims(&layout, a.dtype.itemsize(), &axes).map_err(shape_err)?;
    new_view(ctx, arr.borrow(), v)
}

/// `flip(m, axis=None)`; flipping a 0-d array returns its scalar (NumPy's
/// `m[()]`).
fn f_flip<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_FLIP.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    let a = data_of(ctx, &arr)?;
    let layout = a.layout().clone();
    let axes = match convert::optional(ctx, p.get(1)) {
        None => None,
        Some(h) => Some(axis_tuple(ctx, h, layout.ndim(), None, false)?),
    };
    let v = shape::flip(&layout, axes.as_deref()).map_err(shape_err)?;
    if v.ndim() == 0 {
        return crate::scalar_types::to_python(ctx, a.single().expect("0-d: one element"));
    }
    new_view(ctx, arr.borrow(), v)
}

/// `broadcast_to(array, shape, subok=False)`: a read-only view.
fn f_broadcast_to<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let p = py(SIG_BROADCAST_TO.parse(ctx, args, nargs, kw))?;
    let arr = to_array(ctx, p.get(0).expect("required"))?;
    let target = int_list(ctx, p.get(1).expect("required"))?;
    let a = data_of(ctx, &arr)?;
    let layout = a.layout().clone();
    let v = broadcast::broadcast_to(&layout, &target).map_err(broadcast_err)?;
    let view = new_view(ctx, arr.borrow(), v)?;
    data_of(ctx, &view)?.writeable.set(false);
    Ok(view)
}

fn shape_tuple<'c>(ctx: Ctx<'c>, shape: &[usize]) -> PyResult<Handle<'c>> {
    let items = shape
        .iter()
        .map(|&n| ctx.long_from_i64(n as i64))
        .collect::<PyResult<Vec<_>>>()?;
    let raws: Vec<Borrowed<'_, 'c>> = items.iter().map(Handle::borrow).collect();
    ctx.tuple(&raws)
}

/// `broadcast_shapes(*shapes)`.
fn f_broadcast_shapes<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    let shapes = args
        .iter()
        .map(|&h| py(convert::shape(ctx, h)))
        .collect::<PyResult<Vec<_>>>()?;
    let refs: Vec<&[usize]> = shapes.iter().map(|s| s.as_slice()).collect();
    let out = broadcast::broadcast_shapes(&refs).map_err(broadcast_err)?;
    shape_tuple(ctx, &out)
}

fn handles_tuple<'c>(ctx: Ctx<'c>, items: &[Handle<'c>]) -> PyResult<Handle<'c>> {
    let raws: Vec<Borrowed<'_, 'c>> = items.iter().map(Handle::borrow).collect();
    ctx.tuple(&raws)
}

/// `broadcast_arrays(*args, subok=False)`: a tuple (NumPy 2) of each array
/// itself where its shape already is the common one, else a broadcast view
/// (writeable as its source; NumPy warns on writing to those, we do not).
fn f_broadcast_arrays<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    py(SIG_BROADCAST_ARRAYS.parse(ctx, &args[nargs..], 0, kw))?;
    let arrays = args[..nargs]
        .iter()
        .map(|&h| to_array(ctx, h))
        .collect::<PyResult<Vec<_>>>()?;
    let layouts = arrays
        .iter()
        .map(|h| Ok(data_of(ctx, h)?.layout().clone()))
        .collect::<PyResult<Vec<_>>>()?;
    let refs: Vec<&[usize]> = layouts.iter().map(|l| l.shape()).collect();
    let shape = broadcast::broadcast_shapes(&refs).map_err(broadcast_err)?;
    let views = arrays
        .iter()
        .zip(&layouts)
        .map(|(h, l)| {
            if l.shape() == shape {
                return Ok(ctx.dup(h));
            }
            let v = broadcast::broadcast_layout(l, &shape)
                .map_err(py_err)?
                .ok_or_else(|| py_err(crate::array::layout::LayoutError::OutOfBounds))?;
            new_view(ctx, h.borrow(), v)
        })
        .collect::<PyResult<Vec<_>>>()?;
    handles_tuple(ctx, &views)
}

/// `atleast_{1,2,3}d(*arys)`: NumPy reshapes a 0-d array to `(1,)*n` and
/// inserts the other new axes by indexing (`a[None, :]`, `a[:, :, None]`),
/// which gives them stride 0. One argument gives an array, others a tuple.
fn atleast<'c>(ctx: Ctx<'c>, args: CallArgs<'c>, n: usize) -> PyResult<Handle<'c>> {
    let out = args
        .iter()
        .map(|&h| {
            let arr = to_array(ctx, h)?;
            let a = data_of(ctx, &arr)?;
            let l = a.layout().clone();
            let isz = a.dtype.itemsize() as isize;
            let (shape, strides) = match (l.ndim(), n) {
                (0, _) => (vec![1; n], vec![isz; n]),
                (1, 2) => (vec![1, l.shape()[0]], vec![0, l.strides()[0]]),
                (1, 3) => (vec![1, l.shape()[0], 1], vec![0, l.strides()[0], 0]),
                (2, 3) => (
                    vec![l.shape()[0], l.shape()[1], 1],
                    vec![l.strides()[0], l.strides()[1], 0],
                ),
                _ => return Ok(arr),
            };
            let v = Layout::new(shape, strides, l.offset()).map_err(py_err)?;
            new_view(ctx, arr.borrow(), v)
        })
        .collect::<PyResult<Vec<_>>>()?;
    if out.len() == 1 {
        return Ok(out.into_iter().next().expect("one"));
    }
    handles_tuple(ctx, &out)
}

fn f_atleast_1d<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    atleast(ctx, args, 1)
}

fn f_atleast_2d<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    atleast(ctx, args, 2)
}

fn f_atleast_3d<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    atleast(ctx, args, 3)
}

// ------------------------------------------------------------ definitions

hpy::meth!(pub static M_RESHAPE: keywords = c"reshape", m_reshape,
    c"a.reshape(*shape, order='C', copy=None)\n--\n\nReturns an array containing the same data with a new shape.");
hpy::meth!(pub static M_RAVEL: keywords = c"ravel", m_ravel,
    c"a.ravel(order='C')\n--\n\nReturn a flattened array (a view when possible).");
hpy::meth!(pub static M_FLATTEN: keywords = c"flatten", m_flatten,
    c"a.flatten(order='C')\n--\n\nReturn a copy of the array collapsed into one dimension.");
hpy::meth!(pub static M_TRANSPOSE: varargs = c"transpose", m_transpose,
    c"a.transpose(*axes)\n--\n\nReturns a view of the array with axes transposed.");
hpy::meth!(pub static M_SWAPAXES: varargs = c"swapaxes", m_swapaxes,
    c"a.swapaxes(axis1, axis2)\n--\n\nReturn a view of the array with axis1 and axis2 interchanged.");
hpy::meth!(pub static M_SQUEEZE: keywords = c"squeeze", m_squeeze,
    c"a.squeeze(axis=None)\n--\n\nRemove axes of length one.");
hpy::meth!(pub static M_VIEW: keywords = c"view", m_view,
    c"a.view(dtype=None, type=None)\n--\n\nNew view of the array with the same data.");

hpy::meth!(static RESHAPE: keywords = c"reshape", f_reshape,
    c"reshape(a, /, shape, order='C', *, copy=None)\n--\n\nGives a new shape to an array without changing its data.");
hpy::meth!(static RAVEL: keywords = c"ravel", f_ravel,
    c"ravel(a, order='C')\n--\n\nReturn a contiguous flattened array.");
hpy::meth!(static TRANSPOSE: keywords = c"transpose", f_transpose,
    c"transpose(a, axes=None)\n--\n\nReturns an array with axes transposed.");
hpy::meth!(static PERMUTE_DIMS: keywords = c"permute_dims", f_permute_dims,
    c"permute_dims(a, axes=None)\n--\n\nReturns an array with axes transposed.");
hpy::meth!(static SWAPAXES: keywords = c"swapaxes", f_swapaxes,
    c"swapaxes(a, axis1, axis2)\n--\n\nInterchange two axes of an array.");
hpy::meth!(static MOVEAXIS: keywords = c"moveaxis", f_moveaxis,
    c"moveaxis(a, source, destination)\n--\n\nMove axes of an array to new positions.");
hpy::meth!(static SQUEEZE: keywords = c"squeeze", f_squeeze,
    c"squeeze(a, axis=None)\n--\n\nRemove axes of length one from a.");
hpy::meth!(static EXPAND_DIMS: keywords = c"expand_dims", f_expand_dims,
    c"expand_dims(a, axis)\n--\n\nExpand the shape of an array.");
hpy::meth!(static FLIP: keywords = c"flip", f_flip,
    c"flip(m, axis=None)\n--\n\nReverse the order of elements in an array along the given axis.");
hpy::meth!(static BROADCAST_TO: keywords = c"broadcast_to", f_broadcast_to,
    c"broadcast_to(array, shape, subok=False)\n--\n\nBroadcast an array to a new shape (a read-only view).");
hpy::meth!(static BROADCAST_SHAPES: varargs = c"broadcast_shapes", f_broadcast_shapes,
    c"broadcast_shapes(*args)\n--\n\nBroadcast the input shapes into a single shape.");
hpy::meth!(static BROADCAST_ARRAYS: keywords = c"broadcast_arrays", f_broadcast_arrays,
    c"broadcast_arrays(*args, subok=False)\n--\n\nBroadcast any number of arrays against each other.");
hpy::meth!(static ATLEAST_1D: varargs = c"atleast_1d", f_atleast_1d,
    c"atleast_1d(*arys)\n--\n\nConvert inputs to arrays with at least one dimension.");
hpy::meth!(static ATLEAST_2D: varargs = c"atleast_2d", f_atleast_2d,
    c"atleast_2d(*arys)\n--\n\nView inputs as arrays with at least two dimensions.");
hpy::meth!(static ATLEAST_3D: varargs = c"atleast_3d", f_atleast_3d,
    c"atleast_3d(*arys)\n--\n\nView inputs as arrays with at least three dimensions.");
