//! [`Lanes`] on AVX2: 256-bit vectors of f64.
//!
//! AVX2 has no compress: a vector splits into two stores (see
//! [`Lanes::store_split`]) by one permutation from a table indexed by the
//! comparison mask, which puts the lanes that go left first and the rest
//! last; that vector is stored whole at both ends.

use core::arch::x86_64::*;

use super::vqsort::{Lanes, clean, exchange2, sort_vector};

/// For each 4-bit mask, the 32-bit lane indices that move the 64-bit lanes
/// not in the mask first and those in it last, each in lane order.
const SPLIT4: [[i32; 8]; 16] = {
    let mut t = [[0i32; 8]; 16];
    let mut m = 0;
    while m < 16 {
        let mut out = 0;
        let mut pass = 0;
        while pass < 2 {
            let mut i: usize = 0;
            while i < 4 {
                if ((m >> i) & 1) == pass {
                    t[m][2 * out] = 2 * i as i32;
                    t[m][2 * out + 1] = 2 * i as i32 + 1;
                    out += 1;
                }
                i += 1;
            }
            pass += 1;
        }
        m += 1;
    }
    t
};

/// `-1` in the 64-bit lanes below `n` (or in mask `m`), 0 elsewhere.
#[inline(always)]
fn lanes64(m: u64) -> [i64; 4] {
    core::array::from_fn(|i| -(((m >> i) & 1) as i64))
}

/// Four lanes of `f64` in a ymm register.
#[derive(Clone, Copy)]
pub(super) struct F64x4(__m256d);

// SAFETY: every method enables AVX2, which the trait lets it assume; the
// memory each touches is what its contract names.
unsafe impl Lanes for F64x4 {
    type E = f64;
    const N: usize = 4;
    const MAX: f64 = f64::INFINITY;

    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn splat(x: f64) -> Self {
        Self(_mm256_set1_pd(x))
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn load(p: *const f64) -> Self {
        // SAFETY: `N` readable elements at `p`.
        Self(unsafe { _mm256_loadu_pd(p) })
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn store(self, p: *mut f64) {
        // SAFETY: `N` writable elements at `p`.
        unsafe { _mm256_storeu_pd(p, self.0) }
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn load_part(p: *const f64, n: usize) -> Self {
        let m = lanes64((1 << n) - 1);
        // SAFETY: `m` is 32 readable bytes; `vmaskmovpd` reads no
        // masked-off lane (and cannot fault on one).
        unsafe {
            let m = _mm256_loadu_si256(m.as_ptr().cast());
            let v = _mm256_maskload_pd(p, m);
            Self(_mm256_blendv_pd(
                _mm256_set1_pd(Self::MAX),
                v,
                _mm256_castsi256_pd(m),
            ))
        }
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn store_part(self, p: *mut f64, n: usize) {
        let m = lanes64((1 << n) - 1);
        // SAFETY: `m` is 32 readable bytes; `vmaskmovpd` writes no
        // masked-off lane (and cannot fault on one).
        unsafe { _mm256_maskstore_pd(p, _mm256_loadu_si256(m.as_ptr().cast()), self.0) }
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn min(a: Self, b: Self) -> Self {
        Self(_mm256_min_pd(a.0, b.0))
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn max(a: Self, b: Self) -> Self {
        Self(_mm256_max_pd(a.0, b.0))
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn xor_lanes(self, x: usize) -> Self {
        Self(match x {
            0 => self.0,
            1 => _mm256_permute_pd::<0b0101>(self.0),
            2 => _mm256_permute4x64_pd::<0b0100_1110>(self.0),
            _ => _mm256_permute4x64_pd::<0b0001_1011>(self.0),
        })
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn blend(a: Self, b: Self, m: u64) -> Self {
        let m = lanes64(m);
        // SAFETY: `m` is 32 readable bytes.
        let m = unsafe { _mm256_loadu_si256(m.as_ptr().cast()) };
        Self(_mm256_blendv_pd(a.0, b.0, _mm256_castsi256_pd(m)))
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn nans(self) -> u64 {
        _mm256_movemask_pd(_mm256_cmp_pd::<_CMP_UNORD_Q>(self.0, self.0)) as u64
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn goes_right(self, pivot: Self, strict: bool) -> u64 {
        let c = if strict {
            _mm256_cmp_pd::<_CMP_GT_OQ>(self.0, pivot.0)
        } else {
            _mm256_cmp_pd::<_CMP_GE_OQ>(self.0, pivot.0)
        };
        _mm256_movemask_pd(c) as u64
    }
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn store_split(self, m: u64, l: *mut f64, r_end: *mut f64) {
        // SAFETY: `SPLIT4[m]` is 32 readable bytes (`m < 16`); a whole
        // vector at `l`, then one ending at `r_end`, as the contract allows.
        unsafe {
            let idx = _mm256_loadu_si256(SPLIT4[m as usize & 15].as_ptr().cast());
            let v = _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(self.0), idx));
            _mm256_storeu_pd(l, v);
            _mm256_storeu_pd(r_end.sub(4), v);
        }
    }

    /// Groups of four vectors: their columns sorted by a 5-comparator
    /// network across the vectors (two instructions sort four pairs), then
    /// transposed.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn sort_each<const K: usize>(vs: &mut [Self; K]) {
        if K < 4 {
            for v in vs.iter_mut() {
                // SAFETY: AVX2.
                *v = unsafe { sort_vector(*v) };
            }
            return;
        }
        for g in vs.chunks_exact_mut(4) {
            let [mut r0, mut r1, mut r2, mut r3] = [g[0], g[1], g[2], g[3]];
            // SAFETY: AVX2.
            unsafe {
                exchange2(&mut r0, &mut r1);
                exchange2(&mut r2, &mut r3);
                exchange2(&mut r0, &mut r2);
                exchange2(&mut r1, &mut r3);
                exchange2(&mut r1, &mut r2);
            }
            let t0 = _mm256_unpacklo_pd(r0.0, r1.0);
            let t1 = _mm256_unpackhi_pd(r0.0, r1.0);
            let t2 = _mm256_unpacklo_pd(r2.0, r3.0);
            let t3 = _mm256_unpackhi_pd(r2.0, r3.0);
            g[0] = Self(_mm256_permute2f128_pd::<0x20>(t0, t2));
            g[1] = Self(_mm256_permute2f128_pd::<0x20>(t1, t3));
            g[2] = Self(_mm256_permute2f128_pd::<0x31>(t0, t2));
            g[3] = Self(_mm256_permute2f128_pd::<0x31>(t1, t3));
        }
    }

    /// Pairs of bitonic vectors cleaned together: each half-cleaner stage
    /// gathers the two elements of every compared pair into two vectors,
    /// so one `min` and one `max` do four pairs.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn clean_each<const K: usize>(vs: &mut [Self; K]) {
        if K < 2 {
            for v in vs.iter_mut() {
                // SAFETY: AVX2.
                *v = unsafe { clean(*v) };
            }
            return;
        }
        for g in vs.chunks_exact_mut(2) {
            let (a, b) = (g[0].0, g[1].0);
            // Distance 2: lanes 0, 1 against 2, 3. `min(x, y)` returns `y`
            // on ties and `max(y, x)` returns `x`: both elements kept.
            let x = _mm256_permute2f128_pd::<0x20>(a, b);
            let y = _mm256_permute2f128_pd::<0x31>(a, b);
            let (lo, hi) = (_mm256_min_pd(x, y), _mm256_max_pd(y, x));
            // Distance 1: (lo0, lo1), (hi0, hi1) of `a`; (lo2, lo3),
            // (hi2, hi3) of `b`.
            let x = _mm256_unpacklo_pd(lo, hi);
            let y = _mm256_unpackhi_pd(lo, hi);
            let (mn, mx) = (_mm256_min_pd(x, y), _mm256_max_pd(y, x));
            let ul = _mm256_unpacklo_pd(mn, mx);
            let uh = _mm256_unpackhi_pd(mn, mx);
            g[0] = Self(_mm256_permute2f128_pd::<0x20>(ul, uh));
            g[1] = Self(_mm256_permute2f128_pd::<0x31>(ul, uh));
        }
    }
}
