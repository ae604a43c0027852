//! Misuse of the safe layer that must not compile (PyO3's `tests/ui`): each
//! `tests/ui/*.rs` fails to build with the error committed beside it.

#[test]
#[cfg_attr(miri, ignore = "runs rustc")]
fn misuse_does_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
