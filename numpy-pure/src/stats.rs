//! `mean`, `var` and `std` of a whole contiguous array, step for step as
//! NumPy's `_methods._mean` / `_var` compute them (a pairwise sum, a
//! division by the count as a float64 `intp` quotient, the deviations
//! squared and summed pairwise), so results are NumPy's bit for bit; the
//! extension uses them for the common call without keywords and NumPy's
//! Python-level algorithm in the package for everything else.

use crate::array::element;
use crate::dtype::DType;
use crate::scalar::Scalar;
use crate::sort::try_vec;
use crate::ufunc::iter::BUFFER_ELEMS;
use crate::ufunc::kernels::pairwise_sum;

/// The dtypes handled here: booleans, integers, float32 and float64.
pub fn supported(d: DType) -> bool {
    d != DType::Complex64 && d != DType::Complex128
}

/// NumPy's `add.reduce(a, dtype=float64)` of `n` contiguous elements of `d`
/// (identity 0, then pairwise sums: of the whole array for float64, of each
/// cast buffer of [`BUFFER_ELEMS`] otherwise).
///
/// # Safety
/// `p` readable for `n` elements of `d`.
unsafe fn sum_f64(d: DType, p: *const u8, n: usize) -> f64 {
    if d == DType::Float64 {
        // SAFETY: as documented.
        return 0.0 + unsafe { pairwise_sum::<f64>(p, n, 8) };
    }
    let mut acc = 0.0;
    let mut buf = vec![0.0f64; BUFFER_ELEMS.min(n)];
    let z = d.itemsize();
    let mut done = 0;
    while done < n {
        let m = BUFFER_ELEMS.min(n - done);
        for (i, slot) in buf[..m].iter_mut().enumerate() {
            // SAFETY: element `done + i < n`.
            *slot = unsafe { element::read(d, p.add((done + i) * z)) }.to_f64();
        }
        // SAFETY: `m` elements of the buffer.
        acc += unsafe { pairwise_sum::<f64>(buf.as_ptr().cast(), m, 8) };
        done += m;
    }
    acc
}

/// `a.mean()` of `n > 0` contiguous elements of `d` (a supported dtype).
///
/// # Safety
/// `p` readable for `n` elements of `d`.
pub unsafe fn mean(d: DType, p: *const u8, n: usize) -> Scalar {
    if d == DType::Float32 {
        // SAFETY: as documented.
        let s = 0.0f32 + unsafe { pairwise_sum::<f32>(p, n, 4) };
        // NumPy divides the float32 sum by an `intp` count: in float64.
        return Scalar::Float32((f64::from(s) / n as f64) as f32);
    }
    // SAFETY: as documented.
    Scalar::Float64(unsafe { sum_f64(d, p, n) } / n as f64)
}

/// `a.var(ddof=ddof)` of `n > ddof` contiguous elements of `d`; `None`
/// when there is no memory for the deviations.
///
/// # Safety
/// `p` readable for `n` elements of `d`.
pub unsafe fn var(d: DType, p: *const u8, n: usize, ddof: usize) -> Option<Scalar> {
    let div = (n - ddof) as f64;
    if d == DType::Float32 {
        // SAFETY: as documented.
        let s = 0.0f32 + unsafe { pairwise_sum::<f32>(p, n, 4) };
        let mean = (f64::from(s) / n as f64) as f32;
        let mut sq: Vec<f32> = try_vec(n)?;
        sq.extend((0..n).map(|i| {
            // SAFETY: element `i < n`.
            let x = unsafe { p.add(i * 4).cast::<f32>().read_unaligned() } - mean;
            x * x
        }));
        // SAFETY: `n` elements of `sq`.
        let ss = 0.0f32 + unsafe { pairwise_sum::<f32>(sq.as_ptr().cast(), n, 4) };
        return Some(Scalar::Float32((f64::from(ss) / div) as f32));
    }
    // SAFETY: as documented.
    let mean = unsafe { sum_f64(d, p, n) } / n as f64;
    let z = d.itemsize();
    let mut sq: Vec<f64> = try_vec(n)?;
    sq.extend((0..n).map(|i| {
        // SAFETY: element `i < n`.
        let x = unsafe { element::read(d, p.add(i * z)) }.to_f64() - mean;
        x * x
    }));
    // SAFETY: `n` elements of `sq`.
    let ss = 0.0 + unsafe { pairwise_sum::<f64>(sq.as_ptr().cast(), n, 8) };
    Some(Scalar::Float64(ss / div))
}

/// `a.std(ddof=ddof)`: the square root of [`var`] in its dtype.
///
/// # Safety
/// As [`var`].
pub unsafe fn std(d: DType, p: *const u8, n: usize, ddof: usize) -> Option<Scalar> {
    // SAFETY: as documented.
    Some(match unsafe { var(d, p, n, ddof) }? {
        Scalar::Float32(v) => Scalar::Float32(v.sqrt()),
        Scalar::Float64(v) => Scalar::Float64(v.sqrt()),
        s => s,
    })
}
