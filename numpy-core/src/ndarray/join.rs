//! Joining, splitting and repeating arrays: `concatenate`, `stack`,
//! `vstack`, `hstack`, `dstack`, `column_stack`, `split`, `array_split`,
//! `roll`, `repeat` (function and method) and `tile`, with NumPy 2's
//! signatures, result layouts (views where NumPy returns views) and errors.
//!
//! The shape rules are pure functions at the top (unit-tested below); the
//! entry points convert their arguments and copy elements through
//! `element::{read, write}`, whose layout invariants they rely on.

use crate::errors::py_err;
use std::fmt;

use argparse::convert;
use argparse::{Param, Signature, py};
use hpy::CallArgs;
use hpy::{Borrowed, Ctx, ExcType, Handle, PyErr, PyResult};

use super::creation::optional_dtype;
use super::index::array_error;
use super::methods::new_view;
use super::object::{ArrayData, array_data, new_array};
use crate::array::broadcast::broadcast_shapes;
use crate::array::shape::{AxisError, ExcKind, fill_strides, normalize_axis, normalize_axis_named};
use crate::array::{Layout, element};
use crate::descr::CASTING;
use crate::dtype::{Casting, DType, can_cast, promote_sequence};
use crate::scalar::Scalar;

type Kw<'c> = Option<Borrowed<'c, 'c>>;

// ------------------------------------------------------------------ pure rules

/// Why `concatenate` refused its inputs (NumPy's messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinError {
    /// No input at all.
    NoArrays,
    /// The first input is 0-d.
    ZeroDim,
    /// `axis` out of range for the first input.
    Axis(AxisError),
    /// Input `index` has `ndim` dimensions, the first has `ndim0`.
    Ndim {
        /// Which input.
        index: usize,
        /// The first input's number of dimensions.
        ndim0: usize,
        /// This input's.
        ndim: usize,
    },
    /// Input `index` disagrees with the first along `dim`.
    Dim {
        /// The axis.
        dim: usize,
        /// Which input.
        index: usize,
        /// The first input's length there.
        size0: usize,
        /// This input's.
        size: usize,
    },
}

impl JoinError {
    /// The Python exception NumPy raises.
    pub fn kind(&self) -> ExcKind {
        match self {
            JoinError::Axis(_) => ExcKind::AxisError,
            _ => ExcKind::ValueError,
        }
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinError::NoArrays => f.write_str("need at least one array to concatenate"),
            JoinError::ZeroDim => f.write_str("zero-dimensional arrays cannot be concatenated"),
            JoinError::Axis(e) => e.fmt(f),
            JoinError::Ndim { index, ndim0, ndim } => write!(
                f,
                "all the input arrays must have same number of dimensions, but the array at \
                 index 0 has {ndim0} dimension(s) and the array at index {index} has {ndim} \
                 dimension(s)"
            ),
            JoinError::Dim {
                dim,
                index,
                size0,
                size,
            } => write!(
                f,
                "all the input array dimensions except for the concatenation axis must match \
                 exactly, but along dimension {dim}, the array at index 0 has size {size0} and \
                 the array at index {index} has size {size}"
            ),
        }
    }
}

impl std::error::Error for JoinError {}

/// `PyArray_ConcatenateArrays`' checks: the result shape and the normalised
/// axis of joining `shapes` along `axis`.
pub fn concat_shape(shapes: &[&[usize]], axis: isize) -> Result<(Vec<usize>, usize), JoinError> {
    let first = shapes.first().ok_or(JoinError::NoArrays)?;
    let ndim = first.len();
    if ndim == 0 {
        return Err(JoinError::ZeroDim);
    }
    let axis = normalize_axis(axis, ndim).map_err(JoinError::Axis)?;
    let mut shape = first.to_vec();
    for (index, s) in shapes.iter().enumerate().skip(1) {
        if s.len() != ndim {
            return Err(JoinError::Ndim {
                index,
                ndim0: ndim,
                ndim: s.len(),
            });
        }
        for (dim, &n) in s.iter().enumerate() {
            if dim == axis {
                shape[dim] += n;
            } else if shape[dim] != n {
                return Err(JoinError::Dim {
                    dim,
                    index,
                    size0: shape[dim],
                    size: n,
                });
            }
        }
    }
    Ok((shape, axis))
}

/// NumPy's `PyArray_CreateMultiSortedStridePerm`: the axes ordered from the
/// largest stride to the smallest, agreed over all `layouts` (a stable
/// insertion sort; length-1 axes never decide, and where operands disagree C
/// order wins). The result of a join is laid out in this order, so joining
/// Fortran arrays gives a Fortran array.
pub fn multi_sorted_stride_perm(layouts: &[&Layout], ndim: usize) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..ndim).collect();
    for i0 in 1..ndim {
        let mut ipos = i0;
        let ax0 = perm[i0];
        for i1 in (0..i0).rev() {
            let ax1 = perm[i1];
            let (mut ambig, mut swap) = (true, false);
            for l in layouts {
                if l.shape()[ax0] != 1 && l.shape()[ax1] != 1 {
                    if l.strides()[ax0].abs() <= l.strides()[ax1].abs() {
                        swap = false;
                    } else if ambig {
                        swap = true;
                    }
                    ambig = false;
                }
            }
            if !ambig {
                if swap {
                    ipos = i1;
                } else {
                    break;
                }
            }
        }
        if ipos != i0 {
            perm[ipos..=i0].rotate_right(1);
        }
    }
    perm
}

/// A fresh array's layout of `shape` with its axes in `perm` order (slowest
/// first); empty arrays get all-zero strides, as NumPy 2 gives them.
pub fn layout_in_order(shape: &[usize], perm: &[usize], itemsize: usize) -> PyResult<Layout> {
    if shape.contains(&0) {
        return Layout::c_order(shape, itemsize).map_err(py_err);
    }
    crate::array::layout::checked_nbytes(shape, itemsize).map_err(py_err)?;
    let mut strides = vec![0isize; shape.len()];
    let mut s = itemsize as isize;
    for &ax in perm.iter().rev() {
        strides[ax] = s;
        s *= shape[ax] as isize;
    }
    Layout::new(shape.to_vec(), strides, 0).map_err(py_err)
}

/// `layout` with a new axis of length 1 at `axis` (`arr[..., newaxis]`).
fn insert_axis(layout: &Layout, axis: usize) -> PyResult<Layout> {
    let (mut shape, mut strides, offset) = layout.clone().into_parts();
    shape.insert(axis, 1);
    strides.insert(axis, 0);
    Layout::new(shape, strides, offset).map_err(py_err)
}

/// `layout` with length-1 axes prepended up to `ndim` (`ndmin=`).
fn prepend_axes(layout: &Layout, ndim: usize) -> PyResult<Layout> {
    let (mut shape, mut strides, offset) = layout.clone().into_parts();
    let lead = ndim.saturating_sub(shape.len());
    shape.splice(0..0, std::iter::repeat_n(1, lead));
    strides.splice(0..0, std::iter::repeat_n(0, lead));
    Layout::new(shape, strides, offset).map_err(py_err)
}

/// `np.atleast_1d/2d/3d` on a layout.
fn atleast(layout: &Layout, nd: usize) -> PyResult<Layout> {
    match (nd, layout.ndim()) {
        (_, n) if n >= nd => Ok(layout.clone()),
        (3, 1) => insert_axis(&insert_axis(layout, 0)?, 2),
        (3, 2) => insert_axis(layout, 2),
        _ => prepend_axes(layout, nd),
    }
}

/// Python's `slice(start, stop)` over a length `n`: the first index and the
/// length selected (step 1).
fn slice_range(start: Option<isize>, stop: Option<isize>, n: usize) -> (usize, usize) {
    let n = n as isize;
    let clip = |v: isize| {
        if v < 0 { (v + n).max(0) } else { v.min(n) }
    };
    let st = start.map_or(0, clip);
    let end = stop.map_or(n, clip);
    (st as usize, (end - st).max(0) as usize)
}

/// `array_split`'s division points for `sections` parts of `n`.
fn section_points(n: usize, sections: usize) -> PyResult<Vec<Option<isize>>> {
    let (each, extras) = (n / sections, n % sections);
    // MemoryError at once for a count no memory holds (NumPy's list of
    // section sizes fails the same way), not a loop of 2**62 pushes.
    let mut points = crate::errors::vec_with_capacity(sections.saturating_add(1))
        .map_err(|_| PyErr::new(hpy::ExcType::MemoryError, ""))?;
    points.push(Some(0isize));
    let mut acc = 0usize;
    for i in 0..sections {
        acc += each + usize::from(i < extras);
        points.push(Some(acc as isize));
    }
    Ok(points)
}

/// The C-ordered values of an array of `out_shape` whose element `i` is
/// `src[maps[0][i0], maps[1][i1], ...]` (`src` in C order, of `src_shape`).
fn gather(src: &[Scalar], src_shape: &[usize], maps: &[Vec<usize>]) -> PyResult<Vec<Scalar>> {
    let nd = maps.len();
    let total: usize = maps.iter().map(Vec::len).product();
    let mut out = crate::errors::vec_with_capacity(total)?;
    if total == 0 {
        return Ok(out);
    }
    let mut cstride = vec![1usize; nd];
    for k in (0..nd.saturating_sub(1)).rev() {
        cstride[k] = cstride[k + 1] * src_shape[k + 1];
    }
    let mut idx = vec![0usize; nd];
    loop {
        let lin: usize = (0..nd).map(|k| maps[k][idx[k]] * cstride[k]).sum();
        out.push(src[lin]);
        let mut k = nd;
        loop {
            if k == 0 {
                return Ok(out);
            }
            k -= 1;
            idx[k] += 1;
            if idx[k] < maps[k].len() {
                break;
            }
            idx[k] = 0;
        }
    }
}

// ------------------------------------------------------------------ signatures

static SIG_CONCATENATE: Signature<5> = Signature::new(
    "concatenate",
    [
        Param::positional(c"arrays"),
        Param::either(c"axis").optional(),
        Param::either(c"out").optional(),
        Param::keyword(c"dtype").optional(),
        Param::keyword(c"casting").optional(),
    ],
)
.python_style();
static SIG_STACK: Signature<5> = Signature::new(
    "stack",
    [
        Param::either(c"arrays"),
        Param::either(c"axis").optional(),
        Param::either(c"out").optional(),
        Param::keyword(c"dtype").optional(),
        Param::keyword(c"casting").optional(),
    ],
)
.python_style();
static SIG_VSTACK: Signature<3> = Signature::new(
    "vstack",
    [
        Param::either(c"tup"),
        Param::keyword(c"dtype").optional(),
        Param::keyword(c"casting").optional(),
    ],
)
.python_style();
static SIG_HSTACK: Signature<3> = Signature::new(
    "hstack",
    [
        Param::either(c"tup"),
        Param::keyword(c"dtype").optional(),
        Param::keyword(c"casting").optional(),
    ],
)
.python_style();
static SIG_DSTACK: Signature<1> = Signature::new("dstack", [Param::either(c"tup")]).python_style();
static SIG_COLUMN_STACK: Signature<1> =
    Signature::new("column_stack", [Param::either(c"tup")]).python_style();
static SIG_SPLIT: Signature<3> = Signature::new(
    "split",
    [
        Param::either(c"ary"),
        Param::either(c"indices_or_sections"),
        Param::either(c"axis").optional(),
    ],
)
.python_style();
static SIG_ARRAY_SPLIT: Signature<3> = Signature::new(
    "array_split",
    [
        Param::either(c"ary"),
        Param::either(c"indices_or_sections"),
        Param::either(c"axis").optional(),
    ],
)
.python_style();
static SIG_ROLL: Signature<3> = Signature::new(
    "roll",
    [
        Param::either(c"a"),
        Param::either(c"shift"),
        Param::either(c"axis").optional(),
    ],
)
.python_style();
static SIG_REPEAT: Signature<3> = Signature::new(
    "repeat",
    [
        Param::either(c"a"),
        Param::either(c"repeats"),
        Param::either(c"axis").optional(),
    ],
)
.python_style();
static SIG_REPEAT_METHOD: Signature<2> = Signature::new(
    "repeat",
    [Param::either(c"repeats"), Param::either(c"axis").optional()],
);
static SIG_TILE: Signature<2> =
    Signature::new("tile", [Param::either(c"A"), Param::either(c"reps")]).python_style();

hpy::part!(
    /// What this file adds to the module.
    pub(super) static PART = {
        defines: [
            CONCATENATE,
            STACK,
            VSTACK,
            HSTACK,
            DSTACK,
            COLUMN_STACK,
            SPLIT,
            ARRAY_SPLIT,
            ROLL,
            REPEAT,
            TILE,
        ],
        globals: [
            SIG_CONCATENATE.globals(),
            SIG_STACK.globals(),
            SIG_VSTACK.globals(),
            SIG_HSTACK.globals(),
            SIG_DSTACK.globals(),
            SIG_COLUMN_STACK.globals(),
            SIG_SPLIT.globals(),
            SIG_ARRAY_SPLIT.globals(),
            SIG_ROLL.globals(),
            SIG_REPEAT.globals(),
            SIG_REPEAT_METHOD.globals(),
            SIG_TILE.globals(),
        ],
    }
);

// ------------------------------------------------------------------ helpers

/// An input array (its handle keeps `data` alive); `layout` is a view of
/// its elements (the array's own layout, or one with length-1 axes added).
struct Operand<'c> {
    data: hpy::Instance<'c, ArrayData>,
    layout: Layout,
}

impl<'c> Operand<'c> {
    fn new(ctx: Ctx<'c>, handle: Handle<'c>) -> PyResult<Self> {
        let data = super::object::array_instance(ctx, handle)?
            .ok_or_else(|| PyErr::type_error("expected a numpy_hpy.ndarray"))?;
        let layout = data.layout().clone();
        Ok(Operand { data, layout })
    }

    /// The elements of `self.layout` in C order (MemoryError when memory
    /// cannot hold them: a broadcast view may have 2**62).
    fn values(&self) -> PyResult<Vec<Scalar>> {
        let mut out = crate::errors::vec_with_capacity(self.layout.size())?;
        element::for_each_offset(&self.layout, |off| {
            // SAFETY: `self.layout` is a view of the array's elements (see
            // `Operand`), which `self.data`'s handle keeps alive.
            out.push(unsafe { element::read(self.data.dtype, self.data.base_ptr().offset(off)) });
        });
        Ok(out)
    }
}

/// `np.asarray(obj)` (arrays come back as they are).
fn asarray<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Operand<'c>> {
    Operand::new(ctx, super::creation::as_array(ctx, obj, None)?)
}

/// Whether the pending exception is a `TypeError` (then cleared).
fn clear_type_error(ctx: Ctx<'_>) -> bool {
    if ctx.err_occurred() && ctx.err_matches(ctx.constant(|t| t.h_TypeError)) {
        ctx.err_clear();
        true
    } else {
        false
    }
}

/// The items of a list, tuple or array; anything else through `tuple(obj)`.
fn items<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Vec<Handle<'c>>> {
    let direct = ctx.type_check(obj, ctx.constant(|t| t.h_ListType))
        || ctx.is_tuple(obj)
        || array_data(ctx, obj)?.is_some();
    let seq = if direct {
        ctx.dup(obj)
    } else {
        ctx.call(ctx.constant(|t| t.h_TupleType), &[obj.borrow()])?
    };
    let n = ctx.len(&seq)?;
    (0..n).map(|i| ctx.get_item_i(&seq, i as isize)).collect()
}

fn has_attr<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>, name: &core::ffi::CStr) -> bool {
    match ctx.getattr_s(obj, name) {
        Ok(_) => true,
        Err(_) => {
            ctx.err_clear();
            false
        }
    }
}

/// `concatenate`'s first argument must be a sequence (NumPy's dispatcher
/// wants an iterable, then `PySequence_Check`).
fn concat_items<'c>(ctx: Ctx<'c>, seq: Borrowed<'_, 'c>) -> PyResult<Vec<Handle<'c>>> {
    let direct = ctx.type_check(seq, ctx.constant(|t| t.h_ListType))
        || ctx.is_tuple(seq)
        || array_data(ctx, seq)?.is_some();
    if !direct {
        let sequence = has_attr(ctx, seq, c"__getitem__")
            && has_attr(ctx, seq, c"__len__")
            && !has_attr(ctx, seq, c"keys");
        if !sequence {
            return Err(PyErr::type_error(if has_attr(ctx, seq, c"__iter__") {
                "The first input argument needs to be a sequence"
            } else {
                "dispatcher for __array_function__ did not return an iterable"
            }));
        }
    }
    items(ctx, seq)
}

/// The stacking functions' check (`_arrays_for_stack_dispatcher`).
fn stack_items<'c>(ctx: Ctx<'c>, arrays: Borrowed<'_, 'c>) -> PyResult<Vec<Operand<'c>>> {
    let direct = ctx.type_check(arrays, ctx.constant(|t| t.h_ListType))
        || ctx.is_tuple(arrays)
        || array_data(ctx, arrays)?.is_some();
    if !direct && !has_attr(ctx, arrays, c"__getitem__") {
        return Err(PyErr::type_error(
            "arrays to stack must be passed as a \"sequence\" type such as list or tuple.",
        ));
    }
    items(ctx, arrays)?
        .iter()
        .map(|h| asarray(ctx, h.borrow()))
        .collect()
}

fn casting<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<Casting> {
    Ok(Casting::ALL[py(CASTING.convert_or(ctx, h, 3))?])
}

/// NumPy's `PyArray_AxisConverter`: `None` means "flatten".
fn axis_arg<'c>(
    ctx: Ctx<'c>,
    h: Option<Borrowed<'_, 'c>>,
    default: Option<isize>,
) -> PyResult<Option<isize>> {
    match h {
        None => Ok(default),
        Some(h) if ctx.is_none(h) => Ok(None),
        Some(h) => Ok(Some(ctx.index_as_isize(h)?)),
    }
}

#[cold]
fn cast_error(from: DType, to: DType, casting: Casting) -> PyErr {
    PyErr::type_error(format!(
        "Cannot cast array data from {} to {} according to the rule '{casting}'",
        from.repr(),
        to.repr()
    ))
}

#[cold]
fn out_and_dtype() -> PyErr {
    PyErr::type_error(
        "concatenate() only takes `out` or `dtype` as an argument, but both were provided.",
    )
}

#[cold]
fn join_error(e: JoinError) -> PyErr {
    array_error(e.kind(), e.to_string())
}

/// A fresh zeroed array of `layout` (offset 0, strides from `layout_in_order`
/// or `c_order`) and the start of its memory.
fn alloc<'c>(ctx: Ctx<'c>, dtype: DType, layout: Layout) -> PyResult<(Handle<'c>, *mut u8)> {
    let buffer = super::object::array_memory(layout.shape(), dtype)?;
    let base = buffer.as_ptr();
    Ok((new_array(ctx, dtype, layout, buffer)?, base))
}

/// Writes `values` (C order) cast to `dtype` at the elements of `layout`.
///
/// # Safety
/// Every element of `layout` must lie in writable memory at `base` that
/// nothing else accesses during the call (layout invariants).
unsafe fn write_values(base: *mut u8, layout: &Layout, dtype: DType, values: &[Scalar]) {
    let mut it = values.iter();
    element::for_each_offset(layout, |off| {
        if let Some(v) = it.next() {
            // SAFETY: as the caller guarantees for every element offset.
            unsafe { element::write(base.offset(off), v.cast(dtype)) };
        }
    });
}

/// A new C-ordered array of `shape` holding `values`.
fn from_values<'c>(
    ctx: Ctx<'c>,
    dtype: DType,
    shape: &[usize],
    values: &[Scalar],
) -> PyResult<Handle<'c>> {
    let layout = Layout::c_order(shape, dtype.itemsize()).map_err(py_err)?;
    let (arr, base) = alloc(ctx, dtype, layout.clone())?;
    // SAFETY: a fresh allocation of `layout`, not shared yet.
    unsafe { write_values(base, &layout, dtype, values) };
    Ok(arr)
}

/// `values` as a new array of `shape` that is a view (`reshape`) of a fresh
/// 1-d array, as NumPy's Python-level functions return it.
fn reshaped_result<'c>(
    ctx: Ctx<'c>,
    dtype: DType,
    shape: &[usize],
    values: &[Scalar],
) -> PyResult<Handle<'c>> {
    let flat = from_values(ctx, dtype, &[values.len()], values)?;
    let layout = if shape.len() == 1 {
        Layout::c_order(shape, dtype.itemsize()).map_err(py_err)?
    } else {
        Layout::new(
            shape.to_vec(),
            fill_strides(shape, dtype.itemsize(), false),
            0,
        )
        .map_err(py_err)?
    };
    new_view(ctx, flat.borrow(), layout)
}

// ------------------------------------------------------------------ concatenate

/// The shared core of every joining function (`PyArray_ConcatenateInto`):
/// `ops` joined along `axis` (`None`: flattened), into `out` or a new array.
fn concat<'c>(
    ctx: Ctx<'c>,
    ops: &[Operand<'c>],
    axis: Option<isize>,
    out: Option<Borrowed<'_, 'c>>,
    dtype: Option<DType>,
    casting: Casting,
) -> PyResult<Handle<'c>> {
    if out.is_some() && dtype.is_some() {
        return Err(out_and_dtype());
    }
    let out = match out {
        Some(o) => Some(
            array_data(ctx, o)?
                .map(|d| (o, d))
                .ok_or_else(|| PyErr::type_error("'out' must be an array"))?,
        ),
        None => None,
    };
    // Flattened inputs are joined as 1-d arrays of their elements in C order.
    let flat: Vec<Layout>;
    let layouts: Vec<&Layout> = match axis {
        Some(_) => ops.iter().map(|o| &o.layout).collect(),
        None => {
            flat = ops
                .iter()
                .map(|o| Layout::c_order(&[o.layout.size()], 1).map_err(py_err))
                .collect::<PyResult<Vec<_>>>()?;
            flat.iter().collect()
        }
    };
    let shapes: Vec<&[usize]> = layouts.iter().map(|l| l.shape()).collect();
    let (shape, ax) = concat_shape(&shapes, axis.unwrap_or(0)).map_err(join_error)?;
    let (result, dst_dtype, dst_base, dst_layout) = match out {
        Some((o, d)) => {
            let l = d.layout().clone();
            if l.ndim() != shape.len() {
                return Err(PyErr::value_error("Output array has wrong dimensionality"));
            }
            if l.shape() != shape {
                return Err(PyErr::value_error("Output array is the wrong shape"));
            }
            if !d.writeable.get() {
                return Err(PyErr::value_error("assignment destination is read-only"));
            }
            (ctx.dup(o), d.dtype, d.base_ptr(), l)
        }
        None => {
            let dt = match dtype {
                Some(d) => d,
                None => promote_sequence(&ops.iter().map(|o| o.data.dtype).collect::<Vec<_>>())
                    .expect("at least one operand"),
            };
            let layout = match axis {
                Some(_) => {
                    let perm = multi_sorted_stride_perm(&layouts, shape.len());
                    layout_in_order(&shape, &perm, dt.itemsize())?
                }
                None => Layout::c_order(&shape, dt.itemsize()).map_err(py_err)?,
            };
            let (arr, base) = alloc(ctx, dt, layout.clone())?;
            (arr, dt, base, layout)
        }
    };
    // Read every input first: `out` may overlap them.
    let mut chunks = Vec::with_capacity(ops.len());
    for o in ops {
        if !can_cast(o.data.dtype, dst_dtype, casting) {
            return Err(cast_error(o.data.dtype, dst_dtype, casting));
        }
        chunks.push(o.values()?);
    }
    let mut start = 0usize;
    for (values, l) in chunks.iter().zip(&layouts) {
        let n = l.shape()[ax];
        let (mut shape, strides, offset) = dst_layout.clone().into_parts();
        shape[ax] = n;
        // In range: `start + n` is at most the destination's length.
        let offset = offset + start as isize * strides[ax];
        let part = Layout::new(shape, strides, offset).map_err(py_err)?;
        start += n;
        // SAFETY: `part` selects elements of the destination (a fresh
        // allocation, or `out`, checked writeable and kept open by `result`).
        unsafe { write_values(dst_base, &part, dst_dtype, values) };
    }
    Ok(result)
}

/// `concatenate((a1, a2, ...), axis=0, out=None, dtype=None, casting="same_kind")`.
pub(super) fn concatenate<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_CONCATENATE.parse(ctx, args, n, kw))?;
    let axis = axis_arg(ctx, a.get(1), Some(0))?;
    let out = a.get_not_none(ctx, 2);
    let dtype = optional_dtype(ctx, a.get(3))?;
    let casting = casting(ctx, a.get(4))?;
    if out.is_some() && dtype.is_some() {
        return Err(out_and_dtype());
    }
    if let Some(o) = out
        && array_data(ctx, o)?.is_none()
    {
        return Err(PyErr::type_error("'out' must be an array"));
    }
    let ops = concat_items(ctx, a.get(0).expect("required"))?
        .iter()
        .map(|h| asarray(ctx, h.borrow()))
        .collect::<PyResult<Vec<_>>>()?;
    concat(ctx, &ops, axis, out, dtype, casting)
}

/// `stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind")`.
pub(super) fn stack<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_STACK.parse(ctx, args, n, kw))?;
    let mut ops = stack_items(ctx, a.get(0).expect("required"))?;
    let Some(first) = ops.first() else {
        return Err(PyErr::value_error("need at least one array to stack"));
    };
    let shape0 = first.layout.shape().to_vec();
    if ops.iter().any(|o| o.layout.shape() != shape0) {
        return Err(PyErr::value_error(
            "all input arrays must have the same shape",
        ));
    }
    let axis = match a.get(1) {
        None => 0,
        Some(h) => ctx.index_as_isize(h)?,
    };
    let axis = normalize_axis(axis, shape0.len() + 1)
        .map_err(|e| array_error(ExcKind::AxisError, e.to_string()))?;
    for o in &mut ops {
        o.layout = insert_axis(&o.layout, axis)?;
    }
    let dtype = optional_dtype(ctx, a.get(3))?;
    let casting = casting(ctx, a.get(4))?;
    concat(
        ctx,
        &ops,
        Some(axis as isize),
        a.get_not_none(ctx, 2),
        dtype,
        casting,
    )
}

/// `vstack`/`hstack`/`dstack`: `atleast_Nd` on every input, then a join.
fn stack_along<'c>(
    ctx: Ctx<'c>,
    tup: Borrowed<'_, 'c>,
    nd: usize,
    dtype: Option<Borrowed<'_, 'c>>,
    casting_h: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let mut ops = stack_items(ctx, tup)?;
    for o in &mut ops {
        o.layout = atleast(&o.layout, nd)?;
    }
    let dtype = optional_dtype(ctx, dtype)?;
    let casting = casting(ctx, casting_h)?;
    let axis = match nd {
        // A 1-d first input joins along its only axis ("horizontal").
        1 if ops.first().is_some_and(|o| o.layout.ndim() == 1) => 0,
        1 => 1,
        2 => 0,
        _ => 2,
    };
    concat(ctx, &ops, Some(axis), None, dtype, casting)
}

/// `vstack(tup, *, dtype=None, casting="same_kind")`.
pub(super) fn vstack<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_VSTACK.parse(ctx, args, n, kw))?;
    stack_along(ctx, a.get(0).expect("required"), 2, a.get(1), a.get(2))
}

/// `hstack(tup, *, dtype=None, casting="same_kind")`.
pub(super) fn hstack<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_HSTACK.parse(ctx, args, n, kw))?;
    stack_along(ctx, a.get(0).expect("required"), 1, a.get(1), a.get(2))
}

/// `dstack(tup)`.
pub(super) fn dstack<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_DSTACK.parse(ctx, args, n, kw))?;
    stack_along(ctx, a.get(0).expect("required"), 3, None, None)
}

/// `column_stack(tup)`: 0-d and 1-d inputs become columns.
pub(super) fn column_stack<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_COLUMN_STACK.parse(ctx, args, n, kw))?;
    let mut ops = stack_items(ctx, a.get(0).expect("required"))?;
    for o in &mut ops {
        if o.layout.ndim() < 2 {
            // `array(arr, ndmin=2).T`
            let l = prepend_axes(&o.layout, 2)?;
            o.layout = Layout::new(
                vec![l.shape()[1], l.shape()[0]],
                vec![l.strides()[1], l.strides()[0]],
                l.offset(),
            )
            .map_err(py_err)?;
        }
    }
    concat(ctx, &ops, Some(1), None, None, Casting::SameKind)
}

// ------------------------------------------------------------------ split

/// `ary.shape[axis]` (or `len(ary)` without a shape), with Python's own
/// errors, as `array_split` reads it.
fn split_length<'c>(
    ctx: Ctx<'c>,
    ary: Borrowed<'_, 'c>,
    axis: Borrowed<'_, 'c>,
    or_len: bool,
) -> PyResult<Handle<'c>> {
    match ctx.getattr_s(ary, c"shape") {
        Ok(shape) => ctx.get_item(&shape, axis),
        Err(e) => {
            if or_len && ctx.err_matches(ctx.constant(|t| t.h_AttributeError)) {
                ctx.err_clear();
                ctx.long_from_i64(ctx.len(ary)? as i64)
            } else {
                Err(e)
            }
        }
    }
}

fn split_impl<'c>(
    ctx: Ctx<'c>,
    ary: Borrowed<'_, 'c>,
    ios: Borrowed<'_, 'c>,
    axis_h: Option<Borrowed<'_, 'c>>,
    equal: bool,
) -> PyResult<Handle<'c>> {
    let zero;
    let axis_h = match axis_h {
        Some(h) => h,
        None => {
            zero = ctx.long_from_i64(0)?;
            zero.borrow()
        }
    };
    let sections_len = match ctx.len(ios) {
        Ok(n) => Some(n),
        Err(e) => {
            if !clear_type_error(ctx) {
                return Err(e);
            }
            None
        }
    };
    if equal && sections_len.is_none() {
        // `split`: `ary.shape[axis] % sections` must be 0 (Python's `%`).
        let n = split_length(ctx, ary, axis_h, false)?;
        let operator = ctx.import(c"operator")?;
        let rem = ctx.call(
            &ctx.getattr_s(&operator, c"mod")?,
            &[n.borrow(), ios.borrow()],
        )?;
        if ctx.is_true(&rem)? {
            return Err(PyErr::value_error(
                "array split does not result in an equal division",
            ));
        }
    }
    let total = split_length(ctx, ary, axis_h, true)?;
    let total = ctx.index_as_isize(&total)?.max(0) as usize;
    let points: Vec<Option<isize>> = match sections_len {
        Some(k) => {
            let mut p = crate::errors::vec_with_capacity(k.saturating_add(2))?;
            p.push(Some(0));
            for i in 0..k {
                let item = ctx.get_item_i(ios, i as isize)?;
                if ctx.is_none(&item) {
                    p.push(None);
                    continue;
                }
                match ctx.index_as_isize(&item) {
                    Ok(v) => p.push(Some(v)),
                    Err(e) => {
                        if !clear_type_error(ctx) {
                            return Err(e);
                        }
                        return Err(PyErr::type_error(
                            "slice indices must be integers or None or have an __index__ method",
                        ));
                    }
                }
            }
            p.push(Some(total as isize));
            p
        }
        None => {
            let s = ctx.call(ctx.constant(|t| t.h_LongType), &[ios.borrow()])?;
            let s = ctx.long_as_i64(&s)?;
            if s <= 0 {
                return Err(PyErr::value_error("number sections must be larger than 0."));
            }
            section_points(total, s as usize)?
        }
    };
    let arr = asarray(ctx, ary)?;
    let axis = ctx.index_as_isize(axis_h)?;
    let ax = normalize_axis_named(axis, arr.layout.ndim(), Some("axis1"))
        .map_err(|e| array_error(ExcKind::AxisError, e.to_string()))?;
    let n = arr.layout.shape()[ax];
    let mut views = crate::errors::vec_with_capacity(points.len() - 1)?;
    for w in points.windows(2) {
        let (st, len) = slice_range(w[0], w[1], n);
        let l = arr
            .layout
            .edited(|shape, strides, offset| {
                shape[ax] = len;
                *offset += st as isize * strides[ax];
            })
            .map_err(py_err)?;
        views.push(new_view(ctx, arr.data.handle().borrow(), l)?);
    }
    let raws: Vec<Borrowed<'_, 'c>> = views.iter().map(Handle::borrow).collect();
    ctx.list(&raws)
}

/// `split(ary, indices_or_sections, axis=0)`: a list of views.
pub(super) fn split<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_SPLIT.parse(ctx, args, n, kw))?;
    split_impl(
        ctx,
        a.get(0).expect("required"),
        a.get(1).expect("required"),
        a.get(2),
        true,
    )
}

/// `array_split(ary, indices_or_sections, axis=0)`: a list of views.
pub(super) fn array_split<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_ARRAY_SPLIT.parse(ctx, args, n, kw))?;
    split_impl(
        ctx,
        a.get(0).expect("required"),
        a.get(1).expect("required"),
        a.get(2),
        false,
    )
}

// ------------------------------------------------------------------ roll, repeat, tile

/// Integer values of an argument as NumPy reads `shift` and `repeats`: a
/// Python scalar through `int()`, anything else as an array whose elements
/// are truncated to integers. Returns the shape and the values.
fn int_values<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<(Vec<usize>, Vec<i64>)> {
    let is_seq = ctx.type_check(obj, ctx.constant(|t| t.h_ListType))
        || ctx.is_tuple(obj)
        || array_data(ctx, obj)?.is_some();
    if !is_seq && crate::scalar_types::scalar_of(ctx, obj)?.is_none() {
        let i = ctx.call(ctx.constant(|t| t.h_LongType), &[obj.borrow()])?;
        let v = ctx.long_as_i64(&i).map_err(|_| {
            ctx.err_clear();
            PyErr::new(
                ExcType::OverflowError,
                "Python int too large to convert to C long",
            )
        })?;
        return Ok((vec![], vec![v]));
    }
    let arr = asarray(ctx, obj)?;
    let values = arr
        .values()?
        .iter()
        .map(|s| match s.to_i128() {
            Some(v) => v as i64,
            None => match s.cast(DType::Int64) {
                Scalar::Int64(v) => v,
                _ => 0,
            },
        })
        .collect();
    Ok((arr.layout.shape().to_vec(), values))
}

/// Python's `a % n` for `n > 0`.
fn py_mod(a: i64, n: usize) -> usize {
    a.rem_euclid(n as i64) as usize
}

/// The axes of `roll` (`normalize_axis_tuple(axis, ndim, allow_duplicate=True)`).
fn roll_axes<'c>(ctx: Ctx<'c>, axis: Borrowed<'_, 'c>, ndim: usize) -> PyResult<Vec<usize>> {
    let raw: Vec<isize> = match ctx.index_as_isize(axis) {
        Ok(a) => vec![a],
        Err(e) => {
            if !clear_type_error(ctx) {
                return Err(e);
            }
            items(ctx, axis)?
                .iter()
                .map(|h| ctx.index_as_isize(h))
                .collect::<PyResult<_>>()?
        }
    };
    raw.iter()
        .map(|&a| {
            normalize_axis(a, ndim).map_err(|e| array_error(ExcKind::AxisError, e.to_string()))
        })
        .collect()
}

/// `roll(a, shift, axis=None)`.
pub(super) fn roll<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_ROLL.parse(ctx, args, n, kw))?;
    let arr = asarray(ctx, a.get(0).expect("required"))?;
    let (shift_shape, shifts) = int_values(ctx, a.get(1).expect("required"))?;
    let values = arr.values()?;
    let dtype = arr.data.dtype;
    let shape = arr.layout.shape().to_vec();
    let Some(axis) = convert::optional(ctx, a.get(2)) else {
        // Rolled as a flat array, then reshaped (a view of a new array).
        if shift_shape.len() > 1 {
            return Err(PyErr::value_error(
                "'shift' and 'axis' should be scalars or 1D sequences",
            ));
        }
        let size = values.len();
        let total: i64 = shifts.iter().fold(0i64, |acc, &s| acc.wrapping_add(s));
        let off = py_mod(total, size.max(1));
        let map: Vec<usize> = (0..size).map(|i| (i + size - off) % size).collect();
        let rolled = gather(&values, &[size], &[map])?;
        return reshaped_result(ctx, dtype, &shape, &rolled);
    };
    let axes = roll_axes(ctx, axis, shape.len())?;
    let b = broadcast_shapes(&[&shift_shape, &[axes.len()]]).map_err(py_err)?;
    if b.len() > 1 {
        return Err(PyErr::value_error(
            "'shift' and 'axis' should be scalars or 1D sequences",
        ));
    }
    let count = b.first().copied().unwrap_or(1);
    let mut per_axis = vec![0i64; shape.len()];
    for i in 0..count {
        let sh = if shifts.len() == 1 {
            shifts[0]
        } else {
            shifts[i]
        };
        let ax = if axes.len() == 1 { axes[0] } else { axes[i] };
        per_axis[ax] = per_axis[ax].wrapping_add(sh);
    }
    let maps: Vec<Vec<usize>> = shape
        .iter()
        .zip(&per_axis)
        .map(|(&len, &s)| {
            let off = py_mod(s, len.max(1));
            (0..len).map(|i| (i + len - off) % len).collect()
        })
        .collect();
    let rolled = gather(&values, &shape, &maps)?;
    // `empty_like(a)`: the input's memory order.
    let perm = multi_sorted_stride_perm(&[&arr.layout], shape.len());
    let layout = layout_in_order(&shape, &perm, dtype.itemsize())?;
    let (res, base) = alloc(ctx, dtype, layout.clone())?;
    // SAFETY: a fresh allocation of `layout`, not shared yet.
    unsafe { write_values(base, &layout, dtype, &rolled) };
    Ok(res)
}

/// `PyArray_Repeat`.
fn repeat_impl<'c>(
    ctx: Ctx<'c>,
    arr: &Operand<'c>,
    repeats: Borrowed<'_, 'c>,
    axis: Option<isize>,
) -> PyResult<Handle<'c>> {
    let (rshape, counts) = int_values(ctx, repeats)?;
    if rshape.len() > 1 {
        return Err(PyErr::value_error(
            "setting an array element with a sequence. The requested array would exceed the \
             maximum number of dimension of 1.",
        ));
    }
    let broadcast = rshape.is_empty() || counts.len() == 1;
    let values = arr.values()?;
    let flat = axis.is_none() || arr.layout.ndim() == 0;
    let shape = if flat {
        vec![values.len()]
    } else {
        arr.layout.shape().to_vec()
    };
    let ax = normalize_axis(axis.unwrap_or(0), shape.len())
        .map_err(|e| array_error(ExcKind::AxisError, e.to_string()))?;
    let n = shape[ax];
    if !broadcast && counts.len() != n {
        return Err(PyErr::value_error(format!(
            "operands could not be broadcast together with shape ({n},) ({},)",
            counts.len()
        )));
    }
    // The result's length, checked before anything is allocated for it
    // (NumPy's sum wraps negative: its "negative dimensions" error).
    let negative = || PyErr::value_error("negative dimensions are not allowed");
    let total = if broadcast {
        counts[0].checked_mul(n as i64).ok_or_else(negative)?
    } else {
        counts
            .iter()
            .try_fold(0i64, |acc, &c| acc.checked_add(c.max(0)))
            .ok_or_else(negative)?
    };
    let mut out_shape = shape.clone();
    out_shape[ax] = usize::try_from(total).map_err(|_| negative())?;
    crate::array::layout::checked_nbytes(&out_shape, arr.data.dtype.itemsize()).map_err(py_err)?;
    let mut map = crate::errors::vec_with_capacity(out_shape[ax])?;
    if broadcast {
        let c = counts[0];
        for j in 0..n {
            map.extend(std::iter::repeat_n(j, c as usize));
        }
    } else {
        if counts.iter().any(|&c| c < 0) {
            return Err(PyErr::value_error(
                "repeats may not contain negative values.",
            ));
        }
        for (j, &c) in counts.iter().enumerate() {
            map.extend(std::iter::repeat_n(j, c as usize));
        }
    }
    let mut maps: Vec<Vec<usize>> = shape.iter().map(|&len| (0..len).collect()).collect();
    maps[ax] = map;
    let out = gather(&values, &shape, &maps)?;
    from_values(ctx, arr.data.dtype, &out_shape, &out)
}

/// `repeat(a, repeats, axis=None)`.
pub(super) fn repeat<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_REPEAT.parse(ctx, args, n, kw))?;
    let axis = axis_arg(ctx, a.get(2), None)?;
    let arr = asarray(ctx, a.get(0).expect("required"))?;
    repeat_impl(ctx, &arr, a.get(1).expect("required"), axis)
}

/// `a.repeat(repeats, axis=None)`.
pub(super) fn m_repeat<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_REPEAT_METHOD.parse(ctx, args, n, kw))?;
    let axis = axis_arg(ctx, a.get(1), None)?;
    let arr = asarray(ctx, slf)?;
    repeat_impl(ctx, &arr, a.get(0).expect("required"), axis)
}

/// `tile(A, reps)`.
pub(super) fn tile<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_TILE.parse(ctx, args, n, kw))?;
    let obj = a.get(0).expect("required");
    let reps = a.get(1).expect("required");
    // `tup = tuple(reps)`, or `(reps,)` when that is a TypeError.
    let tup = match array_data(ctx, reps)? {
        Some(r) if r.layout().ndim() == 0 => vec![ctx.dup(reps)],
        _ => match items(ctx, reps) {
            Ok(v) => v,
            Err(e) => {
                if !clear_type_error(ctx) {
                    return Err(e);
                }
                vec![ctx.dup(reps)]
            }
        },
    };
    let d = tup.len();
    let one = ctx.long_from_i64(1)?;
    let mut all_one = true;
    for t in &tup {
        if !ctx.rich_compare_bool(t, &one, hpy::RichCmpOp::Eq)? {
            all_one = false;
            break;
        }
    }
    let is_array = array_data(ctx, obj)?.is_some();
    let arr = asarray(ctx, obj)?;
    let dtype = arr.data.dtype;
    if all_one && is_array {
        // `array(A, copy=True, ndmin=d)`: a copy in A's memory order, viewed
        // with leading axes when `d` exceeds its dimensions.
        let shape = arr.layout.shape().to_vec();
        let perm = multi_sorted_stride_perm(&[&arr.layout], shape.len());
        let layout = layout_in_order(&shape, &perm, dtype.itemsize())?;
        let (copy, base) = alloc(ctx, dtype, layout.clone())?;
        let values = arr.values()?;
        // SAFETY: a fresh allocation of `layout`, not shared yet.
        unsafe { write_values(base, &layout, dtype, &values) };
        if d <= shape.len() {
            return Ok(copy);
        }
        let l = prepend_axes(&layout, d)?
            .edited(|_, strides, _| {
                for s in &mut strides[..d - shape.len()] {
                    *s = dtype.itemsize() as isize;
                }
            })
            .map_err(py_err)?;
        return new_view(ctx, copy.borrow(), l);
    }
    let reps: Vec<isize> = tup
        .iter()
        .map(|t| ctx.index_as_isize(t))
        .collect::<PyResult<_>>()?;
    let c_layout = prepend_axes(&arr.layout, d)?;
    let nd = c_layout.ndim();
    let mut full = vec![1isize; nd - d];
    full.extend_from_slice(&reps);
    let too_big = || py_err(crate::array::layout::LayoutError::TooBig);
    let shape_out: Vec<isize> = c_layout
        .shape()
        .iter()
        .zip(&full)
        .map(|(&s, &t)| (s as isize).checked_mul(t).ok_or_else(too_big))
        .collect::<PyResult<_>>()?;
    if c_layout.size() == 0 {
        // No copy: the (empty) input reshaped, as NumPy's `c.reshape(shape)`
        // (same shape: strides untouched).
        let l = crate::array::shape::reshape(
            &c_layout,
            dtype.itemsize(),
            &shape_out,
            crate::array::shape::Order::C,
        )
        .map_err(py_err)?
        .expect("an empty array reshapes without a copy");
        return new_view(ctx, arr.data.handle().borrow(), l);
    }
    if full.iter().any(|&t| t < 0) {
        return Err(PyErr::value_error("negative dimensions are not allowed"));
    }
    // The result's size is checked before any buffer is made for it.
    let dims: Vec<usize> = shape_out.iter().map(|&n| n as usize).collect();
    crate::array::layout::checked_nbytes(&dims, dtype.itemsize()).map_err(py_err)?;
    let maps: Vec<Vec<usize>> = c_layout
        .shape()
        .iter()
        .zip(&full)
        .map(|(&s, &t)| {
            let mut m = crate::errors::vec_with_capacity(s * t as usize)?;
            m.extend((0..s * t as usize).map(|i| i % s));
            Ok(m)
        })
        .collect::<PyResult<_>>()?;
    let out = gather(&arr.values()?, c_layout.shape(), &maps)?;
    let dims: Vec<usize> = shape_out.iter().map(|&s| s as usize).collect();
    reshaped_result(ctx, dtype, &dims, &out)
}

hpy::meth!(static CONCATENATE: keywords = c"concatenate", concatenate,
    c"concatenate((a1, a2, ...), axis=0, out=None, dtype=None, casting=\"same_kind\")\n--\n\nJoin a sequence of arrays along an existing axis.");
hpy::meth!(static STACK: keywords = c"stack", stack,
    c"stack(arrays, axis=0, out=None, *, dtype=None, casting=\"same_kind\")\n--\n\nJoin a sequence of arrays along a new axis.");
hpy::meth!(static VSTACK: keywords = c"vstack", vstack,
    c"vstack(tup, *, dtype=None, casting=\"same_kind\")\n--\n\nStack arrays in sequence vertically (row wise).");
hpy::meth!(static HSTACK: keywords = c"hstack", hstack,
    c"hstack(tup, *, dtype=None, casting=\"same_kind\")\n--\n\nStack arrays in sequence horizontally (column wise).");
hpy::meth!(static DSTACK: keywords = c"dstack", dstack,
    c"dstack(tup)\n--\n\nStack arrays in sequence depth wise (along third axis).");
hpy::meth!(static COLUMN_STACK: keywords = c"column_stack", column_stack,
    c"column_stack(tup)\n--\n\nStack 1-D arrays as columns into a 2-D array.");
hpy::meth!(static SPLIT: keywords = c"split", split,
    c"split(ary, indices_or_sections, axis=0)\n--\n\nSplit an array into multiple sub-arrays as views into ary.");
hpy::meth!(static ARRAY_SPLIT: keywords = c"array_split", array_split,
    c"array_split(ary, indices_or_sections, axis=0)\n--\n\nSplit an array into multiple sub-arrays.");
hpy::meth!(static ROLL: keywords = c"roll", roll,
    c"roll(a, shift, axis=None)\n--\n\nRoll array elements along a given axis.");
hpy::meth!(static REPEAT: keywords = c"repeat", repeat,
    c"repeat(a, repeats, axis=None)\n--\n\nRepeat each element of an array after themselves.");
hpy::meth!(static TILE: keywords = c"tile", tile,
    c"tile(A, reps)\n--\n\nConstruct an array by repeating A the number of times given by reps.");
// `ndarray.repeat`, for the type's `defines`.
hpy::meth!(pub static M_REPEAT: keywords = c"repeat", m_repeat,
    c"a.repeat(repeats, axis=None)\n--\n\nRepeat elements of an array.");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_messages() {
        let e = concat_shape(&[&[2, 2], &[2, 3]], 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "all the input array dimensions except for the concatenation axis must match \
             exactly, but along dimension 1, the array at index 0 has size 2 and the array at \
             index 1 has size 3"
        );
        let e = concat_shape(&[&[2, 2], &[3]], 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "all the input arrays must have same number of dimensions, but the array at index 0 \
             has 2 dimension(s) and the array at index 1 has 1 dimension(s)"
        );
        assert_eq!(concat_shape(&[], 0), Err(JoinError::NoArrays));
        assert_eq!(concat_shape(&[&[]], 0), Err(JoinError::ZeroDim));
        let e = concat_shape(&[&[2, 2]], 2).unwrap_err();
        assert_eq!(e.kind(), ExcKind::AxisError);
        assert_eq!(
            e.to_string(),
            "axis 2 is out of bounds for array of dimension 2"
        );
        assert_eq!(concat_shape(&[&[2, 2], &[2, 5]], -1), Ok((vec![2, 7], 1)));
    }

    #[test]
    fn stride_perm_follows_inputs() {
        let f = Layout::f_order(&[2, 3], 8).unwrap();
        let c = Layout::c_order(&[2, 3], 8).unwrap();
        assert_eq!(multi_sorted_stride_perm(&[&f, &f], 2), vec![1, 0]);
        // Disagreement: C order wins.
        assert_eq!(multi_sorted_stride_perm(&[&f, &c], 2), vec![0, 1]);
        assert_eq!(multi_sorted_stride_perm(&[&c, &f], 2), vec![0, 1]);
        // A length-1 axis never decides (stack of F arrays along axis 1).
        let e = insert_axis(&f, 1).unwrap();
        assert_eq!(multi_sorted_stride_perm(&[&e], 3), vec![2, 0, 1]);
        let l = layout_in_order(&[2, 2, 3], &[2, 0, 1], 8).unwrap();
        assert_eq!(l.strides(), vec![16, 8, 32]);
        assert_eq!(
            layout_in_order(&[0, 3], &[0, 1], 8).unwrap().strides(),
            vec![0, 0]
        );
    }

    #[test]
    fn slicing_and_sections() {
        assert_eq!(slice_range(Some(1), Some(5), 3), (1, 2));
        assert_eq!(slice_range(Some(-1), Some(2), 3), (2, 0));
        assert_eq!(slice_range(None, Some(-1), 3), (0, 2));
        assert_eq!(
            section_points(4, 3).ok(),
            Some(vec![Some(0), Some(2), Some(3), Some(4)])
        );
    }

    #[test]
    fn gather_maps() {
        let src: Vec<Scalar> = (0..6).map(Scalar::Int64).collect();
        let out = gather(&src, &[2, 3], &[vec![1, 0], vec![2, 2]]).unwrap();
        let got: Vec<i128> = out.iter().map(|s| s.to_i128().unwrap()).collect();
        assert_eq!(got, vec![5, 5, 2, 2]);
        assert!(
            gather(&src, &[2, 3], &[vec![], vec![0]])
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn atleast_shapes() {
        let l = Layout::c_order(&[4], 8).unwrap();
        assert_eq!(atleast(&l, 2).unwrap().shape(), vec![1, 4]);
        assert_eq!(atleast(&l, 3).unwrap().shape(), vec![1, 4, 1]);
        assert_eq!(
            atleast(&Layout::c_order(&[2, 4], 8).unwrap(), 3)
                .unwrap()
                .shape(),
            vec![2, 4, 1]
        );
        assert_eq!(
            atleast(&Layout::c_order(&[], 8).unwrap(), 3)
                .unwrap()
                .shape(),
            vec![1, 1, 1]
        );
    }
}
