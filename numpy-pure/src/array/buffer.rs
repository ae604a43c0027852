//! Owned, 64-byte aligned array memory.
//!
//! Allocated by mimalloc (`libmimalloc-sys`, its own heap, not the process's
//! `malloc`): glibc's `posix_memalign`, behind Rust's aligned `alloc`, split
//! and consolidated chunks on every small array (measured: about 1000
//! instructions per allocation, the largest part of `zeros(3)` and
//! `a.copy()`), where mimalloc serves aligned blocks from size classes.
//!
//! `NUMPY_HPY_SYSTEM_ALLOCATOR=1` (read once) takes Rust's system allocator
//! instead, so that valgrind, which sees mimalloc's pages as one mapped
//! block, checks every array buffer (tests/test_memory_safety.py sets it).

use core::ffi::c_void;
use std::alloc::{self, Layout as AllocLayout};
use std::ptr::NonNull;

/// Alignment of every allocation: a cache line, and enough for AVX-512 loads.
pub const ALIGN: usize = 64;

/// A heap block owned by one array (`OWNDATA`), freed when dropped.
///
/// Invariant: `ptr` was returned by `mi_zalloc_aligned(max(len, 1), ALIGN)`,
/// or by `alloc::alloc_zeroed` with [`Buffer::system_layout`] when `system`,
/// and is freed only here, by the same allocator.
pub struct Buffer {
    ptr: NonNull<u8>,
    len: usize,
    system: bool,
}

// module-state: allowed (a process-wide debugging switch read from the environment once)
static SYSTEM: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

fn use_system_allocator() -> bool {
    // Miri cannot run mimalloc's C code; it checks the system allocator.
    if cfg!(miri) {
        return true;
    }
    *SYSTEM.get_or_init(|| {
        std::env::var_os("NUMPY_HPY_SYSTEM_ALLOCATOR").is_some_and(|v| v != "0" && !v.is_empty())
    })
}

impl Buffer {
    /// `len` zero bytes; `None` when they cannot be had (callers raise
    /// NumPy's errors, see `ndarray::object::array_memory`).
    pub fn zeroed(len: usize) -> Option<Buffer> {
        if len > isize::MAX as usize - ALIGN {
            return None;
        }
        let system = use_system_allocator();
        let p = if system {
            // SAFETY: the layout has a non-zero size.
            unsafe { alloc::alloc_zeroed(Self::system_layout(len)) }
        } else {
            // SAFETY: plain allocation call; a null result is handled below.
            unsafe { libmimalloc_sys::mi_zalloc_aligned(len.max(1), ALIGN) }.cast::<u8>()
        };
        let ptr = NonNull::new(p)?;
        Some(Buffer { ptr, len, system })
    }

    /// The system allocator's layout of a block of `len` bytes (checked
    /// against `isize::MAX` by `zeroed` first).
    fn system_layout(len: usize) -> AllocLayout {
        AllocLayout::from_size_align(len.max(1), ALIGN).expect("size checked by `zeroed`")
    }

    /// The start of the block.
    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// Its size in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if self.system {
            // SAFETY: invariant of `Buffer`: allocated with this layout, freed once.
            unsafe { alloc::dealloc(self.ptr.as_ptr(), Self::system_layout(self.len)) };
        } else {
            // SAFETY: invariant of `Buffer`: allocated by mimalloc, freed once
            // (mimalloc frees blocks of any thread's heap).
            unsafe { libmimalloc_sys::mi_free(self.ptr.as_ptr().cast::<c_void>()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeroed_aligned_and_freed() {
        for len in [0, 1, 7, 64, 1000] {
            let b = Buffer::zeroed(len).unwrap();
            assert_eq!(b.len(), len);
            assert_eq!(b.as_ptr() as usize % ALIGN, 0);
            // SAFETY: `len` bytes at `as_ptr` belong to `b`.
            let bytes = unsafe { core::slice::from_raw_parts_mut(b.as_ptr(), len) };
            assert!(bytes.iter().all(|&x| x == 0));
            bytes.fill(7);
        }
        assert!(Buffer::zeroed(isize::MAX as usize).is_none());
    }
}
