//! DLPack: `a.__dlpack__()`, `a.__dlpack_device__()` and `from_dlpack(x)`
//! (the legacy, unversioned `"dltensor"` capsule, which NumPy accepts).
//!
//! Keeping an exported array alive: the consumer calls our deleter when done,
//! without the interpreter's context (HPy gives none there) and possibly on
//! another thread, so each export holds an `hpy::DetachedRef` to the array,
//! which the deleter releases at once (taking the interpreter lock).

use crate::errors::py_err;
use core::ffi::{CStr, c_char, c_void};
use hpy::CallArgs;
use hpy::{Borrowed, Capsule, Ctx, DetachedRef, Handle, PyErr, PyResult};

use super::object::{ARRAY_SPEC, ArrayData, array_data};
use crate::array::Layout;
use crate::dtype::DType;

#[repr(C)]
#[derive(Clone, Copy)]
struct DLDevice {
    device_type: i32,
    device_id: i32,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct DLDataType {
    code: u8,
    bits: u8,
    lanes: u16,
}

#[repr(C)]
struct DLTensor {
    data: *mut c_void,
    device: DLDevice,
    ndim: i32,
    dtype: DLDataType,
    shape: *mut i64,
    strides: *mut i64,
    byte_offset: u64,
}

/// `DLManagedTensor` (dlpack.h, ABI of DLPack < 1.0).
#[repr(C)]
pub struct DLManagedTensor {
    dl_tensor: DLTensor,
    manager_ctx: *mut c_void,
    deleter: Option<unsafe extern "C" fn(*mut DLManagedTensor)>,
}

const KDL_CPU: i32 = 1;

/// One export: the tensor first (its address is the export's), then what it
/// points into.
#[repr(C)]
struct Export {
    managed: DLManagedTensor,
    shape: Vec<i64>,
    strides: Vec<i64>,
    /// The exported array (it owns, or keeps alive, the memory).
    _array: DetachedRef,
}

/// The consumer is done: free the export, releasing the array.
unsafe extern "C" fn deleter(m: *mut DLManagedTensor) {
    if m.is_null() {
        return;
    }
    // SAFETY: `m` is the first field of a boxed `Export` made by `m_dlpack`
    // (`repr(C)`), handed out once; the consumer calls the deleter once.
    drop(unsafe { Box::from_raw(m.cast::<Export>()) });
}

/// A capsule nobody consumed (still named "dltensor") owns its export.
unsafe extern "C" fn capsule_destructor(
    name: *const c_char,
    pointer: *mut c_void,
    _context: *mut c_void,
) {
    // SAFETY: HPy passes the capsule's current NUL-terminated name.
    let unused = !name.is_null() && unsafe { CStr::from_ptr(name) } == c"dltensor";
    if unused {
        // SAFETY: an unconsumed "dltensor" capsule still owns its export.
        unsafe { deleter(pointer.cast()) };
    }
}

hpy::capsule_destructor!(static DESTRUCTOR = capsule_destructor);

fn dl_dtype(d: DType) -> DLDataType {
    let code = if d == DType::Bool {
        6
    } else if d.is_signed_int() {
        0
    } else if d.is_unsigned() {
        1
    } else if d.is_float() {
        2
    } else {
        5
    };
    DLDataType {
        code,
        bits: (d.itemsize() * 8) as u8,
        lanes: 1,
    }
}

fn from_dl_dtype(t: DLDataType) -> Option<DType> {
    if t.lanes != 1 {
        return None;
    }
    DType::ALL.iter().copied().find(|d| {
        let ours = dl_dtype(*d);
        ours.code == t.code && ours.bits == t.bits
    })
}

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'numpy_hpy.ndarray' object"))
}

/// `a.__dlpack__(*, stream=None, max_version=None, dl_device=None, copy=None)`.
fn m_dlpack<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    _args: CallArgs<'c>,
    n: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    if n > 0 {
        return Err(PyErr::type_error(
            "__dlpack__() takes no positional arguments",
        ));
    }
    // stream, max_version, dl_device, copy
    let mut given: [Option<Borrowed<'_, 'c>>; 4] = [None; 4];
    if let Some(kw) = kw {
        for i in 0..ctx.len(kw)? {
            let name = ctx.str_to_string(&ctx.get_item_i(kw, i as isize)?)?;
            let slot = match name.as_str() {
                "stream" => 0,
                "max_version" => 1,
                "dl_device" => 2,
                "copy" => 3,
                _ => {
                    return Err(PyErr::type_error(format!(
                        "__dlpack__() got an unexpected keyword argument '{name}'"
                    )));
                }
            };
            given[slot] = Some(_args[n + i]);
        }
    }
    let [stream, max_version, dl_device, copy] = given.map(|h| h.filter(|h| !ctx.is_none(*h)));
    // Checked in NumPy's order: the converters of dl_device and copy, then
    // max_version, then stream.
    if let Some(d) = dl_device {
        check_dl_device(ctx, d)?;
    }
    let copy = super::shape_ops::copy_mode(ctx, copy)?;
    if let Some(v) = max_version {
        // Only the major version matters (we export unversioned tensors,
        // which the protocol allows whatever the consumer's maximum).
        if !ctx.is_tuple(v) || ctx.len(v)? != 2 {
            return Err(PyErr::type_error(
                "max_version must be None or a tuple with two elements.",
            ));
        }
        c_long(ctx, &ctx.get_item_i(v, 0)?)?;
    }
    if stream.is_some() {
        return Err(PyErr::value_error("NumPy only supports stream=None."));
    }
    let mut source = ctx.dup(slf);
    if copy == Some(true) {
        let a = this(ctx, slf)?;
        source = super::methods::copy_as(ctx, a, a.dtype, false)?;
    }
    let a = this(ctx, source.borrow())?;
    if !a.writeable.get() {
        return Err(PyErr::new(
            hpy::ExcType::BufferError,
            "Cannot export readonly array since signalling readonly is unsupported by DLPack.",
        ));
    }
    let layout = a.layout();
    let itemsize = a.dtype.itemsize() as isize;
    if layout.strides().iter().any(|s| s % itemsize != 0) {
        return Err(PyErr::new(
            hpy::ExcType::BufferError,
            "DLPack only supports strides which are a multiple of itemsize.",
        ));
    }
    let mut export = Box::new(Export {
        managed: DLManagedTensor {
            dl_tensor: DLTensor {
                // (Wrapping: an empty array's offset may point anywhere; never read.)
                data: a.base_ptr().wrapping_offset(layout.offset()).cast(),
                device: DLDevice {
                    device_type: KDL_CPU,
                    device_id: 0,
                },
                ndim: layout.ndim() as i32,
                dtype: dl_dtype(a.dtype),
                shape: core::ptr::null_mut(),
                strides: core::ptr::null_mut(),
                byte_offset: 0,
            },
            manager_ctx: core::ptr::null_mut(),
            deleter: Some(deleter),
        },
        shape: layout.shape().iter().map(|&v| v as i64).collect(),
        strides: layout
            .strides()
            .iter()
            .map(|&s| (s / itemsize) as i64)
            .collect(),
        _array: ctx.detached_ref(&source)?,
    });
    export.managed.dl_tensor.shape = export.shape.as_mut_ptr();
    export.managed.dl_tensor.strides = export.strides.as_mut_ptr();
    drop(layout);
    let ptr = Box::into_raw(export);
    // SAFETY: `ptr` is a live boxed export; only used to fill its own field.
    unsafe { (*ptr).managed.manager_ctx = ptr.cast() };
    // SAFETY: the capsule owns the export until a consumer renames it and
    // takes over (calling `deleter`), or its destructor frees it.
    unsafe { Capsule::new_with(ctx, ptr.cast(), c"dltensor", &DESTRUCTOR) }
}

/// CPython's `PyLong_AsLong`: `__index__` (a float's TypeError worded as
/// CPython's on every runtime), with its OverflowError message (HPy words
/// it "int too big to convert").
fn c_long<'c>(ctx: Ctx<'c>, h: &Handle<'c>) -> PyResult<i64> {
    ctx.index_as_isize(h).map(|v| v as i64).map_err(|e| {
        e.restore(ctx);
        if ctx.err_matches(ctx.constant(|t| t.h_OverflowError)) {
            ctx.err_clear();
            return PyErr::new(
                hpy::ExcType::OverflowError,
                "Python int too large to convert to C long",
            );
        }
        PyErr::fetched()
    })
}

/// NumPy's `dl_device=` converter: a `(device_type, device_id)` tuple of
/// ints naming the CPU (the only device our arrays live on).
fn check_dl_device<'c>(ctx: Ctx<'c>, d: Borrowed<'_, 'c>) -> PyResult<()> {
    if !ctx.is_tuple(d) {
        return Err(PyErr::type_error("dl_device must be a tuple"));
    }
    if ctx.len(d)? != 2 {
        return Err(PyErr::type_error(format!(
            "function takes exactly 2 arguments ({} given)",
            ctx.len(d)?
        )));
    }
    let kind = c_long(ctx, &ctx.get_item_i(d, 0)?)?;
    let id = c_long(ctx, &ctx.get_item_i(d, 1)?)?;
    if kind != i64::from(KDL_CPU) || id != 0 {
        return Err(PyErr::new(
            hpy::ExcType::BufferError,
            "unsupported device requested",
        ));
    }
    Ok(())
}

fn m_dlpack_device<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    this(ctx, slf)?;
    let t = ctx.long_from_i64(i64::from(KDL_CPU))?;
    let z = ctx.long_from_i64(0)?;
    ctx.tuple(&[t.borrow(), z.borrow()])
}

/// What an imported tensor's memory hangs on: the producer's deleter runs
/// when the array that views it is destroyed.
pub struct Imported(*mut DLManagedTensor);

impl Drop for Imported {
    fn drop(&mut self) {
        // SAFETY: we took the tensor over from its capsule (renamed to
        // "used_dltensor") and call its deleter once, as DLPack requires.
        unsafe {
            if let Some(d) = (*self.0).deleter {
                d(self.0);
            }
        }
    }
}

/// The pointer of a capsule named `name` (`None`: not such a capsule).
/// PyPy 7.3.19's HPy capsule functions misread capsules made by C extensions
/// through cpyext (NumPy's; a double free follows), so there the runtime's
/// own C functions read them.
fn read_capsule<'c>(ctx: Ctx<'c>, cap: &Handle<'c>, name: &CStr) -> PyResult<Option<*mut c_void>> {
    if ctx.capabilities().c_capsules_need_c_api {
        return ctx.c_capsule_pointer(cap, name);
    }
    if !Capsule::is_valid(ctx, cap, name) {
        return Ok(None);
    }
    Capsule::get_pointer(ctx, cap, name).map(Some)
}

fn rename_capsule<'c>(ctx: Ctx<'c>, cap: &Handle<'c>, name: &'static CStr) -> PyResult<()> {
    if ctx.capabilities().c_capsules_need_c_api {
        return ctx.c_capsule_set_name(cap, name);
    }
    Capsule::set_name(ctx, cap, name)
}

/// `from_dlpack(x, /, *, device=None, copy=None)`.
fn from_dlpack<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    x: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let method = ctx.getattr_s(x, c"__dlpack__")?;
    let cap = ctx.call(&method, &[])?;
    let not_a_capsule =
        || PyErr::type_error("from_dlpack: __dlpack__ did not return a 'dltensor' capsule");
    let m = read_capsule(ctx, &cap, c"dltensor")?
        .ok_or_else(not_a_capsule)?
        .cast::<DLManagedTensor>();
    // SAFETY: a valid "dltensor" capsule holds a live DLManagedTensor.
    let t = unsafe { &(*m).dl_tensor };
    if t.device.device_type != KDL_CPU {
        return Err(PyErr::new(
            hpy::ExcType::BufferError,
            "Unsupported device in DLTensor.",
        ));
    }
    let dtype = from_dl_dtype(t.dtype)
        .ok_or_else(|| PyErr::new(hpy::ExcType::BufferError, "Unsupported dtype in DLTensor."))?;
    let ndim = usize::try_from(t.ndim).unwrap_or(0);
    // SAFETY: DLPack: `shape` holds `ndim` entries, `strides` too or is null.
    let (shape, strides) = unsafe {
        let shape: Vec<usize> = (0..ndim).map(|i| *t.shape.add(i) as usize).collect();
        let strides: Option<Vec<isize>> = (!t.strides.is_null()).then(|| {
            (0..ndim)
                .map(|i| *t.strides.add(i) as isize * dtype.itemsize() as isize)
                .collect()
        });
        (shape, strides)
    };
    let layout = match strides {
        Some(s) => Layout::new(shape, s, 0),
        None => Layout::c_order(&shape, dtype.itemsize()),
    }
    .map_err(py_err)?;
    // The producer's memory starts at data + byte_offset (checked not to
    // wrap around, and not NULL under elements, before we take it over).
    let addr = (t.data as usize)
        .checked_add(t.byte_offset as usize)
        .ok_or_else(|| py_err(crate::array::layout::LayoutError::OutOfBounds))?;
    let (memory, layout) = super::object::Memory::described(addr, &layout, dtype.itemsize())?;
    let mut data = ArrayData::new(dtype, layout, memory, None, true)?;
    // Take the tensor over (the consumer's duty: rename the capsule, call
    // the deleter when done). Should the rename not take, the capsule still
    // runs the deleter when it dies: then the array keeps the capsule alive
    // as its `base` instead of owning the deleter.
    rename_capsule(ctx, &cap, c"used_dltensor")?;
    let owned = read_capsule(ctx, &cap, c"used_dltensor")?.is_some();
    data.owner = owned.then_some(super::object::Owner::DLPack(Imported(m)));
    let arr = ARRAY_SPEC.instance(ctx, data)?;
    if !owned {
        let a = this(ctx, arr.borrow())?;
        a.base.store(ctx, &arr, &cap);
    }
    // When owned, no `base`: this array owns the tensor (its views point
    // back to it, never to the spent capsule).
    Ok(arr)
}

hpy::meth!(pub static M_DLPACK: keywords = c"__dlpack__", m_dlpack);
hpy::meth!(pub static M_DLPACK_DEVICE: noargs = c"__dlpack_device__", m_dlpack_device);
hpy::meth!(static FROM_DLPACK: o = c"from_dlpack", from_dlpack,
    c"from_dlpack(x, /)\n--\n\nCreate an array from an object implementing the DLPack protocol (CPU memory).");

hpy::part!(
    /// What this file adds to the module.
    pub(super) static PART = {
        defines: [FROM_DLPACK],
    }
);
