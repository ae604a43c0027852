//! Shared helpers of the criterion benches in `benches/benches/` (see
//! `benches/CRITERION.md`): deterministic data, operand descriptions for
//! numpy-pure's loops and iterator, and a synthetic HPy context for the
//! argument parser.

pub mod data;
pub mod fake_hpy;
pub mod run;
pub mod stream;
