//! One ufunc call, as data flows: parsed arguments -> operands as arrays or
//! weak Python scalars -> loop selection (`numpy_pure::ufunc::resolve`) ->
//! outputs checked or allocated -> the iterator over the typed inner loop
//! (`numpy_pure::ufunc::iter`) -> FP flags to the errstate -> results
//! (0-d results as scalars unless `out=` was given).

use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use crate::array::Layout;
use crate::array::broadcast::{BroadcastError, broadcast_layout, broadcast_shapes_ufunc};
use crate::dtype::{Casting, DType, PyScalarKind, can_cast};
use crate::errors::py_err;
use crate::ndarray::{
    ArrayData, array_data, array_memory, array_memory_for_overwrite, as_array, copy_as, new_array,
};
use crate::scalar::{FpFlags, Scalar, weak};
use crate::scalar_types::{Operand as Py, operand, to_python};
use numpy_pure::ufunc::iter::{self, Operand as IterOp, Small};
use numpy_pure::ufunc::resolve::{Operand, ResolveError, resolve};
use numpy_pure::ufunc::{LoopTable, fpe};

/// An input after conversion.
enum Input<'c> {
    /// One of our arrays (an argument, or what `asarray` made of one).
    Array(Handle<'c>),
    /// A Python number (NEP 50 weak) or one of our scalars (strong).
    Number(Py),
    /// Anything else, to convert with `asarray` unless it overrides the
    /// ufunc (`__array_ufunc__`).
    Other(Handle<'c>),
}

/// The keyword arguments besides `out`.
pub struct Options<'a, 'c> {
    /// `where=` (None: everywhere).
    pub where_: Option<Borrowed<'a, 'c>>,
    /// `casting=`
    pub casting: Casting,
    /// `order=` of the outputs made here: `b'K'` (the default), `b'A'`,
    /// `b'C'` or `b'F'`.
    pub order: u8,
    /// `dtype=` / `signature=`: one entry per operand (empty: none fixed).
    pub fixed: Vec<Option<DType>>,
    /// `out=...`: 0-d results stay arrays (NumPy's way to ask for arrays).
    pub keep_arrays: bool,
}

impl Options<'_, '_> {
    /// No keywords: NumPy's defaults.
    pub fn defaults() -> Self {
        Options {
            where_: None,
            casting: Casting::SameKind,
            order: b'K',
            fixed: Vec::new(),
            keep_arrays: false,
        }
    }
}

/// A ufunc error as Python sees it: `UFuncTypeError` where NumPy raises it.
pub fn resolve_error(e: ResolveError) -> PyErr {
    if e.is_ufunc_type_error() {
        return PyErr::new(
            hpy::ExcType::Custom(&super::UFUNC_TYPE_ERROR),
            e.to_string(),
        );
    }
    py_err(e)
}

fn input<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<Input<'c>> {
    if array_data(ctx, h)?.is_some() {
        return Ok(Input::Array(ctx.dup(h)));
    }
    if let Some(n) = operand(ctx, h)? {
        return Ok(Input::Number(n));
    }
    Ok(Input::Other(ctx.dup(h)))
}

/// Whether `h` (an `Input::Other` or an output that is not ours) is an
/// object NumPy would ask for `__array_ufunc__`: lists and tuples are read
/// as sequences.
fn foreign<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> bool {
    !ctx.is_tuple(h) && !ctx.is(&ctx.type_of(h), ctx.constant(|t| t.h_ListType))
}

fn kind_of(p: &Py) -> Operand {
    match p {
        Py::Ours(s) => Operand::Strong(s.dtype()),
        Py::WeakBool(_) => Operand::Weak(PyScalarKind::Bool),
        Py::WeakInt(_) | Py::WeakBigInt(..) => Operand::Weak(PyScalarKind::Int),
        Py::WeakFloat(_) => Operand::Weak(PyScalarKind::Float),
        Py::WeakComplex(_) => Operand::Weak(PyScalarKind::Complex),
    }
}

/// A Python number as an element of the loop's dtype `t` (NumPy 2: an int
/// that does not fit raises `OverflowError`).
pub(super) fn number_as(p: &Py, t: DType) -> PyResult<Scalar> {
    Ok(match *p {
        Py::Ours(s) => s.cast(t),
        Py::WeakBool(v) => Scalar::Bool(v).cast(t),
        Py::WeakInt(v) if t.is_integer() => {
            weak::weak_int_check(t, v).map_err(py_err)?;
            Scalar::from_i128(t, v)
        }
        Py::WeakInt(v) => Scalar::Float64(v as f64).cast(t),
        Py::WeakBigInt(_, f) if t.is_inexact() => Scalar::Float64(f).cast(t),
        Py::WeakBigInt(v, _) => {
            weak::weak_int_check(t, v).map_err(py_err)?;
            Scalar::from_i128(t, v)
        }
        Py::WeakFloat(f) => Scalar::Float64(f).cast(t),
        Py::WeakComplex(c) => Scalar::Complex128(c).cast(t),
    })
}

/// `numpy_hpy._ufuncs._array_ufunc`: the result of an operand's
/// `__array_ufunc__` override, `None` when no operand overrides the ufunc.
fn array_ufunc<'c>(
    ctx: Ctx<'c>,
    def: &'static numpy_pure::ufunc::UfuncDef,
    inputs: &[Borrowed<'_, 'c>],
    outs: &[Option<Borrowed<'_, 'c>>],
) -> PyResult<Option<Handle<'c>>> {
    let module = ctx.import(c"numpy_hpy._ufuncs")?;
    let f = ctx.getattr_s(&module, c"_array_ufunc")?;
    let none = ctx.getattr_s(&module, c"_NO_OVERRIDE")?;
    let uf = super::ufunc_object(ctx, super::index_of(def.name))?;
    let ins = ctx.tuple(inputs)?;
    let out = if outs.iter().all(Option::is_none) {
        ctx.none()
    } else {
        let none_h = ctx.none();
        let items: Vec<Borrowed<'_, 'c>> = outs
            .iter()
            .map(|o| o.unwrap_or_else(|| none_h.borrow()))
            .collect();
        ctx.tuple(&items)?
    };
    let r = ctx.call(&f, &[uf.borrow(), ins.borrow(), out.borrow()])?;
    Ok(if ctx.is(&r, &none) { None } else { Some(r) })
}

/// The exact answer of a comparison or logical operation between an integer
/// operand and a Python int outside its range (see `execute`); `None` when
/// the call is not one.
fn out_of_range_int<'c>(
    ctx: Ctx<'c>,
    name: &str,
    x: &Input<'c>,
    y: &Input<'c>,
    kinds: &[Operand],
    outs: &[Option<Borrowed<'_, 'c>>],
    opts: &Options<'_, 'c>,
) -> PyResult<Option<Handle<'c>>> {
    if !is_comparison(name) {
        return Ok(None);
    }
    // (the array, its dtype, the int's sign, whether the int is on the left)
    let (arr, d, positive, int_left) = match (x, y, kinds) {
        (Input::Array(h), Input::Number(p), [Operand::Strong(d), _]) => (h, *d, p, false),
        (Input::Number(p), Input::Array(h), [_, Operand::Strong(d)]) => (h, *d, p, true),
        _ => return Ok(None),
    };
    if !d.is_integer() {
        return Ok(None);
    }
    let positive = match *positive {
        Py::WeakInt(v) if !weak::weak_int_fits(d, v) => v > 0,
        Py::WeakBigInt(v, _) => v > 0,
        _ => return Ok(None),
    };
    // Whether `array OP int` holds for every element, the int being above
    // (`positive`) or below every value of the dtype.
    let holds = |op: &str| match op {
        "equal" => Some(false),
        "not_equal" => Some(true),
        "less" | "less_equal" => Some(positive),
        "greater" | "greater_equal" => Some(!positive),
        _ => None,
    };
    fn mirrored(op: &str) -> &str {
        match op {
            "less" => "greater",
            "less_equal" => "greater_equal",
            "greater" => "less",
            "greater_equal" => "less_equal",
            o => o,
        }
    }
    let answer = match holds(if int_left { mirrored(name) } else { name }) {
        Some(a) => a,
        None => {
            // logical_and/or/xor: the int is a true value; `1` fits every
            // integer dtype.
            let one = ctx.long_from_i64(1)?;
            let args = if int_left {
                [one.borrow(), arr.borrow()]
            } else {
                [arr.borrow(), one.borrow()]
            };
            let i = super::index_of(name);
            return super::with_table(ctx, i, |t| execute(ctx, t, &args, outs, opts)).map(Some);
        }
    };
    let i = if answer {
        const { super::index_of("equal") }
    } else {
        const { super::index_of("not_equal") }
    };
    super::with_table(ctx, i, |t| {
        execute(ctx, t, &[arr.borrow(), arr.borrow()], outs, opts)
    })
    .map(Some)
}

fn is_comparison(name: &str) -> bool {
    matches!(
        name,
        "equal"
            | "not_equal"
            | "less"
            | "less_equal"
            | "greater"
            | "greater_equal"
            | "logical_and"
            | "logical_or"
            | "logical_xor"
    )
}

/// Whether the bytes of two arrays can overlap.
pub(super) fn overlaps(a: &ArrayData, b: &ArrayData) -> bool {
    let (la, lb) = (a.layout(), b.layout());
    if la.size() == 0 || lb.size() == 0 {
        return false;
    }
    let (a0, a1) = la.byte_extent(a.dtype.itemsize());
    let (b0, b1) = lb.byte_extent(b.dtype.itemsize());
    let (pa, pb) = (a.base_ptr() as isize, b.base_ptr() as isize);
    pa + a0 < pb + b1 && pb + b0 < pa + a1
}

/// Whether `a` (read) and `b` (written) address the same elements in the
/// same order (in-place operations need no copy).
fn same_elements(a: &ArrayData, b: &ArrayData, shape: &[usize]) -> bool {
    let (la, lb) = (a.layout(), b.layout());
    let strides = |l: &Layout| {
        broadcast_layout(l, shape)
            .ok()
            .flatten()
            .map(|v| v.strides().to_vec())
    };
    a.dtype == b.dtype
        && a.base_ptr() as isize + la.offset() == b.base_ptr() as isize + lb.offset()
        && strides(&la).is_some_and(|s| Some(s) == strides(&lb))
}

/// The whole call: `inputs` positional, `outs` one entry per output (None:
/// allocate). Returns the result (one object, or a tuple for two outputs).
pub fn execute<'c>(
    ctx: Ctx<'c>,
    table: &LoopTable,
    inputs: &[Borrowed<'_, 'c>],
    outs: &[Option<Borrowed<'_, 'c>>],
    opts: &Options<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let def = table.def;
    let nin = usize::from(def.nin);
    let nout = usize::from(def.nout);
    if inputs.len() != nin
        || outs.len() != nout
        || !(opts.fixed.is_empty() || opts.fixed.len() == nin + nout)
    {
        return Err(PyErr::new(
            hpy::ExcType::SystemError,
            format!("ufunc '{}' called with a wrong operand count", def.name),
        ));
    }
    if (outs.iter().all(Option::is_none) || outs.iter().all(Option::is_some))
        && opts.where_.is_none()
        && !opts.keep_arrays
        && opts.casting == Casting::SameKind
        && matches!(opts.order, b'K' | b'C')
        && opts.fixed.iter().all(Option::is_none)
        && nin <= 2
        && let Some(r) = fast(ctx, table, inputs, outs)?
    {
        return Ok(r);
    }
    let mut ins: Small<Input<'c>> = Small::new();
    for &h in inputs {
        ins.push(input(ctx, h)?);
    }
    // Operands the core does not know may override the ufunc
    // (`__array_ufunc__`, NumPy's protocol): asked first, then converted.
    let mut any_foreign = false;
    for i in &ins {
        any_foreign |= matches!(i, Input::Other(h) if foreign(ctx, h.borrow()));
    }
    for &o in outs.iter().flatten() {
        any_foreign |= array_data(ctx, o)?.is_none() && foreign(ctx, o);
    }
    // (An external ufunc converts foreign operands as any function does:
    // `__array_ufunc__` overrides are for numpy_hpy's own ufuncs so far.)
    if any_foreign
        && !table.external
        && let Some(r) = array_ufunc(ctx, table.def, inputs, outs)?
    {
        return Ok(r);
    }
    for i in &mut ins {
        if let Input::Other(h) = i {
            *i = Input::Array(as_array(ctx, h.borrow(), None)?);
        }
    }
    let mut kinds: Small<Operand> = Small::new();
    for i in &ins {
        kinds.push(match i {
            Input::Array(h) => Operand::Strong(array_data(ctx, h.borrow())?.expect("array").dtype),
            Input::Number(p) => kind_of(p),
            Input::Other(_) => unreachable!("converted above"),
        });
    }
    // `where=` is converted before the outputs are checked: its conversion
    // may run Python code (`__array__`) that changes their flags.
    let where_h = match opts.where_ {
        Some(w) => Some(as_array(ctx, w, Some(DType::Bool))?),
        None => None,
    };
    // Output arrays: ours and writeable.
    let mut out_arrays: Small<Option<&ArrayData>> = Small::new();
    for o in outs {
        match o {
            None => out_arrays.push(None),
            Some(h) => match array_data(ctx, *h)? {
                Some(a) => {
                    if !a.writeable.get() {
                        return Err(PyErr::value_error("output array is read-only"));
                    }
                    out_arrays.push(Some(a));
                }
                None => return Err(PyErr::type_error("return arrays must be of ArrayType")),
            },
        }
    }
    let none_fixed = [None; 4];
    let fixed = if opts.fixed.is_empty() {
        &none_fixed[..nin + nout]
    } else {
        &opts.fixed[..]
    };
    // Inputs of one dtype take the loop the table found for them when it
    // was made (what `resolve` would answer again).
    let same = match kinds.first() {
        Some(&Operand::Strong(d))
            if opts.fixed.iter().all(Option::is_none)
                && kinds
                    .iter()
                    .all(|k| matches!(*k, Operand::Strong(e) if e == d)) =>
        {
            table.same_dtype_loop[d.index()]
        }
        _ => None,
    };
    let index = match same {
        Some(i) => usize::from(i),
        None => resolve(table, &kinds, fixed, opts.casting).map_err(resolve_error)?,
    };
    // NumPy 2 answers comparisons and logical operations with a Python int
    // outside the other (integer) operand's range exactly, without raising:
    // the comparison has one answer for every element (`int8_array < 1000`
    // is all True), computed as `equal(x, x)` (all True for integers) or
    // `not_equal(x, x)` (all False) so that shapes, `out=` and `where=`
    // behave as for any call; a logical operation sees the int as true.
    if let [x, y] = &ins[..]
        && let Some(r) = out_of_range_int(ctx, table.rule_name(), x, y, &kinds, outs, opts)?
    {
        return Ok(r);
    }
    let lp = &table.loops[index];
    let types = &lp.types;
    // Loop selection casts inputs safely; a stricter `casting=` ('no',
    // 'equiv') refuses any input that is not of the loop's dtype.
    if matches!(opts.casting, Casting::No | Casting::Equiv) {
        for (k, op) in kinds.iter().enumerate() {
            if let Operand::Strong(d) = *op
                && !can_cast(d, types[k], opts.casting)
            {
                return Err(resolve_error(ResolveError::InputCast(
                    def.name,
                    k,
                    d,
                    types[k],
                    opts.casting,
                )));
            }
        }
    }
    // Outputs must take the loop's results under `casting`.
    for (k, o) in out_arrays.iter().enumerate() {
        if let Some(a) = o {
            let from = types[nin + k];
            if !can_cast(from, a.dtype, opts.casting) {
                return Err(resolve_error(ResolveError::OutputCast(
                    def.name,
                    from,
                    a.dtype,
                    opts.casting,
                )));
            }
        }
    }
    // Numbers become 0-d arrays of the loop's dtype.
    let mut holders: Small<Handle<'c>> = Small::new();
    for (k, i) in ins.iter().enumerate() {
        let h = match i {
            Input::Array(h) | Input::Other(h) => ctx.dup(h),
            Input::Number(p) => {
                let s = number_as(p, types[k])?;
                scalar_array(ctx, s)?
            }
        };
        holders.push(h);
    }
    // The broadcast shape of inputs, outputs and mask.
    let datas: Small<&ArrayData> = holders
        .iter()
        .map(|h| array_data(ctx, h.borrow()).map(|a| a.expect("array")))
        .collect::<PyResult<_>>()?;
    // (Layouts keep a few axes inline: these copies allocate nothing.)
    let mut shapes: Small<Layout> = datas.iter().map(|a| a.layout().clone()).collect();
    let where_data = match &where_h {
        Some(h) => Some(array_data(ctx, h.borrow())?.expect("array")),
        None => None,
    };
    if let Some(w) = where_data {
        shapes.push(w.layout().clone());
    }
    // Outputs take part in broadcasting (NumPy lists them in the error) but
    // are never broadcast themselves: each must have the final shape.
    let out_shapes: Small<Layout> = out_arrays
        .iter()
        .flatten()
        .map(|a| a.layout().clone())
        .collect();
    let mut all: Small<&[usize]> = shapes[..nin].iter().map(Layout::shape).collect();
    all.extend(out_shapes.iter().map(Layout::shape));
    all.extend(shapes[nin..].iter().map(Layout::shape));
    let shape = broadcast_shapes_ufunc(&all).map_err(py_err)?;
    for s in &out_shapes {
        if s.shape() != shape {
            return Err(py_err(BroadcastError::Output {
                output: s.shape().to_vec(),
                shape,
            }));
        }
    }
    crate::array::layout::check_ndim(shape.len()).map_err(py_err)?;
    // Allocate the missing outputs, in the first input's memory order.
    // `order=`: C, F, or (A and K) Fortran when every full-rank input is
    // Fortran- and not C-contiguous, as NumPy lays out `add(f, f)` but
    // `add(c, f)` in C order.
    let fortran = match opts.order {
        b'C' => false,
        b'F' => true,
        _ => {
            let mut full = datas
                .iter()
                .filter(|a| a.layout().ndim() == shape.len())
                .peekable();
            shape.len() > 1
                && full.peek().is_some()
                && full.all(|a| {
                    let l = a.layout();
                    l.is_f_contiguous(a.dtype.itemsize()) && !l.is_c_contiguous(a.dtype.itemsize())
                })
        }
    };
    let mut out_handles: Small<Handle<'c>> = Small::new();
    for (k, o) in outs.iter().enumerate() {
        let h = match o {
            Some(h) => ctx.dup(*h),
            None => {
                let t = types[nin + k];
                let layout = if fortran {
                    Layout::f_order(&shape, t.itemsize())
                } else {
                    Layout::c_order(&shape, t.itemsize())
                }
                .map_err(py_err)?;
                // Every element is written by the loop before Python sees
                // the array, unless `where=` leaves some out (NumPy leaves
                // those uninitialised; ours are zero).
                let memory = if where_data.is_some() {
                    array_memory(&shape, t)?
                } else {
                    array_memory_for_overwrite(&shape, t)?
                };
                new_array(ctx, t, layout, memory)?
            }
        };
        out_handles.push(h);
    }
    let out_datas: Small<&ArrayData> = out_handles
        .iter()
        .map(|h| array_data(ctx, h.borrow()).map(|a| a.expect("array")))
        .collect::<PyResult<_>>()?;
    // An input that overlaps an output other than element for element is
    // read from a copy (NumPy copies too).
    let mut copies: Small<Option<Handle<'c>>> = Small::new();
    for a in &datas {
        let mut copy = None;
        for (j, o) in out_datas.iter().enumerate() {
            if outs[j].is_some() && overlaps(a, o) && !same_elements(a, o, &shape) {
                copy = Some(copy_as(ctx, a, a.dtype, false)?);
                break;
            }
        }
        copies.push(copy);
    }
    // A mask overlapping an output is read from a copy too.
    let mask_copy = match where_data {
        Some(w)
            if out_datas.iter().enumerate().any(|(j, o)| {
                outs[j].is_some() && overlaps(w, o) && !same_elements(w, o, &shape)
            }) =>
        {
            Some(copy_as(ctx, w, DType::Bool, false)?)
        }
        _ => None,
    };
    let copy_datas: Small<Option<&ArrayData>> = copies
        .iter()
        .map(|c| match c {
            Some(h) => array_data(ctx, h.borrow()),
            None => Ok(None),
        })
        .collect::<PyResult<_>>()?;
    let where_data = match &mask_copy {
        Some(h) => array_data(ctx, h.borrow())?,
        None => where_data,
    };
    // From here on no Python code runs until the loop is done. The layouts
    // are read once more, as they are now: the allocations above may have
    // run Python code (a garbage collection's `__del__`) that reshaped an
    // operand, and the loop must use exactly the layouts it checks.
    // Each operand seen from the iteration (broadcast axes step 0); `None`
    // when it no longer fits `shape`.
    let view = |a: &ArrayData| -> PyResult<Option<IterOp>> {
        let l = a.layout().clone();
        Ok(broadcast_layout(&l, &shape)
            .map_err(py_err)?
            .map(|v| iter_operand(a, &v)))
    };
    let changed = || PyErr::value_error("an operand of the ufunc changed shape during the call");
    let mut ops: Small<IterOp> = Small::new();
    for (k, a) in datas.iter().enumerate() {
        ops.push(view(copy_datas[k].unwrap_or(a))?.ok_or_else(changed)?);
    }
    for a in &out_datas {
        if a.layout().shape() != &shape[..] {
            return Err(changed());
        }
        ops.push(view(a)?.ok_or_else(changed)?);
    }
    let mask = match where_data {
        Some(w) => Some(view(w)?.ok_or_else(changed)?),
        None => None,
    };
    fpe::clear();
    // Every operand's layout was checked against its memory when its array
    // was made (`ArrayData::new`), and broadcasting to `shape` only repeats
    // elements (stride 0); outputs are distinct new arrays or the caller's,
    // with overlapping inputs replaced by copies above. The arrays are kept
    // alive by `holders`, `copies`, `out_handles` (see `Job::run`).
    let job = Job {
        shape: &shape,
        ops: &ops,
        nin,
        types,
        kernel: lp.loop_fn(),
        mask: mask.as_ref(),
    };
    let result = if shape.iter().product::<usize>() >= RELEASE_THRESHOLD {
        ctx.allow_threads(move || job.run())
    } else {
        job.run()
    };
    let (flags, cast_flags) = result.map_err(py_err)?;
    if cast_flags.any() {
        report_flags(ctx, "cast", cast_flags)?;
    }
    report_loop_flags(ctx, table, flags)?;
    drop(ops);
    drop(out_datas);
    let mut results = out_handles
        .into_iter()
        .zip(outs)
        .map(|(h, o)| (h, o.is_none()));
    let first = results.next().expect("one output");
    wrap_results(
        ctx,
        shape.is_empty() && !opts.keep_arrays,
        first,
        results.next(),
    )
}

/// The loop's flags with the hardware's, under the errstate (NumPy's quiet
/// comparisons raise no invalid flag: see `LoopTable::quiet_nan`).
pub(super) fn report_loop_flags(ctx: Ctx<'_>, table: &LoopTable, flags: FpFlags) -> PyResult<()> {
    report_loop_flags_as(ctx, table, flags, table.def.name)
}

/// [`report_loop_flags`] under another name (NumPy's warnings say "in
/// reduce" / "in accumulate" for those methods).
pub(super) fn report_loop_flags_as(
    ctx: Ctx<'_>,
    table: &LoopTable,
    flags: FpFlags,
    name: &str,
) -> PyResult<()> {
    let mut flags = flags | fpe::take();
    flags.invalid &= !table.quiet_nan;
    if flags.any() {
        report_flags(ctx, name, flags)?;
    }
    Ok(())
}

/// The call's result: its one output, or a tuple of two; a 0-d output made
/// here (`true` beside it) becomes a NumPy-style scalar.
fn wrap_results<'c>(
    ctx: Ctx<'c>,
    zero_d: bool,
    first: (Handle<'c>, bool),
    second: Option<(Handle<'c>, bool)>,
) -> PyResult<Handle<'c>> {
    let wrap = |(h, made): (Handle<'c>, bool)| -> PyResult<Handle<'c>> {
        if zero_d && made {
            let v = array_data(ctx, h.borrow())?
                .expect("array")
                .single()
                .expect("one element");
            to_python(ctx, v)
        } else {
            Ok(h)
        }
    };
    let first = wrap(first)?;
    match second {
        None => Ok(first),
        Some(s) => {
            let s = wrap(s)?;
            ctx.tuple(&[first.borrow(), s.borrow()])
        }
    }
}

/// From this many elements on, loops run with the interpreter released
/// (NumPy's `NPY_BEGIN_THREADS_THRESHOLDED` uses 500).
pub(super) const RELEASE_THRESHOLD: usize = 500;

/// One iterator run, handed to [`Ctx::allow_threads`].
struct Job<'a> {
    shape: &'a [usize],
    ops: &'a [IterOp],
    nin: usize,
    types: &'a [DType],
    kernel: numpy_pure::ufunc::LoopFn,
    mask: Option<&'a IterOp>,
}

// SAFETY: the job only holds pointers into arrays that the calling thread
// keeps alive (it holds their handles and waits for the job), so it never
// accesses memory outside them: that memory cannot be freed or moved while
// we hold the arrays (buffer exporters are pinned by an export). While the
// interpreter is released, another Python thread writing the same elements
// races with the loop, as it does with NumPy's C loops: the values read
// there are unspecified (a data race on plain bytes, never on our own
// bookkeeping, which stays on this thread).
unsafe impl Send for Job<'_> {}

impl Job<'_> {
    fn run(self) -> iter::Outcome {
        // SAFETY: the operands address elements inside their arrays'
        // memory for every index of `shape` (checked layouts, broadcasting
        // by stride 0), inputs overlapping an output other than element for
        // element were replaced by copies, and `execute` keeps every array
        // alive until the job is done.
        unsafe {
            iter::run(
                self.shape,
                self.ops,
                self.nin,
                self.types,
                self.kernel,
                self.mask,
            )
        }
    }
}

/// The fast path's one kernel call, handed to [`Ctx::allow_threads`].
pub(super) struct FastJob<'a> {
    pub(super) kernel: numpy_pure::ufunc::Kernel,
    pub(super) args: &'a [*mut u8],
    pub(super) n: usize,
    pub(super) steps: &'a [isize],
    pub(super) st: &'a mut numpy_pure::ufunc::LoopState,
}

// SAFETY: as for `Job`: pointers into arrays the calling thread keeps alive
// while it waits for the call.
unsafe impl Send for FastJob<'_> {}

impl FastJob<'_> {
    pub(super) fn run(self) {
        // SAFETY: every input addresses `n` elements of the loop's dtype at
        // its step (one element at step 0), every output `n` writable ones
        // (a fresh contiguous array, or a reduction's running value on the
        // caller's stack); the caller holds the arrays' handles.
        unsafe { (self.kernel)(self.args, self.n, self.steps, self.st) }
    }
}

/// An input of the fast path.
enum FastIn<'a> {
    /// A C-contiguous array of the call's shape.
    Array(&'a ArrayData),
    /// A Python float or int, as one element of the loop's dtype.
    Scalar([u8; 16]),
}

/// The common case without the iterator: C-contiguous arrays of one shape
/// and dtype with an exact loop, and at most one Python `float`/`int` whose
/// dtype they keep (`a + 1.0` on float arrays, `a * 2` on float or int
/// arrays) or one of our scalars of their dtype. `outs` are all missing (allocated here) or all given: arrays
/// of the loop's output dtypes, C-contiguous, of the call's shape, and
/// either apart from every input or the very same elements (`a += b`).
/// `None`: take the general path (which also raises every error).
fn fast<'c>(
    ctx: Ctx<'c>,
    table: &LoopTable,
    inputs: &[Borrowed<'_, 'c>],
    outs: &[Option<Borrowed<'_, 'c>>],
) -> PyResult<Option<Handle<'c>>> {
    let nin = inputs.len();
    let mut dtype = None;
    let mut datas: [Option<&ArrayData>; 2] = [None, None];
    // The layouts are borrowed only while they are read: allocating the
    // output may run Python code (a garbage collection's `__del__`) that
    // reshapes an input; the call then uses the shape and offsets read here,
    // which still address the same memory.
    let mut layouts: [Option<core::cell::Ref<'_, Layout>>; 2] = [None, None];
    for (k, &h) in inputs.iter().enumerate() {
        if let Some(a) = array_data(ctx, h)? {
            let l = a.layout();
            if !l.is_c_contiguous(a.dtype.itemsize()) || dtype.is_some_and(|d| d != a.dtype) {
                return Ok(None);
            }
            if layouts.iter().flatten().any(|p| p.shape() != l.shape()) {
                return Ok(None);
            }
            dtype = Some(a.dtype);
            datas[k] = Some(a);
            layouts[k] = Some(l);
        }
    }
    let (Some(d), Some(first)) = (dtype, layouts.iter().flatten().next()) else {
        return Ok(None);
    };
    // (A copy: small layouts keep their axes inline, nothing is allocated.)
    let shape_of = Layout::clone(first);
    let shape = shape_of.shape();
    let offsets = [
        layouts[0].as_ref().map_or(0, |l| l.offset()),
        layouts[1].as_ref().map_or(0, |l| l.offset()),
    ];
    drop(layouts);
    let Some(index) = table.same_dtype_loop[d.index()] else {
        return Ok(None);
    };
    let lp = &table.loops[usize::from(index)];
    // The given outputs, with the address of their first element.
    let mut given_outs: [Option<(Borrowed<'_, 'c>, *mut u8)>; 2] = [None, None];
    for (k, o) in outs.iter().enumerate() {
        let Some(h) = *o else { continue };
        let Some(a) = array_data(ctx, h)? else {
            return Ok(None);
        };
        let t = lp.types[nin + k];
        let l = a.layout();
        if a.dtype != t
            || !a.writeable.get()
            || l.shape() != shape
            || !l.is_c_contiguous(t.itemsize())
        {
            return Ok(None);
        }
        let ptr = a.base_ptr().wrapping_offset(l.offset());
        drop(l);
        for (j, i) in datas.iter().enumerate() {
            if let Some(i) = i
                && !(i.dtype == t && i.base_ptr().wrapping_offset(offsets[j]) == ptr)
                && overlaps(i, a)
            {
                return Ok(None);
            }
        }
        if let Some(Some((prev, _))) = given_outs.first()
            && overlaps(array_data(ctx, *prev)?.expect("array"), a)
        {
            return Ok(None);
        }
        given_outs[k] = Some((h, ptr));
    }
    let given = given_outs.iter().any(Option::is_some);
    let mut ins: [FastIn<'_>; 2] = [FastIn::Scalar([0; 16]), FastIn::Scalar([0; 16])];
    for (k, &h) in inputs.iter().enumerate() {
        ins[k] = match datas[k] {
            Some(a) => FastIn::Array(a),
            None => {
                // A Python float next to a float array, or an int next to an
                // int array that holds it: the dtype does not change.
                let ty = ctx.type_of(h);
                let s = if d.is_inexact() && ctx.is(&ty, ctx.constant(|t| t.h_FloatType)) {
                    Scalar::Float64(ctx.float_as_f64(h)?).cast(d)
                } else if d.is_inexact() && ctx.is(&ty, ctx.constant(|t| t.h_LongType)) {
                    // An int the array's dtype holds exactly (NumPy converts
                    // the weak int to that dtype); others (rounded, or past
                    // the float range) go the general way.
                    let Ok(v) = ctx.long_as_i64(h) else {
                        ctx.err_clear();
                        return Ok(None);
                    };
                    let f = v as f64;
                    let s = Scalar::Float64(f).cast(d);
                    if f as i64 != v || s.cast(DType::Float64) != Scalar::Float64(f) {
                        return Ok(None);
                    }
                    s
                } else if d.is_integer() && ctx.is(&ty, ctx.constant(|t| t.h_LongType)) {
                    match ctx.long_as_i64(h) {
                        Ok(v) if weak::weak_int_fits(d, i128::from(v)) => {
                            Scalar::from_i128(d, i128::from(v))
                        }
                        _ => {
                            ctx.err_clear();
                            return Ok(None);
                        }
                    }
                } else if let Some(s) = crate::scalar_types::scalar_of(ctx, h)?
                    && s.dtype() == d
                {
                    // One of our scalars of the arrays' dtype (`a - a.mean()`).
                    s
                } else {
                    return Ok(None);
                };
                let mut buf = [0u8; 16];
                // SAFETY: 16 bytes hold any element.
                unsafe { crate::array::element::write(buf.as_mut_ptr(), s) };
                FastIn::Scalar(buf)
            }
        };
    }
    let n = shape.iter().product::<usize>();
    let nout = usize::from(table.def.nout);
    let mut outs_made: [Option<Handle<'c>>; 2] = [None, None];
    let mut args = [core::ptr::null_mut::<u8>(); 4];
    let mut steps = [0isize; 4];
    for (k, i) in ins.iter_mut().enumerate().take(nin) {
        match i {
            FastIn::Array(a) => {
                // The first element (computed wrapping: an empty array's
                // offset may lie anywhere, and nothing is read then).
                args[k] = a.base_ptr().wrapping_offset(offsets[k]);
                steps[k] = d.itemsize() as isize;
            }
            FastIn::Scalar(buf) => {
                args[k] = buf.as_mut_ptr();
                steps[k] = 0;
            }
        }
    }
    for k in 0..nout {
        let t = lp.types[nin + k];
        let h = match given_outs[k] {
            Some((h, ptr)) => {
                args[nin + k] = ptr;
                ctx.dup(h)
            }
            None => {
                let layout = Layout::c_order(shape, t.itemsize()).map_err(py_err)?;
                // The kernel writes all `n` elements before Python sees the array.
                let h = new_array(ctx, t, layout, array_memory_for_overwrite(shape, t)?)?;
                args[nin + k] = array_data(ctx, h.borrow())?.expect("array").base_ptr();
                h
            }
        };
        steps[nin + k] = t.itemsize() as isize;
        outs_made[k] = Some(h);
    }
    let mut st = lp.loop_fn().state();
    fpe::clear();
    let job = FastJob {
        kernel: lp.kernel,
        args: &args[..nin + nout],
        n,
        steps: &steps[..nin + nout],
        st: &mut st,
    };
    if n >= RELEASE_THRESHOLD {
        ctx.allow_threads(move || job.run());
    } else {
        job.run();
    }
    if let Some(e) = st.error {
        return Err(py_err(e));
    }
    report_loop_flags(ctx, table, st.flags)?;
    let [first, second] = outs_made;
    let made = |h: Handle<'c>| (h, !given);
    wrap_results(
        ctx,
        shape.is_empty(),
        made(first.expect("one output")),
        second.map(made),
    )
    .map(Some)
}

/// `a` through `view`, its layout broadcast to the iteration's shape.
pub(crate) fn iter_operand(a: &ArrayData, view: &Layout) -> IterOp {
    IterOp {
        // The first element (an empty array's offset may lie anywhere: no
        // element is read then, and the address is computed wrapping).
        ptr: a.base_ptr().wrapping_offset(view.offset()),
        dtype: a.dtype,
        strides: view.strides().into(),
    }
}

/// A 0-d array holding `s`.
fn scalar_array<'c>(ctx: Ctx<'c>, s: Scalar) -> PyResult<Handle<'c>> {
    let d = s.dtype();
    let mem = array_memory(&[], d)?;
    // SAFETY: the buffer holds one element of `d`, not shared yet.
    unsafe { crate::array::element::write(mem.as_ptr(), s) };
    new_array(
        ctx,
        d,
        Layout::c_order(&[], d.itemsize()).map_err(py_err)?,
        mem,
    )
}

/// Hands raised FP flags to the errstate (`numpy_hpy._ufunc_config`).
pub fn report_flags(ctx: Ctx<'_>, name: &str, flags: FpFlags) -> PyResult<()> {
    let bits = i64::from(flags.divide_by_zero)
        | i64::from(flags.overflow) << 1
        | i64::from(flags.underflow) << 2
        | i64::from(flags.invalid) << 3;
    let module = ctx.import(c"numpy_hpy._ufunc_config")?;
    let f = ctx.getattr_s(&module, c"_fp_error")?;
    let n = ctx.str(name)?;
    let b = ctx.long_from_i64(bits)?;
    ctx.call(&f, &[n.borrow(), b.borrow()])?;
    Ok(())
}
