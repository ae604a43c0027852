//! The array's reductions, sorting and searching methods: `sum`, `prod`,
//! `max`, `min`, `all`, `any` and `cumsum`/`cumprod` run the ufunc
//! reduction machinery (`crate::ufunc::reduce`) without a Python-level
//! call; `argmax`/`argmin`, `sort`, `argsort`, `partition`,
//! `argpartition` and `nonzero` walk the array lane by lane with the pure
//! crate's `sort` module; `mean`, `var`, `std`, `clip`, `round` and the
//! selection methods are NumPy's Python-level algorithms in the package,
//! called from here as NumPy's methods call `_methods.py`.

use argparse::{Param, Signature, convert};
use hpy::{Borrowed, CallArgs, Ctx, Handle, PyErr, PyResult};

use super::{ArrayData, array_data, array_memory, copy_as, new_array};
use crate::array::Layout;
use crate::dtype::DType;
use crate::errors::py_err;
use crate::module::AXIS_ERROR;
use crate::scalar::Scalar;
use crate::scalar_types::to_python;
use crate::ufunc::reduce::{AxisArg, Initial, ReduceArgs, accumulate, reduce};
use crate::ufunc::{dtype_arg, index_of, with_table};
use numpy_pure::sort as ps;
use numpy_pure::ufunc::iter;
use numpy_pure::with_sort_type;

type Kw<'c> = Option<Borrowed<'c, 'c>>;

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?.ok_or_else(|| PyErr::type_error("expected a numpy_hpy.ndarray"))
}

fn truthy<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<bool> {
    match h {
        Some(k) => ctx.is_true(k),
        None => Ok(false),
    }
}

// ------------------------------------------------------------ reductions

static SIG_SUM: Signature<6> = Signature::new("sum", SIG_SUM_PARAMS);
static SIG_PROD: Signature<6> = Signature::new("prod", SIG_SUM_PARAMS);
const SIG_SUM_PARAMS: [Param; 6] = [
    Param::either(c"axis").optional(),
    Param::either(c"dtype").optional(),
    Param::either(c"out").optional(),
    Param::either(c"keepdims").optional(),
    Param::either(c"initial").optional(),
    Param::either(c"where").optional(),
];
const SIG_MAX_PARAMS: [Param; 5] = [
    Param::either(c"axis").optional(),
    Param::either(c"out").optional(),
    Param::either(c"keepdims").optional(),
    Param::either(c"initial").optional(),
    Param::either(c"where").optional(),
];
static SIG_MAX: Signature<5> = Signature::new("max", SIG_MAX_PARAMS);
static SIG_MIN: Signature<5> = Signature::new("min", SIG_MAX_PARAMS);
const SIG_ALL_PARAMS: [Param; 4] = [
    Param::either(c"axis").optional(),
    Param::either(c"out").optional(),
    Param::either(c"keepdims").optional(),
    Param::keyword(c"where").optional(),
];
static SIG_ALL: Signature<4> = Signature::new("all", SIG_ALL_PARAMS);
static SIG_ANY: Signature<4> = Signature::new("any", SIG_ALL_PARAMS);
const SIG_CUM_PARAMS: [Param; 3] = [
    Param::either(c"axis").optional(),
    Param::either(c"dtype").optional(),
    Param::either(c"out").optional(),
];
static SIG_CUMSUM: Signature<3> = Signature::new("cumsum", SIG_CUM_PARAMS);
static SIG_CUMPROD: Signature<3> = Signature::new("cumprod", SIG_CUM_PARAMS);

fn initial_arg<'a, 'c>(ctx: Ctx<'c>, h: Option<Borrowed<'a, 'c>>) -> Initial<'a, 'c> {
    match h {
        None => Initial::Default,
        Some(v) if ctx.is_none(v) => Initial::No,
        Some(v) => Initial::Value(v),
    }
}

/// Where a reduction method's arguments sit in its signature (`None`: the
/// method has no such parameter): `sum`/`prod` take `dtype` and `initial`,
/// `max`/`min` `initial` only, `all`/`any` neither.
struct Slots {
    dtype: Option<usize>,
    out: usize,
    keepdims: usize,
    initial: Option<usize>,
    where_: usize,
}

const SUM_SLOTS: Slots = Slots {
    dtype: Some(1),
    out: 2,
    keepdims: 3,
    initial: Some(4),
    where_: 5,
};
const MAX_SLOTS: Slots = Slots {
    dtype: None,
    out: 1,
    keepdims: 2,
    initial: Some(3),
    where_: 4,
};
const ALL_SLOTS: Slots = Slots {
    dtype: None,
    out: 1,
    keepdims: 2,
    initial: None,
    where_: 3,
};

/// A reduction method (`a.sum()`, `a.max()`, `a.all()` ...): the parsed
/// arguments `p` (axis first, the rest where `slots` says) as ufunc `ufunc`'s
/// reduction over every axis by default.
fn reduce_method<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    p: &[Option<Borrowed<'_, 'c>>],
    slots: &Slots,
    ufunc: usize,
) -> PyResult<Handle<'c>> {
    let ra = ReduceArgs {
        axis: p[0].map_or(AxisArg::All, AxisArg::Given),
        dtype: match slots.dtype {
            Some(i) => dtype_arg(ctx, p[i])?,
            None => None,
        },
        out: p[slots.out],
        keepdims: truthy(ctx, p[slots.keepdims])?,
        initial: match slots.initial {
            Some(i) => initial_arg(ctx, p[i]),
            None => Initial::Default,
        },
        where_: p[slots.where_],
    };
    with_table(ctx, ufunc, |t| reduce(ctx, t, slf, &ra))
}

/// Declares the reduction methods: `$name` parses `$sig` and reduces with
/// ufunc `$ufunc`, its arguments placed as `$slots` says.
macro_rules! reduction_methods {
    ($($name:ident => $sig:ident, $slots:ident, $ufunc:literal;)*) => {$(
        fn $name<'c>(
            ctx: Ctx<'c>,
            slf: Borrowed<'_, 'c>,
            args: CallArgs<'c>,
            nargs: usize,
            kw: Kw<'c>,
        ) -> PyResult<Handle<'c>> {
            this(ctx, slf)?;
            let p = argparse::py($sig.parse(ctx, args, nargs, kw))?;
            reduce_method(ctx, slf, &p.0, &$slots, const { index_of($ufunc) })
        }
    )*};
}

reduction_methods!(
    m_sum => SIG_SUM, SUM_SLOTS, "add";
    m_prod => SIG_PROD, SUM_SLOTS, "multiply";
    m_max => SIG_MAX, MAX_SLOTS, "maximum";
    m_min => SIG_MIN, MAX_SLOTS, "minimum";
    m_all => SIG_ALL, ALL_SLOTS, "logical_and";
    m_any => SIG_ANY, ALL_SLOTS, "logical_or";
);

/// `a.cumsum()` / `a.cumprod()`: `axis=None` accumulates the flattened array.
fn cum_like<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
    sig: &'static Signature<3>,
    ufunc: usize,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let p = argparse::py(sig.parse(ctx, args, nargs, kw))?;
    let dtype = dtype_arg(ctx, p.get(1))?;
    match convert::optional(ctx, p.get(0)) {
        None => {
            let flat = flattened(ctx, slf, a)?;
            with_table(ctx, ufunc, |t| {
                accumulate(ctx, t, flat.borrow(), None, dtype, p.get(2))
            })
        }
        Some(axis) => with_table(ctx, ufunc, |t| {
            accumulate(ctx, t, slf, Some(axis), dtype, p.get(2))
        }),
    }
}

fn m_cumsum<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    cum_like(ctx, slf, a, n, kw, &SIG_CUMSUM, const { index_of("add") })
}

fn m_cumprod<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    cum_like(
        ctx,
        slf,
        a,
        n,
        kw,
        &SIG_CUMPROD,
        const { index_of("multiply") },
    )
}

/// `a` as a 1-D C-ordered array (a view when it is C-contiguous).
fn flattened<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, a: &ArrayData) -> PyResult<Handle<'c>> {
    let l = a.layout().clone();
    let n = l.size();
    if l.is_c_contiguous(a.dtype.itemsize()) {
        let flat =
            Layout::new(vec![n], vec![a.dtype.itemsize() as isize], l.offset()).map_err(py_err)?;
        return super::new_view(ctx, slf, flat);
    }
    let c = copy_as(ctx, a, a.dtype, false)?;
    let cd = this(ctx, c.borrow())?;
    let flat = Layout::new(vec![n], vec![a.dtype.itemsize() as isize], 0).map_err(py_err)?;
    super::new_view(ctx, c.borrow(), {
        let _ = cd;
        flat
    })
}

// ------------------------------------------------------- argmax, argmin

static SIG_ARGMAX: Signature<3> = Signature::new(
    "argmax",
    [
        Param::either(c"axis").optional(),
        Param::either(c"out").optional(),
        Param::keyword(c"keepdims").optional(),
    ],
);
static SIG_ARGMIN: Signature<3> = Signature::new(
    "argmin",
    [
        Param::either(c"axis").optional(),
        Param::either(c"out").optional(),
        Param::keyword(c"keepdims").optional(),
    ],
);

/// An int64 result array of `shape`: the caller's `out` (checked), or new.
fn index_result<'c>(
    ctx: Ctx<'c>,
    out: Option<Borrowed<'_, 'c>>,
    shape: &[usize],
    fname: &str,
) -> PyResult<(Handle<'c>, bool)> {
    if let Some(o) = convert::optional(ctx, out) {
        let Some(od) = array_data(ctx, o)? else {
            return Err(PyErr::type_error("output must be an array"));
        };
        if od.dtype != DType::Int64 {
            return Err(PyErr::type_error(format!(
                "Cannot cast array data from {} to dtype('int64') according to the rule 'safe'",
                od.dtype.repr()
            )));
        }
        if od.layout().shape() != shape {
            return Err(PyErr::value_error(format!(
                "output array does not match result of np.{fname}."
            )));
        }
        if !od.writeable.get() {
            return Err(PyErr::value_error("output array is read-only"));
        }
        return Ok((ctx.dup(o), true));
    }
    let layout = Layout::c_order(shape, 8).map_err(py_err)?;
    Ok((
        new_array(
            ctx,
            DType::Int64,
            layout,
            array_memory(shape, DType::Int64)?,
        )?,
        false,
    ))
}

/// `src`'s elements as operand strides per axis of `shape`, with `axis`
/// dropped (0) unless `keepdims` keeps it at length 1 (also 0).
fn result_strides(res: &Layout, ndim: usize, axis: usize, keepdims: bool) -> Vec<isize> {
    let mut out = Vec::with_capacity(ndim);
    let mut k = 0;
    for d in 0..ndim {
        if d == axis {
            out.push(0);
            if keepdims {
                k += 1;
            }
        } else {
            out.push(res.strides()[k]);
            k += 1;
        }
    }
    out
}

fn arg_extreme<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
    max: bool,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let (sig, fname) = if max {
        (&SIG_ARGMAX, "argmax")
    } else {
        (&SIG_ARGMIN, "argmin")
    };
    let p = argparse::py(sig.parse(ctx, args, nargs, kw))?;
    let keepdims = truthy(ctx, p.get(2))?;
    let d = a.dtype;
    let l = a.layout().clone();
    let ndim = l.ndim();
    let empty = || PyErr::value_error(format!("attempt to get {fname} of an empty sequence"));
    let axis = convert::optional(ctx, p.get(0));
    if let Some(h) = axis {
        crate::ufunc::reduce::check_c_int_axes(ctx, h)?;
    }
    // 0-d arrays take axis 0 / -1 as no axis at all.
    let axis = match axis {
        Some(h) if ndim == 0 && matches!(ctx.index_as_isize(h), Ok(0 | -1)) => None,
        Some(h) => {
            ctx.err_clear();
            Some(argparse::py(convert::normalize_axis(
                ctx.index_as_isize(h)?,
                ndim,
                &AXIS_ERROR,
            ))?)
        }
        None => None,
    };
    let Some(axis) = axis else {
        if l.size() == 0 {
            return Err(empty());
        }
        let shape = if keepdims { vec![1; ndim] } else { vec![] };
        let plain = shape.is_empty() && convert::optional(ctx, p.get(1)).is_none();
        if plain && l.is_c_contiguous(d.itemsize()) {
            // The common call: a scalar index, no result array.
            // SAFETY: a C-contiguous array: `size` elements from its offset.
            let i = unsafe {
                ps::arg_extreme_of(
                    d,
                    a.base_ptr().wrapping_offset(l.offset()),
                    l.size(),
                    d.itemsize() as isize,
                    max,
                )
            };
            return to_python(ctx, Scalar::Int64(i as i64));
        }
        let (res, given) = index_result(ctx, p.get(1), &shape, fname)?;
        let c;
        let src = if l.is_c_contiguous(d.itemsize()) {
            a
        } else {
            c = copy_as(ctx, a, d, false)?;
            this(ctx, c.borrow())?
        };
        let sl = src.layout().clone();
        // SAFETY: `src` is C-contiguous: `size` elements from its offset.
        let i = unsafe {
            ps::arg_extreme_of(
                d,
                src.base_ptr().wrapping_offset(sl.offset()),
                sl.size(),
                d.itemsize() as isize,
                max,
            )
        };
        let rd = this(ctx, res.borrow())?;
        let rl = rd.layout().clone();
        // SAFETY: the result holds one int64 element.
        unsafe {
            rd.base_ptr()
                .wrapping_offset(rl.offset())
                .cast::<i64>()
                .write_unaligned(i as i64)
        };
        if !given && shape.is_empty() {
            return to_python(ctx, Scalar::Int64(i as i64));
        }
        return Ok(res);
    };
    let shape = l.shape().to_vec();
    if shape[axis] == 0 {
        return Err(empty());
    }
    let res_shape: Vec<usize> = shape
        .iter()
        .enumerate()
        .filter_map(|(k, &n)| {
            if k == axis {
                keepdims.then_some(1)
            } else {
                Some(n)
            }
        })
        .collect();
    let (res, _) = index_result(ctx, p.get(1), &res_shape, fname)?;
    let rd = this(ctx, res.borrow())?;
    let rl = rd.layout().clone();
    let la = a.layout().clone();
    if la.shape() != &shape[..] {
        return Err(PyErr::value_error(
            "the array changed shape during the call",
        ));
    }
    let rs = result_strides(&rl, ndim, axis, keepdims);
    let ptrs = [
        a.base_ptr().wrapping_offset(la.offset()),
        rd.base_ptr().wrapping_offset(rl.offset()),
    ];
    let strides: [&[isize]; 2] = [la.strides(), &rs];
    // SAFETY: the array's checked layout addresses every index of `shape`;
    // the result's strides (0 along `axis`) address its elements; each
    // lane reads `n` input elements and writes one index.
    unsafe {
        iter::lanes(&shape, &ptrs, &strides, axis, &mut |args, n, steps| {
            let i = ps::arg_extreme_of(d, args[0], n, steps[0], max);
            args[1].cast::<i64>().write_unaligned(i as i64);
        });
    }
    Ok(res)
}

fn m_argmax<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    arg_extreme(ctx, slf, a, n, kw, true)
}

fn m_argmin<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    arg_extreme(ctx, slf, a, n, kw, false)
}

// --------------------------------------------------------------- sorting

const SORT_PARAMS: [Param; 4] = [
    Param::either(c"axis").optional(),
    Param::either(c"kind").optional(),
    Param::either(c"order").optional(),
    Param::keyword(c"stable").optional(),
];
static SIG_SORT: Signature<4> = Signature::new("sort", SORT_PARAMS);
static SIG_ARGSORT: Signature<4> = Signature::new("argsort", SORT_PARAMS);
const PARTITION_PARAMS: [Param; 4] = [
    Param::either(c"kth"),
    Param::either(c"axis").optional(),
    Param::either(c"kind").optional(),
    Param::either(c"order").optional(),
];
static SIG_PARTITION: Signature<4> = Signature::new("partition", PARTITION_PARAMS);
static SIG_ARGPARTITION: Signature<4> = Signature::new("argpartition", PARTITION_PARAMS);

/// `kind=`, `order=`, `stable=` of the sorts, checked as NumPy checks them;
/// true when the sort must be stable (`kind='stable'`/`'mergesort'`,
/// `stable=True`). The other kinds may take the unstable quicksort
/// (argsort is stable whatever the kind).
fn sort_options<'c>(
    ctx: Ctx<'c>,
    kind: Option<Borrowed<'_, 'c>>,
    order: Option<Borrowed<'_, 'c>>,
    stable: Option<Borrowed<'_, 'c>>,
) -> PyResult<bool> {
    let kind = convert::optional(ctx, kind);
    let stable = convert::optional(ctx, stable);
    if kind.is_some() && stable.is_some() {
        return Err(PyErr::value_error(
            "`kind` and keyword parameters can't be provided at the same time. Use only one of them.",
        ));
    }
    let mut must_be_stable = match stable {
        Some(h) => ctx.is_true(h)?,
        None => false,
    };
    if let Some(k) = kind {
        // NumPy takes the kind as str or bytes.
        let s = if ctx.is_str(k) {
            ctx.str_to_string(k)?
        } else if ctx.type_check(k, ctx.constant(|t| t.h_BytesType)) {
            let text = ctx.call(&ctx.getattr_s(k, c"decode")?, &[])?;
            ctx.str_to_string(&text)?
        } else {
            return Err(PyErr::type_error(format!(
                "sort kind must be str, not {}",
                ctx.type_name_of(k)
            )));
        };
        if !matches!(
            s.chars().next().map(|c| c.to_ascii_lowercase()),
            Some('q' | 'h' | 'm' | 's')
        ) {
            return Err(PyErr::value_error(format!(
                "sort kind must be one of 'quick', 'heap', or 'stable' (got '{s}')"
            )));
        }
        must_be_stable = matches!(s.as_bytes()[0].to_ascii_lowercase(), b'm' | b's');
    }
    if convert::optional(ctx, order).is_some() {
        return Err(PyErr::value_error(
            "Cannot specify order when the array has no fields.",
        ));
    }
    Ok(must_be_stable)
}

/// A lane function that may run on another thread.
type SendLaneFn<'f> = dyn FnMut(&[*mut u8], usize, &[isize]) + Send + 'f;

/// The lanes of one call, handed to [`Ctx::allow_threads`].
struct LaneJob<'a> {
    shape: &'a [usize],
    ptrs: &'a [*mut u8],
    strides: &'a [&'a [isize]],
    axis: usize,
}

// SAFETY: pointers into arrays the calling thread keeps alive while it
// waits for the job (as the ufunc's `Job`).
unsafe impl Send for LaneJob<'_> {}

impl LaneJob<'_> {
    /// # Safety
    /// As [`iter::lanes`].
    unsafe fn run(self, f: &mut SendLaneFn<'_>) {
        // SAFETY: the caller's contract.
        unsafe { iter::lanes(self.shape, self.ptrs, self.strides, self.axis, f) }
    }
}

/// Runs the lanes, releasing the interpreter for large arrays.
///
/// # Safety
/// As [`iter::lanes`].
unsafe fn run_lanes(
    ctx: Ctx<'_>,
    job: LaneJob<'_>,
    mut f: impl FnMut(&[*mut u8], usize, &[isize]) -> bool + Send,
) -> PyResult<()> {
    let big = job.shape.iter().product::<usize>() >= 4096;
    let mut ok = true;
    let mut g = |a: &[*mut u8], n: usize, s: &[isize]| ok &= f(a, n, s);
    if big {
        // SAFETY: the caller's contract.
        ctx.allow_threads(|| unsafe { job.run(&mut g) });
    } else {
        // SAFETY: the caller's contract.
        unsafe { job.run(&mut g) };
    }
    if ok {
        Ok(())
    } else {
        Err(PyErr::new(
            hpy::ExcType::MemoryError,
            "Unable to allocate memory for the sort's work",
        ))
    }
}

fn sort_axis<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>, ndim: usize) -> PyResult<usize> {
    let v = match h {
        None => -1,
        Some(h) => ctx.index_as_isize(h)?,
    };
    argparse::py(convert::normalize_axis(v, ndim, &AXIS_ERROR))
}

fn m_sort<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let p = argparse::py(SIG_SORT.parse(ctx, args, nargs, kw))?;
    let ndim = a.layout().ndim();
    let axis = sort_axis(ctx, p.get(0), ndim)?;
    let stable = sort_options(ctx, p.get(1), p.get(2), p.get(3))?;
    if !a.writeable.get() {
        return Err(PyErr::value_error("sort array is read-only"));
    }
    let d = a.dtype;
    let l = a.layout().clone();
    let ptrs = [a.base_ptr().wrapping_offset(l.offset())];
    let strides: [&[isize]; 1] = [l.strides()];
    let job = LaneJob {
        shape: l.shape(),
        ptrs: &ptrs,
        strides: &strides,
        axis,
    };
    // SAFETY: the array's checked layout; each lane is sorted in place.
    unsafe {
        run_lanes(ctx, job, |args, n, steps| {
            with_sort_type!(d, T => if stable {
                ps::sort_lane::<T>(args[0], n, steps[0])
            } else {
                ps::sort_lane_unstable::<T>(args[0], n, steps[0])
            })
        })?;
    }
    Ok(ctx.none())
}

fn m_argsort<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let p = argparse::py(SIG_ARGSORT.parse(ctx, args, nargs, kw))?;
    sort_options(ctx, p.get(1), p.get(2), p.get(3))?;
    let ndim = a.layout().ndim();
    // `axis=None` (and a 0-d array) sorts the flattened array.
    let (src_h, axis) = match p.get(0) {
        Some(h) if ctx.is_none(h) => (flattened(ctx, slf, a)?, 0),
        _ if ndim == 0 => (flattened(ctx, slf, a)?, 0),
        h => (ctx.dup(slf), sort_axis(ctx, h, ndim)?),
    };
    let src = this(ctx, src_h.borrow())?;
    let l = src.layout().clone();
    let (res, _) = index_result(ctx, None, l.shape(), "argsort")?;
    let rd = this(ctx, res.borrow())?;
    let rl = rd.layout().clone();
    let d = src.dtype;
    let ptrs = [
        src.base_ptr().wrapping_offset(l.offset()),
        rd.base_ptr().wrapping_offset(rl.offset()),
    ];
    let strides: [&[isize]; 2] = [l.strides(), rl.strides()];
    let job = LaneJob {
        shape: l.shape(),
        ptrs: &ptrs,
        strides: &strides,
        axis,
    };
    // SAFETY: checked layouts of the same shape; each lane reads its
    // elements and writes as many indices.
    unsafe {
        run_lanes(
            ctx,
            job,
            |args, n, steps| with_sort_type!(d, T => ps::argsort_lane::<T>(args[0], n, steps[0], args[1], steps[1])),
        )?;
    }
    Ok(res)
}

/// `kth=` normalised against the lane length `n`, sorted and deduplicated.
fn kth_arg<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>, n: usize) -> PyResult<Vec<usize>> {
    let arr = super::as_array(ctx, h, None)?;
    let ad = this(ctx, arr.borrow())?;
    if !ad.dtype.is_integer() && ad.dtype != DType::Bool {
        return Err(PyErr::type_error("Partition index must be integer"));
    }
    if ad.layout().ndim() > 1 {
        return Err(PyErr::value_error("kth array must have dimension <= 1"));
    }
    let mut out = Vec::new();
    for s in ad.to_scalars()? {
        let k = s.to_i128().unwrap_or(0);
        let k = if k < 0 { k + n as i128 } else { k };
        if k < 0 || k >= n as i128 {
            return Err(PyErr::value_error(format!("kth(={k}) out of bounds ({n})")));
        }
        out.push(k as usize);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn partition_impl<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
    arg: bool,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let sig = if arg {
        &SIG_ARGPARTITION
    } else {
        &SIG_PARTITION
    };
    let p = argparse::py(sig.parse(ctx, args, nargs, kw))?;
    if let Some(k) = convert::optional(ctx, p.get(2)) {
        let s = ctx.str_to_string(k)?;
        if s != "introselect" {
            return Err(PyErr::value_error(format!(
                "Unknown selection kind \"{s}\""
            )));
        }
    }
    if convert::optional(ctx, p.get(3)).is_some() {
        return Err(PyErr::value_error(
            "Cannot specify order when the array has no fields.",
        ));
    }
    let ndim = a.layout().ndim();
    let (src_h, axis) = match p.get(1) {
        Some(h) if arg && ctx.is_none(h) => (flattened(ctx, slf, a)?, 0),
        _ if arg && ndim == 0 => (flattened(ctx, slf, a)?, 0),
        h => (ctx.dup(slf), sort_axis(ctx, h, ndim)?),
    };
    let src = this(ctx, src_h.borrow())?;
    let l = src.layout().clone();
    let kth = kth_arg(ctx, p.get(0).expect("required"), l.shape()[axis])?;
    let d = src.dtype;
    if !arg {
        if !src.writeable.get() {
            return Err(PyErr::value_error("partition array is read-only"));
        }
        let ptrs = [src.base_ptr().wrapping_offset(l.offset())];
        let strides: [&[isize]; 1] = [l.strides()];
        let job = LaneJob {
            shape: l.shape(),
            ptrs: &ptrs,
            strides: &strides,
            axis,
        };
        // SAFETY: the array's checked layout, partitioned lane by lane.
        unsafe {
            run_lanes(
                ctx,
                job,
                |args, n, steps| with_sort_type!(d, T => ps::partition_lane::<T>(args[0], n, steps[0], &kth)),
            )?;
        }
        return Ok(ctx.none());
    }
    let (res, _) = index_result(ctx, None, l.shape(), "argpartition")?;
    let rd = this(ctx, res.borrow())?;
    let rl = rd.layout().clone();
    let ptrs = [
        src.base_ptr().wrapping_offset(l.offset()),
        rd.base_ptr().wrapping_offset(rl.offset()),
    ];
    let strides: [&[isize]; 2] = [l.strides(), rl.strides()];
    let job = LaneJob {
        shape: l.shape(),
        ptrs: &ptrs,
        strides: &strides,
        axis,
    };
    // SAFETY: as `argsort`.
    unsafe {
        run_lanes(
            ctx,
            job,
            |args, n, steps| with_sort_type!(d, T => ps::argpartition_lane::<T>(args[0], n, steps[0], args[1], steps[1], &kth)),
        )?;
    }
    Ok(res)
}

fn m_partition<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    partition_impl(ctx, slf, a, n, kw, false)
}

fn m_argpartition<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    partition_impl(ctx, slf, a, n, kw, true)
}

// --------------------------------------------------------------- nonzero

fn m_nonzero<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let l = a.layout().clone();
    let ndim = l.ndim();
    if ndim == 0 {
        // NumPy adds a hint for booleans (`arr[nonzero(cond)]`).
        let hint = if a.dtype == DType::Bool {
            " If the context of this error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`."
        } else {
            ""
        };
        return Err(PyErr::value_error(format!(
            "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.{hint}"
        )));
    }
    let d = a.dtype;
    let shape = l.shape().to_vec();
    let base = a.base_ptr().wrapping_offset(l.offset());
    // Visits the true elements in C order: `f(index)` for each.
    let visit = |f: &mut dyn FnMut(&[usize])| {
        if l.size() == 0 {
            return;
        }
        let mut index = vec![0usize; ndim];
        let mut off = 0isize;
        loop {
            // SAFETY: `index` is inside the array's checked layout, `off`
            // its byte offset.
            if unsafe { truth_at(d, base.wrapping_offset(off)) } {
                f(&index);
            }
            let mut k = ndim;
            loop {
                if k == 0 {
                    return;
                }
                k -= 1;
                index[k] += 1;
                off = off.wrapping_add(l.strides()[k]);
                if index[k] < shape[k] {
                    break;
                }
                off = off.wrapping_sub(l.strides()[k].wrapping_mul(shape[k] as isize));
                index[k] = 0;
            }
        }
    };
    // Counted first, so that the results are allocated once (and a count
    // no memory holds raises MemoryError).
    let mut count = 0usize;
    visit(&mut |_| count += 1);
    let mut items = Vec::with_capacity(ndim);
    let mut ptrs = Vec::with_capacity(ndim);
    for _ in 0..ndim {
        let layout = Layout::c_order(&[count], 8).map_err(py_err)?;
        let mem = array_memory(&[count], DType::Int64)?;
        ptrs.push(mem.as_ptr().cast::<i64>());
        items.push(new_array(ctx, DType::Int64, layout, mem)?);
    }
    let mut j = 0usize;
    visit(&mut |index| {
        if j < count {
            for (p, &i) in ptrs.iter().zip(index) {
                // SAFETY: each result holds `count` int64 elements; nothing
                // else has seen the new arrays yet.
                unsafe { p.add(j).write_unaligned(i as i64) };
            }
            j += 1;
        }
    });
    let b: Vec<Borrowed<'_, 'c>> = items.iter().map(Handle::borrow).collect();
    ctx.tuple(&b)
}

/// Whether the element at `p` (of dtype `d`) is nonzero.
///
/// # Safety
/// `p` addresses one element of `d`.
unsafe fn truth_at(d: DType, p: *const u8) -> bool {
    use numpy_pure::ufunc::kernels::Truth;
    // SAFETY: as documented.
    with_sort_type!(d, T => unsafe { p.cast::<T>().read_unaligned() }.truth())
}

// ------------------------------------------------- Python-level methods

/// Calls `numpy_hpy.<module>.<name>(self, *args, **kwargs)`.
fn forward<'c>(
    ctx: Ctx<'c>,
    module: &core::ffi::CStr,
    name: &core::ffi::CStr,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let m = ctx.import(module)?;
    let f = ctx.getattr_s(&m, name)?;
    let mut all: Vec<Borrowed<'_, 'c>> = Vec::with_capacity(args.len() + 1);
    all.push(slf);
    all.extend(args.iter().copied());
    ctx.call_kw(&f, &all, nargs + 1, kw)
}

macro_rules! forwarded {
    ($($f:ident => $module:literal . $name:literal),* $(,)?) => {$(
        fn $f<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, a: CallArgs<'c>, n: usize, kw: Kw<'c>) -> PyResult<Handle<'c>> {
            this(ctx, slf)?;
            forward(ctx, $module, $name, slf, a, n, kw)
        }
    )*};
}
forwarded!(
    m_mean_py => c"numpy_hpy._reductions" . c"_mean_method",
    m_var_py => c"numpy_hpy._reductions" . c"_var_method",
    m_std_py => c"numpy_hpy._reductions" . c"_std_method",
    m_clip => c"numpy_hpy._reductions" . c"_clip_method",
    m_round => c"numpy_hpy._reductions" . c"round",
    m_searchsorted => c"numpy_hpy._searching" . c"searchsorted",
    m_take => c"numpy_hpy._searching" . c"take",
    m_put => c"numpy_hpy._searching" . c"put",
    m_compress => c"numpy_hpy._searching" . c"_compress_method",
    m_choose => c"numpy_hpy._searching" . c"choose",
);

// ------------------------------------------------------ mean, var, std

static SIG_MEAN: Signature<5> = Signature::new(
    "mean",
    [
        Param::either(c"axis").optional(),
        Param::either(c"dtype").optional(),
        Param::either(c"out").optional(),
        Param::either(c"keepdims").optional(),
        Param::keyword(c"where").optional(),
    ],
);
const VAR_PARAMS: [Param; 8] = [
    Param::either(c"axis").optional(),
    Param::either(c"dtype").optional(),
    Param::either(c"out").optional(),
    Param::either(c"ddof").optional(),
    Param::either(c"keepdims").optional(),
    Param::keyword(c"where").optional(),
    Param::keyword(c"mean").optional(),
    Param::keyword(c"correction").optional(),
];
static SIG_VAR: Signature<8> = Signature::new("var", VAR_PARAMS);
static SIG_STD: Signature<8> = Signature::new("std", VAR_PARAMS);

/// The whole array's elements when the statistics' fast path applies:
/// C-contiguous, non-empty, of a dtype `numpy_pure::stats` handles.
fn stats_input(a: &ArrayData) -> Option<(DType, *const u8, usize)> {
    let l = a.layout();
    let d = a.dtype;
    (l.is_c_contiguous(d.itemsize()) && l.size() > 0 && numpy_pure::stats::supported(d)).then(
        || {
            (
                d,
                a.base_ptr().wrapping_offset(l.offset()).cast_const(),
                l.size(),
            )
        },
    )
}

/// Whether only `None`s (or nothing) were passed in the slots `slots`,
/// `keepdims` (`k`) being false.
fn plain<'c, const N: usize>(
    ctx: Ctx<'c>,
    p: &argparse::Args<'_, 'c, N>,
    slots: &[usize],
    k: usize,
) -> PyResult<bool> {
    if slots
        .iter()
        .any(|&i| convert::optional(ctx, p.get(i)).is_some())
    {
        return Ok(false);
    }
    Ok(!truthy(ctx, p.get(k))?)
}

fn m_mean<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let p = argparse::py(SIG_MEAN.parse(ctx, args, nargs, kw))?;
    if p.get(4).is_none()
        && plain(ctx, &p, &[0, 1, 2], 3)?
        && let Some((d, ptr, n)) = stats_input(a)
    {
        // SAFETY: `n` contiguous elements of `d` from the first.
        return to_python(ctx, unsafe { numpy_pure::stats::mean(d, ptr, n) });
    }
    m_mean_py(ctx, slf, args, nargs, kw)
}

/// `var` (`sqrt`: `std`) through the fast path when it applies.
fn var_like<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Kw<'c>,
    sqrt: bool,
) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let p = argparse::py(if sqrt { &SIG_STD } else { &SIG_VAR }.parse(ctx, args, nargs, kw))?;
    let ddof = match p.get(3) {
        None => Some(0),
        Some(h) if ctx.is(&ctx.type_of(h), ctx.constant(|t| t.h_LongType)) => ctx
            .long_as_i64(h)
            .ok()
            .and_then(|v| usize::try_from(v).ok()),
        Some(_) => None,
    };
    ctx.err_clear();
    if let Some(ddof) = ddof
        && p.get(5).is_none()
        && p.get(6).is_none()
        && p.get(7).is_none()
        && plain(ctx, &p, &[0, 1, 2], 4)?
        && let Some((d, ptr, n)) = stats_input(a)
        && n > ddof
    {
        // SAFETY: `n` contiguous elements of `d` from the first.
        let v = unsafe {
            if sqrt {
                numpy_pure::stats::std(d, ptr, n, ddof)
            } else {
                numpy_pure::stats::var(d, ptr, n, ddof)
            }
        };
        let v = v.ok_or_else(|| {
            PyErr::new(
                hpy::ExcType::MemoryError,
                "Unable to allocate memory for the deviations",
            )
        })?;
        return to_python(ctx, v);
    }
    if sqrt {
        m_std_py(ctx, slf, args, nargs, kw)
    } else {
        m_var_py(ctx, slf, args, nargs, kw)
    }
}

fn m_var<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    var_like(ctx, slf, a, n, kw, false)
}

fn m_std<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    a: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    var_like(ctx, slf, a, n, kw, true)
}

hpy::meth!(pub static M_SUM: keywords = c"sum", m_sum,
    c"a.sum(axis=None, dtype=None, out=None, keepdims=False, initial=0, where=True)\n--\n\nReturn the sum of the array elements over the given axis.");
hpy::meth!(pub static M_PROD: keywords = c"prod", m_prod,
    c"a.prod(axis=None, dtype=None, out=None, keepdims=False, initial=1, where=True)\n--\n\nReturn the product of the array elements over the given axis.");
hpy::meth!(pub static M_MAX: keywords = c"max", m_max,
    c"a.max(axis=None, out=None, keepdims=False, initial=<no value>, where=True)\n--\n\nReturn the maximum along a given axis.");
hpy::meth!(pub static M_MIN: keywords = c"min", m_min,
    c"a.min(axis=None, out=None, keepdims=False, initial=<no value>, where=True)\n--\n\nReturn the minimum along a given axis.");
hpy::meth!(pub static M_ALL: keywords = c"all", m_all,
    c"a.all(axis=None, out=None, keepdims=False, *, where=True)\n--\n\nReturns True if all elements evaluate to True.");
hpy::meth!(pub static M_ANY: keywords = c"any", m_any,
    c"a.any(axis=None, out=None, keepdims=False, *, where=True)\n--\n\nReturns True if any of the elements of `a` evaluate to True.");
hpy::meth!(pub static M_CUMSUM: keywords = c"cumsum", m_cumsum,
    c"a.cumsum(axis=None, dtype=None, out=None)\n--\n\nReturn the cumulative sum of the elements along the given axis.");
hpy::meth!(pub static M_CUMPROD: keywords = c"cumprod", m_cumprod,
    c"a.cumprod(axis=None, dtype=None, out=None)\n--\n\nReturn the cumulative product of the elements along the given axis.");
hpy::meth!(pub static M_ARGMAX: keywords = c"argmax", m_argmax,
    c"a.argmax(axis=None, out=None, *, keepdims=False)\n--\n\nReturn indices of the maximum values along the given axis.");
hpy::meth!(pub static M_ARGMIN: keywords = c"argmin", m_argmin,
    c"a.argmin(axis=None, out=None, *, keepdims=False)\n--\n\nReturn indices of the minimum values along the given axis.");
hpy::meth!(pub static M_SORT: keywords = c"sort", m_sort,
    c"a.sort(axis=-1, kind=None, order=None, *, stable=None)\n--\n\nSort an array in-place.");
hpy::meth!(pub static M_ARGSORT: keywords = c"argsort", m_argsort,
    c"a.argsort(axis=-1, kind=None, order=None, *, stable=None)\n--\n\nReturns the indices that would sort this array.");
hpy::meth!(pub static M_PARTITION: keywords = c"partition", m_partition,
    c"a.partition(kth, axis=-1, kind='introselect', order=None)\n--\n\nPartially sorts the elements in the array in place.");
hpy::meth!(pub static M_ARGPARTITION: keywords = c"argpartition", m_argpartition,
    c"a.argpartition(kth, axis=-1, kind='introselect', order=None)\n--\n\nReturns the indices that would partition this array.");
hpy::meth!(pub static M_NONZERO: noargs = c"nonzero", m_nonzero,
    c"a.nonzero()\n--\n\nReturn the indices of the elements that are non-zero.");
hpy::meth!(pub static M_MEAN: keywords = c"mean", m_mean,
    c"a.mean(axis=None, dtype=None, out=None, keepdims=False, *, where=True)\n--\n\nReturns the average of the array elements along given axis.");
hpy::meth!(pub static M_VAR: keywords = c"var", m_var,
    c"a.var(axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=<no value>, correction=<no value>)\n--\n\nReturns the variance of the array elements, along given axis.");
hpy::meth!(pub static M_STD: keywords = c"std", m_std,
    c"a.std(axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=<no value>, correction=<no value>)\n--\n\nReturns the standard deviation of the array elements along given axis.");
hpy::meth!(pub static M_CLIP: keywords = c"clip", m_clip,
    c"a.clip(min=None, max=None, out=None, **kwargs)\n--\n\nReturn an array whose values are limited to [min, max].");
hpy::meth!(pub static M_ROUND: keywords = c"round", m_round,
    c"a.round(decimals=0, out=None)\n--\n\nReturn `a` with each element rounded to the given number of decimals.");

hpy::meth!(pub static M_SEARCHSORTED: keywords = c"searchsorted", m_searchsorted,
    c"a.searchsorted(v, side='left', sorter=None)\n--\n\nFind indices where elements of v should be inserted in a to maintain order.");
hpy::meth!(pub static M_TAKE: keywords = c"take", m_take,
    c"a.take(indices, axis=None, out=None, mode='raise')\n--\n\nReturn an array formed from the elements of `a` at the given indices.");
hpy::meth!(pub static M_PUT: keywords = c"put", m_put,
    c"a.put(indices, values, mode='raise')\n--\n\nSet ``a.flat[n] = values[n]`` for all `n` in indices.");
hpy::meth!(pub static M_COMPRESS: keywords = c"compress", m_compress,
    c"a.compress(condition, axis=None, out=None)\n--\n\nReturn selected slices of this array along given axis.");
hpy::meth!(pub static M_CHOOSE: keywords = c"choose", m_choose,
    c"a.choose(choices, out=None, mode='raise')\n--\n\nUse an index array to construct a new array from a set of choices.");

hpy::part!(
    /// What this file adds to the module: the methods' signatures.
    pub(super) static PART = {
        globals: [
            SIG_SUM.globals(),
            SIG_PROD.globals(),
            SIG_MAX.globals(),
            SIG_MIN.globals(),
            SIG_ALL.globals(),
            SIG_ANY.globals(),
            SIG_CUMSUM.globals(),
            SIG_CUMPROD.globals(),
            SIG_ARGMAX.globals(),
            SIG_ARGMIN.globals(),
            SIG_SORT.globals(),
            SIG_ARGSORT.globals(),
            SIG_PARTITION.globals(),
            SIG_ARGPARTITION.globals(),
            SIG_MEAN.globals(),
            SIG_VAR.globals(),
            SIG_STD.globals(),
        ],
    }
);
