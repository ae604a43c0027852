//! Owned, 64-byte aligned array memory.
//!
//! Allocated by mimalloc (`libmimalloc-sys`, its own heap, not the process's
//! `malloc`): glibc's `posix_memalign`, behind Rust's aligned `alloc`, split
//! and consolidated chunks on every small array (measured: about 1000
//! instructions per allocation, the largest part of `zeros(3)` and
//! `a.copy()`), where mimalloc serves aligned blocks from size classes.

use core::ffi::c_void;
use std::ptr::NonNull;

/// Alignment of every allocation: a cache line, and enough for AVX-512 loads.
pub const ALIGN: usize = 64;

/// A heap block owned by one array (`OWNDATA`), freed when dropped.
///
/// Invariant: `ptr` was returned by `mi_zalloc_aligned(max(len, 1), ALIGN)`
/// and is freed only here.
pub struct Buffer {
    ptr: NonNull<u8>,
    len: usize,
}

impl Buffer {
    /// `len` zero bytes.
    pub fn zeroed(len: usize) -> Result<Buffer, String> {
        if len > isize::MAX as usize - ALIGN {
            return Err(format!(
                "array is too big; `arr.size * arr.dtype.itemsize` ({len}) is larger than the maximum possible size."
            ));
        }
        // SAFETY: plain allocation call; a null result is handled below.
        let p = unsafe { libmimalloc_sys::mi_zalloc_aligned(len.max(1), ALIGN) };
        let ptr = NonNull::new(p.cast::<u8>())
            .ok_or_else(|| format!("Unable to allocate {len} bytes for an array"))?;
        Ok(Buffer { ptr, len })
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
        // SAFETY: invariant of `Buffer`: allocated by mimalloc, freed once
        // (mimalloc frees blocks of any thread's heap).
        unsafe { libmimalloc_sys::mi_free(self.ptr.as_ptr().cast::<c_void>()) };
    }
}
