//! The hardware floating-point status flags, read after a loop as NumPy
//! reads them (`npy_get_floatstatus_barrier`).
//!
//! On x86-64 the SSE status register (MXCSR) is read and cleared directly;
//! on aarch64 through the C library's `<fenv.h>` functions (Rust's standard
//! library has no binding, so the two are declared here). Under Miri (which
//! cannot call C) the flags read as clear.

use crate::scalar::FpFlags;

#[cfg(all(target_os = "linux", target_arch = "aarch64", not(miri)))]
mod sys {
    // glibc's values (bits/fenv.h) for aarch64.
    pub const INVALID: i32 = 0x01;
    pub const DIVBYZERO: i32 = 0x02;
    pub const OVERFLOW: i32 = 0x04;
    pub const UNDERFLOW: i32 = 0x08;
    pub const ALL: i32 = INVALID | DIVBYZERO | OVERFLOW | UNDERFLOW;

    unsafe extern "C" {
        pub fn fetestexcept(excepts: i32) -> i32;
        pub fn feclearexcept(excepts: i32) -> i32;
    }
}

/// The SSE status flags in MXCSR: on x86-64 every float operation of ours
/// is an SSE one, and reading the register is a few cycles where
/// `fetestexcept` also reads the x87 status word.
#[cfg(all(target_arch = "x86_64", not(miri)))]
mod mxcsr {
    /// Invalid, denormal, divide-by-zero, overflow, underflow, precision.
    const STATUS: u32 = 0x3f;

    #[inline]
    pub fn clear() {
        #[allow(deprecated)]
        // SAFETY: SSE is part of the x86-64 baseline; only the status bits
        // change (the control bits are written back as read).
        unsafe {
            let c = core::arch::x86_64::_mm_getcsr();
            if c & STATUS != 0 {
                core::arch::x86_64::_mm_setcsr(c & !STATUS);
            }
        }
    }

    #[inline]
    pub fn read() -> u32 {
        #[allow(deprecated)]
        // SAFETY: as above, a read of the register.
        unsafe {
            core::arch::x86_64::_mm_getcsr() & STATUS
        }
    }
}

/// Clears the flags (before a loop whose flags are to be reported).
#[inline]
pub fn clear() {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    mxcsr::clear();
    #[cfg(all(not(miri), target_os = "linux", target_arch = "aarch64"))]
    // SAFETY: `feclearexcept` only writes the calling thread's FP status
    // register; any flag combination is a valid argument.
    unsafe {
        sys::feclearexcept(sys::ALL);
    }
}

/// The flags raised since the last [`clear`], which it also clears.
#[inline]
pub fn take() -> FpFlags {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        let raised = mxcsr::read();
        if raised & 0x1d == 0 {
            return FpFlags::NONE;
        }
        mxcsr::clear();
        FpFlags {
            divide_by_zero: raised & 0x04 != 0,
            overflow: raised & 0x08 != 0,
            underflow: raised & 0x10 != 0,
            invalid: raised & 0x01 != 0,
        }
    }
    #[cfg(all(not(miri), target_os = "linux", target_arch = "aarch64"))]
    {
        // SAFETY: as in `clear`; `fetestexcept` only reads the register.
        let raised = unsafe { sys::fetestexcept(sys::ALL) };
        if raised == 0 {
            return FpFlags::NONE;
        }
        clear();
        FpFlags {
            divide_by_zero: raised & sys::DIVBYZERO != 0,
            overflow: raised & sys::OVERFLOW != 0,
            underflow: raised & sys::UNDERFLOW != 0,
            invalid: raised & sys::INVALID != 0,
        }
    }
    #[cfg(not(all(
        not(miri),
        any(
            target_arch = "x86_64",
            all(target_os = "linux", target_arch = "aarch64")
        )
    )))]
    FpFlags::NONE
}

#[cfg(all(test, not(miri)))]
mod tests {
    use super::*;

    #[test]
    fn division_by_zero_is_seen() {
        clear();
        let zero = std::hint::black_box(0.0f64);
        let x = std::hint::black_box(1.0f64) / zero;
        assert!(x.is_infinite());
        let f = take();
        assert!(f.divide_by_zero && !f.invalid);
        assert!(!take().any(), "take() clears");
        let y = std::hint::black_box(-1.0f64).sqrt();
        assert!(y.is_nan());
        assert!(take().invalid);
    }
}
