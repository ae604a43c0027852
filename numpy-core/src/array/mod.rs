//! The n-dimensional array: layout rules, and (in submodules) the pure
//! algorithms the `ndarray` type is built from.

pub mod layout;

pub use layout::{Layout, MAXDIMS};
