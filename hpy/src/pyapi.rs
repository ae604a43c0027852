//! The few things HPy 0.9's universal ABI cannot do, done through the
//! interpreter's own C API (HPy's "hybrid" route: `HPy_AsPyObject`, then the
//! runtime's exported C functions, found by name at run time).
//!
//! HPy 0.9 has no buffer *consumer* (`PyObject_GetBuffer`), and on PyPy
//! 7.3.19 its capsule functions misread capsules made by C extensions. Both
//! are needed to view foreign memory without a copy (`memoryview`, `bytes`,
//! DLPack capsules). CPython exports `PyObject_GetBuffer` & co. from the
//! executable or libpython; PyPy's cpyext exports them as `PyPyObject_...`
//! from libpypy-c. Nothing here links against either: one binary still loads
//! on every runtime, and a runtime without the symbols gets a clear error.

use core::ffi::{CStr, c_char, c_int, c_void};

use crate::ctx::Ctx;
use crate::err::{ExcType, PyErr, PyResult};
use crate::handle::{AsHandle, Handle};

type GetBuffer = unsafe extern "C" fn(*mut c_void, *mut c_void, c_int) -> c_int;
type Release = unsafe extern "C" fn(*mut c_void);
type DecRef = unsafe extern "C" fn(*mut c_void);
type ErrClear = unsafe extern "C" fn();
type CapsuleIsValid = unsafe extern "C" fn(*mut c_void, *const c_char) -> c_int;
type CapsuleGetPointer = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut c_void;
type CapsuleSetName = unsafe extern "C" fn(*mut c_void, *const c_char) -> c_int;
type FloatFromDouble = unsafe extern "C" fn(f64) -> *mut c_void;
type LongFromLongLong = unsafe extern "C" fn(i64) -> *mut c_void;
type LongAsLongLongAndOverflow = unsafe extern "C" fn(*mut c_void, *mut c_int) -> i64;
type GilEnsure = unsafe extern "C" fn() -> c_int;
type TypeGenericAlloc = unsafe extern "C" fn(*mut c_void, isize) -> *mut c_void;
type GilRelease = unsafe extern "C" fn(c_int);
type IsInitialized = unsafe extern "C" fn() -> c_int;

/// The runtime's C functions we call.
#[derive(Clone, Copy)]
struct Api {
    get_buffer: GetBuffer,
    release: Release,
    decref: DecRef,
    err_clear: ErrClear,
    capsule_is_valid: CapsuleIsValid,
    capsule_get_pointer: CapsuleGetPointer,
    capsule_set_name: CapsuleSetName,
    float_from_double: FloatFromDouble,
    long_from_longlong: LongFromLongLong,
    long_as_longlong: LongAsLongLongAndOverflow,
    gil_ensure: GilEnsure,
    gil_release: GilRelease,
    type_generic_alloc: TypeGenericAlloc,
    is_initialized: IsInitialized,
    /// `_Py_IsFinalizing` (CPython < 3.13, PyPy) or `Py_IsFinalizing`.
    is_finalizing: Option<IsInitialized>,
}

/// Looks `name` up among the loaded objects, PyPy's spelling first (CPython
/// has no `PyPy...` symbols; PyPy has no plain ones).
fn symbol(name: &str) -> Option<*mut c_void> {
    for prefixed in [name.replacen("Py", "PyPy", 1), name.to_owned()] {
        let c = std::ffi::CString::new(prefixed).ok()?;
        // SAFETY: `dlsym` with RTLD_DEFAULT reads the NUL-terminated name and
        // searches the global scope; it returns null when absent.
        let p = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c.as_ptr()) };
        if !p.is_null() {
            return Some(p);
        }
    }
    None
}

fn resolve() -> Option<Api> {
    // SAFETY: (each transmute) the symbol is the runtime's C function of that
    // name, whose C signature the matching type spells out.
    unsafe {
        Some(Api {
            get_buffer: core::mem::transmute::<*mut c_void, GetBuffer>(symbol(
                "PyObject_GetBuffer",
            )?),
            release: core::mem::transmute::<*mut c_void, Release>(symbol("PyBuffer_Release")?),
            decref: core::mem::transmute::<*mut c_void, DecRef>(symbol("Py_DecRef")?),
            err_clear: core::mem::transmute::<*mut c_void, ErrClear>(symbol("PyErr_Clear")?),
            capsule_is_valid: core::mem::transmute::<*mut c_void, CapsuleIsValid>(symbol(
                "PyCapsule_IsValid",
            )?),
            capsule_get_pointer: core::mem::transmute::<*mut c_void, CapsuleGetPointer>(symbol(
                "PyCapsule_GetPointer",
            )?),
            capsule_set_name: core::mem::transmute::<*mut c_void, CapsuleSetName>(symbol(
                "PyCapsule_SetName",
            )?),
            float_from_double: core::mem::transmute::<*mut c_void, FloatFromDouble>(symbol(
                "PyFloat_FromDouble",
            )?),
            long_from_longlong: core::mem::transmute::<*mut c_void, LongFromLongLong>(symbol(
                "PyLong_FromLongLong",
            )?),
            long_as_longlong: core::mem::transmute::<*mut c_void, LongAsLongLongAndOverflow>(
                symbol("PyLong_AsLongLongAndOverflow")?,
            ),
            gil_ensure: core::mem::transmute::<*mut c_void, GilEnsure>(symbol(
                "PyGILState_Ensure",
            )?),
            gil_release: core::mem::transmute::<*mut c_void, GilRelease>(symbol(
                "PyGILState_Release",
            )?),
            type_generic_alloc: core::mem::transmute::<*mut c_void, TypeGenericAlloc>(symbol(
                "PyType_GenericAlloc",
            )?),
            is_initialized: core::mem::transmute::<*mut c_void, IsInitialized>(symbol(
                "Py_IsInitialized",
            )?),
            is_finalizing: symbol("_Py_IsFinalizing")
                .or_else(|| symbol("Py_IsFinalizing"))
                .map(|p| core::mem::transmute::<*mut c_void, IsInitialized>(p)),
        })
    }
}

// module-state: allowed (addresses of the loaded runtime's C functions, fixed per process)
static API: std::sync::OnceLock<Option<Api>> = std::sync::OnceLock::new();

fn api() -> PyResult<Api> {
    API.get_or_init(resolve).ok_or_else(|| {
        PyErr::new(
            ExcType::SystemError,
            "numpy_hpy: this Python runtime does not export the C API functions it needs (PyObject_GetBuffer)",
        )
    })
}

/// An owned `PyObject*` of the object behind a handle (released on drop).
struct PyObj {
    ptr: *mut c_void,
    decref: DecRef,
}

impl Drop for PyObj {
    fn drop(&mut self) {
        // SAFETY: `ptr` is the new reference `HPy_AsPyObject` returned, given
        // back exactly once; the interpreter lock is held during our calls.
        unsafe { (self.decref)(self.ptr) }
    }
}

fn as_pyobject<'c>(ctx: Ctx<'c>, h: impl AsHandle<'c>, api: &Api) -> PyResult<PyObj> {
    let ptr = crate::ctx::api!(ctx, ctx_AsPyObject, h.raw()).cast::<c_void>();
    if ptr.is_null() {
        return Err(PyErr::fetched());
    }
    Ok(PyObj {
        ptr,
        decref: api.decref,
    })
}

/// A strong reference to a Python object that belongs to no HPy context, so
/// that code running without one (a C library's callback, such as a DLPack
/// deleter, on any thread) can give it back: dropping it takes the
/// interpreter lock, releases the reference and lets the lock go. HPy 0.9
/// has no context-free reference (`HPyGlobal`s need a context to load or
/// clear), hence the hybrid route.
pub struct DetachedRef {
    ptr: *mut c_void,
    api: Api,
}

impl Drop for DetachedRef {
    fn drop(&mut self) {
        // A C library may call its deleter at any time, also while or after
        // the interpreter shuts down, when taking its lock would crash or
        // hang the thread: then the reference is left to the dying
        // interpreter (leaked), as CPython's own C-API users must do.
        // SAFETY: both functions only read the runtime's state flags; they
        // are safe to call without the interpreter lock, at any time.
        let alive = unsafe {
            (self.api.is_initialized)() != 0 && self.api.is_finalizing.is_none_or(|f| f() == 0)
        };
        if !alive {
            return;
        }
        // SAFETY: `ptr` is the new reference `HPy_AsPyObject` returned, given
        // back exactly once, with the interpreter lock held: `PyGILState_Ensure`
        // takes it when this thread lacks it (and is a no-op otherwise).
        unsafe {
            let state = (self.api.gil_ensure)();
            (self.api.decref)(self.ptr);
            (self.api.gil_release)(state);
        }
    }
}

impl<'c> Ctx<'c> {
    /// A reference to `h`'s object that outlives this call and needs no
    /// context to be released (see [`DetachedRef`]).
    pub fn detached_ref(self, h: impl AsHandle<'c>) -> PyResult<DetachedRef> {
        let api = api()?;
        let object = as_pyobject(self, h, &api)?;
        let ptr = object.ptr;
        core::mem::forget(object);
        Ok(DetachedRef { ptr, api })
    }
}

/// `PyBUF_FULL_RO`: strides, suboffsets and format, read-only is fine.
const PYBUF_FULL_RO: c_int = 0x0100 | 0x0010 | 0x0008 | 0x0004;

/// Room for the runtime's `Py_buffer`: CPython's is 80 bytes; PyPy's carries
/// inline arrays after the common fields (a few hundred bytes).
const PY_BUFFER_ROOM: usize = 2048;

/// The common head of CPython's and PyPy's `Py_buffer`.
#[repr(C)]
struct BufferHead {
    buf: *mut c_void,
    obj: *mut c_void,
    len: isize,
    itemsize: isize,
    readonly: c_int,
    ndim: c_int,
    format: *const c_char,
    shape: *const isize,
    strides: *const isize,
    suboffsets: *const isize,
}

/// What a buffer exporter describes, copied out of its `Py_buffer`.
#[derive(Clone, Debug)]
pub struct BufferInfo {
    /// Start of the memory; NULL where the runtime's C API cannot be used
    /// to read it (`Capabilities::buffer_consumer_leaks`): then the memory
    /// is reached only through the memoryview, by Python-level copies.
    pub buf: *mut u8,
    /// Bytes covered.
    pub len: usize,
    /// Size of one item.
    pub itemsize: usize,
    /// Whether the memory may not be written.
    pub readonly: bool,
    /// The struct-module format of one item (`"B"` when the exporter gave none).
    pub format: String,
    /// Shape in items.
    pub shape: Vec<isize>,
    /// Strides in bytes.
    pub strides: Vec<isize>,
    /// Whether the exporter uses PIL-style indirection (`suboffsets`).
    pub indirect: bool,
}

impl<'c> Ctx<'c> {
    /// A memoryview's description from its Python attributes (`format`,
    /// `itemsize`, `shape`, `strides`, `readonly`, `nbytes`, `suboffsets`),
    /// without its address.
    fn describe_view(self, view: &Handle<'c>) -> PyResult<BufferInfo> {
        let ints = |name: &CStr| -> PyResult<Vec<isize>> {
            let t = self.getattr_s(view, name)?;
            (0..self.len(&t)?)
                .map(|i| self.index_as_isize(&self.get_item_i(&t, i as isize)?))
                .collect()
        };
        let format = self.getattr_s(view, c"format")?;
        let suboffsets = self.getattr_s(view, c"suboffsets")?;
        Ok(BufferInfo {
            buf: core::ptr::null_mut(),
            len: usize::try_from(self.index_as_isize(&self.getattr_s(view, c"nbytes")?)?)
                .unwrap_or(0),
            itemsize: usize::try_from(self.index_as_isize(&self.getattr_s(view, c"itemsize")?)?)
                .unwrap_or(1),
            readonly: self.is_true(&self.getattr_s(view, c"readonly")?)?,
            format: self.str_to_string(&format)?,
            shape: ints(c"shape")?,
            strides: ints(c"strides")?,
            indirect: self.len(&suboffsets)? > 0,
        })
    }

    /// `memoryview(obj)` and the description of the memory it exposes (the
    /// buffer-consumer half of the buffer protocol, which HPy 0.9 lacks).
    ///
    /// The memory at `buf` stays valid exactly as long as the returned
    /// memoryview lives and is not released: the view holds the exporter's
    /// buffer (`bytearray`/`array.array` refuse to resize meanwhile). Raises
    /// what `memoryview(obj)` raises for objects without a buffer.
    pub fn view_buffer(self, obj: impl AsHandle<'c>) -> PyResult<(Handle<'c>, BufferInfo)> {
        let builtins = self.import(c"builtins")?;
        let memoryview = self.getattr_s(&builtins, c"memoryview")?;
        let view = self.call(&memoryview, &[obj.as_borrowed()])?;
        if self.capabilities().buffer_consumer_leaks {
            let info = self.describe_view(&view)?;
            return Ok((view, info));
        }
        let api = api()?;
        let object = as_pyobject(self, &view, &api)?;
        let mut room = vec![0u64; PY_BUFFER_ROOM / 8];
        let raw = room.as_mut_ptr().cast::<c_void>();
        // SAFETY: `object` is a live memoryview (we hold it) and `raw` points
        // to zeroed, 8-aligned memory larger than any runtime's Py_buffer.
        if unsafe { (api.get_buffer)(object.ptr, raw, PYBUF_FULL_RO) } != 0 {
            // SAFETY: clears the runtime's pending C-API error, if any.
            unsafe { (api.err_clear)() };
            return Err(PyErr::new(
                ExcType::BufferError,
                "numpy_hpy: could not read the memoryview's buffer",
            ));
        }
        // SAFETY: the call succeeded, so the head of `room` is a filled
        // Py_buffer whose pointers are valid until it is released below.
        let info = unsafe {
            let head = &*raw.cast::<BufferHead>();
            let ndim = usize::try_from(head.ndim).unwrap_or(0);
            let copy = |p: *const isize| {
                if p.is_null() {
                    Vec::new()
                } else {
                    core::slice::from_raw_parts(p, ndim).to_vec()
                }
            };
            let itemsize = usize::try_from(head.itemsize).unwrap_or(1);
            let shape = if !head.shape.is_null() {
                copy(head.shape)
            } else if ndim == 0 {
                Vec::new()
            } else {
                vec![head.len / head.itemsize.max(1)]
            };
            let strides = if head.strides.is_null() {
                c_strides(&shape, itemsize)
            } else {
                copy(head.strides)
            };
            BufferInfo {
                buf: head.buf.cast::<u8>(),
                len: usize::try_from(head.len).unwrap_or(0),
                itemsize,
                readonly: head.readonly != 0,
                format: if head.format.is_null() {
                    "B".to_owned()
                } else {
                    CStr::from_ptr(head.format).to_string_lossy().into_owned()
                },
                shape,
                strides,
                indirect: !head.suboffsets.is_null(),
            }
        };
        // SAFETY: releases the export taken above, once; the memoryview keeps
        // its own export of the underlying object.
        unsafe { (api.release)(raw) };
        drop(object);
        Ok((view, info))
    }

    /// The pointer of a C-API capsule named `name`, read with the runtime's
    /// own `PyCapsule_GetPointer` (PyPy's HPy capsule functions misread
    /// capsules made by C extensions). `None` when `capsule` is not a valid
    /// capsule of that name.
    pub fn c_capsule_pointer(
        self,
        capsule: impl AsHandle<'c>,
        name: &CStr,
    ) -> PyResult<Option<*mut c_void>> {
        let api = api()?;
        let object = as_pyobject(self, capsule, &api)?;
        // SAFETY: `object` is a live object and `name` NUL-terminated;
        // PyCapsule_IsValid sets no error.
        if unsafe { (api.capsule_is_valid)(object.ptr, name.as_ptr()) } == 0 {
            return Ok(None);
        }
        // SAFETY: checked valid with this name just above.
        Ok(Some(unsafe {
            (api.capsule_get_pointer)(object.ptr, name.as_ptr())
        }))
    }

    /// Renames a C-API capsule with the runtime's own `PyCapsule_SetName`;
    /// `name` must outlive the capsule (a `'static` string).
    pub fn c_capsule_set_name(
        self,
        capsule: impl AsHandle<'c>,
        name: &'static CStr,
    ) -> PyResult<()> {
        let api = api()?;
        let object = as_pyobject(self, capsule, &api)?;
        // SAFETY: `object` is a live capsule (callers checked it with
        // `c_capsule_pointer`) and `name` lives forever.
        if unsafe { (api.capsule_set_name)(object.ptr, name.as_ptr()) } != 0 {
            // SAFETY: clears the runtime's pending C-API error.
            unsafe { (api.err_clear)() };
            return Err(PyErr::new(
                ExcType::ValueError,
                "could not rename the capsule",
            ));
        }
        Ok(())
    }
}

/// Row-major strides of `shape` for items of `itemsize` bytes.
fn c_strides(shape: &[isize], itemsize: usize) -> Vec<isize> {
    let mut strides = vec![0; shape.len()];
    let mut step = itemsize as isize;
    for (s, &n) in strides.iter_mut().zip(shape).rev() {
        *s = step;
        step *= n.max(1);
    }
    strides
}

/// Number constructors called directly where handles are tagged object
/// addresses (CPython's universal backend): `PyFloat_FromDouble` /
/// `PyLong_FromLongLong` give the object, its address plus the tag is the
/// handle. Saves the context's indirection on the hot paths of `tolist()`.
pub(crate) struct DirectNumbers {
    float_from_double: FloatFromDouble,
    long_from_longlong: LongFromLongLong,
    long_as_longlong: LongAsLongLongAndOverflow,
    type_generic_alloc: TypeGenericAlloc,
    tag: isize,
}

impl DirectNumbers {
    /// The direct constructors, when this runtime's handles allow them.
    #[inline]
    pub(crate) fn get(c: Ctx<'_>) -> Option<DirectNumbers> {
        let tag = crate::ctx::layout::object_tag(c)?;
        let api = API.get_or_init(resolve).as_ref()?;
        Some(DirectNumbers {
            float_from_double: api.float_from_double,
            long_from_longlong: api.long_from_longlong,
            long_as_longlong: api.long_as_longlong,
            type_generic_alloc: api.type_generic_alloc,
            tag,
        })
    }

    /// A handle of `p` (a new reference), or the pending error when null.
    #[inline]
    fn wrap<'c>(&self, c: Ctx<'c>, p: *mut c_void) -> PyResult<Handle<'c>> {
        if p.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: `p` is a new reference; on this backend its handle is the
        // address plus the verified tag, owned by the returned `Handle`.
        Ok(unsafe {
            Handle::from_raw(
                c,
                hpy_sys::HPy {
                    _i: p as isize + self.tag,
                },
            )
        })
    }

    /// `float(v)`.
    #[inline]
    pub(crate) fn float<'c>(&self, c: Ctx<'c>, v: f64) -> PyResult<Handle<'c>> {
        // SAFETY: the runtime's constructor; the interpreter lock is held.
        self.wrap(c, unsafe { (self.float_from_double)(v) })
    }

    /// The value of the exact `int` `h` when it fits an `i64` (no error is
    /// raised either way).
    #[inline]
    pub(crate) fn exact_int_value(&self, h: crate::Borrowed<'_, '_>) -> Option<i64> {
        let mut overflow: c_int = 0;
        let p = (crate::AsHandle::raw(h)._i - self.tag) as *mut c_void;
        // SAFETY: `h` is an exact int (the caller checked its type), so the
        // call neither fails nor runs Python code; an overflow is reported in
        // `overflow` only.
        let v = unsafe { (self.long_as_longlong)(p, &mut overflow) };
        (overflow == 0).then_some(v)
    }

    /// `int(v)`.
    #[inline]
    pub(crate) fn int<'c>(&self, c: Ctx<'c>, v: i64) -> PyResult<Handle<'c>> {
        // SAFETY: as above.
        self.wrap(c, unsafe { (self.long_from_longlong)(v) })
    }

    /// An instance of `ty`, a `float` subclass without data of its own
    /// (`Shape::Float`, no `tp_new` work beyond `float`'s), with value `v`:
    /// what `float.__new__(ty, v)` does (`tp_alloc`, then `ob_fval`),
    /// without calling the type.
    ///
    /// # Safety
    /// `ty` must be such a subclass, a heap type whose `tp_alloc` is
    /// `PyType_GenericAlloc` (every HPy type's is).
    #[inline]
    pub(crate) unsafe fn float_subtype<'c>(
        &self,
        c: Ctx<'c>,
        ty: crate::Borrowed<'_, 'c>,
        v: f64,
    ) -> PyResult<Handle<'c>> {
        let t = (crate::AsHandle::raw(ty)._i - self.tag) as *mut c_void;
        // SAFETY: `t` is the type object (handles are tagged addresses on
        // this backend); `PyType_GenericAlloc` zero-fills a new instance.
        let p = unsafe { (self.type_generic_alloc)(t, 0) };
        let h = self.wrap(c, p)?;
        // SAFETY: the new object has `float`'s layout (caller's guarantee),
        // verified once by `object_tag`: the double is its third word.
        unsafe {
            p.cast::<f64>()
                .add(crate::ctx::layout::FLOAT_VALUE_WORD)
                .write(v)
        };
        Ok(h)
    }
}
