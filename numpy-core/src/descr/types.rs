//! `_DTypeMeta`, `dtype` and the concrete `*DType` classes.

use core::cell::Cell;

use hpy::CallArgs;
use hpy::impl_::Hash;
use hpy::{Borrowed, Ctx, Global, Handle, ObjectData, PyErr, PyResult, RichCmpOp, Shape};

use super::convert::{dtype_from_object, dtype_instance};
use crate::dtype::{Casting, DType, can_cast};

/// Data of a DType class (an instance of `_DTypeMeta`): which dtype its
/// instances are (`None` for the abstract base `dtype` itself).
pub struct MetaData {
    pub(crate) dtype: Cell<Option<DType>>,
}
impl ObjectData for MetaData {
    const SHAPE: Shape = Shape::Type;
    const HAS_FIELDS: bool = false;
}

/// Data of a dtype instance.
pub struct DescrData {
    pub(crate) dtype: DType,
}
impl ObjectData for DescrData {
    const HAS_FIELDS: bool = false;
}

/// The 13 singleton dtype instances, in `DType::ALL` order.
pub static INSTANCES: [Global; 13] = [const { Global::new() }; 13];

/// Index of `d` in `DType::ALL`.
pub(crate) fn index_of(d: DType) -> usize {
    DType::ALL
        .iter()
        .position(|x| *x == d)
        .expect("every DType is in ALL")
}

/// `Float64DType.type`: the scalar type of a DType class. On the abstract
/// `dtype` class itself it is the instance attribute's descriptor, as in NumPy.
fn meta_type<'c>(ctx: Ctx<'c>, cls: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let meta = META_SPEC.data(ctx, cls)?;
    match meta.dtype.get() {
        Some(d) => crate::scalar_types::type_object(ctx, d),
        None => {
            let dict = ctx.getattr_s(cls, c"__dict__")?;
            let key = ctx.str("type")?;
            ctx.get_item_opt(&dict, &key)?
                .ok_or_else(|| PyErr::new(hpy::ExcType::AttributeError, "type"))
        }
    }
}

hpy::getset!(static META_TYPE = c"type", get: meta_type, doc: c"The scalar type of this DType class.");

hpy::type_spec!(pub static META_SPEC: MetaData = {
    name: c"numpy_hpy._DTypeMeta",
    flags: 0,
    doc: c"Metaclass of numpy_hpy's DType classes (numpy._DTypeMeta).",
    defines: [META_TYPE],
});

fn descr<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<DType> {
    if !DTYPE_SPEC.is_instance(ctx, h)? {
        return Err(PyErr::type_error(format!(
            "descriptor requires a 'numpy_hpy.dtype' object but received a '{}'",
            ctx.type_name_of(h)
        )));
    }
    Ok(DTYPE_SPEC.data(ctx, h)?.dtype)
}

/// `dtype(obj, align=False, copy=False, metadata=None)`.
static SIG_DTYPE: argparse::Signature<4> = argparse::Signature::new(
    "dtype",
    [
        argparse::Param::either(c"dtype"),
        argparse::Param::either(c"align").optional(),
        argparse::Param::either(c"copy").optional(),
        argparse::Param::either(c"metadata").optional(),
    ],
)
.pyarg_style();

/// The globals of `dtype`'s signature (for the module definition).
pub static DTYPE_SIG_GLOBALS: &[Global] = SIG_DTYPE.globals();

/// `dtype`'s signature, whose names the module's exec slot interns.
pub static DTYPE_SIG: &dyn argparse::InitNames = &SIG_DTYPE;

fn dtype_new<'c>(
    ctx: Ctx<'c>,
    _ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    SIG_DTYPE.parse_dict(ctx, args, kw, |a| {
        // `align`, `copy` and `metadata` change nothing for the built-in
        // numeric dtypes (always singletons, never aligned structs).
        dtype_instance(ctx, dtype_from_object(ctx, a.get(0).expect("required"))?)
    })
}

fn dtype_repr<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.str(&descr(ctx, slf)?.repr())
}

fn dtype_str<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.str(descr(ctx, slf)?.name())
}

/// `==` against anything dtype-like; `<`, `<=` ... are "can be cast safely",
/// as in NumPy.
fn dtype_richcmp<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
    op: RichCmpOp,
) -> PyResult<Handle<'c>> {
    let x = descr(ctx, a)?;
    let y = match dtype_from_object(ctx, b) {
        Ok(y) => y,
        Err(_) => {
            if ctx.err_occurred() {
                ctx.err_clear();
            }
            return Ok(match op {
                RichCmpOp::Eq => ctx.bool(false),
                RichCmpOp::Ne => ctx.bool(true),
                _ => ctx.not_implemented(),
            });
        }
    };
    let safe = |f, t| can_cast(f, t, Casting::Safe);
    let r = match op {
        RichCmpOp::Eq => x == y,
        RichCmpOp::Ne => x != y,
        RichCmpOp::Le => safe(x, y),
        RichCmpOp::Lt => safe(x, y) && x != y,
        RichCmpOp::Ge => safe(y, x),
        RichCmpOp::Gt => safe(y, x) && x != y,
    };
    Ok(ctx.bool(r))
}

fn dtype_hash<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Hash> {
    let d = descr(ctx, slf)?;
    // Equal dtypes are the same singleton; mix the facts NumPy hashes.
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for b in [
        d.kind_char() as u64,
        d.itemsize() as u64,
        d.byteorder() as u64,
        d.num() as u64,
    ] {
        h = (h ^ b).wrapping_mul(0x0100_0000_01b3);
    }
    Ok(Hash((h >> 1) as isize))
}

fn dtype_reduce<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let d = descr(ctx, slf)?;
    let cls = DTYPE_SPEC.type_object(ctx)?;
    // NumPy pickles as dtype(kind + itemsize, align=False, copy=True).
    let spec = if d == DType::Bool {
        "b1".to_owned()
    } else {
        format!("{}{}", d.kind_char(), d.itemsize())
    };
    let s = ctx.str(&spec)?;
    let f = ctx.bool(false);
    let t = ctx.bool(true);
    let args = ctx.tuple(&[s.borrow(), f.borrow(), t.borrow()])?;
    ctx.tuple(&[cls.borrow(), args.borrow()])
}

macro_rules! getter {
    ($fname:ident, $name:ident, |$ctx:ident, $d:ident| $body:expr) => {
        fn $fname<'c>($ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
            let $d = descr($ctx, slf)?;
            $body
        }
    };
}

getter!(get_name, name, |ctx, d| ctx.str(d.name()));
getter!(get_kind, kind, |ctx, d| ctx.str(&d.kind_char().to_string()));
getter!(get_char, char, |ctx, d| ctx.str(&d.char().to_string()));
getter!(get_num, num, |ctx, d| ctx.long_from_i64(i64::from(d.num())));
getter!(get_str, str, |ctx, d| ctx.str(d.str_()));
getter!(get_itemsize, itemsize, |ctx, d| ctx
    .long_from_i64(d.itemsize() as i64));
getter!(get_alignment, alignment, |ctx, d| ctx
    .long_from_i64(d.alignment() as i64));
getter!(get_byteorder, byteorder, |ctx, d| ctx
    .str(&d.byteorder().to_string()));
getter!(get_isnative, isnative, |ctx, _d| Ok(ctx.bool(true)));
getter!(get_descr, descr, |ctx, d| {
    let [(n, s)] = d.descr();
    let n = ctx.str(n)?;
    let s = ctx.str(s)?;
    let pair = ctx.tuple(&[n.borrow(), s.borrow()])?;
    ctx.list(&[pair.borrow()])
});
getter!(get_none, none, |ctx, _d| Ok(ctx.none()));
getter!(get_shape, shape, |ctx, _d| ctx.tuple(&[]));
getter!(get_ndim, ndim, |ctx, _d| ctx.long_from_i64(0));
getter!(get_false, hasobject, |ctx, _d| Ok(ctx.bool(false)));
getter!(get_flags, flags, |ctx, _d| ctx.long_from_i64(0));
getter!(get_isbuiltin, isbuiltin, |ctx, _d| ctx.long_from_i64(1));
getter!(get_type, type, |ctx, d| crate::scalar_types::type_object(
    ctx, d
));

fn get_base<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    descr(ctx, slf)?;
    Ok(ctx.dup(slf))
}

hpy::slot!(static DTYPE_NEW: newfunc = HPy_tp_new, dtype_new, of: DTYPE_SPEC);
hpy::slot!(static DTYPE_REPR: reprfunc = HPy_tp_repr, dtype_repr);
hpy::slot!(static DTYPE_STR: reprfunc = HPy_tp_str, dtype_str);
hpy::slot!(static DTYPE_RICHCMP: richcmp = HPy_tp_richcompare, dtype_richcmp);
hpy::slot!(static DTYPE_HASH: hashfunc = HPy_tp_hash, dtype_hash);
hpy::meth!(static DTYPE_REDUCE: noargs = c"__reduce__", dtype_reduce);
hpy::getset!(static G_NAME = c"name", get: get_name, doc: c"A bit-width name for this data-type.");
hpy::getset!(static G_KIND = c"kind", get: get_kind, doc: c"A character code identifying the general kind of data.");
hpy::getset!(static G_CHAR = c"char", get: get_char, doc: c"A unique character code for each of the built-in types.");
hpy::getset!(static G_NUM = c"num", get: get_num, doc: c"A unique number for each of the built-in types.");
hpy::getset!(static G_STR = c"str", get: get_str, doc: c"The array-protocol typestring of this data-type object.");
hpy::getset!(static G_ITEMSIZE = c"itemsize", get: get_itemsize, doc: c"The element size of this data-type object.");
hpy::getset!(static G_ALIGNMENT = c"alignment", get: get_alignment, doc: c"The required alignment (bytes) of this data-type.");
hpy::getset!(static G_BYTEORDER = c"byteorder", get: get_byteorder, doc: c"A character indicating the byte-order.");
hpy::getset!(static G_ISNATIVE = c"isnative", get: get_isnative, doc: c"Whether the byte order is native.");
hpy::getset!(static G_DESCR = c"descr", get: get_descr, doc: c"`__array_interface__` description of the data-type.");
hpy::getset!(static G_NAMES = c"names", get: get_none);
hpy::getset!(static G_FIELDS = c"fields", get: get_none);
hpy::getset!(static G_SUBDTYPE = c"subdtype", get: get_none);
hpy::getset!(static G_METADATA = c"metadata", get: get_none);
hpy::getset!(static G_SHAPE = c"shape", get: get_shape);
hpy::getset!(static G_NDIM = c"ndim", get: get_ndim);
hpy::getset!(static G_HASOBJECT = c"hasobject", get: get_false);
hpy::getset!(static G_ISALIGNEDSTRUCT = c"isalignedstruct", get: get_false);
hpy::getset!(static G_FLAGS = c"flags", get: get_flags);
hpy::getset!(static G_ISBUILTIN = c"isbuiltin", get: get_isbuiltin);
hpy::getset!(static G_BASE = c"base", get: get_base);
hpy::getset!(static G_TYPE = c"type", get: get_type, doc: c"The type object used to instantiate a scalar of this data-type.");

hpy::type_spec!(pub static DTYPE_SPEC: DescrData = {
    name: c"numpy_hpy.dtype",
    flags: hpy::flags::BASETYPE,
    doc: c"dtype(dtype, align=False, copy=False, metadata=None)\n--\n\nCreate a data type object.",
    defines: [
        DTYPE_NEW, DTYPE_REPR, DTYPE_STR, DTYPE_RICHCMP, DTYPE_HASH, DTYPE_REDUCE,
        G_NAME, G_KIND, G_CHAR, G_NUM, G_STR, G_ITEMSIZE, G_ALIGNMENT, G_BYTEORDER,
        G_ISNATIVE, G_DESCR, G_NAMES, G_FIELDS, G_SUBDTYPE, G_METADATA, G_SHAPE, G_NDIM,
        G_HASOBJECT, G_ISALIGNEDSTRUCT, G_FLAGS, G_ISBUILTIN, G_BASE, G_TYPE,
    ],
});

/// `Float64DType()` & co. return the singleton of their dtype.
fn concrete_new<'c>(
    ctx: Ctx<'c>,
    ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    let name = ctx.type_name(ty);
    if !args.is_empty() || kw.is_some_and(|k| ctx.len(k).unwrap_or(0) > 0) {
        return Err(PyErr::type_error(format!("{name}() takes no arguments")));
    }
    let meta = META_SPEC.data(ctx, ty)?;
    match meta.dtype.get() {
        Some(d) => dtype_instance(ctx, d),
        None => Err(PyErr::type_error(format!("cannot instantiate {name}"))),
    }
}

hpy::slot!(static CONCRETE_NEW: newfunc = HPy_tp_new, concrete_new, of: DTYPE_SPEC);

macro_rules! concrete {
    ($($spec:ident = $name:literal),* $(,)?) => {
        $(
            hpy::type_spec!(pub static $spec: DescrData = {
                name: $name,
                flags: 0,
                defines: [CONCRETE_NEW],
            });
        )*
    };
}

concrete!(
    BOOL_SPEC = c"numpy_hpy.dtypes.BoolDType",
    INT8_SPEC = c"numpy_hpy.dtypes.Int8DType",
    UINT8_SPEC = c"numpy_hpy.dtypes.UInt8DType",
    INT16_SPEC = c"numpy_hpy.dtypes.Int16DType",
    UINT16_SPEC = c"numpy_hpy.dtypes.UInt16DType",
    INT32_SPEC = c"numpy_hpy.dtypes.Int32DType",
    UINT32_SPEC = c"numpy_hpy.dtypes.UInt32DType",
    INT64_SPEC = c"numpy_hpy.dtypes.Int64DType",
    UINT64_SPEC = c"numpy_hpy.dtypes.UInt64DType",
    FLOAT32_SPEC = c"numpy_hpy.dtypes.Float32DType",
    FLOAT64_SPEC = c"numpy_hpy.dtypes.Float64DType",
    COMPLEX64_SPEC = c"numpy_hpy.dtypes.Complex64DType",
    COMPLEX128_SPEC = c"numpy_hpy.dtypes.Complex128DType",
);

/// The concrete class specs, in `DType::ALL` order.
pub static CONCRETE: [&hpy::TypeSpec<DescrData>; 13] = [
    &BOOL_SPEC,
    &INT8_SPEC,
    &UINT8_SPEC,
    &INT16_SPEC,
    &UINT16_SPEC,
    &INT32_SPEC,
    &UINT32_SPEC,
    &INT64_SPEC,
    &UINT64_SPEC,
    &FLOAT32_SPEC,
    &FLOAT64_SPEC,
    &COMPLEX64_SPEC,
    &COMPLEX128_SPEC,
];

/// [`CONCRETE`] for the module's globals list.
pub static CONCRETE_ANY: [&hpy::AnyTypeSpec; 13] = hpy::TypeSpec::erase_all(&CONCRETE);

/// The specs besides the concrete classes (for the module's globals list,
/// with [`CONCRETE`]).
pub static SPECS: [&hpy::AnyTypeSpec; 2] = [META_SPEC.any(), DTYPE_SPEC.any()];

/// Creates the metaclass, `dtype`, the DType classes and the singletons, and
/// adds them to the module (`dtype`, `_DTypeMeta`, and each `*DType`).
pub fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    let type_type = ctx.constant(|t| t.h_TypeType);
    let meta = META_SPEC.create(ctx, Some(type_type), None)?;
    ctx.setattr_s(module, c"_DTypeMeta", &meta)?;
    let dtype = DTYPE_SPEC.create(ctx, None, Some(meta.borrow()))?;
    // SAFETY: `dtype` is an instance of `_DTypeMeta`, which stores `MetaData`.
    unsafe {
        ctx.init_data(
            &dtype,
            MetaData {
                dtype: Cell::new(None),
            },
        )?
    };
    ctx.setattr_s(module, c"dtype", &dtype)?;
    for (i, (d, spec)) in DType::ALL.iter().zip(CONCRETE).enumerate() {
        let cls = spec.create(ctx, Some(dtype.borrow()), Some(meta.borrow()))?;
        // SAFETY: as above.
        unsafe {
            ctx.init_data(
                &cls,
                MetaData {
                    dtype: Cell::new(Some(*d)),
                },
            )?
        };
        let inst = spec.instance(ctx, DescrData { dtype: *d })?;
        INSTANCES[i].store(ctx, &inst);
        let name = std::ffi::CString::new(d.class_name())
            .map_err(|_| PyErr::value_error("bad class name"))?;
        ctx.setattr_s(module, &name, &cls)?;
    }
    Ok(())
}
