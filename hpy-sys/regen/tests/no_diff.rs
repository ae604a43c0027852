//! Regenerating the bindings must give exactly the committed `bindings.rs`.
//!
//! This is what keeps `hpy-sys` from drifting away from the vendored headers
//! (PyO3#2411, HPy's `check_autogen`): edit a header or the bindgen options and
//! this test fails until `hpy-sys/regen.sh` is run and the result committed.

#[test]
fn committed_bindings_match_regenerated() {
    if !hpy_sys_regen::libclang_available() {
        eprintln!("SKIPPED: libclang not installed (apt-get install libclang-dev)");
        return;
    }
    let fresh = hpy_sys_regen::generate_formatted().unwrap_or_else(|e| panic!("{e}"));
    // A pipeline whose output depends on hash order or the clock would make
    // this test flaky; two runs in one process must agree byte for byte.
    let again = hpy_sys_regen::generate_formatted().unwrap_or_else(|e| panic!("{e}"));
    assert!(fresh == again, "regeneration is not deterministic");

    let path = hpy_sys_regen::bindings_path();
    let committed = std::fs::read_to_string(&path).expect("read committed bindings.rs");
    if fresh == committed {
        return;
    }
    // Leave the fresh copy where `diff` can reach it, and point at the first change.
    let fresh_path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bindings.rs");
    std::fs::write(&fresh_path, &fresh).expect("write regenerated bindings");
    let (old, new): (Vec<_>, Vec<_>) = (committed.lines().collect(), fresh.lines().collect());
    let first = (0..old.len().max(new.len()))
        .find(|&i| old.get(i) != new.get(i))
        .unwrap_or(0);
    panic!(
        "{} is out of date with the headers / bindgen options.\n\
         first difference at line {}:\n  committed:   {}\n  regenerated: {}\n\
         ({} vs {} lines; full diff: diff -u {} {})\n\
         run hpy-sys/regen.sh and commit the result",
        path.display(),
        first + 1,
        old.get(first).unwrap_or(&"<end of file>"),
        new.get(first).unwrap_or(&"<end of file>"),
        old.len(),
        new.len(),
        path.display(),
        fresh_path.display(),
    );
}
