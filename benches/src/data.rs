//! Deterministic inputs: a fixed-seed generator and arrays of numpy_hpy's
//! own memory.

use numpy_pure::array::buffer::Buffer;
use numpy_pure::array::element;
use numpy_pure::dtype::{DType, Kind};
use numpy_pure::scalar::Scalar;

/// Marsaglia's xorshift64*: a fixed seed gives the same data every run, with
/// no dependency.
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (0 is replaced: xorshift never leaves 0).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A float in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// `n` uniform floats in [-1e6, 1e6) from `seed`.
pub fn random_f64(n: usize, seed: u64) -> Vec<f64> {
    let mut r = XorShift::new(seed);
    (0..n).map(|_| (r.next_f64() - 0.5) * 2e6).collect()
}

/// `n` uniform int64 over the whole range from `seed`.
pub fn random_i64(n: usize, seed: u64) -> Vec<i64> {
    let mut r = XorShift::new(seed);
    (0..n).map(|_| r.next_u64() as i64).collect()
}

/// An array's memory, as numpy_hpy allocates it (64-byte aligned
/// [`Buffer`]), holding elements of one dtype.
pub struct Array {
    buf: Buffer,
    /// The dtype of its elements.
    pub dtype: DType,
}

impl Array {
    /// `n` zero elements of `dtype`.
    pub fn zeros(dtype: DType, n: usize) -> Array {
        let buf = Buffer::zeroed(n * dtype.itemsize()).expect("memory for the bench's arrays");
        Array { buf, dtype }
    }

    /// `n` elements of `dtype`, element `i` a small value of the dtype's
    /// kind: `1 + i % 100` for integers, `1 + (i % 1000) / 2` for floats,
    /// `i % 3 != 0` for booleans (positive values: no loop here raises an FP
    /// flag or overflows on them). Every page is written, so none faults in
    /// a timed loop.
    pub fn filled(dtype: DType, n: usize) -> Array {
        let a = Array::zeros(dtype, n);
        let z = dtype.itemsize();
        for i in 0..n {
            let v = match dtype.kind() {
                Kind::Float | Kind::Complex => Scalar::Float64((i % 1000) as f64 * 0.5 + 1.0),
                Kind::Bool => Scalar::Bool(i % 3 != 0),
                _ => Scalar::Int64((i % 100) as i64 + 1),
            };
            // SAFETY: element `i < n` of the `n * z` bytes allocated above.
            unsafe { element::write(a.buf.as_ptr().add(i * z), v.cast(dtype)) };
        }
        a
    }

    /// The elements of `v` (of `dtype`'s storage type `T`).
    ///
    /// # Panics
    /// When `T`'s size is not `dtype`'s item size.
    pub fn from_slice<T: Copy>(dtype: DType, v: &[T]) -> Array {
        assert_eq!(size_of::<T>(), dtype.itemsize(), "{dtype:?} elements");
        let a = Array::zeros(dtype, v.len());
        // SAFETY: `v.len()` elements of `T`'s size were allocated, and the
        // buffer is a new allocation, not overlapping `v`.
        unsafe { core::ptr::copy_nonoverlapping(v.as_ptr(), a.buf.as_ptr().cast::<T>(), v.len()) };
        a
    }

    /// The first byte.
    pub fn as_ptr(&self) -> *mut u8 {
        self.buf.as_ptr()
    }

    /// The size in bytes.
    pub fn nbytes(&self) -> usize {
        self.buf.len()
    }

    /// Whether every index of `shape`, at byte `strides` (none negative)
    /// from the first byte, addresses a whole element inside the array.
    pub fn covers(&self, shape: &[usize], strides: &[isize]) -> bool {
        if shape.len() != strides.len() || strides.iter().any(|&s| s < 0) {
            return false;
        }
        if shape.contains(&0) {
            return true;
        }
        let last = shape.iter().zip(strides).try_fold(0usize, |acc, (&n, &s)| {
            (n - 1).checked_mul(s as usize)?.checked_add(acc)
        });
        last.and_then(|l| l.checked_add(self.dtype.itemsize()))
            .is_some_and(|end| end <= self.nbytes())
    }

    /// Sets element `i` (of a contiguous array) to `v`, cast to the dtype.
    ///
    /// # Panics
    /// When `i` is out of bounds.
    pub fn set(&mut self, i: usize, v: Scalar) {
        let z = self.dtype.itemsize();
        assert!((i + 1) * z <= self.nbytes());
        // SAFETY: in bounds (checked), an element of `dtype`, not shared
        // (`&mut self`).
        unsafe { element::write(self.as_ptr().add(i * z), v.cast(self.dtype)) }
    }

    /// Element `i` (of a contiguous array) as a scalar.
    ///
    /// # Panics
    /// When `i` is out of bounds.
    pub fn get(&self, i: usize) -> Scalar {
        let z = self.dtype.itemsize();
        assert!((i + 1) * z <= self.nbytes());
        // SAFETY: in bounds (checked), an element of `dtype`.
        unsafe { element::read(self.dtype, self.as_ptr().add(i * z)) }
    }
}

/// C-order byte strides of `shape` for elements of `itemsize` bytes.
pub fn c_strides(shape: &[usize], itemsize: usize) -> Vec<isize> {
    let mut s = vec![0isize; shape.len()];
    let mut step = itemsize as isize;
    for k in (0..shape.len()).rev() {
        s[k] = step;
        step *= shape[k] as isize;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_seed_is_deterministic() {
        assert_eq!(random_f64(5, 7), random_f64(5, 7));
        assert_ne!(random_i64(5, 7), random_i64(5, 8));
        assert!(random_f64(1000, 1).iter().all(|x| x.abs() <= 1e6));
    }

    #[test]
    fn arrays_hold_their_values_and_check_bounds() {
        let a = Array::filled(DType::Int32, 10);
        assert_eq!(a.get(3), Scalar::Int32(4));
        assert!(a.covers(&[10], &[4]));
        assert!(!a.covers(&[11], &[4]));
        assert!(a.covers(&[5], &[8]));
        assert!(!a.covers(&[6], &[8]));
        assert!(a.covers(&[2, 5], &[20, 4]));
        assert!(a.covers(&[1000, 10], &[0, 4]));
        assert!(!a.covers(&[2], &[-4]));
        assert_eq!(c_strides(&[2, 3, 4], 8), [96, 32, 8]);
        let f = Array::from_slice(DType::Float64, &[1.5f64, 2.5]);
        assert_eq!(f.get(1), Scalar::Float64(2.5));
    }
}
