//! Shape manipulation as views: reshape (NumPy's `_attempt_nocopy_reshape`),
//! ravel, transpose, swapaxes, moveaxis, squeeze, expand_dims and flip, plus
//! axis normalisation and the shape spellings NumPy's messages use.
//!
//! Every function is pure: it takes a [`Layout`] (see its invariants) and
//! returns a new one for the view, `None` where NumPy would copy, or an error
//! whose `Display` is NumPy's message and whose [`ExcKind`] is the exception
//! NumPy raises.

use std::fmt;

use super::layout::Layout;

pub use crate::error::ExcKind;

/// NumPy's C spelling of a shape (`convert_shape_to_string`): `(2,3)`, `(4,)`,
/// `()`, followed by `ending`. Negative lengths are unknown dimensions: leading
/// ones are dropped and later ones print as `newaxis`, as in `cannot reshape
/// array of size 6 into shape (4,newaxis)`.
pub(crate) fn c_shape_str(dims: &[isize], ending: &str) -> String {
    let Some(first) = dims.iter().position(|&d| d >= 0) else {
        return format!("(){ending}");
    };
    let mut s = dims[first].to_string();
    for &d in &dims[first + 1..] {
        if d < 0 {
            s.push_str(",newaxis");
        } else {
            s.push(',');
            s.push_str(&d.to_string());
        }
    }
    if first == 0 && dims.len() == 1 {
        format!("({s},){ending}")
    } else {
        format!("({s}){ending}")
    }
}

/// A Python tuple's repr: `(5, 2)`, `(3,)`, `()`.
pub(crate) fn tuple_repr(dims: &[usize]) -> String {
    match dims {
        [] => "()".to_string(),
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = dims.iter().map(|n| n.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// `axis 2 is out of bounds for array of dimension 2`, optionally prefixed
/// with the argument name (`source: axis 5 ...`), as `AxisError` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxisError {
    /// The axis as given.
    pub axis: isize,
    /// The array's number of dimensions.
    pub ndim: usize,
    /// The argument's name, if NumPy gives one (`axis1`, `source`, ...).
    pub argname: Option<&'static str>,
}

impl crate::error::PythonError for AxisError {
    fn kind(&self) -> ExcKind {
        ExcKind::AxisError
    }
}

impl fmt::Display for AxisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.argname {
            write!(f, "{name}: ")?;
        }
        write!(
            f,
            "axis {} is out of bounds for array of dimension {}",
            self.axis, self.ndim
        )
    }
}

impl std::error::Error for AxisError {}

/// `normalize_axis_index(axis, ndim)`: `axis` in `-ndim..ndim`, made
/// non-negative.
pub fn normalize_axis(axis: isize, ndim: usize) -> Result<usize, AxisError> {
    normalize_axis_named(axis, ndim, None)
}

/// [`normalize_axis`] with NumPy's `msg_prefix`.
pub fn normalize_axis_named(
    axis: isize,
    ndim: usize,
    argname: Option<&'static str>,
) -> Result<usize, AxisError> {
    let n = ndim as isize;
    if axis < -n || axis >= n {
        return Err(AxisError {
            axis,
            ndim,
            argname,
        });
    }
    Ok(if axis < 0 { axis + n } else { axis } as usize)
}

/// `normalize_axis_tuple(axes, ndim, argname)` without duplicates allowed.
pub fn normalize_axis_tuple(
    axes: &[isize],
    ndim: usize,
    argname: Option<&'static str>,
) -> Result<Vec<usize>, ShapeError> {
    let out = axes
        .iter()
        .map(|&a| normalize_axis_named(a, ndim, argname))
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = vec![false; ndim];
    for &a in &out {
        if std::mem::replace(&mut seen[a], true) {
            return Err(ShapeError::RepeatedAxis(argname));
        }
    }
    Ok(out)
}

/// Why a shape operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeError {
    /// A layout NumPy refuses (too many axes, too big, out of bounds).
    Layout(crate::array::layout::LayoutError),
    /// An axis out of range (`AxisError`).
    Axis(AxisError),
    /// `cannot reshape array of size 6 into shape (4,)` (the requested shape
    /// as given, unknown dimensions included).
    ReshapeSize {
        /// The array's size.
        size: usize,
        /// The requested shape.
        shape: Vec<isize>,
    },
    /// `can only specify one unknown dimension`.
    MultipleUnknown,
    /// `axes don't match array` (transpose with the wrong number of axes).
    AxesDontMatch,
    /// `repeated axis in transpose`.
    RepeatedTransposeAxis,
    /// `repeated axis`, or ``repeated axis in `source` argument``.
    RepeatedAxis(Option<&'static str>),
    /// `` `source` and `destination` arguments must have the same number of
    /// elements``.
    MoveaxisLength,
    /// `cannot select an axis to squeeze out which has size not equal to one`.
    SqueezeNotOne,
    /// `duplicate value in 'axis'` (squeeze).
    DuplicateAxis,
}

impl crate::error::PythonError for ShapeError {
    /// The Python exception NumPy raises.
    fn kind(&self) -> ExcKind {
        if let ShapeError::Layout(e) = self {
            return e.kind();
        }
        match self {
            ShapeError::Axis(_) => ExcKind::AxisError,
            _ => ExcKind::ValueError,
        }
    }
}

impl From<AxisError> for ShapeError {
    #[cold]
    fn from(e: AxisError) -> Self {
        ShapeError::Axis(e)
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::Layout(e) => fmt::Display::fmt(e, f),
            ShapeError::Axis(e) => e.fmt(f),
            ShapeError::ReshapeSize { size, shape } => write!(
                f,
                "cannot reshape array of size {size} into shape {}",
                c_shape_str(shape, "")
            ),
            ShapeError::MultipleUnknown => f.write_str("can only specify one unknown dimension"),
            ShapeError::AxesDontMatch => f.write_str("axes don't match array"),
            ShapeError::RepeatedTransposeAxis => f.write_str("repeated axis in transpose"),
            ShapeError::RepeatedAxis(None) => f.write_str("repeated axis"),
            ShapeError::RepeatedAxis(Some(name)) => {
                write!(f, "repeated axis in `{name}` argument")
            }
            ShapeError::MoveaxisLength => f.write_str(
                "`source` and `destination` arguments must have the same number of elements",
            ),
            ShapeError::SqueezeNotOne => {
                f.write_str("cannot select an axis to squeeze out which has size not equal to one")
            }
            ShapeError::DuplicateAxis => f.write_str("duplicate value in 'axis'"),
        }
    }
}

impl std::error::Error for ShapeError {}

/// Memory order for reshape and ravel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Row-major (`'C'`).
    C,
    /// Column-major (`'F'`).
    F,
    /// `'A'`: F when the array is Fortran- and not C-contiguous, else C.
    A,
}

impl Order {
    fn resolve(self, layout: &Layout, itemsize: usize) -> Order {
        match self {
            Order::A if layout.is_f_contiguous(itemsize) && !layout.is_c_contiguous(itemsize) => {
                Order::F
            }
            Order::A => Order::C,
            o => o,
        }
    }
}

/// NumPy's `_array_fill_strides` for a view of existing data: contiguous
/// strides where a zero length counts as 1. (A *new* empty array gets all-zero
/// strides instead, see [`Layout::c_order`]; a reshaped empty view keeps
/// these.) Where the byte count of `dims` does not fit `isize` the strides
/// wrap around: such a layout is refused ("array is too big") when an array
/// is made of it, so they are never used.
pub fn fill_strides(dims: &[usize], itemsize: usize, f_order: bool) -> Vec<isize> {
    let mut strides = vec![0isize; dims.len()];
    let mut step = itemsize as isize;
    let mut fill = |(s, &n): (&mut isize, &usize)| {
        *s = step;
        step = step.wrapping_mul(n.max(1) as isize);
    };
    if f_order {
        strides.iter_mut().zip(dims).for_each(&mut fill);
    } else {
        strides.iter_mut().zip(dims).rev().for_each(&mut fill);
    }
    strides
}

/// NumPy's `_fix_unknown_dimension`: the requested shape with its one
/// unknown (any negative) length filled in.
fn fix_unknown(size: usize, shape: &[isize]) -> Result<Vec<usize>, ShapeError> {
    let mismatch = || ShapeError::ReshapeSize {
        size,
        shape: shape.to_vec(),
    };
    let mut known: usize = 1;
    let mut unknown = None;
    for (i, &d) in shape.iter().enumerate() {
        if d < 0 {
            if unknown.is_some() {
                return Err(ShapeError::MultipleUnknown);
            }
            unknown = Some(i);
        } else {
            // An overflow of intp (not usize) is a mismatch, as NumPy's
            // npy_mul_sizes_with_overflow makes it.
            known = known
                .checked_mul(d as usize)
                .filter(|&k| k <= isize::MAX as usize)
                .ok_or_else(mismatch)?;
        }
    }
    let mut out: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
    match unknown {
        Some(i) => {
            if known == 0 || !size.is_multiple_of(known) {
                return Err(mismatch());
            }
            out[i] = size / known;
        }
        None if known != size => return Err(mismatch()),
        None => {}
    }
    Ok(out)
}

/// NumPy's `_attempt_nocopy_reshape`: strides that read the elements of
/// `layout` in `order` under the shape `newdims`, if any exist. Only called
/// on non-empty arrays (empty ones are contiguous).
fn attempt_nocopy_reshape(
    layout: &Layout,
    itemsize: usize,
    newdims: &[usize],
    f_order: bool,
) -> Option<Vec<isize>> {
    // Length-1 axes never matter and their strides are arbitrary, so drop
    // them instead of special-casing them below.
    let (olddims, oldstrides): (Vec<usize>, Vec<isize>) = layout
        .shape()
        .iter()
        .zip(layout.strides())
        .filter(|(n, _)| **n != 1)
        .map(|(&n, &s)| (n, s))
        .unzip();
    let (oldnd, newnd) = (olddims.len(), newdims.len());
    let mut newstrides = vec![0isize; newnd];
    let (mut oi, mut oj, mut ni, mut nj) = (0, 1, 0, 1);
    while ni < newnd && oi < oldnd {
        let mut np = newdims[ni];
        let mut op = olddims[oi];
        while np != op {
            if np < op {
                // Misses trailing 1s, these are handled below.
                np *= newdims[nj];
                nj += 1;
            } else {
                op *= olddims[oj];
                oj += 1;
            }
        }
        // Can the original axes oi..oj be merged into one run?
        for ok in oi..oj - 1 {
            let merges = if f_order {
                oldstrides[ok + 1] == olddims[ok] as isize * oldstrides[ok]
            } else {
                oldstrides[ok] == olddims[ok + 1] as isize * oldstrides[ok + 1]
            };
            if !merges {
                return None;
            }
        }
        if f_order {
            newstrides[ni] = oldstrides[oi];
            for nk in ni + 1..nj {
                newstrides[nk] = newstrides[nk - 1] * newdims[nk - 1] as isize;
            }
        } else {
            newstrides[nj - 1] = oldstrides[oj - 1];
            for nk in (ni + 1..nj).rev() {
                newstrides[nk - 1] = newstrides[nk] * newdims[nk] as isize;
            }
        }
        ni = nj;
        nj += 1;
        oi = oj;
        oj += 1;
    }
    // Trailing 1s of the new shape.
    let mut last = if ni >= 1 {
        newstrides[ni - 1]
    } else {
        itemsize as isize
    };
    if f_order && ni >= 1 {
        last *= newdims[ni - 1] as isize;
    }
    for s in &mut newstrides[ni..] {
        *s = last;
    }
    Some(newstrides)
}

/// `a.reshape(new_shape, order=order)`: `Some(view)` when NumPy returns a
/// view, `None` when it copies (the copy is then `order`-contiguous with the
/// resolved shape, see [`reshape_shape`]).
///
/// Any negative length is the one unknown dimension, as in NumPy 2.4.
pub fn reshape(
    layout: &Layout,
    itemsize: usize,
    new_shape: &[isize],
    order: Order,
) -> Result<Option<Layout>, ShapeError> {
    let order = order.resolve(layout, itemsize);
    // Same shape: NumPy returns a plain view, strides untouched (checked
    // before unknown dimensions are resolved, as NumPy does).
    if new_shape.len() == layout.ndim()
        && new_shape
            .iter()
            .zip(layout.shape())
            .all(|(&a, &b)| a == b as isize)
    {
        return Ok(Some(layout.clone()));
    }
    let dims = fix_unknown(layout.size(), new_shape)?;
    let f = order == Order::F;
    let contiguous = if f {
        layout.is_f_contiguous(itemsize)
    } else {
        layout.is_c_contiguous(itemsize)
    };
    if contiguous {
        // NumPy makes fresh strides; F strides only for an F-only result of
        // more than one dimension (for ndim <= 1 both are the same).
        let strides = fill_strides(&dims, itemsize, f && dims.len() > 1);
        return Ok(Some(Layout::new(dims, strides, layout.offset())?));
    }
    Ok(attempt_nocopy_reshape(layout, itemsize, &dims, f)
        .map(|strides| Layout::new(dims, strides, layout.offset()))
        .transpose()?)
}

/// The shape `reshape` gives (unknown dimension resolved), for callers that
/// must copy.
pub fn reshape_shape(size: usize, new_shape: &[isize]) -> Result<Vec<usize>, ShapeError> {
    fix_unknown(size, new_shape)
}

/// `np.ravel(a, order)` for `C`, `F` and `A`: a view only when the array is
/// contiguous in that order (unlike `reshape(-1)`, which also finds views of
/// e.g. `a[::2]`); `None` means a copy.
pub fn ravel(layout: &Layout, itemsize: usize, order: Order) -> Option<Layout> {
    let order = order.resolve(layout, itemsize);
    let ok = match order {
        Order::F => layout.is_f_contiguous(itemsize),
        _ => layout.is_c_contiguous(itemsize),
    };
    if !ok {
        return None;
    }
    reshape(layout, itemsize, &[-1], order).ok().flatten()
}

/// `a.transpose(axes)`; `None` reverses the axes.
pub fn transpose(layout: &Layout, axes: Option<&[isize]>) -> Result<Layout, ShapeError> {
    let nd = layout.ndim();
    let perm: Vec<usize> = match axes {
        None => (0..nd).rev().collect(),
        Some(axes) => {
            if axes.len() != nd {
                return Err(ShapeError::AxesDontMatch);
            }
            let mut seen = vec![false; nd];
            let mut perm = Vec::with_capacity(nd);
            for &a in axes {
                let a = normalize_axis(a, nd)?;
                if std::mem::replace(&mut seen[a], true) {
                    return Err(ShapeError::RepeatedTransposeAxis);
                }
                perm.push(a);
            }
            perm
        }
    };
    permute(layout, &perm)
}

fn permute(layout: &Layout, perm: &[usize]) -> Result<Layout, ShapeError> {
    Layout::new(
        perm.iter().map(|&p| layout.shape()[p]).collect(),
        perm.iter().map(|&p| layout.strides()[p]).collect(),
        layout.offset(),
    )
    .map_err(ShapeError::Layout)
}

/// `np.swapaxes(a, axis1, axis2)`.
pub fn swapaxes(layout: &Layout, axis1: isize, axis2: isize) -> Result<Layout, ShapeError> {
    let nd = layout.ndim();
    let a = normalize_axis_named(axis1, nd, Some("axis1"))?;
    let b = normalize_axis_named(axis2, nd, Some("axis2"))?;
    let mut perm: Vec<usize> = (0..nd).collect();
    perm.swap(a, b);
    permute(layout, &perm)
}

/// `np.moveaxis(a, source, destination)`.
pub fn moveaxis(
    layout: &Layout,
    source: &[isize],
    destination: &[isize],
) -> Result<Layout, ShapeError> {
    let nd = layout.ndim();
    let src = normalize_axis_tuple(source, nd, Some("source"))?;
    let dst = normalize_axis_tuple(destination, nd, Some("destination"))?;
    if src.len() != dst.len() {
        return Err(ShapeError::MoveaxisLength);
    }
    let mut order: Vec<usize> = (0..nd).filter(|n| !src.contains(n)).collect();
    let mut pairs: Vec<(usize, usize)> = dst.into_iter().zip(src).collect();
    pairs.sort_unstable();
    for (d, s) in pairs {
        order.insert(d, s);
    }
    permute(layout, &order)
}

/// `np.squeeze(a, axis)`; `None` removes every length-1 axis.
pub fn squeeze(layout: &Layout, axis: Option<&[isize]>) -> Result<Layout, ShapeError> {
    let nd = layout.ndim();
    let mut drop = vec![false; nd];
    match axis {
        None => {
            for (d, &n) in drop.iter_mut().zip(layout.shape()) {
                *d = n == 1;
            }
        }
        Some(axes) => {
            for &a in axes {
                let a = normalize_axis(a, nd)?;
                if std::mem::replace(&mut drop[a], true) {
                    return Err(ShapeError::DuplicateAxis);
                }
            }
            if drop.iter().zip(layout.shape()).any(|(&d, &n)| d && n != 1) {
                return Err(ShapeError::SqueezeNotOne);
            }
        }
    }
    let keep = |k: &usize| !drop[*k];
    Ok(Layout::new(
        (0..nd).filter(keep).map(|k| layout.shape()[k]).collect(),
        (0..nd).filter(keep).map(|k| layout.strides()[k]).collect(),
        layout.offset(),
    )?)
}

/// `np.expand_dims(a, axis)`. NumPy implements it as a C-order reshape, so
/// a contiguous array gets fresh C strides on every axis (length-1 axes
/// included); it is always a view.
pub fn expand_dims(layout: &Layout, itemsize: usize, axis: &[isize]) -> Result<Layout, ShapeError> {
    let out_nd = layout.ndim() + axis.len();
    let axes = normalize_axis_tuple(axis, out_nd, None)?;
    let mut old = layout.shape().iter();
    let shape: Vec<isize> = (0..out_nd)
        .map(|k| {
            if axes.contains(&k) {
                1
            } else {
                old.next().map_or(1, |&n| n as isize)
            }
        })
        .collect();
    let view = reshape(layout, itemsize, &shape, Order::C)?;
    Ok(view.expect("inserting length-1 axes never needs a copy"))
}

/// `np.flip(a, axis)`; `None` flips every axis. NumPy flips with `[::-1]`,
/// which leaves an empty axis's stride alone. On a 0-d array NumPy's
/// `m[()]` returns the scalar: the caller does that with the (unchanged)
/// layout this returns.
pub fn flip(layout: &Layout, axis: Option<&[isize]>) -> Result<Layout, ShapeError> {
    let nd = layout.ndim();
    let axes: Vec<usize> = match axis {
        None => (0..nd).collect(),
        Some(a) => normalize_axis_tuple(a, nd, None)?,
    };
    let (shape, mut strides, mut offset) = layout.clone().into_parts();
    for k in axes {
        let n = shape[k];
        if n > 0 {
            // In range: the last element along `k` is an element.
            offset += (n as isize - 1) * strides[k];
            strides[k] = -strides[k];
        }
    }
    Ok(Layout::new(shape, strides, offset)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_spellings() {
        assert_eq!(c_shape_str(&[4], ""), "(4,)");
        assert_eq!(c_shape_str(&[-1, 4], ""), "(4)");
        assert_eq!(c_shape_str(&[4, -1], " "), "(4,newaxis) ");
        assert_eq!(c_shape_str(&[], ""), "()");
        assert_eq!(tuple_repr(&[5, 2]), "(5, 2)");
    }

    #[test]
    fn reshape_of_a_strided_view() {
        // a[::2] of a (4, 3) int64 array: rows merge into a view.
        let l = Layout::new(vec![2, 3], vec![48, 8], 0).unwrap();
        let v = reshape(&l, 8, &[2, 3, 1], Order::C).unwrap().unwrap();
        assert_eq!(v.strides(), vec![48, 8, 8]);
        assert_eq!(reshape(&l, 8, &[6], Order::C).unwrap(), None);
    }
}

#[cfg(test)]
mod numpy_cases {
    use super::super::broadcast::broadcast_to;
    use super::super::index::cases::*;
    use super::*;
    use crate::error::PythonError;

    const SHAPE: &str = include_str!("../../tests/index_cases/shape.txt");

    fn axes(s: &str) -> Option<Vec<isize>> {
        (s != "_").then(|| nums(s))
    }

    /// What our function gives for one row: `Ok(Some(view))`, `Ok(None)`
    /// for a copy, or the error's (kind, message).
    fn run(
        op: &str,
        l: &Layout,
        isz: usize,
        args: &str,
    ) -> Result<Option<Layout>, (ExcKind, String)> {
        let e = |e: ShapeError| (e.kind(), e.to_string());
        match op {
            "reshape" => {
                let (shape, order) = args.split_once('|').unwrap();
                let order = match order {
                    "C" => Order::C,
                    "F" => Order::F,
                    _ => Order::A,
                };
                reshape(l, isz, &nums::<isize>(shape), order).map_err(e)
            }
            "ravel" => Ok(ravel(
                l,
                isz,
                match args {
                    "C" => Order::C,
                    "F" => Order::F,
                    _ => Order::A,
                },
            )),
            "transpose" => transpose(l, axes(args).as_deref()).map(Some).map_err(e),
            "swapaxes" => {
                let v: Vec<isize> = nums(args);
                swapaxes(l, v[0], v[1]).map(Some).map_err(e)
            }
            "moveaxis" => {
                let (s, d) = args.split_once('|').unwrap();
                moveaxis(l, &nums::<isize>(s), &nums::<isize>(d))
                    .map(Some)
                    .map_err(e)
            }
            "squeeze" => squeeze(l, axes(args).as_deref()).map(Some).map_err(e),
            "expand_dims" => expand_dims(l, isz, &nums::<isize>(args))
                .map(Some)
                .map_err(e),
            "flip" => flip(l, axes(args).as_deref()).map(Some).map_err(e),
            "broadcast_to" => broadcast_to(l, &nums::<isize>(args))
                .map(Some)
                .map_err(|e| (e.kind(), e.to_string())),
            _ => panic!("unknown op {op}"),
        }
    }

    #[test]
    fn shape_ops_match_numpy() {
        let mut failures = vec![];
        let mut total = 0;
        for row in rows(SHAPE) {
            total += 1;
            let (l, isz) = source(row[1]);
            let got = run(row[0], &l, isz, row[2]);
            let exp = row[3];
            let why = match &got {
                Err((k, m)) => same_error(*k, m.clone(), exp, row.get(4).unwrap_or(&"")),
                Ok(None) if exp == "COPY" => None,
                Ok(Some(v)) if exp == "SCALAR" && v.ndim() == 0 => None,
                Ok(Some(v)) if exp.strip_prefix("V ").is_some_and(|w| view(w) == *v) => None,
                Ok(_) => Some(format!("got {got:?}")),
            };
            if let Some(why) = why {
                failures.push(format!("{}: {why}", row.join(" | ")));
            }
        }
        report("shape", total, &failures);
    }
}

impl From<crate::array::layout::LayoutError> for ShapeError {
    #[cold]
    fn from(e: crate::array::layout::LayoutError) -> Self {
        ShapeError::Layout(e)
    }
}
