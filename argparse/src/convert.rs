//! Typed converters with the errors NumPy gives.

use core::ffi::CStr;

use hpy::{Borrowed, Ctx, ExcType, Global, PyErr, RichCmpOp};

use crate::signature::InitNames;
use crate::{ArgError, ArgResult};

/// NumPy's `NPY_MAXDIMS`.
pub const MAXDIMS: usize = 64;

/// An integer through `__index__` (`'float' object cannot be interpreted as
/// an integer` otherwise).
#[inline]
pub fn index<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> ArgResult<isize> {
    Ok(ctx.index_as_isize(h)?)
}

/// A Python float (anything with `__float__`/`__index__`).
#[inline]
pub fn float<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> ArgResult<f64> {
    Ok(ctx.float_as_f64(h)?)
}

/// A truth value (NumPy's bool converter accepts any object).
#[inline]
pub fn boolean<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> ArgResult<bool> {
    Ok(ctx.is_true(h)?)
}

/// An optional handle: absent and `None` are both `None`.
#[inline]
pub fn optional<'a, 'c>(ctx: Ctx<'c>, h: Option<Borrowed<'a, 'c>>) -> Option<Borrowed<'a, 'c>> {
    h.filter(|h| !ctx.is_none(*h))
}

/// A string argument chosen from a fixed set (`casting='same_kind'`,
/// `order='K'`), matched like keyword names: interned, identity first.
pub struct Choices<const N: usize> {
    arg: &'static str,
    names: [&'static CStr; N],
    listing: &'static str,
    globals: [Global; N],
    /// `None` selects the caller's default (NumPy's order converter).
    none_is_default: bool,
    /// One-letter choices also match in lower case (`order='c'`).
    fold_case: bool,
}

impl<const N: usize> Choices<N> {
    /// Choices for argument `arg`; `listing` is how NumPy lists them in its
    /// error (e.g. `'C', 'F', 'A', or 'K'`).
    pub const fn new(arg: &'static str, names: [&'static CStr; N], listing: &'static str) -> Self {
        Self {
            arg,
            names,
            listing,
            globals: [const { Global::new() }; N],
            none_is_default: false,
            fold_case: false,
        }
    }

    /// Lets `None` select the caller's default, as NumPy's `order=None` does.
    pub const fn none_is_default(mut self) -> Self {
        self.none_is_default = true;
        self
    }

    /// Lets one-letter choices match in lower case, as NumPy's order does.
    pub const fn fold_case(mut self) -> Self {
        self.fold_case = true;
        self
    }

    /// The index chosen by an optional argument: `default` when absent (or
    /// `None`, where that means the default).
    pub fn convert_or<'c>(
        &'static self,
        ctx: Ctx<'c>,
        h: Option<Borrowed<'_, 'c>>,
        default: usize,
    ) -> ArgResult<usize> {
        match h {
            None => Ok(default),
            Some(h) if self.none_is_default && ctx.is_none(h) => Ok(default),
            Some(h) => self.convert(ctx, h),
        }
    }

    /// The globals to list in the module definition.
    pub const fn globals(&'static self) -> &'static [Global] {
        &self.globals
    }

    /// The index of the chosen string.
    pub fn convert<'c>(&'static self, ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> ArgResult<usize> {
        for (i, g) in self.globals.iter().enumerate() {
            if g.is(ctx, h)? {
                return Ok(i);
            }
        }
        self.convert_slow(ctx, h)
    }

    #[cold]
    fn convert_slow<'c>(&'static self, ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> ArgResult<usize> {
        if !ctx.is_str(h) {
            return Err(ArgError::Convert(PyErr::type_error(format!(
                "{} must be str, not {}",
                self.arg,
                ctx.type_name_of(h)
            ))));
        }
        for (i, g) in self.globals.iter().enumerate() {
            let s = g.load(ctx)?;
            if ctx.rich_compare_bool(&s, h, RichCmpOp::Eq)? {
                return Ok(i);
            }
        }
        if self.fold_case {
            let text = ctx.str_to_string(h).unwrap_or_default();
            ctx.err_clear();
            if text.chars().count() == 1 {
                let upper = text.to_uppercase();
                if let Some(i) = self
                    .names
                    .iter()
                    .position(|n| n.to_str() == Ok(upper.as_str()))
                {
                    return Ok(i);
                }
            }
        }
        Err(ArgError::Convert(PyErr::value_error(format!(
            "{} must be one of {} (got {})",
            self.arg,
            self.listing,
            ctx.repr_string(h)?
        ))))
    }

    /// The name of choice `i`.
    pub fn name(&self, i: usize) -> &'static CStr {
        self.names[i]
    }
}

impl<const N: usize> InitNames for Choices<N> {
    fn init_names(&'static self, ctx: Ctx<'_>) -> hpy::PyResult<()> {
        for (n, g) in self.names.iter().zip(&self.globals) {
            let s = ctx.intern(n)?;
            g.store(ctx, &s);
        }
        Ok(())
    }
}

/// Normalises one axis against `ndim`: negative axes count from the end;
/// out of range raises `AxisError` (the class kept in `axis_error`).
pub fn normalize_axis(axis: isize, ndim: usize, axis_error: &'static Global) -> ArgResult<usize> {
    let n = ndim as isize;
    if axis < -n || axis >= n {
        return Err(ArgError::Convert(PyErr::new(
            ExcType::Custom(axis_error),
            format!("axis {axis} is out of bounds for array of dimension {ndim}"),
        )));
    }
    Ok(if axis < 0 {
        (axis + n) as usize
    } else {
        axis as usize
    })
}

/// `axis=`: `None` (all axes: returns `None`), an int, or a tuple of ints,
/// normalised, bounds-checked and free of duplicates.
pub fn axis<'c>(
    ctx: Ctx<'c>,
    h: Option<Borrowed<'_, 'c>>,
    ndim: usize,
    axis_error: &'static Global,
) -> ArgResult<Option<Vec<usize>>> {
    let Some(h) = optional(ctx, h) else {
        return Ok(None);
    };
    if ctx.is_tuple(h) {
        // Every axis is normalised (and bounds-checked) before duplicates are
        // looked for, as NumPy's normalize_axis_tuple does.
        let n = ctx.len(h)?;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let item = ctx.get_item_i(h, i as isize)?;
            out.push(normalize_axis(
                ctx.index_as_isize(&item)?,
                ndim,
                axis_error,
            )?);
        }
        for (i, a) in out.iter().enumerate() {
            if out[..i].contains(a) {
                return Err(ArgError::Convert(PyErr::value_error(
                    "duplicate value in 'axis'",
                )));
            }
        }
        return Ok(Some(out));
    }
    let a = ctx.index_as_isize(h)?;
    Ok(Some(vec![normalize_axis(a, ndim, axis_error)?]))
}

/// A shape: an int or a sequence of ints, each ≥ 0, at most [`MAXDIMS`] long.
pub fn shape<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> ArgResult<Vec<usize>> {
    if ctx.is_none(h) {
        return Err(ArgError::Convert(PyErr::type_error(
            "Use () not None as shape arguments",
        )));
    }
    let dims: Vec<isize> = match ctx.index_as_isize(h) {
        Ok(n) => vec![n],
        Err(e) => {
            let type_error = ctx.constant(|t| t.h_TypeError);
            if !matches!(e, PyErr::Fetched) || !ctx.err_matches(type_error) {
                return Err(e.into());
            }
            ctx.err_clear();
            let n = match ctx.len(h) {
                Ok(n) => n,
                Err(_) => {
                    ctx.err_clear();
                    return Err(ArgError::Convert(PyErr::type_error(format!(
                        "expected a sequence of integers or a single integer, got '{}'",
                        ctx.repr_string(h)?
                    ))));
                }
            };
            if n > MAXDIMS {
                return Err(ArgError::Convert(PyErr::value_error(format!(
                    "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {n}"
                ))));
            }
            let mut v = Vec::with_capacity(n);
            for i in 0..n {
                let item = ctx.get_item_i(h, i as isize)?;
                v.push(ctx.index_as_isize(&item)?);
            }
            v
        }
    };
    if dims.iter().any(|d| *d < 0) {
        return Err(ArgError::Convert(PyErr::value_error(
            "negative dimensions are not allowed",
        )));
    }
    Ok(dims.into_iter().map(|d| d as usize).collect())
}
