//! The n-dimensional array: layout rules, and (in submodules) the pure
//! algorithms the `ndarray` type is built from.

pub mod broadcast;
pub mod buffer;
pub mod element;
pub mod index;
pub mod layout;
pub mod print;
pub mod shape;

pub use buffer::Buffer;
pub use layout::{Layout, MAXDIMS};
