//! NumPy's Dragon4 (`numpy/_core/src/multiarray/dragon4.c`): the digits of a
//! float, shortest-unique or exact, cut off at a precision, and laid out
//! positionally or in scientific notation with NumPy's trimming and padding.
//!
//! Array printing needs more than the shortest round-trip digits the scalar
//! `repr` uses: a cap on the digit count with IEEE (half-even) rounding of the
//! *exact* value, a minimum digit count, exact (`unique=False`) digits, and
//! the padding `FloatingFormat` aligns columns with. This is a direct port of
//! the C routine on a small big integer, so the digit choice (including the
//! Burger–Dybvig inclusive margins for even mantissas) is NumPy's, not an
//! approximation of it.

use std::cmp::Ordering;

/// A non-negative big integer, 32-bit limbs, least significant first, no
/// high zero limbs.
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn pow2(n: u32) -> Big {
        let mut b = Big::from_u64(1);
        b.shl(n);
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn shl(&mut self, n: u32) {
        let (limbs, bits) = ((n / 32) as usize, n % 32);
        if bits != 0 {
            let mut carry = 0u32;
            for x in &mut self.0 {
                let next = *x >> (32 - bits);
                *x = (*x << bits) | carry;
                carry = next;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        if limbs != 0 && !self.is_zero() {
            self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for x in &mut self.0 {
            let p = *x as u64 * m as u64 + carry;
            *x = p as u32;
            carry = p >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n >= 9 {
            self.mul_small(1_000_000_000);
            n -= 9;
        }
        self.mul_small(10u32.pow(n));
    }

    fn add(&self, other: &Big) -> Big {
        let (long, short) = if self.0.len() >= other.0.len() {
            (self, other)
        } else {
            (other, self)
        };
        let mut out = Vec::with_capacity(long.0.len() + 1);
        let mut carry = 0u64;
        for (i, x) in long.0.iter().enumerate() {
            let s = *x as u64 + *short.0.get(i).unwrap_or(&0) as u64 + carry;
            out.push(s as u32);
            carry = s >> 32;
        }
        if carry != 0 {
            out.push(carry as u32);
        }
        Big(out)
    }

    /// `self -= other`; `other <= self`.
    fn sub_assign(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, x) in self.0.iter_mut().enumerate() {
            let d = *x as i64 - *other.0.get(i).unwrap_or(&0) as i64 - borrow;
            borrow = (d < 0) as i64;
            *x = d.rem_euclid(1 << 32) as u32;
        }
        self.trim();
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self / scale` (at most 9, as Dragon4 guarantees), leaving the
    /// remainder in `self`.
    fn div_rem_digit(&mut self, scale: &Big) -> u8 {
        let mut q = 0;
        while self.cmp(scale) != Ordering::Less {
            self.sub_assign(scale);
            q += 1;
        }
        debug_assert!(q < 10);
        q
    }
}

/// How `precision`/`min_digits` count digits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Cutoff {
    /// Significant digits (`fractional=False`, and scientific notation).
    Total,
    /// Digits after the decimal point (`fractional=True`).
    Fraction,
}

/// NumPy's `trim` argument.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Trim {
    /// `'k'`: keep trailing zeros and the decimal point.
    Keep,
    /// `'.'`: drop trailing zeros, keep the point.
    Zeros,
    /// `'0'`: drop trailing zeros but one (`1.0`).
    LeaveOneZero,
    /// `'-'`: drop trailing zeros and the point.
    DptZeros,
}

/// A finite float as Dragon4 sees it: `mantissa * 2**exponent`.
#[derive(Clone, Copy, Debug)]
struct Parts {
    neg: bool,
    mantissa: u64,
    exponent: i32,
    mantissa_bit: u32,
    /// The gap to the next float up is twice the gap down (a power of two).
    unequal_margins: bool,
}

/// A float of either precision (float32 keeps its own unique digits).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Float {
    F32(f32),
    F64(f64),
}

impl Float {
    pub(super) fn value(self) -> f64 {
        match self {
            Float::F32(v) => v as f64,
            Float::F64(v) => v,
        }
    }

    fn parts(self) -> Parts {
        let (bits, mant_bits, exp_bits) = match self {
            Float::F32(v) => (v.to_bits() as u64, 23u32, 8u32),
            Float::F64(v) => (v.to_bits(), 52, 11),
        };
        let neg = bits >> (mant_bits + exp_bits) != 0;
        let frac = bits & ((1u64 << mant_bits) - 1);
        let biased = ((bits >> mant_bits) & ((1u64 << exp_bits) - 1)) as i32;
        let bias = (1 << (exp_bits - 1)) - 1;
        if biased != 0 {
            Parts {
                neg,
                mantissa: (1u64 << mant_bits) | frac,
                exponent: biased - bias - mant_bits as i32,
                mantissa_bit: mant_bits,
                unequal_margins: biased != 1 && frac == 0,
            }
        } else {
            Parts {
                neg,
                mantissa: frac,
                exponent: 1 - bias - mant_bits as i32,
                mantissa_bit: frac.checked_ilog2().unwrap_or(0),
                unequal_margins: false,
            }
        }
    }
}

/// NumPy's output buffer size, which bounds exact-mode digit counts.
const BUFFER: i32 = 16384;

/// The digit generator: the digits and the decimal exponent of the first.
/// `cutoff_max`/`cutoff_min` are `-1` for "none".
fn dragon4(
    p: Parts,
    unique: bool,
    cutoff: Cutoff,
    cutoff_max: i32,
    cutoff_min: i32,
) -> (Vec<u8>, i32) {
    let m = p.mantissa;
    if m == 0 {
        return (vec![b'0'], 0);
    }
    let is_even = m.is_multiple_of(2);
    let e = p.exponent;
    let (mut value, mut scale, mut margin_low) = if e > 0 {
        let mut v = Big::from_u64(m);
        v.shl((e + 1 + p.unequal_margins as i32) as u32);
        let s = Big::from_u64(if p.unequal_margins { 4 } else { 2 });
        (v, s, Big::pow2(e as u32))
    } else {
        let mut v = Big::from_u64(m);
        v.shl(1 + p.unequal_margins as u32);
        let s = Big::pow2((-e + 1 + p.unequal_margins as i32) as u32);
        (v, s, Big::from_u64(1))
    };
    // `None`: the high margin equals the low one.
    let high_of = |low: &Big| {
        p.unequal_margins.then(|| {
            let mut h = low.clone();
            h.shl(1);
            h
        })
    };
    let mut margin_high = high_of(&margin_low);

    let log10_2 = std::f64::consts::LOG10_2;
    let mut digit_exp = (((p.mantissa_bit as i32 + e) as f64) * log10_2 - 0.69).ceil() as i32;
    // Pull a first digit below a fractional cutoff back into range; the
    // rounding below then decides it.
    if cutoff_max >= 0 && cutoff == Cutoff::Fraction && digit_exp <= -cutoff_max {
        digit_exp = -cutoff_max + 1;
    }
    if digit_exp > 0 {
        scale.mul_pow10(digit_exp as u32);
    } else if digit_exp < 0 {
        value.mul_pow10((-digit_exp) as u32);
        margin_low.mul_pow10((-digit_exp) as u32);
        margin_high = high_of(&margin_low);
    }
    if value.cmp(&scale) != Ordering::Less {
        digit_exp += 1;
    } else {
        value.mul_small(10);
        margin_low.mul_small(10);
        margin_high = high_of(&margin_low);
    }

    let mut cutoff_max_exp = digit_exp - BUFFER;
    if cutoff_max >= 0 {
        let desired = match cutoff {
            Cutoff::Total => digit_exp - cutoff_max,
            Cutoff::Fraction => -cutoff_max,
        };
        cutoff_max_exp = cutoff_max_exp.max(desired);
    }
    let mut cutoff_min_exp = digit_exp;
    if cutoff_min >= 0 {
        let desired = match cutoff {
            Cutoff::Total => digit_exp - cutoff_min,
            Cutoff::Fraction => -cutoff_min,
        };
        cutoff_min_exp = cutoff_min_exp.min(desired);
    }
    let mut out_exp = digit_exp - 1;

    let mut digits = Vec::new();
    let (mut low, mut high) = (false, false);
    let mut digit;
    if unique {
        loop {
            digit_exp -= 1;
            digit = value.div_rem_digit(&scale);
            let value_high = value.add(margin_high.as_ref().unwrap_or(&margin_low));
            let c = value.cmp(&margin_low);
            low = if is_even {
                c != Ordering::Greater
            } else {
                c == Ordering::Less
            };
            let c = value_high.cmp(&scale);
            high = if is_even {
                c != Ordering::Less
            } else {
                c == Ordering::Greater
            };
            if ((low || high) && digit_exp <= cutoff_min_exp) || digit_exp == cutoff_max_exp {
                break;
            }
            digits.push(b'0' + digit);
            value.mul_small(10);
            margin_low.mul_small(10);
            margin_high = high_of(&margin_low);
        }
    } else {
        loop {
            digit_exp -= 1;
            digit = value.div_rem_digit(&scale);
            if value.is_zero() || digit_exp == cutoff_max_exp {
                break;
            }
            digits.push(b'0' + digit);
            value.mul_small(10);
        }
    }

    let mut round_down = low;
    if low == high {
        value.shl(1);
        round_down = match value.cmp(&scale) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => digit.is_multiple_of(2),
        };
    }
    if round_down {
        digits.push(b'0' + digit);
    } else if digit == 9 {
        loop {
            match digits.pop() {
                None => {
                    digits.push(b'1');
                    out_exp += 1;
                    break;
                }
                Some(b'9') => {}
                Some(d) => {
                    digits.push(d + 1);
                    break;
                }
            }
        }
    } else {
        digits.push(b'0' + digit + 1);
    }
    (digits, out_exp)
}

/// The arguments of NumPy's `dragon4_positional`/`dragon4_scientific`;
/// `-1` means "not given" as in the C code.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dragon4Options {
    pub unique: bool,
    pub precision: i32,
    pub min_digits: i32,
    pub trim: Trim,
    pub sign: bool,
    pub pad_left: i32,
    pub pad_right: i32,
    pub exp_digits: i32,
}

impl Default for Dragon4Options {
    fn default() -> Self {
        Dragon4Options {
            unique: true,
            precision: -1,
            min_digits: -1,
            trim: Trim::Keep,
            sign: false,
            pad_left: -1,
            pad_right: -1,
            exp_digits: -1,
        }
    }
}

fn special(x: f64, sign: bool) -> Option<String> {
    if x.is_nan() {
        Some("nan".into())
    } else if x.is_infinite() {
        Some(
            if x < 0.0 {
                "-inf"
            } else if sign {
                "+inf"
            } else {
                "inf"
            }
            .into(),
        )
    } else {
        None
    }
}

fn sign_prefix(neg: bool, sign: bool) -> &'static str {
    if neg {
        "-"
    } else if sign {
        "+"
    } else {
        ""
    }
}

/// `np.format_float_positional(x, fractional=True, ...)` (`FormatPositional`).
pub(super) fn positional(x: Float, o: &Dragon4Options) -> String {
    if let Some(s) = special(x.value(), o.sign) {
        return s;
    }
    let p = x.parts();
    let (digits, print_exp) = dragon4(p, o.unique, Cutoff::Fraction, o.precision, o.min_digits);
    let sign = sign_prefix(p.neg, o.sign);
    let has_sign = sign.len() as i32;
    let mut buf = String::from(sign);
    let n = digits.len() as i32;
    let digits = std::str::from_utf8(&digits).expect("ASCII digits");
    let num_whole;
    let mut num_frac = 0;
    if print_exp >= 0 {
        num_whole = print_exp + 1;
        if n <= num_whole {
            buf.push_str(digits);
            buf.extend(std::iter::repeat_n('0', (num_whole - n) as usize));
        } else {
            buf.push_str(&digits[..num_whole as usize]);
            buf.push('.');
            buf.push_str(&digits[num_whole as usize..]);
            num_frac = n - num_whole;
        }
    } else {
        let zeros = -(print_exp + 1);
        buf.push_str("0.");
        buf.extend(std::iter::repeat_n('0', zeros as usize));
        buf.push_str(digits);
        num_frac = n + zeros;
        num_whole = 1;
    }
    if o.trim != Trim::DptZeros && num_frac == 0 {
        buf.push('.');
    }
    let add_digits = if o.unique { o.min_digits } else { o.precision };
    let desired = add_digits.max(0);
    match o.trim {
        Trim::LeaveOneZero if num_frac == 0 => {
            buf.push('0');
            num_frac += 1;
        }
        Trim::Keep if desired > num_frac => {
            buf.extend(std::iter::repeat_n('0', (desired - num_frac) as usize));
            num_frac = desired;
        }
        _ => {}
    }
    if o.trim != Trim::Keep && num_frac > 0 {
        while buf.ends_with('0') {
            buf.pop();
            num_frac -= 1;
        }
        if buf.ends_with('.') {
            match o.trim {
                Trim::LeaveOneZero => {
                    buf.push('0');
                    num_frac += 1;
                }
                Trim::DptZeros => {
                    buf.pop();
                }
                _ => {}
            }
        }
    }
    if o.pad_right >= num_frac {
        if o.trim == Trim::DptZeros && num_frac == 0 {
            buf.push(' ');
        }
        buf.extend(std::iter::repeat_n(' ', (o.pad_right - num_frac) as usize));
    }
    if o.pad_left > num_whole + has_sign {
        let shift = (o.pad_left - num_whole - has_sign) as usize;
        buf.insert_str(0, &" ".repeat(shift));
    }
    buf
}

/// `np.format_float_scientific(x, ...)` (`FormatScientific`).
pub(super) fn scientific(x: Float, o: &Dragon4Options) -> String {
    if let Some(s) = special(x.value(), o.sign) {
        return s;
    }
    let p = x.parts();
    let sign = sign_prefix(p.neg, o.sign);
    let mut buf = String::new();
    let left_chars = 1 + sign.len() as i32;
    if o.pad_left > left_chars {
        buf.push_str(&" ".repeat((o.pad_left - left_chars) as usize));
    }
    buf.push_str(sign);
    let plus_one = |v: i32| if v < 0 { -1 } else { v + 1 };
    let (digits, print_exp) = dragon4(
        p,
        o.unique,
        Cutoff::Total,
        plus_one(o.precision),
        plus_one(o.min_digits),
    );
    let digits = std::str::from_utf8(&digits).expect("ASCII digits");
    buf.push_str(&digits[..1]);
    let mut num_frac = digits.len() as i32 - 1;
    if num_frac > 0 {
        buf.push('.');
        buf.push_str(&digits[1..]);
    }
    if o.trim != Trim::DptZeros && num_frac == 0 {
        buf.push('.');
    }
    let add_digits = if o.unique { o.min_digits } else { o.precision }.max(0);
    match o.trim {
        Trim::LeaveOneZero if num_frac == 0 => {
            buf.push('0');
            num_frac += 1;
        }
        Trim::Keep if add_digits > num_frac => {
            buf.extend(std::iter::repeat_n('0', (add_digits - num_frac) as usize));
        }
        _ => {}
    }
    if o.trim != Trim::Keep && num_frac > 0 {
        while buf.ends_with('0') {
            buf.pop();
        }
        if o.trim == Trim::LeaveOneZero && buf.ends_with('.') {
            buf.push('0');
        }
    }
    let exp_digits = if o.exp_digits < 0 {
        2
    } else {
        o.exp_digits.min(5)
    } as usize;
    buf.push('e');
    buf.push(if print_exp >= 0 { '+' } else { '-' });
    buf.push_str(&format!("{:0exp_digits$}", print_exp.abs()));
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(x: f64, precision: i32, unique: bool) -> String {
        let o = Dragon4Options {
            precision,
            unique,
            ..Default::default()
        };
        positional(Float::F64(x), &o)
    }

    #[test]
    #[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
    fn matches_format_float_positional() {
        assert_eq!(pos(0.1, -1, true), "0.1");
        assert_eq!(pos(1.0, -1, true), "1.");
        assert_eq!(pos(1e-5, 3, true), "0.000");
        assert_eq!(pos(0.0006, 3, true), "0.001");
        assert_eq!(pos(2.5, 0, false), "2.");
        assert_eq!(pos(0.1, 20, false), "0.10000000000000000555");
        assert_eq!(pos(123456.0, -1, true), "123456.");
        assert_eq!(
            positional(Float::F32(0.1), &Dragon4Options::default()),
            "0.1"
        );
    }

    #[test]
    #[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
    fn matches_format_float_scientific() {
        let o = Dragon4Options::default();
        assert_eq!(scientific(Float::F64(1e16), &o), "1.e+16");
        assert_eq!(scientific(Float::F64(-1.5e-7), &o), "-1.5e-07");
        assert_eq!(scientific(Float::F64(1e300), &o), "1.e+300");
        let o = Dragon4Options {
            precision: 2,
            unique: false,
            ..o
        };
        assert_eq!(scientific(Float::F64(9.996e5), &o), "1.00e+06");
    }
}
