//! `numpy_hpy._core`: the one HPy universal binary of `numpy_hpy`.
//!
//! Loaded unchanged by CPython (through the `hpy` package) and by PyPy/GraalPy
//! (built-in HPy). Product code uses only the safe `hpy` layer.

pub mod array;
pub mod cpu;
pub mod descr;
pub mod dtype;
mod module;
pub mod ndarray;
pub mod scalar;
pub mod scalar_types;
pub mod testing;
