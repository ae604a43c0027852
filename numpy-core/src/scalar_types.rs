//! The Python scalar types: `numpy_hpy.generic` and its abstract subclasses,
//! and the 13 concrete scalars (`bool`, `int8` ... `complex128`). `float64`
//! subclasses Python's `float` and `complex128` Python's `complex`, as in
//! NumPy; their value lives in the built-in part (no Rust data, so no runtime
//! needs `HPy_AsStruct_Float`). Every other scalar keeps a [`Scalar`].
//!
//! The arithmetic, comparison and conversion slots sit on `generic` and are
//! inherited; they implement NumPy 2's scalar math with NEP 50 promotion
//! (Python numbers are weak) through `crate::scalar`.

use hpy::CallArgs;
use hpy::impl_::Hash;
use hpy::{
    AsHandle, Borrowed, Ctx, ExcType, Handle, ObjectData, PyErr, PyResult, RichCmpOp, Shape,
};
use num_complex::Complex;

use crate::descr::dtype_instance;
use crate::dtype::{DType, promote_types};
use crate::scalar::DISCARDS_IMAGINARY;
use crate::scalar::weak::{self, PyKind};
use crate::scalar::{BinaryOp, Scalar, ScalarError, UnaryOp, Value};

/// Data of the abstract scalar classes and of `float64`/`complex128`: nothing.
pub struct NoData;
impl ObjectData for NoData {
    const HAS_FIELDS: bool = false;
}

/// `float64`'s (empty) data, in the `float` layout.
pub struct FloatNoData;
impl ObjectData for FloatNoData {
    const SHAPE: Shape = Shape::Float;
    const HAS_FIELDS: bool = false;
}

/// The value of a scalar of the other 11 types.
pub struct ScalarData {
    value: Scalar,
}
impl ObjectData for ScalarData {
    const HAS_FIELDS: bool = false;
}

macro_rules! abstract_spec {
    ($spec:ident, $name:literal, $doc:literal, [$($def:ident),*]) => {
        hpy::type_spec!(pub static $spec: NoData = {
            name: $name,
            flags: hpy::flags::BASETYPE,
            doc: $doc,
            defines: [$($def),*],
        });
    };
}

/// A type spec carrying every scalar slot. `generic` has them (and passes
/// them on); `float64` and `complex128` repeat them because their first base
/// is the built-in (see `init`).
macro_rules! with_scalar_slots {
    ($spec:ident: $data:ty = $name:literal, $flags:expr, $doc:literal, [$($extra:ident),*]) => {
        hpy::type_spec!(pub static $spec: $data = {
            name: $name,
            flags: $flags,
            doc: $doc,
            defines: [
                S_REPR, S_STR, S_HASH, S_RICHCMP, S_ADD, S_RADD, S_SUB, S_RSUB, S_MUL, S_RMUL,
                S_TRUEDIV, S_RTRUEDIV, S_FLOORDIV, S_RFLOORDIV, S_MOD, S_RMOD, S_DIVMOD, S_RDIVMOD,
                S_POW, S_RPOW, S_AND, S_RAND, S_OR, S_ROR, S_XOR, S_RXOR, S_LSHIFT, S_RLSHIFT,
                S_RSHIFT, S_RRSHIFT, S_NEG, S_POS, S_ABS, S_INVERT, S_BOOL, S_INT, S_FLOAT,
                G_DTYPE, G_ITEMSIZE, G_NBYTES, G_NDIM, G_SHAPE, G_SIZE, G_REAL, G_IMAG, M_ITEM,
                M_TOLIST, M_REDUCE, M_COMPLEX, M_FORMAT $(, $extra)*
            ],
        });
    };
}

with_scalar_slots!(GENERIC_SPEC: NoData = c"numpy_hpy.generic", hpy::flags::BASETYPE,
    c"Base class for numpy_hpy scalar types.", [ABSTRACT_NEW]);
abstract_spec!(
    NUMBER_SPEC,
    c"numpy_hpy.number",
    c"Abstract base class of all numeric scalar types.",
    [ABSTRACT_NEW]
);
abstract_spec!(
    INTEGER_SPEC,
    c"numpy_hpy.integer",
    c"Abstract base class of all integer scalar types.",
    [S_INDEX, ABSTRACT_NEW]
);
abstract_spec!(
    SIGNED_SPEC,
    c"numpy_hpy.signedinteger",
    c"Abstract base class of all signed integer scalar types.",
    [ABSTRACT_NEW]
);
abstract_spec!(
    UNSIGNED_SPEC,
    c"numpy_hpy.unsignedinteger",
    c"Abstract base class of all unsigned integer scalar types.",
    [ABSTRACT_NEW]
);
abstract_spec!(
    INEXACT_SPEC,
    c"numpy_hpy.inexact",
    c"Abstract base class of all numeric scalar types with a (potentially) inexact representation.",
    [ABSTRACT_NEW]
);
abstract_spec!(
    FLOATING_SPEC,
    c"numpy_hpy.floating",
    c"Abstract base class of all floating-point scalar types.",
    [ABSTRACT_NEW]
);
abstract_spec!(
    COMPLEXFLOATING_SPEC,
    c"numpy_hpy.complexfloating",
    c"Abstract base class of all complex number scalar types.",
    [ABSTRACT_NEW]
);

hpy::slot!(static BOOL_INDEX: unary = HPy_nb_index, scalar_index);

macro_rules! value_spec {
    ($spec:ident, $name:literal, $doc:literal, [$($def:ident),*]) => {
        hpy::type_spec!(pub static $spec: ScalarData = {
            name: $name,
            flags: 0,
            doc: $doc,
            defines: [S_NEW $(, $def)*],
        });
    };
}

value_spec!(
    BOOL_SPEC,
    c"numpy_hpy.bool",
    c"Boolean type (True or False), stored as a byte.",
    [BOOL_INDEX]
);
value_spec!(
    INT8_SPEC,
    c"numpy_hpy.int8",
    c"Signed integer type, 8 bits.",
    []
);
value_spec!(
    UINT8_SPEC,
    c"numpy_hpy.uint8",
    c"Unsigned integer type, 8 bits.",
    []
);
value_spec!(
    INT16_SPEC,
    c"numpy_hpy.int16",
    c"Signed integer type, 16 bits.",
    []
);
value_spec!(
    UINT16_SPEC,
    c"numpy_hpy.uint16",
    c"Unsigned integer type, 16 bits.",
    []
);
value_spec!(
    INT32_SPEC,
    c"numpy_hpy.int32",
    c"Signed integer type, 32 bits.",
    []
);
value_spec!(
    UINT32_SPEC,
    c"numpy_hpy.uint32",
    c"Unsigned integer type, 32 bits.",
    []
);
value_spec!(
    INT64_SPEC,
    c"numpy_hpy.int64",
    c"Signed integer type, 64 bits.",
    []
);
value_spec!(
    UINT64_SPEC,
    c"numpy_hpy.uint64",
    c"Unsigned integer type, 64 bits.",
    []
);
value_spec!(
    FLOAT32_SPEC,
    c"numpy_hpy.float32",
    c"Single-precision floating-point number type.",
    []
);
value_spec!(
    COMPLEX64_SPEC,
    c"numpy_hpy.complex64",
    c"Complex number type composed of two single-precision floats.",
    []
);

with_scalar_slots!(FLOAT64_SPEC: FloatNoData = c"numpy_hpy.float64", hpy::flags::BASETYPE,
    c"Double-precision floating-point number type, compatible with Python float.", []);
with_scalar_slots!(COMPLEX128_SPEC: NoData = c"numpy_hpy.complex128", hpy::flags::BASETYPE,
    c"Complex number type composed of two double-precision floats, compatible with Python complex.", []);

/// The concrete scalar types, in `DType::ALL` order.
static CONCRETE: [&hpy::AnyTypeSpec; 13] = [
    BOOL_SPEC.any(),
    INT8_SPEC.any(),
    UINT8_SPEC.any(),
    INT16_SPEC.any(),
    UINT16_SPEC.any(),
    INT32_SPEC.any(),
    UINT32_SPEC.any(),
    INT64_SPEC.any(),
    UINT64_SPEC.any(),
    FLOAT32_SPEC.any(),
    FLOAT64_SPEC.any(),
    COMPLEX64_SPEC.any(),
    COMPLEX128_SPEC.any(),
];

hpy::part!(
    /// What the scalar types add to the module.
    pub static PART = {
        globals: [hpy::Globals::all(&COMPLEX_PARTS)],
        type_specs: [
            GENERIC_SPEC,
            NUMBER_SPEC,
            INTEGER_SPEC,
            SIGNED_SPEC,
            UNSIGNED_SPEC,
            INEXACT_SPEC,
            FLOATING_SPEC,
            COMPLEXFLOATING_SPEC,
        ],
        type_spec_lists: [CONCRETE],
        init: init,
    }
);

/// The spec of `d`'s scalar type when it stores [`ScalarData`] (every
/// concrete type but float64 and complex128, which extend Python's types).
fn scalar_data_spec(d: DType) -> Option<&'static hpy::TypeSpec<ScalarData>> {
    Some(match d {
        DType::Bool => &BOOL_SPEC,
        DType::Int8 => &INT8_SPEC,
        DType::UInt8 => &UINT8_SPEC,
        DType::Int16 => &INT16_SPEC,
        DType::UInt16 => &UINT16_SPEC,
        DType::Int32 => &INT32_SPEC,
        DType::UInt32 => &UINT32_SPEC,
        DType::Int64 => &INT64_SPEC,
        DType::UInt64 => &UINT64_SPEC,
        DType::Float32 => &FLOAT32_SPEC,
        DType::Complex64 => &COMPLEX64_SPEC,
        DType::Float64 | DType::Complex128 => return None,
    })
}

fn index_of(d: DType) -> usize {
    DType::ALL
        .iter()
        .position(|x| *x == d)
        .expect("every DType is in ALL")
}

/// Creates the scalar types and adds them to the module under their names
/// (and `bool_` for `bool`).
fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    let complex = ctx.constant(|t| t.h_ComplexType);
    for (g, name) in COMPLEX_PARTS.iter().zip([c"real", c"imag"]) {
        let descr = ctx.getattr_s(complex, name)?;
        g.store(ctx, &ctx.getattr_s(&descr, c"__get__")?);
    }
    let generic = GENERIC_SPEC.create(ctx, None, None)?;
    let number = NUMBER_SPEC.create(ctx, Some(generic.borrow()), None)?;
    let integer = INTEGER_SPEC.create(ctx, Some(number.borrow()), None)?;
    let signed = SIGNED_SPEC.create(ctx, Some(integer.borrow()), None)?;
    let unsigned = UNSIGNED_SPEC.create(ctx, Some(integer.borrow()), None)?;
    let inexact = INEXACT_SPEC.create(ctx, Some(number.borrow()), None)?;
    let floating = FLOATING_SPEC.create(ctx, Some(inexact.borrow()), None)?;
    let complexfloating = COMPLEXFLOATING_SPEC.create(ctx, Some(inexact.borrow()), None)?;
    for (name, h) in [
        (c"generic", &generic),
        (c"number", &number),
        (c"integer", &integer),
        (c"signedinteger", &signed),
        (c"unsignedinteger", &unsigned),
        (c"inexact", &inexact),
        (c"floating", &floating),
        (c"complexfloating", &complexfloating),
    ] {
        ctx.setattr_s(module, name, h)?;
    }
    for (d, spec) in DType::ALL.iter().zip(CONCRETE) {
        let ty = match d {
            DType::Bool => spec.create(ctx, Some(generic.borrow()), None)?,
            // The built-in comes first: its constructor must be the one found
            // (PyPy looks `__new__` up along the MRO, where `generic` would
            // offer object's), and our own slots are repeated on the type so
            // they still win over float's and complex's. NumPy lists the
            // built-in last; `float64.__mro__` is the one visible difference.
            DType::Float64 => {
                let float = ctx.constant(|t| t.h_FloatType);
                spec.create_bases(ctx, &[float, floating.borrow()], None)?
            }
            DType::Complex128 => {
                let complex = ctx.constant(|t| t.h_ComplexType);
                spec.create_bases(ctx, &[complex, complexfloating.borrow()], None)?
            }
            d if d.is_signed_int() => spec.create(ctx, Some(signed.borrow()), None)?,
            d if d.is_unsigned() => spec.create(ctx, Some(unsigned.borrow()), None)?,
            DType::Float32 => spec.create(ctx, Some(floating.borrow()), None)?,
            _ => spec.create(ctx, Some(complexfloating.borrow()), None)?,
        };
        let name = std::ffi::CString::new(d.name()).map_err(|_| PyErr::value_error("name"))?;
        ctx.setattr_s(module, &name, &ty)?;
        if *d == DType::Bool {
            ctx.setattr_s(module, c"bool_", &ty)?;
        }
    }
    Ok(())
}

/// The scalar type object of `d` (`dtype.type`).
pub fn type_object<'c>(ctx: Ctx<'c>, d: DType) -> PyResult<Handle<'c>> {
    CONCRETE[index_of(d)].type_object(ctx)
}

/// The dtype of one of our scalar type objects (`np.dtype(np.float32)`).
pub fn dtype_of_type<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<DType>> {
    // The usual scalars first (what reductions return: `a - a.mean()`),
    // each test loading a type object.
    const BY_USE: [DType; 13] = [
        DType::Float64,
        DType::Int64,
        DType::Bool,
        DType::Float32,
        DType::Complex128,
        DType::Int32,
        DType::UInt64,
        DType::Complex64,
        DType::Int8,
        DType::UInt8,
        DType::Int16,
        DType::UInt16,
        DType::UInt32,
    ];
    for d in BY_USE {
        let t = CONCRETE[index_of(d)].type_object(ctx)?;
        if ctx.is(&t, obj) {
            return Ok(Some(d));
        }
    }
    Ok(None)
}

/// NumPy's error for converting an abstract scalar type to a dtype
/// (`np.dtype(np.floating)`), `None` for any other object.
pub fn abstract_type_error<'c>(
    ctx: Ctx<'c>,
    obj: Borrowed<'_, 'c>,
) -> PyResult<Option<&'static str>> {
    let table: [(&hpy::AnyTypeSpec, &'static str); 8] = [
        (
            &GENERIC_SPEC,
            "Converting `np.generic` to a dtype is not allowed.",
        ),
        (
            &NUMBER_SPEC,
            "Converting `np.inexact` or `np.floating` to a dtype not allowed",
        ),
        (
            &INTEGER_SPEC,
            "Converting 'np.integer' or 'np.signedinteger' to a dtype is not allowed",
        ),
        (
            &SIGNED_SPEC,
            "Converting 'np.integer' or 'np.signedinteger' to a dtype is not allowed",
        ),
        (
            &UNSIGNED_SPEC,
            "Converting `np.unsignedinteger` to a dtype is not allowed",
        ),
        (
            &INEXACT_SPEC,
            "Converting `np.inexact` or `np.floating` to a dtype not allowed",
        ),
        (
            &FLOATING_SPEC,
            "Converting `np.inexact` or `np.floating` to a dtype not allowed",
        ),
        (
            &COMPLEXFLOATING_SPEC,
            "Converting `np.complex` to a dtype is not allowed.",
        ),
    ];
    for (spec, msg) in table {
        if ctx.is(&spec.type_object(ctx)?, obj) {
            return Ok(Some(msg));
        }
    }
    Ok(None)
}

/// The dtype of one of our scalars, `None` for anything else.
pub fn dtype_of_instance<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<DType>> {
    if !GENERIC_SPEC.is_instance(ctx, obj)? {
        return Ok(None);
    }
    let ty = ctx.type_of(obj);
    dtype_of_type(ctx, ty.borrow())
}

/// The value of one of our scalars.
pub fn scalar_of<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<Scalar>> {
    let Some(d) = dtype_of_instance(ctx, obj)? else {
        return Ok(None);
    };
    Ok(Some(match d {
        DType::Float64 => Scalar::Float64(ctx.float_as_f64(obj)?),
        DType::Complex128 => Scalar::Complex128(complex_of(ctx, obj)?),
        _ => match scalar_data_spec(d) {
            Some(spec) => spec.data(ctx, obj)?.value,
            None => return Ok(None),
        },
    }))
}

/// `complex.real.__get__` and `complex.imag.__get__`: the built-in parts of
/// a complex (our `complex128` overrides `real`/`imag` with NumPy scalars, so
/// plain attribute access would come back to us).
static COMPLEX_PARTS: [hpy::Global; 2] = [const { hpy::Global::new() }; 2];

fn complex_of<'c>(ctx: Ctx<'c>, obj: impl AsHandle<'c>) -> PyResult<Complex<f64>> {
    let get_re = COMPLEX_PARTS[0].load(ctx)?;
    let get_im = COMPLEX_PARTS[1].load(ctx)?;
    let re = ctx.call(&get_re, &[obj.as_borrowed()])?;
    let im = ctx.call(&get_im, &[obj.as_borrowed()])?;
    Ok(Complex::new(ctx.float_as_f64(&re)?, ctx.float_as_f64(&im)?))
}

/// A new Python scalar object for `s`.
pub fn to_python<'c>(ctx: Ctx<'c>, s: Scalar) -> PyResult<Handle<'c>> {
    match s {
        Scalar::Float64(v) => {
            if let Some(ty) = FLOAT64_SPEC.type_borrowed(ctx) {
                // SAFETY: float64 is a `float` subclass (Shape::Float) with
                // no data of its own.
                if let Some(r) = unsafe { ctx.new_float_subtype(ty, v) } {
                    return r;
                }
            }
            let f = ctx.float_from_f64(v)?;
            let ty = FLOAT64_SPEC.type_object(ctx)?;
            ctx.call(&ty, &[f.borrow()])
        }
        Scalar::Complex128(c) => {
            let re = ctx.float_from_f64(c.re)?;
            let im = ctx.float_from_f64(c.im)?;
            let ty = COMPLEX128_SPEC.type_object(ctx)?;
            ctx.call(&ty, &[re.borrow(), im.borrow()])
        }
        _ => scalar_data_spec(s.dtype())
            .ok_or_else(|| PyErr::type_error("unsupported scalar"))?
            .instance(ctx, ScalarData { value: s }),
    }
}

/// NumPy's `ComplexWarning: Casting complex values to real discards the
/// imaginary part`.
pub(crate) fn warn_discarded_imaginary(ctx: Ctx<'_>) -> PyResult<()> {
    let category = crate::module::COMPLEX_WARNING.load(ctx)?;
    ctx.warn(&category, DISCARDS_IMAGINARY, 1)
}

/// Reports NumPy's FP warnings (`overflow encountered in scalar add`) under
/// the current errstate (warn, raise, call, print, log or ignore), and the
/// ComplexWarning of a discarded imaginary part.
fn warn_all<'c>(ctx: Ctx<'c>, messages: &[String]) -> PyResult<()> {
    let mut bits = crate::scalar::FpFlags::NONE;
    let mut origin = None;
    for m in messages {
        if m == DISCARDS_IMAGINARY {
            warn_discarded_imaginary(ctx)?;
            continue;
        }
        let Some((what, from)) = m.split_once(" encountered in ") else {
            ctx.warn(ctx.constant(|t| t.h_RuntimeWarning), m, 1)?;
            continue;
        };
        match what {
            "divide by zero" => bits.divide_by_zero = true,
            "overflow" => bits.overflow = true,
            "underflow" => bits.underflow = true,
            _ => bits.invalid = true,
        }
        origin = Some(from);
    }
    match origin {
        Some(o) => crate::ufunc::report_flags(ctx, o, bits),
        None => Ok(()),
    }
}

use crate::errors::py_err as scalar_error;

/// `obj` as one element of a `dtype` array the way NumPy 2's
/// `copyto(dst, obj, casting='unsafe')` takes a scalar (what `full` does):
/// a Python number first becomes the dtype it takes next to `dtype` (NEP 50:
/// a Python int must fit an integer `dtype`, a Python float next to an
/// integer `dtype` stays float64), then everything is cast unsafely, with
/// the cast's RuntimeWarning/ComplexWarning. `None` when `obj` is no scalar.
pub(crate) fn copyto_scalar<'c>(
    ctx: Ctx<'c>,
    obj: Borrowed<'_, 'c>,
    dtype: DType,
) -> PyResult<Option<Scalar>> {
    let Some(w) = operand(ctx, obj)? else {
        return Ok(None);
    };
    let (s, ws) = weak_to(dtype, w).map_err(scalar_error)?;
    warn_all(ctx, &ws)?;
    let c = s.cast_checked(dtype);
    warn_all(ctx, &c.warnings())?;
    Ok(Some(c.value))
}

/// A Python int as `i128` (saturating past it: such values never fit).
fn py_int<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<i128> {
    match ctx.long_as_i64(h) {
        Ok(v) => Ok(i128::from(v)),
        Err(_) => {
            ctx.err_clear();
            let zero = ctx.long_from_i64(0)?;
            let negative = ctx.rich_compare_bool(h, &zero, RichCmpOp::Lt)?;
            match ctx.long_as_u64(h) {
                Ok(v) => Ok(i128::from(v)),
                Err(_) => {
                    ctx.err_clear();
                    Ok(if negative { i128::MIN } else { i128::MAX })
                }
            }
        }
    }
}

/// One operand of a scalar operation.
#[derive(Clone, Copy)]
pub(crate) enum Operand {
    /// One of our scalars (strong).
    Ours(Scalar),
    /// Python numbers: weak (NEP 50).
    WeakBool(bool),
    /// A Python int: its value (saturated past i128) and, for ints beyond
    /// uint64, Python's own `float(value)` (NumPy converts it to a double
    /// when the other operand is inexact).
    WeakInt(i128),
    WeakBigInt(i128, f64),
    WeakFloat(f64),
    WeakComplex(Complex<f64>),
}

/// Classifies `h`: one of our scalars, a Python number (weak), or neither.
pub(crate) fn operand<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<Option<Operand>> {
    if let Some(s) = scalar_of(ctx, h)? {
        return Ok(Some(Operand::Ours(s)));
    }
    let ty = ctx.type_of(h);
    Ok(Some(if ctx.is(&ty, ctx.constant(|t| t.h_BoolType)) {
        Operand::WeakBool(ctx.is_true(h)?)
    } else if ctx.is(&ty, ctx.constant(|t| t.h_LongType)) {
        let v = py_int(ctx, h)?;
        if v == i128::MAX || v == i128::MIN {
            let f = ctx.call(ctx.constant(|t| t.h_FloatType), &[h.borrow()]);
            match f {
                Ok(f) => Operand::WeakBigInt(v, ctx.float_as_f64(&f)?),
                Err(_) => {
                    ctx.err_clear();
                    Operand::WeakBigInt(
                        v,
                        if v > 0 {
                            f64::INFINITY
                        } else {
                            f64::NEG_INFINITY
                        },
                    )
                }
            }
        } else {
            Operand::WeakInt(v)
        }
    } else if ctx.is(&ty, ctx.constant(|t| t.h_FloatType)) {
        Operand::WeakFloat(ctx.float_as_f64(h)?)
    } else if ctx.is(&ty, ctx.constant(|t| t.h_ComplexType)) {
        Operand::WeakComplex(complex_of(ctx, h)?)
    } else {
        return Ok(None);
    }))
}

/// Brings a weak Python number to the dtype it takes next to a `d` scalar;
/// returns the value and the warnings of the conversion.
fn weak_to(d: DType, w: Operand) -> Result<(Scalar, Vec<String>), ScalarError> {
    let cast = match w {
        Operand::WeakBool(v) => {
            Scalar::Bool(v).cast_checked(weak::weak_result_dtype(d, PyKind::Bool))
        }
        Operand::WeakInt(v) => weak::weak_int_to_scalar(d, v)?,
        Operand::WeakBigInt(v, f) => {
            let rd = weak::weak_result_dtype(d, PyKind::Int);
            if rd.is_inexact() {
                Scalar::Float64(f).cast_checked(rd)
            } else {
                weak::weak_int_to_scalar(d, v)?
            }
        }
        Operand::WeakFloat(v) => weak::weak_float_to_scalar(d, v),
        Operand::WeakComplex(v) => weak::weak_complex_to_scalar(d, v),
        Operand::Ours(s) => s.cast_checked(d),
    };
    Ok((cast.value, cast.warnings()))
}

/// NumPy 2's special cases for a Python int that does not fit the integer
/// scalar it meets: comparisons are answered exactly, true division is done
/// in float64 (other operations raise the OverflowError as usual).
fn out_of_range_int<'c>(
    ctx: Ctx<'c>,
    x: Operand,
    y: Operand,
    op: BinaryOp,
) -> PyResult<Option<Handle<'c>>> {
    // The Python int as a double, as NumPy converts it for true division.
    let as_f64 = |w: Operand| match w {
        Operand::WeakBigInt(_, f) => f,
        Operand::WeakInt(v) => v as f64,
        _ => 0.0,
    };
    let (s, v, vf, int_on_right) = match (x, y) {
        (Operand::Ours(s), w @ (Operand::WeakInt(v) | Operand::WeakBigInt(v, _))) => {
            (s, v, as_f64(w), true)
        }
        (w @ (Operand::WeakInt(v) | Operand::WeakBigInt(v, _)), Operand::Ours(s)) => {
            (s, v, as_f64(w), false)
        }
        _ => return Ok(None),
    };
    let d = s.dtype();
    // np.bool has no scalar math: its ufunc path raises NumPy's OverflowError.
    if !d.is_integer() || weak::weak_int_fits(d, v) {
        return Ok(None);
    }
    let Some(sv) = s.to_i128() else {
        return Ok(None);
    };
    let (l, r) = if int_on_right { (sv, v) } else { (v, sv) };
    let cmp = match op {
        BinaryOp::Eq => Some(l == r),
        BinaryOp::Ne => Some(l != r),
        BinaryOp::Lt => Some(l < r),
        BinaryOp::Le => Some(l <= r),
        BinaryOp::Gt => Some(l > r),
        BinaryOp::Ge => Some(l >= r),
        _ => None,
    };
    if let Some(c) = cmp {
        return Ok(Some(to_python(ctx, Scalar::Bool(c))?));
    }
    if op == BinaryOp::TrueDiv {
        let (lf, rf) = if int_on_right {
            (sv as f64, vf)
        } else {
            (vf, sv as f64)
        };
        let out = Scalar::Float64(lf)
            .binary(op, &Scalar::Float64(rf))
            .map_err(scalar_error)?;
        warn_all(ctx, &out.warnings())?;
        if let Value::Scalar(q) = out.value {
            return Ok(Some(to_python(ctx, q)?));
        }
    }
    Ok(None)
}

/// `a op b` for scalars, or `None` (NotImplemented) when an operand is not a number.
fn binary<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
    op: BinaryOp,
) -> PyResult<Handle<'c>> {
    let (Some(x), Some(y)) = (operand(ctx, a)?, operand(ctx, b)?) else {
        return Ok(ctx.not_implemented());
    };
    if let Some(r) = out_of_range_int(ctx, x, y, op)? {
        return Ok(r);
    }
    if takes_ufunc_path(x, y, op) {
        return crate::ufunc::binary_op(ctx, op, a, b);
    }
    let original = (x, y);
    // NumPy's scalar math has no bool kernels; `np.bool <op> int` goes
    // through the ufunc (no integer-overflow warning), see `Scalar::binary_ufunc`.
    let via_ufunc = matches!(
        (x, y),
        (Operand::Ours(Scalar::Bool(_)), Operand::WeakInt(_))
            | (Operand::WeakInt(_), Operand::Ours(Scalar::Bool(_)))
    );
    let (x, y, mut warnings) = match (x, y) {
        (Operand::Ours(p), Operand::Ours(q)) => {
            let d = promote_types(p.dtype(), q.dtype());
            (p.cast(d), q.cast(d), Vec::new())
        }
        (Operand::Ours(p), w) => {
            let (q, ws) = weak_to(p.dtype(), w).map_err(scalar_error)?;
            (p.cast(q.dtype()), q, ws)
        }
        (w, Operand::Ours(q)) => {
            let (p, ws) = weak_to(q.dtype(), w).map_err(scalar_error)?;
            (p, q.cast(p.dtype()), ws)
        }
        _ => return Ok(ctx.not_implemented()),
    };
    let out = if via_ufunc {
        x.binary_ufunc(op, &y)
    } else {
        x.binary(op, &y)
    };
    let out = match out {
        Ok(out) => out,
        Err(e) => return Err(scalar_error(name_operands(ctx, e, original))),
    };
    warnings.extend(out.warnings());
    warn_all(ctx, &warnings)?;
    match out.value {
        Value::Scalar(s) => to_python(ctx, s),
        Value::Pair(q, r) => {
            let q = to_python(ctx, q)?;
            let r = to_python(ctx, r)?;
            ctx.tuple(&[q.borrow(), r.borrow()])
        }
    }
}

/// NumPy's "unsupported operand type(s) for //: 'numpy.int8' and
/// 'numpy.complex64'" (the runtime's own TypeError, NumPy's scalars having
/// returned NotImplemented) names the operands as given, where the scalar
/// math saw them promoted to one type; PyPy words it "for divmod:".
fn name_operands(ctx: Ctx<'_>, e: ScalarError, (x, y): (Operand, Operand)) -> ScalarError {
    let Some(rest) = e.message.strip_prefix("unsupported operand type(s) for ") else {
        return e;
    };
    let Some((symbol, _)) = rest.split_once(": ") else {
        return e;
    };
    let symbol = match symbol {
        "divmod()" if ctx.capabilities().runtime == hpy::Runtime::PyPy => "divmod",
        s => s,
    };
    let name = |o: Operand| match o {
        Operand::Ours(s) => format!("numpy_hpy.{}", s.dtype().name()),
        Operand::WeakBool(_) => "bool".to_owned(),
        Operand::WeakInt(_) | Operand::WeakBigInt(..) => "int".to_owned(),
        Operand::WeakFloat(_) => "float".to_owned(),
        Operand::WeakComplex(_) => "complex".to_owned(),
    };
    ScalarError {
        kind: e.kind,
        message: format!(
            "unsupported operand type(s) for {symbol}: '{}' and '{}'",
            name(x),
            name(y)
        ),
    }
}

/// Whether NumPy computes `x op y` with the ufunc rather than its scalar
/// math (`scalarmath.c.src`'s `convert_to_<type>` deferring to the array
/// path): a bool left operand (np.bool has no scalar arithmetic), a pair
/// neither of whose types holds the other (`int8 + uint8` is int16), a
/// Python number that changes the dtype (`uint8 * 1.5`) or an int beyond
/// int64 dividing or divided by a bool, and complex floor
/// division, remainder and divmod with a bool. The results then carry the
/// ufunc's warnings (`divide by zero encountered in divide`) and errors.
fn takes_ufunc_path(x: Operand, y: Operand, op: BinaryOp) -> bool {
    let weak_kind = |w: Operand| match w {
        Operand::WeakBool(_) => Some(PyKind::Bool),
        Operand::WeakInt(_) | Operand::WeakBigInt(..) => Some(PyKind::Int),
        Operand::WeakFloat(_) => Some(PyKind::Float),
        Operand::WeakComplex(_) => Some(PyKind::Complex),
        Operand::Ours(_) => None,
    };
    let complex_division = matches!(op, BinaryOp::FloorDiv | BinaryOp::Mod | BinaryOp::DivMod);
    match (x, y) {
        (Operand::Ours(p), Operand::Ours(q)) => {
            let (a, b) = (p.dtype(), q.dtype());
            let d = promote_types(a, b);
            (a == DType::Bool && b != DType::Bool)
                || (d != a && d != b)
                || (complex_division && (a.is_complex() && b == DType::Bool))
        }
        (Operand::Ours(Scalar::Bool(_)), Operand::WeakBigInt(..))
        | (Operand::WeakBigInt(..), Operand::Ours(Scalar::Bool(_))) => op == BinaryOp::TrueDiv,
        (Operand::Ours(p), w) | (w, Operand::Ours(p)) => match weak_kind(w) {
            Some(k @ (PyKind::Float | PyKind::Complex)) => {
                weak::weak_result_dtype(p.dtype(), k) != p.dtype()
            }
            _ => false,
        },
        _ => false,
    }
}

fn unary<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>, op: UnaryOp) -> PyResult<Handle<'c>> {
    let Some(s) = scalar_of(ctx, a)? else {
        return Ok(ctx.not_implemented());
    };
    let out = s.unary(op).map_err(scalar_error)?;
    warn_all(ctx, &out.warnings())?;
    match out.value {
        Value::Scalar(r) => to_python(ctx, r),
        Value::Pair(..) => Err(PyErr::new(ExcType::SystemError, "unary op gave two values")),
    }
}

/// The scalar of `slf` (slots of `generic` only see our scalars).
fn this<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Scalar> {
    scalar_of(ctx, slf)?.ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a 'numpy_hpy.generic' subtype but received '{}'",
            ctx.type_name_of(slf)
        ))
    })
}

/// The plain Python object with the scalar's value (`s.item()`).
pub fn item<'c>(ctx: Ctx<'c>, s: Scalar) -> PyResult<Handle<'c>> {
    match s {
        Scalar::Bool(v) => Ok(ctx.bool(v)),
        Scalar::Float32(_) | Scalar::Float64(_) => ctx.float_from_f64(s.to_f64()),
        Scalar::Complex64(_) | Scalar::Complex128(_) => {
            let c = s.to_complex128();
            let re = ctx.float_from_f64(c.re)?;
            let im = ctx.float_from_f64(c.im)?;
            ctx.call(
                ctx.constant(|t| t.h_ComplexType),
                &[re.borrow(), im.borrow()],
            )
        }
        _ => {
            let v = s.to_i128().expect("integer scalar");
            if v < 0 {
                ctx.long_from_i64(v as i64)
            } else {
                ctx.long_from_u64(v as u64)
            }
        }
    }
}

fn s_repr<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.str(&this(ctx, slf)?.repr())
}

fn s_str<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.str(&this(ctx, slf)?.to_string())
}

/// Equal to the hash of the Python value, as NumPy's scalars are.
fn s_hash<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Hash> {
    let v = item(ctx, this(ctx, slf)?)?;
    Ok(Hash(ctx.hash(&v)?))
}

/// The comparison operator of a rich comparison.
pub(crate) fn comparison(op: RichCmpOp) -> BinaryOp {
    match op {
        RichCmpOp::Lt => BinaryOp::Lt,
        RichCmpOp::Le => BinaryOp::Le,
        RichCmpOp::Eq => BinaryOp::Eq,
        RichCmpOp::Ne => BinaryOp::Ne,
        RichCmpOp::Gt => BinaryOp::Gt,
        RichCmpOp::Ge => BinaryOp::Ge,
    }
}

fn s_richcmp<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
    op: RichCmpOp,
) -> PyResult<Handle<'c>> {
    binary(ctx, a, b, comparison(op))
}

macro_rules! binops {
    ($($f:ident = $op:ident),* $(,)?) => {
        $(
            fn $f<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>, b: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
                binary(ctx, a, b, BinaryOp::$op)
            }
        )*
    };
}
binops!(
    op_add = Add,
    op_sub = Sub,
    op_mul = Mul,
    op_truediv = TrueDiv,
    op_floordiv = FloorDiv,
    op_mod = Mod,
    op_divmod = DivMod,
    op_and = And,
    op_or = Or,
    op_xor = Xor,
    op_lshift = LShift,
    op_rshift = RShift,
);

fn op_pow<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
    m: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    if !ctx.is_none(m) {
        return Err(PyErr::type_error(
            "3-argument pow() is not supported for numpy_hpy scalars",
        ));
    }
    binary(ctx, a, b, BinaryOp::Pow)
}

fn op_rpow<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    other: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    binary(ctx, other, slf, BinaryOp::Pow)
}

fn op_neg<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    unary(ctx, a, UnaryOp::Neg)
}
fn op_pos<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    unary(ctx, a, UnaryOp::Pos)
}
fn op_abs<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    unary(ctx, a, UnaryOp::Abs)
}
fn op_invert<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    unary(ctx, a, UnaryOp::Invert)
}

fn s_bool<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<bool> {
    Ok(this(ctx, a)?.is_true())
}

/// `int(x)`: truncation of the real part, as NumPy (complex: TypeError in Python).
fn s_int<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let s = this(ctx, a)?;
    match s {
        // NumPy: the real part, after a ComplexWarning.
        Scalar::Complex64(_) | Scalar::Complex128(_) | Scalar::Float32(_) | Scalar::Float64(_) => {
            if s.dtype().is_complex() {
                warn_discarded_imaginary(ctx)?;
            }
            let f = ctx.float_from_f64(s.to_complex128().re)?;
            ctx.call(ctx.constant(|t| t.h_LongType), &[f.borrow()])
        }
        Scalar::Bool(b) => ctx.long_from_i64(i64::from(b)),
        _ => item(ctx, s),
    }
}

fn s_float<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let s = this(ctx, a)?;
    if s.dtype().is_complex() {
        warn_discarded_imaginary(ctx)?;
    }
    ctx.float_from_f64(s.to_complex128().re)
}

/// `format(x, spec)`: formatted as the Python value (NumPy converts float32
/// to a double first).
fn s_format<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>, spec: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let v = item(ctx, this(ctx, a)?)?;
    let builtins = ctx.import(c"builtins")?;
    let format = ctx.getattr_s(&builtins, c"format")?;
    ctx.call(&format, &[v.borrow(), spec.borrow()])
}

/// The abstract scalar classes cannot be instantiated (NumPy's message).
fn abstract_new<'c>(
    ctx: Ctx<'c>,
    ty: Borrowed<'_, 'c>,
    _args: CallArgs<'c>,
    _kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    Err(PyErr::type_error(format!(
        "cannot create '{}' instances",
        qualified_name(ctx, ty)?
    )))
}

fn qualified_name<'c>(ctx: Ctx<'c>, ty: Borrowed<'_, 'c>) -> PyResult<String> {
    let module = ctx.getattr_s(ty, c"__module__")?;
    Ok(format!(
        "{}.{}",
        ctx.str_to_string(&module)?,
        ctx.type_name(ty)
    ))
}

/// `operator.index(x)` for integer and bool scalars.
fn scalar_index<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let s = this(ctx, a)?;
    if matches!(s, Scalar::Bool(_)) {
        return Err(PyErr::type_error(
            "'numpy_hpy.bool' object cannot be interpreted as an integer",
        ));
    }
    item(ctx, s)
}

fn s_complex<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let c = this(ctx, a)?.to_complex128();
    let re = ctx.float_from_f64(c.re)?;
    let im = ctx.float_from_f64(c.im)?;
    ctx.call(
        ctx.constant(|t| t.h_ComplexType),
        &[re.borrow(), im.borrow()],
    )
}

fn g_dtype<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    dtype_instance(ctx, this(ctx, a)?.dtype())
}
fn g_itemsize<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(this(ctx, a)?.dtype().itemsize() as i64)
}
fn g_ndim<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    this(ctx, a)?;
    ctx.long_from_i64(0)
}
fn g_shape<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    this(ctx, a)?;
    ctx.tuple(&[])
}
fn g_size<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    this(ctx, a)?;
    ctx.long_from_i64(1)
}
fn g_real<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let s = this(ctx, a)?;
    let d = s.dtype();
    if d.is_complex() {
        to_python(ctx, Scalar::from_f64(d.real_dtype(), s.to_complex128().re))
    } else {
        Ok(ctx.dup(a))
    }
}
fn g_imag<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let s = this(ctx, a)?;
    let d = s.dtype();
    if d.is_complex() {
        to_python(ctx, Scalar::from_f64(d.real_dtype(), s.to_complex128().im))
    } else {
        to_python(ctx, Scalar::zero(d))
    }
}
fn m_item<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    item(ctx, this(ctx, a)?)
}

/// Pickles as `(type, (python value,))`.
fn m_reduce<'c>(ctx: Ctx<'c>, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let v = item(ctx, this(ctx, a)?)?;
    let ty = ctx.type_of(a);
    let args = ctx.tuple(&[v.borrow()])?;
    ctx.tuple(&[ty.borrow(), args.borrow()])
}

/// The error of Python's `int(f)` for a NaN or infinite `f`.
#[cold]
fn float_nonfinite_error(f: f64) -> PyErr {
    if f.is_nan() {
        PyErr::value_error("cannot convert float NaN to integer")
    } else {
        PyErr::new(
            ExcType::OverflowError,
            "cannot convert float infinity to integer",
        )
    }
}

/// Python's `int(f)`, saturated past `i128` (such values never fit an
/// integer dtype).
fn float_to_py_int(f: f64) -> PyResult<i128> {
    if !f.is_finite() {
        return Err(float_nonfinite_error(f));
    }
    // `as` truncates toward zero and saturates, as wanted here.
    Ok(f.trunc() as i128)
}

/// `np.int8(x)` & co.: no argument is zero; Python ints must fit (NEP 50);
/// other numbers and strings are converted as NumPy's `astype` does.
fn s_new<'c>(
    ctx: Ctx<'c>,
    ty: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    kw: Option<Borrowed<'_, 'c>>,
) -> PyResult<Handle<'c>> {
    if kw.is_some_and(|k| ctx.len(k).unwrap_or(0) > 0) {
        return Err(PyErr::type_error(format!(
            "{}() takes no keyword arguments",
            ctx.type_name(ty)
        )));
    }
    let Some(d) = dtype_of_type(ctx, ty)? else {
        return Err(PyErr::type_error(format!(
            "cannot create '{}' instances",
            ctx.type_name(ty)
        )));
    };
    if args.len() > 1 {
        return Err(PyErr::type_error(format!(
            "{}() takes at most 1 argument ({} given)",
            d.name(),
            args.len()
        )));
    }
    let Some(arg) = args.first() else {
        return to_python(ctx, Scalar::zero(d));
    };
    let arg = *arg;
    let value = match operand(ctx, arg)? {
        Some(Operand::Ours(s)) => {
            let c = s.cast_checked(d);
            warn_all(ctx, &c.warnings())?;
            c.value
        }
        Some(Operand::WeakInt(v)) if d.is_integer() => {
            weak::weak_int_check(d, v).map_err(scalar_error)?;
            Scalar::from_i128(d, v)
        }
        // NumPy 2 reads a Python float as `int(x)` and then as a Python int:
        // NaN and infinities raise as `int()` does, values outside the dtype
        // raise the Python-int OverflowError (no C cast wrapping around).
        Some(Operand::WeakFloat(f)) if d.is_integer() => {
            let v = float_to_py_int(f)?;
            weak::weak_int_check(d, v).map_err(scalar_error)?;
            Scalar::from_i128(d, v)
        }
        // A Python complex for a real dtype: Python's own `int()`/`float()`
        // refuses it, with the runtime's wording (NumPy 2 does the same).
        Some(Operand::WeakComplex(_)) if !d.is_complex() && d != DType::Bool => {
            let conv = if d.is_integer() {
                ctx.constant(|t| t.h_LongType)
            } else {
                ctx.constant(|t| t.h_FloatType)
            };
            ctx.call(conv, &[arg.borrow()])?;
            return Err(PyErr::type_error(
                "a complex number cannot be a real scalar",
            ));
        }
        Some(w) if d == DType::Bool => {
            let _ = w;
            Scalar::Bool(ctx.is_true(arg)?)
        }
        Some(w) => {
            let (s, ws) = weak_to(d, w).map_err(scalar_error)?;
            warn_all(ctx, &ws)?;
            s.cast(d)
        }
        None if d == DType::Bool => Scalar::Bool(ctx.is_true(arg)?),
        None => {
            // Strings and other numbers go through Python's own conversion.
            let conv = if d.is_integer() {
                ctx.constant(|t| t.h_LongType)
            } else if d.is_complex() {
                ctx.constant(|t| t.h_ComplexType)
            } else {
                ctx.constant(|t| t.h_FloatType)
            };
            let v = ctx.call(conv, &[arg.borrow()])?;
            match operand(ctx, v.borrow())? {
                Some(Operand::WeakInt(i)) => {
                    weak::weak_int_check(d, i).map_err(scalar_error)?;
                    Scalar::from_i128(d, i)
                }
                Some(w) => weak_to(d, w).map_err(scalar_error)?.0.cast(d),
                None => return Err(PyErr::type_error("unsupported scalar conversion")),
            }
        }
    };
    to_python(ctx, value)
}

hpy::slot!(static S_NEW: newfunc = HPy_tp_new, s_new, of: GENERIC_SPEC);
hpy::slot!(static S_REPR: reprfunc = HPy_tp_repr, s_repr);
hpy::slot!(static S_STR: reprfunc = HPy_tp_str, s_str);
hpy::slot!(static S_HASH: hashfunc = HPy_tp_hash, s_hash);
hpy::slot!(static S_RICHCMP: richcmp = HPy_tp_richcompare, s_richcmp);
hpy::binary_slot!(static S_ADD, S_RADD = HPy_nb_add, c"__radd__", op_add);
hpy::binary_slot!(static S_SUB, S_RSUB = HPy_nb_subtract, c"__rsub__", op_sub);
hpy::binary_slot!(static S_MUL, S_RMUL = HPy_nb_multiply, c"__rmul__", op_mul);
hpy::binary_slot!(static S_TRUEDIV, S_RTRUEDIV = HPy_nb_true_divide, c"__rtruediv__", op_truediv);
hpy::binary_slot!(static S_FLOORDIV, S_RFLOORDIV = HPy_nb_floor_divide, c"__rfloordiv__", op_floordiv);
hpy::binary_slot!(static S_MOD, S_RMOD = HPy_nb_remainder, c"__rmod__", op_mod);
hpy::binary_slot!(static S_DIVMOD, S_RDIVMOD = HPy_nb_divmod, c"__rdivmod__", op_divmod);
hpy::slot!(static S_POW: ternary = HPy_nb_power, op_pow);
hpy::meth!(static S_RPOW: o = c"__rpow__", op_rpow);
hpy::binary_slot!(static S_AND, S_RAND = HPy_nb_and, c"__rand__", op_and);
hpy::binary_slot!(static S_OR, S_ROR = HPy_nb_or, c"__ror__", op_or);
hpy::binary_slot!(static S_XOR, S_RXOR = HPy_nb_xor, c"__rxor__", op_xor);
hpy::binary_slot!(static S_LSHIFT, S_RLSHIFT = HPy_nb_lshift, c"__rlshift__", op_lshift);
hpy::binary_slot!(static S_RSHIFT, S_RRSHIFT = HPy_nb_rshift, c"__rrshift__", op_rshift);
hpy::slot!(static S_NEG: unary = HPy_nb_negative, op_neg);
hpy::slot!(static S_POS: unary = HPy_nb_positive, op_pos);
hpy::slot!(static S_ABS: unary = HPy_nb_absolute, op_abs);
hpy::slot!(static S_INVERT: unary = HPy_nb_invert, op_invert);
hpy::slot!(static S_BOOL: inquiry = HPy_nb_bool, s_bool);
hpy::slot!(static S_INT: unary = HPy_nb_int, s_int);
hpy::slot!(static S_FLOAT: unary = HPy_nb_float, s_float);
hpy::slot!(static S_INDEX: unary = HPy_nb_index, scalar_index);
hpy::meth!(static M_COMPLEX: noargs = c"__complex__", s_complex);
hpy::meth!(static M_FORMAT: o = c"__format__", s_format);
hpy::slot!(static ABSTRACT_NEW: newfunc = HPy_tp_new, abstract_new, of: GENERIC_SPEC);
hpy::getset!(static G_DTYPE = c"dtype", get: g_dtype, doc: c"Get array data-descriptor.");
hpy::getset!(static G_ITEMSIZE = c"itemsize", get: g_itemsize, doc: c"The length of one element in bytes.");
hpy::getset!(static G_NBYTES = c"nbytes", get: g_itemsize, doc: c"The length of the scalar in bytes.");
hpy::getset!(static G_NDIM = c"ndim", get: g_ndim, doc: c"The number of array dimensions.");
hpy::getset!(static G_SHAPE = c"shape", get: g_shape, doc: c"Tuple of array dimensions.");
hpy::getset!(static G_SIZE = c"size", get: g_size, doc: c"The number of elements in the gentype.");
hpy::getset!(static G_REAL = c"real", get: g_real, doc: c"The real part of the scalar.");
hpy::getset!(static G_IMAG = c"imag", get: g_imag, doc: c"The imaginary part of the scalar.");
hpy::meth!(static M_ITEM: noargs = c"item", m_item);
hpy::meth!(static M_TOLIST: noargs = c"tolist", m_item);
hpy::meth!(static M_REDUCE: noargs = c"__reduce__", m_reduce);
