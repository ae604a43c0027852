//! The broadcasting iterator: drives one 1-D inner loop over N-d operands.
//!
//! The axes are put in the memory order of a reference operand (innermost =
//! smallest stride), dimensions of length 1 dropped and neighbours that step
//! through memory as one merged ("coalesced"), so a contiguous operation is
//! one call of the inner loop. Operands whose dtype differs from the loop's
//! are cast in chunks of [`BUFFER_ELEMS`] elements into small buffers, never
//! copied whole; a broadcast (stride 0) input is cast once. With a `where=`
//! mask the outputs go through the buffers and only the selected elements
//! are written back. No recursion: the outer axes are walked by an
//! odometer.

use smallvec::{SmallVec, smallvec};

use super::kernels::LoopFn;
use crate::array::element;
use crate::dtype::DType;
use crate::scalar::{FpFlags, ScalarError};

/// Elements per chunk when casting (NumPy's default buffer size is 8192).
pub const BUFFER_ELEMS: usize = 8192;

/// One operand: the address of its element `[0, ..., 0]`, its dtype, and
/// one byte stride per dimension of the iteration shape (0 where it is
/// broadcast).
#[derive(Clone, Debug)]
pub struct Operand {
    /// The first element.
    pub ptr: *mut u8,
    /// The operand's own dtype (cast to/from the loop's where they differ).
    pub dtype: DType,
    /// Byte strides, one per dimension of the iteration shape.
    pub strides: Small<isize>,
}

/// What the loop reported: the flags the loop raised (its own, and the
/// hardware's up to the last cast; the caller reads the rest after
/// [`run`]), and those the casts raised (NumPy's "... encountered in cast").
pub type Outcome = Result<(FpFlags, FpFlags), ScalarError>;

/// Per-dimension or per-operand bookkeeping of an iteration: inline for the
/// usual few dimensions and operands (a small call's iteration made some
/// fifteen heap allocations before, most of its cost).
pub type Small<T> = SmallVec<[T; 6]>;

/// The axis order and merged dimensions of an iteration.
#[derive(Debug, PartialEq)]
pub struct Plan {
    /// Lengths, outermost first.
    pub shape: Small<usize>,
    /// Per operand, the byte strides of those dimensions.
    pub strides: Small<Small<isize>>,
}

/// How [`plan`] orders the axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    /// The operand whose memory order the iteration follows.
    pub reference: usize,
    /// An axis that stays innermost and is never merged (an accumulation's
    /// axis, along which each element depends on the previous one).
    pub inner: Option<usize>,
}

/// Orders and coalesces the axes of `shape` for operands with `strides`
/// (`order` says whose memory order). An empty iteration (a zero length)
/// gives `None`.
pub fn plan(shape: &[usize], strides: &[&[isize]], order: Order) -> Option<Plan> {
    if shape.contains(&0) {
        return None;
    }
    let mut axes: Small<usize> = (0..shape.len())
        .filter(|&i| shape[i] != 1 && Some(i) != order.inner)
        .collect();
    // Stable sort, outermost (largest |stride|) first: C order on ties.
    let r = strides[order.reference];
    axes.sort_by_key(|&a| std::cmp::Reverse(r[a].unsigned_abs()));
    let mut out_shape: Small<usize> = Small::new();
    let mut out_strides: Small<Small<isize>> = smallvec![Small::new(); strides.len()];
    for &a in &axes {
        let n = shape[a];
        if let Some(&inner) = out_shape.last() {
            // Merge `a` into the previous (outer) dimension when, for every
            // operand, stepping the outer one equals `inner` steps of `a`...
            // here `a` is inner to the last pushed axis.
            let can = strides.iter().enumerate().all(|(k, s)| {
                let outer = *out_strides[k].last().expect("pushed");
                (s[a]).checked_mul(n as isize) == Some(outer)
            });
            if can {
                let last = out_shape.len() - 1;
                out_shape[last] = inner * n;
                for (k, s) in strides.iter().enumerate() {
                    *out_strides[k].last_mut().expect("pushed") = s[a];
                }
                continue;
            }
        }
        out_shape.push(n);
        for (k, s) in strides.iter().enumerate() {
            out_strides[k].push(s[a]);
        }
    }
    if let Some(a) = order.inner {
        out_shape.push(shape[a]);
        for (k, s) in strides.iter().enumerate() {
            out_strides[k].push(s[a]);
        }
    }
    if out_shape.is_empty() {
        out_shape.push(1);
        for s in &mut out_strides {
            s.push(0);
        }
    }
    Some(Plan {
        shape: out_shape,
        strides: out_strides,
    })
}

/// Casts `n` elements (`src` stepping `ss` bytes, of `from`) to `to`,
/// written contiguously at `dst`.
///
/// # Safety
/// `src` must be readable for `n` elements at step `ss`, `dst` writable for
/// `n` contiguous elements of `to`.
unsafe fn cast_in(src: *const u8, ss: isize, from: DType, dst: *mut u8, to: DType, n: usize) {
    let z = to.itemsize();
    for i in 0..n {
        // SAFETY: as documented.
        unsafe {
            let s = element::read(from, src.offset(i as isize * ss));
            element::write(dst.add(i * z), s.cast(to));
        }
    }
}

/// Runs `kernel` (whose operand dtypes are `loop_types`, inputs first) over
/// `shape`, `ops` holding the inputs then the outputs; `mask` selects the
/// output elements written (`where=`).
///
/// # Safety
/// - `kernel` is a loop over elements of `loop_types` (one per operand, in
///   `ops` order; the cast buffers are sized from them), and `ops` (and
///   `mask`) hold one stride per dimension of `shape`;
/// - every operand must address, through its strides, elements of its dtype
///   for every index of `shape` (the mask: bytes): inputs readable, outputs
///   writable, with no other access during the call;
/// - outputs may alias inputs only element for element (the same address for
///   the same index) or not at all; callers copy an input that overlaps an
///   output otherwise.
pub unsafe fn run(
    shape: &[usize],
    ops: &[Operand],
    nin: usize,
    loop_types: &[DType],
    kernel: LoopFn,
    mask: Option<&Operand>,
) -> Outcome {
    // The memory order of the first output (allocated to follow the inputs).
    let order = Order {
        reference: nin.min(ops.len() - 1),
        inner: None,
    };
    // SAFETY: the caller's contract.
    unsafe { run_ordered(shape, ops, nin, loop_types, kernel, mask, order) }
}

/// [`run`] in the axis order `order` says. Reductions follow the reduced
/// operand's memory order (their output steps 0 along the reduced axes);
/// accumulations keep their axis innermost, where the output may be the
/// first input one step behind (as [`Kernel`] allows): chunks of a cast
/// input are computed in order, so each element still sees the previous one.
///
/// # Safety
/// As [`run`], except that with `order.inner` the first input may be the
/// output one step behind along that axis.
pub unsafe fn run_ordered(
    shape: &[usize],
    ops: &[Operand],
    nin: usize,
    loop_types: &[DType],
    kernel: LoopFn,
    mask: Option<&Operand>,
    order: Order,
) -> Outcome {
    let nops = ops.len();
    let mut all_strides: Small<&[isize]> = ops.iter().map(|o| o.strides.as_slice()).collect();
    if let Some(m) = mask {
        all_strides.push(&m.strides);
    }
    let Some(p) = plan(shape, &all_strides, order) else {
        return Ok((FpFlags::NONE, FpFlags::NONE));
    };
    let mut cast_flags = FpFlags::NONE;
    let ndim = p.shape.len();
    let inner = ndim - 1;
    let n = p.shape[inner];
    let needs_cast: Small<bool> = ops
        .iter()
        .zip(loop_types)
        .map(|(o, &t)| o.dtype != t)
        .collect();
    let buffered = mask.is_some() || needs_cast.iter().any(|&c| c);
    let mut st = kernel.state();
    let kernel = kernel.kernel;
    let mut bufs: Vec<Vec<u8>> = Vec::new();
    if buffered {
        for (k, &t) in loop_types.iter().enumerate() {
            let use_buf = needs_cast[k];
            let len = if use_buf {
                BUFFER_ELEMS.min(n) * t.itemsize()
            } else {
                0
            };
            bufs.push(vec![0u8; len]);
        }
    }
    let mask_buf_len = if mask.is_some() {
        BUFFER_ELEMS.min(n)
    } else {
        0
    };
    let mut mask_buf = vec![0u8; mask_buf_len];
    let mut idx: Small<usize> = smallvec![0; ndim];
    let mut offs: Small<isize> = smallvec![0; all_strides.len()];
    let mut args: Small<*mut u8> = smallvec![core::ptr::null_mut(); nops];
    let mut steps: Small<isize> = smallvec![0; nops];
    loop {
        // One inner run at `offs`.
        if !buffered {
            for k in 0..nops {
                // SAFETY: `offs` is the byte offset of an element of the
                // iteration (the caller's guarantee covers all of them).
                args[k] = unsafe { ops[k].ptr.offset(offs[k]) };
                steps[k] = p.strides[k][inner];
            }
            // SAFETY: the pointers address `n` elements at these steps.
            unsafe { kernel(&args, n, &steps, &mut st) };
        } else {
            let mut done = 0;
            while done < n {
                let m = BUFFER_ELEMS.min(n - done);
                if let Some(mk) = mask {
                    let s = p.strides[nops][inner];
                    for (i, slot) in mask_buf[..m].iter_mut().enumerate() {
                        // SAFETY: the mask addresses every element of the
                        // iteration (bool bytes, read as bytes).
                        *slot = unsafe { *mk.ptr.offset(offs[nops] + (done + i) as isize * s) };
                    }
                }
                // The runs of selected elements in this chunk (all of it
                // without a mask): masked-out elements are not computed,
                // so they raise no FP flags and no errors (as in NumPy).
                let mut i = 0;
                while i < m {
                    let (start, len) = if mask.is_some() {
                        while i < m && mask_buf[i] == 0 {
                            i += 1;
                        }
                        let s = i;
                        while i < m && mask_buf[i] != 0 {
                            i += 1;
                        }
                        (s, i - s)
                    } else {
                        i = m;
                        (0, m)
                    };
                    if len == 0 {
                        continue;
                    }
                    let at = (done + start) as isize;
                    for k in 0..nops {
                        let s = p.strides[k][inner];
                        // SAFETY: `at + len <= n` elements from the run's start.
                        let here = unsafe { ops[k].ptr.offset(offs[k] + at * s) };
                        if k < nin && needs_cast[k] {
                            let count = if s == 0 { 1 } else { len };
                            st.flags |= super::fpe::take();
                            // SAFETY: `count` elements of the input at step
                            // `s`; the buffer holds `min(n, BUFFER_ELEMS)`.
                            unsafe {
                                cast_in(
                                    here,
                                    s,
                                    ops[k].dtype,
                                    bufs[k].as_mut_ptr(),
                                    loop_types[k],
                                    count,
                                )
                            };
                            cast_flags |= super::fpe::take();
                            args[k] = bufs[k].as_mut_ptr();
                            steps[k] = if s == 0 {
                                0
                            } else {
                                loop_types[k].itemsize() as isize
                            };
                        } else if k >= nin && needs_cast[k] {
                            args[k] = bufs[k].as_mut_ptr();
                            steps[k] = loop_types[k].itemsize() as isize;
                        } else {
                            args[k] = here;
                            steps[k] = s;
                        }
                    }
                    // SAFETY: every argument addresses `len` elements at its step.
                    unsafe { kernel(&args, len, &steps, &mut st) };
                    if st.error.is_some() {
                        break;
                    }
                    st.flags |= super::fpe::take();
                    for k in nin..nops {
                        if !needs_cast[k] {
                            continue;
                        }
                        let s = p.strides[k][inner];
                        let t = loop_types[k];
                        for j in 0..len {
                            // SAFETY: element `j` of the buffer was written
                            // by the kernel; the output element is inside
                            // the iteration.
                            unsafe {
                                let v = element::read(t, bufs[k].as_ptr().add(j * t.itemsize()));
                                let dst = ops[k].ptr.offset(offs[k] + (at + j as isize) * s);
                                element::write(dst, v.cast(ops[k].dtype));
                            }
                        }
                    }
                    cast_flags |= super::fpe::take();
                }
                if st.error.is_some() {
                    break;
                }
                done += m;
            }
        }
        if let Some(e) = st.error.take() {
            return Err(e);
        }
        // Odometer over the outer dimensions.
        let mut d = inner;
        loop {
            if d == 0 {
                return Ok((st.flags, cast_flags));
            }
            d -= 1;
            idx[d] += 1;
            for (k, o) in offs.iter_mut().enumerate() {
                *o += p.strides[k][d];
            }
            if idx[d] < p.shape[d] {
                break;
            }
            for (k, o) in offs.iter_mut().enumerate() {
                // (Wrapping: the offsets return to where the axis began,
                // whatever the intermediate product.)
                *o = o.wrapping_sub(p.strides[k][d].wrapping_mul(p.shape[d] as isize));
            }
            idx[d] = 0;
        }
    }
}

/// What [`lanes`] calls per lane: operand pointers, length, byte steps.
pub type LaneFn<'f> = dyn FnMut(&[*mut u8], usize, &[isize]) + 'f;

/// Calls `f` once per 1-D lane along `axis` of `shape` (every index of the
/// other axes, in the memory order of operand 0), with each operand's
/// pointer to the lane's first element, the lane's length and each
/// operand's byte step along it: how sorting, `argmax` and other whole-lane
/// operations walk N-d operands. `ptrs[k]` and `strides[k]` describe operand
/// `k`. Nothing is called for an empty iteration.
///
/// # Safety
/// Every operand must address elements for every index of `shape`; `f` is
/// handed pointers computed from them and must stay inside each lane.
pub unsafe fn lanes(
    shape: &[usize],
    ptrs: &[*mut u8],
    strides: &[&[isize]],
    axis: usize,
    f: &mut LaneFn<'_>,
) {
    let order = Order {
        reference: 0,
        inner: Some(axis),
    };
    let Some(p) = plan(shape, strides, order) else {
        return;
    };
    let inner = p.shape.len() - 1;
    let n = p.shape[inner];
    let steps: Small<isize> = p.strides.iter().map(|s| s[inner]).collect();
    let mut idx: Small<usize> = smallvec![0; inner];
    let mut offs: Small<isize> = smallvec![0; ptrs.len()];
    let mut args: Small<*mut u8> = ptrs.iter().copied().collect();
    loop {
        for (k, a) in args.iter_mut().enumerate() {
            *a = ptrs[k].wrapping_offset(offs[k]);
        }
        f(&args, n, &steps);
        let mut d = inner;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            idx[d] += 1;
            for (k, o) in offs.iter_mut().enumerate() {
                *o = o.wrapping_add(p.strides[k][d]);
            }
            if idx[d] < p.shape[d] {
                break;
            }
            for (k, o) in offs.iter_mut().enumerate() {
                *o = o.wrapping_sub(p.strides[k][d].wrapping_mul(p.shape[d] as isize));
            }
            idx[d] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ufunc::kernels::{Add, binary};

    const C0: Order = Order {
        reference: 0,
        inner: None,
    };

    #[test]
    fn coalesces_contiguous_and_orders_by_memory() {
        let p = plan(&[2, 3, 4], &[&[96, 32, 8], &[96, 32, 8]], C0).unwrap();
        assert_eq!(p.shape[..], [24]);
        assert_eq!(p.strides[0][..], [8]);
        assert_eq!(p.strides[1][..], [8]);
        // Fortran order: the first axis is innermost.
        let p = plan(&[2, 3], &[&[8, 16]], C0).unwrap();
        assert_eq!(p.shape[..], [6]);
        // A broadcast operand stops the merge.
        let p = plan(&[2, 3], &[&[24, 8], &[0, 8]], C0).unwrap();
        assert_eq!(p.shape[..], [2, 3]);
        assert!(plan(&[2, 0], &[&[8, 8]], C0).is_none());
        let p = plan(&[1, 1], &[&[8, 8]], C0).unwrap();
        assert_eq!(p.shape[..], [1]);
    }

    #[test]
    fn broadcast_add_with_casting() {
        // int32 (2, 3) + float64 (3,) -> float64 (2, 3) with a cast input.
        let a: [i32; 6] = [1, 2, 3, 4, 5, 6];
        let b: [f64; 3] = [0.5, 0.25, 0.125];
        let mut out = [0.0f64; 6];
        let ops = [
            Operand {
                ptr: a.as_ptr() as *mut u8,
                dtype: DType::Int32,
                strides: smallvec![12, 4],
            },
            Operand {
                ptr: b.as_ptr() as *mut u8,
                dtype: DType::Float64,
                strides: smallvec![0, 8],
            },
            Operand {
                ptr: out.as_mut_ptr() as *mut u8,
                dtype: DType::Float64,
                strides: smallvec![24, 8],
            },
        ];
        let types = [DType::Float64; 3];
        // SAFETY: the operands address every element of (2, 3).
        let r = unsafe {
            run(
                &[2, 3],
                &ops,
                2,
                &types,
                (binary::<Add<f64>> as crate::ufunc::Kernel).into(),
                None,
            )
        };
        assert!(r.is_ok());
        assert_eq!(out, [1.5, 2.25, 3.125, 4.5, 5.25, 6.125]);
    }

    #[test]
    fn where_mask_leaves_unselected_elements() {
        let a: [f64; 4] = [1.0, 2.0, 3.0, 4.0];
        let mask: [u8; 4] = [1, 0, 1, 0];
        let mut out = [-1.0f64; 4];
        let ops = [
            Operand {
                ptr: a.as_ptr() as *mut u8,
                dtype: DType::Float64,
                strides: smallvec![8],
            },
            Operand {
                ptr: a.as_ptr() as *mut u8,
                dtype: DType::Float64,
                strides: smallvec![8],
            },
            Operand {
                ptr: out.as_mut_ptr() as *mut u8,
                dtype: DType::Float64,
                strides: smallvec![8],
            },
        ];
        let m = Operand {
            ptr: mask.as_ptr() as *mut u8,
            dtype: DType::Bool,
            strides: smallvec![1],
        };
        let types = [DType::Float64; 3];
        // SAFETY: as above.
        unsafe {
            run(
                &[4],
                &ops,
                2,
                &types,
                (binary::<Add<f64>> as crate::ufunc::Kernel).into(),
                Some(&m),
            )
        }
        .unwrap();
        assert_eq!(out, [2.0, -1.0, 6.0, -1.0]);
    }
}
