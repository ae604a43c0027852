//! A vectorised quicksort (NumPy's default, unstable `sort` kind) in the
//! spirit of x86-simd-sort and Highway's vqsort: partitions by one
//! vector-wide comparison and two stores per vector, small ranges by a
//! bitonic sorting network held in registers, pivots as the median of a
//! sorted vector of samples, and the standard library's unstable sort (itself
//! O(n log n) in the worst case) when the recursion goes too deep.
//!
//! One generic algorithm over [`Lanes`] (a vector of one element type on
//! one instruction set); the vector types are in [`super::avx512`] and
//! [`super::avx2`]. The path is chosen once per process from
//! [`crate::cpu::detect`] (so `NUMPY_HPY_DISABLE_CPU_FEATURES` forces a lower
//! one); elsewhere, and under Miri, [`try_sort`] declines and the portable
//! radix sort runs.
//!
//! Floats arrive without NaNs (the caller moves them to the end first), so
//! their `<` is a total order in which `-0.0` equals `0.0`. `min`/`max` keep
//! both of two equal elements (`minpd` returns its second operand on ties,
//! see [`Lanes::min`]), so the sorted output is a permutation of the input
//! bit for bit.

use core::sync::atomic::{AtomicU8, Ordering};

/// A vector of `N` elements of `E` on one instruction set.
///
/// # Safety
/// Implementations may assume the CPU has their instruction set: every
/// method is `unsafe` to call for that reason, on top of what its own
/// `# Safety` says.
pub(super) unsafe trait Lanes: Copy {
    /// The element type.
    type E: Copy + PartialOrd;
    /// Lanes per vector: 4, 8 or 16.
    const N: usize;
    /// The greatest element: pads partial vectors in the sorting network.
    const MAX: Self::E;

    /// Every lane `x`.
    unsafe fn splat(x: Self::E) -> Self;
    /// # Safety
    /// `p` addresses `N` readable elements.
    unsafe fn load(p: *const Self::E) -> Self;
    /// # Safety
    /// `p` addresses `N` writable elements.
    unsafe fn store(self, p: *mut Self::E);
    /// The first `n < N` lanes from `p`, the rest [`Lanes::MAX`].
    ///
    /// # Safety
    /// `p` addresses `n` readable elements (no more are read).
    unsafe fn load_part(p: *const Self::E, n: usize) -> Self;
    /// Stores the first `n < N` lanes.
    ///
    /// # Safety
    /// `p` addresses `n` writable elements (no more are written).
    unsafe fn store_part(self, p: *mut Self::E, n: usize);
    /// Per lane `a < b ? a : b`: on ties the second operand, as `minpd`.
    unsafe fn min(a: Self, b: Self) -> Self;
    /// Per lane `a > b ? a : b`: on ties the second operand, as `maxpd`.
    unsafe fn max(a: Self, b: Self) -> Self;
    /// Lane `i` takes lane `i ^ x` (`x < N`).
    unsafe fn xor_lanes(self, x: usize) -> Self;
    /// Lane `i` from `b` where bit `i` of `m` is set, else from `a`.
    unsafe fn blend(a: Self, b: Self, m: u64) -> Self;
    /// Bit `i` set where lane `i` is a NaN (never, for integers).
    unsafe fn nans(self) -> u64;
    /// Bit `i` set where lane `i` is `>= pivot` (`> pivot` when `strict`).
    unsafe fn goes_right(self, pivot: Self, strict: bool) -> u64;
    /// Writes the lanes not in `m` to the first elements from `l` and the
    /// lanes in `m` to the last `m.count_ones()` elements before `r_end`.
    ///
    /// # Safety
    /// `l` addresses `N` writable elements and so do the `N` elements that
    /// end at `r_end` (a whole vector may be stored at either; only the
    /// elements named above matter). The region at `r_end` is written after
    /// `l`'s, so the two may overlap.
    unsafe fn store_split(self, m: u64, l: *mut Self::E, r_end: *mut Self::E);

    /// Sorts the lanes of each vector (an instruction set may do several at
    /// once, e.g. sorting columns and transposing).
    #[inline(always)]
    unsafe fn sort_each<const K: usize>(vs: &mut [Self; K]) {
        for v in vs.iter_mut() {
            // SAFETY: the caller's instruction set.
            *v = unsafe { sort_vector(*v) };
        }
    }

    /// Sorts each vector, each bitonic.
    #[inline(always)]
    unsafe fn clean_each<const K: usize>(vs: &mut [Self; K]) {
        for v in vs.iter_mut() {
            // SAFETY: the caller's instruction set.
            *v = unsafe { clean(*v) };
        }
    }
}

/// The lanes `i` with `i & bit != 0`, as a mask.
#[inline(always)]
fn lanes_with(n: usize, bit: usize) -> u64 {
    (0..n).filter(|i| i & bit != 0).fold(0, |m, i| m | 1 << i)
}

/// Compare-exchange of lane `i` with lane `i ^ x` in one vector, the larger
/// to the lane with `bit` set.
#[inline(always)]
unsafe fn exchange<V: Lanes>(v: V, x: usize, bit: usize) -> V {
    // SAFETY: the caller's instruction set; each lane takes `op(own,
    // partner)`, which on ties returns the partner, so a tied pair swaps
    // and neither element is lost.
    unsafe {
        let p = v.xor_lanes(x);
        V::blend(V::min(v, p), V::max(v, p), lanes_with(V::N, bit))
    }
}

/// Runs `exchange(v, x, bit)` for each `(x, bit)` in turn, constants each
/// (so the permutations and blend masks are immediates).
macro_rules! steps {
    ($v:ident; $(($x:literal, $b:literal)),*) => {{
        $($v = exchange($v, $x, $b);)*
        $v
    }};
}

/// Sorts a bitonic vector: half-cleaners at lane distances `N/2 .. 1`.
#[inline(always)]
pub(super) unsafe fn clean<V: Lanes>(mut v: V) -> V {
    // SAFETY: the caller's instruction set.
    unsafe {
        match V::N {
            4 => steps!(v; (2, 2), (1, 1)),
            8 => steps!(v; (4, 4), (2, 2), (1, 1)),
            _ => steps!(v; (8, 8), (4, 4), (2, 2), (1, 1)),
        }
    }
}

/// Sorts the lanes of one vector (bitonic sort): sorted runs of 1, 2, 4...
/// lanes merged by comparing each lane with its mirror image in the pair
/// of runs, then cleaned.
#[inline(always)]
pub(super) unsafe fn sort_vector<V: Lanes>(mut v: V) -> V {
    // SAFETY: the caller's instruction set.
    unsafe {
        v = steps!(v; (1, 1), (3, 2), (1, 1));
        if V::N >= 8 {
            v = steps!(v; (7, 4), (2, 2), (1, 1));
        }
        if V::N >= 16 {
            v = steps!(v; (15, 8), (4, 4), (2, 2), (1, 1));
        }
        v
    }
}

/// Compare-exchange of two whole vectors: lane-wise smaller into `a`.
#[inline(always)]
pub(super) unsafe fn exchange2<V: Lanes>(a: &mut V, b: &mut V) {
    // SAFETY: the caller's instruction set. `min(a, b)` returns `b` on
    // ties and `max(b, a)` returns `a`: both elements are kept.
    unsafe {
        let lo = V::min(*a, *b);
        *b = V::max(*b, *a);
        *a = lo;
    }
}

/// Pairs of sorted runs of `W` vectors: element `t` of a pair against
/// element `2WN - 1 - t`, leaving two bitonic halves. The upper half is
/// left in reverse order (a bitonic sequence backwards is bitonic, and the
/// half-cleaners sort either), which saves reversing it back.
#[inline(always)]
unsafe fn flip<V: Lanes, const K: usize, const W: usize>(vs: &mut [V; K]) {
    let old = *vs;
    for t in 0..K / 2 {
        let (g, i) = (t / W * 2 * W, t % W);
        // SAFETY: the caller's instruction set.
        unsafe {
            let mut b = old[g + 2 * W - 1 - i].xor_lanes(V::N - 1);
            let mut a = old[g + i];
            exchange2(&mut a, &mut b);
            vs[g + i] = a;
            vs[g + W + i] = b;
        }
    }
}

/// Half-cleaners across vectors at distance `H`.
#[inline(always)]
unsafe fn cross<V: Lanes, const K: usize, const H: usize>(vs: &mut [V; K]) {
    for t in 0..K / 2 {
        let i = t / H * 2 * H + t % H;
        let (mut a, mut b) = (vs[i], vs[i + H]);
        // SAFETY: the caller's instruction set.
        unsafe { exchange2(&mut a, &mut b) };
        (vs[i], vs[i + H]) = (a, b);
    }
}

/// Merges the sorted runs of `W` vectors of `vs` pairwise (nothing when
/// `W >= K`).
#[inline(always)]
unsafe fn merge_runs<V: Lanes, const K: usize, const W: usize>(vs: &mut [V; K]) {
    if W >= K {
        return;
    }
    // SAFETY: the caller's instruction set.
    unsafe {
        flip::<V, K, W>(vs);
        if W > 4 {
            cross::<V, K, 4>(vs);
        }
        if W > 2 {
            cross::<V, K, 2>(vs);
        }
        if W > 1 {
            cross::<V, K, 1>(vs);
        }
        V::clean_each(vs);
    }
}

/// Sorts the `K * N` elements of `vs` (`K` a power of two, at most 16), as
/// one sequence: each vector, then runs of 1, 2, 4, 8 vectors merged
/// (bitonic merges). Every loop has constant bounds, so the compiler
/// unrolls it and keeps `vs` in registers where they suffice.
#[inline(always)]
unsafe fn sort_vectors<V: Lanes, const K: usize>(vs: &mut [V; K]) {
    // SAFETY: the caller's instruction set.
    unsafe {
        V::sort_each(vs);
        merge_runs::<V, K, 1>(vs);
        merge_runs::<V, K, 2>(vs);
        merge_runs::<V, K, 4>(vs);
        merge_runs::<V, K, 8>(vs);
    }
}

/// Sorts `n <= K * N` elements at `p` in `K` vectors.
///
/// # Safety
/// `p` addresses `n` writable elements; the caller's instruction set.
#[inline(always)]
unsafe fn sort_small_k<V: Lanes, const K: usize>(p: *mut V::E, n: usize) {
    // SAFETY: lanes below `n` only (`load_part`/`store_part` for the last
    // partial vector, none past it); the caller's instruction set.
    unsafe {
        let mut vs = [V::splat(V::MAX); K];
        let full = n / V::N;
        for (i, v) in vs.iter_mut().enumerate().take(full) {
            *v = V::load(p.add(i * V::N));
        }
        if full < K && !n.is_multiple_of(V::N) {
            vs[full] = V::load_part(p.add(full * V::N), n % V::N);
        }
        sort_vectors(&mut vs);
        for (i, v) in vs.iter().enumerate().take(full) {
            v.store(p.add(i * V::N));
        }
        if full < K && !n.is_multiple_of(V::N) {
            vs[full].store_part(p.add(full * V::N), n % V::N);
        }
    }
}

/// Vectors in the largest sorting network.
const NETWORK_VECTORS: usize = 16;

/// Sorts `n <= NETWORK_VECTORS * N` elements at `p` by a sorting network.
///
/// # Safety
/// As [`sort_small_k`].
#[inline(always)]
unsafe fn sort_small<V: Lanes>(p: *mut V::E, n: usize) {
    // SAFETY: as documented.
    unsafe {
        match n.div_ceil(V::N) {
            0 => {}
            1 => sort_small_k::<V, 1>(p, n),
            2 => sort_small_k::<V, 2>(p, n),
            3..=4 => sort_small_k::<V, 4>(p, n),
            5..=8 => sort_small_k::<V, 8>(p, n),
            _ => sort_small_k::<V, NETWORK_VECTORS>(p, n),
        }
    }
}

/// Samples for the pivot of a large range (a multiple of each `N`).
const SAMPLES: usize = 32;

/// Ranges above this get [`SAMPLES`] samples, smaller ones `2N`.
const MANY_SAMPLES_ABOVE: usize = 4096;

/// The median of samples spread evenly over the `n > NETWORK_VECTORS * N`
/// elements at `p`: [`SAMPLES`] of them, or `2N` for smaller ranges, where
/// sorting more would cost more than a worse split.
///
/// # Safety
/// `p` addresses `n` readable elements; the caller's instruction set.
#[inline(always)]
unsafe fn pivot<V: Lanes>(p: *const V::E, n: usize) -> V::E {
    let mut buf = [V::MAX; SAMPLES];
    let m = if n > MANY_SAMPLES_ABOVE {
        SAMPLES
    } else {
        2 * V::N
    };
    let step = n / m;
    for (i, b) in buf.iter_mut().enumerate().take(m) {
        // SAFETY: `i * step + step / 2 < m * step <= n`.
        *b = unsafe { *p.add(i * step + step / 2) };
    }
    // SAFETY: `buf` holds `SAMPLES >= m` elements; the caller's
    // instruction set.
    unsafe {
        let at = |i: usize| V::load(buf.as_ptr().add(i * V::N));
        let mid = if m == 2 * V::N {
            let mut vs = [at(0), at(1)];
            sort_vectors(&mut vs);
            vs[1]
        } else {
            match SAMPLES / V::N {
                2 => {
                    let mut vs = [at(0), at(1)];
                    sort_vectors(&mut vs);
                    vs[1]
                }
                4 => {
                    let mut vs = [at(0), at(1), at(2), at(3)];
                    sort_vectors(&mut vs);
                    vs[2]
                }
                _ => {
                    let mut vs: [V; 8] = core::array::from_fn(at);
                    sort_vectors(&mut vs);
                    vs[4]
                }
            }
        };
        mid.store(buf.as_mut_ptr());
    }
    buf[0]
}

/// Vectors read per step of the partition loop (one unpredictable branch
/// per step: which end to read from).
const UNROLL: usize = 8;

/// Partitions `[left, right)` of `a`: the elements below `pivot` (at most
/// `pivot`, when `strict`) first; returns where the rest begins. With
/// `NANS`, also sets `nan` nonzero if an element is a NaN (then the split
/// means nothing, but the elements are still a permutation of the input).
///
/// # Safety
/// `[a + left, a + right)` is writable and the caller's; the caller's
/// instruction set.
#[inline(always)]
unsafe fn partition<V: Lanes, const NANS: bool>(
    a: *mut V::E,
    mut left: usize,
    mut right: usize,
    pivot: V::E,
    strict: bool,
    nan: &mut u64,
) -> usize {
    let n = V::N;
    // A scalar prefix leaves a whole number of vectors.
    for _ in 0..(right - left) % n {
        // SAFETY: `left < right`, both within the range.
        unsafe {
            let x = *a.add(left);
            #[allow(clippy::eq_op)] // x != x: NaN
            if NANS && x != x {
                *nan = 1;
            }
            if if strict { x > pivot } else { x >= pivot } {
                right -= 1;
                core::ptr::swap(a.add(left), a.add(right));
            } else {
                left += 1;
            }
        }
    }
    if left == right {
        return left;
    }
    // Vectors held in registers while the loop runs: `h` from each end,
    // fewer for short ranges.
    let h = if right - left >= 2 * UNROLL * n {
        UNROLL
    } else {
        ((right - left) / n).div_ceil(2)
    };
    // SAFETY: every load reads a whole vector of the unread region
    // `[left, right)`; every store goes to the free region: the elements
    // already read and not yet written, `[l_store, left)` and
    // `[right, r_store)`. The vectors held in registers make the free
    // region hold as many elements as they do (`2hN`, or `(2h - 1)N` when
    // the range is an odd number of vectors below `2 * UNROLL`, then no
    // loop runs). Reading `k <= h` vectors from the end with less of it
    // leaves at least `hN` free at each end: room for the `k` vectors'
    // stores (`store_split` stores a whole vector at each of its two
    // places, which its running count keeps inside that end's free
    // elements). At the end the free region is `[l_store, r_store)`
    // itself, holding the held vectors, so a vector at each end of it is
    // inside it, as `store_split` needs.
    unsafe {
        let pv = V::splat(pivot);
        let mut held = [pv; 2 * UNROLL];
        let mut nh = 0;
        for i in 0..h {
            held[nh] = V::load(a.add(left + i * n));
            nh += 1;
            if right - left > (h + i) * n {
                held[nh] = V::load(a.add(right - (i + 1) * n));
                nh += 1;
            }
        }
        let (mut l_store, mut r_store) = (left, right);
        left += h * n;
        right -= (nh - h) * n;
        while right - left >= UNROLL * n {
            let from = if r_store - right < left - l_store {
                right -= UNROLL * n;
                right
            } else {
                left += UNROLL * n;
                left - UNROLL * n
            };
            let vs: [V; UNROLL] = core::array::from_fn(|i| V::load(a.add(from + i * n)));
            for v in vs {
                put::<V, NANS>(v, pv, strict, a, &mut l_store, &mut r_store, nan);
            }
        }
        while left < right {
            let v = if r_store - right < left - l_store {
                right -= n;
                V::load(a.add(right))
            } else {
                left += n;
                V::load(a.add(left - n))
            };
            put::<V, NANS>(v, pv, strict, a, &mut l_store, &mut r_store, nan);
        }
        for &v in &held[..nh] {
            put::<V, NANS>(v, pv, strict, a, &mut l_store, &mut r_store, nan);
        }
        debug_assert_eq!(l_store, r_store);
        l_store
    }
}

/// Stores the vector `v` of a partition: its elements below the pivot `pv`
/// at `l_store`, the others before `r_store`, and moves both on (and, with
/// `NANS`, notes its NaNs in `nan`).
///
/// # Safety
/// As [`Lanes::store_split`] at `a + l_store` and `a + r_store`.
#[inline(always)]
unsafe fn put<V: Lanes, const NANS: bool>(
    v: V,
    pv: V,
    strict: bool,
    a: *mut V::E,
    l_store: &mut usize,
    r_store: &mut usize,
    nan: &mut u64,
) {
    // SAFETY: as documented.
    unsafe {
        if NANS {
            *nan |= v.nans();
        }
        let m = v.goes_right(pv, strict);
        let k = m.count_ones() as usize;
        v.store_split(m, a.add(*l_store), a.add(*r_store));
        *l_store += V::N - k;
        *r_store -= k;
    }
}

/// Sorts the `n` elements at `a` in `<` order; [`Sorted::HasNan`] (the
/// elements permuted, not sorted) when one is a NaN: the first partition
/// looks for them on its way, which saves a pass over the data.
///
/// # Safety
/// `a` addresses `n` writable elements; the caller's instruction set.
#[inline(always)]
unsafe fn quicksort<V: Lanes>(a: *mut V::E, n: usize) -> Sorted {
    let small = NETWORK_VECTORS * V::N;
    #[allow(clippy::eq_op)] // x != x: NaN
    // SAFETY: the `n` elements.
    if n <= small && (0..n).any(|i| unsafe { *a.add(i) != *a.add(i) }) {
        return Sorted::HasNan;
    }
    let mut first = true;
    // Ranges still to sort, the larger of each split pushed: at most
    // log2(n) of them at once.
    let mut stack = [(0usize, 0usize, 0u32); 64];
    let mut top = 0;
    let (mut lo, mut hi) = (0, n);
    // Past this depth the pivots are bad: the std sort bounds the time.
    let mut budget = 2 * (usize::BITS - n.leading_zeros());
    loop {
        if hi - lo <= small {
            // SAFETY: `[lo, hi)` is within the `n` elements.
            unsafe { sort_small::<V>(a.add(lo), hi - lo) };
        } else if budget == 0 {
            // SAFETY: `[lo, hi)` is within the `n` elements, not aliased.
            let s = unsafe { core::slice::from_raw_parts_mut(a.add(lo), hi - lo) };
            s.sort_unstable_by(|x, y| x.partial_cmp(y).unwrap_or(core::cmp::Ordering::Equal));
        } else {
            budget -= 1;
            // SAFETY: `[lo, hi)` is within the `n` elements.
            let (mid, next) = unsafe {
                let pv = pivot::<V>(a.add(lo), hi - lo);
                let mut nan = 0;
                let mut mid = if first {
                    first = false;
                    let mid = partition::<V, true>(a, lo, hi, pv, false, &mut nan);
                    if nan != 0 {
                        return Sorted::HasNan;
                    }
                    mid
                } else {
                    partition::<V, false>(a, lo, hi, pv, false, &mut nan)
                };
                let mut next = lo;
                if mid == lo {
                    // Nothing below the pivot (it is the smallest): the
                    // elements equal to it go left, and are done.
                    mid = partition::<V, false>(a, lo, hi, pv, true, &mut nan);
                    next = mid;
                }
                (mid, next)
            };
            let (l, r) = ((next, mid), (mid, hi));
            // The smaller side next, the larger saved.
            let (now, later) = if l.1 - l.0 < r.1 - r.0 {
                (l, r)
            } else {
                (r, l)
            };
            if later.1 - later.0 > 1 {
                stack[top] = (later.0, later.1, budget);
                top += 1;
            }
            (lo, hi) = now;
            continue;
        }
        if top == 0 {
            return Sorted::Done;
        }
        top -= 1;
        (lo, hi, budget) = stack[top];
    }
}

/// The sort paths this process may take.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Path {
    /// The portable radix sort.
    Portable = 1,
    /// AVX2 vectors.
    Avx2 = 2,
    /// AVX-512F vectors.
    Avx512 = 3,
}

// module-state: allowed (the CPU's sort path, a fact fixed per process; 0 not yet known)
static PATH: AtomicU8 = AtomicU8::new(0);

/// The quicksort path of this CPU (detected once; honours
/// `NUMPY_HPY_DISABLE_CPU_FEATURES`).
pub fn path() -> Path {
    match PATH.load(Ordering::Relaxed) {
        1 => Path::Portable,
        2 => Path::Avx2,
        3 => Path::Avx512,
        _ => {
            let f = if cfg!(miri) {
                Vec::new()
            } else {
                crate::cpu::detect()
            };
            let p = if cfg!(miri) || !cfg!(target_arch = "x86_64") || !popcnt() {
                Path::Portable
            } else if f.contains(&"AVX512F") {
                Path::Avx512
            } else if f.contains(&"AVX2") {
                Path::Avx2
            } else {
                Path::Portable
            };
            PATH.store(p as u8, Ordering::Relaxed);
            p
        }
    }
}

/// Whether the CPU counts bits in one instruction (every CPU with AVX2
/// does; the partition counts the lanes of each comparison).
fn popcnt() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("popcnt");
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}

/// What [`try_sort`] did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sorted {
    /// Sorted.
    Done,
    /// No vector path for this type on this CPU: the slice is untouched.
    NoPath,
    /// A NaN was found: the slice is permuted, not sorted.
    HasNan,
}

/// An element type the vectorised quicksort handles.
pub trait QuickElem: Copy {
    /// Sorts `v` on `path` (see [`try_sort`]).
    fn quicksort_on(v: &mut [Self], path: Path) -> Sorted;
}

/// Sorts `v` by the vectorised quicksort of this CPU, if it has one for
/// this type; a slice with NaNs comes back permuted, for the caller to move
/// them last and sort the rest.
pub fn try_sort<T: QuickElem>(v: &mut [T]) -> Sorted {
    T::quicksort_on(v, path())
}

macro_rules! quick_elem {
    ($($t:ty $(=> $v512:ty $(, $v256:ty)?)?;)*) => {$(
        impl QuickElem for $t {
            fn quicksort_on(v: &mut [$t], path: Path) -> Sorted {
                #[cfg(all(target_arch = "x86_64", not(miri)))]
                match path {
                    $(
                    Path::Avx512 => {
                        #[target_feature(enable = "avx512f,popcnt")]
                        unsafe fn go(p: *mut $t, n: usize) -> Sorted {
                            // SAFETY: the caller's slice; AVX-512F and POPCNT enabled.
                            unsafe { quicksort::<$v512>(p, n) }
                        }
                        // SAFETY: `path()` found AVX-512F and POPCNT on this CPU.
                        return unsafe { go(v.as_mut_ptr(), v.len()) };
                    }
                    $(
                    Path::Avx2 => {
                        #[target_feature(enable = "avx2,popcnt")]
                        unsafe fn go(p: *mut $t, n: usize) -> Sorted {
                            // SAFETY: the caller's slice; AVX2 and POPCNT enabled.
                            unsafe { quicksort::<$v256>(p, n) }
                        }
                        // SAFETY: `path()` found AVX2 and POPCNT on this CPU.
                        return unsafe { go(v.as_mut_ptr(), v.len()) };
                    }
                    )?
                    )?
                    _ => {}
                }
                let _ = (v, path);
                Sorted::NoPath
            }
        }
    )*};
}

#[cfg(all(target_arch = "x86_64", not(miri)))]
use super::{avx2, avx512};

quick_elem! {
    f64 => avx512::F64x8, avx2::F64x4;
    f32 => avx512::F32x16;
    i64 => avx512::I64x8;
    u64 => avx512::U64x8;
    i32 => avx512::I32x16;
    u32 => avx512::U32x16;
    i8;
    u8;
    i16;
    u16;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed-seed xorshift64.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// The vector paths this CPU has (each test says which it skips).
    fn paths() -> Vec<Path> {
        let mut p = Vec::new();
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                p.push(Path::Avx512);
            } else {
                eprintln!("no AVX-512F: its quicksort is not tested");
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                p.push(Path::Avx2);
            } else {
                eprintln!("no AVX2: its quicksort is not tested");
            }
        }
        p
    }

    trait TestElem: QuickElem + PartialOrd + core::fmt::Debug {
        /// Bits, for the permutation check.
        fn key(self) -> u64;
        /// Interesting values (no NaN), picked by `r`.
        fn special(r: u64) -> Self;
        fn from_u64(x: u64) -> Self;
        /// Monotone in `i`, for sorted and organ-pipe inputs.
        fn ramp(i: usize) -> Self;
    }
    macro_rules! test_ints {
        ($($t:ty),*) => {$(
            impl TestElem for $t {
                fn key(self) -> u64 { self as u64 }
                fn special(r: u64) -> Self {
                    [<$t>::MIN, <$t>::MAX, 0 as $t, 1 as $t, <$t>::MAX - 1, <$t>::MIN.wrapping_add(1)]
                        [(r % 6) as usize]
                }
                fn from_u64(x: u64) -> Self { x as $t }
                fn ramp(i: usize) -> Self { (i as $t).wrapping_add(<$t>::MIN / 2) }
            }
        )*};
    }
    test_ints!(i64, u64, i32, u32);
    macro_rules! test_floats {
        ($($t:ty => $bits:ty),*) => {$(
            impl TestElem for $t {
                fn key(self) -> u64 { self.to_bits() as u64 }
                fn special(r: u64) -> Self {
                    [
                        <$t>::INFINITY, <$t>::NEG_INFINITY, 0.0, -0.0, <$t>::MIN_POSITIVE,
                        -<$t>::MIN_POSITIVE, <$t>::from_bits(1), -<$t>::from_bits(3), <$t>::MAX,
                        <$t>::MIN, 1.0, -1.0, 0.5,
                    ][(r % 13) as usize]
                }
                fn from_u64(x: u64) -> Self {
                    let f = <$t>::from_bits(x as $bits);
                    if f.is_nan() { 0.0 } else { f }
                }
                fn ramp(i: usize) -> Self { i as $t - 100.0 }
            }
        )*};
    }
    test_floats!(f64 => u64, f32 => u32);

    /// Input `pattern` of length `n`.
    fn input<T: TestElem>(pattern: usize, n: usize, rng: &mut Rng) -> Vec<T> {
        (0..n)
            .map(|i| match pattern {
                0 => T::from_u64(rng.next()),
                1 => T::special(rng.next()),
                2 => T::ramp(rng.below(4) as usize),
                3 => T::ramp(7),
                4 => T::ramp(i),
                5 => T::ramp(n - i),
                6 => T::ramp(i.min(n - i)),
                _ => {
                    if rng.below(3) == 0 {
                        T::special(rng.next())
                    } else {
                        T::from_u64(rng.next())
                    }
                }
            })
            .collect()
    }
    const PATTERNS: usize = 8;

    /// Sorts `v` on `path` inside a buffer with guard elements around it, at
    /// element offset `off`, and checks the result against `v`.
    fn check<T: TestElem>(v: &[T], path: Path, off: usize, guard: T) {
        let mut buf = vec![guard; v.len() + off + 40];
        buf[off..off + v.len()].copy_from_slice(v);
        assert_eq!(
            T::quicksort_on(&mut buf[off..off + v.len()], path),
            Sorted::Done
        );
        let out = &buf[off..off + v.len()];
        assert!(
            buf[..off]
                .iter()
                .chain(&buf[off + v.len()..])
                .all(|g| g.key() == guard.key()),
            "{path:?} wrote outside n={} off={off}",
            v.len()
        );
        assert!(
            out.windows(2).all(|w| w[0] <= w[1]),
            "{path:?} unsorted n={} off={off}: {out:?}",
            v.len()
        );
        let mut a: Vec<u64> = out.iter().map(|x| x.key()).collect();
        let mut b: Vec<u64> = v.iter().map(|x| x.key()).collect();
        a.sort_unstable();
        b.sort_unstable();
        assert!(a == b, "{path:?} not a permutation n={} off={off}", v.len());
    }

    fn all_lengths<T: TestElem>(guard: T) {
        let mut rng = Rng(0x5EED_1234);
        for path in paths() {
            let mut v = vec![T::ramp(0)];
            if T::quicksort_on(&mut v, path) == Sorted::NoPath {
                eprintln!(
                    "{path:?} has no quicksort for {}",
                    core::any::type_name::<T>()
                );
                continue;
            }
            for n in 0..=300 {
                for pattern in 0..PATTERNS {
                    let v = input::<T>(pattern, n, &mut rng);
                    check(&v, path, n % 16, guard);
                }
            }
            for off in 0..16 {
                let v = input::<T>(7, 257 + off, &mut rng);
                check(&v, path, off, guard);
            }
            for n in [1000, 4099, 65_537, 300_001] {
                for pattern in 0..PATTERNS {
                    let v = input::<T>(pattern, n, &mut rng);
                    check(&v, path, 3, guard);
                }
            }
        }
    }

    #[test]
    #[cfg_attr(miri, ignore = "no vector paths under Miri")]
    fn quicksort_f64() {
        all_lengths::<f64>(f64::NAN);
    }
    #[test]
    #[cfg_attr(miri, ignore = "no vector paths under Miri")]
    fn quicksort_f32() {
        all_lengths::<f32>(f32::NAN);
    }
    #[test]
    #[cfg_attr(miri, ignore = "no vector paths under Miri")]
    fn quicksort_i64() {
        all_lengths::<i64>(0x5A5A);
    }
    #[test]
    #[cfg_attr(miri, ignore = "no vector paths under Miri")]
    fn quicksort_u64() {
        all_lengths::<u64>(0x5A5A);
    }
    #[test]
    #[cfg_attr(miri, ignore = "no vector paths under Miri")]
    fn quicksort_i32() {
        all_lengths::<i32>(0x5A5A);
    }
    #[test]
    #[cfg_attr(miri, ignore = "no vector paths under Miri")]
    fn quicksort_u32() {
        all_lengths::<u32>(0x5A5A);
    }

    /// The default (unstable) sort of floats with NaNs, through
    /// `SortElem::sort_unstable` on whatever path this CPU takes: the same
    /// values as the stable sort, NaNs last, `-0.0`/`0.0` as a multiset.
    #[test]
    #[cfg_attr(miri, ignore = "slow under Miri; the portable path is the stable sort")]
    fn unstable_sort_moves_nans_last() {
        use crate::sort::SortElem;
        let mut rng = Rng(0xBADC0FFE);
        let mut lengths: Vec<usize> = (0..=300).collect();
        lengths.extend([1000, 4099, 100_003]);
        for n in lengths {
            let every = 1 + rng.below(40);
            let v: Vec<f64> = (0..n)
                .map(|_| {
                    let r = rng.next();
                    if r.is_multiple_of(every) {
                        if r & 1 == 0 { f64::NAN } else { -f64::NAN }
                    } else {
                        f64::special(r >> 8)
                    }
                })
                .collect();
            let mut ours = v.clone();
            f64::sort_unstable(&mut ours);
            let mut stable = v.clone();
            f64::sort(&mut stable);
            let same = ours
                .iter()
                .zip(&stable)
                .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()));
            assert!(same, "n={n}: {ours:?} vs {stable:?}");
            let mut a: Vec<u64> = ours.iter().map(|x| x.to_bits()).collect();
            let mut b: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
            a.sort_unstable();
            b.sort_unstable();
            assert!(a == b, "n={n}: not a permutation");
            let f: Vec<f32> = v.iter().map(|&x| x as f32).collect();
            let mut ours = f.clone();
            f32::sort_unstable(&mut ours);
            let mut stable = f;
            f32::sort(&mut stable);
            assert!(
                ours.iter()
                    .zip(&stable)
                    .all(|(a, b)| a == b || (a.is_nan() && b.is_nan())),
                "f32 n={n}"
            );
        }
    }

    /// Inputs that defeat the pivot choice still sort (the depth limit's
    /// fallback): many copies of few values in sample-aligned positions.
    #[test]
    #[cfg_attr(miri, ignore = "no vector paths under Miri")]
    fn adversarial_inputs_sort() {
        for path in paths() {
            let n: usize = 1 << 16;
            if i64::quicksort_on(&mut [], path) == Sorted::Done {
                let v: Vec<i64> = (0..n)
                    .map(|i| if i % 32 == 16 { 1 } else { (i % 5) as i64 })
                    .collect();
                check(&v, path, 0, 7);
            }
            let v: Vec<f64> = (0..n).map(|i| (i.trailing_zeros()) as f64).collect();
            check(&v, path, 0, f64::NAN);
        }
    }
}
