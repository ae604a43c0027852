//! Owned array memory: 64-byte aligned from 64 bytes on, 16-byte aligned below.
//!
//! Allocated by mimalloc (`libmimalloc-sys`, its own heap, not the process's
//! `malloc`): glibc's `posix_memalign`, behind Rust's aligned `alloc`, split
//! and consolidated chunks on every small array (measured: about 1000
//! instructions per allocation, the largest part of `zeros(3)` and
//! `a.copy()`), where mimalloc serves aligned blocks from size classes.
//!
//! Large blocks (from [`MAP_THRESHOLD`] bytes, on Linux) are anonymous
//! mappings of their own instead, as glibc's `calloc` (NumPy's) makes them:
//! mimalloc maps its memory `MAP_NORESERVE`, so that the kernel grants any
//! size and a request no machine can serve (`ones(2**40, 'u1')`) succeeded,
//! then took every page of memory until the process was killed; a mapping
//! without that flag is refused at once under the kernel's default
//! overcommit heuristic, and the caller raises NumPy's MemoryError.
//!
//! `NUMPY_HPY_SYSTEM_ALLOCATOR=1` (read once) takes Rust's system allocator
//! instead, so that valgrind, which sees mimalloc's pages as one mapped
//! block, checks every array buffer (tests/test_memory_safety.py sets it).

use core::ffi::c_void;
use std::alloc::{self, Layout as AllocLayout};
use std::ptr::NonNull;

/// Alignment of every allocation of [`ALIGN`] bytes or more: a cache line,
/// and enough for AVX-512 loads.
pub const ALIGN: usize = 64;

/// Alignment (and least size) of mimalloc blocks below [`ALIGN`] bytes: every
/// dtype's alignment. A block smaller than its alignment takes mimalloc's
/// slow over-allocating path (measured: some 120 instructions of a
/// one-element array's 300 for its memory); these need no cache line.
const SMALL_ALIGN: usize = 16;

/// mimalloc's (size, alignment) for a block of `len` bytes.
fn mi_request(len: usize) -> (usize, usize) {
    if len >= ALIGN {
        (len, ALIGN)
    } else {
        (len.max(SMALL_ALIGN), SMALL_ALIGN)
    }
}

/// Blocks of this many bytes or more are mapped on their own (Linux).
pub const MAP_THRESHOLD: usize = 64 << 20;

/// Where a block came from (so that it is freed by the same allocator).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Mimalloc,
    System,
    #[cfg(all(target_os = "linux", not(miri)))]
    Mapped,
}

/// A heap block owned by one array (`OWNDATA`), freed when dropped.
///
/// Invariant: `ptr` was returned by `mi_zalloc_aligned` or `mi_malloc_aligned`
/// ([`Buffer::for_overwrite`]) with [`mi_request`]`(len)` (`Source::Mimalloc`),
/// by `alloc::alloc_zeroed` or `alloc::alloc` with
/// [`Buffer::system_layout`] (`Source::System`), or by an anonymous `mmap`
/// of `len` bytes (`Source::Mapped`: page-aligned, zero-filled), and is freed
/// only here, by the same allocator.
pub struct Buffer {
    ptr: NonNull<u8>,
    len: usize,
    source: Source,
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
        Self::allocate(len, true)
    }

    /// `len` bytes whose contents are unspecified, for an array whose every
    /// element is written before anything reads it (a ufunc's output): no
    /// time is spent zeroing them. `None` as for [`Buffer::zeroed`].
    ///
    /// The bytes must not be read before they are written: callers only
    /// hand the buffer to Python after writing all of it.
    pub fn for_overwrite(len: usize) -> Option<Buffer> {
        Self::allocate(len, false)
    }

    /// `len` bytes, zeroed when `zero` (large blocks are fresh mappings,
    /// zero either way).
    fn allocate(len: usize, zero: bool) -> Option<Buffer> {
        if len > isize::MAX as usize - ALIGN {
            return None;
        }
        let source = if use_system_allocator() {
            Source::System
        } else {
            #[cfg(all(target_os = "linux", not(miri)))]
            if len >= MAP_THRESHOLD {
                return Self::mapped(len);
            }
            Source::Mimalloc
        };
        let p = match (source, zero) {
            // SAFETY: the layout has a non-zero size.
            (Source::System, true) => unsafe { alloc::alloc_zeroed(Self::system_layout(len)) },
            // SAFETY: as above.
            (Source::System, false) => unsafe { alloc::alloc(Self::system_layout(len)) },
            (_, true) => {
                let (size, align) = mi_request(len);
                // SAFETY: a plain allocation call; a null result is handled
                // below.
                unsafe { libmimalloc_sys::mi_zalloc_aligned(size, align) }.cast::<u8>()
            }
            (_, false) => {
                let (size, align) = mi_request(len);
                // SAFETY: as above.
                unsafe { libmimalloc_sys::mi_malloc_aligned(size, align) }.cast::<u8>()
            }
        };
        let ptr = NonNull::new(p)?;
        Some(Buffer { ptr, len, source })
    }

    /// `len` (> 0) zero bytes of a mapping of their own (see [`mapped`]).
    #[cfg(all(target_os = "linux", not(miri)))]
    fn mapped(len: usize) -> Option<Buffer> {
        let ptr = NonNull::new(mapped::map(len))?;
        Some(Buffer {
            ptr,
            len,
            source: Source::Mapped,
        })
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
        match self.source {
            // SAFETY: invariant of `Buffer`: allocated with this layout, freed once.
            Source::System => unsafe {
                alloc::dealloc(self.ptr.as_ptr(), Self::system_layout(self.len))
            },
            // SAFETY: invariant of `Buffer`: allocated by mimalloc, freed once
            // (mimalloc frees blocks of any thread's heap).
            Source::Mimalloc => unsafe {
                libmimalloc_sys::mi_free(self.ptr.as_ptr().cast::<c_void>())
            },
            #[cfg(all(target_os = "linux", not(miri)))]
            // SAFETY: invariant of `Buffer`: our own mapping of `len` bytes,
            // unmapped once (no array can use it any more).
            Source::Mapped => unsafe { mapped::unmap(self.ptr.as_ptr(), self.len) },
        }
    }
}

/// Blocks mapped on their own, as glibc maps `calloc`'s large blocks: the
/// kernel reserves the memory (no `MAP_NORESERVE`), so that a request it
/// cannot serve fails at once instead of succeeding and then running the
/// machine out of memory. Used for large array memory ([`Buffer`]) and, by
/// the extension's global allocator, for large Rust allocations (whose
/// mimalloc blocks would be `MAP_NORESERVE` too).
#[cfg(all(target_os = "linux", not(miri)))]
pub mod mapped {
    use core::ffi::c_void;

    /// Whether a Rust allocation of `layout` is mapped on its own.
    pub fn wants(layout: core::alloc::Layout) -> bool {
        layout.size() >= super::MAP_THRESHOLD && layout.align() <= 4096
    }

    /// `len` (> 0) zero bytes, page-aligned; null when the kernel refuses.
    pub fn map(len: usize) -> *mut u8 {
        // SAFETY: a new private anonymous mapping at an address the kernel
        // picks: no existing memory is affected.
        let p = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return core::ptr::null_mut();
        }
        // Transparent huge pages, as NumPy asks for its large arrays: one
        // fault per 2 MiB instead of per 4 KiB when the array is first
        // written (a fresh 80 MB result was 4x slower than NumPy's without).
        // Only advice: a kernel without THP ignores it.
        // SAFETY: advice on our own new mapping of `len` bytes.
        unsafe { libc::madvise(p, len, libc::MADV_HUGEPAGE) };
        p.cast()
    }

    /// Unmaps a block.
    ///
    /// # Safety
    /// `p` was returned by [`map`]`(len)` or [`remap`]`(_, _, len)` and is
    /// not used after this call.
    pub unsafe fn unmap(p: *mut u8, len: usize) {
        // SAFETY: (caller) our own mapping of `len` bytes, unused from now.
        unsafe { libc::munmap(p.cast::<c_void>(), len) };
    }

    /// Grows or shrinks a block, keeping its bytes (moved where needed);
    /// null when the kernel refuses, the old block then being untouched.
    ///
    /// # Safety
    /// As [`unmap`] for `p` and `old`; on success the old pointer is dead.
    pub unsafe fn remap(p: *mut u8, old: usize, new: usize) -> *mut u8 {
        // SAFETY: (caller) our own mapping of `old` bytes.
        let q = unsafe { libc::mremap(p.cast::<c_void>(), old, new, libc::MREMAP_MAYMOVE) };
        if q == libc::MAP_FAILED {
            core::ptr::null_mut()
        } else {
            q.cast()
        }
    }
}

#[cfg(test)]
mod mapped_tests {
    use super::*;

    // (No mmap under Miri.)
    #[cfg(all(target_os = "linux", not(miri)))]
    #[test]
    fn large_blocks_are_mappings_the_kernel_may_refuse() {
        let n = MAP_THRESHOLD + 3;
        let b = Buffer::zeroed(n).unwrap();
        assert!(b.source == Source::Mapped);
        assert_eq!(b.as_ptr() as usize % ALIGN, 0);
        // SAFETY: `b` owns `n` bytes.
        let s = unsafe { core::slice::from_raw_parts_mut(b.as_ptr(), n) };
        assert!(s[0] == 0 && s[n - 1] == 0);
        s[n - 1] = 7;
        drop(b);
        // 1 PiB: refused at once under the kernel's default heuristic (and
        // never touched, whatever the overcommit mode).
        let mode = std::fs::read_to_string("/proc/sys/vm/overcommit_memory").unwrap_or_default();
        let huge = Buffer::zeroed(1 << 50);
        if mode.trim() != "1" {
            assert!(huge.is_none());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_overwrite_is_aligned_writable_and_freed() {
        for len in [0, 1, 7, 64, 100_000] {
            let b = Buffer::for_overwrite(len).unwrap();
            assert_eq!(b.len(), len);
            assert_eq!(b.as_ptr() as usize % mi_request(len).1, 0);
            // SAFETY: `len` bytes at `as_ptr` belong to `b`; written first.
            unsafe { core::ptr::write_bytes(b.as_ptr(), 0xab, len) };
            // SAFETY: as above, now initialised.
            let bytes = unsafe { core::slice::from_raw_parts(b.as_ptr(), len) };
            assert!(bytes.iter().all(|&x| x == 0xab));
        }
        assert!(Buffer::for_overwrite(isize::MAX as usize).is_none());
    }

    #[test]
    fn zeroed_aligned_and_freed() {
        for len in [0, 1, 7, 64, 1000] {
            let b = Buffer::zeroed(len).unwrap();
            assert_eq!(b.len(), len);
            assert_eq!(b.as_ptr() as usize % mi_request(len).1, 0);
            // SAFETY: `len` bytes at `as_ptr` belong to `b`.
            let bytes = unsafe { core::slice::from_raw_parts_mut(b.as_ptr(), len) };
            assert!(bytes.iter().all(|&x| x == 0));
            bytes.fill(7);
        }
        assert!(Buffer::zeroed(isize::MAX as usize).is_none());
    }
}
