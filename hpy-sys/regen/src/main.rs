//! `cargo run -p hpy-sys-regen`: rewrite `hpy-sys/src/bindings.rs`.

fn main() {
    if !hpy_sys_regen::libclang_available() {
        eprintln!("libclang is not installed (Debian: apt-get install libclang-dev)");
        std::process::exit(2);
    }
    let text = hpy_sys_regen::generate().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let path = hpy_sys_regen::bindings_path();
    std::fs::write(&path, text).expect("write bindings.rs");
    // rustfmt keeps the committed file readable; the test formats the same way.
    let status = std::process::Command::new("rustfmt")
        .args(["--edition", "2024"])
        .arg(&path)
        .status()
        .expect("run rustfmt");
    assert!(status.success(), "rustfmt failed");
    println!("wrote {}", path.display());
}
