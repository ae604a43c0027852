//! DESIGN.md's module-state rule, checked over every Rust source of the
//! workspace: no `static mut`, and no lazily-initialised or mutable global
//! (which could hold Python objects or caches outside the module state).
//! Python objects belong in `hpy::Global`s, everything else in the one
//! `hpy::ModuleState` value. A static that must be mutable for another reason
//! (a fact about the runtime, like HPy's own `_ctx_for_trampolines`) carries a
//! `module-state: allowed (<why>)` comment on the line above it.

use std::path::{Path, PathBuf};

/// What may not appear in a source line.
const FORBIDDEN: &[&str] = &[
    "static mut ",
    "thread_local!",
    "lazy_static!",
    "OnceLock",
    "OnceCell",
    "LazyLock",
    "LazyCell",
    "once_cell::",
];

/// Interior-mutable types a `static` may not have without justification.
const MUTABLE_STATIC_TYPES: &[&str] = &["Atomic", "Mutex", "RwLock", "Cell<", "UnsafeCell"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !matches!(name, "target" | ".git" | ".cache" | "include") && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") && name != "bindings.rs" {
            out.push(path);
        }
    }
}

fn violations(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let allowed = i > 0 && lines[i - 1].contains("module-state: allowed (");
        if FORBIDDEN.iter().any(|f| code.contains(f)) && !allowed {
            found.push((i + 1, line.trim().to_owned()));
            continue;
        }
        let is_static = code.trim_start().starts_with("static ")
            || code.trim_start().starts_with("pub static ")
            || code.trim_start().starts_with("pub(crate) static ");
        if is_static && MUTABLE_STATIC_TYPES.iter().any(|t| code.contains(t)) && !allowed {
            found.push((i + 1, line.trim().to_owned()));
        }
    }
    found
}

#[test]
fn scanner_catches_violations() {
    assert_eq!(violations("static mut X: i32 = 0;").len(), 1);
    assert_eq!(
        violations("static C: OnceLock<Py> = OnceLock::new();").len(),
        1
    );
    assert_eq!(
        violations("pub static N: AtomicUsize = AtomicUsize::new(0);").len(),
        1
    );
    assert!(
        violations(
            "// module-state: allowed (runtime fact)\nstatic N: AtomicUsize = AtomicUsize::new(0);"
        )
        .is_empty()
    );
    assert!(violations("pub static G: Global = Global::new();").is_empty());
    assert!(violations("// static mut in a comment").is_empty());
}

#[test]
fn no_global_mutable_state_outside_module_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let mut files = Vec::new();
    rust_files(root, &mut files);
    assert!(
        files.len() > 5,
        "found too few sources under {}",
        root.display()
    );
    let mut report = String::new();
    for f in &files {
        // This file names the forbidden patterns itself.
        if f.ends_with("module_state_rules.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("read source");
        for (line, code) in violations(&text) {
            report.push_str(&format!("{}:{line}: {code}\n", f.display()));
        }
    }
    assert!(
        report.is_empty(),
        "global mutable state outside the module state:\n{report}"
    );
}
