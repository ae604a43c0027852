//! `numpy_hpy.ndarray`: the array object, its creation functions and its
//! conversions. The layout rules it follows are written once in
//! `crate::array::layout`.

mod construct;
mod creation;
pub mod dlpack;
mod flags;
mod foreign;
mod index;
mod join;
mod methods;
mod more_creation;
mod object;
pub mod shape_ops;

pub use construct::{NDARRAY_SIG, NDARRAY_SIG_GLOBALS};
pub use creation::{GLOBALS as CREATION_GLOBALS, ORDER, SIGNATURES};
pub use index::array_error;
pub use join::{
    ARRAY_SPLIT, COLUMN_STACK, CONCATENATE, DSTACK, GLOBALS as JOIN_GLOBALS, HSTACK, REPEAT, ROLL,
    SIGNATURES as JOIN_SIGNATURES, SPLIT, STACK, TILE, VSTACK,
};
pub use methods::{ASTYPE_GLOBALS, ASTYPE_SIGS, new_view};
pub use more_creation::{
    ARANGE, EYE, FROMBUFFER, FROMITER, GLOBALS as MORE_CREATION_GLOBALS, IDENTITY, LINSPACE,
    SIGNATURES as MORE_CREATION_SIGNATURES,
};
pub use object::{ARRAY_SPEC, FLAGS_TYPE, new_array, set_flags_type};

hpy::meth!(pub static EMPTY: keywords = c"empty", creation::empty,
    c"empty(shape, dtype=float, order='C')\n--\n\nReturn a new array of given shape and type, without initializing entries.");
hpy::meth!(pub static ZEROS: keywords = c"zeros", creation::zeros,
    c"zeros(shape, dtype=float, order='C')\n--\n\nReturn a new array of given shape and type, filled with zeros.");
hpy::meth!(pub static ONES: keywords = c"ones", creation::ones,
    c"ones(shape, dtype=None, order='C')\n--\n\nReturn a new array of given shape and type, filled with ones.");
hpy::meth!(pub static FULL: keywords = c"full", creation::full,
    c"full(shape, fill_value, dtype=None, order='C')\n--\n\nReturn a new array of given shape and type, filled with fill_value.");
hpy::meth!(pub static ARRAY: keywords = c"array", creation::array,
    c"array(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0)\n--\n\nCreate an array.");
hpy::meth!(pub static ASARRAY: keywords = c"asarray", creation::asarray,
    c"asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None)\n--\n\nConvert the input to an array.");
hpy::meth!(pub static SET_FLAGS_TYPE: o = c"_set_flags_type", set_flags_type);

/// The dtype of `h` when it is one of our arrays (`result_type` and
/// `can_cast` take arrays as operands, as NumPy's do).
pub fn dtype_of_array<'c>(
    ctx: hpy::Ctx<'c>,
    h: hpy::Borrowed<'_, 'c>,
) -> hpy::PyResult<Option<crate::dtype::DType>> {
    Ok(object::array_data(ctx, h)?.map(|a| a.dtype))
}

/// The type specs of this module, for the module definition.
pub static SPECS: [&hpy::AnyTypeSpec; 1] = [ARRAY_SPEC.any()];

/// Creates `ndarray` and adds it to the module.
pub fn init<'c>(ctx: hpy::Ctx<'c>, module: hpy::Borrowed<'_, 'c>) -> hpy::PyResult<()> {
    let ty = ARRAY_SPEC.create(ctx, None, None)?;
    ctx.setattr_s(module, c"ndarray", &ty)
}
