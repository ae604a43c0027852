//! Regeneration of `hpy-sys/src/bindings.rs` from the vendored HPy 0.9.0 headers.
//!
//! `cargo run -p hpy-sys-regen` rewrites the committed file; the test in
//! `tests/no_diff.rs` regenerates into memory and fails on any difference, so the
//! committed bindings can never drift from the headers (PyO3#2411).

use std::path::{Path, PathBuf};

/// The `hpy-sys` crate directory.
pub fn hpy_sys_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("regen lives inside hpy-sys")
        .to_path_buf()
}

/// Whether libclang can be loaded on this machine.
pub fn libclang_available() -> bool {
    bindgen::clang_version().parsed.is_some()
}

/// Runs bindgen over `wrapper.h` and returns the bindings as text.
pub fn generate() -> Result<String, String> {
    let dir = hpy_sys_dir();
    let include = dir.join("include");
    let bindings = bindgen::Builder::default()
        .header(dir.join("wrapper.h").to_string_lossy())
        .clang_arg(format!("-I{}", include.display()))
        .clang_arg("--target=x86_64-unknown-linux-gnu")
        // Only what HPy declares; libc's own types come from `core::ffi`.
        .allowlist_file(".*/include/hpy[/.].*")
        .allowlist_type("cpy_.*")
        .use_core()
        .layout_tests(true)
        .derive_default(true)
        .derive_debug(true)
        .prepend_enum_name(false)
        .default_enum_style(bindgen::EnumVariation::Consts)
        .generate_comments(false)
        .formatter(bindgen::Formatter::None)
        .generate()
        .map_err(|e| format!("bindgen failed: {e}"))?;
    Ok(bindings.to_string())
}

/// Where the committed bindings live.
pub fn bindings_path() -> PathBuf {
    hpy_sys_dir().join("src").join("bindings.rs")
}
