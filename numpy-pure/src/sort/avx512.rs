//! [`Lanes`] on AVX-512F: 512-bit vectors of f64, f32, i64, u64, i32, u32.
//!
//! A vector splits into two stores (see [`Lanes::store_split`]) by
//! compressing in registers (`vcompress` with a zeroing mask), then a full
//! store and a masked one: the compressing store to memory is microcoded and
//! an order of magnitude slower on AMD Zen 4.

use core::arch::x86_64::*;

use super::vqsort::Lanes;

/// The mask of the lowest `n` lanes.
#[inline(always)]
fn low(n: usize) -> u64 {
    (1u64 << n) - 1
}

macro_rules! avx512 {
    ($(
        $name:ident($e:ty, $n:literal, $reg:ty, $mask:ty, $ix:ty, max = $max:expr) {
            set1: $set1:ident as $st:ty,
            load: |$lp:ident| $load:expr,
            store: |$sp:ident, $sv:ident| $store:expr,
            mask_load: $mload:ident as $mlt:ty,
            mask_store: $mstore:ident as $mst:ty,
            min: $min:ident, max: $max_:ident,
            permute: $perm:ident,
            blend: $blend:ident,
            compress: $compress:ident,
            ge: |$ga:ident, $gb:ident| $ge:expr,
            gt: |$ta:ident, $tb:ident| $gt:expr,
            nans: |$na:ident| $nans:expr,
        }
    )*) => {$(
        #[doc = concat!("`", stringify!($n), "` lanes of `", stringify!($e), "` in a zmm register.")]
        #[derive(Clone, Copy)]
        pub(super) struct $name($reg);

        // SAFETY: every method enables AVX-512F, which the trait lets it
        // assume; the memory each touches is what its contract names.
        unsafe impl Lanes for $name {
            type E = $e;
            const N: usize = $n;
            const MAX: $e = $max;

            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn splat(x: $e) -> Self {
                Self($set1(x as $st))
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn load(p: *const $e) -> Self {
                let $lp = p;
                // SAFETY: `N` readable elements at `p`.
                Self(unsafe { $load })
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn store(self, p: *mut $e) {
                let ($sp, $sv) = (p, self.0);
                // SAFETY: `N` writable elements at `p`.
                unsafe { $store }
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn load_part(p: *const $e, n: usize) -> Self {
                // SAFETY: masked-off lanes are not read (and cannot fault).
                Self(unsafe { $mload($set1(Self::MAX as $st), low(n) as $mask, p.cast::<$mlt>()) })
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn store_part(self, p: *mut $e, n: usize) {
                // SAFETY: masked-off lanes are not written (and cannot fault).
                unsafe { $mstore(p.cast::<$mst>(), low(n) as $mask, self.0) }
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn min(a: Self, b: Self) -> Self {
                Self($min(a.0, b.0))
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn max(a: Self, b: Self) -> Self {
                Self($max_(a.0, b.0))
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn xor_lanes(self, x: usize) -> Self {
                let idx: [$ix; $n] = core::array::from_fn(|i| (i ^ x) as $ix);
                // SAFETY: reads the 64 bytes of `idx`.
                let idx = unsafe { _mm512_loadu_si512(idx.as_ptr().cast()) };
                Self($perm(idx, self.0))
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn blend(a: Self, b: Self, m: u64) -> Self {
                Self($blend(m as $mask, a.0, b.0))
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn nans(self) -> u64 {
                let $na = self.0;
                $nans
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn goes_right(self, pivot: Self, strict: bool) -> u64 {
                let (a, b) = (self.0, pivot.0);
                if strict {
                    let ($ta, $tb) = (a, b);
                    u64::from($gt)
                } else {
                    let ($ga, $gb) = (a, b);
                    u64::from($ge)
                }
            }
            #[inline]
            #[target_feature(enable = "avx512f")]
            unsafe fn store_split(self, m: u64, l: *mut $e, r_end: *mut $e) {
                let k = m.count_ones() as usize;
                // SAFETY: a whole vector at `l`, then `k` lanes (masked
                // store) ending at `r_end`, as the contract allows.
                unsafe {
                    let left = $compress(!m as $mask, self.0);
                    let ($sp, $sv) = (l, left);
                    $store;
                    $mstore(r_end.sub(k).cast::<$mst>(), low(k) as $mask, $compress(m as $mask, self.0));
                }
            }
        }
    )*};
}

avx512! {
    F64x8(f64, 8, __m512d, u8, i64, max = f64::INFINITY) {
        set1: _mm512_set1_pd as f64,
        load: |p| _mm512_loadu_pd(p),
        store: |p, v| _mm512_storeu_pd(p, v),
        mask_load: _mm512_mask_loadu_pd as f64,
        mask_store: _mm512_mask_storeu_pd as f64,
        min: _mm512_min_pd, max: _mm512_max_pd,
        permute: _mm512_permutexvar_pd,
        blend: _mm512_mask_blend_pd,
        compress: _mm512_maskz_compress_pd,
        ge: |a, b| _mm512_cmp_pd_mask::<_CMP_GE_OQ>(a, b),
        gt: |a, b| _mm512_cmp_pd_mask::<_CMP_GT_OQ>(a, b),
        nans: |v| u64::from(_mm512_cmp_pd_mask::<_CMP_UNORD_Q>(v, v)),
    }
    F32x16(f32, 16, __m512, u16, i32, max = f32::INFINITY) {
        set1: _mm512_set1_ps as f32,
        load: |p| _mm512_loadu_ps(p),
        store: |p, v| _mm512_storeu_ps(p, v),
        mask_load: _mm512_mask_loadu_ps as f32,
        mask_store: _mm512_mask_storeu_ps as f32,
        min: _mm512_min_ps, max: _mm512_max_ps,
        permute: _mm512_permutexvar_ps,
        blend: _mm512_mask_blend_ps,
        compress: _mm512_maskz_compress_ps,
        ge: |a, b| _mm512_cmp_ps_mask::<_CMP_GE_OQ>(a, b),
        gt: |a, b| _mm512_cmp_ps_mask::<_CMP_GT_OQ>(a, b),
        nans: |v| u64::from(_mm512_cmp_ps_mask::<_CMP_UNORD_Q>(v, v)),
    }
    I64x8(i64, 8, __m512i, u8, i64, max = i64::MAX) {
        set1: _mm512_set1_epi64 as i64,
        load: |p| _mm512_loadu_si512(p.cast()),
        store: |p, v| _mm512_storeu_si512(p.cast(), v),
        mask_load: _mm512_mask_loadu_epi64 as i64,
        mask_store: _mm512_mask_storeu_epi64 as i64,
        min: _mm512_min_epi64, max: _mm512_max_epi64,
        permute: _mm512_permutexvar_epi64,
        blend: _mm512_mask_blend_epi64,
        compress: _mm512_maskz_compress_epi64,
        ge: |a, b| _mm512_cmpge_epi64_mask(a, b),
        gt: |a, b| _mm512_cmpgt_epi64_mask(a, b),
        nans: |v| { let _ = v; 0 },
    }
    U64x8(u64, 8, __m512i, u8, i64, max = u64::MAX) {
        set1: _mm512_set1_epi64 as i64,
        load: |p| _mm512_loadu_si512(p.cast()),
        store: |p, v| _mm512_storeu_si512(p.cast(), v),
        mask_load: _mm512_mask_loadu_epi64 as i64,
        mask_store: _mm512_mask_storeu_epi64 as i64,
        min: _mm512_min_epu64, max: _mm512_max_epu64,
        permute: _mm512_permutexvar_epi64,
        blend: _mm512_mask_blend_epi64,
        compress: _mm512_maskz_compress_epi64,
        ge: |a, b| _mm512_cmpge_epu64_mask(a, b),
        gt: |a, b| _mm512_cmpgt_epu64_mask(a, b),
        nans: |v| { let _ = v; 0 },
    }
    I32x16(i32, 16, __m512i, u16, i32, max = i32::MAX) {
        set1: _mm512_set1_epi32 as i32,
        load: |p| _mm512_loadu_si512(p.cast()),
        store: |p, v| _mm512_storeu_si512(p.cast(), v),
        mask_load: _mm512_mask_loadu_epi32 as i32,
        mask_store: _mm512_mask_storeu_epi32 as i32,
        min: _mm512_min_epi32, max: _mm512_max_epi32,
        permute: _mm512_permutexvar_epi32,
        blend: _mm512_mask_blend_epi32,
        compress: _mm512_maskz_compress_epi32,
        ge: |a, b| _mm512_cmpge_epi32_mask(a, b),
        gt: |a, b| _mm512_cmpgt_epi32_mask(a, b),
        nans: |v| { let _ = v; 0 },
    }
    U32x16(u32, 16, __m512i, u16, i32, max = u32::MAX) {
        set1: _mm512_set1_epi32 as i32,
        load: |p| _mm512_loadu_si512(p.cast()),
        store: |p, v| _mm512_storeu_si512(p.cast(), v),
        mask_load: _mm512_mask_loadu_epi32 as i32,
        mask_store: _mm512_mask_storeu_epi32 as i32,
        min: _mm512_min_epu32, max: _mm512_max_epu32,
        permute: _mm512_permutexvar_epi32,
        blend: _mm512_mask_blend_epi32,
        compress: _mm512_maskz_compress_epi32,
        ge: |a, b| _mm512_cmpge_epu32_mask(a, b),
        gt: |a, b| _mm512_cmpgt_epu32_mask(a, b),
        nans: |v| { let _ = v; 0 },
    }
}
