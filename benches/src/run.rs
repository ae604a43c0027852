//! Safe wrappers over numpy-pure's `unsafe` entry points (inner loops, the
//! iterator, reductions, arg-extremes, sorts): each checks, once, that the
//! operands address what the entry point's `# Safety` section asks, so the
//! bench files hold no `unsafe` code.

use core::marker::PhantomData;

use numpy_pure::dtype::DType;
use numpy_pure::scalar::Scalar;
use numpy_pure::sort::{self, SortElem};
use numpy_pure::ufunc::iter::{self, Outcome};
use numpy_pure::ufunc::{Kernel, Loop, LoopState, LoopTable, reduce};

use crate::data::Array;

/// The table of ufunc `name` among `tables` ([`LoopTable::all`]).
///
/// # Panics
/// When there is no such ufunc.
pub fn table<'t>(tables: &'t [LoopTable], name: &str) -> &'t LoopTable {
    tables
        .iter()
        .find(|t| t.def.name == name)
        .unwrap_or_else(|| panic!("no ufunc {name}"))
}

/// The loop `table` runs for inputs all of dtype `d` (the core's fast-path
/// lookup, `same_dtype_loop`).
///
/// # Panics
/// When there is none (the inputs would be cast).
pub fn same_dtype_loop(table: &LoopTable, d: DType) -> &Loop {
    let i = table.same_dtype_loop[d.index()]
        .unwrap_or_else(|| panic!("{} has no {d:?} loop", table.def.name));
    &table.loops[usize::from(i)]
}

/// The loop `table` reduces an array of dtype `d` with (`reduce_loop`).
///
/// # Panics
/// When there is none.
pub fn reduce_loop(table: &LoopTable, d: DType) -> &Loop {
    let i = table.reduce_loop[d.index()]
        .unwrap_or_else(|| panic!("{} cannot reduce {d:?}", table.def.name));
    &table.loops[usize::from(i)]
}

/// One call of an inner loop over `n` elements, its operands checked once:
/// what the core does for same-dtype operands (no iterator).
pub struct KernelCall<'a> {
    kernel: Kernel,
    args: Vec<*mut u8>,
    steps: Vec<isize>,
    n: usize,
    /// The inputs are read and the output written for `'a`.
    _arrays: PhantomData<&'a mut Array>,
}

impl<'a> KernelCall<'a> {
    /// `lp` over `n` elements: `ins` (array, byte step; step 0 repeats the
    /// first element: a scalar operand) then the one output `out` at step
    /// `out_step`.
    ///
    /// # Panics
    /// When the operands do not match the loop's dtypes, or do not hold
    /// `n` elements at their steps.
    pub fn new(
        lp: &Loop,
        ins: &[(&'a Array, isize)],
        out: &'a mut Array,
        out_step: isize,
        n: usize,
    ) -> Self {
        assert_eq!(ins.len() + 1, lp.types.len(), "one output");
        let mut args = Vec::with_capacity(lp.types.len());
        let mut steps = Vec::with_capacity(lp.types.len());
        for (k, &(a, s)) in ins.iter().enumerate() {
            assert_eq!(a.dtype, lp.types[k], "input {k}");
            assert!(a.covers(&[n], &[s]), "input {k} holds {n} elements");
            args.push(a.as_ptr());
            steps.push(s);
        }
        assert_eq!(out.dtype, lp.types[ins.len()], "output");
        assert!(out.covers(&[n], &[out_step]), "output holds {n} elements");
        args.push(out.as_ptr());
        steps.push(out_step);
        Self {
            kernel: lp.kernel,
            args,
            steps,
            n,
            _arrays: PhantomData,
        }
    }

    /// Runs the loop.
    #[inline]
    pub fn run(&mut self) -> LoopState {
        let mut st = LoopState::default();
        // SAFETY: checked in `new`: every pointer addresses `n` elements of
        // the loop's dtype at its step, readable (inputs, borrowed shared)
        // or writable (the output, borrowed exclusively, so distinct from
        // every input) for `'a`.
        unsafe { (self.kernel)(&self.args, self.n, &self.steps, &mut st) };
        st
    }
}

/// One call of the broadcasting iterator ([`iter::run`]: plan, then the
/// inner loop per run of the innermost axis, with chunked casts where an
/// operand's dtype is not the loop's), its operands checked once.
pub struct IterCall<'a> {
    shape: Vec<usize>,
    ops: Vec<iter::Operand>,
    nin: usize,
    types: Vec<DType>,
    kernel: Kernel,
    _arrays: PhantomData<&'a mut Array>,
}

impl<'a> IterCall<'a> {
    /// `lp` over `shape`: the inputs `ins` (array, byte strides: one per
    /// axis of `shape`, 0 where broadcast), then the output `out`.
    ///
    /// # Panics
    /// When a stride list is not one per axis, is negative, or reaches
    /// past its array; when the output's dtype is not the loop's.
    pub fn new(
        lp: &Loop,
        shape: &[usize],
        ins: &[(&'a Array, &[isize])],
        out: (&'a mut Array, &[isize]),
    ) -> Self {
        assert_eq!(ins.len() + 1, lp.types.len(), "one output");
        let mut ops = Vec::with_capacity(lp.types.len());
        for (k, &(a, s)) in ins.iter().enumerate() {
            assert!(a.covers(shape, s), "input {k} covers {shape:?}");
            ops.push(iter::Operand {
                ptr: a.as_ptr(),
                dtype: a.dtype,
                strides: s.into(),
            });
        }
        let (o, s) = out;
        assert_eq!(o.dtype, lp.types[ins.len()], "output");
        assert!(o.covers(shape, s), "output covers {shape:?}");
        ops.push(iter::Operand {
            ptr: o.as_ptr(),
            dtype: o.dtype,
            strides: s.into(),
        });
        Self {
            shape: shape.to_vec(),
            ops,
            nin: ins.len(),
            types: lp.types.to_vec(),
            kernel: lp.kernel,
            _arrays: PhantomData,
        }
    }

    /// Runs the iteration.
    #[inline]
    pub fn run(&mut self) -> Outcome {
        // SAFETY: checked in `new`: the kernel is the loop over `types`,
        // every operand addresses an element of its dtype for every index
        // of `shape` (inputs borrowed shared, the output exclusively, so it
        // overlaps no input).
        unsafe {
            iter::run(
                &self.shape,
                &self.ops,
                self.nin,
                &self.types,
                self.kernel.into(),
                None,
            )
        }
    }
}

/// Reduces the `n` contiguous elements of `a` with `lp` as the core does a
/// whole C-contiguous array (`reduce_all_fast`): one call of the loop's
/// reduce path on a running value, which starts at `identity`, or at the
/// first element for ufuncs without one.
///
/// # Panics
/// When `lp` does not reduce `a`'s dtype in place (`types` `[t, d, t]` with
/// `d` the array's), or `a` holds fewer than `n` (or no) elements.
pub fn reduce_contiguous(lp: &Loop, a: &Array, n: usize, identity: Option<Scalar>) -> Scalar {
    let t = lp.types[0];
    assert!(lp.types.len() == 3 && lp.types[2] == t && lp.types[1] == a.dtype);
    assert!(n > 0 && a.covers(&[n], &[a.dtype.itemsize() as isize]));
    let z = a.dtype.itemsize();
    let mut acc = [0u8; 16];
    let (start, count) = match identity {
        Some(v) => {
            // SAFETY: 16 bytes hold any element.
            unsafe { numpy_pure::array::element::write(acc.as_mut_ptr(), v.cast(t)) };
            (a.as_ptr(), n)
        }
        None => {
            assert_eq!(t, a.dtype, "the first element starts the reduction");
            // SAFETY: the array's first element (n > 0), `t`-sized, into the
            // 16-byte accumulator.
            unsafe { core::ptr::copy_nonoverlapping(a.as_ptr(), acc.as_mut_ptr(), z) };
            // (In bounds: n > 0 elements.)
            (a.as_ptr().wrapping_add(z), n - 1)
        }
    };
    let acc_ptr = acc.as_mut_ptr();
    let args = [acc_ptr, start, acc_ptr];
    let steps = [0, z as isize, 0];
    let mut st = LoopState::default();
    // SAFETY: the kernel's reduction form (first input and output the same
    // element, at step 0: the accumulator, an element of `t`); the second
    // input `count` elements of the array's dtype, contiguous (checked).
    unsafe { (lp.kernel)(&args, count, &steps, &mut st) };
    // SAFETY: the loop wrote one element of `t` there.
    unsafe { numpy_pure::array::element::read(t, acc.as_ptr()) }
}

/// Reduces `input` (of `shape`, at byte `strides`) over the axes marked in
/// `reduced` into `out` (byte `out_strides`, one per axis of `shape`, 0
/// along the reduced ones) with the reduction loop `lp`, through
/// [`reduce::reduce`] (the iterator, the output as the loop's first input).
/// With `copy_first` the first element along the reduced axes starts each
/// result (ufuncs without an identity); otherwise `out` holds the start.
///
/// # Panics
/// When the strides do not fit the arrays, a reduced axis has a non-zero
/// output stride, or the loop does not fit the dtypes.
pub fn reduce_axes(
    lp: &Loop,
    input: (&Array, &[usize], &[isize]),
    out: (&mut Array, &[isize]),
    reduced: &[bool],
    copy_first: bool,
) -> Outcome {
    let (a, shape, strides) = input;
    let (o, out_strides) = out;
    assert!(lp.types.len() == 3 && lp.types[0] == lp.types[2] && o.dtype == lp.types[0]);
    assert!(a.covers(shape, strides) && o.covers(shape, out_strides));
    assert_eq!(reduced.len(), shape.len());
    assert!(
        reduced.iter().zip(out_strides).all(|(&r, &s)| !r || s == 0),
        "the output steps 0 along the reduced axes"
    );
    let inp = iter::Operand {
        ptr: a.as_ptr(),
        dtype: a.dtype,
        strides: strides.into(),
    };
    let outp = iter::Operand {
        ptr: o.as_ptr(),
        dtype: o.dtype,
        strides: out_strides.into(),
    };
    // SAFETY: checked above: the input addresses elements of its dtype for
    // every index of `shape`, the output writable elements of `types[0]`
    // (borrowed exclusively: it overlaps no input).
    unsafe {
        reduce::reduce(
            shape,
            &inp,
            &outp,
            reduced,
            &lp.types,
            lp.loop_fn(),
            None,
            copy_first,
        )
    }
}

/// `argmax` (`max`) or `argmin` of the `n` contiguous elements of `a`.
///
/// # Panics
/// When `a` holds fewer than `n` or `n` is 0.
pub fn arg_extreme(a: &Array, n: usize, max: bool) -> usize {
    let z = a.dtype.itemsize() as isize;
    assert!(n > 0 && a.covers(&[n], &[z]));
    // SAFETY: `n > 0` elements of the array's dtype at step `z` (checked).
    unsafe { sort::arg_extreme_of(a.dtype, a.as_ptr(), n, z, max) }
}

/// `argmax` along `axis` of `a` (of `shape`, at byte `strides`) into `out`
/// (one int64 per index of the other axes, in C order), lane by lane with
/// [`iter::lanes`], as the core's `argmax(axis=...)`.
///
/// # Panics
/// When the strides do not fit `a`, `axis` is out of range or has length 0,
/// or `out` has not one element per lane.
pub fn argmax_along(a: &Array, shape: &[usize], strides: &[isize], axis: usize, out: &mut [i64]) {
    assert!(a.covers(shape, strides) && axis < shape.len() && shape[axis] > 0);
    let lanes: usize = shape
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != axis)
        .map(|(_, &n)| n)
        .product();
    assert_eq!(out.len(), lanes);
    let mut os = vec![0isize; shape.len()];
    let mut step = size_of::<i64>() as isize;
    for k in (0..shape.len()).rev() {
        if k != axis {
            os[k] = step;
            step *= shape[k] as isize;
        }
    }
    let d = a.dtype;
    let ptrs = [a.as_ptr(), out.as_mut_ptr().cast::<u8>()];
    let all: [&[isize]; 2] = [strides, &os];
    // SAFETY: the input addresses elements of `d` for every index of
    // `shape` (checked); `os` maps every index to one of `out`'s `lanes`
    // int64 (C order over the other axes, 0 along `axis`); each lane reads
    // `n > 0` elements at its step and writes its own index.
    unsafe {
        iter::lanes(shape, &ptrs, &all, axis, &mut |args, n, steps| {
            let i = sort::arg_extreme_of(d, args[0], n, steps[0], true);
            args[1].cast::<i64>().write_unaligned(i as i64);
        });
    }
}

/// Sorts `v` in NumPy's order (stable), as `sort` does one lane.
pub fn sort_slice<T: SortElem>(v: &mut [T]) {
    // SAFETY: `v.len()` writable, contiguous, aligned elements of `T`.
    let done =
        unsafe { sort::sort_lane::<T>(v.as_mut_ptr().cast(), v.len(), size_of::<T>() as isize) };
    assert!(done, "a contiguous lane needs no memory");
}

/// The stable sorting permutation of `v` into `out`, as `argsort` does one
/// lane.
///
/// # Panics
/// When `out` is shorter than `v`, or memory runs out.
pub fn argsort_slice<T: SortElem>(v: &[T], out: &mut [i64]) {
    assert!(out.len() >= v.len());
    // SAFETY: `v.len()` elements of `T`, contiguous; `out` as many writable
    // int64, contiguous, not overlapping `v` (a distinct `&mut`).
    let done = unsafe {
        sort::argsort_lane::<T>(
            v.as_ptr().cast(),
            v.len(),
            size_of::<T>() as isize,
            out.as_mut_ptr().cast(),
            size_of::<i64>() as isize,
        )
    };
    assert!(done, "memory for argsort's pairs");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::c_strides;

    #[test]
    fn wrappers_compute_numpys_results() {
        let tables = LoopTable::all().unwrap();
        let add = table(&tables, "add");
        let lp = same_dtype_loop(add, DType::Float64);
        let a = Array::filled(DType::Float64, 8);
        let b = Array::filled(DType::Float64, 1);
        let mut o = Array::zeros(DType::Float64, 8);
        KernelCall::new(lp, &[(&a, 8), (&b, 0)], &mut o, 8, 8).run();
        assert_eq!(o.get(3), Scalar::Float64(2.5 + 1.0));

        // int32 (2, 3) + float64 (3,) broadcast: cast in the iterator.
        let lp = &add.loops[usize::from(add.same_dtype_loop[DType::Float64.index()].unwrap())];
        let x = Array::filled(DType::Int32, 6);
        let y = Array::filled(DType::Float64, 3);
        let mut o = Array::zeros(DType::Float64, 6);
        IterCall::new(
            lp,
            &[2, 3],
            &[(&x, &c_strides(&[2, 3], 4)), (&y, &[0, 8])],
            (&mut o, &c_strides(&[2, 3], 8)),
        )
        .run()
        .unwrap();
        assert_eq!(o.get(4), Scalar::Float64(5.0 + 1.5));

        let m = Array::from_slice(DType::Float64, &[3.0f64, 1.0, 4.0, 1.0, 5.0, 9.0]);
        let s = reduce_contiguous(
            reduce_loop(add, DType::Float64),
            &m,
            6,
            Some(Scalar::Float64(0.0)),
        );
        assert_eq!(s, Scalar::Float64(23.0));
        let mx = table(&tables, "maximum");
        let s = reduce_contiguous(reduce_loop(mx, DType::Float64), &m, 6, None);
        assert_eq!(s, Scalar::Float64(9.0));
        assert_eq!(arg_extreme(&m, 6, true), 5);

        // (2, 3) summed along axis 0 and axis 1.
        let st = c_strides(&[2, 3], 8);
        let mut o = Array::zeros(DType::Float64, 3);
        reduce_axes(
            reduce_loop(add, DType::Float64),
            (&m, &[2, 3], &st),
            (&mut o, &[0, 8]),
            &[true, false],
            false,
        )
        .unwrap();
        assert_eq!(
            [o.get(0), o.get(2)],
            [Scalar::Float64(4.0), Scalar::Float64(13.0)]
        );
        let mut o = Array::zeros(DType::Float64, 2);
        reduce_axes(
            reduce_loop(mx, DType::Float64),
            (&m, &[2, 3], &st),
            (&mut o, &[8, 0]),
            &[false, true],
            true,
        )
        .unwrap();
        assert_eq!(
            [o.get(0), o.get(1)],
            [Scalar::Float64(4.0), Scalar::Float64(9.0)]
        );
        let mut idx = [0i64; 3];
        argmax_along(&m, &[2, 3], &st, 0, &mut idx);
        assert_eq!(idx, [0, 1, 1]);
        let mut idx = [0i64; 2];
        argmax_along(&m, &[2, 3], &st, 1, &mut idx);
        assert_eq!(idx, [2, 2]);

        let mut v = vec![3.0f64, f64::NAN, -1.0, 2.0];
        let mut p = [0i64; 4];
        argsort_slice(&v, &mut p);
        assert_eq!(p, [2, 3, 0, 1]);
        sort_slice(&mut v);
        assert_eq!(&v[..3], &[-1.0, 2.0, 3.0]);
        assert!(v[3].is_nan());
    }

    #[test]
    #[should_panic(expected = "holds 9 elements")]
    fn a_short_operand_is_refused() {
        let tables = LoopTable::all().unwrap();
        let lp = same_dtype_loop(table(&tables, "add"), DType::Float64);
        let a = Array::filled(DType::Float64, 8);
        let mut o = Array::zeros(DType::Float64, 9);
        KernelCall::new(lp, &[(&a, 8), (&a, 8)], &mut o, 8, 9);
    }
}
