//! The memory layout of an array: shape, byte strides and the byte offset of
//! the first element, with NumPy's contiguity rules.
//!
//! # Invariants (every array, view and kernel relies on these)
//!
//! * `shape.len() == strides.len() <= MAXDIMS` (64).
//! * Strides are in **bytes** and may be negative or zero (broadcast views).
//! * Element `(i0, i1, ...)` lives at `base + offset + Σ ik * strides[k]`, where
//!   `base` is the start of the owning allocation; every such address of an
//!   array with `size() > 0` lies inside the allocation, and is aligned to the
//!   dtype's alignment when the array is `ALIGNED`.
//! * An array with a zero in its shape has no elements: its strides and
//!   offset are never dereferenced.
//! * Contiguity is computed as NumPy does (`_UpdateContiguousFlags`): axes of
//!   length 1 never break contiguity and their strides are ignored; an empty
//!   array is both C- and F-contiguous.

use core::fmt;

use smallvec::SmallVec;

use crate::error::{ExcKind, PythonError};

/// Axes kept inside the layout itself: arrays of up to this many dimensions
/// (nearly all of them) are made, viewed and freed without a heap
/// allocation for their shape and strides (two allocations and two frees of
/// about 60 instructions each per array before, a fifth of a one-element
/// `add`).
const INLINE_DIMS: usize = 4;

/// Shape or strides storage.
pub(crate) type Dims<T> = SmallVec<[T; INLINE_DIMS]>;

/// `s` in a layout's storage: a plain copy into the inline buffer when it
/// fits (smallvec's `from_slice`/`clone` go element by element, which cost
/// more than the allocation they save).
pub(crate) fn dims<T: Copy + Default>(s: &[T]) -> Dims<T> {
    if s.len() <= INLINE_DIMS {
        let mut buf = [T::default(); INLINE_DIMS];
        buf[..s.len()].copy_from_slice(s);
        Dims::from_buf_and_len(buf, s.len())
    } else {
        Dims::from_slice(s)
    }
}

/// NumPy's `NPY_MAXDIMS`.
pub const MAXDIMS: usize = 64;

/// Shape, strides (bytes) and offset (bytes from the allocation start).
///
/// The fields are private: every layout is made by [`Layout::new`] (or the
/// order constructors built on it), which enforces the invariants above that
/// need no memory: the rank, an element count that fits `isize`, and element
/// byte offsets computed without overflow. Whether those offsets lie inside a
/// particular allocation is checked by [`Layout::check_within`] where an
/// array is made over memory.
#[derive(Debug, PartialEq, Eq)]
pub struct Layout {
    shape: Dims<usize>,
    strides: Dims<isize>,
    offset: isize,
}

/// Why a layout was refused (NumPy's messages; all are `ValueError`s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutError {
    /// Shape and strides differ in length.
    Rank,
    /// More than [`MAXDIMS`] axes.
    TooManyDims(usize),
    /// The element count, or the byte count, does not fit `isize`.
    TooBig,
    /// An element's byte offset overflows or falls outside the memory.
    OutOfBounds,
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::Rank => f.write_str("strides, if given, must be the same length as shape"),
            LayoutError::TooManyDims(n) => write!(
                f,
                "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {n}"
            ),
            LayoutError::TooBig => f.write_str(
                "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
            ),
            LayoutError::OutOfBounds => f.write_str(
                "strides is incompatible with shape of requested array and size of buffer",
            ),
        }
    }
}

impl std::error::Error for LayoutError {}

impl PythonError for LayoutError {
    fn kind(&self) -> ExcKind {
        ExcKind::ValueError
    }
}

/// `n` axes are allowed ([`MAXDIMS`] at most, NumPy's ValueError otherwise).
pub fn check_ndim(n: usize) -> Result<(), LayoutError> {
    if n > MAXDIMS {
        return Err(LayoutError::TooManyDims(n));
    }
    Ok(())
}

/// The byte count of `shape` items of `itemsize` bytes, as NumPy checks it
/// before allocating: the product of the non-zero lengths times the item size
/// must fit `isize` (so `(0, 2**62, 2**62)` is refused, as in NumPy).
pub fn checked_nbytes(shape: &[usize], itemsize: usize) -> Result<usize, LayoutError> {
    check_ndim(shape.len())?;
    let nonzero = shape
        .iter()
        .try_fold(itemsize, |acc, &n| acc.checked_mul(n.max(1)))
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or(LayoutError::TooBig)?;
    Ok(if shape.contains(&0) { 0 } else { nonzero })
}

impl Clone for Layout {
    fn clone(&self) -> Layout {
        Layout {
            shape: dims(&self.shape),
            strides: dims(&self.strides),
            offset: self.offset,
        }
    }
}

impl Layout {
    /// The one checked constructor: `shape` and `strides` of one length, at
    /// most [`MAXDIMS`] axes, an element count that fits `isize` (zero
    /// lengths counted as one, as NumPy counts them), and, for a non-empty
    /// array, the byte offset of every element computable without overflow.
    pub fn new(
        shape: Vec<usize>,
        strides: Vec<isize>,
        offset: isize,
    ) -> Result<Layout, LayoutError> {
        Self::from_dims(Dims::from_vec(shape), Dims::from_vec(strides), offset)
    }

    /// [`Layout::new`] over axes already in the layout's own storage.
    pub(crate) fn from_dims(
        shape: Dims<usize>,
        strides: Dims<isize>,
        offset: isize,
    ) -> Result<Layout, LayoutError> {
        if shape.len() != strides.len() {
            return Err(LayoutError::Rank);
        }
        checked_nbytes(&shape, 1)?;
        let layout = Layout {
            shape,
            strides,
            offset,
        };
        layout.element_span()?;
        Ok(layout)
    }

    /// The byte offsets `(first, last)` of the lowest and highest element
    /// (relative to the allocation start), checked; `(offset, offset)` when
    /// the array is empty.
    fn element_span(&self) -> Result<(isize, isize), LayoutError> {
        let (mut lo, mut hi) = (self.offset, self.offset);
        if self.shape.contains(&0) {
            return Ok((lo, hi));
        }
        for (&n, &s) in self.shape.iter().zip(&self.strides) {
            let span = isize::try_from(n - 1)
                .ok()
                .and_then(|m| m.checked_mul(s))
                .ok_or(LayoutError::OutOfBounds)?;
            if span < 0 {
                lo = lo.checked_add(span).ok_or(LayoutError::OutOfBounds)?;
            } else {
                hi = hi.checked_add(span).ok_or(LayoutError::OutOfBounds)?;
            }
        }
        Ok((lo, hi))
    }

    /// Whether every element of `itemsize` bytes lies in `[0, mem_len)`:
    /// the check that makes an array over memory of `mem_len` bytes sound.
    /// An empty array touches nothing, and its offset may lie anywhere (a
    /// flipped or sliced empty view moves it, as NumPy's does): pointers
    /// made from it are formed with wrapping arithmetic and never read.
    pub fn check_within(&self, itemsize: usize, mem_len: usize) -> Result<(), LayoutError> {
        let mem_len = isize::try_from(mem_len).map_err(|_| LayoutError::TooBig)?;
        // NumPy refuses every array whose `size * itemsize` (zero lengths
        // counted as one) overflows, whatever its strides: a broadcast view
        // of one element included (`nbytes`, buffer exports and copies of
        // it could not be computed).
        checked_nbytes(&self.shape, itemsize)?;
        if self.size() == 0 {
            return Ok(());
        }
        let (lo, hi) = self.element_span()?;
        let end = isize::try_from(itemsize)
            .ok()
            .and_then(|i| hi.checked_add(i))
            .ok_or(LayoutError::OutOfBounds)?;
        if lo < 0 || end > mem_len {
            return Err(LayoutError::OutOfBounds);
        }
        Ok(())
    }

    /// A C-ordered (row-major) layout of `shape` for items of `itemsize` bytes.
    /// An empty array gets all-zero strides, as NumPy 2 gives it.
    pub fn c_order(shape: &[usize], itemsize: usize) -> Result<Layout, LayoutError> {
        Self::ordered(shape, itemsize, false)
    }

    /// A Fortran-ordered (column-major) layout (all-zero strides when empty).
    pub fn f_order(shape: &[usize], itemsize: usize) -> Result<Layout, LayoutError> {
        Self::ordered(shape, itemsize, true)
    }

    fn ordered(shape: &[usize], itemsize: usize, fortran: bool) -> Result<Layout, LayoutError> {
        // The byte count fits isize, so no stride below can overflow.
        checked_nbytes(shape, itemsize)?;
        let mut strides: Dims<isize> = if shape.len() <= INLINE_DIMS {
            Dims::from_buf_and_len([0; INLINE_DIMS], shape.len())
        } else {
            smallvec::smallvec![0; shape.len()]
        };
        if !shape.contains(&0) {
            let mut step = itemsize as isize;
            let mut set = |(s, &n): (&mut isize, &usize)| {
                *s = step;
                step *= n as isize;
            };
            if fortran {
                strides.iter_mut().zip(shape).for_each(&mut set);
            } else {
                strides.iter_mut().zip(shape).rev().for_each(&mut set);
            }
        }
        Ok(Layout {
            shape: dims(shape),
            strides,
            offset: 0,
        })
    }

    /// The same axes moved by `offset` bytes (checked as [`Layout::new`]).
    pub fn with_offset(&self, offset: isize) -> Result<Layout, LayoutError> {
        Layout::from_dims(dims(&self.shape), dims(&self.strides), offset)
    }

    /// Length of each axis.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Byte step of each axis.
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }

    /// Byte offset of element `(0, 0, ...)` from the allocation start.
    pub fn offset(&self) -> isize {
        self.offset
    }

    /// A changed copy: `edit` gets the shape, strides and offset to change,
    /// and the result is checked as [`Layout::new`] checks it.
    pub fn edited(
        &self,
        edit: impl FnOnce(&mut Vec<usize>, &mut Vec<isize>, &mut isize),
    ) -> Result<Layout, LayoutError> {
        let (mut shape, mut strides, mut offset) = self.clone().into_parts();
        edit(&mut shape, &mut strides, &mut offset);
        Layout::new(shape, strides, offset)
    }

    /// The parts, to build a changed layout with [`Layout::new`].
    pub fn into_parts(self) -> (Vec<usize>, Vec<isize>, isize) {
        (self.shape.into_vec(), self.strides.into_vec(), self.offset)
    }

    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// NumPy's C-contiguity (`flags.c_contiguous`) for items of `itemsize`.
    pub fn is_c_contiguous(&self, itemsize: usize) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut expected = itemsize as isize;
        for (&n, &s) in self.shape.iter().zip(&self.strides).rev() {
            if n != 1 {
                if s != expected {
                    return false;
                }
                // (Overflow: no stride can equal it, so the next axis fails.)
                expected = expected.saturating_mul(n as isize);
            }
        }
        true
    }

    /// NumPy's Fortran-contiguity (`flags.f_contiguous`).
    pub fn is_f_contiguous(&self, itemsize: usize) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut expected = itemsize as isize;
        for (&n, &s) in self.shape.iter().zip(&self.strides) {
            if n != 1 {
                if s != expected {
                    return false;
                }
                // (Overflow: no stride can equal it, so the next axis fails.)
                expected = expected.saturating_mul(n as isize);
            }
        }
        true
    }

    /// The byte range `[lo, hi)` relative to the allocation start touched by
    /// the elements (empty arrays touch nothing: `(offset, offset)`).
    pub fn byte_extent(&self, itemsize: usize) -> (isize, isize) {
        if self.size() == 0 {
            return (self.offset, self.offset);
        }
        // Cannot fail: `Layout::new` checked the span, and `check_within`
        // (which every array's layout passed) checked `hi + itemsize`.
        let (lo, hi) = self.element_span().unwrap_or((self.offset, self.offset));
        (lo, hi.saturating_add(itemsize as isize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(shape: &[usize], strides: &[isize], offset: isize) -> Layout {
        Layout::new(shape.to_vec(), strides.to_vec(), offset).unwrap()
    }

    #[test]
    fn orders_and_contiguity() {
        let c = Layout::c_order(&[2, 3, 4], 8).unwrap();
        assert_eq!(c.strides(), [96, 32, 8]);
        assert!(c.is_c_contiguous(8) && !c.is_f_contiguous(8));
        let f = Layout::f_order(&[2, 3, 4], 8).unwrap();
        assert_eq!(f.strides(), [8, 16, 48]);
        assert!(f.is_f_contiguous(8) && !f.is_c_contiguous(8));
        // Length-1 axes do not matter; empty arrays are both.
        let one = l(&[1, 3], &[999, 8], 0);
        assert!(one.is_c_contiguous(8) && one.is_f_contiguous(8));
        let empty = l(&[0, 3], &[-5, 7], 0);
        assert!(empty.is_c_contiguous(8) && empty.is_f_contiguous(8));
        let scalar = Layout::c_order(&[], 8).unwrap();
        assert!(scalar.is_c_contiguous(8) && scalar.is_f_contiguous(8));
        assert_eq!(Layout::c_order(&[0, 5], 8).unwrap().strides(), [0, 0]);
    }

    #[test]
    fn extent_with_negative_strides() {
        let a = l(&[3], &[-8], 16);
        assert_eq!(a.byte_extent(8), (0, 24));
        assert_eq!(a.check_within(8, 24), Ok(()));
        assert_eq!(a.check_within(8, 23), Err(LayoutError::OutOfBounds));
        assert_eq!(
            l(&[3], &[-8], 8).check_within(8, 64),
            Err(LayoutError::OutOfBounds)
        );
    }

    #[test]
    fn refuses_what_numpy_refuses() {
        use LayoutError::*;
        let new = |sh: &[usize], st: &[isize], off| Layout::new(sh.to_vec(), st.to_vec(), off);
        assert_eq!(new(&[2], &[8, 8], 0), Err(Rank));
        assert_eq!(new(&[1; 65], &[0; 65], 0), Err(TooManyDims(65)));
        assert!(new(&[1; 64], &[0; 64], 0).is_ok());
        // Element counts that overflow, with and without a zero length.
        assert_eq!(new(&[1 << 62, 1 << 62], &[0, 0], 0), Err(TooBig));
        assert_eq!(new(&[0, 1 << 62, 1 << 62], &[0, 0, 0], 0), Err(TooBig));
        // (n - 1) * stride and offset + span overflow.
        assert_eq!(new(&[3], &[isize::MAX], 0), Err(OutOfBounds));
        assert_eq!(new(&[2], &[isize::MIN], -1), Err(OutOfBounds));
        assert_eq!(new(&[2], &[8], isize::MAX - 4), Err(OutOfBounds));
        // The write primitive: 2**61+1 u8 items over 16 bytes.
        // (its byte count is refused first by `checked_nbytes`, as NumPy does.)
        assert_eq!(checked_nbytes(&[(1 << 61) + 1], 8), Err(TooBig));
        assert_eq!(new(&[(1 << 61) + 1], &[8], 0), Err(OutOfBounds));
        let big = new(&[(1 << 59) + 1], &[8], 0).unwrap();
        assert_eq!(big.check_within(8, 16), Err(OutOfBounds));
        assert_eq!(checked_nbytes(&[1 << 61], 8), Err(TooBig));
        assert_eq!(checked_nbytes(&[1 << 59, 0], 8), Ok(0));
        assert_eq!(checked_nbytes(&[3, 4], 8), Ok(96));
        // Empty arrays touch nothing.
        assert_eq!(l(&[0], &[8], 16).check_within(8, 16), Ok(()));
        // A broadcast view whose byte count overflows, as NumPy's
        // broadcast_to(zeros(1), (2**63 - 1,)): too big, though it reads
        // one element only.
        assert_eq!(
            l(&[isize::MAX as usize], &[0], 0).check_within(8, 8),
            Err(TooBig)
        );
        assert_eq!(
            l(&[isize::MAX as usize], &[0], 0).check_within(1, 1),
            Ok(())
        );
        assert_eq!(
            l(&[isize::MAX as usize, 0], &[0, 0], 0).check_within(2, 0),
            Err(TooBig)
        );
        assert_eq!(l(&[0, 3], &[8, 8], 40).check_within(8, 0), Ok(()));
        // Zero strides (broadcast) over one element: fine while the byte
        // count fits isize (NumPy's broadcast_to(zeros(1), (2**40, 2**19))),
        // too big past it ((2**40, 2**20): NumPy's ValueError too).
        let b = l(&[1 << 40, 1 << 19], &[0, 0], 0);
        assert_eq!(b.check_within(8, 8), Ok(()));
        assert!(!b.is_c_contiguous(8));
        assert_eq!(
            l(&[1 << 40, 1 << 20], &[0, 0], 0).check_within(8, 8),
            Err(TooBig)
        );
    }
}
