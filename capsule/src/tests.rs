extern crate std;

use alloc::format;
use alloc::string::String;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::header::{Fields, HEADER_FIELDS, INFO_FIELDS};
use crate::{ArrayApi, Header, Info, SLOTS, c_header};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where the wheel ships the header (numpy_hpy.get_include() + this).
fn committed_header() -> PathBuf {
    root().join("python/numpy_hpy/include/numpy_hpy/hpy_arrayobject.h")
}

#[test]
fn the_committed_header_is_the_generated_one() {
    let committed = std::fs::read_to_string(committed_header()).unwrap_or_default();
    assert!(
        committed == c_header(),
        "python/numpy_hpy/include/numpy_hpy/hpy_arrayobject.h is stale: run `cargo run -p capsule --example gen-header`"
    );
}

#[test]
fn slots_are_pointers_in_order_after_the_header() {
    let w = core::mem::size_of::<usize>();
    assert_eq!(SLOTS[0].offset, core::mem::size_of::<Header>());
    for (i, s) in SLOTS.iter().enumerate() {
        assert_eq!(
            s.offset,
            core::mem::size_of::<Header>() + i * w,
            "{}",
            s.name
        );
    }
    assert_eq!(
        core::mem::size_of::<ArrayApi>(),
        core::mem::size_of::<Header>() + SLOTS.len() * w
    );
}

/// A C file asserting, for the C compiler, every offset and size the Rust
/// side has.
fn layout_checks() -> String {
    let mut c = String::from("#include \"numpy_hpy/hpy_arrayobject.h\"\n");
    let mut check = |ty: &str, fields: Fields, size: usize| {
        for (_, field, off, size) in fields {
            let f = field.split('[').next().unwrap_or(field);
            c += &format!("_Static_assert(offsetof({ty}, {f}) == {off}, \"{ty}.{f}\");\n");
            c += &format!(
                "_Static_assert(sizeof((({ty} *)0)->{f}) == {size}, \"sizeof {ty}.{f}\");\n"
            );
        }
        c += &format!("_Static_assert(sizeof({ty}) == {size}, \"sizeof {ty}\");\n");
    };
    check(
        "HPyArray_API_Header",
        HEADER_FIELDS,
        core::mem::size_of::<Header>(),
    );
    check("HPyArray_Info", INFO_FIELDS, core::mem::size_of::<Info>());
    for s in SLOTS {
        c += &format!(
            "_Static_assert(offsetof(HPyArray_API_t, {0}) == {1}, \"slot {0}\");\n",
            s.name, s.offset
        );
    }
    c += &format!(
        "_Static_assert(sizeof(HPyArray_API_t) == {}, \"sizeof the table\");\n",
        core::mem::size_of::<ArrayApi>()
    );
    c += "_Static_assert(sizeof(HPy_ssize_t) == sizeof(void *), \"HPy_ssize_t\");\n";
    c
}

/// Compiles `source` against `header` and HPy's headers (hpy-sys/include):
/// the compiler's verdict and its messages.
fn compile(header: &str, source: &str, tag: &str) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("numpy-hpy-capsule-{}-{tag}", std::process::id()));
    let inc = dir.join("numpy_hpy");
    std::fs::create_dir_all(&inc).unwrap();
    std::fs::write(inc.join("hpy_arrayobject.h"), header).unwrap();
    std::fs::write(dir.join("check.c"), source).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| String::from("cc"));
    let out = Command::new(cc)
        .args([
            "-std=gnu11",
            "-Wall",
            "-Werror",
            "-fsyntax-only",
            "-DHPY_ABI_UNIVERSAL",
        ])
        .arg(format!("-I{}", dir.display()))
        .arg(format!("-I{}", root().join("hpy-sys/include").display()))
        .arg(dir.join("check.c"))
        .output()
        .expect("a C compiler (cc, or $CC) is needed to check the header");
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_c_compiler_agrees_with_the_rust_table() {
    let (ok, err) = compile(&c_header(), &layout_checks(), "ok");
    assert!(ok, "{err}");
}

#[test]
fn a_header_out_of_step_with_the_table_fails_to_compile() {
    // Two slots of the same type swapped: only the offsets tell.
    let h = c_header();
    let a = "    int (*HPyArray_NDIM)(HPyContext *ctx, HPy arr);\n";
    let b = "    int (*HPyArray_TYPE)(HPyContext *ctx, HPy arr);\n";
    assert!(h.contains(a) && h.contains(b));
    let swapped = h.replace(a, "@A@").replace(b, a).replace("@A@", b);
    let (ok, err) = compile(&swapped, &layout_checks(), "swapped");
    assert!(!ok, "a swapped header compiled");
    assert!(err.contains("slot HPyArray_NDIM"), "{err}");
    // A field of the info struct narrowed.
    let narrowed = h.replace("    HPy_ssize_t itemsize;", "    int itemsize;");
    let (ok, err) = compile(&narrowed, &layout_checks(), "narrowed");
    assert!(!ok && err.contains("HPyArray_Info"), "{err}");
}
