//! `numpy_hpy.ndarray`: the array object, its creation functions and its
//! conversions. The layout rules it follows are written once in
//! `crate::array::layout`.

mod attributes;
mod constructor;
mod creation;
pub mod dlpack;
mod flags;
mod foreign;
mod from_buffer_iter;
mod index;
mod join;
mod methods;
mod object;
mod ranges;
mod reductions;
pub mod shape_ops;

pub use creation::ORDER;
pub(crate) use creation::as_array;
pub use index::array_error;
pub use methods::copy_as;
pub use methods::new_view;
pub use object::{ARRAY_SPEC, new_array};
pub(crate) use object::{
    ArrayData, Memory, Owner, array_data, array_memory, array_memory_for_overwrite, ints_tuple,
    memory_pressure,
};

/// The dtype of `h` when it is one of our arrays (`result_type` and
/// `can_cast` take arrays as operands, as NumPy's do).
pub fn dtype_of_array<'c>(
    ctx: hpy::Ctx<'c>,
    h: hpy::Borrowed<'_, 'c>,
) -> hpy::PyResult<Option<crate::dtype::DType>> {
    Ok(object::array_data(ctx, h)?.map(|a| a.dtype))
}

hpy::part!(
    /// What the array adds to the module: the `ndarray` type and its
    /// functions.
    pub static PART = {
        parts: [
            object::PART,
            constructor::PART,
            methods::PART,
            creation::PART,
            ranges::PART,
            from_buffer_iter::PART,
            join::PART,
            shape_ops::PART,
            dlpack::PART,
            reductions::PART,
        ],
    }
);
