//! The HPy C API of the core: the function table of the `capsule` crate,
//! filled with this module's functions and published as the capsule
//! `numpy_hpy._core._HPY_ARRAY_API`.
//!
//! Every function runs inside [`hpy::impl_::boundary`] with the caller's
//! context: an `Err` sets the exception and returns the C error value, a
//! panic becomes `SystemError`, nothing unwinds into C. What NumPy's C API
//! does by calling its Python-level functions, these do the same way
//! (`numpy_hpy.zeros`, `ndarray.reshape`, ...), so both faces behave alike.

use core::ffi::{CStr, c_char, c_int, c_void};

use capsule::{ArrayApi, FreeFunc, Header, Info, MAXDIMS, constant};
use hpy::impl_::{CReturn, boundary};
use hpy::{Borrowed, Capsule, Ctx, Handle, PyErr, PyResult};
use hpy_sys as ffi;

use crate::array::Layout;
use crate::descr::{DTYPE_SPEC, dtype_from_object, dtype_instance};
use crate::dtype::{Casting, DType};
use crate::errors::py_err;
use crate::ndarray::{
    ARRAY_SPEC, ArrayData, Memory, Owner, array_data, array_memory, ints_tuple, new_array,
};

const C_CONTIGUOUS: c_int = constant("NPY_ARRAY_C_CONTIGUOUS") as c_int;
const F_CONTIGUOUS: c_int = constant("NPY_ARRAY_F_CONTIGUOUS") as c_int;
const OWNDATA: c_int = constant("NPY_ARRAY_OWNDATA") as c_int;
const FORCECAST: c_int = constant("NPY_ARRAY_FORCECAST") as c_int;
const ENSURECOPY: c_int = constant("NPY_ARRAY_ENSURECOPY") as c_int;
const ENSUREARRAY: c_int = constant("NPY_ARRAY_ENSUREARRAY") as c_int;
const ALIGNED: c_int = constant("NPY_ARRAY_ALIGNED") as c_int;
const WRITEABLE: c_int = constant("NPY_ARRAY_WRITEABLE") as c_int;
const BEHAVED: c_int = constant("NPY_ARRAY_BEHAVED") as c_int;
const NOTYPE: c_int = constant("NPY_NOTYPE") as c_int;
const RAVEL_AXIS: c_int = constant("NPY_RAVEL_AXIS") as c_int;

/// Memory a C caller handed to an array with the function that frees it.
pub(crate) struct CFree {
    data: *mut c_void,
    free: unsafe extern "C" fn(*mut c_void),
}

impl Drop for CFree {
    fn drop(&mut self) {
        // SAFETY: `HPyArray_SimpleNewFromDataAndFree`'s contract: `free`
        // accepts `data`, once; the array (its only holder) is going away.
        unsafe { (self.free)(self.data) }
    }
}

/// A C return value and its error value, for [`boundary`].
struct Ret<T>(T);

macro_rules! c_return {
    ($($t:ty => $err:expr),* $(,)?) => {$(
        impl CReturn for Ret<$t> {
            type C = $t;
            const ERR: $t = $err;
            fn ok(self) -> $t {
                self.0
            }
        }
    )*};
}

c_return! {
    c_int => -1,
    isize => -1,
    *mut isize => core::ptr::null_mut(),
    *mut c_void => core::ptr::null_mut(),
}

/// A handle argument (`HPy_NULL` gives `None`).
///
/// # Safety
/// `h` must be `HPy_NULL` or a handle the caller owns for this call.
unsafe fn arg<'a, 'c>(ctx: Ctx<'c>, h: ffi::HPy) -> Option<Borrowed<'a, 'c>> {
    // SAFETY: the caller's guarantee.
    (h._i != 0).then(|| unsafe { Borrowed::from_raw(ctx, h) })
}

/// A handle argument that must not be `HPy_NULL`.
///
/// # Safety
/// As [`arg`].
unsafe fn req<'a, 'c>(ctx: Ctx<'c>, h: ffi::HPy) -> PyResult<Borrowed<'a, 'c>> {
    // SAFETY: the caller's guarantee.
    unsafe { arg(ctx, h) }.ok_or_else(|| {
        PyErr::new(
            hpy::ExcType::SystemError,
            "HPy_NULL passed to the numpy_hpy C API",
        )
    })
}

/// The array behind a handle, or NumPy's TypeError.
fn the_array<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?.ok_or_else(|| PyErr::type_error("argument is not a numpy_hpy.ndarray"))
}

/// `dims[..nd]` as a checked shape (NumPy's errors).
///
/// # Safety
/// `dims` must point to `nd` readable values when `nd > 0`.
unsafe fn shape_arg(nd: c_int, dims: *const isize) -> PyResult<Vec<usize>> {
    let nd =
        usize::try_from(nd).map_err(|_| PyErr::value_error("negative number of dimensions"))?;
    if nd > MAXDIMS {
        return Err(PyErr::value_error(format!(
            "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {nd}"
        )));
    }
    if nd == 0 {
        return Ok(Vec::new());
    }
    if dims.is_null() {
        return Err(PyErr::value_error(
            "dims is NULL for a non-zero number of dimensions",
        ));
    }
    // SAFETY: the caller's guarantee.
    let dims = unsafe { core::slice::from_raw_parts(dims, nd) };
    dims.iter()
        .map(|&d| {
            usize::try_from(d)
                .map_err(|_| PyErr::value_error("negative dimensions are not allowed"))
        })
        .collect()
}

/// The dtype of a `descr` argument (`HPy_NULL`: float64, as NumPy's default).
fn dtype_arg<'c>(ctx: Ctx<'c>, descr: Option<Borrowed<'_, 'c>>) -> PyResult<DType> {
    descr.map_or(Ok(DType::Float64), |d| dtype_from_object(ctx, d))
}

fn dtype_of_num(type_num: c_int) -> PyResult<DType> {
    u8::try_from(type_num)
        .ok()
        .and_then(DType::from_num)
        .ok_or_else(|| PyErr::value_error("Invalid data-type for array"))
}

/// `'C'`, `'F'`, `'A'` or `'K'` for an `NPY_*ORDER` value.
fn order_str(order: c_int) -> PyResult<&'static str> {
    Ok(match order {
        -1 => "A",
        0 => "C",
        1 => "F",
        2 => "K",
        _ => return Err(PyErr::value_error(format!("invalid order {order}"))),
    })
}

/// An attribute of the `numpy_hpy` package (its Python-level functions).
fn package<'c>(ctx: Ctx<'c>, name: &CStr) -> PyResult<Handle<'c>> {
    ctx.getattr_s(&ctx.import(c"numpy_hpy")?, name)
}

/// `callable(*args, **kwargs)`, the keywords as `(name, value)` pairs.
fn call<'c>(
    ctx: Ctx<'c>,
    callable: &Handle<'c>,
    args: &[Borrowed<'_, 'c>],
    kwargs: &[(&str, Borrowed<'_, 'c>)],
) -> PyResult<Handle<'c>> {
    if kwargs.is_empty() {
        return ctx.call(callable, args);
    }
    let names: Vec<&str> = kwargs.iter().map(|(n, _)| *n).collect();
    let kwnames = ctx.tuple_of_strs(&names)?;
    let mut all: Vec<Borrowed<'_, 'c>> = args.to_vec();
    all.extend(kwargs.iter().map(|(_, v)| *v));
    ctx.call_kw(callable, &all, args.len(), Some(kwnames.borrow()))
}

/// The `n` values at `p` as a tuple of ints (a C shape or permutation).
///
/// # Safety
/// `p` holds `n` readable values when `n > 0`.
unsafe fn c_ints_tuple<'c>(
    ctx: Ctx<'c>,
    p: *const isize,
    n: c_int,
    what: &str,
) -> PyResult<Handle<'c>> {
    let n =
        usize::try_from(n).map_err(|_| PyErr::value_error(format!("negative number of {what}")))?;
    if n > 0 && p.is_null() {
        return Err(PyErr::value_error(format!("{what} is NULL")));
    }
    // SAFETY: the caller's guarantee.
    ints_tuple(ctx, (0..n).map(|i| unsafe { *p.add(i) } as i64))
}

/// Casting rule of an `NPY_*_CASTING` value.
pub(crate) fn casting_of(casting: c_int) -> PyResult<Casting> {
    Ok(match casting {
        0 => Casting::No,
        1 => Casting::Equiv,
        2 => Casting::Safe,
        3 => Casting::SameKind,
        4 => Casting::Unsafe,
        _ => return Err(PyErr::value_error(format!("invalid casting {casting}"))),
    })
}

/// An argument that must be an ndarray (TypeError otherwise).
///
/// # Safety
/// As [`arg`].
unsafe fn array_arg<'a, 'c>(ctx: Ctx<'c>, h: ffi::HPy) -> PyResult<Borrowed<'a, 'c>> {
    // SAFETY: the caller's guarantee.
    let b = unsafe { req(ctx, h) }?;
    the_array(ctx, b)?;
    Ok(b)
}

fn flags_of(a: &ArrayData) -> c_int {
    let layout = a.layout();
    let itemsize = a.dtype.itemsize();
    let mut f = 0;
    if layout.is_c_contiguous(itemsize) {
        f |= C_CONTIGUOUS;
    }
    if layout.is_f_contiguous(itemsize) {
        f |= F_CONTIGUOUS;
    }
    if a.owns_data() {
        f |= OWNDATA;
    }
    if a.is_aligned() && !a.aligned_cleared.get() {
        f |= ALIGNED;
    }
    if a.writeable.get() {
        f |= WRITEABLE;
    }
    f
}

fn data_of(a: &ArrayData) -> *mut c_void {
    a.base_ptr().wrapping_offset(a.layout().offset()).cast()
}

// ------------------------------------------------------------- types, checks

unsafe extern "C" fn array_type(ctx: *mut ffi::HPyContext) -> ffi::HPy {
    // SAFETY: `ctx` is the caller's live context, and handle arguments are
    // handles it owns for the call (the header's contract; every entry
    // point below relies on the same).
    unsafe { boundary(ctx, |c| ARRAY_SPEC.type_object(c)) }
}

unsafe extern "C" fn descr_type(ctx: *mut ffi::HPyContext) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe { boundary(ctx, |c| DTYPE_SPEC.type_object(c)) }
}

unsafe extern "C" fn check(ctx: *mut ffi::HPyContext, obj: ffi::HPy) -> c_int {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            Ok(Ret(c_int::from(ARRAY_SPEC.is_instance(c, req(c, obj)?)?)))
        })
    }
}

unsafe extern "C" fn check_exact(ctx: *mut ffi::HPyContext, obj: ffi::HPy) -> c_int {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let t = ARRAY_SPEC.type_object(c)?;
            Ok(Ret(c_int::from(c.is(&c.type_of(req(c, obj)?), &t))))
        })
    }
}

unsafe extern "C" fn descr_check(ctx: *mut ffi::HPyContext, obj: ffi::HPy) -> c_int {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            Ok(Ret(c_int::from(DTYPE_SPEC.is_instance(c, req(c, obj)?)?)))
        })
    }
}

unsafe extern "C" fn is_any_scalar(ctx: *mut ffi::HPyContext, obj: ffi::HPy) -> c_int {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let generic = crate::scalar_types::GENERIC_SPEC.type_object(c)?;
            Ok(Ret(c_int::from(c.type_check(req(c, obj)?, &generic))))
        })
    }
}

// ------------------------------------------------------------- attributes

unsafe extern "C" fn get_info(ctx: *mut ffi::HPyContext, arr: ffi::HPy, info: *mut Info) -> c_int {
    // SAFETY: see `array_type`; `info` points to a struct of at least
    // `info->struct_size` writable bytes (the header's contract).
    unsafe {
        boundary(ctx, |c| {
            let a = the_array(c, req(c, arr)?)?;
            if info.is_null() {
                return Err(PyErr::value_error("HPyArray_GetInfo: info is NULL"));
            }
            let want = info.cast::<usize>().read_unaligned();
            let mut full = Info {
                struct_size: want,
                ndim: 0,
                type_num: c_int::from(a.dtype.num()),
                flags: flags_of(a),
                reserved: 0,
                itemsize: a.dtype.itemsize() as isize,
                size: 0,
                data: data_of(a),
                shape: [0; MAXDIMS],
                strides: [0; MAXDIMS],
            };
            {
                let layout = a.layout();
                full.ndim = layout.ndim() as c_int;
                full.size = layout.size() as isize;
                for (i, (&n, &s)) in layout.shape().iter().zip(layout.strides()).enumerate() {
                    full.shape[i] = n as isize;
                    full.strides[i] = s;
                }
            }
            let n = want.min(core::mem::size_of::<Info>());
            core::ptr::copy_nonoverlapping((&raw const full).cast::<u8>(), info.cast::<u8>(), n);
            Ok(())
        })
    }
}

/// An attribute read off the array `arr`.
///
/// # Safety
/// As every entry point: the caller's live context and a handle it owns.
unsafe fn attr<T>(ctx: *mut ffi::HPyContext, arr: ffi::HPy, f: impl FnOnce(&ArrayData) -> T) -> T
where
    Ret<T>: CReturn<C = T>,
{
    // SAFETY: the caller's guarantee.
    unsafe { boundary(ctx, |c| Ok(Ret(f(the_array(c, req(c, arr)?)?)))) }
}

unsafe extern "C" fn ndim(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> c_int {
    // SAFETY: see `array_type`.
    unsafe { attr(ctx, arr, |a| a.layout().ndim() as c_int) }
}

unsafe extern "C" fn dims(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> *mut isize {
    // The shape vector lives in the array object until the layout is
    // replaced (`a.shape = ...`): NumPy's PyArray_DIMS has the same rule.
    // `usize` and `isize` share a layout, and shapes fit `isize`.
    // SAFETY: see `array_type`.
    unsafe { attr(ctx, arr, |a| a.layout().shape().as_ptr().cast_mut().cast()) }
}

unsafe extern "C" fn strides(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> *mut isize {
    // SAFETY: see `array_type` (and `dims`).
    unsafe { attr(ctx, arr, |a| a.layout().strides().as_ptr().cast_mut()) }
}

unsafe extern "C" fn data(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> *mut c_void {
    // SAFETY: see `array_type`.
    unsafe { attr(ctx, arr, data_of) }
}

unsafe extern "C" fn size(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> isize {
    // SAFETY: see `array_type`.
    unsafe { attr(ctx, arr, |a| a.layout().size() as isize) }
}

unsafe extern "C" fn itemsize(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> isize {
    // SAFETY: see `array_type`.
    unsafe { attr(ctx, arr, |a| a.dtype.itemsize() as isize) }
}

unsafe extern "C" fn type_num(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> c_int {
    // SAFETY: see `array_type`.
    unsafe { attr(ctx, arr, |a| c_int::from(a.dtype.num())) }
}

unsafe extern "C" fn descr(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            dtype_instance(c, the_array(c, req(c, arr)?)?.dtype)
        })
    }
}

unsafe extern "C" fn flags(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> c_int {
    // SAFETY: see `array_type`.
    unsafe { attr(ctx, arr, flags_of) }
}

unsafe extern "C" fn base(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            c.getattr_s(h, c"base")
        })
    }
}

unsafe extern "C" fn set_base_object(
    ctx: *mut ffi::HPyContext,
    arr: ffi::HPy,
    obj: ffi::HPy,
) -> c_int {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let h = req(c, arr)?;
            let o = req(c, obj)?;
            let a = the_array(c, h)?;
            if c.is(h, o) {
                return Err(PyErr::value_error(
                    "Cannot create a circular NumPy array 'base' dependency",
                ));
            }
            if !a.base.is_null() || a.storage.is_some() || a.owner.is_some() {
                return Err(PyErr::value_error(
                    "Cannot set the NumPy array 'base' dependency more than once",
                ));
            }
            a.base.store(c, h, o);
            Ok(())
        })
    }
}

/// `arr.setflags(write=value)` for `NPY_ARRAY_WRITEABLE`, the one flag a
/// caller may change here.
///
/// # Safety
/// As every entry point.
unsafe fn change_flags(
    ctx: *mut ffi::HPyContext,
    arr: ffi::HPy,
    flags: c_int,
    value: bool,
) -> c_int {
    // SAFETY: the caller's guarantee.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            if flags & !WRITEABLE != 0 {
                return Err(PyErr::value_error(
                    "only NPY_ARRAY_WRITEABLE can be changed through the numpy_hpy C API",
                ));
            }
            if flags & WRITEABLE != 0 {
                let m = c.getattr_s(h, c"setflags")?;
                call(c, &m, &[], &[("write", c.bool(value).borrow())])?;
            }
            Ok(())
        })
    }
}

unsafe extern "C" fn enable_flags(ctx: *mut ffi::HPyContext, arr: ffi::HPy, flags: c_int) -> c_int {
    // SAFETY: see `array_type`.
    unsafe { change_flags(ctx, arr, flags, true) }
}

unsafe extern "C" fn clear_flags(ctx: *mut ffi::HPyContext, arr: ffi::HPy, flags: c_int) -> c_int {
    // SAFETY: see `array_type`.
    unsafe { change_flags(ctx, arr, flags, false) }
}

// ------------------------------------------------------------------ dtypes

unsafe extern "C" fn descr_from_type(ctx: *mut ffi::HPyContext, type_num: c_int) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe { boundary(ctx, |c| dtype_instance(c, dtype_of_num(type_num)?)) }
}

unsafe extern "C" fn descr_converter(ctx: *mut ffi::HPyContext, obj: ffi::HPy) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            dtype_instance(c, dtype_from_object(c, req(c, obj)?)?)
        })
    }
}

unsafe extern "C" fn equiv_types(ctx: *mut ffi::HPyContext, a: ffi::HPy, b: ffi::HPy) -> c_int {
    // Every dtype of ours is native and unparametrised: equivalent is equal.
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let (a, b) = (
                dtype_from_object(c, req(c, a)?)?,
                dtype_from_object(c, req(c, b)?)?,
            );
            Ok(Ret(c_int::from(a == b)))
        })
    }
}

unsafe extern "C" fn can_cast_type_to(
    ctx: *mut ffi::HPyContext,
    from: ffi::HPy,
    to: ffi::HPy,
    casting: c_int,
) -> c_int {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let f = package(c, c"can_cast")?;
            let rule = c.str(casting_of(casting)?.as_str())?;
            let r = call(
                c,
                &f,
                &[req(c, from)?, req(c, to)?],
                &[("casting", rule.borrow())],
            )?;
            Ok(Ret(c_int::from(c.is_true(&r)?)))
        })
    }
}

unsafe extern "C" fn promote_types(
    ctx: *mut ffi::HPyContext,
    a: ffi::HPy,
    b: ffi::HPy,
) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            call(
                c,
                &package(c, c"promote_types")?,
                &[req(c, a)?, req(c, b)?],
                &[],
            )
        })
    }
}

unsafe extern "C" fn result_type(
    ctx: *mut ffi::HPyContext,
    narrs: isize,
    arrs: *const ffi::HPy,
    ndtypes: isize,
    dtypes: *const ffi::HPy,
) -> ffi::HPy {
    // SAFETY: see `array_type`; `arrs` and `dtypes` hold `narrs` and
    // `ndtypes` handles (the header's contract).
    unsafe {
        boundary(ctx, |c| {
            let mut args = Vec::new();
            for (p, n) in [(arrs, narrs), (dtypes, ndtypes)] {
                let n = usize::try_from(n).map_err(|_| PyErr::value_error("negative count"))?;
                if n > 0 && p.is_null() {
                    return Err(PyErr::value_error("NULL array of handles"));
                }
                for i in 0..n {
                    args.push(req(c, *p.add(i))?);
                }
            }
            call(c, &package(c, c"result_type")?, &args, &[])
        })
    }
}

// ---------------------------------------------------------------- creation

/// An array of `dtype` and `shape` over `data` (not owned), with `strides`
/// or in C/F order.
///
/// # Safety
/// `data` must be valid for every element the shape and strides reach, for
/// as long as the array and its views live; `strides` must hold
/// `shape.len()` values when not NULL.
unsafe fn array_over(
    dtype: DType,
    shape: Vec<usize>,
    strides: *const isize,
    data: *mut c_void,
    fortran: bool,
    writeable: bool,
) -> PyResult<ArrayData> {
    let itemsize = dtype.itemsize();
    let layout = if strides.is_null() {
        if fortran {
            Layout::f_order(&shape, itemsize)
        } else {
            Layout::c_order(&shape, itemsize)
        }
        .map_err(py_err)?
    } else {
        // SAFETY: the caller's guarantee.
        let s = unsafe { core::slice::from_raw_parts(strides, shape.len()) }.to_vec();
        Layout::new(shape, s, 0).map_err(py_err)?
    };
    let (lo, hi) = layout.byte_extent(itemsize);
    let layout = layout.with_offset(-lo).map_err(py_err)?;
    let memory = Memory {
        ptr: data.cast::<u8>().wrapping_offset(lo),
        len: usize::try_from(hi - lo).map_err(|_| PyErr::value_error("array is too big"))?,
    };
    ArrayData::new(dtype, layout, memory, None, writeable)
}

/// `HPyArray_NewFromDescr`'s work, also behind the other creators.
///
/// # Safety
/// `dims` (and `strides`, when not NULL) hold `nd` values; `data` as
/// [`array_over`] when not NULL.
#[allow(clippy::too_many_arguments)]
unsafe fn new_from(
    ctx: Ctx<'_>,
    dtype: DType,
    nd: c_int,
    dims: *const isize,
    strides: *const isize,
    data: *mut c_void,
    flags: c_int,
    free: FreeFunc,
) -> PyResult<Handle<'_>> {
    // SAFETY: the caller's guarantee.
    let shape = unsafe { shape_arg(nd, dims) }?;
    let fortran = flags & F_CONTIGUOUS != 0 && flags & C_CONTIGUOUS == 0;
    if data.is_null() {
        if !strides.is_null() {
            return Err(PyErr::value_error("strides given without data"));
        }
        let itemsize = dtype.itemsize();
        let layout = if fortran {
            Layout::f_order(&shape, itemsize)
        } else {
            Layout::c_order(&shape, itemsize)
        }
        .map_err(py_err)?;
        return new_array(ctx, dtype, layout, array_memory(&shape, dtype)?);
    }
    // SAFETY: the caller's guarantee.
    let mut a =
        unsafe { array_over(dtype, shape, strides, data, fortran, flags & WRITEABLE != 0) }?;
    let owned = a.memory().len;
    if let Some(free) = free {
        a.owner = Some(Owner::CFree(CFree { data, free }));
    }
    let h = ARRAY_SPEC.instance(ctx, a)?;
    if free.is_some() {
        crate::ndarray::memory_pressure(ctx, owned)?;
    }
    Ok(h)
}

unsafe extern "C" fn new_from_descr(
    ctx: *mut ffi::HPyContext,
    descr: ffi::HPy,
    nd: c_int,
    dims: *const isize,
    strides: *const isize,
    data: *mut c_void,
    flags: c_int,
) -> ffi::HPy {
    // SAFETY: see `array_type` and `new_from`.
    unsafe {
        boundary(ctx, |c| {
            let dtype = dtype_arg(c, arg(c, descr))?;
            new_from(c, dtype, nd, dims, strides, data, flags, None)
        })
    }
}

unsafe extern "C" fn simple_new(
    ctx: *mut ffi::HPyContext,
    nd: c_int,
    dims: *const isize,
    type_num: c_int,
) -> ffi::HPy {
    // SAFETY: see `array_type` and `new_from`.
    unsafe {
        boundary(ctx, |c| {
            new_from(
                c,
                dtype_of_num(type_num)?,
                nd,
                dims,
                core::ptr::null(),
                core::ptr::null_mut(),
                0,
                None,
            )
        })
    }
}

unsafe extern "C" fn simple_new_from_data(
    ctx: *mut ffi::HPyContext,
    nd: c_int,
    dims: *const isize,
    type_num: c_int,
    data: *mut c_void,
) -> ffi::HPy {
    // SAFETY: see `array_type` and `new_from`.
    unsafe {
        boundary(ctx, |c| {
            if data.is_null() {
                return Err(PyErr::value_error(
                    "HPyArray_SimpleNewFromData: data is NULL",
                ));
            }
            new_from(
                c,
                dtype_of_num(type_num)?,
                nd,
                dims,
                core::ptr::null(),
                data,
                WRITEABLE,
                None,
            )
        })
    }
}

unsafe extern "C" fn simple_new_from_data_and_free(
    ctx: *mut ffi::HPyContext,
    nd: c_int,
    dims: *const isize,
    type_num: c_int,
    data: *mut c_void,
    free: FreeFunc,
) -> ffi::HPy {
    // SAFETY: see `array_type` and `new_from`; `free(data)` is the caller's
    // to give (it runs once, when the array goes).
    unsafe {
        boundary(ctx, |c| {
            if data.is_null() || free.is_none() {
                return Err(PyErr::value_error(
                    "HPyArray_SimpleNewFromDataAndFree: data or free_func is NULL",
                ));
            }
            new_from(
                c,
                dtype_of_num(type_num)?,
                nd,
                dims,
                core::ptr::null(),
                data,
                WRITEABLE,
                free,
            )
        })
    }
}

/// `numpy_hpy.<func>(shape, dtype, order)`.
///
/// # Safety
/// As [`shape_arg`], and handles as every entry point.
unsafe fn filled(
    ctx: *mut ffi::HPyContext,
    func: &CStr,
    nd: c_int,
    dims: *const isize,
    descr: ffi::HPy,
    fortran: c_int,
) -> ffi::HPy {
    // SAFETY: the caller's guarantee.
    unsafe {
        boundary(ctx, |c| {
            let shape = ints_tuple(c, shape_arg(nd, dims)?.into_iter().map(|n| n as i64))?;
            let dt = dtype_instance(c, dtype_arg(c, arg(c, descr))?)?;
            let order = c.str(if fortran != 0 { "F" } else { "C" })?;
            call(
                c,
                &package(c, func)?,
                &[shape.borrow(), dt.borrow(), order.borrow()],
                &[],
            )
        })
    }
}

unsafe extern "C" fn zeros(
    ctx: *mut ffi::HPyContext,
    nd: c_int,
    dims: *const isize,
    descr: ffi::HPy,
    fortran: c_int,
) -> ffi::HPy {
    // SAFETY: see `filled`.
    unsafe { filled(ctx, c"zeros", nd, dims, descr, fortran) }
}

unsafe extern "C" fn empty(
    ctx: *mut ffi::HPyContext,
    nd: c_int,
    dims: *const isize,
    descr: ffi::HPy,
    fortran: c_int,
) -> ffi::HPy {
    // SAFETY: see `filled`.
    unsafe { filled(ctx, c"empty", nd, dims, descr, fortran) }
}

unsafe extern "C" fn new_like_array(
    ctx: *mut ffi::HPyContext,
    proto: ffi::HPy,
    order: c_int,
    descr: ffi::HPy,
) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let order = c.str(order_str(order)?)?;
            let none = c.none();
            let dt = arg(c, descr).unwrap_or(none.borrow());
            call(
                c,
                &package(c, c"empty_like")?,
                &[req(c, proto)?, dt],
                &[("order", order.borrow())],
            )
        })
    }
}

unsafe extern "C" fn new_copy(ctx: *mut ffi::HPyContext, arr: ffi::HPy, order: c_int) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            let order = c.str(order_str(order)?)?;
            c.call(&c.getattr_s(h, c"copy")?, &[order.borrow()])
        })
    }
}

unsafe extern "C" fn return_(ctx: *mut ffi::HPyContext, arr: ffi::HPy) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let h = req(c, arr)?;
            match array_data(c, h)? {
                Some(a) if a.layout().ndim() == 0 => c.get_item(h, &c.tuple(&[])?),
                _ => Ok(c.dup(h)),
            }
        })
    }
}

// -------------------------------------------------------------- conversion

/// NumPy's `PyArray_FromAny` on our Python-level pieces.
fn from_any<'c>(
    c: Ctx<'c>,
    op: Borrowed<'_, 'c>,
    descr: Option<Borrowed<'_, 'c>>,
    min_depth: c_int,
    max_depth: c_int,
    req: c_int,
) -> PyResult<Handle<'c>> {
    let asarray = package(c, c"asarray")?;
    let mut arr = call(c, &asarray, &[op], &[])?;
    if let Some(d) = descr {
        let to = dtype_from_object(c, d)?;
        let from = the_array(c, arr.borrow())?.dtype;
        if from != to {
            if req & FORCECAST == 0 {
                let f = package(c, c"can_cast")?;
                let rule = c.str("safe")?;
                let (fd, td) = (dtype_instance(c, from)?, dtype_instance(c, to)?);
                if !c.is_true(&call(
                    c,
                    &f,
                    &[fd.borrow(), td.borrow()],
                    &[("casting", rule.borrow())],
                )?)? {
                    return Err(PyErr::type_error(format!(
                        "Cannot cast array data from {} to {} according to the rule 'safe'",
                        from.repr(),
                        to.repr()
                    )));
                }
            }
            let td = dtype_instance(c, to)?;
            arr = c.call(&c.getattr_s(&arr, c"astype")?, &[td.borrow()])?;
        }
    }
    let a = the_array(c, arr.borrow())?;
    let nd = a.layout().ndim() as c_int;
    if min_depth > 0 && nd < min_depth {
        return Err(PyErr::value_error(
            "object of too small depth for desired array",
        ));
    }
    if max_depth > 0 && nd > max_depth {
        return Err(PyErr::value_error("object too deep for desired array"));
    }
    let f = flags_of(a);
    let order = if req & F_CONTIGUOUS != 0 && req & C_CONTIGUOUS == 0 {
        "F"
    } else {
        "C"
    };
    let copy = req & ENSURECOPY != 0
        || (req & C_CONTIGUOUS != 0 && f & C_CONTIGUOUS == 0)
        || (req & F_CONTIGUOUS != 0 && f & F_CONTIGUOUS == 0)
        || (req & ALIGNED != 0 && f & ALIGNED == 0)
        || (req & WRITEABLE != 0 && f & WRITEABLE == 0);
    if copy {
        let order = c.str(order)?;
        arr = c.call(&c.getattr_s(&arr, c"copy")?, &[order.borrow()])?;
    }
    if req & ENSUREARRAY != 0 {
        let t = ARRAY_SPEC.type_object(c)?;
        if !c.is(&c.type_of(&arr), &t) {
            arr = c.call(&c.getattr_s(&arr, c"view")?, &[t.borrow()])?;
        }
    }
    Ok(arr)
}

unsafe extern "C" fn from_any_c(
    ctx: *mut ffi::HPyContext,
    op: ffi::HPy,
    descr: ffi::HPy,
    min_depth: c_int,
    max_depth: c_int,
    requirements: c_int,
) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            from_any(
                c,
                req(c, op)?,
                arg(c, descr),
                min_depth,
                max_depth,
                requirements,
            )
        })
    }
}

unsafe extern "C" fn from_object(
    ctx: *mut ffi::HPyContext,
    op: ffi::HPy,
    type_num: c_int,
    min_depth: c_int,
    max_depth: c_int,
) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let d = if type_num == NOTYPE {
                None
            } else {
                Some(dtype_instance(c, dtype_of_num(type_num)?)?)
            };
            from_any(
                c,
                req(c, op)?,
                d.as_ref().map(Handle::borrow),
                min_depth,
                max_depth,
                BEHAVED | ENSUREARRAY,
            )
        })
    }
}

unsafe extern "C" fn ensure_array(ctx: *mut ffi::HPyContext, op: ffi::HPy) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe { boundary(ctx, |c| from_any(c, req(c, op)?, None, 0, 0, ENSUREARRAY)) }
}

unsafe extern "C" fn cast_to_type(
    ctx: *mut ffi::HPyContext,
    arr: ffi::HPy,
    descr: ffi::HPy,
    fortran: c_int,
) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            let order = c.str(if fortran != 0 { "F" } else { "K" })?;
            let m = c.getattr_s(h, c"astype")?;
            call(c, &m, &[req(c, descr)?], &[("order", order.borrow())])
        })
    }
}

unsafe extern "C" fn copy_into(ctx: *mut ffi::HPyContext, dst: ffi::HPy, src: ffi::HPy) -> c_int {
    // `dst[...] = src`: broadcast, cast unsafely, as PyArray_CopyInto.
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let d = array_arg(c, dst)?;
            c.set_item(d, c.constant(|t| t.h_Ellipsis), req(c, src)?)
        })
    }
}

unsafe extern "C" fn fail_unless_writeable(
    ctx: *mut ffi::HPyContext,
    arr: ffi::HPy,
    name: *const c_char,
) -> c_int {
    // SAFETY: see `array_type`; `name` is NULL or a NUL-terminated string.
    unsafe {
        boundary(ctx, |c| {
            let a = the_array(c, req(c, arr)?)?;
            if a.writeable.get() {
                return Ok(());
            }
            let name = if name.is_null() {
                "array".into()
            } else {
                CStr::from_ptr(name).to_string_lossy()
            };
            Err(PyErr::value_error(format!("{name} is read-only")))
        })
    }
}

// ------------------------------------------------------------------ shape

unsafe extern "C" fn newshape(
    ctx: *mut ffi::HPyContext,
    arr: ffi::HPy,
    nd: c_int,
    dims: *const isize,
    order: c_int,
) -> ffi::HPy {
    // SAFETY: see `array_type`; `dims` holds `nd` values.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            let shape = c_ints_tuple(c, dims, nd, "dims")?;
            let order = c.str(order_str(order)?)?;
            call(
                c,
                &c.getattr_s(h, c"reshape")?,
                &[shape.borrow()],
                &[("order", order.borrow())],
            )
        })
    }
}

unsafe extern "C" fn transpose(
    ctx: *mut ffi::HPyContext,
    arr: ffi::HPy,
    n: c_int,
    perm: *const isize,
) -> ffi::HPy {
    // SAFETY: see `array_type`; `perm` holds `n` values when not NULL.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            let m = c.getattr_s(h, c"transpose")?;
            if perm.is_null() {
                return c.call(&m, &[]);
            }
            let axes = c_ints_tuple(c, perm, n, "axes")?;
            c.call(&m, &[axes.borrow()])
        })
    }
}

unsafe extern "C" fn ravel(ctx: *mut ffi::HPyContext, arr: ffi::HPy, order: c_int) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            let order = c.str(order_str(order)?)?;
            c.call(&c.getattr_s(h, c"ravel")?, &[order.borrow()])
        })
    }
}

unsafe extern "C" fn view(ctx: *mut ffi::HPyContext, arr: ffi::HPy, descr: ffi::HPy) -> ffi::HPy {
    // SAFETY: see `array_type`.
    unsafe {
        boundary(ctx, |c| {
            let h = array_arg(c, arr)?;
            let m = c.getattr_s(h, c"view")?;
            match arg(c, descr) {
                Some(d) => c.call(&m, &[d]),
                None => c.call(&m, &[]),
            }
        })
    }
}

// ------------------------------------------------------------- converters

unsafe extern "C" fn intp_converter(
    ctx: *mut ffi::HPyContext,
    obj: ffi::HPy,
    out: *mut isize,
    maxlen: c_int,
) -> c_int {
    // SAFETY: see `array_type`; `out` has room for `maxlen` values.
    unsafe {
        boundary(ctx, |c| {
            let h = req(c, obj)?;
            if c.is_none(h) {
                return Err(PyErr::type_error("Use () not None as shape arguments"));
            }
            let vals: Vec<isize> = match c.index_as_isize(h) {
                Ok(n) => vec![n],
                Err(e) => {
                    if !c.err_matches(c.constant(|t| t.h_TypeError)) {
                        return Err(e);
                    }
                    c.err_clear();
                    let Ok(n) = c.len(h) else {
                        c.err_clear();
                        return Err(PyErr::type_error(format!(
                            "expected a sequence of integers or a single integer, got '{}'",
                            c.repr_string(h)?
                        )));
                    };
                    if n > MAXDIMS {
                        return Err(PyErr::value_error(format!(
                            "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {n}"
                        )));
                    }
                    (0..n)
                        .map(|i| c.index_as_isize(&c.get_item_i(h, i as isize)?))
                        .collect::<PyResult<_>>()?
                }
            };
            if vals.len() > usize::try_from(maxlen).unwrap_or(0)
                || (!vals.is_empty() && out.is_null())
            {
                return Err(PyErr::value_error(format!(
                    "sequence too large; cannot be greater than {maxlen}"
                )));
            }
            for (i, v) in vals.iter().enumerate() {
                *out.add(i) = *v;
            }
            Ok(Ret(vals.len() as c_int))
        })
    }
}

unsafe extern "C" fn axis_converter(
    ctx: *mut ffi::HPyContext,
    obj: ffi::HPy,
    axis: *mut c_int,
) -> c_int {
    // SAFETY: see `array_type`; `axis` is writable.
    unsafe {
        boundary(ctx, |c| {
            let h = req(c, obj)?;
            if axis.is_null() {
                return Err(PyErr::value_error("axis is NULL"));
            }
            if c.is_none(h) {
                *axis = RAVEL_AXIS;
                return Ok(());
            }
            let v = c.index_as_isize(h).map_err(|_| {
                c.err_clear();
                PyErr::type_error("an integer is required for the axis")
            })?;
            *axis = c_int::try_from(v).map_err(|_| {
                PyErr::new(
                    hpy::ExcType::OverflowError,
                    "Python int too large to convert to C int",
                )
            })?;
            Ok(())
        })
    }
}

unsafe extern "C" fn order_converter(
    ctx: *mut ffi::HPyContext,
    obj: ffi::HPy,
    order: *mut c_int,
) -> c_int {
    // SAFETY: see `array_type`; `order` is writable.
    unsafe {
        boundary(ctx, |c| {
            let h = req(c, obj)?;
            if order.is_null() {
                return Err(PyErr::value_error("order is NULL"));
            }
            // The package's `order=` converter (None leaves the default, as
            // in NumPy); its choices are C, F, A, K.
            const UNCHANGED: usize = usize::MAX;
            match argparse::py(crate::ndarray::ORDER.convert_or(c, Some(h), UNCHANGED))? {
                UNCHANGED => {}
                i => *order = [0, 1, -1, 2][i],
            }
            Ok(())
        })
    }
}

// ------------------------------------------------------------------ memory

unsafe extern "C" fn datamem_new(_ctx: *mut ffi::HPyContext, size: usize) -> *mut c_void {
    // SAFETY: plain allocation; a size of 0 gives a unique pointer.
    unsafe { libmimalloc_sys::mi_malloc(size.max(1)) }
}

unsafe extern "C" fn datamem_free(_ctx: *mut ffi::HPyContext, ptr: *mut c_void) -> c_int {
    // SAFETY: `ptr` is NULL or came from `datamem_new` (the contract).
    unsafe { libmimalloc_sys::mi_free(ptr) };
    0
}

// ------------------------------------------------------------------ ufuncs

/// NumPy's `_ufunc_doc_signature_formatter`: the first line of a ufunc's
/// `__doc__`.
fn ufunc_signature_line(name: &str, nin: usize, nout: usize) -> String {
    let ins = if nin == 1 {
        "x".to_owned()
    } else {
        (1..=nin)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let outs = match nout {
        0 => ", /, out=()".to_owned(),
        1 => ", /, out=None".to_owned(),
        _ => format!(
            "[, {}], / [, out=({})]",
            (1..=nout)
                .map(|i| format!("out{i}"))
                .collect::<Vec<_>>()
                .join(", "),
            vec!["None"; nout].join(", ")
        ),
    };
    format!(
        "{name}({ins}{outs}, *, where=True, casting='same_kind', order='K', dtype=None, subok=True[, signature])"
    )
}

/// A C string argument (NULL gives `default`).
///
/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn c_str(p: *const c_char, default: &str) -> String {
    if p.is_null() {
        return default.to_owned();
    }
    // SAFETY: the caller's guarantee.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// `HPyUFunc_FromFuncAndData`'s work.
///
/// # Safety
/// `func`, `data` (when not NULL) hold `ntypes` entries and `types`
/// `ntypes * (nin + nout)` type numbers; the loops and data stay valid for
/// the life of the process and compute what their types say.
#[allow(clippy::too_many_arguments)]
unsafe fn ufunc_from_loops<'c>(
    c: Ctx<'c>,
    func: *const capsule::UFuncLoop,
    data: *const *mut c_void,
    types: *const c_char,
    ntypes: c_int,
    nin: c_int,
    nout: c_int,
    identity: c_int,
    name: *const c_char,
    doc: *const c_char,
) -> PyResult<Handle<'c>> {
    use numpy_pure::ufunc::{ExternLoop, Identity, Loop, LoopTable, UfuncDef, extern_kernel};
    let count = |n: c_int, what: &str, lo: usize, hi: usize| {
        usize::try_from(n)
            .ok()
            .filter(|n| (lo..=hi).contains(n))
            .ok_or_else(|| {
                PyErr::value_error(format!("{what} must be within [{lo}, {hi}], got {n}"))
            })
    };
    let (nin, nout) = (count(nin, "nin", 1, 16)?, count(nout, "nout", 1, 16)?);
    let ntypes = count(ntypes, "ntypes", 1, 1024)?;
    if func.is_null() || types.is_null() {
        return Err(PyErr::value_error(
            "HPyUFunc_FromFuncAndData: func or types is NULL",
        ));
    }
    let identity = match identity {
        0 => Identity::Zero,
        1 => Identity::One,
        2 => Identity::MinusOne,
        -1 | -2 => Identity::None,
        _ => {
            return Err(PyErr::value_error(format!(
                "unknown ufunc identity {identity}"
            )));
        }
    };
    // SAFETY: the caller's guarantee.
    let (name, doc) = unsafe { (c_str(name, "?"), c_str(doc, "")) };
    let nargs = nin + nout;
    let mut loops = Vec::with_capacity(ntypes);
    let mut sigs: Vec<&'static str> = Vec::with_capacity(ntypes);
    for i in 0..ntypes {
        // SAFETY: `func` holds `ntypes` entries.
        let Some(f) = (unsafe { *func.add(i) }) else {
            return Err(PyErr::value_error(format!(
                "HPyUFunc_FromFuncAndData: loop {i} is NULL"
            )));
        };
        let d = if data.is_null() {
            core::ptr::null_mut()
        } else {
            // SAFETY: `data`, when not NULL, holds `ntypes` entries.
            unsafe { *data.add(i) }
        };
        let mut dts = Vec::with_capacity(nargs);
        for k in 0..nargs {
            // SAFETY: `types` holds `ntypes * nargs` type numbers.
            let num = unsafe { *types.add(i * nargs + k) } as u8;
            dts.push(DType::from_num(num).ok_or_else(|| {
                PyErr::value_error(format!("numpy_hpy has no dtype of type number {num}"))
            })?);
        }
        let chars: String = dts[..nin].iter().map(|d| d.char()).collect();
        let outc: String = dts[nin..].iter().map(|d| d.char()).collect();
        sigs.push(Box::leak(format!("{chars}->{outc}").into_boxed_str()));
        // The C loop's `char **` and our `*mut *mut u8` are the same pointers.
        // SAFETY: identical ABI (pointer-sized arguments of the same meaning).
        let f = unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(*mut *mut c_char, *const isize, *const isize, *mut c_void),
                unsafe extern "C" fn(*mut *mut u8, *const isize, *const isize, *mut c_void),
            >(f)
        };
        loops.push(Loop {
            types: dts.into_boxed_slice(),
            kernel: extern_kernel,
            ext: Some(ExternLoop { func: f, data: d }),
        });
    }
    // Ufunc definitions live as long as the process, as NumPy's do.
    let def: &'static UfuncDef = Box::leak(Box::new(UfuncDef {
        name: Box::leak(name.clone().into_boxed_str()),
        nin: nin as u8,
        nout: nout as u8,
        identity,
        types: Box::leak(sigs.into_boxed_slice()),
        signature_line: Box::leak(ufunc_signature_line(&name, nin, nout).into_boxed_str()),
        summary: Box::leak(doc.into_boxed_str()),
    }));
    let table = LoopTable::of_loops(def, loops, true);
    crate::ufunc::UFUNC_SPEC.instance(c, crate::ufunc::UfuncData { table })
}

unsafe extern "C" fn ufunc_from_func_and_data(
    ctx: *mut ffi::HPyContext,
    func: *const capsule::UFuncLoop,
    data: *const *mut c_void,
    types: *const c_char,
    ntypes: c_int,
    nin: c_int,
    nout: c_int,
    identity: c_int,
    name: *const c_char,
    doc: *const c_char,
) -> ffi::HPy {
    // SAFETY: see `array_type` and `ufunc_from_loops`.
    unsafe {
        boundary(ctx, |c| {
            ufunc_from_loops(c, func, data, types, ntypes, nin, nout, identity, name, doc)
        })
    }
}

unsafe extern "C" fn ufunc_get_by_name(ctx: *mut ffi::HPyContext, name: *const c_char) -> ffi::HPy {
    // SAFETY: see `array_type`; `name` is NUL-terminated.
    unsafe {
        boundary(ctx, |c| {
            if name.is_null() {
                return Err(PyErr::value_error("HPyUFunc_GetByName: name is NULL"));
            }
            let u = package(c, CStr::from_ptr(name))?;
            if !crate::ufunc::UFUNC_SPEC.is_instance(c, &u)? {
                return Err(PyErr::type_error(format!(
                    "numpy_hpy.{} is not a ufunc",
                    CStr::from_ptr(name).to_string_lossy()
                )));
            }
            Ok(u)
        })
    }
}

unsafe extern "C" fn ufunc_call(
    ctx: *mut ffi::HPyContext,
    ufunc: ffi::HPy,
    args: *const ffi::HPy,
    nargs: usize,
    kwnames: ffi::HPy,
) -> ffi::HPy {
    // SAFETY: see `array_type`; `args` holds `nargs` handles plus one per
    // keyword name.
    unsafe {
        boundary(ctx, |c| {
            let u = req(c, ufunc)?;
            if !crate::ufunc::UFUNC_SPEC.is_instance(c, u)? {
                return Err(PyErr::type_error("HPyUFunc_Call: not a ufunc"));
            }
            let kw = arg(c, kwnames);
            let nkw = match kw {
                Some(k) => c.len(k)?,
                None => 0,
            };
            let total = nargs + nkw;
            if total > 0 && args.is_null() {
                return Err(PyErr::value_error("HPyUFunc_Call: args is NULL"));
            }
            let all: Vec<Borrowed<'_, '_>> = (0..total)
                .map(|i| req(c, *args.add(i)))
                .collect::<PyResult<_>>()?;
            c.call_kw(u, &all, nargs, kw)
        })
    }
}

// -------------------------------------------------------------- iteration

mod iter;

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn npyiter_multi_new(
    ctx: *mut ffi::HPyContext,
    nop: c_int,
    op: *const ffi::HPy,
    flags: u32,
    order: c_int,
    casting: c_int,
    op_flags: *const u32,
    op_dtypes: *const ffi::HPy,
) -> *mut capsule::HNpyIter {
    // SAFETY: see `array_type`; the arrays hold `nop` entries.
    unsafe {
        boundary(ctx, |c| {
            iter::multi_new(c, nop, op, flags, order, casting, op_flags, op_dtypes)
                .map(|it| Ret(it.cast::<c_void>()))
        })
    }
    .cast()
}

unsafe extern "C" fn npyiter_iternext(it: *mut capsule::HNpyIter) -> c_int {
    // SAFETY: the caller passes the iterator it got from `HNpyIter_MultiNew`.
    unsafe { iter::iternext(it.cast()) }
}

unsafe extern "C" fn npyiter_get_iternext(
    ctx: *mut ffi::HPyContext,
    it: *mut capsule::HNpyIter,
    errmsg: *mut *mut c_char,
) -> capsule::IterNextFunc {
    if !errmsg.is_null() {
        // SAFETY: a writable `char *` of the caller.
        unsafe { *errmsg = core::ptr::null_mut() };
    }
    // SAFETY: see `array_type`.
    let ok = unsafe { boundary(ctx, |_| iter::parts(it.cast()).map(|_| Ret(0))) };
    if ok == 0 {
        Some(npyiter_iternext)
    } else {
        None
    }
}

unsafe extern "C" fn npyiter_dataptrs(
    ctx: *mut ffi::HPyContext,
    it: *mut capsule::HNpyIter,
) -> *mut *mut c_char {
    // SAFETY: see `array_type`; `it` is the caller's live iterator.
    unsafe {
        boundary(ctx, |_| {
            Ok(Ret(iter::parts(it.cast())?.dataptrs().cast::<c_void>()))
        })
    }
    .cast()
}

unsafe extern "C" fn npyiter_inner_strides(
    ctx: *mut ffi::HPyContext,
    it: *mut capsule::HNpyIter,
) -> *mut isize {
    // SAFETY: see `npyiter_dataptrs`.
    unsafe { boundary(ctx, |_| Ok(Ret(iter::parts(it.cast())?.inner_strides()))) }
}

unsafe extern "C" fn npyiter_inner_size(
    ctx: *mut ffi::HPyContext,
    it: *mut capsule::HNpyIter,
) -> *mut isize {
    // SAFETY: see `npyiter_dataptrs`.
    unsafe { boundary(ctx, |_| Ok(Ret(iter::parts(it.cast())?.inner_size()))) }
}

unsafe extern "C" fn npyiter_operand(
    ctx: *mut ffi::HPyContext,
    it: *mut capsule::HNpyIter,
    i: c_int,
) -> ffi::HPy {
    // SAFETY: see `npyiter_dataptrs`.
    unsafe { boundary(ctx, |c| iter::parts(it.cast())?.operand(c, i)) }
}

unsafe extern "C" fn npyiter_deallocate(
    ctx: *mut ffi::HPyContext,
    it: *mut capsule::HNpyIter,
) -> c_int {
    // SAFETY: see `npyiter_dataptrs`; the caller gives the iterator up.
    unsafe {
        boundary(ctx, |c| {
            iter::parts(it.cast())?;
            iter::deallocate(c, it.cast());
            Ok(())
        })
    }
}

/// The table, in the core's memory for as long as the core is loaded.
static API: ArrayApi = ArrayApi {
    header: Header {
        struct_size: core::mem::size_of::<ArrayApi>(),
        abi_major: capsule::ABI_MAJOR,
        api_minor: capsule::API_MINOR,
        reserved: [0; 4],
    },
    HPyArray_Type: array_type,
    HPyArrayDescr_Type: descr_type,
    HPyArray_Check: check,
    HPyArray_CheckExact: check_exact,
    HPyArray_DescrCheck: descr_check,
    HPyArray_IsAnyScalar: is_any_scalar,
    HPyArray_GetInfo: get_info,
    HPyArray_NDIM: ndim,
    HPyArray_DIMS: dims,
    HPyArray_STRIDES: strides,
    HPyArray_DATA: data,
    HPyArray_SIZE: size,
    HPyArray_ITEMSIZE: itemsize,
    HPyArray_TYPE: type_num,
    HPyArray_DESCR: descr,
    HPyArray_FLAGS: flags,
    HPyArray_BASE: base,
    HPyArray_SetBaseObject: set_base_object,
    HPyArray_EnableFlags: enable_flags,
    HPyArray_ClearFlags: clear_flags,
    HPyArray_DescrFromType: descr_from_type,
    HPyArray_DescrConverter: descr_converter,
    HPyArray_EquivTypes: equiv_types,
    HPyArray_CanCastTypeTo: can_cast_type_to,
    HPyArray_PromoteTypes: promote_types,
    HPyArray_ResultType: result_type,
    HPyArray_NewFromDescr: new_from_descr,
    HPyArray_SimpleNew: simple_new,
    HPyArray_SimpleNewFromData: simple_new_from_data,
    HPyArray_SimpleNewFromDataAndFree: simple_new_from_data_and_free,
    HPyArray_Zeros: zeros,
    HPyArray_Empty: empty,
    HPyArray_NewLikeArray: new_like_array,
    HPyArray_NewCopy: new_copy,
    HPyArray_Return: return_,
    HPyArray_FromAny: from_any_c,
    HPyArray_FromObject: from_object,
    HPyArray_EnsureArray: ensure_array,
    HPyArray_CastToType: cast_to_type,
    HPyArray_CopyInto: copy_into,
    HPyArray_FailUnlessWriteable: fail_unless_writeable,
    HPyArray_Newshape: newshape,
    HPyArray_Transpose: transpose,
    HPyArray_Ravel: ravel,
    HPyArray_View: view,
    HPyArray_IntpConverter: intp_converter,
    HPyArray_AxisConverter: axis_converter,
    HPyArray_OrderConverter: order_converter,
    HPyDataMem_NEW: datamem_new,
    HPyDataMem_FREE: datamem_free,
    HPyUFunc_FromFuncAndData: ufunc_from_func_and_data,
    HPyUFunc_GetByName: ufunc_get_by_name,
    HPyUFunc_Call: ufunc_call,
    HNpyIter_MultiNew: npyiter_multi_new,
    HNpyIter_GetIterNext: npyiter_get_iternext,
    HNpyIter_GetDataPtrArray: npyiter_dataptrs,
    HNpyIter_GetInnerStrideArray: npyiter_inner_strides,
    HNpyIter_GetInnerLoopSizePtr: npyiter_inner_size,
    HNpyIter_GetOperand: npyiter_operand,
    HNpyIter_Deallocate: npyiter_deallocate,
};

/// Publishes the table as `_core._HPY_ARRAY_API` (module exec).
pub(crate) fn publish<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    // SAFETY: `API` is a static: valid for as long as the core is loaded,
    // which outlives every capsule and every caller that read its pointer.
    // The table is never written through the pointer (C callers get it as
    // `const HPyArray_API_t *`).
    let cap = unsafe {
        Capsule::new_static(
            ctx,
            (&raw const API).cast_mut().cast(),
            capsule::CAPSULE_NAME,
        )
    }?;
    ctx.setattr_s(module, c"_HPY_ARRAY_API", &cap)
}
