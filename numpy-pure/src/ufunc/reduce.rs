//! Reductions and accumulations: a binary ufunc's loop driven by the
//! broadcasting iterator ([`super::iter`]) with the output as the first
//! input. A reduction's output steps 0 along the reduced axes, so the inner
//! loop sees one running value (the kernels' reduce path: pairwise sums for
//! floats, as NumPy); an accumulation keeps its axis innermost with the
//! output one step ahead of its first input. No second iterator: axis
//! ordering, coalescing, chunked casts and `where=` masks are the ufunc
//! call's.

use super::LoopTable;
use super::iter::{self, BUFFER_ELEMS, Operand, Order, Outcome};
use super::kernels::LoopFn;
use super::loops::copy_kernel;
use super::resolve::{Operand as Kind2, ResolveError, resolve};
use crate::array::element;
use crate::dtype::{Casting, DType, Kind};
use crate::scalar::FpFlags;

/// The output shape of reducing `shape` over the axes marked in `reduced`
/// (`keepdims`: those axes kept with length 1).
pub fn reduced_shape(shape: &[usize], reduced: &[bool], keepdims: bool) -> Vec<usize> {
    shape
        .iter()
        .zip(reduced)
        .filter_map(|(&n, &r)| match (r, keepdims) {
            (false, _) => Some(n),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect()
}

/// Why a reduction has no loop.
#[derive(Debug)]
pub enum ReduceLoopError {
    /// Loop selection failed (NumPy's error for the call).
    Resolve(ResolveError),
    /// `UFuncTypeError`: no loop for the array's dtype, the output unknown
    /// ("... matching types (None, <class '...Float64DType'>) -> None").
    NoLoop(&'static str, DType),
    /// The loop's first input or output disagree (NumPy's "the resolved
    /// dtypes are not compatible with add.reduce. Resolved (...)").
    Incompatible(&'static str, &'static str, [DType; 3]),
}

impl core::fmt::Display for ReduceLoopError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReduceLoopError::Resolve(e) => e.fmt(f),
            ReduceLoopError::NoLoop(name, d) => write!(
                f,
                "ufunc '{name}' did not contain a loop with signature matching types (None, {}) -> None",
                super::resolve::dtype_class(*d)
            ),
            ReduceLoopError::Incompatible(name, method, t) => write!(
                f,
                "the resolved dtypes are not compatible with {name}.{method}. Resolved ({}, {}, {})",
                t[0].repr(),
                t[1].repr(),
                t[2].repr()
            ),
        }
    }
}

/// The loop of a reduction-like call (`method`: "reduce", "accumulate"):
/// NumPy resolves `[out or array, array] -> out` with `dtype=` fixing the
/// first operand and the output (unsafe casting), `add`/`multiply` summing
/// small integers and booleans as int64 (uint64) and the logical ufuncs
/// reducing in booleans when neither `dtype=` nor `out=` says otherwise.
/// The loop's first input and output must agree (`uniform`: its second
/// input too).
pub fn reduction_loop(
    table: &LoopTable,
    array: DType,
    out: Option<DType>,
    dtype: Option<DType>,
    uniform: bool,
    method: &'static str,
) -> Result<usize, ReduceLoopError> {
    let name = table.def.name;
    let rule = table.rule_name();
    let mut fixed = dtype;
    if fixed.is_none() && out.is_none() && matches!(rule, "add" | "multiply") {
        fixed = match array.kind() {
            Kind::Bool => Some(DType::Int64),
            Kind::Int if array.itemsize() < 8 => Some(DType::Int64),
            Kind::UInt if array.itemsize() < 8 => Some(DType::UInt64),
            _ => None,
        };
    }
    if fixed.is_none() && matches!(rule, "logical_and" | "logical_or" | "logical_xor") {
        fixed = Some(DType::Bool);
    }
    let kinds = [Kind2::Strong(out.unwrap_or(array)), Kind2::Strong(array)];
    let sig = [fixed, None, fixed];
    let index = resolve(table, &kinds, &sig, Casting::Unsafe).map_err(|e| match e {
        ResolveError::NoLoop(..) if out.is_none() => ReduceLoopError::NoLoop(name, array),
        e => ReduceLoopError::Resolve(e),
    })?;
    let t = &table.loops[index].types;
    if t[0] != t[2] && fixed.is_none() {
        return Err(ReduceLoopError::Resolve(ResolveError::NoSignatureMatch(
            name,
        )));
    }
    if t[0] != t[2] || (uniform && t[1] != t[0]) {
        return Err(ReduceLoopError::Incompatible(
            name,
            method,
            [t[0], t[1], t[2]],
        ));
    }
    Ok(index)
}

/// Combines the outcomes of several runs.
fn merge(acc: &mut (FpFlags, FpFlags), o: Outcome) -> Result<(), crate::scalar::ScalarError> {
    let (a, b) = o?;
    acc.0 |= a;
    acc.1 |= b;
    Ok(())
}

/// `input` with its pointer moved `k` steps along `axis`.
fn shifted(op: &Operand, axis: usize, k: isize) -> Operand {
    Operand {
        // Wrapping: the result is only dereferenced for indices inside the
        // operand (the caller's contract).
        ptr: op.ptr.wrapping_offset(op.strides[axis].wrapping_mul(k)),
        dtype: op.dtype,
        strides: op.strides.clone(),
    }
}

/// Reduces `input` (of `shape`) over the axes marked in `reduced` into
/// `out`, whose strides (one per axis of `shape`) are 0 along those axes,
/// with the loop `kernel` over `types` (`[out, input, out]` dtypes; `out`'s
/// dtype must be `types[0]`, the input is cast in chunks when it differs).
///
/// With `copy_first` (ufuncs without an identity, and no `initial`) the
/// first element along the reduced axes is copied into `out` and the rest
/// reduced into it; otherwise `out` already holds the initial value. `mask`
/// (`where=`) selects the input elements taken.
///
/// # Safety
/// `input` and `mask` must address elements of their dtypes for every index
/// of `shape`, `out` writable elements of `types[0]` (several indices of
/// `shape` map to one output element: nothing else may access them), not
/// overlapping the input or the mask.
#[allow(clippy::too_many_arguments)]
pub unsafe fn reduce(
    shape: &[usize],
    input: &Operand,
    out: &Operand,
    reduced: &[bool],
    types: &[DType],
    kernel: LoopFn,
    mask: Option<&Operand>,
    copy_first: bool,
) -> Outcome {
    debug_assert!(types.len() == 3 && types[0] == types[2] && out.dtype == types[0]);
    let order = Order {
        reference: 1,
        inner: None,
    };
    let mut flags = (FpFlags::NONE, FpFlags::NONE);
    let run = |shape: &[usize], input: &Operand, mask: Option<&Operand>| {
        let ops = [out.clone(), input.clone(), out.clone()];
        // SAFETY: the caller's contract; the output is the first input
        // element for element, as a reduction's (step 0 along the reduced
        // axes, which the kernels' reduce path handles in order).
        unsafe { iter::run_ordered(shape, &ops, 2, types, kernel, mask, order) }
    };
    if !copy_first {
        let mut strides: Vec<&[isize]> = vec![&out.strides, &input.strides];
        if let Some(m) = mask {
            strides.push(&m.strides);
        }
        if let Some(p) = iter::plan(shape, &strides, order) {
            let nd = p.shape.len();
            let k = (0..nd).rev().take_while(|&d| p.strides[0][d] == 0).count();
            // (A row longer than the buffer is read in place, row by row,
            // as NumPy's iterator then does.)
            if k >= 2 && p.shape[nd - 1] <= BUFFER_ELEMS {
                // SAFETY: the caller's contract, for the planned axes.
                return unsafe { reduce_blocks(&p, k, input, out, types, kernel, mask) };
            }
        }
        merge(&mut flags, run(shape, input, mask))?;
        return Ok(flags);
    }
    if shape.iter().zip(reduced).any(|(&n, &r)| r && n == 0) {
        // Nothing to copy (the caller refuses empty reductions without an
        // identity unless the output is empty too).
        return Ok(flags);
    }
    // The first values: the input at index 0 of every reduced axis.
    let first: Vec<usize> = shape
        .iter()
        .zip(reduced)
        .map(|(&n, &r)| if r { 1 } else { n })
        .collect();
    let t = types[0];
    let copy = [input.clone(), out.clone()];
    // SAFETY: index 0 along the reduced axes is inside the input; the output
    // elements are written once each.
    merge(&mut flags, unsafe {
        iter::run_ordered(
            &first,
            &copy,
            1,
            &[t, t],
            copy_kernel(t).into(),
            None,
            Order {
                reference: 0,
                inner: None,
            },
        )
    })?;
    // The rest, as disjoint boxes: for the j-th reduced axis, the indices
    // from 1 on, with the earlier reduced axes at index 0 and the later
    // ones whole. Together they cover every element but the first.
    let axes: Vec<usize> = (0..shape.len()).filter(|&a| reduced[a]).collect();
    for (j, &a) in axes.iter().enumerate() {
        let mut sub = shape.to_vec();
        for &b in &axes[..j] {
            sub[b] = 1;
        }
        sub[a] -= 1;
        let inp = shifted(input, a, 1);
        let m = mask.map(|m| shifted(m, a, 1));
        merge(&mut flags, run(&sub, &inp, m.as_ref()))?;
    }
    Ok(flags)
}

/// Steps `idx` (over `shape`) to the next index in C order, moving each
/// offset in `offs` by its operand's strides; false after the last.
fn advance(idx: &mut [usize], shape: &[usize], strides: &[&[isize]], offs: &mut [isize]) -> bool {
    let mut d = idx.len();
    while d > 0 {
        d -= 1;
        idx[d] += 1;
        for (o, s) in offs.iter_mut().zip(strides) {
            *o = o.wrapping_add(s[d]);
        }
        if idx[d] < shape[d] {
            return true;
        }
        for (o, s) in offs.iter_mut().zip(strides) {
            *o = o.wrapping_sub(s[d].wrapping_mul(shape[d] as isize));
        }
        idx[d] = 0;
    }
    false
}

/// NumPy's buffered reduction: when the reduced dimensions innermost in
/// the iteration (the last `k` of the plan `p`, where the output steps 0)
/// do not merge into one, NumPy's iterator copies the input (cast to the
/// loop's dtype) into its buffer as one flat stream per output element, as
/// many whole rows as fit in [`BUFFER_ELEMS`], and calls the loop once per
/// buffer, so a float sum is
/// pairwise over the whole buffer; so does this (with
/// `mask`, the plan's third operand, the `where=` mask, selects the runs
/// the loop is called on).
///
/// # Safety
/// As [`reduce`], for the operands the plan was made from.
unsafe fn reduce_blocks(
    p: &iter::Plan,
    k: usize,
    input: &Operand,
    out: &Operand,
    types: &[DType],
    kernel: LoopFn,
    mask: Option<&Operand>,
) -> Outcome {
    let masked = mask.is_some();
    let nd = p.shape.len();
    let outer = nd - k;
    let t = types[1];
    let z = t.itemsize();
    let block: usize = p.shape[outer..].iter().product();
    // NumPy's buffer holds as many whole rows (the innermost dimension,
    // never longer than the buffer here) as fit.
    let row = p.shape[nd - 1];
    let cap = (BUFFER_ELEMS / row * row).min(block);
    let mut buf = vec![0u8; cap * z];
    let mut mbuf = vec![0u8; if masked { cap } else { 0 }];
    let nops = p.strides.len();
    let outer_strides: Vec<&[isize]> = p.strides.iter().map(|s| &s[..outer]).collect();
    let inner_strides: Vec<&[isize]> = p.strides.iter().map(|s| &s[outer..]).collect();
    let mut oidx = vec![0usize; outer];
    let mut ooffs = vec![0isize; nops];
    let mut st = kernel.state();
    let mut cast_flags = FpFlags::NONE;
    loop {
        let out_ptr = out.ptr.wrapping_offset(ooffs[0]);
        let mut iidx = vec![0usize; k];
        let mut ioffs = vec![0isize; nops];
        let mut more = true;
        while more {
            // Fill one buffer from the stream.
            let mut m = 0;
            while m < cap && more {
                let at = input.ptr.wrapping_offset(ooffs[1].wrapping_add(ioffs[1]));
                // SAFETY: the index is inside the iteration (the caller's
                // contract); the buffer holds `cap` elements of `t`.
                unsafe {
                    if input.dtype == t {
                        core::ptr::copy_nonoverlapping(at, buf.as_mut_ptr().add(m * z), z);
                    } else {
                        let v = element::read(input.dtype, at).cast(t);
                        element::write(buf.as_mut_ptr().add(m * z), v);
                    }
                    if let Some(mk) = mask {
                        mbuf[m] = *mk.ptr.wrapping_offset(ooffs[2].wrapping_add(ioffs[2]));
                    }
                }
                m += 1;
                more = advance(&mut iidx, &p.shape[outer..], &inner_strides, &mut ioffs);
            }
            cast_flags |= super::fpe::take();
            // The loop over the buffer (or each selected run of it).
            let mut i = 0;
            while i < m {
                let (start, len) = if masked {
                    while i < m && mbuf[i] == 0 {
                        i += 1;
                    }
                    let s0 = i;
                    while i < m && mbuf[i] != 0 {
                        i += 1;
                    }
                    (s0, i - s0)
                } else {
                    i = m;
                    (0, m)
                };
                if len == 0 {
                    continue;
                }
                let args = [out_ptr, buf.as_mut_ptr().wrapping_add(start * z), out_ptr];
                // SAFETY: the running value is one output element; `len`
                // buffered elements of the loop's input dtype.
                unsafe { (kernel.kernel)(&args, len, &[0, z as isize, 0], &mut st) };
                if let Some(e) = st.error.take() {
                    return Err(e);
                }
            }
            st.flags |= super::fpe::take();
        }
        if outer == 0 || !advance(&mut oidx, &p.shape[..outer], &outer_strides, &mut ooffs) {
            return Ok((st.flags, cast_flags));
        }
    }
}

/// Accumulates `input` (of `shape`) along `axis` into `out` (same shape,
/// dtype `types[0]`): `out[0] = input[0]`, `out[i] = f(out[i - 1],
/// input[i])`, with the loop `kernel` over `types` (`[out, input, out]`).
///
/// # Safety
/// `input` must address readable elements of its dtype and `out` writable
/// elements of `types[0]` for every index of `shape`, not overlapping.
pub unsafe fn accumulate(
    shape: &[usize],
    input: &Operand,
    out: &Operand,
    axis: usize,
    types: &[DType],
    kernel: LoopFn,
) -> Outcome {
    debug_assert!(types.len() == 3 && types[0] == types[2] && out.dtype == types[0]);
    let mut flags = (FpFlags::NONE, FpFlags::NONE);
    if shape.contains(&0) {
        return Ok(flags);
    }
    let t = types[0];
    let mut first = shape.to_vec();
    first[axis] = 1;
    let copy = [input.clone(), out.clone()];
    let c_order = Order {
        reference: 0,
        inner: None,
    };
    // SAFETY: index 0 along `axis` of both operands.
    merge(&mut flags, unsafe {
        iter::run_ordered(
            &first,
            &copy,
            1,
            &[t, t],
            copy_kernel(t).into(),
            None,
            c_order,
        )
    })?;
    let mut rest = shape.to_vec();
    rest[axis] -= 1;
    let ops = [out.clone(), shifted(input, axis, 1), shifted(out, axis, 1)];
    let order = Order {
        reference: 1,
        inner: Some(axis),
    };
    // SAFETY: indices 1.. of the input and output along `axis`, the first
    // input being the output one step behind (`order.inner`).
    merge(&mut flags, unsafe {
        iter::run_ordered(&rest, &ops, 2, types, kernel, None, order)
    })?;
    Ok(flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ufunc::kernels::{Add, Max, binary};

    fn op<T>(v: &mut [T], dtype: DType, strides: &[isize]) -> Operand {
        Operand {
            ptr: v.as_mut_ptr().cast(),
            dtype,
            strides: strides.into(),
        }
    }

    #[test]
    fn sums_rows_and_columns() {
        let mut a: Vec<f64> = (0..6).map(f64::from).collect();
        let input = op(&mut a, DType::Float64, &[24, 8]);
        let t = [DType::Float64; 3];
        let mut rows = [0.0f64; 2];
        let out = op(&mut rows, DType::Float64, &[8, 0]);
        // SAFETY: the operands address (2, 3) elements and 2 outputs.
        unsafe {
            reduce(
                &[2, 3],
                &input,
                &out,
                &[false, true],
                &t,
                (binary::<Add<f64>> as crate::ufunc::Kernel).into(),
                None,
                false,
            )
        }
        .unwrap();
        assert_eq!(rows, [3.0, 12.0]);
        let mut cols = [0.0f64; 3];
        let out = op(&mut cols, DType::Float64, &[0, 8]);
        // SAFETY: as above.
        unsafe {
            reduce(
                &[2, 3],
                &input,
                &out,
                &[true, false],
                &t,
                (binary::<Add<f64>> as crate::ufunc::Kernel).into(),
                None,
                false,
            )
        }
        .unwrap();
        assert_eq!(cols, [3.0, 5.0, 7.0]);
    }

    #[test]
    fn copy_first_covers_every_element_once() {
        // max over both axes of a (3, 4) int32 array cast to int64... as
        // int64 input (the loop's dtype), with the maximum in the first row.
        let mut a: Vec<i64> = vec![9, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2];
        let input = op(&mut a, DType::Int64, &[32, 8]);
        let mut m = [i64::MIN];
        let out = op(&mut m, DType::Int64, &[0, 0]);
        let t = [DType::Int64; 3];
        // SAFETY: (3, 4) elements, one output.
        unsafe {
            reduce(
                &[3, 4],
                &input,
                &out,
                &[true, true],
                &t,
                (binary::<Max<i64>> as crate::ufunc::Kernel).into(),
                None,
                true,
            )
        }
        .unwrap();
        assert_eq!(m, [9]);
        // A sum with copy-first counts each element once.
        let mut s = [0i64];
        let out = op(&mut s, DType::Int64, &[0, 0]);
        // SAFETY: as above.
        unsafe {
            reduce(
                &[3, 4],
                &input,
                &out,
                &[true, true],
                &t,
                (binary::<Add<i64>> as crate::ufunc::Kernel).into(),
                None,
                true,
            )
        }
        .unwrap();
        assert_eq!(s, [48]);
    }

    #[test]
    fn accumulates_with_a_cast_input() {
        let mut a: Vec<i32> = (1..=20000).collect();
        let input = op(&mut a, DType::Int32, &[4]);
        let mut o = vec![0i64; 20000];
        let out = op(&mut o, DType::Int64, &[8]);
        let t = [DType::Int64; 3];
        // SAFETY: 20000 elements each.
        unsafe {
            accumulate(
                &[20000],
                &input,
                &out,
                0,
                &t,
                (binary::<Add<i64>> as crate::ufunc::Kernel).into(),
            )
        }
        .unwrap();
        assert_eq!(o[0], 1);
        assert_eq!(o[9], 55);
        assert_eq!(o[19999], 20000 * 20001 / 2);
        // Along the first axis of a (2, 3): row 1 += row 0.
        let mut b: Vec<i64> = (0..6).collect();
        let input = op(&mut b, DType::Int64, &[24, 8]);
        let mut o = [0i64; 6];
        let out = op(&mut o, DType::Int64, &[24, 8]);
        // SAFETY: (2, 3) elements each.
        unsafe {
            accumulate(
                &[2, 3],
                &input,
                &out,
                0,
                &t,
                (binary::<Add<i64>> as crate::ufunc::Kernel).into(),
            )
        }
        .unwrap();
        assert_eq!(o, [0, 1, 2, 3, 5, 7]);
    }

    #[test]
    fn float_sums_are_pairwise() {
        // 0.1 summed 1000 times: NumPy's pairwise order gives this exact
        // value (a sequential sum gives 99.9999999999986).
        let mut a = vec![0.1f64; 1000];
        let input = op(&mut a, DType::Float64, &[8]);
        let mut s = [0.0f64];
        let out = op(&mut s, DType::Float64, &[0]);
        let t = [DType::Float64; 3];
        // SAFETY: 1000 elements, one output.
        unsafe {
            reduce(
                &[1000],
                &input,
                &out,
                &[true],
                &t,
                (binary::<Add<f64>> as crate::ufunc::Kernel).into(),
                None,
                false,
            )
        }
        .unwrap();
        let seq: f64 = a.iter().sum();
        assert_ne!(s[0], seq);
        assert_eq!(s[0], 100.00000000000001);
    }
}
