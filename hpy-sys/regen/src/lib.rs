//! Regeneration of `hpy-sys/src/bindings.rs` from the vendored HPy 0.9.0 headers.
//!
//! `cargo run -p hpy-sys-regen` (or `hpy-sys/regen.sh`) rewrites the committed
//! file; the test in `tests/no_diff.rs` runs the same [`generate_formatted`] and
//! fails on any difference, so the committed bindings can never drift from the
//! headers (PyO3#2411).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `hpy-sys` crate directory.
pub fn hpy_sys_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("regen lives inside hpy-sys")
        .to_path_buf()
}

/// Whether libclang can be loaded on this machine.
///
/// bindgen's `runtime` feature panics ("Unable to find libclang") instead of
/// returning an error, so the probe catches that panic with a silent hook.
pub fn libclang_available() -> bool {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let version = std::panic::catch_unwind(bindgen::clang_version);
    std::panic::set_hook(hook);
    version.is_ok_and(|v| v.parsed.is_some())
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

/// The whole pipeline: bindgen, then `rustfmt --edition 2024`, as committed.
///
/// main.rs and the no-diff test both call this, so they cannot disagree on
/// how the file is produced.
pub fn generate_formatted() -> Result<String, String> {
    rustfmt(&generate()?)
}

/// Formats Rust source through `rustfmt --edition 2024` on stdin/stdout.
///
/// rustfmt runs from the `hpy-sys` directory so it sees the same
/// `rustfmt.toml` (if any) wherever `cargo` was invoked from.
pub fn rustfmt(source: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .current_dir(hpy_sys_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt (rustup component add rustfmt): {e}"))?;
    // Feed stdin from a thread: rustfmt may fill its stdout pipe before it has
    // read all of a 100 kB input, and a single-threaded write would deadlock.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    writer
        .join()
        .expect("rustfmt stdin writer panicked")
        .map_err(|e| format!("writing to rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt output is not UTF-8: {e}"))
}

/// Where the committed bindings live.
pub fn bindings_path() -> PathBuf {
    hpy_sys_dir().join("src").join("bindings.rs")
}
