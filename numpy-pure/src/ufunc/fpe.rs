//! The hardware floating-point status flags, read after a loop as NumPy
//! reads them (`npy_get_floatstatus_barrier`).
//!
//! The C library's `<fenv.h>` functions are the portable route to them (the
//! MXCSR on x86-64, FPSR on aarch64); Rust's standard library has no binding,
//! so the two functions are declared here. Under Miri (which cannot call C)
//! the flags read as clear.

use crate::scalar::FpFlags;

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod sys {
    // glibc's values (bits/fenv.h) for x86-64 and aarch64.
    #[cfg(target_arch = "x86_64")]
    pub const INVALID: i32 = 0x01;
    #[cfg(target_arch = "x86_64")]
    pub const DIVBYZERO: i32 = 0x04;
    #[cfg(target_arch = "x86_64")]
    pub const OVERFLOW: i32 = 0x08;
    #[cfg(target_arch = "x86_64")]
    pub const UNDERFLOW: i32 = 0x10;
    #[cfg(target_arch = "aarch64")]
    pub const INVALID: i32 = 0x01;
    #[cfg(target_arch = "aarch64")]
    pub const DIVBYZERO: i32 = 0x02;
    #[cfg(target_arch = "aarch64")]
    pub const OVERFLOW: i32 = 0x04;
    #[cfg(target_arch = "aarch64")]
    pub const UNDERFLOW: i32 = 0x08;
    pub const ALL: i32 = INVALID | DIVBYZERO | OVERFLOW | UNDERFLOW;

    unsafe extern "C" {
        pub fn fetestexcept(excepts: i32) -> i32;
        pub fn feclearexcept(excepts: i32) -> i32;
    }
}

/// Clears the flags (before a loop whose flags are to be reported).
#[inline]
pub fn clear() {
    #[cfg(all(
        not(miri),
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    // SAFETY: `feclearexcept` only writes the calling thread's FP status
    // register; any flag combination is a valid argument.
    unsafe {
        sys::feclearexcept(sys::ALL);
    }
}

/// The flags raised since the last [`clear`], which it also clears.
#[inline]
pub fn take() -> FpFlags {
    #[cfg(all(
        not(miri),
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
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
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
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
