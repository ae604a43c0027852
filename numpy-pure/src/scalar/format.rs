//! `repr`/`str` of NumPy 2 scalars (`scalartypes.c.src`, non-legacy mode).
//!
//! Floats print the shortest digit string that round-trips *in the scalar's
//! own precision* (NumPy's Dragon4 in unique mode; Rust's shortest `{:e}`
//! gives the same digits), laid out as Python lays out a float: positional
//! when `1e-4 <= |x| < 1e16` (float32: `< 1e6`, NumPy's per-type cutoff) or
//! `x == 0` (`1.0`, `0.0001`, `-0.0`), else
//! scientific with a signed exponent of at least two digits (`1e+16`,
//! `1.5e-05`); `nan`, `inf`, `-inf`.

use super::{Scalar, dtype_name, with_int};

/// A float's shortest round-trip digits and decimal exponent:
/// `x = 0.d1 d2 ... * 10**(exp + 1)`, i.e. `d1.d2... * 10**exp`.
fn digits(sci: &str) -> (bool, String, i32) {
    // `sci` is Rust's shortest `{:e}`: `-1.2345e-7`.
    let (neg, s) = match sci.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, sci),
    };
    let (mant, exp) = s.split_once('e').expect("LowerExp has an exponent");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    (neg, digits, exp.parse().expect("exponent"))
}

/// Where two shortest digit strings are equally near `v` (`270408.125`
/// as float32: `270408.12` or `270408.13`), Rust's shortest formatting rounds
/// the last digit half up; NumPy's Dragon4 rounds it to even. Checks the exact
/// decimal expansion of `v` (every float has a finite one, at most 767
/// significant digits) for that tie and takes the even digit.
fn round_half_even(v: f64, mut digits: String, exp: i32) -> String {
    let n = digits.len();
    let last = digits.as_bytes()[n - 1];
    if (last - b'0').is_multiple_of(2) {
        return digits;
    }
    let exact = format!("{:.800e}", v.abs());
    let (_, all, exact_exp) = self::digits(&exact);
    let all = all.as_bytes();
    let tie = exact_exp == exp
        && all[..n - 1] == digits.as_bytes()[..n - 1]
        && all[n - 1] == last - 1
        && all[n] == b'5'
        && all[n + 1..].iter().all(|c| *c == b'0');
    if tie {
        digits.pop();
        digits.push((last - 1) as char);
    }
    digits
}

/// Lays out `digits`/`exp` the way NumPy's `format_float` does.
/// `trim_zero`: drop a bare `.0` (complex parts: `1+2j`, not `1.0+2.0j`).
fn layout(neg: bool, digits: &str, exp: i32, trim_zero: bool, scientific: bool) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    let n = digits.len() as i32;
    if scientific {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
    } else if exp >= n - 1 {
        out.push_str(digits);
        for _ in 0..(exp - (n - 1)) {
            out.push('0');
        }
        if !trim_zero {
            out.push_str(".0");
        }
    } else {
        let point = (exp + 1) as usize;
        out.push_str(&digits[..point]);
        out.push('.');
        out.push_str(&digits[point..]);
    }
    out
}

/// One float (already widened; `sci` is its shortest `{:e}` in its own
/// precision).
fn format_float(v: f64, sci: String, trim_zero: bool, positional_max: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf" } else { "inf" }.into();
    }
    let a = v.abs();
    // NumPy compares with the long double 1e-4L; no double (and so no float)
    // lies between it and the double 1e-4.
    let scientific = !(a == 0.0 || (1e-4..positional_max).contains(&a));
    let (neg, d, e) = digits(&sci);
    let d = round_half_even(v, d, e);
    layout(neg, &d, e, trim_zero, scientific)
}

fn f32_str(v: f32, trim_zero: bool) -> String {
    format_float(v as f64, format!("{v:e}"), trim_zero, 1e6)
}

fn f64_str(v: f64, trim_zero: bool) -> String {
    format_float(v, format!("{v:e}"), trim_zero, 1e16)
}

/// Python's complex layout: `1j` when the real part is +0, else
/// `(re+imj)`, each part without a bare `.0`; non-finite imaginary parts
/// print `+nan`, `+inf`, `-inf`.
fn complex_str(re: f64, im: f64, re_s: String, im_s: String) -> String {
    if re == 0.0 && !re.is_sign_negative() {
        return format!("{im_s}j");
    }
    let sign = if im.is_nan() || !im.is_sign_negative() {
        "+"
    } else {
        ""
    };
    format!("({re_s}{sign}{im_s}j)")
}

pub(super) fn str(s: &Scalar) -> String {
    match *s {
        Scalar::Bool(b) => if b { "True" } else { "False" }.into(),
        Scalar::Float32(v) => f32_str(v, false),
        Scalar::Float64(v) => f64_str(v, false),
        Scalar::Complex64(c) => complex_str(
            c.re as f64,
            c.im as f64,
            f32_str(c.re, true),
            f32_str(c.im, true),
        ),
        Scalar::Complex128(c) => complex_str(c.re, c.im, f64_str(c.re, true), f64_str(c.im, true)),
        x => with_int!(x, v => v.to_string(), _ => unreachable!()),
    }
}

pub(super) fn repr(s: &Scalar) -> String {
    match *s {
        Scalar::Bool(b) => if b { "np.True_" } else { "np.False_" }.into(),
        Scalar::Complex64(_) | Scalar::Complex128(_) => {
            let inner = str(s);
            // `np.complex128(1+2j)`: the call's parentheses replace Python's.
            let inner = inner
                .strip_prefix('(')
                .and_then(|x| x.strip_suffix(')'))
                .unwrap_or(&inner);
            format!("np.{}({inner})", dtype_name(s.dtype()))
        }
        _ => format!("np.{}({})", dtype_name(s.dtype()), str(s)),
    }
}
