//! `numpy_hpy._core`: the one HPy universal binary of `numpy_hpy`.
//!
//! Loaded unchanged by CPython (through the `hpy` package) and by PyPy/GraalPy
//! (built-in HPy). Product code uses only the safe `hpy` layer.

/// Every Rust allocation of the core (layout vectors, index lists, ...) from
/// mimalloc: glibc's `malloc`/`free` pair cost about 250 instructions per
/// small vector, several per array operation (measured with callgrind);
/// mimalloc's size classes take a fraction of that. (Array memory itself is
/// allocated in `array::buffer`.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod descr;
pub mod errors;
mod module;
pub mod ndarray;
pub mod scalar_types;

// The pure crate's modules under their old paths: product code says
// `crate::array::Layout`, the same item as `numpy_pure::array::Layout`.
pub use numpy_pure::{array, cpu, dtype, scalar};
