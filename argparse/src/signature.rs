//! Static signatures and the vectorcall parser.

use core::ffi::CStr;

use hpy::{Borrowed, Ctx, Global, PyErr, PyResult, RichCmpOp};

use crate::{ArgError, ArgResult, pyarg_says_unexpected};

/// How a parameter may be passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Only by position (before `/` in a Python signature).
    PositionalOnly,
    /// By position or by name.
    PositionalOrKeyword,
    /// Only by name (after `*`).
    KeywordOnly,
}

/// One parameter of a [`Signature`].
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// The Python name (used to match keywords and in messages).
    pub name: &'static CStr,
    /// How it may be passed.
    pub kind: Kind,
    /// Whether the call must supply it.
    pub required: bool,
}

impl Param {
    /// A required positional-only parameter.
    pub const fn positional(name: &'static CStr) -> Self {
        Self {
            name,
            kind: Kind::PositionalOnly,
            required: true,
        }
    }

    /// A required positional-or-keyword parameter.
    pub const fn either(name: &'static CStr) -> Self {
        Self {
            name,
            kind: Kind::PositionalOrKeyword,
            required: true,
        }
    }

    /// A required keyword-only parameter.
    pub const fn keyword(name: &'static CStr) -> Self {
        Self {
            name,
            kind: Kind::KeywordOnly,
            required: true,
        }
    }

    /// The same parameter, optional.
    pub const fn optional(self) -> Self {
        Self {
            required: false,
            ..self
        }
    }

    fn name_str(&self) -> &'static str {
        self.name.to_str().unwrap_or("?")
    }
}

/// The parsed slots of one call: one per parameter, `None` when not given;
/// each handle is kept open for `'a` by the call's arguments (or by
/// [`Signature::parse_dict`] while its closure runs).
#[derive(Clone, Copy)]
pub struct Args<'a, 'c, const N: usize>(pub [Option<Borrowed<'a, 'c>>; N]);

impl<'a, 'c, const N: usize> Args<'a, 'c, N> {
    /// The argument of parameter `i`, if given.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Borrowed<'a, 'c>> {
        self.0[i]
    }

    /// A new handle, owned for the whole call, to the argument of parameter
    /// `i` (for results that must outlive a shorter-lived `Args`, as those
    /// of [`Signature::parse_dict`]).
    pub fn dup_for(&self, ctx: Ctx<'c>, i: usize) -> Option<hpy::Handle<'c>> {
        self.0[i].map(|h| ctx.dup(h))
    }

    /// The argument of parameter `i`, treating an explicit `None` as absent
    /// (NumPy's `out=None`, `axis=None` ...).
    #[inline]
    pub fn get_not_none(&self, ctx: Ctx<'c>, i: usize) -> Option<Borrowed<'a, 'c>> {
        self.0[i].filter(|h| !ctx.is_none(*h))
    }
}

/// A function's signature, described once, statically.
pub struct Signature<const N: usize> {
    fname: &'static str,
    params: [Param; N],
    /// Interned names, one `HPyGlobal` per parameter (positional-only ones
    /// too: the "passed as keyword" error needs them).
    names: [Global; N],
    /// How many parameters may be given positionally.
    npos: usize,
    /// How many leading positional parameters are required.
    nreq_pos: usize,
    /// How many leading parameters are positional-only (never matched by name).
    npos_only: usize,
    /// Whether a missing positional is reported as a count error (NumPy's
    /// ufuncs: `add() takes from 2 to 3 positional arguments but 1 was given`).
    count_style: bool,
    /// Whether errors use `PyArg_ParseTupleAndKeywords`'s wording (NumPy's
    /// `ndarray()` and `dtype()` constructors).
    pyarg_style: bool,
    /// Whether missing arguments are reported as a Python `def` reports them
    /// (`can_cast() missing 1 required positional argument: 'to'`): the
    /// functions NumPy defines in Python, or whose `__array_function__`
    /// dispatcher (a Python function) sees the arguments first.
    python_style: bool,
    /// Whether missing arguments are reported as NumPy's C parser
    /// (`npy_parse_arguments`) reports them: positions counted from 0
    /// (`array() missing required argument 'object' (pos 0)`).
    npy_style: bool,
}

impl<const N: usize> Signature<N> {
    /// A signature for `fname` (the name in error messages). Parameters must be
    /// ordered positional-only, positional-or-keyword, keyword-only, with no
    /// required positional after an optional one (checked at compile time).
    pub const fn new(fname: &'static str, params: [Param; N]) -> Self {
        let mut npos = 0;
        let mut nreq_pos = 0;
        let mut npos_only = 0;
        let mut seen_optional = false;
        let mut i = 0;
        while i < N {
            let p = params[i];
            match p.kind {
                Kind::PositionalOnly | Kind::PositionalOrKeyword => {
                    assert!(
                        npos == i,
                        "positional parameters must come before keyword-only ones"
                    );
                    if matches!(p.kind, Kind::PositionalOnly) {
                        npos_only += 1;
                        assert!(
                            i == 0 || matches!(params[i - 1].kind, Kind::PositionalOnly),
                            "positional-only parameters must come first"
                        );
                    }
                    npos += 1;
                    if p.required {
                        assert!(
                            !seen_optional,
                            "a required positional parameter follows an optional one"
                        );
                        nreq_pos += 1;
                    } else {
                        seen_optional = true;
                    }
                }
                Kind::KeywordOnly => {}
            }
            i += 1;
        }
        Self {
            fname,
            params,
            names: [const { Global::new() }; N],
            npos,
            nreq_pos,
            npos_only,
            count_style: false,
            pyarg_style: false,
            python_style: false,
            npy_style: false,
        }
    }

    /// Reports missing positional arguments as a count error, as NumPy's
    /// ufuncs do.
    pub const fn count_style(mut self) -> Self {
        self.count_style = true;
        self
    }

    /// Words errors as `PyArg_ParseTupleAndKeywords` does (`ndarray() takes
    /// at most 6 arguments (7 given)`, `'x' is an invalid keyword argument for
    /// dtype()`), as NumPy's constructors report them.
    pub const fn pyarg_style(mut self) -> Self {
        self.pyarg_style = true;
        self
    }

    /// Reports missing arguments in the words of a Python `def`, as NumPy's
    /// Python-level functions do: `full() missing 2 required positional
    /// arguments: 'shape' and 'fill_value'`.
    pub const fn python_style(mut self) -> Self {
        self.python_style = true;
        self
    }

    /// Reports missing arguments as NumPy's `npy_parse_arguments` does
    /// (`zeros() missing required argument 'shape' (pos 0)`, and
    /// `promote_types() missing required positional argument 1` for a
    /// positional-only parameter).
    pub const fn npy_style(mut self) -> Self {
        self.npy_style = true;
        self
    }

    /// The interned names' globals, for the part's `globals` (the module
    /// interns them at exec).
    pub const fn globals(&'static self) -> hpy::Globals {
        hpy::Globals::filled_by(&self.names, self)
    }

    /// The parameters.
    pub fn params(&self) -> &[Param; N] {
        &self.params
    }

    /// Parses a vectorcall: `args[..nargs]` positional, then one value per
    /// name in `kwnames` (`args` is the entry point's [`hpy::CallArgs`] or a
    /// slice of it).
    #[inline]
    pub fn parse<'a, 'c>(
        &'static self,
        ctx: Ctx<'c>,
        args: impl AsRef<[Borrowed<'a, 'c>]>,
        nargs: usize,
        kwnames: Option<Borrowed<'_, 'c>>,
    ) -> ArgResult<Args<'a, 'c, N>> {
        self.parse_named(ctx, args, nargs, kwnames, self.fname)
    }

    /// [`Signature::parse`] for a function whose name is known only at run
    /// time (every ufunc shares its signature): errors name `fname`.
    #[inline]
    pub fn parse_named<'a, 'c>(
        &'static self,
        ctx: Ctx<'c>,
        args: impl AsRef<[Borrowed<'a, 'c>]>,
        nargs: usize,
        kwnames: Option<Borrowed<'_, 'c>>,
        fname: &str,
    ) -> ArgResult<Args<'a, 'c, N>> {
        let args = args.as_ref();
        let mut out = Args([None; N]);
        if nargs > self.npos {
            if self.pyarg_style {
                let given = nargs + kwnames.map_or(Ok(0), |k| ctx.len(k))?;
                return Err(self.mismatch(
                    fname,
                    format!("takes at most {N} arguments ({given} given)"),
                ));
            }
            return Err(self.count_error(fname, nargs));
        }
        for (slot, h) in out.0.iter_mut().zip(&args[..nargs]) {
            *slot = Some(*h);
        }
        if let Some(kw) = kwnames {
            let values = &args[nargs..];
            match ctx.tuple_items_borrowed(kw) {
                Some(names) => {
                    for (j, value) in values.iter().enumerate().take(names.len()) {
                        self.bind(fname, ctx, &mut out, names.get(j), *value)?;
                    }
                }
                None => {
                    for (j, value) in values.iter().enumerate() {
                        let name = ctx.get_item_i(kw, j as isize)?;
                        self.bind(fname, ctx, &mut out, name.borrow(), *value)?;
                    }
                }
            }
        }
        for (i, p) in self.params.iter().enumerate() {
            if p.required && out.0[i].is_none() {
                if self.python_style {
                    return Err(self.missing_python(fname, &out));
                }
                return Err(self.missing(fname, i, nargs));
            }
        }
        Ok(out)
    }

    /// Binds the keyword argument `name=value`.
    #[inline]
    fn bind<'a, 'c>(
        &'static self,
        fname: &str,
        ctx: Ctx<'c>,
        out: &mut Args<'a, 'c, N>,
        name: Borrowed<'_, 'c>,
        value: Borrowed<'a, 'c>,
    ) -> ArgResult<()> {
        let i = self.find(fname, ctx, name)?;
        if out.0[i].is_some() {
            if self.pyarg_style {
                return Err(ArgError::Mismatch(format!(
                    "argument for {}() given by name ('{}') and position ({})",
                    fname,
                    self.params[i].name_str(),
                    i + 1
                )));
            }
            return Err(self.mismatch(
                fname,
                format!(
                    "got multiple values for argument '{}'",
                    self.params[i].name_str()
                ),
            ));
        }
        out.0[i] = Some(value);
        Ok(())
    }

    /// Parses the `tp_new`/`tp_init` convention (a positional array and a
    /// keyword dict) and runs `f` with the slots; the keyword values stay
    /// open while `f` runs (the slots' lifetime says so).
    pub fn parse_dict<'c, R>(
        &'static self,
        ctx: Ctx<'c>,
        args: impl AsRef<[Borrowed<'c, 'c>]>,
        kw: Option<Borrowed<'_, 'c>>,
        f: impl for<'a> FnOnce(&Args<'a, 'c, N>) -> PyResult<R>,
    ) -> PyResult<R> {
        let args = args.as_ref();
        let Some(kw) = kw.filter(|k| ctx.len(*k).map(|n| n > 0).unwrap_or(true)) else {
            let a = crate::py(self.parse(ctx, args, args.len(), None))?;
            return f(&a);
        };
        let keys = ctx.dict_keys(kw)?;
        let n = ctx.len(&keys)?;
        let mut names = Vec::with_capacity(n);
        let mut values = Vec::with_capacity(n);
        for i in 0..n {
            let k = ctx.get_item_i(&keys, i as isize)?;
            values.push(ctx.get_item(kw, &k)?);
            names.push(k);
        }
        let name_items: Vec<Borrowed<'_, 'c>> = names.iter().map(hpy::Handle::borrow).collect();
        let kwnames = ctx.tuple(&name_items)?;
        let mut all: Vec<Borrowed<'_, 'c>> = args.to_vec();
        all.extend(values.iter().map(hpy::Handle::borrow));
        let a = crate::py(self.parse(ctx, &all, args.len(), Some(kwnames.borrow())))?;
        f(&a)
    }

    /// The parameter a keyword names: identity first, then equality.
    #[inline]
    fn find<'c>(
        &'static self,
        fname: &str,
        ctx: Ctx<'c>,
        name: Borrowed<'_, 'c>,
    ) -> ArgResult<usize> {
        if ctx.handles_are_objects() {
            for i in self.npos_only..N {
                if self.names[i].is_raw(name) {
                    return Ok(i);
                }
            }
        } else {
            for i in self.npos_only..N {
                if self.names[i].is(ctx, name)? {
                    return Ok(i);
                }
            }
        }
        self.find_slow(fname, ctx, name)
    }

    #[cold]
    fn find_slow<'c>(
        &'static self,
        fname: &str,
        ctx: Ctx<'c>,
        name: Borrowed<'_, 'c>,
    ) -> ArgResult<usize> {
        if !ctx.is_str(name) {
            return Err(self.mismatch(fname, "keywords must be strings".to_owned()));
        }
        for i in 0..N {
            let interned = self.names[i].load(ctx)?;
            if ctx.rich_compare_bool(&interned, name, RichCmpOp::Eq)? {
                if self.params[i].kind == Kind::PositionalOnly {
                    return Err(self.mismatch(
                        fname,
                        format!(
                            "got some positional-only arguments passed as keyword arguments: '{}'",
                            self.params[i].name_str()
                        ),
                    ));
                }
                return Ok(i);
            }
        }
        // The message is built as a Python str around the name object itself,
        // as CPython does: names need not be valid UTF-8 (lone surrogates).
        let (head, tail) = if self.pyarg_style && !pyarg_says_unexpected(ctx)? {
            (
                "'".to_owned(),
                format!("' is an invalid keyword argument for {}()", fname),
            )
        } else {
            (
                format!("{}() got an unexpected keyword argument '", fname),
                "'".to_owned(),
            )
        };
        let head = ctx.str(&head)?;
        let quote = ctx.str(&tail)?;
        let msg = ctx.add(&ctx.add(&head, name)?, &quote)?;
        ctx.raise_object(ctx.constant(|t| t.h_TypeError), &msg);
        Err(ArgError::Convert(PyErr::fetched()))
    }

    #[cold]
    fn mismatch(&self, fname: &str, msg: String) -> ArgError {
        ArgError::Mismatch(format!("{}() {msg}", fname))
    }

    #[cold]
    fn count_error(&self, fname: &str, given: usize) -> ArgError {
        let was = if given == 1 { "was" } else { "were" };
        let (min, max) = (self.nreq_pos, self.npos);
        let takes = if min == max {
            format!(
                "takes {max} positional argument{}",
                if max == 1 { "" } else { "s" }
            )
        } else {
            format!("takes from {min} to {max} positional arguments")
        };
        self.mismatch(fname, format!("{takes} but {given} {was} given"))
    }

    /// CPython's `missing_arguments()`: every missing positional parameter
    /// is named (`'a', 'b', and 'c'`); keyword-only ones only when no
    /// positional one is missing.
    #[cold]
    fn missing_python(&self, fname: &str, out: &Args<'_, '_, N>) -> ArgError {
        let names_of = |keyword_only: bool| -> Vec<String> {
            self.params
                .iter()
                .zip(&out.0)
                .filter(|(p, a)| {
                    p.required && a.is_none() && (p.kind == Kind::KeywordOnly) == keyword_only
                })
                .map(|(p, _)| format!("'{}'", p.name_str()))
                .collect()
        };
        let (names, what) = match names_of(false) {
            v if v.is_empty() => (names_of(true), "keyword-only"),
            v => (v, "positional"),
        };
        let list = match names.as_slice() {
            [one] => one.clone(),
            [a, b] => format!("{a} and {b}"),
            [init @ .., last] => format!("{}, and {last}", init.join(", ")),
            [] => String::new(),
        };
        let s = if names.len() == 1 { "" } else { "s" };
        self.mismatch(
            fname,
            format!(
                "missing {} required {what} argument{s}: {list}",
                names.len()
            ),
        )
    }

    #[cold]
    fn missing(&self, fname: &str, i: usize, nargs: usize) -> ArgError {
        let p = &self.params[i];
        match p.kind {
            Kind::KeywordOnly => self.mismatch(
                fname,
                format!("missing required keyword-only argument '{}'", p.name_str()),
            ),
            Kind::PositionalOnly if self.count_style => self.count_error(fname, nargs),
            Kind::PositionalOnly if self.npy_style => {
                self.mismatch(fname, format!("missing required positional argument {i}"))
            }
            _ if self.npy_style => self.mismatch(
                fname,
                format!("missing required argument '{}' (pos {i})", p.name_str()),
            ),
            _ => self.mismatch(
                fname,
                format!(
                    "missing required argument '{}' (pos {})",
                    p.name_str(),
                    i + 1
                ),
            ),
        }
    }
}

impl<const N: usize> hpy::InitGlobals for Signature<N> {
    /// Interns the parameter names and stores them in their globals.
    fn init_globals(&'static self, ctx: Ctx<'_>) -> PyResult<()> {
        for (p, g) in self.params.iter().zip(&self.names) {
            let s = ctx.intern(p.name)?;
            g.store(ctx, &s);
        }
        Ok(())
    }
}
