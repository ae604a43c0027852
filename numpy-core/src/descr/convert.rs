//! "Dtype-like" objects to dtypes, as `np.dtype(obj)` accepts them.

use crate::errors::py_err;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};

use super::types::{DTYPE_SPEC, INSTANCES, META_SPEC, index_of};
use crate::dtype::{DType, parse_dtype};

/// The singleton instance of `d` (`np.dtype('f8') is np.dtype(np.float64)`).
pub fn dtype_instance<'c>(ctx: Ctx<'c>, d: DType) -> PyResult<Handle<'c>> {
    INSTANCES[index_of(d)].load(ctx)
}

/// The dtype `obj` stands for: our dtypes and DType classes, strings, the
/// Python types `bool`/`int`/`float`/`complex`, our scalar types, `None`
/// (float64), and NumPy's dtypes and scalar types.
pub fn dtype_from_object<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<DType> {
    if let Some(d) = DTYPE_SPEC.data_opt(ctx, obj)? {
        return Ok(d.dtype);
    }
    if ctx.is_str(obj) {
        let text = ctx.str_to_string(obj)?;
        return Ok(parse_dtype(&text).map_err(py_err)?.dtype);
    }
    if ctx.type_check(obj, ctx.constant(|t| t.h_BytesType)) {
        // b'f8' spells a dtype too (ASCII).
        let text = ctx.call(&ctx.getattr_s(obj, c"decode")?, &[])?;
        return Ok(parse_dtype(&ctx.str_to_string(&text)?)
            .map_err(py_err)?
            .dtype);
    }
    if ctx.is_none(obj) {
        return Ok(DType::Float64);
    }
    for (pick, d) in [
        (ctx.constant(|t| t.h_FloatType), DType::Float64),
        (ctx.constant(|t| t.h_LongType), DType::Int64),
        (ctx.constant(|t| t.h_BoolType), DType::Bool),
        (ctx.constant(|t| t.h_ComplexType), DType::Complex128),
    ] {
        if ctx.is(obj, pick) {
            return Ok(d);
        }
    }
    if let Some(meta) = META_SPEC.data_opt(ctx, obj)?
        && let Some(d) = meta.dtype.get()
    {
        return Ok(d);
    }
    if let Some(d) = crate::scalar_types::dtype_of_type(ctx, obj)? {
        return Ok(d);
    }
    if let Some(msg) = crate::scalar_types::abstract_type_error(ctx, obj)? {
        return Err(PyErr::type_error(msg));
    }
    // Our scalars are dtype-likes through their `.dtype`, as NumPy's are.
    if let Some(d) = crate::scalar_types::dtype_of_instance(ctx, obj)? {
        return Ok(d);
    }
    if crate::ndarray::ARRAY_SPEC.is_instance(ctx, obj)? {
        return Err(PyErr::type_error("Cannot construct a dtype from an array"));
    }
    for (pick, name) in [
        (ctx.constant(|t| t.h_UnicodeType), "str"),
        (ctx.constant(|t| t.h_BytesType), "bytes"),
        (ctx.constant(|t| t.h_BaseObjectType), "object"),
    ] {
        if ctx.is(obj, pick) {
            return Err(PyErr::type_error(format!(
                "numpy_hpy does not support the data type <class '{name}'> yet"
            )));
        }
    }
    if ctx.is(obj, &ctx.type_of(ctx.constant(|t| t.h_None))) {
        return Err(PyErr::type_error(
            "numpy_hpy does not support the data type <class 'NoneType'> yet",
        ));
    }
    if ctx.type_check(obj, ctx.constant(|t| t.h_ListType)) || ctx.is_tuple(obj) {
        return Err(PyErr::type_error(format!(
            "numpy_hpy does not support the data type {} yet (structured and subarray dtypes)",
            ctx.repr_string(obj)?
        )));
    }
    if let Some(d) = from_foreign(ctx, obj)? {
        return Ok(d);
    }
    Err(PyErr::type_error(format!(
        "Cannot interpret '{}' as a data type",
        ctx.repr_string(obj)?
    )))
}

/// NumPy's own dtypes (their `.str`) and scalar types (their `__name__`),
/// without importing NumPy: recognised by the module they come from.
fn from_foreign<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<DType>> {
    let is_type = ctx.type_check(obj, ctx.constant(|t| t.h_TypeType));
    let owner = if is_type {
        ctx.dup(obj)
    } else {
        ctx.type_of(obj)
    };
    let Ok(module) = ctx.getattr_s(&owner, c"__module__") else {
        ctx.err_clear();
        return Ok(None);
    };
    if !ctx.is_str(&module) {
        return Ok(None);
    }
    let module = ctx.str_to_string(&module)?;
    if module != "numpy" && module != "numpy.dtypes" {
        return Ok(None);
    }
    let attr = if is_type { c"__name__" } else { c"str" };
    let Ok(text) = ctx.getattr_s(obj, attr) else {
        ctx.err_clear();
        return Ok(None);
    };
    if !ctx.is_str(&text) {
        return Ok(None);
    }
    let text = ctx.str_to_string(&text)?;
    Ok(Some(parse_dtype(&text).map_err(py_err)?.dtype))
}
