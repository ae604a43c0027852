//! Shared helpers of the criterion benches in `benches/benches/` (see
//! `benches/CRITERION.md`): deterministic data and arrays ([`data`]), safe
//! wrappers over numpy-pure's `unsafe` loops, iterator, reductions and sorts
//! ([`run`]), STREAM's kernels ([`stream`]), and a synthetic HPy context for
//! the argument parser ([`fake_hpy`]).

pub mod data;
pub mod fake_hpy;
pub mod run;
pub mod stream;

/// Rust allocations come from mimalloc, as in `numpy_hpy._core` (numpy-core's
/// global allocator): the iterator's and the reductions' per-call vectors
/// then cost what they cost in the extension, not glibc's `malloc`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
