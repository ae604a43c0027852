//! Sorting, partitioning and the arg-reductions (`argmin`/`argmax`) on
//! strided 1-D lanes, in NumPy's order: NaN after every number (for complex
//! numbers, NumPy's lexicographic order with NaN parts last), `-0.0` equal
//! to `0.0`. The stable sorts ([`sort_lane`], [`argsort_lane`]: NumPy's
//! `kind='stable'`) keep ties in input order: integers and floats by
//! `radsort`'s stable radix sort, complex numbers by the standard library's
//! stable merge sort. NumPy's default kind is not stable, and neither is
//! [`sort_lane_unstable`]: with the `simd` feature, on a CPU with AVX-512F
//! (or AVX2, for float64) it runs the vectorised quicksort of [`vqsort`] for
//! 32- and 64-bit ints and floats, and the stable sort otherwise. N-d
//! operands are walked lane by lane with [`crate::ufunc::iter::lanes`].

use core::cmp::Ordering;

pub use num_complex::Complex;

use crate::dtype::DType;

#[cfg(all(feature = "simd", target_arch = "x86_64", not(miri)))]
mod avx2;
#[cfg(all(feature = "simd", target_arch = "x86_64", not(miri)))]
mod avx512;
#[cfg(feature = "simd")]
pub mod vqsort;

/// An element type with NumPy's sort order.
pub trait SortElem: Copy + 'static {
    /// NumPy's order (`Less` sorts first; NaN last).
    fn order(a: Self, b: Self) -> Ordering;
    /// Whether the element is a NaN (`argmax`/`argmin` stop at the first).
    fn nan(self) -> bool {
        false
    }
    /// Sorts `v` stably in [`SortElem::order`].
    fn sort(v: &mut [Self]) {
        v.sort_by(|a, b| Self::order(*a, *b));
    }
    /// Sorts `v` in [`SortElem::order`], equal elements in any order (NumPy's
    /// default kind): the vectorised quicksort where the CPU has one for
    /// this type, else the stable sort.
    fn sort_unstable(v: &mut [Self]) {
        Self::sort(v);
    }
    /// Sorts the `(element, index)` pairs stably by element.
    fn sort_pairs(v: &mut [(Self, u64)]) {
        v.sort_by(|a, b| Self::order(a.0, b.0));
    }
}

/// Below this length a comparison sort beats the radix sort's passes.
const RADIX_MIN: usize = 256;

macro_rules! radix_ints {
    ($($t:ty),*) => {$(
        impl SortElem for $t {
            #[inline]
            fn order(a: $t, b: $t) -> Ordering {
                a.cmp(&b)
            }
            fn sort(v: &mut [$t]) {
                if v.len() < RADIX_MIN {
                    v.sort();
                } else {
                    radsort::sort(v);
                }
            }
            fn sort_unstable(v: &mut [$t]) {
                #[cfg(feature = "simd")]
                if vqsort::try_sort(v) == vqsort::Sorted::Done {
                    return;
                }
                Self::sort(v);
            }
            fn sort_pairs(v: &mut [($t, u64)]) {
                if v.len() < RADIX_MIN {
                    v.sort_by_key(|p| p.0);
                } else {
                    radsort::sort_by_key(v, |p| p.0);
                }
            }
        }
    )*};
}
radix_ints!(i8, u8, i16, u16, i32, u32, i64, u64);

/// The radix key of a float in NumPy's order: every NaN the positive quiet
/// NaN (sorted last), `-0.0` as `0.0` (equal, so kept in input order).
macro_rules! canonical {
    ($t:ty, $x:expr) => {{
        let x: $t = $x;
        if x.is_nan() {
            <$t>::NAN
        } else if x == 0.0 {
            0.0
        } else {
            x
        }
    }};
}

macro_rules! radix_floats {
    ($($t:ty),*) => {$(
        impl SortElem for $t {
            #[inline]
            fn order(a: $t, b: $t) -> Ordering {
                match (a.is_nan(), b.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    // Neither is NaN: ordered (-0.0 == 0.0).
                    _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
                }
            }
            #[inline]
            fn nan(self) -> bool {
                self.is_nan()
            }
            fn sort(v: &mut [$t]) {
                if v.len() < RADIX_MIN {
                    v.sort_by(|a, b| Self::order(*a, *b));
                } else {
                    radsort::sort_by_key(v, |&x| canonical!($t, x));
                }
            }
            fn sort_unstable(v: &mut [$t]) {
                #[cfg(feature = "simd")]
                match vqsort::try_sort(v) {
                    vqsort::Sorted::Done => return,
                    vqsort::Sorted::NoPath => {}
                    vqsort::Sorted::HasNan => {
                        // NaNs last, then the numbers sorted.
                        let mut k = 0;
                        for i in 0..v.len() {
                            if !v[i].is_nan() {
                                v.swap(i, k);
                                k += 1;
                            }
                        }
                        if vqsort::try_sort(&mut v[..k]) == vqsort::Sorted::Done {
                            return;
                        }
                    }
                }
                Self::sort(v);
            }
            fn sort_pairs(v: &mut [($t, u64)]) {
                if v.len() < RADIX_MIN {
                    v.sort_by(|a, b| Self::order(a.0, b.0));
                } else {
                    radsort::sort_by_key(v, |p| canonical!($t, p.0));
                }
            }
        }
    )*};
}
radix_floats!(f32, f64);

impl SortElem for bool {
    fn order(a: bool, b: bool) -> Ordering {
        a.cmp(&b)
    }
}

macro_rules! complex_order {
    ($($f:ty),*) => {$(
        impl SortElem for Complex<$f> {
            /// NumPy's complex order (its sorts' `LT`): numbers without a
            /// NaN part first, then those with a NaN imaginary part, a NaN
            /// real part, both; within each, by real then imaginary part.
            fn order(a: Self, b: Self) -> Ordering {
                let class = |z: Self| u8::from(z.re.is_nan()) * 2 + u8::from(z.im.is_nan());
                class(a)
                    .cmp(&class(b))
                    .then_with(|| <$f as SortElem>::order(a.re, b.re))
                    .then_with(|| <$f as SortElem>::order(a.im, b.im))
            }
            fn nan(self) -> bool {
                self.re.is_nan() || self.im.is_nan()
            }
        }
    )*};
}
complex_order!(f32, f64);

/// A vector for `n` elements, `None` when the memory cannot be had (the
/// caller raises `MemoryError` instead of aborting).
pub fn try_vec<T>(n: usize) -> Option<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).ok()?;
    Some(v)
}

/// Reads the `n` elements of a lane (`None`: no memory for them).
///
/// # Safety
/// `p` addresses `n` elements of `T` at byte step `s`.
unsafe fn gather<T: Copy>(p: *const u8, n: usize, s: isize) -> Option<Vec<T>> {
    let mut v = try_vec(n)?;
    // SAFETY: as documented.
    v.extend((0..n).map(|i| unsafe { p.offset(i as isize * s).cast::<T>().read_unaligned() }));
    Some(v)
}

/// `(element, index)` pairs of a lane (`None`: no memory for them).
///
/// # Safety
/// As [`gather`].
unsafe fn gather_pairs<T: Copy>(p: *const u8, n: usize, s: isize) -> Option<Vec<(T, u64)>> {
    let mut v = try_vec(n)?;
    v.extend((0..n).map(|i| {
        // SAFETY: as documented (element `i < n`).
        let x = unsafe { p.offset(i as isize * s).cast::<T>().read_unaligned() };
        (x, i as u64)
    }));
    Some(v)
}

/// Sorts a lane in place, stably; false (the lane unchanged) when there is
/// no memory for a strided lane's copy.
///
/// # Safety
/// `p` addresses `n` writable elements of `T` at byte step `s`.
pub unsafe fn sort_lane<T: SortElem>(p: *mut u8, n: usize, s: isize) -> bool {
    // SAFETY: as documented.
    unsafe { sort_lane_by(p, n, s, T::sort) }
}

/// Sorts a lane in place with equal elements in any order (NumPy's default
/// `kind='quicksort'`), as [`sort_lane`] otherwise.
///
/// # Safety
/// As [`sort_lane`].
pub unsafe fn sort_lane_unstable<T: SortElem>(p: *mut u8, n: usize, s: isize) -> bool {
    // SAFETY: as documented.
    unsafe { sort_lane_by(p, n, s, T::sort_unstable) }
}

/// [`sort_lane`] by `sort`.
///
/// # Safety
/// As [`sort_lane`].
unsafe fn sort_lane_by<T: SortElem>(p: *mut u8, n: usize, s: isize, sort: fn(&mut [T])) -> bool {
    if s == size_of::<T>() as isize && p.cast::<T>().is_aligned() {
        // SAFETY: `n` contiguous, aligned elements of `T`.
        let v = unsafe { core::slice::from_raw_parts_mut(p.cast::<T>(), n) };
        sort(v);
        return true;
    }
    // SAFETY: as documented.
    let Some(mut v) = (unsafe { gather::<T>(p, n, s) }) else {
        return false;
    };
    sort(&mut v);
    for (i, x) in v.into_iter().enumerate() {
        // SAFETY: as documented.
        unsafe { p.offset(i as isize * s).cast::<T>().write_unaligned(x) };
    }
    true
}

/// Writes to `o` (int64 at byte step `so`) the stable sorting permutation
/// of the lane at `p`; false when there is no memory for the work.
///
/// # Safety
/// `p` addresses `n` elements of `T` at step `s`; `o` `n` writable int64
/// at step `so`.
pub unsafe fn argsort_lane<T: SortElem>(
    p: *const u8,
    n: usize,
    s: isize,
    o: *mut u8,
    so: isize,
) -> bool {
    // SAFETY: as documented.
    let Some(mut pairs) = (unsafe { gather_pairs::<T>(p, n, s) }) else {
        return false;
    };
    T::sort_pairs(&mut pairs);
    for (i, (_, k)) in pairs.into_iter().enumerate() {
        // SAFETY: as documented.
        unsafe {
            o.offset(i as isize * so)
                .cast::<i64>()
                .write_unaligned(k as i64)
        };
    }
    true
}

/// Partitions `v` so that each `kth` (sorted ascending, deduplicated) holds
/// the element a full sort would put there, smaller ones before it and
/// larger after.
fn partition_slice<T: Copy>(v: &mut [T], kth: &[usize], order: &impl Fn(&T, &T) -> Ordering) {
    // From the last kth down: each selection leaves the elements before it
    // unordered but below it, where the next (smaller) kth is selected.
    let mut end = v.len();
    for &k in kth.iter().rev() {
        if k >= end {
            continue;
        }
        v[..end].select_nth_unstable_by(k, order);
        end = k;
    }
}

/// `partition` of a lane (`kth` sorted, every entry `< n`); false when
/// there is no memory for the work.
///
/// # Safety
/// As [`sort_lane`].
pub unsafe fn partition_lane<T: SortElem>(p: *mut u8, n: usize, s: isize, kth: &[usize]) -> bool {
    // SAFETY: as documented.
    let Some(mut v) = (unsafe { gather::<T>(p, n, s) }) else {
        return false;
    };
    partition_slice(&mut v, kth, &|a, b| T::order(*a, *b));
    for (i, x) in v.into_iter().enumerate() {
        // SAFETY: as documented.
        unsafe { p.offset(i as isize * s).cast::<T>().write_unaligned(x) };
    }
    true
}

/// `argpartition` of a lane into int64 indices at `o`; false when there is
/// no memory for the work.
///
/// # Safety
/// As [`argsort_lane`].
pub unsafe fn argpartition_lane<T: SortElem>(
    p: *const u8,
    n: usize,
    s: isize,
    o: *mut u8,
    so: isize,
    kth: &[usize],
) -> bool {
    // SAFETY: as documented.
    let Some(mut pairs) = (unsafe { gather_pairs::<T>(p, n, s) }) else {
        return false;
    };
    partition_slice(&mut pairs, kth, &|a, b| {
        T::order(a.0, b.0).then(a.1.cmp(&b.1))
    });
    for (i, (_, k)) in pairs.into_iter().enumerate() {
        // SAFETY: as documented.
        unsafe {
            o.offset(i as isize * so)
                .cast::<i64>()
                .write_unaligned(k as i64)
        };
    }
    true
}

/// The index of the first largest (`max`) or smallest element of a lane,
/// or of its first NaN (NumPy's `argmax`/`argmin`); `n > 0`.
///
/// # Safety
/// `p` addresses `n` elements of `T` at step `s`.
pub unsafe fn arg_extreme<T: SortElem>(p: *const u8, n: usize, s: isize, max: bool) -> usize {
    // SAFETY: as documented.
    let at = |i: usize| unsafe { p.offset(i as isize * s).cast::<T>().read_unaligned() };
    let mut best = at(0);
    if best.nan() {
        return 0;
    }
    let mut bi = 0;
    for i in 1..n {
        let x = at(i);
        if x.nan() {
            return i;
        }
        let better = if max {
            T::order(x, best) == Ordering::Greater
        } else {
            T::order(x, best) == Ordering::Less
        };
        if better {
            best = x;
            bi = i;
        }
    }
    bi
}

/// Calls `$body` with `$t` the storage type of dtype `$d` (bool as `bool`:
/// sorting reads bytes that are 0 or 1, which our arrays of bool hold).
#[macro_export]
macro_rules! with_sort_type {
    ($d:expr, $t:ident => $body:expr) => {{
        use $crate::dtype::DType;
        use $crate::sort::Complex;
        match $d {
            DType::Bool => {
                type $t = u8;
                $body
            }
            DType::Int8 => {
                type $t = i8;
                $body
            }
            DType::UInt8 => {
                type $t = u8;
                $body
            }
            DType::Int16 => {
                type $t = i16;
                $body
            }
            DType::UInt16 => {
                type $t = u16;
                $body
            }
            DType::Int32 => {
                type $t = i32;
                $body
            }
            DType::UInt32 => {
                type $t = u32;
                $body
            }
            DType::Int64 => {
                type $t = i64;
                $body
            }
            DType::UInt64 => {
                type $t = u64;
                $body
            }
            DType::Float32 => {
                type $t = f32;
                $body
            }
            DType::Float64 => {
                type $t = f64;
                $body
            }
            DType::Complex64 => {
                type $t = Complex<f32>;
                $body
            }
            DType::Complex128 => {
                type $t = Complex<f64>;
                $body
            }
        }
    }};
}

/// The index of `argmax` (`max`) or `argmin` of a lane of dtype `d`.
///
/// # Safety
/// As [`arg_extreme`].
pub unsafe fn arg_extreme_of(d: DType, p: *const u8, n: usize, s: isize, max: bool) -> usize {
    // SAFETY: the caller's contract, for the storage type of `d`.
    with_sort_type!(d, T => unsafe { arg_extreme::<T>(p, n, s, max) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_sort_with_nan_last_and_stable_zeros() {
        let mut v: Vec<f64> = vec![3.0, f64::NAN, -0.0, 1.0, 0.0, -f64::NAN, -1.0];
        let p = v.as_mut_ptr().cast::<u8>();
        // SAFETY: `v`'s elements.
        unsafe { sort_lane::<f64>(p, v.len(), 8) };
        assert_eq!(&v[..5], &[-1.0, -0.0, 0.0, 1.0, 3.0]);
        assert!(v[1].is_sign_negative() && v[2].is_sign_positive());
        assert!(v[5].is_nan() && v[6].is_nan());
        let mut big: Vec<f64> = (0..1000)
            .map(|i| f64::from((i * 7919) % 1000) - 500.0)
            .collect();
        big[10] = f64::NAN;
        let mut idx = vec![0i64; 1000];
        // SAFETY: 1000 elements each.
        unsafe { argsort_lane::<f64>(big.as_ptr().cast(), 1000, 8, idx.as_mut_ptr().cast(), 8) };
        assert_eq!(idx[999], 10);
        // SAFETY: as above.
        unsafe { sort_lane::<f64>(big.as_mut_ptr().cast(), 1000, 8) };
        assert!(big[..999].windows(2).all(|w| w[0] <= w[1]));
        assert!(big[999].is_nan());
    }

    #[test]
    fn complex_order_is_numpys() {
        let n = f64::NAN;
        let mut v = [
            Complex::new(n, n),
            Complex::new(n, 1.0),
            Complex::new(1.0, n),
            Complex::new(1.0, 1.0),
        ];
        // SAFETY: `v`'s elements.
        unsafe { sort_lane::<Complex<f64>>(v.as_mut_ptr().cast(), 4, 16) };
        assert_eq!(v[0], Complex::new(1.0, 1.0));
        assert!(v[1].re == 1.0 && v[1].im.is_nan());
        assert!(v[2].re.is_nan() && v[2].im == 1.0);
        // A NaN imaginary part sorts after every number without NaN parts.
        let mut w = [Complex::new(-5.0, n), Complex::new(7.0, 0.0)];
        // SAFETY: `w`'s elements.
        unsafe { sort_lane::<Complex<f64>>(w.as_mut_ptr().cast(), 2, 16) };
        assert_eq!(w[0], Complex::new(7.0, 0.0));
    }

    #[test]
    fn partition_and_arg_extremes() {
        let mut v: Vec<i64> = vec![9, 3, 7, 1, 8, 2, 6];
        partition_slice(&mut v, &[1, 5], &|a: &i64, b: &i64| a.cmp(b));
        assert_eq!(v[1], 2);
        assert_eq!(v[5], 8);
        assert!(v[..1].iter().all(|&x| x <= 2) && v[6..].iter().all(|&x| x >= 8));
        let f = [1.0f64, 5.0, 5.0, f64::NAN, 9.0];
        // SAFETY: five elements.
        unsafe {
            assert_eq!(arg_extreme::<f64>(f.as_ptr().cast(), 3, 8, true), 1);
            assert_eq!(arg_extreme::<f64>(f.as_ptr().cast(), 5, 8, true), 3);
            assert_eq!(arg_extreme::<f64>(f.as_ptr().cast(), 5, 8, false), 3);
            assert_eq!(arg_extreme::<f64>(f.as_ptr().cast(), 3, 8, false), 0);
        }
    }
}
