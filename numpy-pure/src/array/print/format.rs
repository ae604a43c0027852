//! The per-dtype element formatters of `arrayprint.py` (`BoolFormat`,
//! `IntegerFormat`, `FloatingFormat`, `ComplexFloatingFormat`): each looks at
//! all the values that will be printed once, to fix a common width, then
//! formats elements one by one.

use super::dragon4::{self, Dragon4Options, Float, Trim};
use super::{FloatMode, PrintOptions, Sign};
use crate::dtype::DType;
use crate::scalar::Scalar;

/// Python's `len` of a string.
pub(super) fn width(s: &str) -> usize {
    s.chars().count()
}

/// The element formatter for one array.
pub(super) enum Formatter {
    /// `' True'` (`'True'` in a 0-d array) and `'False'`.
    Bool {
        pad: bool,
    },
    /// Right-aligned to `width`, with the sign mode.
    Int {
        width: usize,
        sign: Sign,
    },
    Float(FloatFormat),
    /// Real part, then imaginary part (always signed) with `j`.
    Complex(FloatFormat, FloatFormat),
}

impl Formatter {
    /// The formatter for `data` (the values that will be printed: the
    /// summarised corners when the array is summarised).
    pub(super) fn new(data: &[Scalar], dtype: DType, zero_d: bool, opts: &PrintOptions) -> Self {
        match dtype {
            DType::Bool => Formatter::Bool { pad: !zero_d },
            DType::Float32 | DType::Float64 => {
                let vals: Vec<Float> = data.iter().map(|s| float_of(s).0).collect();
                Formatter::Float(FloatFormat::new(&vals, opts, opts.sign))
            }
            DType::Complex64 | DType::Complex128 => {
                let (re, im): (Vec<Float>, Vec<Float>) = data.iter().map(float_of).unzip();
                Formatter::Complex(
                    FloatFormat::new(&re, opts, opts.sign),
                    FloatFormat::new(&im, opts, Sign::Plus),
                )
            }
            _ => int_format(data, opts.sign),
        }
    }

    pub(super) fn format(&self, x: &Scalar) -> String {
        match self {
            Formatter::Bool { pad } => match (x.is_true(), pad) {
                (true, true) => " True".into(),
                (true, false) => "True".into(),
                (false, _) => "False".into(),
            },
            Formatter::Int { width, sign } => {
                let v = x.to_i128().expect("integer scalar");
                let s = match sign {
                    Sign::Plus if v >= 0 => format!("+{v}"),
                    Sign::Space if v >= 0 => format!(" {v}"),
                    _ => v.to_string(),
                };
                format!("{s:>width$}")
            }
            Formatter::Float(f) => f.format(float_of(x).0),
            Formatter::Complex(re, im) => {
                let (r, i) = float_of(x);
                let r = re.format(r);
                let i = im.format(i);
                // The `j` goes before the imaginary part's right padding.
                let end = i.trim_end().len();
                format!("{r}{}j{}", &i[..end], &i[end..])
            }
        }
    }
}

/// A float or complex scalar as (real, imaginary) floats of its precision.
fn float_of(s: &Scalar) -> (Float, Float) {
    match *s {
        Scalar::Float32(v) => (Float::F32(v), Float::F32(0.0)),
        Scalar::Float64(v) => (Float::F64(v), Float::F64(0.0)),
        Scalar::Complex64(c) => (Float::F32(c.re), Float::F32(c.im)),
        Scalar::Complex128(c) => (Float::F64(c.re), Float::F64(c.im)),
        _ => unreachable!("float formatter on {s:?}"),
    }
}

fn int_format(data: &[Scalar], sign: Sign) -> Formatter {
    let ints = data.iter().map(|s| s.to_i128().expect("integer scalar"));
    let (Some(max), Some(min)) = (ints.clone().max(), ints.min()) else {
        return Formatter::Int { width: 0, sign };
    };
    let sign = if sign == Sign::Space && min < 0 {
        Sign::Minus
    } else {
        sign
    };
    let mut max_len = max.to_string().len();
    if max >= 0 && sign != Sign::Minus {
        max_len += 1;
    }
    Formatter::Int {
        width: max_len.max(min.to_string().len()),
        sign,
    }
}

/// `FloatingFormat`: the layout every element of one float array shares.
pub(super) struct FloatFormat {
    exp_format: bool,
    d4: Dragon4Options,
    sign: Sign,
    nanstr: String,
    infstr: String,
    /// `pad_left + pad_right + 1`: the width `nan` and `inf` are padded to.
    nonfinite_width: usize,
}

impl FloatFormat {
    pub(super) fn new(data: &[Float], opts: &PrintOptions, sign: Sign) -> Self {
        let mode = opts.floatmode;
        let precision = if mode == FloatMode::Unique {
            -1
        } else {
            opts.precision as i32
        };
        let legacy = opts.legacy_level();
        let finite: Vec<Float> = data
            .iter()
            .copied()
            .filter(|x| x.value().is_finite())
            .collect();
        let single = matches!(data.first(), Some(Float::F32(_)));

        // Scientific notation is chosen from the non-zero finite values, with
        // the comparisons done in the array's own precision (NumPy compares a
        // float32 array with `0.0001` cast to float32).
        let mut exp_format = false;
        let abs_nonzero = finite.iter().map(|x| x.value().abs()).filter(|v| *v != 0.0);
        if let (Some(max), Some(min)) = (
            abs_nonzero.clone().reduce(f64::max),
            abs_nonzero.reduce(f64::min),
        ) {
            let cutoff = if legacy <= 202 {
                1e8
            } else if single {
                1e6 // 10 ** finfo(float32).precision
            } else {
                1e8
            };
            let (small, ratio) = if single {
                (min < 0.0001f32 as f64, (max as f32 / min as f32) as f64)
            } else {
                (min < 0.0001, max / min)
            };
            exp_format = max >= cutoff || (!opts.suppress && (small || ratio > 1000.0));
        }

        let mut d4 = Dragon4Options {
            precision,
            sign: sign == Sign::Plus,
            ..Default::default()
        };
        let (mut pad_left, pad_right);
        if finite.is_empty() {
            pad_left = 0;
            pad_right = 0;
            d4.trim = Trim::Zeros;
            d4.exp_digits = -1;
            d4.unique = true;
        } else {
            let (unique, trim) = if mode == FloatMode::Fixed {
                (false, Trim::Keep)
            } else {
                (true, Trim::Zeros)
            };
            let first = Dragon4Options { unique, trim, ..d4 };
            if exp_format {
                let mut int_len = 0;
                let mut frac_len = 0;
                let mut exp_len = 0;
                for x in &finite {
                    let s = dragon4::scientific(*x, &first);
                    let (mant, exp) = s.split_once('e').expect("scientific has an exponent");
                    let (int, frac) = mant.split_once('.').expect("scientific has a point");
                    int_len = int_len.max(int.len());
                    frac_len = frac_len.max(frac.len());
                    exp_len = exp_len.max(exp.len());
                }
                d4.exp_digits = exp_len as i32 - 1;
                d4.trim = Trim::Keep;
                d4.precision = frac_len as i32;
                d4.min_digits = frac_len as i32;
                d4.unique = unique;
                pad_left = int_len as i32;
                pad_right = d4.exp_digits + 2 + d4.precision;
            } else {
                let mut int_len = 0;
                let mut frac_len = 0;
                for x in &finite {
                    let s = dragon4::positional(*x, &first);
                    let (int, frac) = s.split_once('.').expect("positional has a point");
                    int_len = int_len.max(int.len());
                    frac_len = frac_len.max(frac.len());
                }
                pad_left = int_len as i32;
                pad_right = frac_len as i32;
                d4.unique = unique;
                if matches!(mode, FloatMode::Fixed | FloatMode::MaxPrecEqual) {
                    d4.precision = pad_right;
                    d4.min_digits = pad_right;
                    d4.trim = Trim::Keep;
                } else {
                    d4.trim = Trim::Zeros;
                    d4.min_digits = 0;
                }
            }
        }
        // `sign=' '` leaves room for a sign no value has.
        if sign == Sign::Space && !finite.iter().any(|x| x.value().is_sign_negative()) {
            pad_left += 1;
        }
        if data.len() != finite.len() {
            let neginf = sign != Sign::Minus || data.iter().any(|x| x.value() == f64::NEG_INFINITY);
            let offset = pad_right + 1;
            pad_left = pad_left
                .max(width(&opts.nanstr) as i32 - offset)
                .max(width(&opts.infstr) as i32 + neginf as i32 - offset);
        }
        d4.pad_left = pad_left;
        // Scientific notation has no right padding; there `pad_right` only
        // sizes the non-finite values.
        d4.pad_right = if exp_format { -1 } else { pad_right };
        FloatFormat {
            exp_format,
            d4,
            sign,
            nanstr: opts.nanstr.clone(),
            infstr: opts.infstr.clone(),
            nonfinite_width: (pad_left + pad_right + 1).max(0) as usize,
        }
    }

    pub(super) fn format(&self, x: Float) -> String {
        let v = x.value();
        if !v.is_finite() {
            let ret = if v.is_nan() {
                let sign = if self.sign == Sign::Plus { "+" } else { "" };
                format!("{sign}{}", self.nanstr)
            } else {
                let sign = if v < 0.0 {
                    "-"
                } else if self.sign == Sign::Plus {
                    "+"
                } else {
                    ""
                };
                format!("{sign}{}", self.infstr)
            };
            let pad = self.nonfinite_width.saturating_sub(width(&ret));
            return format!("{}{ret}", " ".repeat(pad));
        }
        if self.exp_format {
            dragon4::scientific(x, &self.d4)
        } else {
            dragon4::positional(x, &self.d4)
        }
    }
}
