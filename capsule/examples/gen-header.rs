//! Writes python/numpy_hpy/include/numpy_hpy/hpy_arrayobject.h from the
//! table in src/lib.rs (the test `the_committed_header_is_the_generated_one`
//! fails until it is rerun after a change).

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../python/numpy_hpy/include/numpy_hpy/hpy_arrayobject.h");
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("the include folder");
    std::fs::write(&path, capsule::c_header()).expect("the header");
    println!("wrote {}", path.display());
}
