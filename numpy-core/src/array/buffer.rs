//! Owned, 64-byte aligned array memory.

use std::alloc::{self, Layout as AllocLayout};
use std::ptr::NonNull;

/// Alignment of every allocation: a cache line, and enough for AVX-512 loads.
pub const ALIGN: usize = 64;

/// A heap block owned by one array (`OWNDATA`), freed when dropped.
///
/// Invariant: `ptr` was returned by `alloc::alloc[_zeroed]` with
/// `AllocLayout::from_size_align(max(len, 1), ALIGN)` and is freed only here.
pub struct Buffer {
    ptr: NonNull<u8>,
    len: usize,
}

impl Buffer {
    fn layout(len: usize) -> Result<AllocLayout, String> {
        AllocLayout::from_size_align(len.max(1), ALIGN).map_err(|_| format!("array is too big; `arr.size * arr.dtype.itemsize` ({len}) is larger than the maximum possible size."))
    }

    /// `len` zero bytes.
    pub fn zeroed(len: usize) -> Result<Buffer, String> {
        let layout = Self::layout(len)?;
        // SAFETY: the layout has a non-zero size.
        let p = unsafe { alloc::alloc_zeroed(layout) };
        let ptr = NonNull::new(p)
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
        let layout = Self::layout(self.len).expect("layout was valid at allocation");
        // SAFETY: invariant of `Buffer`: allocated with this layout, freed once.
        unsafe { alloc::dealloc(self.ptr.as_ptr(), layout) };
    }
}
