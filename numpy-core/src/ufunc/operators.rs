//! The ndarray's operators, each the ufunc NumPy maps it to: `a + b` is
//! `add(a, b)`, `a += b` is `add(a, b, out=a)` (same-kind casting, NumPy's
//! error), `a < b` is `less(a, b)`, `-a` is `negative(a)`.
//!
//! An operand of a kind we do not convert (anything but our arrays and
//! scalars, Python numbers, lists, tuples, and objects offering
//! `__array_interface__`, `__array__`, `__dlpack__` or `__array_ufunc__`),
//! or one whose `__array_ufunc__` is `None`, makes the operator return
//! `NotImplemented`, so Python asks the other operand (as NumPy defers); an
//! operand with its own `__array_ufunc__` gets the ufunc call.
//! NumPy's arrays are read without a copy (`__array_interface__`), and the
//! result is ours.

use hpy::{Borrowed, Ctx, Handle, PyResult, RichCmpOp};

use super::{Options, execute, index_of, with_table};
use crate::ndarray::array_data;
use crate::scalar::BinaryOp;
use numpy_pure::ufunc::kernels::op_index;

/// Whether the operator handles `other` (else `NotImplemented`).
fn converts<'c>(ctx: Ctx<'c>, other: Borrowed<'_, 'c>) -> PyResult<bool> {
    if array_data(ctx, other)?.is_some()
        || crate::scalar_types::dtype_of_instance(ctx, other)?.is_some()
    {
        return Ok(true);
    }
    let ty = ctx.type_of(other);
    for t in [
        ctx.constant(|t| t.h_BoolType),
        ctx.constant(|t| t.h_LongType),
        ctx.constant(|t| t.h_FloatType),
        ctx.constant(|t| t.h_ComplexType),
        ctx.constant(|t| t.h_ListType),
        ctx.constant(|t| t.h_TupleType),
    ] {
        if ctx.is(&ty, t) {
            return Ok(true);
        }
    }
    // An `__array_ufunc__` of None defers to the other operand's method; any
    // other value makes the ufunc dispatch to it (NumPy's binop rules).
    if let Some(f) = attr(ctx, other, c"__array_ufunc__") {
        return Ok(!ctx.is_none(&f));
    }
    for name in [c"__array_interface__", c"__array__", c"__dlpack__"] {
        if attr(ctx, other, name).is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `getattr(obj, name, None)` (any error reads as a missing attribute).
fn attr<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>, name: &core::ffi::CStr) -> Option<Handle<'c>> {
    match ctx.getattr_s(obj, name) {
        Ok(h) => Some(h),
        Err(_) => {
            ctx.err_clear();
            None
        }
    }
}

/// `ufunc(a, b)` with new outputs and default keywords.
fn call2<'c>(
    ctx: Ctx<'c>,
    ufunc: usize,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    with_table(ctx, ufunc, |t| {
        let outs = [None, None];
        execute(
            ctx,
            t,
            &[a, b],
            &outs[..usize::from(t.def.nout)],
            &Options::defaults(),
        )
    })
}

fn binary<'c>(
    ctx: Ctx<'c>,
    ufunc: usize,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    let other = if array_data(ctx, a)?.is_some() { b } else { a };
    if !converts(ctx, other)? {
        return Ok(ctx.not_implemented());
    }
    call2(ctx, ufunc, a, b)
}

/// The ufunc of each scalar operator, in [`BinaryOp::ALL`] order (the
/// names are `BinaryOp::ufunc_name`'s).
const OP_UFUNC: [usize; BinaryOp::ALL.len()] = {
    let mut out = [0; BinaryOp::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = index_of(BinaryOp::ALL[i].ufunc_name());
        i += 1;
    }
    out
};

/// `a op b` through the ufunc NumPy maps the scalar operator to (our scalars'
/// operators defer to it where NumPy's scalar math does).
pub fn binary_op<'c>(
    ctx: Ctx<'c>,
    op: BinaryOp,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    call2(ctx, OP_UFUNC[usize::from(op_index(op))], a, b)
}

fn inplace<'c>(
    ctx: Ctx<'c>,
    ufunc: usize,
    a: Borrowed<'_, 'c>,
    b: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    if !converts(ctx, b)? {
        return Ok(ctx.not_implemented());
    }
    with_table(ctx, ufunc, |t| {
        execute(ctx, t, &[a, b], &[Some(a)], &Options::defaults())
    })
}

fn unary<'c>(ctx: Ctx<'c>, ufunc: usize, a: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    with_table(ctx, ufunc, |t| {
        execute(ctx, t, &[a], &[None], &Options::defaults())
    })
}

macro_rules! binops {
    ($($slot:ident, $rslot:ident, $islot:ident = $hslot:ident, $rname:expr, $ihslot:ident, $ufunc:literal;)*) => {$(
        hpy::binary_slot!(pub static $slot, $rslot = $hslot, $rname,
            |ctx, a, b| binary(ctx, const { index_of($ufunc) }, a, b));
        hpy::slot!(pub static $islot: binary = $ihslot,
            |ctx, a, b| inplace(ctx, const { index_of($ufunc) }, a, b));
    )*};
}

binops! {
    ADD, RADD, IADD = HPy_nb_add, c"__radd__", HPy_nb_inplace_add, "add";
    SUB, RSUB, ISUB = HPy_nb_subtract, c"__rsub__", HPy_nb_inplace_subtract, "subtract";
    MUL, RMUL, IMUL = HPy_nb_multiply, c"__rmul__", HPy_nb_inplace_multiply, "multiply";
    TRUEDIV, RTRUEDIV, ITRUEDIV = HPy_nb_true_divide, c"__rtruediv__", HPy_nb_inplace_true_divide, "divide";
    FLOORDIV, RFLOORDIV, IFLOORDIV = HPy_nb_floor_divide, c"__rfloordiv__", HPy_nb_inplace_floor_divide, "floor_divide";
    MOD, RMOD, IMOD = HPy_nb_remainder, c"__rmod__", HPy_nb_inplace_remainder, "remainder";
    AND, RAND, IAND = HPy_nb_and, c"__rand__", HPy_nb_inplace_and, "bitwise_and";
    OR, ROR, IOR = HPy_nb_or, c"__ror__", HPy_nb_inplace_or, "bitwise_or";
    XOR, RXOR, IXOR = HPy_nb_xor, c"__rxor__", HPy_nb_inplace_xor, "bitwise_xor";
    LSHIFT, RLSHIFT, ILSHIFT = HPy_nb_lshift, c"__rlshift__", HPy_nb_inplace_lshift, "left_shift";
    RSHIFT, RRSHIFT, IRSHIFT = HPy_nb_rshift, c"__rrshift__", HPy_nb_inplace_rshift, "right_shift";
}

hpy::binary_slot!(pub static DIVMOD, RDIVMOD = HPy_nb_divmod, c"__rdivmod__",
    |ctx, a, b| binary(ctx, const { index_of("divmod") }, a, b));

fn power<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'c, 'c>,
    b: Borrowed<'c, 'c>,
    m: Borrowed<'c, 'c>,
) -> PyResult<Handle<'c>> {
    if !ctx.is_none(m) {
        return Ok(ctx.not_implemented());
    }
    binary(ctx, const { index_of("power") }, a, b)
}

fn rpower<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'c, 'c>,
    other: Borrowed<'c, 'c>,
) -> PyResult<Handle<'c>> {
    binary(ctx, const { index_of("power") }, other, slf)
}

fn ipower<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'c, 'c>,
    b: Borrowed<'c, 'c>,
    _m: Borrowed<'c, 'c>,
) -> PyResult<Handle<'c>> {
    inplace(ctx, const { index_of("power") }, a, b)
}

hpy::slot!(pub static POW: ternary = HPy_nb_power, power);
hpy::slot!(pub static IPOW: ternary = HPy_nb_inplace_power, ipower);
hpy::meth!(pub static RPOW: o = c"__rpow__", rpower);

hpy::slot!(pub static NEG: unary = HPy_nb_negative, |ctx, a| unary(ctx, const { index_of("negative") }, a));
hpy::slot!(pub static POS: unary = HPy_nb_positive, |ctx, a| unary(ctx, const { index_of("positive") }, a));
hpy::slot!(pub static ABS: unary = HPy_nb_absolute, |ctx, a| unary(ctx, const { index_of("absolute") }, a));
hpy::slot!(pub static INVERT: unary = HPy_nb_invert, |ctx, a| unary(ctx, const { index_of("invert") }, a));

fn richcmp<'c>(
    ctx: Ctx<'c>,
    a: Borrowed<'c, 'c>,
    b: Borrowed<'c, 'c>,
    op: RichCmpOp,
) -> PyResult<Handle<'c>> {
    let op = crate::scalar_types::comparison(op);
    binary(ctx, OP_UFUNC[usize::from(op_index(op))], a, b)
}

hpy::slot!(pub static RICHCMP: richcmp = HPy_tp_richcompare, richcmp);
