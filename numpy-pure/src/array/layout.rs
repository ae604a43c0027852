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

/// NumPy's `NPY_MAXDIMS`.
pub const MAXDIMS: usize = 64;

/// Shape, strides (bytes) and offset (bytes from the allocation start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Length of each axis.
    pub shape: Vec<usize>,
    /// Byte step of each axis.
    pub strides: Vec<isize>,
    /// Byte offset of element `(0, 0, ...)` from the allocation start.
    pub offset: isize,
}

impl Layout {
    /// A C-ordered (row-major) layout of `shape` for items of `itemsize` bytes.
    /// An empty array gets all-zero strides, as NumPy 2 gives it.
    pub fn c_order(shape: &[usize], itemsize: usize) -> Layout {
        if shape.contains(&0) {
            return Layout {
                shape: shape.to_vec(),
                strides: vec![0; shape.len()],
                offset: 0,
            };
        }
        let mut strides = vec![0isize; shape.len()];
        let mut step = itemsize as isize;
        for (s, &n) in strides.iter_mut().zip(shape).rev() {
            *s = step;
            step *= n.max(1) as isize;
        }
        Layout {
            shape: shape.to_vec(),
            strides,
            offset: 0,
        }
    }

    /// A Fortran-ordered (column-major) layout (all-zero strides when empty).
    pub fn f_order(shape: &[usize], itemsize: usize) -> Layout {
        if shape.contains(&0) {
            return Layout {
                shape: shape.to_vec(),
                strides: vec![0; shape.len()],
                offset: 0,
            };
        }
        let mut strides = vec![0isize; shape.len()];
        let mut step = itemsize as isize;
        for (s, &n) in strides.iter_mut().zip(shape) {
            *s = step;
            step *= n.max(1) as isize;
        }
        Layout {
            shape: shape.to_vec(),
            strides,
            offset: 0,
        }
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
                expected *= n as isize;
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
                expected *= n as isize;
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
        let (mut lo, mut hi) = (self.offset, self.offset);
        for (&n, &s) in self.shape.iter().zip(&self.strides) {
            let span = (n as isize - 1) * s;
            if span < 0 {
                lo += span;
            } else {
                hi += span;
            }
        }
        (lo, hi + itemsize as isize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_contiguity() {
        let c = Layout::c_order(&[2, 3, 4], 8);
        assert_eq!(c.strides, vec![96, 32, 8]);
        assert!(c.is_c_contiguous(8) && !c.is_f_contiguous(8));
        let f = Layout::f_order(&[2, 3, 4], 8);
        assert_eq!(f.strides, vec![8, 16, 48]);
        assert!(f.is_f_contiguous(8) && !f.is_c_contiguous(8));
        // Length-1 axes do not matter; empty arrays are both.
        let one = Layout {
            shape: vec![1, 3],
            strides: vec![999, 8],
            offset: 0,
        };
        assert!(one.is_c_contiguous(8) && one.is_f_contiguous(8));
        let empty = Layout {
            shape: vec![0, 3],
            strides: vec![-5, 7],
            offset: 0,
        };
        assert!(empty.is_c_contiguous(8) && empty.is_f_contiguous(8));
        let scalar = Layout::c_order(&[], 8);
        assert!(scalar.is_c_contiguous(8) && scalar.is_f_contiguous(8));
    }

    #[test]
    fn extent_with_negative_strides() {
        let l = Layout {
            shape: vec![3],
            strides: vec![-8],
            offset: 16,
        };
        assert_eq!(l.byte_extent(8), (0, 24));
    }
}
