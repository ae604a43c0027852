//! `cargo run -p hpy-sys-regen`: rewrite `hpy-sys/src/bindings.rs`.

fn main() {
    if !hpy_sys_regen::libclang_available() {
        eprintln!("libclang is not installed (Debian: apt-get install libclang-dev)");
        std::process::exit(2);
    }
    let text = hpy_sys_regen::generate_formatted().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let path = hpy_sys_regen::bindings_path();
    std::fs::write(&path, text).expect("write bindings.rs");
    println!("wrote {}", path.display());
}
