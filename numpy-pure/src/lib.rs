//! The pure core of `numpy_hpy`: everything about arrays that needs no Python.
//!
//! No `hpy` dependency, so unit tests, Miri and criterion benches reach all of
//! it without an interpreter. The `numpy_hpy._core` extension (`numpy-core`)
//! parses arguments, calls into this crate and wraps the results.
//!
//! - [`dtype`]: NumPy's built-in data types as plain values (facts, parsing,
//!   promotion, casting, limits);
//! - [`scalar`]: scalar values, their math, casts and reprs;
//! - [`array`]: the array layout and its invariants, memory, indexing plans,
//!   shape algorithms, broadcasting, printing;
//! - [`ufunc`]: the ufuncs' definitions, typed inner loops, loop selection
//!   and the broadcasting iterator;
//! - [`cpu`]: run-time CPU feature detection.

pub mod array;
pub mod cpu;
pub mod dtype;
pub mod error;
pub mod scalar;
pub mod sort;
pub mod stats;
pub mod ufunc;
