//! The Python face of the dtypes: `numpy_hpy.dtype`, the `numpy_hpy.dtypes.*DType`
//! classes (instances of the heap metaclass `_DTypeMeta`, as in NumPy 2), the
//! singleton dtype instances, and the conversion of "dtype-like" objects.
//!
//! Every type object and instance is kept in an `HPyGlobal` (type specs own
//! theirs; the 13 singletons are [`INSTANCES`]).

mod convert;
mod functions;
mod types;

pub use convert::{dtype_from_object, dtype_instance};
pub use functions::CASTING;
pub use types::{CONCRETE, DTYPE_SPEC, INSTANCES, META_SPEC};

hpy::part!(
    /// What the dtypes add to the module.
    pub static PART = {
        parts: [types::PART, functions::PART],
    }
);
