//! Test types of `_testing`: one per capability of the `hpy` layer.

use core::cell::Cell;
use core::ffi::c_int;

use hpy::CallArgs;
use hpy::impl_::Hash;
use hpy::impl_::ffi::HPy_buffer;
use hpy::{
    Borrowed, Ctx, Field, Handle, ObjectData, PyErr, PyResult, RichCmpOp, Shape, Visitor, buffer,
    flags,
};

use super::expect_type;

/// The type specs, whose globals the module definition lists.
pub static SPECS: [&hpy::AnyTypeSpec; 6] = [
    CALLER_SPEC.any(),
    META_SPEC.any(),
    WITH_META_SPEC.any(),
    FLOAT_SPEC.any(),
    BOX_SPEC.any(),
    BUF_SPEC.any(),
];

/// Creates the types and adds them to `_testing`.
pub(super) fn init<'c>(ctx: Ctx<'c>, testing: &Handle<'c>) -> PyResult<()> {
    let add = |name: &core::ffi::CStr, ty: &Handle<'c>| ctx.setattr_s(testing, name, ty);
    let caller = CALLER_SPEC.create(ctx, None, None)?;
    add(c"Caller", &caller)?;

    let type_type = ctx.constant(|t| t.h_TypeType);
    let meta = META_SPEC.create(ctx, Some(type_type), None)?;
    add(c"Meta", &meta)?;
    let with_meta = WITH_META_SPEC.create(ctx, None, Some(meta.borrow()))?;
    // SAFETY: `with_meta` is an instance of `Meta`, whose spec stores `MetaData`.
    unsafe { ctx.init_data(&with_meta, MetaData { tag: Cell::new(42) })? };
    ctx.setattr_s(testing, c"WithMeta", &with_meta)?;

    let float_type = ctx.constant(|t| t.h_FloatType);
    let my_float = FLOAT_SPEC.create(ctx, Some(float_type), None)?;
    add(c"MyFloat", &my_float)?;

    let fbox = BOX_SPEC.create(ctx, None, None)?;
    add(c"FieldBox", &fbox)?;

    let buf = BUF_SPEC.create(ctx, None, None)?;
    add(c"Buf", &buf)?;
    Ok(())
}

fn too_many(name: &str, n: usize, given: usize) -> PyErr {
    PyErr::type_error(format!(
        "{name}() takes exactly {n} argument{} ({given} given)",
        if n == 1 { "" } else { "s" }
    ))
}

fn no_keywords<'c>(ctx: Ctx<'c>, name: &str, kw: Option<Borrowed<'_, 'c>>) -> PyResult<()> {
    match kw {
        Some(k) if ctx.len(k)? > 0 => Err(PyErr::type_error(format!(
            "{name}() takes no keyword arguments"
        ))),
        _ => Ok(()),
    }
}

// ----- Caller: tp_call (vectorcall on CPython) ------------------------------

/// `Caller(n)`; calling it as `c(x)` returns `n + x`.
pub struct CallerData {
    n: i64,
}
impl ObjectData for CallerData {
    const HAS_FIELDS: bool = false;
}

fn caller_new<'c>(
    ctx: Ctx<'c>,
    ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    no_keywords(ctx, "Caller", kw)?;
    if args.len() != 1 {
        return Err(too_many("Caller", 1, args.len()));
    }
    let n = ctx.long_as_i64(args[0])?;
    CALLER_SPEC.new_object(ctx, ty, CallerData { n })
}

fn caller_call<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    nargs: usize,
    kwnames: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let d = CALLER_SPEC.data(ctx, slf)?;
    if kwnames.is_some() {
        return Err(PyErr::type_error("Caller() takes no keyword arguments"));
    }
    if nargs != 1 {
        return Err(too_many("Caller.__call__", 1, nargs));
    }
    let x = ctx.long_as_i64(args[0])?;
    let sum =
        d.n.checked_add(x)
            .ok_or_else(|| PyErr::new(hpy::ExcType::OverflowError, "sum does not fit in int64"))?;
    ctx.long_from_i64(sum)
}

hpy::slot!(static CALLER_NEW: newfunc = HPy_tp_new, caller_new);
hpy::slot!(static CALLER_CALL: keywords = HPy_tp_call, caller_call);
hpy::type_spec!(static CALLER_SPEC: CallerData = {
    name: c"numpy_hpy._core._testing.Caller",
    flags: 0,
    doc: c"Caller(n): calling it with x returns n + x (HPy_tp_call, vectorcall)",
    defines: [CALLER_NEW, CALLER_CALL],
});

// ----- Meta / WithMeta: a heap metaclass ------------------------------------

/// Data of types whose metaclass is `Meta` (as NumPy's `_DTypeMeta`).
pub struct MetaData {
    tag: Cell<i64>,
}
impl ObjectData for MetaData {
    const SHAPE: Shape = Shape::Type;
    const HAS_FIELDS: bool = false;
}

fn meta_tag_get<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let d = META_SPEC.data(ctx, slf)?;
    ctx.long_from_i64(d.tag.get())
}

fn meta_tag_set<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    v: Option<Borrowed<'_, 'c>>,
) -> PyResult<()> {
    let v = v.ok_or_else(|| PyErr::type_error("cannot delete tag"))?;
    let d = META_SPEC.data(ctx, slf)?;
    d.tag.set(ctx.long_as_i64(v)?);
    Ok(())
}

hpy::getset!(static META_TAG = c"tag", get: meta_tag_get, set: meta_tag_set, doc: c"an int stored in the type object");
hpy::type_spec!(static META_SPEC: MetaData = {
    name: c"numpy_hpy._core._testing.Meta",
    flags: 0,
    doc: c"a metaclass (HPyType_BuiltinShape_Type, base type)",
    defines: [META_TAG],
});

/// Instances of `WithMeta` carry no data.
pub struct Empty;
impl ObjectData for Empty {
    const HAS_FIELDS: bool = false;
}

fn empty_new<'c>(
    ctx: Ctx<'c>,
    ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    no_keywords(ctx, "WithMeta", kw)?;
    if !args.is_empty() {
        return Err(too_many("WithMeta", 0, args.len()));
    }
    WITH_META_SPEC.new_object(ctx, ty, Empty)
}

hpy::slot!(static EMPTY_NEW: newfunc = HPy_tp_new, empty_new);
hpy::type_spec!(static WITH_META_SPEC: Empty = {
    name: c"numpy_hpy._core._testing.WithMeta",
    flags: 0,
    doc: c"a type whose metaclass is Meta (HPyType_SpecParam_Metaclass)",
    defines: [EMPTY_NEW],
});

// ----- MyFloat: a float subclass --------------------------------------------

/// A `float` subclass carries no Rust data (NumPy's float64 scalar keeps its
/// value in the float part), so no runtime needs `HPy_AsStruct_Float`.
pub struct FloatData;
impl ObjectData for FloatData {
    const SHAPE: Shape = Shape::Float;
    const HAS_FIELDS: bool = false;
}

/// `make_float(x)`: a `MyFloat` made from Rust by calling the type (float's
/// inherited `tp_new` allocates it), as NumPy's float64 scalars are made.
pub(super) fn make_float<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    x: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let ty = FLOAT_SPEC.type_object(ctx)?;
    ctx.call(&ty, &[x.borrow()])
}

fn float_repr<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let plain = ctx.float_from_f64(ctx.float_as_f64(slf)?)?;
    ctx.str(&format!("MyFloat({})", ctx.repr_string(&plain)?))
}

fn float_doubled<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.float_from_f64(ctx.float_as_f64(slf)? * 2.0)
}

hpy::slot!(static FLOAT_REPR: reprfunc = HPy_tp_repr, float_repr);
hpy::getset!(static FLOAT_DOUBLED = c"doubled", get: float_doubled);
hpy::type_spec!(static FLOAT_SPEC: FloatData = {
    name: c"numpy_hpy._core._testing.MyFloat",
    flags: flags::BASETYPE,
    doc: c"a float subclass (HPyType_BuiltinShape_Float) inheriting float's tp_new",
    defines: [FLOAT_REPR, FLOAT_DOUBLED],
});

// ----- FieldBox: HPyField + tp_traverse --------------------------------------

/// Holds one object through an `HPyField`.
pub struct BoxData {
    item: Field,
}
impl ObjectData for BoxData {
    const HAS_FIELDS: bool = true;
    fn traverse(&self, v: &mut Visitor) -> c_int {
        v.visit(&self.item)
    }
}

fn box_new<'c>(
    ctx: Ctx<'c>,
    ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    no_keywords(ctx, "FieldBox", kw)?;
    if args.len() != 1 {
        return Err(too_many("FieldBox", 1, args.len()));
    }
    let obj = BOX_SPEC.new_object(
        ctx,
        ty,
        BoxData {
            item: Field::null(),
        },
    )?;
    let d = BOX_SPEC.data(ctx, obj.borrow())?;
    d.item.store(ctx, &obj, args[0]);
    Ok(obj)
}

fn box_item_get<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let d = BOX_SPEC.data(ctx, slf)?;
    d.item.load(ctx, slf)
}

fn box_item_set<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    v: Option<Borrowed<'_, 'c>>,
) -> PyResult<()> {
    let v = v.ok_or_else(|| PyErr::type_error("cannot delete item"))?;
    let d = BOX_SPEC.data(ctx, slf)?;
    d.item.store(ctx, slf, v);
    Ok(())
}

hpy::slot!(static BOX_NEW: newfunc = HPy_tp_new, box_new);
hpy::getset!(static BOX_ITEM = c"item", get: box_item_get, set: box_item_set);
hpy::type_spec!(static BOX_SPEC: BoxData = {
    name: c"numpy_hpy._core._testing.FieldBox",
    flags: flags::HAVE_GC,
    doc: c"FieldBox(obj): keeps obj in an HPyField, visited by tp_traverse",
    defines: [BOX_NEW, BOX_ITEM],
});

// ----- Buf: number, sequence, mapping, comparison, hash, buffer slots --------

/// A fixed-length vector of f64.
pub struct BufData {
    values: Box<[Cell<f64>]>,
    size: isize,
}
impl ObjectData for BufData {
    const HAS_FIELDS: bool = false;
}

fn buf<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a BufData> {
    expect_type(ctx, h, &BUF_SPEC, "Buf")?;
    BUF_SPEC.data(ctx, h)
}

fn new_buf<'c>(ctx: Ctx<'c>, values: Vec<f64>) -> PyResult<Handle<'c>> {
    let size = values.len() as isize;
    BUF_SPEC.instance(
        ctx,
        BufData {
            values: values.into_iter().map(Cell::new).collect(),
            size,
        },
    )
}

fn buf_new<'c>(
    ctx: Ctx<'c>,
    ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    no_keywords(ctx, "Buf", kw)?;
    let values = args
        .iter()
        .map(|a| ctx.float_as_f64(*a))
        .collect::<PyResult<Vec<f64>>>()?;
    let size = values.len() as isize;
    BUF_SPEC.new_object(
        ctx,
        ty,
        BufData {
            values: values.into_iter().map(Cell::new).collect(),
            size,
        },
    )
}

fn values_of(d: &BufData) -> Vec<f64> {
    d.values.iter().map(Cell::get).collect()
}

fn buf_repr<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let d = buf(ctx, slf)?;
    let parts: Vec<String> = values_of(d).iter().map(|v| format!("{v:?}")).collect();
    ctx.str(&format!("Buf({})", parts.join(", ")))
}

fn buf_str<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let d = buf(ctx, slf)?;
    let parts: Vec<String> = values_of(d).iter().map(|v| format!("{v:?}")).collect();
    ctx.str(&format!("[{}]", parts.join(" ")))
}

fn buf_richcmp<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
    op: RichCmpOp,
) -> PyResult<Handle<'c>> {
    if !BUF_SPEC.is_instance(ctx, b)? || !matches!(op, RichCmpOp::Eq | RichCmpOp::Ne) {
        return Ok(ctx.not_implemented());
    }
    let eq = values_of(buf(ctx, a)?) == values_of(buf(ctx, b)?);
    Ok(ctx.bool(eq == (op == RichCmpOp::Eq)))
}

fn buf_hash<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Hash> {
    let d = buf(ctx, slf)?;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values_of(d) {
        h = (h ^ v.to_bits()).wrapping_mul(0x0100_0000_01b3);
    }
    Ok(Hash(h as isize))
}

fn buf_add<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>, b: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let (x, y) = match (BUF_SPEC.is_instance(ctx, a)?, BUF_SPEC.is_instance(ctx, b)?) {
        (true, true) => (values_of(buf(ctx, a)?), values_of(buf(ctx, b)?)),
        (true, false) => {
            let x = values_of(buf(ctx, a)?);
            let Ok(s) = ctx.float_as_f64(b) else {
                ctx.err_clear();
                return Ok(ctx.not_implemented());
            };
            let n = x.len();
            (x, vec![s; n])
        }
        (false, _) => {
            let y = values_of(buf(ctx, b)?);
            let Ok(s) = ctx.float_as_f64(a) else {
                ctx.err_clear();
                return Ok(ctx.not_implemented());
            };
            let n = y.len();
            (vec![s; n], y)
        }
    };
    if x.len() != y.len() {
        return Err(PyErr::value_error(format!(
            "operands could not be added: lengths {} and {}",
            x.len(),
            y.len()
        )));
    }
    new_buf(ctx, x.iter().zip(&y).map(|(p, q)| p + q).collect())
}

fn buf_neg<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    new_buf(ctx, values_of(buf(ctx, a)?).iter().map(|v| -v).collect())
}

fn buf_bool<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<bool> {
    Ok(values_of(buf(ctx, a)?).iter().any(|v| *v != 0.0))
}

fn buf_len<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<usize> {
    Ok(buf(ctx, a)?.values.len())
}

fn index_of<'c>(ctx: Ctx<'c>, d: &BufData, key: Borrowed<'_, 'c>) -> PyResult<usize> {
    let i = ctx.index_as_isize(key)?;
    let n = d.values.len() as isize;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(PyErr::new(
            hpy::ExcType::IndexError,
            format!("index {i} is out of bounds for axis 0 with size {n}"),
        ));
    }
    Ok(j as usize)
}

fn buf_getitem<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    key: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let d = buf(ctx, slf)?;
    let j = index_of(ctx, d, key)?;
    ctx.float_from_f64(d.values[j].get())
}

fn buf_setitem<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    key: Borrowed<'_, 'c>,
    v: Option<Borrowed<'_, 'c>>,
) -> PyResult<()> {
    let d = buf(ctx, slf)?;
    let v = v.ok_or_else(|| PyErr::value_error("cannot delete array elements"))?;
    let j = index_of(ctx, d, key)?;
    d.values[j].set(ctx.float_as_f64(v)?);
    Ok(())
}

fn buf_contains<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, v: Borrowed<'_, 'c>) -> PyResult<bool> {
    let d = buf(ctx, slf)?;
    let x = ctx.float_as_f64(v)?;
    Ok(values_of(d).contains(&x))
}

fn buf_getbuffer<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    view: &mut HPy_buffer,
    flags: c_int,
) -> PyResult<()> {
    let d = buf(ctx, slf)?;
    let n = d.values.len();
    buffer::fill(
        ctx,
        slf,
        view,
        flags,
        &buffer::Export {
            buf: d.values.as_ptr().cast_mut().cast(),
            len: n * 8,
            itemsize: 8,
            readonly: false,
            format: c"d",
            shape: &[n as isize],
            strides: &[8],
        },
    )
}

fn buf_releasebuffer<'c>(
    ctx: Ctx<'c>,
    _slf: Borrowed<'_, 'c>,
    view: &mut HPy_buffer,
) -> PyResult<()> {
    buffer::release(ctx, view);
    Ok(())
}

fn buf_total<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.float_from_f64(values_of(buf(ctx, slf)?).iter().sum())
}

hpy::slot!(static BUF_NEW: newfunc = HPy_tp_new, buf_new);
hpy::slot!(static BUF_REPR: reprfunc = HPy_tp_repr, buf_repr);
hpy::slot!(static BUF_STR: reprfunc = HPy_tp_str, buf_str);
hpy::slot!(static BUF_RICHCMP: richcmp = HPy_tp_richcompare, buf_richcmp);
hpy::slot!(static BUF_HASH: hashfunc = HPy_tp_hash, buf_hash);
hpy::binary_slot!(static BUF_ADD, BUF_RADD = HPy_nb_add, c"__radd__", buf_add);
hpy::slot!(static BUF_NEG: unary = HPy_nb_negative, buf_neg);
hpy::slot!(static BUF_BOOL: inquiry = HPy_nb_bool, buf_bool);
hpy::slot!(static BUF_LEN: lenfunc = HPy_mp_length, buf_len);
hpy::slot!(static BUF_SQ_LEN: lenfunc = HPy_sq_length, buf_len);
hpy::slot!(static BUF_GETITEM: binary = HPy_mp_subscript, buf_getitem);
hpy::slot!(static BUF_SETITEM: objobjarg = HPy_mp_ass_subscript, buf_setitem);
hpy::slot!(static BUF_CONTAINS: objobj = HPy_sq_contains, buf_contains);
hpy::slot!(static BUF_GETBUFFER: getbuffer = HPy_bf_getbuffer, buf_getbuffer);
hpy::slot!(static BUF_RELEASEBUFFER: releasebuffer = HPy_bf_releasebuffer, buf_releasebuffer);
hpy::getset!(static BUF_TOTAL = c"total", get: buf_total, doc: c"sum of the values");
hpy::member!(static BUF_SIZE = c"size", HPyMember_HPYSSIZET, BufData, size, readonly, doc: c"number of values");
hpy::type_spec!(static BUF_SPEC: BufData = {
    name: c"numpy_hpy._core._testing.Buf",
    flags: 0,
    doc: c"Buf(*values): f64 values exercising number, sequence, mapping and buffer slots",
    defines: [
        BUF_NEW, BUF_REPR, BUF_STR, BUF_RICHCMP, BUF_HASH, BUF_ADD, BUF_RADD, BUF_NEG, BUF_BOOL,
        BUF_LEN, BUF_SQ_LEN, BUF_GETITEM, BUF_SETITEM, BUF_CONTAINS, BUF_GETBUFFER,
        BUF_RELEASEBUFFER, BUF_TOTAL, BUF_SIZE,
    ],
});
