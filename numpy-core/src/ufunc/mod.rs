//! `numpy_hpy.ufunc`: the ufunc type, its instances (one per entry of
//! `numpy_pure::ufunc::table::UFUNCS`, each holding its loop table), the
//! call through HPy's `tp_call` (vectorcall on CPython) and the array
//! operators, which call the same machinery without a Python-level lookup.

mod call;
pub mod operators;
pub mod reduce;

use argparse::{Param, Signature};
use hpy::{Borrowed, CallArgs, Ctx, Global, Handle, ObjectData, PyErr, PyResult};

use crate::descr::dtype_from_object;
use crate::dtype::{Casting, DType};
use crate::errors::py_err;
pub(crate) use call::iter_operand;
pub use call::{Options, execute, report_flags};
use numpy_pure::ufunc::{Identity, LoopTable, table::UFUNCS};
pub use operators::binary_op;

/// The data of a ufunc object: its loops.
pub struct UfuncData {
    /// The loops, built at import.
    pub table: LoopTable,
}

impl ObjectData for UfuncData {
    const HAS_FIELDS: bool = false;
}

/// `UFuncTypeError` (a `TypeError`), as NumPy's
/// `numpy._core._exceptions.UFuncTypeError`.
pub static UFUNC_TYPE_ERROR: Global = Global::new();

/// The ufunc objects, in `UFUNCS` order (operators load them from here).
static OBJECTS: [Global; UFUNCS.len()] = [const { Global::new() }; UFUNCS.len()];

/// The index of ufunc `name` in `UFUNCS` (at compile time, or at run time on
/// error paths).
pub const fn index_of(name: &str) -> usize {
    let mut i = 0;
    while i < UFUNCS.len() {
        let n = UFUNCS[i].name.as_bytes();
        let m = name.as_bytes();
        if n.len() == m.len() {
            let mut j = 0;
            while j < n.len() && n[j] == m[j] {
                j += 1;
            }
            if j == n.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("no such ufunc")
}

/// The ufunc object number `i`.
pub fn ufunc_object<'c>(ctx: Ctx<'c>, i: usize) -> PyResult<Handle<'c>> {
    OBJECTS[i].load(ctx)
}

/// Runs `f` with the loop table of ufunc number `i`.
pub fn with_table<'c, R>(
    ctx: Ctx<'c>,
    i: usize,
    f: impl FnOnce(&LoopTable) -> PyResult<R>,
) -> PyResult<R> {
    let obj = OBJECTS[i].load(ctx)?;
    let data = UFUNC_SPEC.data(ctx, obj.borrow())?;
    f(&data.table)
}

// No `__name__` getset: PyPy's HPy sets getsets with `setattr` on the new
// type, which refuses a non-str `__name__`; the package installs
// `ufunc.__getattr__` for it instead (`_ufuncs.py`).
// No `doc:`: the type's own docstring would shadow the per-ufunc `__doc__`
// getter (CPython sets `__doc__` from `tp_doc` after the getsets).
hpy::type_spec!(pub static UFUNC_SPEC: UfuncData = {
    name: c"numpy_hpy.ufunc",
    flags: 0,
    defines: [UF_CALL, UF_REPR, M_REDUCE, M_ACCUMULATE, G_DOC, G_NIN, G_NOUT, G_NARGS, G_NTYPES, G_TYPES, G_IDENTITY, G_SIGNATURE],
});

hpy::part!(
    /// What the ufuncs add to the module: the type, one object per ufunc,
    /// `UFuncTypeError`.
    pub static PART = {
        defines: [UFUNC_NAME, UFUNC_AT],
        globals: [
            hpy::Globals::one(&UFUNC_TYPE_ERROR),
            hpy::Globals::all(&OBJECTS),
            SIG_11.globals(),
            SIG_21.globals(),
            SIG_12.globals(),
            SIG_22.globals(),
            SIG_REDUCE.globals(),
            SIG_ACCUMULATE.globals(),
            SIG_AT.globals(),
        ],
        type_specs: [UFUNC_SPEC],
        init: init,
    }
);

fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    let ty = UFUNC_SPEC.create(ctx, None, None)?;
    ctx.setattr_s(module, c"ufunc", &ty)?;
    let bases = ctx.tuple(&[ctx.constant(|t| t.h_TypeError)])?;
    let err = ctx.new_exception(
        c"numpy_hpy._core.UFuncTypeError",
        &bases,
        c"A ufunc refused its operands' types.",
    )?;
    UFUNC_TYPE_ERROR.store(ctx, &err);
    ctx.setattr_s(module, c"UFuncTypeError", &err)?;
    for (i, def) in UFUNCS.iter().enumerate() {
        let table = LoopTable::new(def).map_err(|e| PyErr::new(hpy::ExcType::SystemError, e))?;
        let obj = UFUNC_SPEC.instance(ctx, UfuncData { table })?;
        OBJECTS[i].store(ctx, &obj);
        let name = std::ffi::CString::new(def.name).expect("no NUL");
        ctx.setattr_s(module, &name, &obj)?;
    }
    Ok(())
}

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a UfuncData> {
    UFUNC_SPEC.data(ctx, h)
}

// ------------------------------------------------------------ attributes

fn g_name<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.str(this(ctx, slf)?.table.def.name)
}

fn g_doc<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let d = this(ctx, slf)?.table.def;
    ctx.str(&format!("{}\n\n{}", d.signature_line, d.summary))
}

fn g_nin<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(i64::from(this(ctx, slf)?.table.def.nin))
}

fn g_nout<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(i64::from(this(ctx, slf)?.table.def.nout))
}

fn g_nargs<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(this(ctx, slf)?.table.def.nargs() as i64)
}

fn g_ntypes<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(this(ctx, slf)?.table.def.types.len() as i64)
}

fn g_types<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let d = this(ctx, slf)?.table.def;
    let items = d
        .types
        .iter()
        .map(|t| ctx.str(t))
        .collect::<PyResult<Vec<_>>>()?;
    let b: Vec<Borrowed<'_, 'c>> = items.iter().map(Handle::borrow).collect();
    ctx.list(&b)
}

fn g_identity<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    match this(ctx, slf)?.table.def.identity {
        Identity::None => Ok(ctx.none()),
        Identity::Zero => ctx.long_from_i64(0),
        Identity::One => ctx.long_from_i64(1),
        Identity::MinusOne => ctx.long_from_i64(-1),
        Identity::True => Ok(ctx.bool(true)),
        Identity::False => Ok(ctx.bool(false)),
        Identity::NegInf => ctx.float_from_f64(f64::NEG_INFINITY),
    }
}

fn g_signature<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    this(ctx, slf)?;
    Ok(ctx.none())
}

fn uf_repr<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.str(&format!("<ufunc '{}'>", this(ctx, slf)?.table.def.name))
}

hpy::meth!(static UFUNC_NAME: o = c"_ufunc_name", |ctx, _m, uf| g_name(ctx, uf),
    c"_ufunc_name(ufunc)\n--\n\nThe ufunc's name (`ufunc.__name__`, installed by the package).");
hpy::getset!(static G_DOC = c"__doc__", get: g_doc);
hpy::getset!(static G_NIN = c"nin", get: g_nin, doc: c"The number of inputs.");
hpy::getset!(static G_NOUT = c"nout", get: g_nout, doc: c"The number of outputs.");
hpy::getset!(static G_NARGS = c"nargs", get: g_nargs, doc: c"The number of arguments.");
hpy::getset!(static G_NTYPES = c"ntypes", get: g_ntypes, doc: c"The number of types.");
hpy::getset!(static G_TYPES = c"types", get: g_types, doc: c"Returns a list with types grouped input->output.");
hpy::getset!(static G_IDENTITY = c"identity", get: g_identity, doc: c"The identity value.");
hpy::getset!(static G_SIGNATURE = c"signature", get: g_signature, doc: c"Definition of the core elements a generalized ufunc operates on.");
hpy::slot!(static UF_REPR: reprfunc = HPy_tp_repr, uf_repr);
hpy::slot!(static UF_CALL: keywords = HPy_tp_call, uf_call);

// ------------------------------------------------------------------ call

const KW: [Param; 7] = [
    Param::keyword(c"out").optional(),
    Param::keyword(c"where").optional(),
    Param::keyword(c"casting").optional(),
    Param::keyword(c"order").optional(),
    Param::keyword(c"dtype").optional(),
    Param::keyword(c"subok").optional(),
    Param::keyword(c"signature").optional(),
];

const fn params<const N: usize>(nin: usize, nout: usize) -> [Param; N] {
    let mut p = [Param::positional(c"x"); N];
    let names = [c"x1", c"x2"];
    let outs = [c"out1", c"out2"];
    let mut i = 0;
    while i < nin {
        p[i] = Param::positional(if nin == 1 { c"x" } else { names[i] });
        i += 1;
    }
    let mut j = 0;
    while j < nout {
        p[nin + j] = Param::positional(outs[j]).optional();
        j += 1;
    }
    let mut k = 0;
    while k < KW.len() {
        p[nin + nout + k] = KW[k];
        k += 1;
    }
    p
}

// Shared by every ufunc of that shape; errors name the ufunc (`parse_named`).
static SIG_11: Signature<9> = Signature::new("ufunc", params::<9>(1, 1)).count_style();
static SIG_21: Signature<10> = Signature::new("ufunc", params::<10>(2, 1)).count_style();
static SIG_12: Signature<10> = Signature::new("ufunc", params::<10>(1, 2)).count_style();

static SIG_22: Signature<11> = Signature::new("ufunc", params::<11>(2, 2)).count_style();

fn uf_call<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'c, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kwnames: Option<Borrowed<'c, 'c>>,
) -> PyResult<Handle<'c>> {
    let uf = this(ctx, slf)?;
    let t = &uf.table;
    let name = t.def.name;
    let (nin, nout) = (usize::from(t.def.nin), usize::from(t.def.nout));
    // The inputs alone, positional (the common call): nothing to parse.
    if kwnames.is_none() && nargs == nin {
        let items = args.as_slice();
        if items.len() == nin {
            return execute(ctx, t, items, &[None, None][..nout], &Options::defaults());
        }
    }
    macro_rules! go {
        ($sig:expr) => {{
            let a = argparse::py($sig.parse_named(ctx, &args, nargs, kwnames, name))?;
            call_parsed(ctx, t, &a.0, nin, nout)
        }};
    }
    match (nin, nout) {
        (1, 1) => go!(SIG_11),
        (2, 1) => go!(SIG_21),
        (1, 2) => go!(SIG_12),
        _ => go!(SIG_22),
    }
}

fn call_parsed<'a, 'c>(
    ctx: Ctx<'c>,
    t: &LoopTable,
    slots: &[Option<Borrowed<'a, 'c>>],
    nin: usize,
    nout: usize,
) -> PyResult<Handle<'c>> {
    let mut inputs = [slots[0].expect("required"); 2];
    for (k, s) in slots[..nin].iter().enumerate() {
        inputs[k] = s.expect("required");
    }
    let inputs = &inputs[..nin];
    let kw = &slots[nin + nout..];
    // Without keywords or positional outputs (the common call), nothing to
    // collect.
    if kw.iter().all(Option::is_none) && slots[nin..nin + nout].iter().all(Option::is_none) {
        return execute(ctx, t, inputs, &[None, None][..nout], &Options::defaults());
    }
    // The outputs as handles of their own (a tuple's items are not borrowed
    // from it: HPy debug mode hands out new handles for them).
    let mut owned: Vec<Option<Handle<'c>>> = slots[nin..nin + nout]
        .iter()
        .map(|s| s.map(|h| ctx.dup(h)))
        .collect();
    if let Some(out) = kw[0].filter(|o| !ctx.is(*o, ctx.constant(|t| t.h_Ellipsis))) {
        if owned.iter().any(Option::is_some) {
            return Err(PyErr::type_error(
                "cannot specify 'out' as both a positional and keyword argument",
            ));
        }
        if ctx.is_tuple(out) {
            let n = ctx.len(out)?;
            if n != nout {
                return Err(PyErr::value_error(
                    "The 'out' tuple must have exactly one entry per ufunc output",
                ));
            }
            for (k, o) in owned.iter_mut().enumerate() {
                *o = Some(ctx.get_item_i(out, k as isize)?);
            }
        } else if nout == 1 {
            owned[0] = Some(ctx.dup(out));
        } else {
            return Err(PyErr::type_error("'out' must be a tuple of arrays"));
        }
    }
    // `out=...` asks for arrays (0-d results not turned into scalars).
    let keep_arrays = kw[0].is_some_and(|o| ctx.is(o, ctx.constant(|t| t.h_Ellipsis)));
    if keep_arrays && owned.iter().any(Option::is_some) {
        return Err(PyErr::type_error(
            "cannot specify 'out' as both a positional and keyword argument",
        ));
    }
    let outs: Vec<Option<Borrowed<'_, 'c>>> = owned
        .iter()
        .map(|o| o.as_ref().map(Handle::borrow).filter(|h| !ctx.is_none(*h)))
        .collect();
    let none = |h: Option<Borrowed<'a, 'c>>| h.filter(|h| !ctx.is_none(*h));
    let mut opts = Options::defaults();
    opts.keep_arrays = keep_arrays;
    opts.where_ = kw[1].filter(|w| !ctx.is(*w, ctx.constant(|t| t.h_True)));
    if let Some(c) = kw[2] {
        if !ctx.is_str(c) {
            return Err(PyErr::type_error(format!(
                "casting must be str, not {}",
                ctx.type_name_of(c)
            )));
        }
        let s = ctx.str_to_string(c)?;
        opts.casting = s.parse::<Casting>().map_err(py_err)?;
    }
    if let Some(o) = none(kw[3]) {
        if !ctx.is_str(o) {
            return Err(PyErr::type_error(format!(
                "order must be str, not {}",
                ctx.type_name_of(o)
            )));
        }
        let s = ctx.str_to_string(o)?;
        opts.order = match s.as_str() {
            "K" | "k" => b'K',
            "A" | "a" => b'A',
            "C" | "c" => b'C',
            "F" | "f" => b'F',
            _ => {
                return Err(PyErr::value_error(format!(
                    "order must be one of 'C', 'F', 'A', or 'K' (got '{s}')"
                )));
            }
        };
    }
    if let Some(d) = none(kw[4]) {
        let d = dtype_from_object(ctx, d)?;
        opts.fixed = vec![None; nin + nout];
        for f in &mut opts.fixed[nin..] {
            *f = Some(d);
        }
    }
    if let Some(sig) = none(kw[6]) {
        opts.fixed = signature_arg(ctx, sig, nin + nout)?;
    }
    execute(ctx, t, inputs, &outs, &opts)
}

/// `signature=`: `"dd->d"`, or a tuple of dtypes and `None`s.
fn signature_arg<'c>(
    ctx: Ctx<'c>,
    sig: Borrowed<'_, 'c>,
    nargs: usize,
) -> PyResult<Vec<Option<DType>>> {
    if ctx.is_str(sig) {
        let s = ctx.str_to_string(sig)?;
        let chars: Vec<u8> = s
            .bytes()
            .filter(|&c| c != b'-' && c != b'>' && c != b' ')
            .collect();
        if chars.len() != nargs || !s.contains("->") {
            return Err(PyErr::value_error(format!(
                "signature '{s}' does not have {nargs} entries"
            )));
        }
        return chars
            .into_iter()
            .map(|c| {
                numpy_pure::ufunc::dtype_of_char(c)
                    .map(Some)
                    .ok_or_else(|| {
                        PyErr::type_error(format!("data type '{}' not understood", c as char))
                    })
            })
            .collect();
    }
    if ctx.is_tuple(sig) {
        let n = ctx.len(sig)?;
        if n != nargs {
            return Err(PyErr::value_error(
                "a type-tuple must be specified of length 1 or 3 for ufunc",
            ));
        }
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let item = ctx.get_item_i(sig, i as isize)?;
            out.push(if ctx.is_none(&item) {
                None
            } else {
                Some(dtype_from_object(ctx, item.borrow())?)
            });
        }
        return Ok(out);
    }
    let d = dtype_from_object(ctx, sig)?;
    Ok(vec![Some(d); nargs])
}

// --------------------------------------------------------------- methods

static SIG_REDUCE: Signature<7> = Signature::new(
    "reduce",
    [
        Param::either(c"array"),
        Param::either(c"axis").optional(),
        Param::either(c"dtype").optional(),
        Param::either(c"out").optional(),
        Param::either(c"keepdims").optional(),
        Param::either(c"initial").optional(),
        Param::either(c"where").optional(),
    ],
);

static SIG_ACCUMULATE: Signature<4> = Signature::new(
    "accumulate",
    [
        Param::either(c"array"),
        Param::either(c"axis").optional(),
        Param::either(c"dtype").optional(),
        Param::either(c"out").optional(),
    ],
);

/// `dtype=` of a reduction (`None` passed is absent).
pub(crate) fn dtype_arg<'c>(ctx: Ctx<'c>, h: Option<Borrowed<'_, 'c>>) -> PyResult<Option<DType>> {
    argparse::convert::optional(ctx, h)
        .map(|d| dtype_from_object(ctx, d))
        .transpose()
}

fn m_reduce<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let t = &this(ctx, slf)?.table;
    let p = argparse::py(SIG_REDUCE.parse(ctx, args, nargs, kw))?;
    let keepdims = match p.get(4) {
        Some(k) => ctx.is_true(k)?,
        None => false,
    };
    let ra = reduce::ReduceArgs {
        axis: p
            .get(1)
            .map_or(reduce::AxisArg::Zero, reduce::AxisArg::Given),
        dtype: dtype_arg(ctx, p.get(2))?,
        out: p.get(3),
        keepdims,
        initial: match p.get(5) {
            None => reduce::Initial::Default,
            Some(h) if ctx.is_none(h) => reduce::Initial::No,
            Some(h) => reduce::Initial::Value(h),
        },
        where_: p.get(6),
    };
    reduce::reduce(ctx, t, p.get(0).expect("required"), &ra)
}

fn m_accumulate<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let t = &this(ctx, slf)?.table;
    let p = argparse::py(SIG_ACCUMULATE.parse(ctx, args, nargs, kw))?;
    reduce::accumulate(
        ctx,
        t,
        p.get(0).expect("required"),
        p.get(1),
        dtype_arg(ctx, p.get(2))?,
        p.get(3),
    )
}

hpy::meth!(static M_REDUCE: keywords = c"reduce", m_reduce,
    c"reduce($self, /, array, axis=0, dtype=None, out=None, keepdims=False, initial=<no value>, where=True)\n--\n\nReduces `array`'s dimension by one (or those in `axis`), by applying the ufunc along it.");
hpy::meth!(static M_ACCUMULATE: keywords = c"accumulate", m_accumulate,
    c"accumulate($self, /, array, axis=0, dtype=None, out=None)\n--\n\nAccumulate the result of applying the operator to all elements.");

static SIG_AT: Signature<4> = Signature::new(
    "_ufunc_at",
    [
        Param::positional(c"ufunc"),
        Param::positional(c"a"),
        Param::positional(c"positions"),
        Param::positional(c"b").optional(),
    ],
);

fn f_ufunc_at<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let p = argparse::py(SIG_AT.parse(ctx, args, nargs, kw))?;
    let uf = p.get(0).expect("required");
    let t = &this(ctx, uf)?.table;
    let b = argparse::convert::optional(ctx, p.get(3));
    reduce::ufunc_at(
        ctx,
        t,
        p.get(1).expect("required"),
        p.get(2).expect("required"),
        b,
    )?;
    Ok(ctx.none())
}

hpy::meth!(static UFUNC_AT: keywords = c"_ufunc_at", f_ufunc_at,
    c"_ufunc_at(ufunc, a, positions, b=None, /)\n--\n\n`ufunc.at`'s loop over C-order flat positions of `a` (installed by the package).");
