//! The `ndarray(shape, dtype, buffer, offset, strides, order)` constructor:
//! a new array, or a view of a buffer checked against its size.

use crate::errors::py_err;
use argparse::{Param, Signature, convert};
use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::attributes::{shape_arg, this};
use super::object::{array_data, new_array};
use crate::array::Layout;
use crate::array::layout::LayoutError;
use crate::descr::dtype_from_object;
use crate::dtype::DType;

static SIG_NDARRAY: Signature<6> = Signature::new(
    "ndarray",
    [
        Param::either(c"shape"),
        Param::either(c"dtype").optional(),
        Param::either(c"buffer").optional(),
        Param::either(c"offset").optional(),
        Param::either(c"strides").optional(),
        Param::either(c"order").optional(),
    ],
)
.pyarg_style();

hpy::part!(
    /// What this file adds to the module: the constructor's signature.
    pub(super) static PART = {
        globals: [SIG_NDARRAY.globals()],
    }
);

/// `ndarray(shape, dtype=float, buffer=None, offset=0, strides=None, order=None)`.
fn nd_new<'c>(
    ctx: Ctx<'c>,
    _ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    SIG_NDARRAY.parse_dict(ctx, args, kw, |a| {
        let shape = argparse::py(convert::shape(ctx, a.get(0).expect("required")))?;
        let dtype = match convert::optional(ctx, a.get(1)) {
            Some(d) => dtype_from_object(ctx, d)?,
            None => DType::Float64,
        };
        let itemsize = dtype.itemsize();
        let fortran = argparse::py(super::creation::ORDER.convert_or(ctx, a.get(5), 0))? == 1;
        let offset = match convert::optional(ctx, a.get(3)) {
            Some(o) => ctx.index_as_isize(o)?,
            None => 0,
        };
        // The byte count first (`c_order`/`f_order` check it: NumPy's
        // "array is too big"), then the layout's own checks, then its
        // extent against the memory.
        let ordered = if fortran {
            Layout::f_order(&shape, itemsize)
        } else {
            Layout::c_order(&shape, itemsize)
        }
        .map_err(py_err)?;
        let (shape, mut strides, _) = ordered.into_parts();
        let strided = match convert::optional(ctx, a.get(4)) {
            Some(s) => {
                let s = shape_arg(ctx, s)?;
                if s.len() != shape.len() {
                    return Err(py_err(LayoutError::Rank));
                }
                strides = s;
                true
            }
            None => false,
        };
        let incompatible = || py_err(LayoutError::OutOfBounds);
        let buffer = a.dup_for(ctx, 2).filter(|h| !ctx.is_none(h));
        let Some(buffer) = buffer else {
            // NumPy allocates the shape's bytes; given strides must stay
            // inside them.
            let layout = Layout::new(shape, strides, 0).map_err(|_| incompatible())?;
            let buf = super::object::array_memory(layout.shape(), dtype)?;
            return new_array(ctx, dtype, layout, buf).map_err(|_| incompatible());
        };
        if offset < 0 {
            // (NumPy accepts a negative offset and reads before the buffer.)
            return Err(PyErr::value_error(
                "offset must be non-negative and no greater than buffer length",
            ));
        }
        // Our own arrays lend their memory (a view); other buffers are
        // viewed through the buffer protocol (copied only where the exporter
        // could move its memory: see `foreign::buffer_bytes`).
        let (owner, owner_len) = match array_data(ctx, buffer.borrow())? {
            Some(b) if b.layout().is_c_contiguous(b.dtype.itemsize()) => {
                let bl = b.layout();
                (
                    ctx.dup(&buffer),
                    (bl.size() * b.dtype.itemsize()) as isize + bl.offset(),
                )
            }
            Some(b) if !b.layout().is_f_contiguous(b.dtype.itemsize()) => {
                return Err(PyErr::value_error("ndarray is not contiguous"));
            }
            _ => {
                let bytes = super::foreign::buffer_bytes(ctx, buffer.borrow(), true)?;
                let n = this(ctx, bytes.borrow())?.layout().size();
                (bytes, n as isize)
            }
        };
        let base_offset = this(ctx, owner.borrow())?.layout().offset();
        if offset > owner_len - base_offset {
            return Err(PyErr::value_error(
                "offset must be non-negative and no greater than buffer length",
            ));
        }
        let too_small = || {
            if strided {
                incompatible()
            } else {
                PyErr::type_error("buffer is too small for requested array")
            }
        };
        let layout = Layout::new(shape, strides, base_offset + offset).map_err(|_| too_small())?;
        let (lo, hi) = layout.byte_extent(itemsize);
        if layout.size() > 0 && (lo < base_offset || hi > owner_len) {
            return Err(too_small());
        }
        super::methods::view_as(ctx, owner.borrow(), layout, dtype)
    })
}

hpy::slot!(pub static ND_NEW: newfunc = HPy_tp_new, nd_new, of: super::object::ARRAY_SPEC);
