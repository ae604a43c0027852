//! `capi_rust_demo`: a downstream HPy extension in Rust that uses numpy_hpy
//! only through its C API (the `capsule` crate's [`Api`]): it converts
//! inputs, reads and writes array memory and hands memory over. The test
//! suite (tests/test_capi.py) loads it on every runtime.

use core::ffi::c_void;

use capsule::{Api, LoopData, UFuncLoop, constant};
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

const FLOAT64: i32 = constant("NPY_FLOAT64") as i32;
const INT64: i32 = constant("NPY_INT64") as i32;
const IN_ARRAY: i32 = constant("NPY_ARRAY_IN_ARRAY") as i32;
const FORCECAST: i32 = constant("NPY_ARRAY_FORCECAST") as i32;

/// The module's state: numpy_hpy's table, imported and checked once.
static STATE: hpy::ModuleState<Api> = hpy::ModuleState::new();

hpy::part!(
    static PART = {
        defines: [SUM_SQUARES, RAMP, OWNED, SCALE, WEIGHTED_MEAN],
        globals: [hpy::Globals::one(STATE.global())],
        init: init,
    }
);

hpy::module!(
    capi_rust_demo,
    doc: c"A downstream Rust extension of numpy_hpy's HPy C API (example and test).",
    part: PART,
);

/// `clamp_add(x, y) = min(x + y, data)`: a float64 loop with NumPy's
/// calling convention (the bound is the loop's data).
unsafe extern "C" fn clamp_add_f64(
    args: *mut *mut core::ffi::c_char,
    dims: *const isize,
    steps: *const isize,
    data: *mut c_void,
) {
    // SAFETY: NumPy's loop contract: three operands of `dims[0]` float64
    // elements at `steps`; `data` is `BOUND`.
    unsafe {
        let bound = *data.cast::<f64>();
        let (a, b, o) = (*args, *args.add(1), *args.add(2));
        for i in 0..*dims {
            let x =
                *a.offset(i * *steps).cast::<f64>() + *b.offset(i * *steps.add(1)).cast::<f64>();
            *o.offset(i * *steps.add(2)).cast::<f64>() = x.min(bound);
        }
    }
}

static BOUND: f64 = 100.0;
static CLAMP_LOOPS: [UFuncLoop; 1] = [Some(clamp_add_f64)];
static CLAMP_DATA: [LoopData; 1] = [LoopData((&raw const BOUND).cast())];
static CLAMP_TYPES: [u8; 3] = [FLOAT64 as u8; 3];

/// Imports and checks the table when the module is created, and registers
/// the ufunc `clamp_add`.
fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    let api = Api::import(ctx)?;
    STATE.init(ctx, api)?;
    let u = api.ufunc_from_loops(
        ctx,
        &CLAMP_LOOPS,
        &CLAMP_DATA,
        &CLAMP_TYPES,
        2,
        1,
        constant("PyUFunc_None") as i32,
        c"clamp_add",
        c"min(x1 + x2, 100), elementwise (a ufunc of a Rust loop).",
    )?;
    ctx.setattr_s(module, c"clamp_add", &u)
}

/// `weighted_mean(a, w)`: `sum(a * w) / sum(w)` over the broadcast of `a`
/// and `w`, read as float64 through the iterator.
fn weighted_mean<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: hpy::CallArgs<'c>,
) -> PyResult<Handle<'c>> {
    let api = api(ctx)?;
    let [a, w] = *args else {
        return Err(PyErr::type_error("weighted_mean(a, w)"));
    };
    let (a, w) = (ctx.dup(a), ctx.dup(w));
    let f8 = api.descr_from_type(ctx, FLOAT64)?;
    let ro = (constant("NPY_ITER_READONLY") | constant("NPY_ITER_COPY")) as u32;
    let mut it = api.iter(
        ctx,
        &[Some(&a), Some(&w)],
        (constant("NPY_ITER_EXTERNAL_LOOP") | constant("NPY_ITER_ZEROSIZE_OK")) as u32,
        constant("NPY_KEEPORDER") as i32,
        constant("NPY_SAFE_CASTING") as i32,
        &[ro, ro],
        &[Some(&f8), Some(&f8)],
    )?;
    let (mut num, mut den) = (0.0f64, 0.0f64);
    it.for_each_run(|p, s, n| {
        for i in 0..n as isize {
            // SAFETY: the iterator's run: `n` float64 elements per operand at
            // these byte strides.
            let (x, y) = unsafe {
                (
                    *p[0].offset(i * s[0]).cast::<f64>(),
                    *p[1].offset(i * s[1]).cast::<f64>(),
                )
            };
            num += x * y;
            den += y;
        }
    })?;
    ctx.float_from_f64(num / den)
}

/// The table, from the module state.
fn api(ctx: Ctx<'_>) -> PyResult<Api> {
    STATE.with(ctx, |a| *a)
}

/// `sum_squares(obj)`: the sum of squares of any 1-D input as float64.
fn sum_squares<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    obj: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let api = api(ctx)?;
    let f8 = api.descr_from_type(ctx, FLOAT64)?;
    let arr = api.from_any(ctx, obj, Some(&f8), 1, 1, IN_ARRAY | FORCECAST)?;
    let info = api.info(ctx, &arr)?;
    let n = info.shape[0] as usize;
    // SAFETY: a C-contiguous float64 array of `n` elements (IN_ARRAY), kept
    // alive by `arr` while the slice is used.
    let xs = unsafe { core::slice::from_raw_parts(info.data.cast::<f64>(), n) };
    ctx.float_from_f64(xs.iter().map(|x| x * x).sum())
}

/// `ramp(n)`: int64 `[0, 3, 6, ...]` written into a new array.
fn ramp<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>, n: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let api = api(ctx)?;
    let n = ctx.index_as_isize(n)?;
    let arr = api.simple_new(ctx, &[n], INT64)?;
    let info = api.info(ctx, &arr)?;
    // SAFETY: a new C-contiguous int64 array of `n` elements.
    let xs = unsafe { core::slice::from_raw_parts_mut(info.data.cast::<i64>(), n as usize) };
    for (i, x) in xs.iter_mut().enumerate() {
        *x = 3 * i as i64;
    }
    Ok(arr)
}

unsafe extern "C" fn free_boxed_f64s(p: *mut c_void) {
    // SAFETY: `owned` hands over exactly this: a leaked `Box<[f64]>` whose
    // length is stored in the f64 before the data.
    unsafe {
        let base = p.cast::<f64>().sub(1);
        let len = *base as usize;
        drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
            base,
            len + 1,
        )));
    }
}

/// `owned(n)`: a float64 array over Rust memory it frees when released.
fn owned<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>, n: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let api = api(ctx)?;
    let n = ctx.index_as_isize(n)?;
    let len = usize::try_from(n).map_err(|_| PyErr::value_error("negative length"))?;
    let mut v: Vec<f64> = Vec::with_capacity(len + 1);
    v.push(len as f64);
    v.extend((0..len).map(|i| i as f64 / 4.0));
    let base = Box::into_raw(v.into_boxed_slice()).cast::<f64>();
    // SAFETY: `base + 1` holds `len` f64s, freed by `free_boxed_f64s`.
    let data = unsafe { base.add(1) }.cast::<c_void>();
    // SAFETY: the memory is ours to hand over, and `free_boxed_f64s` frees it.
    match unsafe { api.new_owning(ctx, &[n], FLOAT64, data, free_boxed_f64s) } {
        Ok(a) => Ok(a),
        Err(e) => {
            // SAFETY: not handed over: still ours.
            unsafe { free_boxed_f64s(data) };
            Err(e)
        }
    }
}

/// `scale(arr, k)`: `arr *= k` in place for a writeable 1-D float64 array.
fn scale<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>, args: hpy::CallArgs<'c>) -> PyResult<Handle<'c>> {
    let api = api(ctx)?;
    let [arr, k] = *args else {
        return Err(PyErr::type_error("scale(arr, k)"));
    };
    let k = ctx.float_as_f64(k)?;
    api.fail_unless_writeable(ctx, arr, c"array given to scale")?;
    let info = api.info(ctx, arr)?;
    if info.type_num != FLOAT64 || info.ndim != 1 {
        return Err(PyErr::type_error("scale needs a 1-D float64 array"));
    }
    for i in 0..info.shape[0] {
        // SAFETY: element `i` of a live writeable float64 array, at its stride.
        unsafe {
            *info
                .data
                .cast::<u8>()
                .offset(i * info.strides[0])
                .cast::<f64>() *= k
        };
    }
    Ok(ctx.none())
}

hpy::meth!(static SUM_SQUARES: o = c"sum_squares", sum_squares);
hpy::meth!(static RAMP: o = c"ramp", ramp);
hpy::meth!(static OWNED: o = c"owned", owned);
hpy::meth!(static SCALE: varargs = c"scale", scale);
hpy::meth!(static WEIGHTED_MEAN: varargs = c"weighted_mean", weighted_mean);
