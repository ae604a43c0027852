//! Exporting memory through the buffer protocol (`bf_getbuffer`).

use core::ffi::{CStr, c_void};

use hpy_sys as ffi;

use crate::ctx::Ctx;
use crate::err::{ExcType, PyErr, PyResult};
use crate::handle::Borrowed;

/// `PyBUF_WRITABLE`: the consumer wants to write.
pub const PYBUF_WRITABLE: i32 = 0x0001;
/// `PyBUF_FORMAT`: the consumer wants the format string.
pub const PYBUF_FORMAT: i32 = 0x0004;
/// `PyBUF_ND`: the consumer wants the shape.
pub const PYBUF_ND: i32 = 0x0008;
/// `PyBUF_STRIDES`: the consumer accepts strides.
pub const PYBUF_STRIDES: i32 = 0x0010 | PYBUF_ND;

/// Shape and strides owned by an exported view, freed by [`release`].
struct Dims {
    shape: Box<[isize]>,
    strides: Box<[isize]>,
}

/// PyPy 7.3.19's HPy copies `shape`/`strides` out of the view as soon as
/// `bf_getbuffer` returns, and later hands `bf_releasebuffer` a fresh
/// `HPy_buffer` with only `buf`, `len` and `ndim` set (`internal` is stack
/// garbage: freeing it crashed the suite now and then). There the dims of
/// the latest export live here until the next export replaces them, and
/// `release` reads nothing from the view.
// module-state: allowed (PyPy only: the dims of the latest export, which the runtime has already copied)
static PYPY_LAST_DIMS: std::sync::Mutex<Option<Box<Dims>>> = std::sync::Mutex::new(None);

/// What an exporter describes.
pub struct Export<'a> {
    /// Start of the memory.
    pub buf: *mut c_void,
    /// Bytes covered by the view.
    pub len: usize,
    /// Size of one item.
    pub itemsize: usize,
    /// Whether consumers may write.
    pub readonly: bool,
    /// The struct-module format of one item.
    pub format: &'static CStr,
    /// Shape in items.
    pub shape: &'a [isize],
    /// Strides in bytes.
    pub strides: &'a [isize],
}

/// Fills `view` for `owner` (which the view keeps alive through `view.obj`),
/// honouring the consumer's `flags` as CPython's `PyBuffer_FillInfo` does.
pub fn fill<'c>(
    ctx: Ctx<'c>,
    owner: Borrowed<'_, 'c>,
    view: &mut ffi::HPy_buffer,
    flags: i32,
    e: &Export<'_>,
) -> PyResult<()> {
    if flags & PYBUF_WRITABLE != 0 && e.readonly {
        return Err(PyErr::new(ExcType::BufferError, "Object is not writable."));
    }
    let dims = Box::new(Dims {
        shape: e.shape.into(),
        strides: e.strides.into(),
    });
    view.buf = e.buf;
    view.len = e.len as isize;
    view.itemsize = e.itemsize as isize;
    view.readonly = i32::from(e.readonly);
    view.ndim = e.shape.len() as i32;
    view.format = if flags & PYBUF_FORMAT != 0 {
        e.format.as_ptr().cast_mut()
    } else {
        core::ptr::null_mut()
    };
    view.shape = if flags & PYBUF_ND != 0 {
        dims.shape.as_ptr().cast_mut()
    } else {
        core::ptr::null_mut()
    };
    view.strides = if flags & PYBUF_STRIDES == PYBUF_STRIDES {
        dims.strides.as_ptr().cast_mut()
    } else {
        core::ptr::null_mut()
    };
    view.suboffsets = core::ptr::null_mut();
    view.obj = ctx.dup(owner).into_raw();
    if ctx.capabilities().releasebuffer_view_blank {
        view.internal = core::ptr::null_mut();
        // The previous export's dims were copied when its getbuffer returned.
        if let Ok(mut last) = PYPY_LAST_DIMS.lock() {
            *last = Some(dims);
        }
    } else {
        view.internal = Box::into_raw(dims).cast();
    }
    Ok(())
}

/// Frees what [`fill`] allocated (the runtime closes `view.obj` itself).
pub fn release(ctx: Ctx<'_>, view: &mut ffi::HPy_buffer) {
    if ctx.capabilities().releasebuffer_view_blank {
        return; // see `PYPY_LAST_DIMS`: nothing in this view is ours
    }
    if !view.internal.is_null() {
        // SAFETY: `internal` is only ever set by `fill`, from `Box::into_raw`,
        // and cleared here, so it is freed once.
        drop(unsafe { Box::from_raw(view.internal.cast::<Dims>()) });
        view.internal = core::ptr::null_mut();
    }
}
