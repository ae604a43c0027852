//! `repr` and `str` of arrays, exactly as NumPy 2 prints them
//! (`numpy/_core/arrayprint.py`: `array2string`, `array_repr`, `array_str`).
//!
//! The array is given as a shape, a dtype and its elements in C order: a
//! slice, or (the `*_by` functions) a reader of the element at a C-order
//! index, so that this module knows nothing of strides or memory. A
//! summarised array has only the elements it prints read (NumPy's
//! `_leading_trailing`): `repr(zeros(10**8))` reads 6 of them.
//!
//! The pieces follow NumPy's: [`format`] holds the per-dtype element
//! formatters (which see every value that will be printed first, to share one
//! width), [`dragon4`] the float digit generation they use, and this file the
//! nesting, summarisation (`...`), line wrapping and the `array(...)` frame.
//!
//! Every behaviour is checked against real NumPy by the corpus that
//! `scripts/gen-print-corpus.py` writes to `numpy-core/tests/print_corpus/`.

mod dragon4;
mod format;

#[cfg(test)]
mod tests;

use crate::dtype::DType;
use crate::scalar::Scalar;
use format::{Formatter, width};

/// The `sign` print option.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Sign {
    /// `'-'`: a sign on negative values only.
    #[default]
    Minus,
    /// `'+'`: a sign on every value.
    Plus,
    /// `' '`: a space where a positive value's sign would be.
    Space,
}

/// The `floatmode` print option.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum FloatMode {
    /// `'fixed'`: always `precision` fractional digits.
    Fixed,
    /// `'unique'`: the shortest unique digits, `precision` ignored.
    Unique,
    /// `'maxprec'`: unique digits, at most `precision` of them.
    #[default]
    MaxPrec,
    /// `'maxprec_equal'`: as `MaxPrec`, then every element gets as many
    /// digits as the longest.
    MaxPrecEqual,
}

/// The `legacy` print option, for the modes that differ from today's only in
/// a few rules (`'1.13'`, which changes most of the layout, is not offered).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Legacy {
    /// `'1.21'`
    V1_21,
    /// `'1.25'`
    V1_25,
    /// `'2.1'`
    V2_1,
    /// `'2.2'`: float32 arrays switch to scientific notation at 1e8, not 1e6.
    V2_2,
}

/// `np.get_printoptions()`; [`Default`] is NumPy's defaults.
#[derive(Clone, PartialEq, Debug)]
pub struct PrintOptions {
    /// Digits after the point (`floatmode` says how they are used).
    pub precision: usize,
    /// Arrays with more elements than this are summarised.
    pub threshold: usize,
    /// Items kept at each end of a summarised axis.
    pub edgeitems: usize,
    /// Characters per line.
    pub linewidth: usize,
    /// Never use scientific notation for small values.
    pub suppress: bool,
    /// How NaN prints.
    pub nanstr: String,
    /// How infinity prints.
    pub infstr: String,
    /// Sign mode.
    pub sign: Sign,
    /// Float digit mode.
    pub floatmode: FloatMode,
    /// Legacy printing mode; `None` is `legacy=False`.
    pub legacy: Option<Legacy>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            precision: 8,
            threshold: 1000,
            edgeitems: 3,
            linewidth: 75,
            suppress: false,
            nanstr: "nan".into(),
            infstr: "inf".into(),
            sign: Sign::Minus,
            floatmode: FloatMode::MaxPrec,
            legacy: None,
        }
    }
}

impl PrintOptions {
    /// NumPy's integer form of `legacy` (`sys.maxsize` when off).
    fn legacy_level(&self) -> u32 {
        match self.legacy {
            None => u32::MAX,
            Some(Legacy::V1_21) => 121,
            Some(Legacy::V1_25) => 125,
            Some(Legacy::V2_1) => 201,
            Some(Legacy::V2_2) => 202,
        }
    }
}

/// Python's `str` of a shape tuple: `()`, `(3,)`, `(0, 3)`.
fn shape_tuple(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(|n| n.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// The dtypes whose values alone say the dtype (`_typelessdata`): no
/// `dtype=` in the repr.
fn dtype_is_implied(dtype: DType) -> bool {
    matches!(
        dtype,
        DType::Int64 | DType::Float64 | DType::Complex128 | DType::Bool
    )
}

fn check(values: &[Scalar], shape: &[usize], dtype: DType) {
    assert_eq!(
        values.len(),
        shape.iter().product::<usize>(),
        "values do not fill the shape"
    );
    debug_assert!(values.iter().all(|v| v.dtype() == dtype));
}

/// `np.array2string(a, separator=..., prefix=..., suffix=...)` with the
/// options `opts`: the bracketed elements, without the prefix or suffix
/// themselves (they only set the indentation and the last line's room).
pub fn array2string(
    values: &[Scalar],
    shape: &[usize],
    dtype: DType,
    opts: &PrintOptions,
    separator: &str,
    prefix: &str,
    suffix: &str,
) -> String {
    check(values, shape, dtype);
    array2string_by(
        &|i| values[i],
        shape,
        dtype,
        opts,
        separator,
        prefix,
        suffix,
    )
}

/// [`array2string`] reading the element at each C-order index with `get`
/// (only the printed ones when the array is summarised).
pub fn array2string_by(
    get: &dyn Fn(usize) -> Scalar,
    shape: &[usize],
    dtype: DType,
    opts: &PrintOptions,
    separator: &str,
    prefix: &str,
    suffix: &str,
) -> String {
    let line_width = opts.linewidth as i64 - width(suffix) as i64;
    // A shape whose product overflows cannot be an array's; saturate.
    let size = shape
        .iter()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    if size == 0 {
        return "[]".into();
    }
    let summarise = size > opts.threshold;
    let mut strides = vec![1usize; shape.len()];
    for ax in (0..shape.len().saturating_sub(1)).rev() {
        strides[ax] = strides[ax + 1] * shape[ax + 1];
    }
    // The formatter sees only what will be printed (`_leading_trailing`).
    let data: Vec<Scalar> = if summarise {
        let mut offsets = vec![0usize];
        for (ax, &n) in shape.iter().enumerate() {
            let kept: Vec<usize> = if n > 2 * opts.edgeitems {
                (0..opts.edgeitems).chain(n - opts.edgeitems..n).collect()
            } else {
                (0..n).collect()
            };
            let stride = strides[ax];
            offsets = offsets
                .iter()
                .flat_map(|o| kept.iter().map(move |i| o + i * stride))
                .collect();
        }
        offsets.iter().map(|&o| get(o)).collect()
    } else {
        (0..size).map(get).collect()
    };
    let formatter = Formatter::new(&data, dtype, shape.is_empty(), opts);
    let array = Printer {
        get,
        shape,
        strides: &strides,
        formatter: &formatter,
        separator,
        edgeitems: opts.edgeitems,
        summarise,
    };
    let hanging = format!(" {}", " ".repeat(width(prefix)));
    array.recurse(0, 0, &hanging, line_width)
}

/// `repr(a)`: `array([1, 2], dtype=int32)`.
pub fn array_repr(values: &[Scalar], shape: &[usize], dtype: DType, opts: &PrintOptions) -> String {
    check(values, shape, dtype);
    array_repr_by(&|i| values[i], shape, dtype, opts)
}

/// [`array_repr`] reading elements with `get` (see [`array2string_by`]).
pub fn array_repr_by(
    get: &dyn Fn(usize) -> Scalar,
    shape: &[usize],
    dtype: DType,
    opts: &PrintOptions,
) -> String {
    let prefix = "array(";
    let body = array2string_by(get, shape, dtype, opts, ", ", prefix, ")");
    let size = shape
        .iter()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    let mut extras = Vec::new();
    if (size == 0 && shape != [0]) || (opts.legacy_level() > 210 && size > opts.threshold) {
        extras.push(format!("shape={}", shape_tuple(shape)));
    }
    if !dtype_is_implied(dtype) || size == 0 {
        extras.push(format!("dtype={}", dtype.name()));
    }
    if extras.is_empty() {
        return format!("{prefix}{body})");
    }
    let arr = format!("{prefix}{body},");
    let extra = format!("{})", extras.join(", "));
    let last_line = width(&arr[arr.rfind('\n').map_or(0, |i| i + 1)..]);
    let spacer = if last_line + width(&extra) + 1 > opts.linewidth {
        format!("\n{}", " ".repeat(width(prefix)))
    } else {
        " ".into()
    };
    format!("{arr}{spacer}{extra}")
}

/// `str(a)`: `[1. 2.]`; a 0-d array prints as its scalar does.
pub fn array_str(values: &[Scalar], shape: &[usize], dtype: DType, opts: &PrintOptions) -> String {
    check(values, shape, dtype);
    array_str_by(&|i| values[i], shape, dtype, opts)
}

/// [`array_str`] reading elements with `get` (see [`array2string_by`]).
pub fn array_str_by(
    get: &dyn Fn(usize) -> Scalar,
    shape: &[usize],
    dtype: DType,
    opts: &PrintOptions,
) -> String {
    if shape.is_empty() {
        return get(0).to_string();
    }
    array2string_by(get, shape, dtype, opts, " ", "", "")
}

/// `_formatArray`'s state.
struct Printer<'a> {
    /// The element at a C-order index.
    get: &'a dyn Fn(usize) -> Scalar,
    shape: &'a [usize],
    strides: &'a [usize],
    formatter: &'a Formatter,
    separator: &'a str,
    edgeitems: usize,
    summarise: bool,
}

/// `_extendLine`: start a new line when `word` would pass `line_width`,
/// unless the line holds nothing but its indent yet.
fn extend_line(s: &mut String, line: &mut String, word: &str, line_width: i64, indent: &str) {
    let needs_wrap = (width(line) + width(word)) as i64 > line_width && width(line) > width(indent);
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = indent.to_string();
    }
    line.push_str(word);
}

impl Printer<'_> {
    /// `recurser`: the sub-array at `offset` from `axis` on, bracketed,
    /// later lines indented by `hanging`, fitting `cur_width`.
    fn recurse(&self, axis: usize, offset: usize, hanging: &str, cur_width: i64) -> String {
        let axes_left = self.shape.len() - axis;
        if axes_left == 0 {
            return self.formatter.format(&(self.get)(offset));
        }
        let next_hanging = format!("{hanging} ");
        let next_width = cur_width - 1;
        let len = self.shape[axis];
        let stride = self.strides[axis];
        let show_summary = self.summarise && 2 * self.edgeitems < len;
        let (leading, trailing) = if show_summary {
            (self.edgeitems, self.edgeitems)
        } else {
            (0, len)
        };
        // Indices in print order; `None` is the `...`. The last item is
        // always printed, even with `edgeitems=0`, as NumPy does.
        let order = (0..leading)
            .map(Some)
            .chain(show_summary.then_some(None))
            .chain((len - trailing..len - 1).map(Some))
            .chain(std::iter::once(Some(len - 1)));
        let item =
            |i: usize| self.recurse(axis + 1, offset + i * stride, &next_hanging, next_width);

        let mut s = String::new();
        if axes_left == 1 {
            let sep_width = width(self.separator.trim_end()).max(1) as i64;
            let elem_width = cur_width - sep_width;
            let mut line = hanging.to_string();
            let mut order = order.peekable();
            while let Some(i) = order.next() {
                let word = i.map_or_else(|| "...".to_string(), item);
                extend_line(&mut s, &mut line, &word, elem_width, hanging);
                if order.peek().is_some() {
                    line.push_str(self.separator);
                }
            }
            s.push_str(&line);
        } else {
            let line_sep = format!(
                "{}{}",
                self.separator.trim_end(),
                "\n".repeat(axes_left - 1)
            );
            let mut order = order.peekable();
            while let Some(i) = order.next() {
                s.push_str(hanging);
                s.push_str(&i.map_or_else(|| "...".to_string(), item));
                if order.peek().is_some() {
                    s.push_str(&line_sep);
                }
            }
        }
        format!("[{}]", &s[hanging.len()..])
    }
}
