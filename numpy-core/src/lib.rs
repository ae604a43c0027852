//! `numpy_hpy._core`: the one HPy universal binary of `numpy_hpy`.
//!
//! Loaded unchanged by CPython (through the `hpy` package) and by PyPy/GraalPy
//! (built-in HPy). Product code uses only the safe `hpy` layer.

/// Every Rust allocation of the core (layout vectors, index lists, ...) from
/// mimalloc: glibc's `malloc`/`free` pair cost about 250 instructions per
/// small vector, several per array operation (measured with callgrind);
/// mimalloc's size classes take a fraction of that. (Array memory itself is
/// allocated in `array::buffer`.) Blocks of 64 MiB or more are mapped on
/// their own instead (`array::buffer::mapped`): mimalloc's memory is
/// `MAP_NORESERVE`, so an impossible request (a `Vec` sized by the user)
/// would succeed and then take every page of the machine, where a reserved
/// mapping is refused at once and becomes NumPy's MemoryError.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

struct Allocator;

#[cfg(all(target_os = "linux", not(miri)))]
// SAFETY: every block is allocated and freed by the same allocator, chosen
// by `mapped::wants` of its layout (the layout a block is freed or
// reallocated with is the one it was allocated with, GlobalAlloc's contract).
unsafe impl core::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        if mapped::wants(layout) {
            return mapped::map(layout.size());
        }
        // SAFETY: (caller) a layout of non-zero size.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: core::alloc::Layout) -> *mut u8 {
        if mapped::wants(layout) {
            // Mappings are zero-filled.
            return mapped::map(layout.size());
        }
        // SAFETY: (caller) a layout of non-zero size.
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: core::alloc::Layout) {
        if mapped::wants(layout) {
            // SAFETY: (caller) allocated by `alloc`/`realloc` with this
            // layout, so mapped, and not used any more.
            unsafe { mapped::unmap(ptr, layout.size()) };
        } else {
            // SAFETY: (caller) allocated by mimalloc with this layout.
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        }
    }

    unsafe fn realloc(
        &self,
        ptr: *mut u8,
        layout: core::alloc::Layout,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: (caller) `new_size`, rounded to the alignment, fits isize.
        let new =
            unsafe { core::alloc::Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (mapped::wants(layout), mapped::wants(new)) {
            // SAFETY: (caller) a mapped block of `layout.size()` bytes.
            (true, true) => unsafe { mapped::remap(ptr, layout.size(), new_size) },
            // SAFETY: (caller) a mimalloc block of this layout.
            (false, false) => unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) },
            _ => {
                // SAFETY: a layout of non-zero size (`new_size` > 0, caller).
                let q = unsafe { self.alloc(new) };
                if !q.is_null() {
                    // SAFETY: both blocks hold at least the smaller size and
                    // are distinct; the old one is freed once, after.
                    unsafe {
                        core::ptr::copy_nonoverlapping(ptr, q, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                }
                q
            }
        }
    }
}

#[cfg(not(all(target_os = "linux", not(miri))))]
// SAFETY: mimalloc's allocator, forwarded call for call.
unsafe impl core::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded (caller's contract).
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: core::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded (caller's contract).
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: core::alloc::Layout) {
        // SAFETY: forwarded (caller's contract).
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(
        &self,
        ptr: *mut u8,
        layout: core::alloc::Layout,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: forwarded (caller's contract).
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[cfg(all(target_os = "linux", not(miri)))]
use numpy_pure::array::buffer::mapped;

mod capi;
pub mod descr;
pub mod errors;
mod module;
pub mod ndarray;
pub mod scalar_types;
pub mod ufunc;

// The pure crate's modules under their old paths: product code says
// `crate::array::Layout`, the same item as `numpy_pure::array::Layout`.
pub use numpy_pure::{array, cpu, dtype, scalar};
