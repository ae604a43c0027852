//! `a[index]` and `a[index] = value`: Python index objects become
//! `array::index::IndexItem`s, planned by `array::index::plan_index`.

use crate::errors::py_err;
use hpy::{Borrowed, Ctx, ExcType, Handle, PyErr, PyResult};

use super::methods::{copy_as, new_view};
use super::object::{ArrayData, array_data, new_array};
use crate::array::index::{IndexItem, Plan, c_offsets, plan_index, setitem_value};
use crate::array::{Layout, element};
use crate::dtype::DType;
use crate::scalar::Scalar;
use numpy_pure::ufunc::iter::{self, Order};
use numpy_pure::ufunc::loops::copy_kernel;

pub use crate::errors::raise as array_error;

const INVALID_INDEX: &str = "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices";

/// One element of an index tuple.
fn item<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<IndexItem> {
    if ctx.is_none(h) {
        return Ok(IndexItem::NewAxis);
    }
    if ctx.is(h, ctx.constant(|t| t.h_Ellipsis)) {
        return Ok(IndexItem::Ellipsis);
    }
    let ty = ctx.type_of(h);
    if ctx.is(&ty, ctx.constant(|t| t.h_BoolType)) {
        return Ok(IndexItem::BoolArray {
            shape: vec![],
            values: vec![ctx.is_true(h)?],
        });
    }
    if ctx.is(&ty, ctx.constant(|t| t.h_SliceType)) {
        let (start, stop, step) = ctx.slice_unpack(h)?;
        return Ok(IndexItem::Slice {
            start: Some(start),
            stop: Some(stop),
            step: Some(step),
        });
    }
    if let Some(s) = crate::scalar_types::scalar_of(ctx, h)? {
        return match s {
            Scalar::Bool(b) => Ok(IndexItem::BoolArray {
                shape: vec![],
                values: vec![b],
            }),
            // As NumPy: the scalar's `__index__` int must fit `intp`.
            _ if s.dtype().is_integer() => s
                .to_i128()
                .and_then(|v| isize::try_from(v).ok())
                .map(IndexItem::Int)
                .ok_or_else(|| {
                    PyErr::new(
                        ExcType::OverflowError,
                        "Python int too large to convert to C long",
                    )
                }),
            _ => Err(PyErr::new(ExcType::IndexError, INVALID_INDEX)),
        };
    }
    if ctx.is_subtype(&ty, ctx.constant(|t| t.h_LongType)) {
        return Ok(IndexItem::Int(ctx.index_as_isize(h)?));
    }
    // Arrays, lists and other array-likes: integer or boolean arrays.
    let is_list = ctx.type_check(h, ctx.constant(|t| t.h_ListType));
    let arr = if array_data(ctx, h)?.is_some() {
        ctx.dup(h)
    } else if is_list || ctx.is_tuple(h) || ctx.getattr_s(h, c"__array_interface__").is_ok() {
        match super::creation::as_array(ctx, h, None) {
            Ok(a) => a,
            Err(_) => {
                ctx.err_clear();
                return Err(PyErr::new(ExcType::IndexError, INVALID_INDEX));
            }
        }
    } else {
        if ctx.err_occurred() {
            ctx.err_clear();
        }
        // Anything else with __index__ is an integer.
        return match ctx.index_as_isize(h) {
            Ok(i) => Ok(IndexItem::Int(i)),
            Err(_) => {
                ctx.err_clear();
                Err(PyErr::new(ExcType::IndexError, INVALID_INDEX))
            }
        };
    };
    let a = array_data(ctx, arr.borrow())?.expect("asarray returns an ndarray");
    let shape = a.layout().shape().to_vec();
    let values = a.to_scalars()?;
    if a.dtype == DType::Bool {
        return Ok(IndexItem::BoolArray {
            shape,
            values: values.iter().map(|v| v.is_true()).collect(),
        });
    }
    // An empty list is an integer index (NumPy gives it intp).
    if a.dtype.is_integer() || (values.is_empty() && is_list) {
        return Ok(IndexItem::IntArray {
            shape,
            values: values
                .iter()
                .map(|v| v.to_i128().unwrap_or(0) as isize)
                .collect(),
        });
    }
    Err(PyErr::new(
        ExcType::IndexError,
        "arrays used as indices must be of integer (or boolean) type",
    ))
}

fn items<'c>(ctx: Ctx<'c>, index: Borrowed<'_, 'c>) -> PyResult<Vec<IndexItem>> {
    if ctx.is_tuple(index) {
        let n = ctx.len(index)?;
        (0..n)
            .map(|i| {
                let h = ctx.get_item_i(index, i as isize)?;
                item(ctx, h.borrow())
            })
            .collect()
    } else {
        Ok(vec![item(ctx, index)?])
    }
}

fn plan<'c>(ctx: Ctx<'c>, a: &ArrayData, index: Borrowed<'_, 'c>) -> PyResult<Plan> {
    let items = items(ctx, index)?;
    let layout = a.layout();
    let plan = plan_index(&layout, &items).map_err(py_err)?;
    // A scalar boolean index (`a[True]`) is advanced indexing for NumPy: the
    // result is a copy, never a view.
    let scalar_bool = items
        .iter()
        .any(|i| matches!(i, IndexItem::BoolArray { shape, .. } if shape.is_empty()));
    Ok(match plan {
        Plan::View(l) if scalar_bool => Plan::ViewCopy(l),
        p => p,
    })
}

/// NumPy converts a value assigned to one element with `int()`/`float()`:
/// a sequence there, or a complex into a real array, is a `TypeError`.
fn check_element_value<'c>(
    ctx: Ctx<'c>,
    dtype: DType,
    value: Borrowed<'_, 'c>,
    one_element: bool,
) -> PyResult<()> {
    if dtype.is_complex() || dtype == DType::Bool {
        return Ok(());
    }
    let is_complex = ctx.is(&ctx.type_of(value), ctx.constant(|t| t.h_ComplexType));
    let is_seq = ctx.type_check(value, ctx.constant(|t| t.h_ListType)) || ctx.is_tuple(value);
    if one_element && is_seq && !dtype.is_integer() {
        return Err(PyErr::value_error(
            "setting an array element with a sequence.",
        ));
    }
    if is_complex || (one_element && is_seq) {
        // The interpreter's own `int(value)` / `float(value)` error, as NumPy
        // raises it (its wording differs between CPython and PyPy).
        let conv = if dtype.is_integer() {
            ctx.constant(|t| t.h_LongType)
        } else {
            ctx.constant(|t| t.h_FloatType)
        };
        ctx.call(conv, &[value.borrow()])?;
    }
    Ok(())
}

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'numpy_hpy.ndarray' object"))
}

/// `a[index]`.
pub(super) fn getitem<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    index: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    if let Some(i) = ctx.exact_int(index) {
        // The commonest index, one in-bounds int: no item list, no planner
        // (anything else, errors included, takes the general path below).
        let layout = a.layout();
        if let Some(&n) = layout.shape().first() {
            let j = if i < 0 { i + n as i64 } else { i };
            if (0..n as i64).contains(&j) {
                let offset = layout.offset() + j as isize * layout.strides()[0];
                if layout.ndim() == 1 {
                    // SAFETY: `j` is in bounds, so `offset` is an element of `a`.
                    let s = unsafe { element::read(a.dtype, a.base_ptr().offset(offset)) };
                    return crate::scalar_types::to_python(ctx, s);
                }
                let sub = Layout::new(
                    layout.shape()[1..].to_vec(),
                    layout.strides()[1..].to_vec(),
                    offset,
                )
                .map_err(py_err)?;
                drop(layout);
                return new_view(ctx, slf, sub);
            }
        }
    }
    if ctx.type_check(index, ctx.constant(|t| t.h_SliceType)) {
        // One slice: a view along the first axis, without the planner (the
        // same `slice_indices` arithmetic; errors take the general path).
        let (start, stop, step) = ctx.slice_unpack(index)?;
        let layout = a.layout();
        if let Some(&n) = layout.shape().first()
            && let Ok((first, step, count)) =
                crate::array::index::slice_indices(n, Some(start), Some(stop), Some(step))
        {
            // In range: `slice_indices` clamps `first` to the axis.
            let sub = layout
                .edited(|shape, strides, offset| {
                    *offset += first * strides[0];
                    shape[0] = count;
                    // Wrapping as NumPy's C product: only a one-element
                    // slice can overflow, and its stride never steps.
                    strides[0] = strides[0].wrapping_mul(step);
                })
                .map_err(py_err)?;
            drop(layout);
            return new_view(ctx, slf, sub);
        }
    }
    match plan(ctx, a, index)? {
        Plan::Element { offset } => {
            // SAFETY: the planner only returns offsets of elements of `a`.
            let s = unsafe { element::read(a.dtype, a.base_ptr().offset(offset)) };
            crate::scalar_types::to_python(ctx, s)
        }
        Plan::View(layout) => new_view(ctx, slf, layout),
        Plan::ViewCopy(layout) => {
            let view = new_view(ctx, slf, layout)?;
            let v = this(ctx, view.borrow())?;
            copy_as(ctx, v, v.dtype, false)
        }
        Plan::Gather { shape, offsets, .. } => {
            let itemsize = a.dtype.itemsize();
            let layout = Layout::c_order(&shape, itemsize).map_err(py_err)?;
            let buffer = super::object::array_memory(&shape, a.dtype)?;
            let dst = buffer.as_ptr();
            for (i, off) in offsets.iter().enumerate() {
                // SAFETY: `off` is an element of `a` (planner) and `i` an
                // element of the fresh buffer of `offsets.len()` items.
                unsafe {
                    let v = element::read(a.dtype, a.base_ptr().offset(*off));
                    element::write(dst.add(i * itemsize), v);
                }
            }
            new_array(ctx, a.dtype, layout, buffer)
        }
    }
}

/// `a[index] = value` (`del a[index]` is refused as NumPy refuses it).
pub(super) fn setitem<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    index: Borrowed<'_, 'c>,
    value: Option<Borrowed<'_, 'c>>,
) -> PyResult<()> {
    let a = this(ctx, slf)?;
    let value = value.ok_or_else(|| PyErr::value_error("cannot delete array elements"))?;
    if !a.writeable.get() {
        return Err(PyErr::value_error("assignment destination is read-only"));
    }
    let plan = plan(ctx, a, index)?;
    check_element_value(ctx, a.dtype, value, matches!(plan, Plan::Element { .. }))?;
    // The value as an array of our dtype (NumPy casts unsafely on assignment,
    // but Python ints must fit).
    let v_handle = match array_data(ctx, value)? {
        Some(_) => ctx.dup(value),
        None => super::creation::as_array(ctx, value, Some(a.dtype))?,
    };
    let v = this(ctx, v_handle.borrow())?;
    super::methods::warn_complex_cast(ctx, v.dtype, a.dtype)?;
    let v_layout = setitem_value(&plan, &v.layout()).map_err(py_err)?;
    if let Plan::View(target) = &plan
        && assign_view(ctx, a, target, v, &v_layout)?
    {
        return Ok(());
    }
    // Read every source element first: the value may overlap the target.
    let mut values = crate::errors::vec_with_capacity(v_layout.size())?;
    for off in c_offsets(&v_layout) {
        // SAFETY: `v_layout` is a broadcast view of `v`'s elements.
        values.push(unsafe { element::read(v.dtype, v.base_ptr().offset(off)) }.cast(a.dtype));
    }
    for (off, s) in plan.offsets().into_iter().zip(values) {
        // SAFETY: the planner's offsets are elements of `a`, writeable (checked).
        unsafe { element::write(a.base_ptr().offset(off), s) };
    }
    Ok(())
}

/// `a[basic index] = value` for a value apart from the target: the ufunc
/// iterator's copy loop (casting in bounded chunks, as NumPy's assignment
/// does) instead of an element at a time (`c[:] = a` of 1e6 float64 took
/// 18 ms against NumPy's 0.4). `false`: the value overlaps the target, the
/// caller copies element by element after reading them all.
fn assign_view<'c>(
    ctx: Ctx<'c>,
    a: &ArrayData,
    target: &Layout,
    v: &ArrayData,
    v_layout: &Layout,
) -> PyResult<bool> {
    // Converting the value may have run Python code: both layouts are
    // checked against the memory as it is now.
    target
        .check_within(a.dtype.itemsize(), a.memory().len)
        .map_err(py_err)?;
    v_layout
        .check_within(v.dtype.itemsize(), v.memory().len)
        .map_err(py_err)?;
    if target.shape() != v_layout.shape() {
        return Ok(false);
    }
    if target.size() == 0 {
        return Ok(true);
    }
    let (t0, t1) = target.byte_extent(a.dtype.itemsize());
    let (v0, v1) = v_layout.byte_extent(v.dtype.itemsize());
    let (pa, pv) = (a.base_ptr() as isize, v.base_ptr() as isize);
    if pa + t0 < pv + v1 && pv + v0 < pa + t1 {
        return Ok(false);
    }
    let t = a.dtype;
    let ops = [
        crate::ufunc::iter_operand(v, v_layout),
        crate::ufunc::iter_operand(a, target),
    ];
    // SAFETY: both layouts address elements inside their arrays' memory
    // (checked above), of the same shape; the target is writeable (checked
    // by the caller) and apart from the value; the caller holds both arrays.
    let r = unsafe {
        iter::run_ordered(
            target.shape(),
            &ops,
            1,
            &[t, t],
            copy_kernel(t).into(),
            None,
            Order {
                reference: 1,
                inner: None,
            },
        )
    };
    let (_, cast_flags) = r.map_err(py_err)?;
    if cast_flags.any() {
        crate::ufunc::report_flags(ctx, "cast", cast_flags)?;
    }
    Ok(true)
}
