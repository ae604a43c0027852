//! IEEE arithmetic that also reports the FP status flags the x86_64 hardware
//! (SSE2, default rounding, tininess after rounding) and glibc's libm raise.
//!
//! NumPy reads the FPU status word after a scalar operation; safe Rust cannot,
//! so every primitive derives the flags from its operands and result instead.
//! The rules are the IEEE 754 ones: *invalid* when a NaN comes out of non-NaN
//! operands, *overflow* when an infinity comes out of finite ones, *divide by
//! zero* for an exact infinity from finite operands (`x / 0`, `pow(0, -y)`),
//! *underflow* when the result is tiny and inexact.

use std::ops::{Add, BitOr, BitOrAssign, Div, Mul, Neg, Rem, Sub};

/// The floating-point status flags a scalar operation raised; the caller turns
/// each into a `RuntimeWarning` (or error, per `np.errstate`), in field order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FpFlags {
    /// `divide by zero encountered in ...`
    pub divide_by_zero: bool,
    /// `overflow encountered in ...`
    pub overflow: bool,
    /// `underflow encountered in ...` (ignored under NumPy's default errstate)
    pub underflow: bool,
    /// `invalid value encountered in ...`
    pub invalid: bool,
}

impl FpFlags {
    /// No flag raised.
    pub const NONE: FpFlags = FpFlags {
        divide_by_zero: false,
        overflow: false,
        underflow: false,
        invalid: false,
    };

    /// Whether any flag is raised.
    pub fn any(&self) -> bool {
        self.divide_by_zero || self.overflow || self.underflow || self.invalid
    }

    /// The warning messages, in the order NumPy checks the flags (divide,
    /// overflow, underflow, invalid): `"overflow encountered in scalar add"`
    /// for `origin` `"scalar add"`. Every one is a `RuntimeWarning`.
    pub fn warnings(&self, origin: &str) -> Vec<String> {
        let mut out = Vec::new();
        let flags = [
            (self.divide_by_zero, "divide by zero"),
            (self.overflow, "overflow"),
            (self.underflow, "underflow"),
            (self.invalid, "invalid value"),
        ];
        for (set, what) in flags {
            if set {
                out.push(format!("{what} encountered in {origin}"));
            }
        }
        out
    }
}

impl BitOr for FpFlags {
    type Output = FpFlags;
    fn bitor(self, o: FpFlags) -> FpFlags {
        FpFlags {
            divide_by_zero: self.divide_by_zero || o.divide_by_zero,
            overflow: self.overflow || o.overflow,
            underflow: self.underflow || o.underflow,
            invalid: self.invalid || o.invalid,
        }
    }
}

impl BitOrAssign for FpFlags {
    fn bitor_assign(&mut self, o: FpFlags) {
        *self = *self | o;
    }
}

/// `f32` and `f64`, with flag-reporting primitives.
pub(crate) trait Float:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Rem<Output = Self>
    + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    const HALF: Self;
    const MIN_POSITIVE: Self;
    const NAN: Self;
    const INFINITY: Self;
    /// A power of two that lifts any nonzero tiny result into the normal range
    /// without overflowing the smaller operand (`2**64` / `2**512`).
    const SCALE: Self;
    const MAX: Self;
    const EPSILON: Self;
    /// `(int)((MAX_EXP - 1) * ln 2)`: glibc `cexp`'s overflow threshold.
    const EXP_T: Self;
    const LN_2: Self;

    fn is_nan(self) -> bool;
    fn is_finite(self) -> bool;
    fn is_infinite(self) -> bool;
    fn abs(self) -> Self;
    fn floor(self) -> Self;
    fn copysign(self, sign: Self) -> Self;
    fn mul_add(self, a: Self, b: Self) -> Self;
    fn powf(self, e: Self) -> Self;
    fn hypot(self, o: Self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn sin_cos(self) -> (Self, Self);
    fn atan2(self, o: Self) -> Self;
    fn to_f64(self) -> f64;
    /// Whether glibc's `pow` raises underflow for a tiny result `r`: `pow`
    /// always does (its exp/log path is never exact); `powf` works in double
    /// and raises it only when rounding that double to float is inexact
    /// (`1e-45f ** 1` is exact).
    fn pow_tiny_inexact(a: Self, b: Self, r: Self) -> bool;
    /// The C library's `cpow`/`cpowf` (`(re, im)` pairs), which NumPy's
    /// `npy_cpow` calls for general exponents.
    fn libm_cpow(a: (Self, Self), b: (Self, Self)) -> (Self, Self);
}

/// C's `double complex` / `float complex`: passed and returned like a struct
/// of two floats of the same type in the x86_64 SysV and AArch64 ABIs.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct CComplex<T> {
    pub(crate) re: T,
    pub(crate) im: T,
}

unsafe extern "C" {
    fn cpow(a: CComplex<f64>, b: CComplex<f64>) -> CComplex<f64>;
    fn cpowf(a: CComplex<f32>, b: CComplex<f32>) -> CComplex<f32>;
}

macro_rules! impl_float {
    ($t:ty, $scale:expr, $exp_t:expr, $ln2:expr, $cpow:ident) => {
        impl Float for $t {
            fn libm_cpow(a: (Self, Self), b: (Self, Self)) -> (Self, Self) {
                let (x, y) = (CComplex { re: a.0, im: a.1 }, CComplex { re: b.0, im: b.1 });
                // SAFETY: `cpow`/`cpowf` are pure libm functions taking and
                // returning complex values by value (layout of `CComplex`).
                let r = unsafe { $cpow(x, y) };
                (r.re, r.im)
            }
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const HALF: Self = 0.5;
            const MIN_POSITIVE: Self = <$t>::MIN_POSITIVE;
            const NAN: Self = <$t>::NAN;
            const INFINITY: Self = <$t>::INFINITY;
            const SCALE: Self = $scale;
            const MAX: Self = <$t>::MAX;
            const EPSILON: Self = <$t>::EPSILON;
            const EXP_T: Self = $exp_t;
            const LN_2: Self = $ln2;
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            fn is_infinite(self) -> bool {
                <$t>::is_infinite(self)
            }
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            fn floor(self) -> Self {
                <$t>::floor(self)
            }
            fn copysign(self, sign: Self) -> Self {
                <$t>::copysign(self, sign)
            }
            fn mul_add(self, a: Self, b: Self) -> Self {
                <$t>::mul_add(self, a, b)
            }
            fn powf(self, e: Self) -> Self {
                <$t>::powf(self, e)
            }
            fn hypot(self, o: Self) -> Self {
                <$t>::hypot(self, o)
            }
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            fn sin_cos(self) -> (Self, Self) {
                <$t>::sin_cos(self)
            }
            fn atan2(self, o: Self) -> Self {
                <$t>::atan2(self, o)
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn pow_tiny_inexact(a: Self, b: Self, r: Self) -> bool {
                let wide = (a as f64).powf(b as f64);
                std::mem::size_of::<$t>() == 8 || wide == 0.0 || wide != r as f64
            }
        }
    };
}

impl_float!(
    f32,
    18446744073709551616.0,
    88.0,
    std::f32::consts::LN_2,
    cpowf
); // 2**64
impl_float!(
    f64,
    1.340_780_792_994_259_7e154,
    709.0,
    std::f64::consts::LN_2,
    cpow
); // 2**512

/// The flags of `r = op(a, b)` shared by every primitive: invalid for a NaN
/// out of non-NaN operands, overflow for an infinity out of finite ones.
fn nan_inf<T: Float>(a: T, b: T, r: T, fl: &mut FpFlags) {
    if r.is_nan() && !a.is_nan() && !b.is_nan() {
        fl.invalid = true;
    }
    if r.is_infinite() && a.is_finite() && b.is_finite() {
        fl.overflow = true;
    }
}

fn tiny<T: Float>(r: T) -> bool {
    r.abs() < T::MIN_POSITIVE
}

/// `a + b` (a tiny sum is always exact, so never underflow).
pub(crate) fn add<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let r = a + b;
    nan_inf(a, b, r, fl);
    r
}

/// `a - b`.
pub(crate) fn sub<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let r = a - b;
    nan_inf(a, b, r, fl);
    r
}

/// `a * b`.
pub(crate) fn mul<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let r = a * b;
    nan_inf(a, b, r, fl);
    if a.is_finite() && b.is_finite() && a != T::ZERO && b != T::ZERO && tiny(r) {
        // Inexact? A zero from nonzero operands is; otherwise redo the product
        // with the smaller operand scaled into range and compare.
        let inexact = r == T::ZERO || {
            let (x, y) = if a.abs() <= b.abs() {
                (a * T::SCALE, b)
            } else {
                (a, b * T::SCALE)
            };
            let rs = x * y;
            x.mul_add(y, -rs) != T::ZERO || r * T::SCALE != rs
        };
        fl.underflow |= inexact;
    }
    r
}

/// `a / b`.
pub(crate) fn div<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let r = a / b;
    if b == T::ZERO && a.is_finite() && a != T::ZERO {
        fl.divide_by_zero = true;
    } else {
        nan_inf(a, b, r, fl);
    }
    if a.is_finite() && b.is_finite() && a != T::ZERO && b != T::ZERO && tiny(r) {
        let inexact = r == T::ZERO || {
            let x = a * T::SCALE;
            let rs = x / b;
            rs.mul_add(b, -x) != T::ZERO || r * T::SCALE != rs
        };
        fl.underflow |= inexact;
    }
    r
}

/// C `fmod(a, b)` (exact; invalid for `fmod(inf, y)` and `fmod(x, 0)`).
pub(crate) fn fmod<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let r = a % b;
    if r.is_nan() && !a.is_nan() && !b.is_nan() {
        fl.invalid = true;
    }
    r
}

/// glibc's `pow` / `powf`.
pub(crate) fn pow<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let r = a.powf(b);
    if a == T::ZERO && b < T::ZERO && b.is_finite() {
        fl.divide_by_zero = true;
    } else {
        nan_inf(a, b, r, fl);
    }
    if a.is_finite() && b.is_finite() && a != T::ZERO && tiny(r) && T::pow_tiny_inexact(a, b, r) {
        fl.underflow = true;
    }
    r
}

/// glibc's `hypot` / `hypotf` (`abs` of a complex).
pub(crate) fn hypot<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let r = a.hypot(b);
    if r.is_infinite() && a.is_finite() && b.is_finite() {
        fl.overflow = true;
    }
    if r != T::ZERO && tiny(r) {
        fl.underflow = true;
    }
    r
}

/// NumPy's `npy_divmod`: Python's `divmod` for floats (the remainder takes the
/// divisor's sign, the quotient is floored and snapped to an integer).
pub(crate) fn divmod<T: Float>(a: T, b: T, fl: &mut FpFlags) -> (T, T) {
    let m = fmod(a, b, fl);
    if b == T::ZERO {
        // The quotient is a / b (an inf or nan), the remainder fmod's nan.
        return (div(a, b, fl), m);
    }
    // a - m is very nearly an integer multiple of b.
    let mut d = div(sub(a, m, fl), b, fl);
    let mut m = m;
    if m != T::ZERO {
        if (b < T::ZERO) != (m < T::ZERO) {
            m = add(m, b, fl);
            d = sub(d, T::ONE, fl);
        }
    } else {
        m = T::ZERO.copysign(b);
    }
    let q = if d != T::ZERO {
        let mut q = d.floor();
        if sub(d, q, fl) > T::HALF {
            q = add(q, T::ONE, fl);
        }
        q
    } else {
        T::ZERO.copysign(div(a, b, fl))
    };
    (q, m)
}

/// NumPy's scalar `floor_divide`: `npy_divmod`'s quotient; by zero, plain
/// `a / b` (with that division's flags only: `nan // 0` raises nothing).
pub(crate) fn floor_divide<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    if b == T::ZERO {
        return div(a, b, fl);
    }
    divmod(a, b, fl).0
}

/// NumPy's scalar `remainder`: `npy_divmod`'s remainder. Only the operations
/// the remainder depends on run (the C compiler drops the quotient's), so only
/// their flags are raised: `1 % 1e-45` is `0` with no overflow.
pub(crate) fn remainder<T: Float>(a: T, b: T, fl: &mut FpFlags) -> T {
    let m = fmod(a, b, fl);
    if b == T::ZERO {
        return m;
    }
    if m != T::ZERO {
        if (b < T::ZERO) != (m < T::ZERO) {
            return add(m, b, fl);
        }
        m
    } else {
        T::ZERO.copysign(b)
    }
}
