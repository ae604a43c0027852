//! Build script of the `_testing` extension. Without features it does nothing.
//!
//! With `bench-hpyarg` it compiles HPy's own argument parser
//! (`benches/hpyarg/argparse.c`, vendored from the hpy 0.9.0 wheel) against the
//! vendored HPy headers in universal mode, so that `_testing.hpyarg_*` can time
//! `HPyArg_ParseKeywords` against our parser (benches/python/bench_argparse.py).
//! The product never contains it.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "bench-hpyarg")]
    hpyarg();
}

#[cfg(feature = "bench-hpyarg")]
fn hpyarg() {
    use std::path::PathBuf;

    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest
        .parent()
        .expect("hpy-testing sits in the workspace root");
    let source = root.join("benches/hpyarg/argparse.c");
    let include = root.join("hpy-sys/include");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed={}", include.display());
    cc::Build::new()
        .file(&source)
        .include(&include)
        .define("HPY_ABI_UNIVERSAL", None)
        // HPy's code as shipped: its warnings are not ours to fix.
        .warnings(false)
        .compile("hpyarg");
}
