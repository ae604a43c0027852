//! Broadcasting: the common shape of several shapes, and zero-stride views of
//! a layout stretched to a larger shape.
//!
//! Two NumPy entry points report a mismatch with different wording, and users
//! grep for both: `np.broadcast`/`np.broadcast_shapes` name the two
//! offending arguments (Python tuple reprs), while ufuncs and `np.nditer` list
//! every operand in NumPy's compact C spelling (`(2,3) (4,) `, with a trailing
//! space). [`broadcast_shapes`] and [`broadcast_shapes_ufunc`] give each.

use std::fmt;

use super::layout::LayoutError;
use super::layout::{Dims, Layout, dims};
use super::shape::{ExcKind, c_shape_str, tuple_repr};

/// Why shapes could not be broadcast; every variant is a `ValueError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BroadcastError {
    /// A layout NumPy refuses (too many axes, too big, out of bounds).
    Layout(crate::array::layout::LayoutError),
    /// `iterator is too large` (the broadcast element count overflows).
    TooLarge,
    /// `np.broadcast` / `np.broadcast_shapes`: `broadcast dimensions too
    /// large.` (the broadcast element count overflows intp).
    DimensionsTooLarge,
    /// `np.broadcast_shapes` / `np.broadcast`: `shape mismatch: objects cannot
    /// be broadcast to a single shape.  Mismatch is between arg 0 with shape
    /// (2,) and arg 1 with shape (3,).`
    Objects {
        /// Index and shape of the argument that set the axis length.
        first: (usize, Vec<usize>),
        /// Index and shape of the argument that disagreed.
        second: (usize, Vec<usize>),
    },
    /// Ufuncs and `np.nditer`: `operands could not be broadcast together with
    /// shapes (2,3) (4,) ` (every operand, each followed by a space).
    Operands(Vec<Vec<usize>>),
    /// A ufunc's `out=` of another shape than the broadcast one (outputs are
    /// never broadcast): `non-broadcastable output operand with shape (3,)
    /// doesn't match the broadcast shape (2,3)`.
    Output {
        /// The output's shape.
        output: Vec<usize>,
        /// The shape of the iteration.
        shape: Vec<usize>,
    },
    /// `np.broadcast_to`: `operands could not be broadcast together with
    /// remapped shapes [original->remapped]: (3,)  and requested shape (2,4)`.
    Remapped {
        /// The array's shape.
        from: Vec<usize>,
        /// The requested shape.
        to: Vec<usize>,
    },
    /// `np.broadcast_to(a, ())` with `a.ndim > 0`.
    NonScalarToScalar,
    /// `np.broadcast_to` with a negative length.
    NegativeShape,
    /// `np.broadcast_to` to fewer dimensions than the array has.
    TooManyDims,
}

impl crate::error::PythonError for BroadcastError {
    /// The Python exception NumPy raises.
    fn kind(&self) -> ExcKind {
        if let BroadcastError::Layout(e) = self {
            return e.kind();
        }
        ExcKind::ValueError
    }
}

impl fmt::Display for BroadcastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BroadcastError::Layout(e) => fmt::Display::fmt(e, f),
            BroadcastError::TooLarge => f.write_str("iterator is too large"),
            BroadcastError::DimensionsTooLarge => f.write_str("broadcast dimensions too large."),
            BroadcastError::Objects { first, second } => write!(
                f,
                "shape mismatch: objects cannot be broadcast to a single shape.  \
                 Mismatch is between arg {} with shape {} and arg {} with shape {}.",
                first.0,
                tuple_repr(&first.1),
                second.0,
                tuple_repr(&second.1)
            ),
            BroadcastError::Operands(shapes) => {
                f.write_str("operands could not be broadcast together with shapes ")?;
                for s in shapes {
                    f.write_str(&c_shape_str(&to_signed(s), " "))?;
                }
                Ok(())
            }
            BroadcastError::Output { output, shape } => write!(
                f,
                "non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
                c_shape_str(&to_signed(output), ""),
                c_shape_str(&to_signed(shape), "")
            ),
            BroadcastError::Remapped { from, to } => write!(
                f,
                "operands could not be broadcast together with remapped shapes \
                 [original->remapped]: {} and requested shape {}",
                c_shape_str(&to_signed(from), " "),
                c_shape_str(&to_signed(to), "")
            ),
            BroadcastError::NonScalarToScalar => {
                f.write_str("cannot broadcast a non-scalar to a scalar array")
            }
            BroadcastError::NegativeShape => {
                f.write_str("all elements of broadcast shape must be non-negative")
            }
            BroadcastError::TooManyDims => {
                f.write_str("input operand has more dimensions than allowed by the axis remapping")
            }
        }
    }
}

impl std::error::Error for BroadcastError {}

fn to_signed(s: &[usize]) -> Vec<isize> {
    s.iter().map(|&n| n as isize).collect()
}

/// NumPy's `PyArray_Broadcast` over one group of shapes: axis by axis from the
/// left of the result, remembering which argument set each length so that the
/// error names it. Returns `Err((setter, offender))`.
fn broadcast_group(shapes: &[&[usize]]) -> Result<Vec<usize>, (usize, usize)> {
    let nd = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    let mut src = 0;
    for (i, o) in out.iter_mut().enumerate() {
        for (j, s) in shapes.iter().enumerate() {
            let Some(k) = (i + s.len()).checked_sub(nd) else {
                continue;
            };
            let n = s[k];
            if n == 1 {
                continue;
            }
            if *o == 1 {
                *o = n;
                src = j;
            } else if *o != n {
                return Err((src, j));
            }
        }
    }
    Ok(out)
}

#[cold]
fn objects_error(group: &[&[usize]], (a, b): (usize, usize)) -> BroadcastError {
    BroadcastError::Objects {
        first: (a, group[a].to_vec()),
        second: (b, group[b].to_vec()),
    }
}

/// `np.broadcast_shapes(*shapes)`: the broadcast shape, or NumPy's
/// `shape mismatch: objects cannot be broadcast ...` error.
///
/// Like NumPy, more than 64 shapes are broadcast in chunks (`np.broadcast`
/// takes at most 64 at once), so an error in a later chunk names the shape
/// broadcast so far as arg 0 and counts the rest within the chunk.
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Vec<usize>, BroadcastError> {
    let first = &shapes[..shapes.len().min(64)];
    let mut acc = broadcast_group(first).map_err(|e| objects_error(first, e))?;
    check_size(&acc)?;
    let mut pos = 64;
    while pos < shapes.len() {
        let end = (pos + 63).min(shapes.len());
        let mut group: Vec<&[usize]> = vec![&acc];
        group.extend_from_slice(&shapes[pos..end]);
        let next = broadcast_group(&group).map_err(|e| objects_error(&group, e))?;
        check_size(&next)?;
        acc = next;
        pos = end;
    }
    Ok(acc)
}

/// `np.broadcast`'s size check (`PyArray_OverflowMultiplyList`): the
/// product of the lengths, left to right, must fit intp; a zero length met
/// before any overflow makes it 0.
fn check_size(shape: &[usize]) -> Result<(), BroadcastError> {
    let mut prod: usize = 1;
    for &n in shape {
        if n == 0 {
            return Ok(());
        }
        prod = prod
            .checked_mul(n)
            .filter(|&p| p <= isize::MAX as usize)
            .ok_or(BroadcastError::DimensionsTooLarge)?;
    }
    Ok(())
}

/// The broadcast shape of a ufunc's (or `np.nditer`'s) operands, or NumPy's
/// `operands could not be broadcast together with shapes ...` error.
pub fn broadcast_shapes_ufunc(shapes: &[&[usize]]) -> Result<Vec<usize>, BroadcastError> {
    broadcast_group(shapes)
        .map_err(|_| BroadcastError::Operands(shapes.iter().map(|s| s.to_vec()).collect()))
}

/// A view of `layout` with shape `shape`, `Ok(None)` when the shapes do not
/// broadcast (`layout` may not have more dimensions than `shape`), an error
/// when the view's layout is refused (its element count overflows).
///
/// New leading axes and axes of length 1 get stride 0, as `np.broadcast_to`
/// gives them (even where the target length is also 1); the offset is
/// unchanged.
pub fn broadcast_layout(layout: &Layout, shape: &[usize]) -> Result<Option<Layout>, LayoutError> {
    let nd = shape.len();
    let Some(lead) = nd.checked_sub(layout.ndim()) else {
        return Ok(None);
    };
    let mut strides: Dims<isize> = smallvec::smallvec![0; nd];
    for (k, (&n, &s)) in layout.shape().iter().zip(layout.strides()).enumerate() {
        let t = shape[lead + k];
        if n == 1 {
            strides[lead + k] = 0;
        } else if n == t {
            strides[lead + k] = s;
        } else {
            return Ok(None);
        }
    }
    Layout::from_dims(dims(shape), strides, layout.offset()).map(Some)
}

/// `np.broadcast_to(a, shape)` on `a`'s layout: a read-only view with zero
/// strides on the broadcast axes.
pub fn broadcast_to(layout: &Layout, shape: &[isize]) -> Result<Layout, BroadcastError> {
    if shape.is_empty() && layout.ndim() > 0 {
        return Err(BroadcastError::NonScalarToScalar);
    }
    if shape.iter().any(|&n| n < 0) {
        return Err(BroadcastError::NegativeShape);
    }
    let target: Vec<usize> = shape.iter().map(|&n| n as usize).collect();
    if layout.ndim() > target.len() {
        return Err(BroadcastError::TooManyDims);
    }
    match broadcast_layout(layout, &target) {
        Ok(Some(view)) => Ok(view),
        Ok(None) => Err(BroadcastError::Remapped {
            from: layout.shape().to_vec(),
            to: target,
        }),
        // NumPy builds the view through an iterator, which says this.
        Err(LayoutError::TooBig) => Err(BroadcastError::TooLarge),
        Err(e) => Err(BroadcastError::Layout(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        let e = broadcast_shapes(&[&[2], &[3]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "shape mismatch: objects cannot be broadcast to a single shape.  \
             Mismatch is between arg 0 with shape (2,) and arg 1 with shape (3,)."
        );
        let e = broadcast_shapes_ufunc(&[&[2, 3], &[4]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "operands could not be broadcast together with shapes (2,3) (4,) "
        );
        let e = broadcast_to(&Layout::c_order(&[3], 8).unwrap(), &[2, 4]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "operands could not be broadcast together with remapped shapes \
             [original->remapped]: (3,)  and requested shape (2,4)"
        );
        // np.broadcast's size check: an overflow left to right, unless a
        // zero length comes first.
        let big = 1usize << 62;
        let e = broadcast_shapes(&[&[big], &[big, 1]]).unwrap_err();
        assert_eq!(e.to_string(), "broadcast dimensions too large.");
        assert!(broadcast_shapes(&[&[0, big, big]]).is_ok());
        assert!(broadcast_shapes(&[&[big, big, 0]]).is_err());
        assert!(broadcast_shapes(&[&[big, 1], &[1]]).is_ok());
    }
}

#[cfg(test)]
mod numpy_cases {
    use super::super::index::cases::*;
    use super::*;
    use crate::error::PythonError;

    const BROADCAST: &str = include_str!("../../tests/index_cases/broadcast.txt");

    #[test]
    fn broadcast_shapes_match_numpy() {
        let mut failures = vec![];
        let mut total = 0;
        for row in rows(BROADCAST) {
            total += 1;
            let shapes: Vec<Vec<usize>> = row[1].split('|').map(nums).collect();
            let refs: Vec<&[usize]> = shapes.iter().map(|s| s.as_slice()).collect();
            let got = match row[0] {
                "objects" => broadcast_shapes(&refs),
                _ => broadcast_shapes_ufunc(&refs),
            };
            let why = match &got {
                Err(e) => same_error(e.kind(), e.to_string(), row[2], row.get(3).unwrap_or(&"")),
                Ok(s)
                    if row[2]
                        .strip_prefix("S ")
                        .is_some_and(|w| nums::<usize>(w) == *s) =>
                {
                    None
                }
                Ok(s) => Some(format!("got {s:?}")),
            };
            if let Some(why) = why {
                failures.push(format!("{}: {why}", row.join(" | ")));
            }
        }
        report("broadcast", total, &failures);
    }
}

impl From<crate::array::layout::LayoutError> for BroadcastError {
    #[cold]
    fn from(e: crate::array::layout::LayoutError) -> Self {
        BroadcastError::Layout(e)
    }
}
