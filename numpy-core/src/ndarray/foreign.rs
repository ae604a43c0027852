//! Inputs that are not nested sequences: NumPy arrays (`__array_interface__`),
//! buffer exporters (`memoryview`, `bytearray`, `array.array`, ...) and
//! objects offering `__array__`. Each is resolved once, to one of our arrays
//! over the foreign memory where that is safe (zero-copy, the exporter kept
//! alive as `base`), or to something read element by element.

use crate::errors::py_err;
use hpy::{Borrowed, BufferInfo, Ctx, ExcType, Handle, PyErr, PyResult};

use super::object::{ArrayData, Memory, array_data};
use crate::array::Layout;
use crate::array::layout::LayoutError;
use crate::descr::dtype_from_object;
use crate::dtype::DType;

/// What `array()`/`asarray()` read.
pub(super) enum Input<'c> {
    /// One of our arrays: the object itself, a view of foreign memory, or
    /// what `__array__` returned.
    Array(Handle<'c>),
    /// Anything else, read element by element; `dtype` is a foreign array's
    /// when we could not view its memory (its `tolist()` is `obj` then).
    Other {
        obj: Handle<'c>,
        dtype: Option<DType>,
    },
}

impl<'c> Input<'c> {
    /// The object to read.
    pub(super) fn obj(&self) -> Borrowed<'_, 'c> {
        match self {
            Input::Array(h) | Input::Other { obj: h, .. } => h.borrow(),
        }
    }

    /// The dtype the input brings, if it is an array.
    pub(super) fn dtype(&self, ctx: Ctx<'c>) -> PyResult<Option<DType>> {
        match self {
            Input::Array(h) => Ok(array_data(ctx, h.borrow())?.map(|a| a.dtype)),
            Input::Other { dtype, .. } => Ok(*dtype),
        }
    }
}

/// Resolves `obj` once (NumPy's order: our arrays, sequences and scalars as
/// they are; then foreign memory, `__array_interface__` first so a NumPy
/// array stays the `base`; then `__array__`).
pub(super) fn resolve<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Input<'c>> {
    // Exact lists, tuples and numbers told apart by their type pointer where
    // the runtime allows (CPython's universal backend).
    if ctx.exact_kind(obj).is_some_and(|k| k != hpy::Exact::Other) {
        return Ok(Input::Other {
            obj: ctx.dup(obj),
            dtype: None,
        });
    }
    if array_data(ctx, obj)?.is_some() {
        return Ok(Input::Array(ctx.dup(obj)));
    }
    let other = |h: Handle<'c>| Input::Other {
        obj: h,
        dtype: None,
    };
    let ty = ctx.type_of(obj);
    // NumPy reads str and bytes as (unsupported here) string scalars, never
    // through their buffer.
    let plain = [
        ctx.constant(|t| t.h_ListType),
        ctx.constant(|t| t.h_TupleType),
        ctx.constant(|t| t.h_FloatType),
        ctx.constant(|t| t.h_LongType),
        ctx.constant(|t| t.h_BoolType),
        ctx.constant(|t| t.h_ComplexType),
        ctx.constant(|t| t.h_UnicodeType),
        ctx.constant(|t| t.h_BytesType),
    ];
    if plain.iter().any(|&p| ctx.is(&ty, p))
        || crate::scalar_types::dtype_of_instance(ctx, obj)?.is_some()
    {
        return Ok(other(ctx.dup(obj)));
    }
    if let Some(view) = import_interface(ctx, obj)? {
        return Ok(view);
    }
    if let Some(view) = import_buffer(ctx, obj)? {
        return Ok(Input::Array(view));
    }
    let Ok(method) = ctx.getattr_s(obj, c"__array__") else {
        ctx.err_clear();
        return Ok(other(ctx.dup(obj)));
    };
    let result = ctx.call(&method, &[])?;
    if array_data(ctx, result.borrow())?.is_some() {
        return Ok(Input::Array(result));
    }
    if let Some(Input::Array(view)) = import_interface(ctx, result.borrow())? {
        return Ok(Input::Array(view));
    }
    if let Some(view) = import_buffer(ctx, result.borrow())? {
        return Ok(Input::Array(view));
    }
    Err(PyErr::value_error(
        "object __array__ method not producing an array",
    ))
}

/// `__array_interface__` exporters (NumPy arrays: `data` is `(address,
/// read_only)`), viewed in place with the exporter as `base`. `None` when
/// `obj` has no interface; `Other` (its `tolist()` and dtype) when it
/// describes memory we cannot view (other byte orders, unsupported dtypes).
fn import_interface<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<Input<'c>>> {
    let iface = match ctx.getattr_s(obj, c"__array_interface__") {
        Ok(iface) => iface,
        // No interface; any other error is the object's, raised as NumPy
        // raises it.
        Err(_) if ctx.err_matches(ctx.constant(|t| t.h_AttributeError)) => {
            ctx.err_clear();
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if let Some(view) = view_interface(ctx, obj, &iface)? {
        return Ok(Some(Input::Array(view)));
    }
    let Ok(tolist) = ctx.getattr_s(obj, c"tolist") else {
        ctx.err_clear();
        return Ok(None);
    };
    let dtype = ctx.getattr_s(obj, c"dtype")?;
    let dtype = Some(dtype_from_object(ctx, dtype.borrow())?);
    Ok(Some(Input::Other {
        obj: ctx.call(&tolist, &[])?,
        dtype,
    }))
}

fn view_interface<'c>(
    ctx: Ctx<'c>,
    obj: Borrowed<'_, 'c>,
    iface: &Handle<'c>,
) -> PyResult<Option<Handle<'c>>> {
    let key = |k: &str| -> PyResult<Option<Handle<'c>>> {
        let k = ctx.str(k)?;
        ctx.get_item_opt(iface, &k)
    };
    let Some(data) = key("data")? else {
        return Ok(None);
    };
    if !ctx.is_tuple(&data) {
        return Ok(None);
    }
    let addr = ctx.long_as_u64(&ctx.get_item_i(&data, 0)?)?;
    let readonly = ctx.is_true(&ctx.get_item_i(&data, 1)?)?;
    let Some(typestr) = key("typestr")? else {
        return Ok(None);
    };
    let Ok(parsed) = crate::dtype::parse_dtype(&ctx.str_to_string(&typestr)?) else {
        return Ok(None);
    };
    let dtype = parsed.dtype;
    let Some(shape) = key("shape")? else {
        return Ok(None);
    };
    let ndim = ctx.len(&shape)?;
    if ndim > crate::array::MAXDIMS {
        return Err(PyErr::value_error(format!(
            "number of dimensions must be within [0, {}], got {ndim}",
            crate::array::MAXDIMS
        )));
    }
    let mut dims = Vec::with_capacity(ndim);
    for i in 0..ndim {
        let n = ctx.index_as_isize(&ctx.get_item_i(&shape, i as isize)?)?;
        let n = usize::try_from(n)
            .map_err(|_| PyErr::value_error("negative dimensions are not allowed"))?;
        dims.push(n);
    }
    let mut layout = Layout::c_order(&dims, dtype.itemsize()).map_err(py_err)?;
    let mut strides = key("strides")?.filter(|s| !ctx.is_none(s));
    if strides.is_none() {
        // Contiguous arrays give no strides, but a NumPy array's strides
        // along length-0/1 axes depend on its history: take them from the
        // array itself when it has them.
        strides = ctx
            .getattr_s(obj, c"strides")
            .ok()
            .filter(|s| ctx.is_tuple(s) && ctx.len(s).ok() == Some(ndim));
        ctx.err_clear();
    }
    if let Some(strides) = strides {
        if ctx.len(&strides)? != ndim {
            return Err(py_err(LayoutError::Rank));
        }
        let steps = (0..ndim)
            .map(|i| ctx.index_as_isize(&ctx.get_item_i(&strides, i as isize)?))
            .collect::<PyResult<Vec<isize>>>()?;
        layout = Layout::new(dims, steps, 0).map_err(py_err)?;
    }
    wrap_foreign(ctx, obj, dtype, layout, addr as usize, readonly).map(Some)
}

/// Objects with a buffer (`memoryview`, `bytearray`, `array.array`, ...):
/// an array over it with the buffer's own format and shape, or `None` when
/// `obj` has no buffer.
fn import_buffer<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<Handle<'c>>> {
    let Some((pin, info)) = open_buffer(ctx, obj)? else {
        return Ok(None);
    };
    let dtype = format_dtype(&info)?;
    settle(ctx, &pin, dtype, buffer_layout(&info)?, &info).map(Some)
}

/// `obj`'s buffer, pinned by a `memoryview` (see `Ctx::view_buffer`), or
/// `None` when `obj` has no buffer (memoryview's TypeError).
fn open_buffer<'c>(
    ctx: Ctx<'c>,
    obj: Borrowed<'_, 'c>,
) -> PyResult<Option<(Handle<'c>, BufferInfo)>> {
    match ctx.view_buffer(obj) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if matches!(e, PyErr::Fetched) && ctx.err_matches(ctx.constant(|t| t.h_TypeError)) {
                ctx.err_clear();
                return Ok(None);
            }
            Err(e)
        }
    }
}

/// The layout a buffer describes, from its first byte.
fn buffer_layout(info: &BufferInfo) -> PyResult<Layout> {
    let shape = info.shape.iter().map(|&n| n.max(0) as usize).collect();
    Layout::new(shape, info.strides.clone(), 0).map_err(py_err)
}

/// The bytes of `obj`'s buffer as a one-dimensional `uint8` array (zero-copy
/// where safe), for `frombuffer` (C-contiguous buffers) and
/// `ndarray(buffer=...)` (`any_order`: Fortran-contiguous ones too). TypeError
/// `a bytes-like object is required, not '...'` for objects without one.
pub(super) fn buffer_bytes<'c>(
    ctx: Ctx<'c>,
    obj: Borrowed<'_, 'c>,
    any_order: bool,
) -> PyResult<Handle<'c>> {
    let Some((pin, info)) = open_buffer(ctx, obj)? else {
        return Err(PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            ctx.type_name_of(obj)
        )));
    };
    let described = buffer_layout(&info)?;
    let contiguous = described.is_c_contiguous(info.itemsize)
        || (any_order && described.is_f_contiguous(info.itemsize));
    if info.indirect || !contiguous {
        return Err(PyErr::new(
            ExcType::BufferError,
            if any_order {
                "memoryview: underlying buffer is not contiguous"
            } else {
                "memoryview: underlying buffer is not C-contiguous"
            },
        ));
    }
    settle(
        ctx,
        &pin,
        DType::UInt8,
        Layout::c_order(&[info.len], 1).map_err(py_err)?,
        &info,
    )
}

/// An array over the memory `info` describes, pinned by the memoryview
/// `pin`, or a copy of it where the exporter could move the memory while we
/// look (PyPy's `bytearray` and `array.array` resize even while exported;
/// only `bytes` is fixed there).
fn settle<'c>(
    ctx: Ctx<'c>,
    pin: &Handle<'c>,
    dtype: DType,
    layout: Layout,
    info: &BufferInfo,
) -> PyResult<Handle<'c>> {
    if info.indirect {
        return Err(PyErr::new(
            ExcType::BufferError,
            "numpy_hpy does not support buffers with suboffsets",
        ));
    }
    let empty = layout.size() == 0;
    if info.buf.is_null() && !empty {
        return copy_through_python(ctx, pin, dtype, &layout, info.readonly);
    }
    let view = wrap_foreign(
        ctx,
        pin.borrow(),
        dtype,
        layout,
        info.buf as usize,
        info.readonly,
    )?;
    // (An empty view never touches the memory: nothing to copy.)
    if empty {
        return Ok(view);
    }
    if pins_memory(ctx, pin)? {
        // A second export, out of users' reach (see `ArrayData::pin`):
        // `memoryview(pin)` shares `pin`'s export of the exporter, which
        // stays held until both are released.
        let builtins = ctx.import(c"builtins")?;
        let memoryview = ctx.getattr_s(&builtins, c"memoryview")?;
        let hidden = ctx.call(&memoryview, &[pin.borrow()])?;
        let a = array_data(ctx, view.borrow())?.expect("just made");
        a.pin.store(ctx, &view, &hidden);
        return Ok(view);
    }
    let a = array_data(ctx, view.borrow())?.expect("just made");
    let copy = super::methods::copy_as(ctx, a, dtype, false)?;
    if info.readonly {
        let c = array_data(ctx, copy.borrow())?.expect("just made");
        c.writeable.set(false);
    }
    Ok(copy)
}

/// A C-ordered copy of the buffer `pin` views, made with Python-level
/// memoryview operations only (`dst[:] = pin.tobytes()`): for runtimes whose
/// C API cannot be used to read buffers (see `hpy::BufferInfo::buf`).
fn copy_through_python<'c>(
    ctx: Ctx<'c>,
    pin: &Handle<'c>,
    dtype: DType,
    layout: &Layout,
    readonly: bool,
) -> PyResult<Handle<'c>> {
    if !layout.is_c_contiguous(dtype.itemsize()) {
        // PyPy 7.3.19's `tobytes()` of a strided view of an HPy exporter
        // copies the memory as if it were contiguous (measured: wrong
        // values); its `tolist()` reads each element where it is.
        let values = ctx.call(&ctx.getattr_s(pin, c"tolist")?, &[])?;
        let arr = super::creation::as_array(ctx, values.borrow(), Some(dtype))?;
        if readonly {
            array_data(ctx, arr.borrow())?
                .expect("as_array makes arrays")
                .writeable
                .set(false);
        }
        return Ok(arr);
    }
    let shape = layout.shape();
    let c_layout = Layout::c_order(shape, dtype.itemsize()).map_err(py_err)?;
    let memory = super::object::array_memory(shape, dtype)?;
    let arr = super::object::new_array(ctx, dtype, c_layout, memory)?;
    let bytes = ctx.call(&ctx.getattr_s(pin, c"tobytes")?, &[])?;
    let builtins = ctx.import(c"builtins")?;
    let dst = ctx.call(&ctx.getattr_s(&builtins, c"memoryview")?, &[arr.borrow()])?;
    let format = ctx.str_from_cstr(c"B")?;
    let dst = ctx.call(&ctx.getattr_s(&dst, c"cast")?, &[format.borrow()])?;
    let all = ctx.call(&ctx.getattr_s(&builtins, c"slice")?, &[ctx.none().borrow()])?;
    ctx.set_item(&dst, &all, &bytes)?;
    ctx.call(&ctx.getattr_s(&dst, c"release")?, &[])?;
    if readonly {
        array_data(ctx, arr.borrow())?
            .expect("just made")
            .writeable
            .set(false);
    }
    Ok(arr)
}

/// Whether holding the memoryview `pin` keeps its memory in place: always on
/// CPython (exporters refuse to resize while exported); on other runtimes
/// only for memory that never moves (`bytes`).
fn pins_memory<'c>(ctx: Ctx<'c>, pin: &Handle<'c>) -> PyResult<bool> {
    if ctx.handles_are_objects() {
        // CPython's universal backend: no need to ask `sys`.
        return Ok(true);
    }
    let sys = ctx.import(c"sys")?;
    let name = ctx.getattr_s(&ctx.getattr_s(&sys, c"implementation")?, c"name")?;
    if ctx.str_to_string(&name)? == "cpython" {
        return Ok(true);
    }
    let owner = ctx.getattr_s(pin, c"obj")?;
    Ok(ctx.is(&ctx.type_of(&owner), ctx.constant(|t| t.h_BytesType)))
}

/// The dtype of a buffer's struct-module format (native byte order).
fn format_dtype(info: &BufferInfo) -> PyResult<DType> {
    let f = info.format.as_str();
    let code = f.strip_prefix(['@', '=', '<']).unwrap_or(f);
    let size = info.itemsize;
    let by_size = |options: [Option<DType>; 4]| match size {
        1 => options[0],
        2 => options[1],
        4 => options[2],
        8 => options[3],
        _ => None,
    };
    let found = match code {
        "?" if size == 1 => Some(DType::Bool),
        "b" | "h" | "i" | "l" | "q" | "n" => by_size([
            Some(DType::Int8),
            Some(DType::Int16),
            Some(DType::Int32),
            Some(DType::Int64),
        ]),
        "B" | "H" | "I" | "L" | "Q" | "N" => by_size([
            Some(DType::UInt8),
            Some(DType::UInt16),
            Some(DType::UInt32),
            Some(DType::UInt64),
        ]),
        "f" | "d" => by_size([None, None, Some(DType::Float32), Some(DType::Float64)]),
        "Zf" | "Zd" => match size {
            8 => Some(DType::Complex64),
            16 => Some(DType::Complex128),
            _ => None,
        },
        _ => None,
    };
    found.ok_or_else(|| {
        PyErr::type_error(format!(
            "numpy_hpy does not support buffers of format '{f}' yet"
        ))
    })
}

/// An array over foreign memory at `addr`, keeping `owner` alive.
fn wrap_foreign<'c>(
    ctx: Ctx<'c>,
    owner: Borrowed<'_, 'c>,
    dtype: DType,
    layout: Layout,
    addr: usize,
    readonly: bool,
) -> PyResult<Handle<'c>> {
    // The exporter's memory, as the exporter describes it (NumPy trusts
    // `__array_interface__` and the buffer protocol too); refused when NULL
    // under elements or when the addresses wrap around.
    let (memory, layout) = Memory::described(addr, &layout, dtype.itemsize())?;
    let arr = super::object::ARRAY_SPEC
        .instance(ctx, ArrayData::new(dtype, layout, memory, None, !readonly)?)?;
    let a = array_data(ctx, arr.borrow())?.expect("just made");
    a.base.store(ctx, &arr, owner);
    Ok(arr)
}
