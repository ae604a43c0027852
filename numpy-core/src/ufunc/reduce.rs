//! `ufunc.reduce` and `ufunc.accumulate` (and the array reductions built on
//! them, `a.sum()` ...): the operand as an array -> the axes -> the loop
//! (NumPy's reduction promotion: `[out, array, out]`, small integers summed
//! as int64 by `add`/`multiply`) -> the output (given, or allocated and
//! filled with the initial value) -> `numpy_pure::ufunc::reduce` -> FP
//! flags -> the result (a scalar for a 0-d result without `out=`).

use argparse::convert;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::call::{
    RELEASE_THRESHOLD, iter_operand, number_as, overlaps, report_flags, report_loop_flags_as,
    resolve_error,
};
use crate::array::Layout;
use crate::array::broadcast::broadcast_layout;
use crate::dtype::DType;
use crate::errors::py_err;
use crate::module::AXIS_ERROR;
use crate::ndarray::{ArrayData, array_data, array_memory, as_array, new_array};
use crate::scalar::{FpFlags, Scalar};
use crate::scalar_types::{operand, to_python};
use numpy_pure::ufunc::iter::{self, Operand as IterOp, Order};
use numpy_pure::ufunc::loops::copy_kernel;
use numpy_pure::ufunc::reduce as pure;
use numpy_pure::ufunc::resolve::Operand;
use numpy_pure::ufunc::{Identity, LoopTable};

/// `axis=` of a reduction.
#[derive(Clone, Copy)]
pub enum AxisArg<'a, 'c> {
    /// Not given, meaning axis 0 (`ufunc.reduce`).
    Zero,
    /// Not given, meaning every axis (`a.sum()`).
    All,
    /// Given (`None`: every axis; an int; a tuple of ints).
    Given(Borrowed<'a, 'c>),
}

/// `initial=` of a reduction.
#[derive(Clone, Copy)]
pub enum Initial<'a, 'c> {
    /// Not given: the ufunc's identity, if it has one.
    Default,
    /// `None`: no initial value (the first element starts the reduction).
    No,
    /// A value.
    Value(Borrowed<'a, 'c>),
}

/// The arguments of a reduction besides the array.
pub struct ReduceArgs<'a, 'c> {
    /// `axis=`
    pub axis: AxisArg<'a, 'c>,
    /// `dtype=`
    pub dtype: Option<DType>,
    /// `out=` (an array, or a 1-tuple holding one; `None` passed is absent).
    pub out: Option<Borrowed<'a, 'c>>,
    /// `keepdims=`
    pub keepdims: bool,
    /// `initial=`
    pub initial: Initial<'a, 'c>,
    /// `where=` (absent when `True`).
    pub where_: Option<Borrowed<'a, 'c>>,
}

/// NumPy's reductions that may run over several axes at once: those with
/// an identity, and the selections.
fn reorderable(t: &LoopTable) -> bool {
    t.def.identity != Identity::None
        || matches!(t.rule_name(), "maximum" | "minimum" | "fmax" | "fmin")
}

/// The identity as an element of `d`.
fn identity_scalar(id: Identity, d: DType) -> Option<Scalar> {
    Some(match id {
        Identity::None => return None,
        Identity::Zero => Scalar::Int64(0).cast(d),
        Identity::One => Scalar::Int64(1).cast(d),
        Identity::MinusOne => Scalar::Int64(-1).cast(d),
        Identity::True => Scalar::Bool(true).cast(d),
        Identity::False => Scalar::Bool(false).cast(d),
        Identity::NegInf => Scalar::Float64(f64::NEG_INFINITY).cast(d),
    })
}

/// The array `h` (converted when it is not one of ours).
fn operand_array<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    if array_data(ctx, h)?.is_some() {
        return Ok(ctx.dup(h));
    }
    as_array(ctx, h, None)
}

/// The `out=` array: ours, writeable (a 1-tuple is unpacked).
fn out_array<'c>(ctx: Ctx<'c>, out: Option<Borrowed<'_, 'c>>) -> PyResult<Option<Handle<'c>>> {
    let Some(o) = out.filter(|o| !ctx.is_none(*o) && !ctx.is(*o, ctx.constant(|t| t.h_Ellipsis)))
    else {
        return Ok(None);
    };
    let o = if ctx.is_tuple(o) {
        if ctx.len(o)? != 1 {
            return Err(PyErr::value_error(
                "The 'out' tuple must have exactly one entry per ufunc output",
            ));
        }
        ctx.get_item_i(o, 0)?
    } else {
        ctx.dup(o)
    };
    if ctx.is_none(&o) {
        return Ok(None);
    }
    match array_data(ctx, o.borrow())? {
        Some(a) if !a.writeable.get() => Err(PyErr::value_error("output array is read-only")),
        Some(_) => Ok(Some(o)),
        None => Err(PyErr::type_error("output must be an array")),
    }
}

/// NumPy reads `axis=` of its reductions as C ints.
pub(crate) fn check_c_int_axes<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<()> {
    let fits = |v: Borrowed<'_, 'c>| -> PyResult<()> {
        match ctx.index_as_isize(v) {
            Ok(i) if i32::try_from(i).is_err() => {
                Err(PyErr::value_error("integer won't fit into a C int"))
            }
            _ => {
                ctx.err_clear();
                Ok(())
            }
        }
    };
    if ctx.is_tuple(h) {
        let n = ctx.len(h)?;
        if n > crate::array::MAXDIMS {
            return Err(PyErr::value_error("too many values for 'axis'"));
        }
        for i in 0..n {
            let item = ctx.get_item_i(h, i as isize)?;
            fits(item.borrow())?;
        }
        return Ok(());
    }
    if ctx.is_none(h) {
        return Ok(());
    }
    fits(h)
}

/// The reduced axes, as a mask over the array's axes.
fn reduced_axes<'c>(ctx: Ctx<'c>, axis: AxisArg<'_, 'c>, ndim: usize) -> PyResult<Vec<bool>> {
    if let AxisArg::Given(h) = axis {
        check_c_int_axes(ctx, h)?;
    }
    let axes = match axis {
        AxisArg::All => None,
        AxisArg::Zero if ndim == 0 => Some(vec![]),
        AxisArg::Zero => Some(vec![0]),
        AxisArg::Given(h) => {
            // NumPy lets a lone axis 0 or -1 through for a 0-d array.
            if ndim == 0
                && !ctx.is_none(h)
                && !ctx.is_tuple(h)
                && matches!(ctx.index_as_isize(h), Ok(0 | -1))
            {
                Some(vec![])
            } else {
                ctx.err_clear();
                argparse::py(convert::axis(ctx, Some(h), ndim, &AXIS_ERROR))?
            }
        }
    };
    Ok(match axes {
        None => vec![true; ndim],
        Some(v) => {
            let mut m = vec![false; ndim];
            for a in v {
                m[a] = true;
            }
            m
        }
    })
}

/// A shape as NumPy's iterator prints it: `(2,3)`, `(4,)`.
fn shape_text(items: &[String]) -> String {
    if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(","))
    }
}

/// [`pure::reduction_loop`] with NumPy's exceptions.
fn reduction_loop(
    table: &LoopTable,
    array: DType,
    out: Option<DType>,
    dtype: Option<DType>,
    uniform: bool,
    method: &'static str,
) -> PyResult<usize> {
    pure::reduction_loop(table, array, out, dtype, uniform, method).map_err(|e| match e {
        pure::ReduceLoopError::Resolve(r) => resolve_error(r),
        e @ pure::ReduceLoopError::NoLoop(..) => PyErr::new(
            hpy::ExcType::Custom(&super::UFUNC_TYPE_ERROR),
            e.to_string(),
        ),
        e => PyErr::type_error(e.to_string()),
    })
}

/// A new array of `shape` and `dtype` in C order, zeroed.
fn new_c_array<'c>(ctx: Ctx<'c>, shape: &[usize], d: DType) -> PyResult<Handle<'c>> {
    let layout = Layout::c_order(shape, d.itemsize()).map_err(py_err)?;
    new_array(ctx, d, layout, array_memory(shape, d)?)
}

/// Copies `src` into `dst` (same shape), casting as `unsafe` casting does.
fn copy_into(src: &ArrayData, dst: &ArrayData) -> PyResult<FpFlags> {
    let shape = dst.layout().shape().to_vec();
    let s = src.layout().clone();
    let d = dst.layout().clone();
    let ops = [iter_operand(src, &s), iter_operand(dst, &d)];
    let t = src.dtype;
    // SAFETY: both arrays have `shape` (checked layouts) and do not overlap
    // (the source is a temporary made by the caller).
    let r = unsafe {
        iter::run_ordered(
            &shape,
            &ops,
            1,
            &[t, t],
            copy_kernel(t).into(),
            None,
            Order {
                reference: 1,
                inner: None,
            },
        )
    };
    r.map(|(_, c)| c).map_err(py_err)
}

/// Writes `value` into every element of `dst`.
fn fill(dst: &ArrayData, value: Scalar) -> PyResult<()> {
    let mut buf = [0u8; 16];
    // SAFETY: 16 bytes hold any element.
    unsafe { crate::array::element::write(buf.as_mut_ptr(), value) };
    let l = dst.layout().clone();
    let shape = l.shape().to_vec();
    let src = IterOp {
        ptr: buf.as_mut_ptr(),
        dtype: value.dtype(),
        strides: iter::Small::from_elem(0, shape.len()),
    };
    let t = dst.dtype;
    let ops = [src, iter_operand(dst, &l)];
    // SAFETY: the source is one element read at step 0; `dst` has `shape`.
    unsafe {
        iter::run_ordered(
            &shape,
            &ops,
            1,
            &[t, t],
            copy_kernel(t).into(),
            None,
            Order {
                reference: 1,
                inner: None,
            },
        )
    }
    .map_err(py_err)?;
    Ok(())
}

/// Where a reduction or accumulation writes: the caller's `out` when it
/// has the loop's dtype `t` and does not overlap the input `a` (`true`
/// beside it), else a new C-ordered array of `shape` that [`finish`] copies
/// into `out`.
fn loop_target<'c>(
    ctx: Ctx<'c>,
    out: Option<&Handle<'c>>,
    a: &ArrayData,
    shape: &[usize],
    t: DType,
) -> PyResult<(Handle<'c>, bool)> {
    if let Some(h) = out {
        let o = array_data(ctx, h.borrow())?.expect("array");
        if o.dtype == t && !overlaps(o, a) {
            return Ok((ctx.dup(h), true));
        }
    }
    Ok((new_c_array(ctx, shape, t)?, false))
}

/// After the loop (`method`: "reduce", "accumulate"): its FP flags under
/// the errstate, a temporary `target` cast into the caller's `out`, the
/// casts' flags.
fn finish(
    ctx: Ctx<'_>,
    table: &LoopTable,
    method: &str,
    result: iter::Outcome,
    target: &ArrayData,
    out: Option<&ArrayData>,
    direct: bool,
) -> PyResult<()> {
    let (flags, mut cast_flags) = result.map_err(py_err)?;
    report_loop_flags_as(ctx, table, flags, method)?;
    if let Some(o) = out.filter(|_| !direct) {
        cast_flags |= copy_into(target, o)?;
    }
    if cast_flags.any() {
        report_flags(ctx, "cast", cast_flags)?;
    }
    Ok(())
}

/// One reduction run, handed to [`Ctx::allow_threads`].
struct ReduceJob<'a> {
    shape: &'a [usize],
    input: IterOp,
    out: IterOp,
    reduced: &'a [bool],
    types: &'a [DType],
    kernel: numpy_pure::ufunc::LoopFn,
    mask: Option<IterOp>,
    copy_first: bool,
}

// SAFETY: pointers into arrays the calling thread keeps alive while it
// waits for the job (as `call::Job`).
unsafe impl Send for ReduceJob<'_> {}

impl ReduceJob<'_> {
    fn run(self) -> iter::Outcome {
        // SAFETY: the operands address their arrays' elements for every
        // index of `shape` (checked layouts broadcast by stride 0), the
        // output is a distinct array of the loop's dtype (a temporary when
        // the caller's has another dtype or overlaps the input), and
        // `reduce` keeps every array alive until the job is done.
        unsafe {
            pure::reduce(
                self.shape,
                &self.input,
                &self.out,
                self.reduced,
                self.types,
                self.kernel,
                self.mask.as_ref(),
                self.copy_first,
            )
        }
    }
}

/// The common whole-array reduction without the iterator or an output
/// array: one of our C-contiguous arrays reduced over every axis with its
/// own dtype's loop, no keyword but `axis=None`; the running value lives
/// on the stack and the result is returned as a scalar. `None`: take the
/// general path.
fn reduce_all_fast<'c>(
    ctx: Ctx<'c>,
    table: &LoopTable,
    array: Borrowed<'_, 'c>,
    args: &ReduceArgs<'_, 'c>,
) -> PyResult<Option<Handle<'c>>> {
    let all = match args.axis {
        AxisArg::All => true,
        AxisArg::Given(h) => ctx.is_none(h),
        AxisArg::Zero => false,
    };
    if !all
        || args.dtype.is_some()
        || args.out.is_some_and(|o| !ctx.is_none(o))
        || args.keepdims
        || !matches!(args.initial, Initial::Default)
        || args
            .where_
            .is_some_and(|w| !ctx.is(w, ctx.constant(|t| t.h_True)))
        || table.def.nin != 2
        || table.def.nout != 1
        || !reorderable(table)
    {
        return Ok(None);
    }
    let Some(a) = array_data(ctx, array)? else {
        return Ok(None);
    };
    let d = a.dtype;
    let (n, first) = {
        let l = a.layout();
        if !l.is_c_contiguous(d.itemsize()) {
            return Ok(None);
        }
        (l.size(), a.base_ptr().wrapping_offset(l.offset()))
    };
    let Some(index) = table.reduce_loop[d.index()] else {
        return Ok(None);
    };
    let lp = &table.loops[usize::from(index)];
    let t = lp.types[0];
    if lp.types[1] != d {
        return Ok(None);
    }
    let mut acc = [0u8; 16];
    let (start, count) = match identity_scalar(table.def.identity, t) {
        Some(v) => {
            // SAFETY: 16 bytes hold any element.
            unsafe { crate::array::element::write(acc.as_mut_ptr(), v) };
            (first, n)
        }
        None if n == 0 => {
            return Err(PyErr::value_error(format!(
                "zero-size array to reduction operation {} which has no identity",
                table.def.name
            )));
        }
        None => {
            // The first element starts the reduction (the loop's dtype is
            // the array's: `types[1] == d == t`).
            // SAFETY: a non-empty array's first element, `t`-sized.
            unsafe {
                core::ptr::copy_nonoverlapping(first, acc.as_mut_ptr(), t.itemsize());
            }
            (first.wrapping_add(d.itemsize()), n - 1)
        }
    };
    let acc_ptr = acc.as_mut_ptr();
    let args_p = [acc_ptr, start, acc_ptr];
    let steps = [0, d.itemsize() as isize, 0];
    let mut st = lp.loop_fn().state();
    numpy_pure::ufunc::fpe::clear();
    if count > 0 {
        let job = super::call::FastJob {
            kernel: lp.kernel,
            args: &args_p,
            n: count,
            steps: &steps,
            st: &mut st,
        };
        if count >= RELEASE_THRESHOLD {
            ctx.allow_threads(move || job.run());
        } else {
            job.run();
        }
    }
    if let Some(e) = st.error {
        return Err(py_err(e));
    }
    report_loop_flags_as(ctx, table, st.flags, "reduce")?;
    // SAFETY: the loop wrote one element of `t` there.
    let v = unsafe { crate::array::element::read(t, acc.as_ptr()) };
    to_python(ctx, v).map(Some)
}

/// `ufunc.reduce(array, axis, dtype, out, keepdims, initial, where)`.
pub fn reduce<'c>(
    ctx: Ctx<'c>,
    table: &LoopTable,
    array: Borrowed<'_, 'c>,
    args: &ReduceArgs<'_, 'c>,
) -> PyResult<Handle<'c>> {
    if let Some(r) = reduce_all_fast(ctx, table, array, args)? {
        return Ok(r);
    }
    let def = table.def;
    let name = def.name;
    if def.nin != 2 {
        return Err(PyErr::value_error(
            "reduce only supported for binary functions",
        ));
    }
    if def.nout != 1 {
        return Err(PyErr::value_error(
            "reduce only supported for functions returning a single value",
        ));
    }
    let arr_h = operand_array(ctx, array)?;
    let out_h = out_array(ctx, args.out)?;
    let where_h = match args.where_ {
        Some(w) if !ctx.is(w, ctx.constant(|t| t.h_True)) => {
            Some(as_array(ctx, w, Some(DType::Bool))?)
        }
        _ => None,
    };
    let a = array_data(ctx, arr_h.borrow())?.expect("array");
    let ndim = a.layout().ndim();
    let reduced = reduced_axes(ctx, args.axis, ndim)?;
    let out_data = match &out_h {
        Some(h) => Some(array_data(ctx, h.borrow())?.expect("array")),
        None => None,
    };
    let index = reduction_loop(
        table,
        a.dtype,
        out_data.map(|o| o.dtype),
        args.dtype,
        false,
        "reduce",
    )?;
    // NumPy selects the loop before it looks at the axes.
    if reduced.iter().filter(|&&r| r).count() > 1 && !reorderable(table) {
        return Err(PyErr::value_error(format!(
            "reduction operation '{name}' is not reorderable, so at most one axis may be specified"
        )));
    }
    let lp = &table.loops[index];
    let t = lp.types[0];
    let in_shape = a.layout().shape().to_vec();
    let res_shape = pure::reduced_shape(&in_shape, &reduced, args.keepdims);
    if let Some(o) = out_data {
        let oshape = o.layout().shape().to_vec();
        if oshape.len() != res_shape.len() {
            return Err(PyErr::value_error(format!(
                "output parameter for reduction operation {name} has the wrong number of dimensions: Found {} but expected {}{}",
                oshape.len(),
                res_shape.len(),
                if args.keepdims {
                    " (must match the operand's when keepdims=True)"
                } else {
                    ""
                }
            )));
        }
        if oshape != res_shape {
            let mut it = oshape.iter();
            let remapped: Vec<String> = reduced
                .iter()
                .map(|&r| {
                    if r && !args.keepdims {
                        "newaxis".to_string()
                    } else {
                        it.next().map_or_else(String::new, ToString::to_string)
                    }
                })
                .skip_while(|s| s == "newaxis")
                .collect();
            let orig: Vec<String> = oshape.iter().map(ToString::to_string).collect();
            let ins: Vec<String> = in_shape.iter().map(ToString::to_string).collect();
            let remapped = if remapped.len() == 1 {
                format!("({})", remapped[0])
            } else {
                format!("({})", remapped.join(","))
            };
            return Err(PyErr::value_error(format!(
                "operands could not be broadcast together with remapped shapes [original->remapped]: {}->{} {} ",
                shape_text(&orig),
                remapped,
                shape_text(&ins)
            )));
        }
    }
    // The initial value.
    let initial = match args.initial {
        Initial::Default => identity_scalar(def.identity, t),
        Initial::No => None,
        Initial::Value(v) => Some(match operand(ctx, v)? {
            Some(p) => number_as(&p, t)?,
            None => {
                let h = as_array(ctx, v, None)?;
                let d = array_data(ctx, h.borrow())?.expect("array");
                d.single()
                    .ok_or_else(|| PyErr::value_error("initial must be a scalar"))?
                    .cast(t)
            }
        }),
    };
    let copy_first = initial.is_none();
    if copy_first && where_h.is_some() {
        return Err(PyErr::value_error(format!(
            "reduction operation '{name}' does not have an identity, so to use a where mask one has to specify 'initial'"
        )));
    }
    let empty_reduction = in_shape.iter().zip(&reduced).any(|(&n, &r)| r && n == 0);
    // (NumPy refuses it even when the result is empty as well.)
    if copy_first && empty_reduction {
        return Err(PyErr::value_error(format!(
            "zero-size array to reduction operation {name} which has no identity"
        )));
    }
    let (target_h, direct) = loop_target(ctx, out_h.as_ref(), a, &res_shape, t)?;
    let target = array_data(ctx, target_h.borrow())?.expect("array");
    if let Some(v) = initial {
        fill(target, v)?;
    }
    let mask_data = match &where_h {
        Some(h) => Some(array_data(ctx, h.borrow())?.expect("array")),
        None => None,
    };
    // From here on no Python code runs until the loop is done: the layouts
    // are read now, as the loop will use them.
    let la = a.layout().clone();
    if la.shape() != &in_shape[..] {
        return Err(PyErr::value_error(
            "an operand of the reduction changed shape during the call",
        ));
    }
    let input = iter_operand(a, &la);
    let lt = target.layout().clone();
    // The output's strides per input axis: 0 along the reduced ones.
    let mut ostrides = Vec::with_capacity(ndim);
    let mut k = 0;
    for &r in &reduced {
        if r {
            ostrides.push(0);
            if args.keepdims {
                k += 1;
            }
        } else {
            ostrides.push(lt.strides()[k]);
            k += 1;
        }
    }
    let out_op = IterOp {
        ptr: target.base_ptr().wrapping_offset(lt.offset()),
        dtype: t,
        strides: ostrides.into(),
    };
    let mask = match mask_data {
        Some(m) => {
            let lm = m.layout().clone();
            match broadcast_layout(&lm, &in_shape).map_err(py_err)? {
                Some(v) => Some(iter_operand(m, &v)),
                None => {
                    let ms: Vec<String> = lm.shape().iter().map(ToString::to_string).collect();
                    let ins: Vec<String> = in_shape.iter().map(ToString::to_string).collect();
                    return Err(PyErr::value_error(if lm.ndim() > ndim {
                        "input operand has more dimensions than allowed by the axis remapping"
                            .to_string()
                    } else {
                        format!(
                            "operands could not be broadcast together with remapped shapes [original->remapped]: {} {} ",
                            shape_text(&ins),
                            shape_text(&ms)
                        )
                    }));
                }
            }
        }
        None => None,
    };
    numpy_pure::ufunc::fpe::clear();
    let job = ReduceJob {
        shape: &in_shape,
        input,
        out: out_op,
        reduced: &reduced,
        types: &lp.types,
        kernel: lp.loop_fn(),
        mask,
        copy_first,
    };
    let result = if in_shape.iter().product::<usize>() >= RELEASE_THRESHOLD {
        ctx.allow_threads(move || job.run())
    } else {
        job.run()
    };
    finish(ctx, table, "reduce", result, target, out_data, direct)?;
    if let Some(h) = out_h {
        return Ok(h);
    }
    // `out=...` asks for an array even for a 0-d result.
    let keep = args
        .out
        .is_some_and(|o| ctx.is(o, ctx.constant(|t| t.h_Ellipsis)));
    if res_shape.is_empty() && !keep {
        return to_python(ctx, target.single().expect("one element"));
    }
    Ok(target_h)
}

/// `ufunc.accumulate(array, axis=0, dtype=None, out=None)`.
pub fn accumulate<'c>(
    ctx: Ctx<'c>,
    table: &LoopTable,
    array: Borrowed<'_, 'c>,
    axis: Option<Borrowed<'_, 'c>>,
    dtype: Option<DType>,
    out: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let def = table.def;
    if def.nin != 2 {
        return Err(PyErr::value_error(
            "accumulate only supported for binary functions",
        ));
    }
    if def.nout != 1 {
        return Err(PyErr::value_error(
            "accumulate only supported for functions returning a single value",
        ));
    }
    let arr_h = operand_array(ctx, array)?;
    let out_h = out_array(ctx, out)?;
    let a = array_data(ctx, arr_h.borrow())?.expect("array");
    let ndim = a.layout().ndim();
    if ndim == 0 {
        return Err(PyErr::type_error("cannot accumulate on a scalar"));
    }
    if let Some(h) = axis {
        check_c_int_axes(ctx, h)?;
    }
    let axis = match axis {
        None => 0,
        Some(h) if ctx.is_none(h) => {
            return Err(PyErr::value_error(
                "accumulate does not allow multiple axes",
            ));
        }
        Some(h) if ctx.is_tuple(h) => {
            if ctx.len(h)? != 1 {
                return Err(PyErr::value_error(
                    "accumulate does not allow multiple axes",
                ));
            }
            let item = ctx.get_item_i(h, 0)?;
            argparse::py(convert::normalize_axis(
                ctx.index_as_isize(&item)?,
                ndim,
                &AXIS_ERROR,
            ))?
        }
        Some(h) => argparse::py(convert::normalize_axis(
            ctx.index_as_isize(h)?,
            ndim,
            &AXIS_ERROR,
        ))?,
    };
    let out_data = match &out_h {
        Some(h) => Some(array_data(ctx, h.borrow())?.expect("array")),
        None => None,
    };
    let index = reduction_loop(
        table,
        a.dtype,
        out_data.map(|o| o.dtype),
        dtype,
        false,
        "accumulate",
    )?;
    let lp = &table.loops[index];
    let t = lp.types[0];
    let shape = a.layout().shape().to_vec();
    if let Some(o) = out_data
        && o.layout().shape() != &shape[..]
    {
        let os: Vec<String> = o.layout().shape().iter().map(ToString::to_string).collect();
        let ins: Vec<String> = shape.iter().map(ToString::to_string).collect();
        return Err(PyErr::value_error(format!(
            "non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
            shape_text(&os),
            shape_text(&ins)
        )));
    }
    let (target_h, direct) = loop_target(ctx, out_h.as_ref(), a, &shape, t)?;
    let target = array_data(ctx, target_h.borrow())?.expect("array");
    let la = a.layout().clone();
    if la.shape() != &shape[..] {
        return Err(PyErr::value_error(
            "an operand of the accumulation changed shape during the call",
        ));
    }
    let input = iter_operand(a, &la);
    let lt = target.layout().clone();
    let out_op = iter_operand(target, &lt);
    numpy_pure::ufunc::fpe::clear();
    let job = AccumulateJob {
        shape: &shape,
        input,
        out: out_op,
        axis,
        types: &lp.types,
        kernel: lp.loop_fn(),
    };
    let result = if shape.iter().product::<usize>() >= RELEASE_THRESHOLD {
        ctx.allow_threads(move || job.run())
    } else {
        job.run()
    };
    finish(ctx, table, "accumulate", result, target, out_data, direct)?;
    Ok(out_h.unwrap_or(target_h))
}

/// One accumulation run, handed to [`Ctx::allow_threads`].
struct AccumulateJob<'a> {
    shape: &'a [usize],
    input: IterOp,
    out: IterOp,
    axis: usize,
    types: &'a [DType],
    kernel: numpy_pure::ufunc::LoopFn,
}

// SAFETY: as `ReduceJob`.
unsafe impl Send for AccumulateJob<'_> {}

impl AccumulateJob<'_> {
    fn run(self) -> iter::Outcome {
        // SAFETY: input and output address their arrays' elements for
        // every index of `shape`; the output is a distinct array of the
        // loop's dtype, kept alive (with the input) by `accumulate`.
        unsafe {
            pure::accumulate(
                self.shape,
                &self.input,
                &self.out,
                self.axis,
                self.types,
                self.kernel,
            )
        }
    }
}

/// `ufunc.at`'s loop: for each `k`, the element of `a` at C-order index
/// `positions[k]` becomes `ufunc(a[...], b[k])` (`ufunc(a[...])` for a
/// unary ufunc), in order, so repeated positions apply once per
/// occurrence (NumPy's unbuffered `at`). The package computes the positions
/// from any index NumPy accepts and broadcasts `b` to them.
pub fn ufunc_at<'c>(
    ctx: Ctx<'c>,
    table: &LoopTable,
    a_h: Borrowed<'_, 'c>,
    positions: Borrowed<'_, 'c>,
    b: Option<Borrowed<'_, 'c>>,
) -> PyResult<()> {
    let def = table.def;
    let nin = usize::from(def.nin);
    if def.nout != 1 || nin > 2 {
        return Err(PyErr::value_error(
            "only unary and binary ufuncs supported at the moment",
        ));
    }
    let Some(a) = array_data(ctx, a_h)? else {
        return Err(PyErr::type_error("first operand must be array"));
    };
    if !a.writeable.get() {
        return Err(PyErr::value_error("output array is read-only"));
    }
    let pos_h = crate::ndarray::copy_as(
        ctx,
        array_data(ctx, as_array(ctx, positions, Some(DType::Int64))?.borrow())?.expect("array"),
        DType::Int64,
        false,
    )?;
    let pos = array_data(ctx, pos_h.borrow())?.expect("array");
    let n = pos.layout().size();
    let b_h = match b {
        Some(b) if nin == 2 => {
            let h = as_array(ctx, b, None)?;
            let d = array_data(ctx, h.borrow())?.expect("array");
            Some(crate::ndarray::copy_as(ctx, d, d.dtype, false)?)
        }
        _ => None,
    };
    let bd = match &b_h {
        Some(h) => Some(array_data(ctx, h.borrow())?.expect("array")),
        None => None,
    };
    if nin == 2 && bd.is_none_or(|d| d.layout().size() != n) {
        return Err(PyErr::value_error(
            "array is not broadcastable to correct shape",
        ));
    }
    let mut kinds = vec![Operand::Strong(a.dtype)];
    if let Some(d) = bd {
        kinds.push(Operand::Strong(d.dtype));
    }
    let fixed = vec![None; nin + 1];
    let index =
        numpy_pure::ufunc::resolve::resolve(table, &kinds, &fixed, crate::dtype::Casting::Unsafe)
            .map_err(resolve_error)?;
    let lp = &table.loops[index];
    let types = &lp.types;
    let la = a.layout().clone();
    let size = la.size();
    let base = a.base_ptr();
    let pp = pos.base_ptr().cast::<i64>();
    let (bp, bz) = match bd {
        Some(d) => (d.base_ptr().cast_const(), d.dtype.itemsize()),
        None => (core::ptr::null(), 0),
    };
    // Elements already of the loop's dtypes are handed to the loop in
    // place (a one-element reduction pattern: `a` is input and output).
    let direct =
        types[0] == a.dtype && types[nin] == a.dtype && bd.is_none_or(|d| d.dtype == types[1]);
    let mut st = lp.loop_fn().state();
    numpy_pure::ufunc::fpe::clear();
    let mut cast_flags = FpFlags::NONE;
    for k in 0..n {
        // SAFETY: `positions` is a fresh C-contiguous int64 array of `n`.
        let at = unsafe { pp.add(k).read_unaligned() };
        let flat = usize::try_from(at)
            .ok()
            .filter(|&f| f < size)
            .ok_or_else(|| {
                PyErr::new(
                    hpy::ExcType::IndexError,
                    format!("index {at} is out of bounds for size {size}"),
                )
            })?;
        let p = base.wrapping_offset(crate::array::element::offset_of_index(&la, flat));
        let q = bp.wrapping_add(k * bz).cast_mut();
        if direct {
            let args: [*mut u8; 3] = if nin == 2 { [p, q, p] } else { [p, p, p] };
            // SAFETY: `p` is an element of `a` (index checked against its
            // layout), `q` the k-th of `b`'s `n` contiguous elements, both of
            // the loop's dtypes; output and first input are the same element.
            unsafe { (lp.kernel)(&args[..nin + 1], 1, &[0, 0, 0][..nin + 1], &mut st) };
        } else {
            let mut bufs = [[0u8; 16]; 3];
            // SAFETY: as above; the buffers hold one element of any dtype.
            unsafe {
                let x = crate::array::element::read(a.dtype, p).cast(types[0]);
                crate::array::element::write(bufs[0].as_mut_ptr(), x);
                if let Some(d) = bd {
                    let y = crate::array::element::read(d.dtype, q).cast(types[1]);
                    crate::array::element::write(bufs[1].as_mut_ptr(), y);
                }
                cast_flags |= numpy_pure::ufunc::fpe::take();
                let [b0, b1, b2] = &mut bufs;
                let args: [*mut u8; 3] = [b0.as_mut_ptr(), b1.as_mut_ptr(), b2.as_mut_ptr()];
                let args: [*mut u8; 3] = if nin == 2 {
                    args
                } else {
                    [args[0], args[2], args[2]]
                };
                (lp.kernel)(&args[..nin + 1], 1, &[0, 0, 0][..nin + 1], &mut st);
                st.flags |= numpy_pure::ufunc::fpe::take();
                let r = crate::array::element::read(types[nin], args[nin]).cast(a.dtype);
                crate::array::element::write(p, r);
                cast_flags |= numpy_pure::ufunc::fpe::take();
            }
        }
        if let Some(e) = st.error.take() {
            return Err(py_err(e));
        }
    }
    report_loop_flags_as(ctx, table, st.flags, def.name)?;
    if cast_flags.any() {
        report_flags(ctx, "cast", cast_flags)?;
    }
    Ok(())
}
