//! NumPy indexing planned on a [`Layout`]: `a[index]` becomes a view
//! (basic indexing) or a list of byte offsets (advanced indexing), with
//! NumPy's rules and error messages (`prepare_index`, `get_view_from_index`
//! and the `mapiter` code of NumPy's `mapping.c`).
//!
//! Callers turn the Python index into [`IndexItem`]s (a non-tuple index is a
//! one-item tuple; a Python `bool` is a 0-d [`IndexItem::BoolArray`]; a list
//! is an array). Errors come in NumPy's order: a second `...` while reading
//! the index, then too many indices, then boolean shapes, then integer bounds
//! and zero slice steps from left to right, then broadcasting the index
//! arrays, then index-array bounds.

use std::fmt;

use super::broadcast::broadcast_layout;
use super::layout::LayoutError;
use super::layout::{Layout, MAXDIMS};
use super::shape::{ExcKind, c_shape_str, fill_strides};

/// One item of an index tuple.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexItem {
    /// An integer (or anything with `__index__`).
    Int(isize),
    /// A slice; `None` parts are Python's `None`.
    Slice {
        /// Start.
        start: Option<isize>,
        /// Stop.
        stop: Option<isize>,
        /// Step (zero is an error).
        step: Option<isize>,
    },
    /// `...`.
    Ellipsis,
    /// `None` / `np.newaxis`.
    NewAxis,
    /// An integer array (C-order values). A 0-d one acts as an integer,
    /// except that the result is then a copy rather than a view.
    IntArray {
        /// Shape.
        shape: Vec<usize>,
        /// Values in C order.
        values: Vec<isize>,
    },
    /// A boolean array (C-order values); 0-d for a Python `bool`.
    BoolArray {
        /// Shape.
        shape: Vec<usize>,
        /// Values in C order.
        values: Vec<bool>,
    },
}

/// How `a[index]` is carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// A full integer index: NumPy returns the scalar at this byte offset.
    Element {
        /// Byte offset from the allocation start.
        offset: isize,
    },
    /// Basic indexing: this view of the array.
    View(Layout),
    /// Basic indexing that included a 0-d integer array: NumPy returns a copy
    /// of this view (and assigns through it).
    ViewCopy(Layout),
    /// Advanced indexing: a new array of `shape` whose elements, in C order,
    /// are read from `offsets`.
    Gather {
        /// Result shape.
        shape: Vec<usize>,
        /// Byte offset (from the allocation start) of each result element,
        /// in C order.
        offsets: Vec<isize>,
        /// Whether the index was a single boolean mask of the array's shape,
        /// which NumPy assigns to with its own rules (see
        /// [`setitem_value`]).
        bool_mask: bool,
    },
}

impl Plan {
    /// Shape of the result (`()` for an element).
    pub fn shape(&self) -> &[usize] {
        match self {
            Plan::Element { .. } => &[],
            Plan::View(l) | Plan::ViewCopy(l) => l.shape(),
            Plan::Gather { shape, .. } => shape,
        }
    }

    /// Byte offset of every result element in C order: where `a[index]`
    /// reads from and where `a[index] = value` writes to (pair them with a
    /// value layout from [`setitem_value`] enumerated by [`c_offsets`]).
    pub fn offsets(&self) -> Vec<isize> {
        match self {
            Plan::Element { offset } => vec![*offset],
            Plan::View(l) | Plan::ViewCopy(l) => c_offsets(l),
            Plan::Gather { offsets, .. } => offsets.clone(),
        }
    }
}

/// Byte offsets of every element of `layout` in C order.
pub fn c_offsets(layout: &Layout) -> Vec<isize> {
    let mut out = vec![layout.offset()];
    for (&n, &s) in layout.shape().iter().zip(layout.strides()) {
        let mut next = Vec::with_capacity(out.len() * n);
        for &o in &out {
            next.extend((0..n as isize).map(|i| o + i * s));
        }
        out = next;
    }
    out
}

/// Why an index is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexingError {
    /// A layout NumPy refuses (too many axes, too big, out of bounds).
    Layout(crate::array::layout::LayoutError),
    /// `index 5 is out of bounds for axis 0 with size 3` (`IndexError`).
    OutOfBounds {
        /// The index as given.
        index: isize,
        /// The array axis it indexes.
        axis: usize,
        /// The axis length.
        size: usize,
    },
    /// `too many indices for array: array is 1-dimensional, but 2 were
    /// indexed` (`IndexError`).
    TooMany {
        /// The array's number of dimensions.
        ndim: usize,
        /// How many dimensions the index uses.
        indexed: usize,
    },
    /// `an index can only have a single ellipsis ('...')` (`IndexError`).
    MultipleEllipsis,
    /// `slice step cannot be zero` (`ValueError`).
    ZeroStep,
    /// `shape mismatch: indexing arrays could not be broadcast together with
    /// shapes (2,) (3,) ` (`IndexError`).
    Broadcast(Vec<Vec<usize>>),
    /// `boolean index did not match indexed array along axis 0; size of axis
    /// is 3 but size of corresponding boolean axis is 4` (`IndexError`).
    BoolMismatch {
        /// The array axis.
        axis: usize,
        /// Its length.
        size: usize,
        /// The boolean array's length there.
        bool_size: usize,
    },
    /// `number of dimensions must be within [0, 64], indexing result would
    /// have 65` (`IndexError`).
    TooManyDims(usize),
}

impl crate::error::PythonError for IndexingError {
    /// The Python exception NumPy raises.
    fn kind(&self) -> ExcKind {
        if let IndexingError::Layout(e) = self {
            return e.kind();
        }
        match self {
            IndexingError::ZeroStep => ExcKind::ValueError,
            _ => ExcKind::IndexError,
        }
    }
}

impl fmt::Display for IndexingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexingError::Layout(e) => fmt::Display::fmt(e, f),
            IndexingError::OutOfBounds { index, axis, size } => write!(
                f,
                "index {index} is out of bounds for axis {axis} with size {size}"
            ),
            IndexingError::TooMany { ndim, indexed } => write!(
                f,
                "too many indices for array: array is {ndim}-dimensional, \
                 but {indexed} were indexed"
            ),
            IndexingError::MultipleEllipsis => {
                f.write_str("an index can only have a single ellipsis ('...')")
            }
            IndexingError::ZeroStep => f.write_str("slice step cannot be zero"),
            IndexingError::Broadcast(shapes) => {
                f.write_str(
                    "shape mismatch: indexing arrays could not be broadcast together with shapes ",
                )?;
                for s in shapes {
                    let s: Vec<isize> = s.iter().map(|&n| n as isize).collect();
                    f.write_str(&c_shape_str(&s, " "))?;
                }
                Ok(())
            }
            IndexingError::BoolMismatch {
                axis,
                size,
                bool_size,
            } => write!(
                f,
                "boolean index did not match indexed array along axis {axis}; \
                 size of axis is {size} but size of corresponding boolean axis is {bool_size}"
            ),
            IndexingError::TooManyDims(n) => write!(
                f,
                "number of dimensions must be within [0, {MAXDIMS}], indexing result would have {n}"
            ),
        }
    }
}

impl std::error::Error for IndexingError {}

/// Python's `slice.indices(len)`: `(start, step, count)`; NumPy then starts
/// an empty slice at 0 with step 1.
pub fn slice_indices(
    len: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: Option<isize>,
) -> Result<(isize, isize, usize), IndexingError> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(IndexingError::ZeroStep);
    }
    // CPython clamps a step of isize::MIN so that -step cannot overflow.
    let step = step.max(-isize::MAX);
    let len = len as isize;
    let adjust = |v: Option<isize>, default: isize| -> isize {
        match v {
            None => default,
            Some(v) if v < 0 => {
                let v = v.saturating_add(len);
                if v < 0 {
                    if step < 0 { -1 } else { 0 }
                } else {
                    v
                }
            }
            Some(v) if v >= len => {
                if step < 0 {
                    len - 1
                } else {
                    len
                }
            }
            Some(v) => v,
        }
    };
    let (start, stop) = if step > 0 {
        (adjust(start, 0), adjust(stop, len))
    } else {
        (adjust(start, len - 1), adjust(stop, -1))
    };
    let count = if step > 0 {
        if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        }
    } else if stop < start {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    if count <= 0 {
        return Ok((0, 1, 0));
    }
    Ok((start, step, count as usize))
}

/// An index item after NumPy's first pass (`prepare_index`).
enum Prepared {
    /// An integer (or a 0-d integer array).
    Int(isize),
    Slice(Option<isize>, Option<isize>, Option<isize>),
    /// `...` covering this many axes.
    Ellipsis(usize),
    NewAxis,
    /// An index array; `bool_len` is the boolean array's length along the
    /// axis this nonzero() component indexes.
    Fancy {
        shape: Vec<usize>,
        values: Vec<isize>,
        bool_len: Option<usize>,
    },
    /// A 0-d boolean: a fancy index of shape `(1,)` or `(0,)` that uses no
    /// axis.
    Bool0(bool),
}

/// The C-order coordinates of the true elements of a boolean array, one
/// vector per axis (`np.nonzero`).
fn nonzero(shape: &[usize], values: &[bool]) -> Vec<Vec<isize>> {
    let nd = shape.len();
    let mut out = vec![Vec::new(); nd];
    let mut idx = vec![0usize; nd];
    for &v in values {
        if v {
            for (o, &i) in out.iter_mut().zip(&idx) {
                o.push(i as isize);
            }
        }
        for k in (0..nd).rev() {
            idx[k] += 1;
            if idx[k] < shape[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    out
}

/// Plan `a[items]` for an array of layout `layout` (see the module docs).
pub fn plan_index(layout: &Layout, items: &[IndexItem]) -> Result<Plan, IndexingError> {
    let ndim = layout.ndim();

    // A single boolean mask of exactly the array's shape: NumPy's HAS_BOOL
    // path (the same selection as the general path, but its own setitem).
    if let [IndexItem::BoolArray { shape, values }] = items
        && *shape == layout.shape()
    {
        let strides = layout.strides();
        let mut offsets = vec![];
        let coords = nonzero(shape, values);
        let count = coords
            .first()
            .map_or(values.iter().filter(|&&v| v).count(), |c| c.len());
        for i in 0..count {
            let o: isize = coords.iter().zip(strides).map(|(c, s)| c[i] * s).sum();
            offsets.push(layout.offset() + o);
        }
        return Ok(Plan::Gather {
            shape: vec![count],
            offsets,
            bool_mask: true,
        });
    }

    // First pass: classify, count used axes.
    let mut prepared = Vec::with_capacity(items.len() + 1);
    let mut used = 0usize;
    let mut has_ellipsis = false;
    let mut has_fancy = false;
    let mut scalar_array = false;
    let mut only_ints = true;
    let mut fancy_ndim = 0usize;
    let mut view_ndim = 0usize; // axes that slices, newaxis and ... produce
    for item in items {
        if !matches!(item, IndexItem::Int(_))
            && !matches!(item, IndexItem::IntArray { shape, .. } if shape.is_empty())
        {
            only_ints = false;
        }
        match item {
            IndexItem::Int(i) => {
                used += 1;
                prepared.push(Prepared::Int(*i));
            }
            IndexItem::Slice { start, stop, step } => {
                used += 1;
                view_ndim += 1;
                prepared.push(Prepared::Slice(*start, *stop, *step));
            }
            IndexItem::Ellipsis => {
                if has_ellipsis {
                    return Err(IndexingError::MultipleEllipsis);
                }
                has_ellipsis = true;
                prepared.push(Prepared::Ellipsis(0));
            }
            IndexItem::NewAxis => {
                view_ndim += 1;
                prepared.push(Prepared::NewAxis);
            }
            IndexItem::IntArray { shape, values } if shape.is_empty() => {
                used += 1;
                scalar_array = true;
                prepared.push(Prepared::Int(values[0]));
            }
            IndexItem::IntArray { shape, values } => {
                used += 1;
                has_fancy = true;
                fancy_ndim = fancy_ndim.max(shape.len());
                prepared.push(Prepared::Fancy {
                    shape: shape.clone(),
                    values: values.clone(),
                    bool_len: None,
                });
            }
            IndexItem::BoolArray { shape, values } if shape.is_empty() => {
                has_fancy = true;
                fancy_ndim = fancy_ndim.max(1);
                prepared.push(Prepared::Bool0(values[0]));
            }
            IndexItem::BoolArray { shape, values } => {
                has_fancy = true;
                fancy_ndim = fancy_ndim.max(1);
                for (k, coords) in nonzero(shape, values).into_iter().enumerate() {
                    used += 1;
                    prepared.push(Prepared::Fancy {
                        shape: vec![coords.len()],
                        values: coords,
                        bool_len: Some(shape[k]),
                    });
                }
            }
        }
    }
    match used.cmp(&ndim) {
        std::cmp::Ordering::Less => {
            let rest = ndim - used;
            view_ndim += rest;
            if let Some(e) = prepared
                .iter_mut()
                .find(|p| matches!(p, Prepared::Ellipsis(_)))
            {
                *e = Prepared::Ellipsis(rest);
            } else {
                prepared.push(Prepared::Ellipsis(rest));
            }
            only_ints = false;
        }
        std::cmp::Ordering::Greater => {
            return Err(IndexingError::TooMany {
                ndim,
                indexed: used,
            });
        }
        std::cmp::Ordering::Equal => {}
    }
    if view_ndim + fancy_ndim > MAXDIMS {
        return Err(IndexingError::TooManyDims(view_ndim + fancy_ndim));
    }
    if has_fancy {
        let mut axis = 0;
        for p in &prepared {
            if let Prepared::Fancy {
                bool_len: Some(b), ..
            } = p
                && *b > 0
                && *b != layout.shape()[axis]
            {
                return Err(IndexingError::BoolMismatch {
                    axis,
                    size: layout.shape()[axis],
                    bool_size: *b,
                });
            }
            axis += match p {
                Prepared::Ellipsis(n) => *n,
                Prepared::NewAxis | Prepared::Bool0(_) => 0,
                _ => 1,
            };
        }
    }

    // Second pass (`get_view_from_index`): the view of the non-fancy items;
    // fancy items keep their axis aside as (axis, stride, length).
    let mut offset = layout.offset();
    let mut shape = vec![];
    let mut strides = vec![];
    let mut fancy_axes: Vec<Option<(usize, isize, usize)>> = vec![];
    let mut orig = 0usize;
    // Where the fancy result dims go: NumPy's `consec` (-1 none yet, 0 in a
    // run, 1 run ended, 2 separated).
    let mut consec_status = -1;
    let mut consec = 0usize;
    for p in &prepared {
        let fancy_like = matches!(
            p,
            Prepared::Int(_) | Prepared::Fancy { .. } | Prepared::Bool0(_)
        );
        if fancy_like {
            if consec_status == -1 {
                consec = shape.len();
                consec_status = 0;
            } else if consec_status == 1 {
                consec_status = 2;
                consec = 0;
            }
        } else if consec_status == 0 {
            consec_status = 1;
        }
        match p {
            Prepared::Int(i) => {
                let n = layout.shape()[orig];
                let v = if *i < 0 { i + n as isize } else { *i };
                if v < 0 || v >= n as isize {
                    return Err(IndexingError::OutOfBounds {
                        index: *i,
                        axis: orig,
                        size: n,
                    });
                }
                offset += v * layout.strides()[orig];
                orig += 1;
            }
            Prepared::Slice(a, b, c) => {
                let (start, step, count) = slice_indices(layout.shape()[orig], *a, *b, *c)?;
                offset += start * layout.strides()[orig];
                shape.push(count);
                // Wrapping as NumPy's C product: only a slice of one
                // element can overflow here (two or more lie inside the
                // axis), and its stride is never used to step.
                strides.push(layout.strides()[orig].wrapping_mul(step));
                orig += 1;
            }
            Prepared::Ellipsis(n) => {
                shape.extend_from_slice(&layout.shape()[orig..orig + n]);
                strides.extend_from_slice(&layout.strides()[orig..orig + n]);
                orig += n;
            }
            Prepared::NewAxis => {
                shape.push(1);
                strides.push(0);
            }
            Prepared::Fancy { .. } => {
                fancy_axes.push(Some((orig, layout.strides()[orig], layout.shape()[orig])));
                orig += 1;
            }
            Prepared::Bool0(_) => fancy_axes.push(None),
        }
    }
    let view = Layout::new(shape, strides, offset)?;
    if !has_fancy {
        return Ok(if only_ints {
            Plan::Element { offset }
        } else if scalar_array {
            Plan::ViewCopy(view)
        } else {
            Plan::View(view)
        });
    }

    // Broadcast the index arrays (`mapiter_fill_info`).
    let arrays: Vec<(Vec<usize>, Vec<isize>)> = prepared
        .into_iter()
        .filter_map(|p| match p {
            Prepared::Fancy { shape, values, .. } => Some((shape, values)),
            Prepared::Bool0(b) => {
                let n = usize::from(b);
                Some((vec![n], vec![0; n]))
            }
            _ => None,
        })
        .collect();
    let bshape = broadcast_index_shapes(&arrays)?;
    let bsize: usize = bshape.iter().product();

    // Bounds, array by array, only when the broadcast result is not empty.
    let mut fancy_off = vec![0isize; bsize];
    for ((ashape, values), ax) in arrays.iter().zip(&fancy_axes) {
        let Some((axis, stride, n)) = *ax else {
            continue;
        };
        let mut wrapped = Vec::with_capacity(values.len());
        for &v in values {
            let w = if v < 0 { v + n as isize } else { v };
            if bsize > 0 && (w < 0 || w >= n as isize) {
                return Err(IndexingError::OutOfBounds {
                    index: v,
                    axis,
                    size: n,
                });
            }
            // (Unchecked only when the result is empty: then never used.)
            wrapped.push(w.wrapping_mul(stride));
        }
        let src = Layout::new(ashape.clone(), fill_strides(ashape, 1, false), 0)?;
        let b = broadcast_layout(&src, &bshape)?
            .ok_or(IndexingError::Layout(LayoutError::OutOfBounds))?;
        for (o, pos) in fancy_off.iter_mut().zip(c_offsets(&b)) {
            *o += wrapped[pos as usize];
        }
    }

    // Assemble: subspace dims before `consec`, the broadcast dims, the rest;
    // or the broadcast dims first when the advanced indices were separated.
    let split = if consec_status == 2 { 0 } else { consec };
    let outer = Layout::new(
        view.shape()[..split].to_vec(),
        view.strides()[..split].to_vec(),
        view.offset(),
    )?;
    let inner = Layout::new(
        view.shape()[split..].to_vec(),
        view.strides()[split..].to_vec(),
        0,
    )?;
    let (outer_off, inner_off) = (c_offsets(&outer), c_offsets(&inner));
    let mut offsets = Vec::with_capacity(outer_off.len() * bsize * inner_off.len());
    for &o in &outer_off {
        for &f in &fancy_off {
            offsets.extend(inner_off.iter().map(|&i| o + f + i));
        }
    }
    let mut shape = outer.shape().to_vec();
    shape.extend_from_slice(&bshape);
    shape.extend_from_slice(inner.shape());
    if shape.iter().product::<usize>() == 0 {
        offsets.clear();
    }
    Ok(Plan::Gather {
        shape,
        offsets,
        bool_mask: false,
    })
}

fn broadcast_index_shapes(
    arrays: &[(Vec<usize>, Vec<isize>)],
) -> Result<Vec<usize>, IndexingError> {
    let nd = arrays.iter().map(|a| a.0.len()).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    for (s, _) in arrays {
        for (k, &n) in s.iter().enumerate() {
            let o = &mut out[nd - s.len() + k];
            if n != 1 {
                if *o == 1 {
                    *o = n;
                } else if *o != n {
                    return Err(IndexingError::Broadcast(
                        arrays.iter().map(|a| a.0.clone()).collect(),
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Why `a[index] = value` cannot broadcast `value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetItemError {
    /// A layout NumPy refuses (too many axes, too big, out of bounds).
    Layout(crate::array::layout::LayoutError),
    /// Basic indexing: `could not broadcast input array from shape (2,3) into
    /// shape (3,)` (the value's shape after dropping leading length-1 axes).
    Basic {
        /// The value's shape (leading 1s dropped).
        value: Vec<usize>,
        /// The indexed result's shape.
        target: Vec<usize>,
    },
    /// Advanced indexing: `shape mismatch: value array of shape (3,) could
    /// not be broadcast to indexing result of shape (2,2)`.
    Fancy {
        /// The value's shape as given.
        value: Vec<usize>,
        /// The indexed result's shape.
        target: Vec<usize>,
    },
    /// A single element and a value with dimensions: `setting an array
    /// element with a sequence.`
    Sequence,
    /// Boolean mask, value of more than one dimension (`TypeError`):
    /// `NumPy boolean array indexing assignment requires a 0 or 1-dimensional
    /// input, input has 2 dimensions`.
    MaskNdim(usize),
    /// Boolean mask, wrong value length: `NumPy boolean array indexing
    /// assignment cannot assign 2 input values to the 6 output values where
    /// the mask is true`.
    MaskSize {
        /// Values given.
        input: usize,
        /// True elements in the mask.
        output: usize,
    },
}

impl crate::error::PythonError for SetItemError {
    /// The Python exception NumPy raises.
    fn kind(&self) -> ExcKind {
        if let SetItemError::Layout(e) = self {
            return e.kind();
        }
        match self {
            SetItemError::MaskNdim(_) => ExcKind::TypeError,
            _ => ExcKind::ValueError,
        }
    }
}

impl fmt::Display for SetItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |v: &[usize]| {
            let v: Vec<isize> = v.iter().map(|&n| n as isize).collect();
            c_shape_str(&v, "")
        };
        match self {
            SetItemError::Layout(e) => fmt::Display::fmt(e, f),
            SetItemError::Basic { value, target } => write!(
                f,
                "could not broadcast input array from shape {} into shape {}",
                s(value),
                s(target)
            ),
            SetItemError::Fancy { value, target } => write!(
                f,
                "shape mismatch: value array of shape {} could not be broadcast \
                 to indexing result of shape {}",
                s(value),
                s(target)
            ),
            SetItemError::Sequence => f.write_str("setting an array element with a sequence."),
            SetItemError::MaskNdim(n) => write!(
                f,
                "NumPy boolean array indexing assignment requires a 0 or \
                 1-dimensional input, input has {n} dimensions"
            ),
            SetItemError::MaskSize { input, output } => write!(
                f,
                "NumPy boolean array indexing assignment cannot assign {input} input \
                 values to the {output} output values where the mask is true"
            ),
        }
    }
}

impl std::error::Error for SetItemError {}

/// For `a[index] = value`: the value's layout broadcast to the plan's shape
/// (zero strides where it repeats), so that its elements in C order
/// ([`c_offsets`]) pair with [`Plan::offsets`]. Leading length-1 axes of the
/// value are dropped first, as NumPy does.
pub fn setitem_value(plan: &Plan, value: &Layout) -> Result<Layout, SetItemError> {
    let target = plan.shape().to_vec();
    let mut v = value.clone();
    while v.ndim() > target.len() && v.shape()[0] == 1 {
        let (mut sh, mut st, off) = v.into_parts();
        sh.remove(0);
        st.remove(0);
        v = Layout::new(sh, st, off).map_err(SetItemError::Layout)?;
    }
    match plan {
        Plan::Element { .. } => {
            if value.ndim() > 0 {
                return Err(SetItemError::Sequence);
            }
            Ok(value.clone())
        }
        Plan::Gather {
            bool_mask: true, ..
        } => {
            if value.ndim() > 1 {
                return Err(SetItemError::MaskNdim(value.ndim()));
            }
            let n = value.size();
            if value.ndim() == 1 && n != 1 && n != target[0] {
                return Err(SetItemError::MaskSize {
                    input: n,
                    output: target[0],
                });
            }
            broadcast_layout(value, &target)?.ok_or(SetItemError::Layout(LayoutError::OutOfBounds))
        }
        Plan::Gather { .. } => broadcast_layout(&v, &target)?.ok_or_else(|| SetItemError::Fancy {
            value: value.shape().to_vec(),
            target,
        }),
        Plan::View(_) | Plan::ViewCopy(_) => {
            broadcast_layout(&v, &target)?.ok_or(SetItemError::Basic {
                value: v.shape().to_vec(),
                target,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_like_python() {
        assert_eq!(slice_indices(5, None, None, Some(-1)).unwrap(), (4, -1, 5));
        assert_eq!(
            slice_indices(5, Some(-100), Some(100), Some(2)).unwrap(),
            (0, 2, 3)
        );
        assert_eq!(slice_indices(5, Some(3), Some(1), None).unwrap(), (0, 1, 0));
        assert_eq!(slice_indices(0, None, None, Some(-3)).unwrap(), (0, 1, 0));
        assert_eq!(
            slice_indices(3, None, None, Some(0)),
            Err(IndexingError::ZeroStep)
        );
    }

    #[test]
    fn separated_advanced_indices_go_first() {
        let l = Layout::c_order(&[2, 3, 4], 8).unwrap();
        let a = |v: isize| IndexItem::IntArray {
            shape: vec![1],
            values: vec![v],
        };
        let p = plan_index(&l, &[a(0), IndexItem::NewAxis, a(1)]).unwrap();
        assert_eq!(p.shape(), &[1, 1, 4]);
        let all = IndexItem::Slice {
            start: None,
            stop: None,
            step: None,
        };
        let p = plan_index(&l, &[all, a(0), IndexItem::Ellipsis, a(1)]).unwrap();
        assert_eq!(p.shape(), &[1, 2]);
    }
}

/// Reading the tables `scripts/gen-index-cases.py` wrote from NumPy
/// (`numpy-core/tests/index_cases/`); shared by the shape and broadcast tests.
#[cfg(test)]
pub(crate) mod cases {
    use super::super::layout::Layout;
    use super::super::shape::ExcKind;
    use super::*;

    /// The data lines of a table, split on tabs.
    /// The cases of a table (under Miri, every tenth: it interprets each
    /// step, and a sample reaches every code path of the planners).
    pub fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
        table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .step_by(if cfg!(miri) { 10 } else { 1 })
            .map(|l| l.split('\t').collect())
    }

    /// `1,2,3` (empty: no numbers).
    pub fn nums<T: std::str::FromStr>(s: &str) -> Vec<T>
    where
        T::Err: std::fmt::Debug,
    {
        s.split([',', 'x'])
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap())
            .collect()
    }

    /// `shape;strides;offset;itemsize` → (layout, itemsize).
    pub fn source(s: &str) -> (Layout, usize) {
        let f: Vec<&str> = s.split(';').collect();
        let l = Layout::new(nums(f[0]), nums(f[1]), f[2].parse().unwrap()).unwrap();
        (l, f[3].parse().unwrap())
    }

    /// `shape;strides;offset` of an expected view.
    pub fn view(s: &str) -> Layout {
        let f: Vec<&str> = s.split(';').collect();
        Layout::new(nums(f[0]), nums(f[1]), f[2].parse().unwrap()).unwrap()
    }

    /// `None` when the error is NumPy's (`exp` = `X Kind`, `msg`), else
    /// what differed.
    pub fn same_error(kind: ExcKind, text: String, exp: &str, msg: &str) -> Option<String> {
        let want = exp.strip_prefix("X ").unwrap_or(exp);
        if want == kind.name() && text == msg {
            None
        } else {
            Some(format!(
                "got {}: {text:?}, NumPy {exp}: {msg:?}",
                kind.name()
            ))
        }
    }

    /// Index items from the generator's tokens.
    pub fn items(s: &str) -> Vec<IndexItem> {
        let opt = |t: &str| {
            if t == "_" {
                None
            } else {
                Some(t.parse().unwrap())
            }
        };
        s.split(' ')
            .filter(|t| !t.is_empty())
            .map(|t| match &t[..1] {
                "i" => IndexItem::Int(t[1..].parse().unwrap()),
                "e" => IndexItem::Ellipsis,
                "n" => IndexItem::NewAxis,
                "s" => {
                    let p: Vec<&str> = t[1..].split(':').collect();
                    IndexItem::Slice {
                        start: opt(p[0]),
                        stop: opt(p[1]),
                        step: opt(p[2]),
                    }
                }
                k => {
                    let (shape, values) = t[1..].split_once(':').unwrap();
                    let shape: Vec<usize> = nums(shape);
                    let values: Vec<isize> = nums(values);
                    if k == "I" {
                        IndexItem::IntArray { shape, values }
                    } else {
                        let values = values.into_iter().map(|v| v != 0).collect();
                        IndexItem::BoolArray { shape, values }
                    }
                }
            })
            .collect()
    }

    /// Fail listing the first disagreements, if any.
    pub fn report(what: &str, total: usize, failures: &[String]) {
        assert!(total > 0, "no {what} cases read");
        assert!(
            failures.is_empty(),
            "{} of {total} {what} cases differ from NumPy:\n{}",
            failures.len(),
            failures[..failures.len().min(25)].join("\n")
        );
    }
}

#[cfg(test)]
mod numpy_cases {
    use super::cases::*;
    use super::*;
    use crate::error::PythonError;

    const INDEX: &str = include_str!("../../tests/index_cases/index.txt");
    const SETITEM: &str = include_str!("../../tests/index_cases/setitem.txt");

    fn check(l: &Layout, itemsize: usize, row: &[&str]) -> Option<String> {
        let got = plan_index(l, &items(row[1]));
        let exp = row[2];
        let isz = itemsize as isize;
        match got {
            Err(e) => return same_error(e.kind(), e.to_string(), exp, row.get(3).unwrap_or(&"")),
            Ok(_) if exp.starts_with('X') => {}
            Ok(Plan::Element { offset }) => {
                if exp
                    .strip_prefix("E ")
                    .is_some_and(|v| offset == v.parse::<isize>().unwrap() * isz)
                {
                    return None;
                }
            }
            Ok(Plan::View(v)) => {
                if exp.strip_prefix("V ").is_some_and(|w| v == view(w)) {
                    return None;
                }
            }
            Ok(ref p @ (Plan::ViewCopy(_) | Plan::Gather { .. })) => {
                if let Some((shape, values)) =
                    exp.strip_prefix("G ").and_then(|g| g.split_once(';'))
                {
                    let got: Vec<isize> = p.offsets().iter().map(|o| o / isz).collect();
                    if p.shape() == nums::<usize>(shape) && got == nums::<isize>(values) {
                        return None;
                    }
                }
            }
        }
        Some(format!("{:?}", plan_index(l, &items(row[1]))))
    }

    #[test]
    fn index_matches_numpy() {
        let mut failures = vec![];
        let mut total = 0;
        for row in rows(INDEX) {
            total += 1;
            let (l, isz) = source(row[0]);
            if let Some(why) = check(&l, isz, &row) {
                failures.push(format!(
                    "{} [{}] -> {}: {why}",
                    row[0],
                    row[1],
                    row[2..].join(" ")
                ));
            }
        }
        report("indexing", total, &failures);
    }

    #[test]
    fn setitem_matches_numpy() {
        let mut failures = vec![];
        let mut total = 0;
        for row in rows(SETITEM) {
            total += 1;
            let l = Layout::c_order(&nums::<usize>(row[0]), 8).unwrap();
            let plan = plan_index(&l, &items(row[1])).expect("generator kept valid indices");
            let value = Layout::c_order(&nums::<usize>(row[2]), 8).unwrap();
            let why = match setitem_value(&plan, &value) {
                Ok(v) if row[3] == "OK" => (v.shape() == plan.shape()).then_some(()).map_or(
                    Some(format!("value shape {:?} != {:?}", v.shape(), plan.shape())),
                    |_| None,
                ),
                Ok(_) => Some("accepted".to_string()),
                Err(e) => same_error(e.kind(), e.to_string(), row[3], row.get(4).unwrap_or(&"")),
            };
            if let Some(why) = why {
                failures.push(format!("{}: {why}", row.join(" | ")));
            }
        }
        report("setitem", total, &failures);
    }
}

impl From<crate::array::layout::LayoutError> for IndexingError {
    #[cold]
    fn from(e: crate::array::layout::LayoutError) -> Self {
        IndexingError::Layout(e)
    }
}

impl From<crate::array::layout::LayoutError> for SetItemError {
    #[cold]
    fn from(e: crate::array::layout::LayoutError) -> Self {
        SetItemError::Layout(e)
    }
}
