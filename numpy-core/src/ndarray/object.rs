//! The `ndarray` type object and its attributes.

use core::cell::{Cell, Ref, RefCell};
use core::ffi::c_int;

use hpy::impl_::ffi::HPy_buffer;
use hpy::{Borrowed, Ctx, Field, Global, Handle, ObjectData, PyErr, PyResult, Visitor, buffer};

use crate::array::layout::{LayoutError, checked_nbytes};
use crate::array::{Buffer, Layout, element, print};
use crate::descr::dtype_instance;
use crate::dtype::DType;
use crate::errors::py_err;
use crate::scalar::Scalar;

/// One array object.
///
/// The memory is `mem_len` bytes at `base_ptr` (the start of the allocation,
/// owned by `storage` for `OWNDATA` arrays, else by the object in `base`,
/// which the array keeps alive); elements are addressed through `layout` as
/// documented in `crate::array::layout`. The layout and the memory bounds are
/// private: [`ArrayData::new`] and [`ArrayData::set_layout`] check that every
/// element lies inside the memory, so a layout that would reach outside it
/// cannot be installed by any caller.
pub struct ArrayData {
    pub(crate) dtype: DType,
    layout: RefCell<Layout>,
    base_ptr: *mut u8,
    mem_len: usize,
    pub(crate) storage: Option<Buffer>,
    pub(crate) base: Field,
    /// For arrays over an imported buffer: a second export of it that no
    /// user code can reach, held by the array and every view of it, so that
    /// releasing the `base` memoryview (or resizing the exporter after it)
    /// cannot free the memory under the array. NumPy has that
    /// use-after-free; we do not.
    pub(crate) pin: Field,
    pub(crate) writeable: Cell<bool>,
    /// `a.flags.aligned = False` (or `setflags(align=False)`) was asked for:
    /// NumPy then reports the array unaligned, whatever its addresses.
    pub(crate) aligned_cleared: Cell<bool>,
    /// What owns foreign memory this array is over and frees it when the
    /// array is destroyed (a DLPack producer's deleter, a C caller's free
    /// function).
    pub(crate) owner: Option<Owner>,
}

impl ObjectData for ArrayData {
    const HAS_FIELDS: bool = true;
    fn traverse(&self, v: &mut Visitor) -> c_int {
        match v.visit(&self.base) {
            0 => v.visit(&self.pin),
            stop => stop,
        }
    }
}

/// The owner of foreign memory (dropped with the array).
pub(crate) enum Owner {
    /// An imported DLPack tensor.
    DLPack(#[allow(dead_code)] super::dlpack::Imported),
    /// Memory a C caller handed over with its free function.
    CFree(#[allow(dead_code)] crate::capi::CFree),
}

/// The memory an array is made over: `len` bytes at `ptr`.
#[derive(Clone, Copy)]
pub(crate) struct Memory {
    pub(crate) ptr: *mut u8,
    pub(crate) len: usize,
}

impl Memory {
    /// Foreign memory described only by the layout its exporter gives
    /// (`__array_interface__`, DLPack: NumPy trusts them too): the bytes from
    /// the lowest to the highest element, with the layout rebased onto them.
    /// Refused: a NULL address for a non-empty array, and an address range
    /// that wraps around.
    pub(crate) fn described(
        addr: usize,
        layout: &Layout,
        itemsize: usize,
    ) -> PyResult<(Memory, Layout)> {
        if layout.size() == 0 {
            let l = layout.with_offset(0).map_err(py_err)?;
            return Ok((
                Memory {
                    ptr: addr as *mut u8,
                    len: 0,
                },
                l,
            ));
        }
        if addr == 0 {
            return Err(PyErr::value_error(
                "data is NULL but array contains data, in older versions of NumPy this may have used the scalar path.  To get the scalar path you must leave the data field undefined.",
            ));
        }
        let (lo, hi) = layout.byte_extent(itemsize);
        let start = addr.checked_add_signed(lo);
        let len = hi.checked_sub(lo).and_then(|n| usize::try_from(n).ok());
        let rebased = layout.offset().checked_sub(lo);
        let (Some(start), Some(len), Some(rebased)) = (start, len, rebased) else {
            return Err(py_err(LayoutError::OutOfBounds));
        };
        if start.checked_add(len).is_none() {
            return Err(py_err(LayoutError::OutOfBounds));
        }
        let l = layout.with_offset(rebased).map_err(py_err)?;
        Ok((
            Memory {
                ptr: start as *mut u8,
                len,
            },
            l,
        ))
    }
}

impl ArrayData {
    /// The one constructor: refuses (NumPy's ValueError) a layout whose
    /// elements are not all inside `memory`, and a NULL pointer under a
    /// non-empty array.
    pub(crate) fn new(
        dtype: DType,
        layout: Layout,
        memory: Memory,
        storage: Option<Buffer>,
        writeable: bool,
    ) -> PyResult<ArrayData> {
        layout
            .check_within(dtype.itemsize(), memory.len)
            .map_err(py_err)?;
        if memory.ptr.is_null() && layout.size() > 0 {
            return Err(py_err(LayoutError::OutOfBounds));
        }
        Ok(ArrayData {
            dtype,
            layout: RefCell::new(layout),
            base_ptr: memory.ptr,
            mem_len: memory.len,
            storage,
            base: Field::null(),
            pin: Field::null(),
            writeable: Cell::new(writeable),
            aligned_cleared: Cell::new(false),
            owner: None,
        })
    }

    /// The layout (borrowed until the returned guard is dropped).
    pub(crate) fn layout(&self) -> Ref<'_, Layout> {
        self.layout.borrow()
    }

    /// Replaces the layout (`a.shape = ...`, `a.strides = ...`), checked as
    /// [`ArrayData::new`] checks it.
    pub(crate) fn set_layout(&self, layout: Layout) -> PyResult<()> {
        layout
            .check_within(self.dtype.itemsize(), self.mem_len)
            .map_err(py_err)?;
        *self.layout.borrow_mut() = layout;
        Ok(())
    }

    /// NumPy's OWNDATA: the array allocated its memory, or a C caller
    /// handed memory over with its free function.
    pub(crate) fn owns_data(&self) -> bool {
        self.storage.is_some() || matches!(self.owner, Some(Owner::CFree(_)))
    }

    /// The start of the memory (see the invariants above).
    pub(crate) fn base_ptr(&self) -> *mut u8 {
        self.base_ptr
    }

    /// The memory this array is over, for views of it.
    pub(crate) fn memory(&self) -> Memory {
        Memory {
            ptr: self.base_ptr,
            len: self.mem_len,
        }
    }

    /// Reads every element in C order (MemoryError when there are more
    /// than memory holds: a broadcast view may have 2**62 of them).
    pub(crate) fn to_scalars(&self) -> PyResult<Vec<Scalar>> {
        let layout = self.layout();
        let mut out = crate::errors::vec_with_capacity(layout.size())?;
        element::for_each_offset(&layout, |off| {
            // SAFETY: `ArrayData::new`/`set_layout` checked that every element
            // offset lies inside the memory at `base_ptr`, which is alive
            // while `self` is.
            out.push(unsafe { element::read(self.dtype, self.base_ptr.offset(off)) });
        });
        Ok(out)
    }

    /// The element of a one-element array, read alone; `None` for any other
    /// size (whose elements are not read: there may be 2**62 of them).
    pub(crate) fn single(&self) -> Option<Scalar> {
        let layout = self.layout();
        if layout.size() != 1 {
            return None;
        }
        // SAFETY: the only element lies at the offset, inside the memory
        // (layout invariant), which is alive while `self` is.
        Some(unsafe { element::read(self.dtype, self.base_ptr.offset(layout.offset())) })
    }
}

/// The Python class `numpy_hpy.ndarray` uses for `a.flags` (registered by the
/// package at import: `_core._set_flags_type`).
static FLAGS_TYPE: Global = Global::new();

/// `__pypy__.add_memory_pressure`, on PyPy only (empty elsewhere).
static PYPY_MEMORY_PRESSURE: Global = Global::new();

/// Array memory below this is not reported to PyPy's GC: the objects' own
/// allocations already bring a collection soon enough for it (a nursery's
/// worth of 4 KiB arrays is some 100 MB at most).
const PRESSURE_MIN: usize = 4096;

/// Tells PyPy's GC about `bytes` of memory outside its heap that an object
/// just made keeps alive. It cannot see array memory (the objects it
/// collects are small), so without this a loop making 80 KB arrays grew to
/// 1.8 GB in 20000 iterations before a collection freed them, and ran 25x
/// slower (measured); with it the process stays at its working size.
/// CPython frees by reference count: nothing to do there.
pub(crate) fn memory_pressure(ctx: Ctx<'_>, bytes: usize) -> PyResult<()> {
    if bytes < PRESSURE_MIN || ctx.capabilities().runtime != hpy::Runtime::PyPy {
        return Ok(());
    }
    let f = PYPY_MEMORY_PRESSURE.load(ctx)?;
    let n = ctx.long_from_i64(i64::try_from(bytes).unwrap_or(i64::MAX))?;
    ctx.call(&f, &[n.borrow()]).map(drop)
}

hpy::meth!(static SET_FLAGS_TYPE: o = c"_set_flags_type", set_flags_type);

hpy::part!(
    /// What this file adds to the module: the `ndarray` type and the flags
    /// class the package registers.
    pub(super) static PART = {
        defines: [SET_FLAGS_TYPE],
        globals: [hpy::Globals::one(&FLAGS_TYPE), hpy::Globals::one(&PYPY_MEMORY_PRESSURE)],
        type_specs: [ARRAY_SPEC],
        init: init,
    }
);

/// Creates `ndarray` and adds it to the module; on PyPy, finds the GC's
/// memory-pressure hook ([`memory_pressure`]).
fn init<'c>(ctx: Ctx<'c>, module: Borrowed<'_, 'c>) -> PyResult<()> {
    if ctx.capabilities().runtime == hpy::Runtime::PyPy {
        let pypy = ctx.import(c"__pypy__")?;
        PYPY_MEMORY_PRESSURE.store(ctx, &ctx.getattr_s(&pypy, c"add_memory_pressure")?);
    }
    let ty = ARRAY_SPEC.create(ctx, None, None)?;
    ctx.setattr_s(module, c"ndarray", &ty)
}

/// `_set_flags_type(cls)`.
fn set_flags_type<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    cls: Borrowed<'_, 'c>,
) -> PyResult<Handle<'c>> {
    FLAGS_TYPE.store(ctx, cls);
    Ok(ctx.none())
}

/// A new array object owning `storage` (its layout checked against it).
pub fn new_array<'c>(
    ctx: Ctx<'c>,
    dtype: DType,
    layout: Layout,
    storage: Buffer,
) -> PyResult<Handle<'c>> {
    let memory = Memory {
        ptr: storage.as_ptr(),
        len: storage.len(),
    };
    let len = storage.len();
    let a = ARRAY_SPEC.instance(
        ctx,
        ArrayData::new(dtype, layout, memory, Some(storage), true)?,
    )?;
    memory_pressure(ctx, len)?;
    Ok(a)
}

/// Zero-filled memory for a new array of `shape` and `dtype`, failing as
/// NumPy fails: ValueError when the byte count overflows, MemoryError
/// "Unable to allocate 1.00 EiB for an array with shape (...) and data type
/// uint8" when the allocation does.
pub(crate) fn array_memory(shape: &[usize], dtype: DType) -> PyResult<Buffer> {
    memory(shape, dtype, Buffer::zeroed)
}

/// [`array_memory`] left unzeroed, for an array every element of which is
/// written before Python can read it (ufunc outputs without `where=`).
pub(crate) fn array_memory_for_overwrite(shape: &[usize], dtype: DType) -> PyResult<Buffer> {
    memory(shape, dtype, Buffer::for_overwrite)
}

fn memory(shape: &[usize], dtype: DType, alloc: fn(usize) -> Option<Buffer>) -> PyResult<Buffer> {
    let bytes = checked_nbytes(shape, dtype.itemsize()).map_err(py_err)?;
    alloc(bytes).ok_or_else(|| {
        let dims: Vec<String> = shape.iter().map(|n| n.to_string()).collect();
        let shape = match dims.len() {
            1 => format!("({},)", dims[0]),
            _ => format!("({})", dims.join(", ")),
        };
        PyErr::new(
            hpy::ExcType::MemoryError,
            format!(
                "Unable to allocate {} for an array with shape {shape} and data type {}",
                size_to_string(bytes as u128),
                dtype.name()
            ),
        )
    })
}

/// A byte count as NumPy's `_ArrayMemoryError` writes it (binary units,
/// three significant figures): "24 bytes", "1.00 EiB", "7.45 GiB".
fn size_to_string(num_bytes: u128) -> String {
    const UNITS: [&str; 7] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let bit_length = 128 - num_bytes.leading_zeros() as usize;
    let mut unit = bit_length.saturating_sub(1).max(1) / 10;
    let mut n = num_bytes as f64 / (1u128 << (unit * 10)) as f64;
    // A unit that is still right after rounding (Python's round: ties to even).
    if n.round_ties_even() == 1024.0 {
        unit += 1;
        n /= 1024.0;
    }
    if unit >= UNITS.len() {
        n *= (1u128 << ((unit - (UNITS.len() - 1)) * 10)) as f64;
        unit = UNITS.len() - 1;
    }
    let name = UNITS[unit];
    if unit == 0 {
        return format!("{n:.0} {name}");
    }
    if n.round_ties_even() < 1000.0 {
        // Python's `#.3g`: three significant figures, trailing zeros (and
        // a trailing point) kept.
        let exp = format!("{n:.2e}")
            .split('e')
            .nth(1)
            .and_then(|e| e.parse::<i32>().ok())
            .unwrap_or(0);
        let decimals = (2 - exp).max(0) as usize;
        if decimals == 0 {
            return format!("{n:.0}. {name}");
        }
        return format!("{n:.decimals$} {name}");
    }
    format!("{n:.0}. {name}")
}

/// `h` with its array data, when it is an ndarray (the data then lives as
/// long as the handle, wherever it goes).
pub(crate) fn array_instance<'c>(
    ctx: Ctx<'c>,
    h: Handle<'c>,
) -> PyResult<Option<hpy::Instance<'c, ArrayData>>> {
    ARRAY_SPEC.instance_opt(ctx, h)
}

pub(crate) fn array_data<'a, 'c>(
    ctx: Ctx<'c>,
    h: Borrowed<'a, 'c>,
) -> PyResult<Option<&'a ArrayData>> {
    ARRAY_SPEC.data_opt(ctx, h)
}

fn this<'a, 'c>(ctx: Ctx<'c>, h: Borrowed<'a, 'c>) -> PyResult<&'a ArrayData> {
    array_data(ctx, h)?
        .ok_or_else(|| PyErr::type_error("descriptor requires a 'numpy_hpy.ndarray' object"))
}

/// A tuple of Python ints.
pub(crate) fn ints_tuple<'c>(ctx: Ctx<'c>, v: impl Iterator<Item = i64>) -> PyResult<Handle<'c>> {
    let items = v
        .map(|x| ctx.long_from_i64(x))
        .collect::<PyResult<Vec<_>>>()?;
    let raws: Vec<Borrowed<'_, 'c>> = items.iter().map(Handle::borrow).collect();
    ctx.tuple(&raws)
}

pub(super) fn g_shape<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    ints_tuple(ctx, a.layout().shape().iter().map(|&n| n as i64))
}

fn g_strides<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    ints_tuple(ctx, a.layout().strides().iter().map(|&s| s as i64))
}

fn g_ndim<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(this(ctx, slf)?.layout().ndim() as i64)
}

fn g_size<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(this(ctx, slf)?.layout().size() as i64)
}

fn g_itemsize<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    ctx.long_from_i64(this(ctx, slf)?.dtype.itemsize() as i64)
}

fn g_nbytes<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    ctx.long_from_i64((a.layout().size() * a.dtype.itemsize()) as i64)
}

fn g_dtype<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    dtype_instance(ctx, this(ctx, slf)?.dtype)
}

fn g_base<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    if a.base.is_null() {
        Ok(ctx.none())
    } else {
        a.base.load(ctx, slf)
    }
}

fn g_device<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    this(ctx, slf)?;
    ctx.str("cpu")
}

impl ArrayData {
    /// Whether every element sits at an address aligned for the dtype.
    pub(crate) fn is_aligned(&self) -> bool {
        let layout = self.layout();
        let align = self.dtype.alignment();
        layout.size() == 0
            || ((self.base_ptr as usize)
                .wrapping_add(layout.offset() as usize)
                .is_multiple_of(align)
                && layout
                    .shape()
                    .iter()
                    .zip(layout.strides())
                    .all(|(&n, &s)| n <= 1 || s.rem_euclid(align as isize) == 0))
    }
}

/// `a.flags`: an instance of the package's flags class, which keeps the
/// array to set `writeable`/`aligned` through `a.setflags`.
fn g_flags<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let aligned = a.is_aligned() && !a.aligned_cleared.get();
    let layout = a.layout();
    let itemsize = a.dtype.itemsize();
    let vals = [
        ctx.bool(layout.is_c_contiguous(itemsize)),
        ctx.bool(layout.is_f_contiguous(itemsize)),
        ctx.bool(a.owns_data()),
        ctx.bool(a.writeable.get()),
        ctx.bool(aligned),
        ctx.dup(slf),
    ];
    let cls = FLAGS_TYPE.load(ctx)?;
    let raws: Vec<Borrowed<'_, 'c>> = vals.iter().map(Handle::borrow).collect();
    ctx.call(&cls, &raws)
}

/// `__array_interface__` (version 3): lets NumPy (`np.asarray`) view our
/// memory without a copy.
fn g_array_interface<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let layout = a.layout();
    let d = ctx.dict()?;
    let set = |k: &str, v: &Handle<'c>| -> PyResult<()> {
        let key = ctx.str(k)?;
        ctx.set_item(&d, &key, v)
    };
    set(
        "shape",
        &ints_tuple(ctx, layout.shape().iter().map(|&n| n as i64))?,
    )?;
    set("typestr", &ctx.str(a.dtype.str_())?)?;
    let addr = ctx.long_from_u64((a.base_ptr as u64).wrapping_add(layout.offset() as u64))?;
    let ro = ctx.bool(!a.writeable.get());
    set("data", &ctx.tuple(&[addr.borrow(), ro.borrow()])?)?;
    let strides = if layout.is_c_contiguous(a.dtype.itemsize()) {
        ctx.none()
    } else {
        ints_tuple(ctx, layout.strides().iter().map(|&s| s as i64))?
    };
    set("strides", &strides)?;
    set("version", &ctx.long_from_i64(3)?)?;
    Ok(d)
}

fn a_len<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<usize> {
    let a = this(ctx, slf)?;
    let layout = a.layout();
    layout
        .shape()
        .first()
        .copied()
        .ok_or_else(|| PyErr::type_error("len() of unsized object"))
}

/// Nested lists of Python numbers (`a.tolist()`).
fn tolist<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    // Borrowed for the whole walk (no clone to allocate): making Python
    // numbers runs no code that could reshape the array.
    let layout = a.layout();
    let start = first(a, &layout);
    // One loop per common dtype (no `Scalar` in between), the generic one
    // otherwise. Each `p` is an element of the array (layout invariant),
    // read unaligned as foreign memory may be.
    let n = ctx.number_maker();
    match a.dtype {
        DType::Float64 => nest(ctx, &layout, 0, start, &|_, p| {
            // SAFETY: an element of a float64 array.
            n.float(unsafe { p.cast::<f64>().read_unaligned() })
        }),
        DType::Int64 => nest(ctx, &layout, 0, start, &|_, p| {
            // SAFETY: an element of an int64 array.
            n.int(unsafe { p.cast::<i64>().read_unaligned() })
        }),
        DType::Float32 => nest(ctx, &layout, 0, start, &|_, p| {
            // SAFETY: an element of a float32 array.
            n.float(f64::from(unsafe { p.cast::<f32>().read_unaligned() }))
        }),
        DType::Bool => nest(ctx, &layout, 0, start, &|ctx, p| {
            // SAFETY: an element of a bool array.
            Ok(ctx.bool(unsafe { p.read() } != 0))
        }),
        dtype => nest(ctx, &layout, 0, start, &|ctx, p| {
            // SAFETY: an element of an array of `dtype`.
            crate::scalar_types::item(ctx, unsafe { element::read(dtype, p) })
        }),
    }
}

/// Address of the element at index `(0, 0, ...)`.
fn first(a: &ArrayData, layout: &Layout) -> *const u8 {
    // Wrapping: an empty array's offset may lie outside its memory (see
    // `Layout::check_within`); a non-empty one's is inside it.
    a.base_ptr.wrapping_offset(layout.offset())
}

/// The nested lists of axes `axis..` of the sub-array whose first element
/// is at `start` (steps by the layout's strides stay inside the array's
/// memory: layout invariant).
fn nest<'c, F: Fn(Ctx<'c>, *const u8) -> PyResult<Handle<'c>>>(
    ctx: Ctx<'c>,
    layout: &Layout,
    axis: usize,
    start: *const u8,
    make: &F,
) -> PyResult<Handle<'c>> {
    if axis == layout.ndim() {
        return make(ctx, start);
    }
    let (n, stride) = (layout.shape()[axis], layout.strides()[axis]);
    if axis + 1 == layout.ndim() {
        return ctx.list_from_fn(n, |i| {
            // SAFETY: `i < shape[axis]`: element `i` along the last axis.
            make(ctx, unsafe { start.offset(i as isize * stride) })
        });
    }
    ctx.list_from_fn(n, |i| {
        // SAFETY: sub-array `i` along `axis` starts `i * stride` further.
        let sub = unsafe { start.offset(i as isize * stride) };
        nest(ctx, layout, axis + 1, sub, make)
    })
}

/// `a.item()`: the only element of a size-1 array as a Python number.
fn item<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    let value = a.single().ok_or_else(|| {
        PyErr::value_error("can only convert an array of size 1 to a Python scalar")
    })?;
    crate::scalar_types::item(ctx, value)
}

/// The current print options (`numpy_hpy._printoptions`, a per-context
/// Python setting, as NumPy keeps it).
fn print_options<'c>(ctx: Ctx<'c>) -> PyResult<print::PrintOptions> {
    let module = ctx.import(c"numpy_hpy._printoptions")?;
    let get = ctx.getattr_s(&module, c"_for_core")?;
    let t = ctx.call(&get, &[])?;
    let item = |i: isize| ctx.get_item_i(&t, i);
    let usize_at = |i: isize| -> PyResult<usize> {
        let v = ctx.index_as_isize(&item(i)?)?;
        Ok(usize::try_from(v).unwrap_or(0))
    };
    let sign = match ctx.str_to_string(&item(7)?)?.as_str() {
        "+" => print::Sign::Plus,
        " " => print::Sign::Space,
        _ => print::Sign::Minus,
    };
    let floatmode = match ctx.str_to_string(&item(8)?)?.as_str() {
        "fixed" => print::FloatMode::Fixed,
        "unique" => print::FloatMode::Unique,
        "maxprec_equal" => print::FloatMode::MaxPrecEqual,
        _ => print::FloatMode::MaxPrec,
    };
    let legacy = match ctx.index_as_isize(&item(9)?)? {
        121 => Some(print::Legacy::V1_21),
        125 => Some(print::Legacy::V1_25),
        201 => Some(print::Legacy::V2_1),
        202 => Some(print::Legacy::V2_2),
        113 => {
            return Err(PyErr::new(
                hpy::ExcType::NotImplementedError,
                "numpy_hpy does not support legacy='1.13' printing",
            ));
        }
        _ => None,
    };
    Ok(print::PrintOptions {
        precision: usize_at(0)?,
        threshold: ctx
            .index_as_isize(&item(1)?)
            .map(|v| v.max(0) as usize)
            .unwrap_or(usize::MAX),
        edgeitems: usize_at(2)?,
        linewidth: usize_at(3)?,
        suppress: ctx.is_true(&item(4)?)?,
        nanstr: ctx.str_to_string(&item(5)?)?,
        infstr: ctx.str_to_string(&item(6)?)?,
        sign,
        floatmode,
        legacy,
    })
}

/// `repr(a)` (`str(a)` when not `repr`), exactly as NumPy 2 prints it,
/// reading only the elements it prints (NumPy's `_leading_trailing`): the
/// repr of a summarised array costs the same whatever its size.
fn print_array<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>, repr: bool) -> PyResult<Handle<'c>> {
    let a = this(ctx, slf)?;
    // The options are read first: that runs Python code, printing does not.
    let opts = print_options(ctx)?;
    let layout = a.layout();
    let get = |i: usize| {
        let off = element::offset_of_index(&layout, i);
        // SAFETY: layout invariant (checked by `ArrayData::new`/`set_layout`):
        // every element's offset lies inside the memory at `base_ptr`, which
        // is alive while `a` is; `i` is below `layout.size()`.
        unsafe { element::read(a.dtype, a.base_ptr.offset(off)) }
    };
    let text = if repr {
        print::array_repr_by(&get, layout.shape(), a.dtype, &opts)
    } else {
        print::array_str_by(&get, layout.shape(), a.dtype, &opts)
    };
    ctx.str(&text)
}

fn a_repr<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    print_array(ctx, slf, true)
}

fn a_str<'c>(ctx: Ctx<'c>, slf: Borrowed<'_, 'c>) -> PyResult<Handle<'c>> {
    print_array(ctx, slf, false)
}

/// Buffer export: `memoryview(a)` and NumPy's `np.asarray(a)` see our memory.
fn getbuffer<'c>(
    ctx: Ctx<'c>,
    slf: Borrowed<'_, 'c>,
    view: &mut HPy_buffer,
    flags: c_int,
) -> PyResult<()> {
    let a = this(ctx, slf)?;
    let layout = a.layout();
    let itemsize = a.dtype.itemsize();
    let contiguous = layout.is_c_contiguous(itemsize);
    if flags & buffer::PYBUF_STRIDES != buffer::PYBUF_STRIDES && !contiguous {
        return Err(PyErr::new(
            hpy::ExcType::BufferError,
            "ndarray is not C-contiguous",
        ));
    }
    let format = match a.dtype {
        DType::Bool => c"?",
        DType::Int8 => c"b",
        DType::UInt8 => c"B",
        DType::Int16 => c"h",
        DType::UInt16 => c"H",
        DType::Int32 => c"i",
        DType::UInt32 => c"I",
        DType::Int64 => c"l",
        DType::UInt64 => c"L",
        DType::Float32 => c"f",
        DType::Float64 => c"d",
        DType::Complex64 => c"Zf",
        DType::Complex128 => c"Zd",
    };
    let shape: Vec<isize> = layout.shape().iter().map(|&n| n as isize).collect();
    buffer::fill(
        ctx,
        slf,
        view,
        flags,
        &buffer::Export {
            // (Wrapping: an empty array's offset may lie outside its memory.)
            buf: a.base_ptr.wrapping_offset(layout.offset()).cast(),
            len: layout.size() * itemsize,
            itemsize,
            readonly: !a.writeable.get(),
            format,
            shape: &shape,
            strides: layout.strides(),
        },
    )
}

fn releasebuffer<'c>(ctx: Ctx<'c>, _slf: Borrowed<'_, 'c>, view: &mut HPy_buffer) -> PyResult<()> {
    buffer::release(ctx, view);
    Ok(())
}

hpy::slot!(static A_LEN: lenfunc = HPy_mp_length, a_len);
hpy::slot!(static A_GETITEM: binary = HPy_mp_subscript, super::index::getitem);
hpy::slot!(static A_SETITEM: objobjarg = HPy_mp_ass_subscript, super::index::setitem);
hpy::slot!(static A_SQ_LEN: lenfunc = HPy_sq_length, a_len);
hpy::slot!(static A_REPR: reprfunc = HPy_tp_repr, a_repr);
hpy::slot!(static A_STR: reprfunc = HPy_tp_str, a_str);
hpy::slot!(static A_GETBUFFER: getbuffer = HPy_bf_getbuffer, getbuffer);
hpy::slot!(static A_RELEASEBUFFER: releasebuffer = HPy_bf_releasebuffer, releasebuffer);
hpy::getset!(static G_STRIDES = c"strides", get: g_strides, doc: c"Tuple of bytes to step in each dimension when traversing an array.");
hpy::getset!(static G_NDIM = c"ndim", get: g_ndim, doc: c"Number of array dimensions.");
hpy::getset!(static G_SIZE = c"size", get: g_size, doc: c"Number of elements in the array.");
hpy::getset!(static G_ITEMSIZE = c"itemsize", get: g_itemsize, doc: c"Length of one array element in bytes.");
hpy::getset!(static G_NBYTES = c"nbytes", get: g_nbytes, doc: c"Total bytes consumed by the elements of the array.");
hpy::getset!(static G_DTYPE = c"dtype", get: g_dtype, doc: c"Data-type of the array's elements.");
hpy::getset!(static G_BASE = c"base", get: g_base, doc: c"Base object if memory is from some other object.");
hpy::getset!(static G_FLAGS = c"flags", get: g_flags, doc: c"Information about the memory layout of the array.");
hpy::getset!(static G_DEVICE = c"device", get: g_device);
hpy::getset!(static G_ARRAY_INTERFACE = c"__array_interface__", get: g_array_interface);
hpy::meth!(static M_TOLIST: noargs = c"tolist", tolist);
hpy::meth!(static M_ITEM: noargs = c"item", item);

use crate::ufunc::operators as ops;

hpy::type_spec!(pub static ARRAY_SPEC: ArrayData = {
    name: c"numpy_hpy.ndarray",
    flags: hpy::flags::HAVE_GC,
    doc: c"An array object represents a multidimensional, homogeneous array of fixed-size items.",
    defines: [
        A_LEN, A_SQ_LEN, A_GETITEM, A_SETITEM, A_REPR, A_STR, A_GETBUFFER, A_RELEASEBUFFER, super::attributes::G_SHAPE_RW, G_STRIDES, G_NDIM,
        G_SIZE, G_ITEMSIZE, G_NBYTES, G_DTYPE, G_BASE, G_FLAGS, G_DEVICE, G_ARRAY_INTERFACE,
        super::constructor::ND_NEW, super::join::M_REPEAT, super::dlpack::M_DLPACK, super::flags::M_SETFLAGS,
        super::dlpack::M_DLPACK_DEVICE, super::shape_ops::M_RESHAPE,
        super::shape_ops::M_RAVEL, super::shape_ops::M_FLATTEN, super::shape_ops::M_TRANSPOSE,
        super::shape_ops::M_SWAPAXES, super::shape_ops::M_SQUEEZE, super::shape_ops::M_VIEW, super::attributes::SQ_ITEM, super::attributes::G_REAL,
        super::attributes::G_IMAG, M_TOLIST, M_ITEM, super::methods::G_T, super::methods::M_COPY, super::methods::M_ASTYPE,
        super::methods::M_FILL, super::methods::M_COMPLEX, super::methods::M_COPY_PROTO,
        super::methods::M_DEEPCOPY, super::methods::M_REDUCE, super::methods::A_BOOL,
        super::methods::A_INT, super::methods::A_FLOAT, super::methods::A_INDEX,
        super::methods::G_MT, super::methods::M_ITER, super::methods::M_DUNDER_ARRAY,
        ops::ADD, ops::RADD, ops::IADD, ops::SUB, ops::RSUB, ops::ISUB, ops::MUL, ops::RMUL, ops::IMUL,
        ops::TRUEDIV, ops::RTRUEDIV, ops::ITRUEDIV, ops::FLOORDIV, ops::RFLOORDIV, ops::IFLOORDIV,
        ops::MOD, ops::RMOD, ops::IMOD, ops::AND, ops::RAND, ops::IAND, ops::OR, ops::ROR, ops::IOR,
        ops::XOR, ops::RXOR, ops::IXOR, ops::LSHIFT, ops::RLSHIFT, ops::ILSHIFT, ops::RSHIFT,
        ops::RRSHIFT, ops::IRSHIFT, ops::DIVMOD, ops::RDIVMOD, ops::POW, ops::IPOW, ops::RPOW,
        ops::NEG, ops::POS, ops::ABS, ops::INVERT, ops::RICHCMP,
        super::reductions::M_SUM, super::reductions::M_PROD, super::reductions::M_MAX,
        super::reductions::M_MIN, super::reductions::M_ALL, super::reductions::M_ANY,
        super::reductions::M_CUMSUM, super::reductions::M_CUMPROD, super::reductions::M_ARGMAX,
        super::reductions::M_ARGMIN, super::reductions::M_SORT, super::reductions::M_ARGSORT,
        super::reductions::M_PARTITION, super::reductions::M_ARGPARTITION,
        super::reductions::M_NONZERO, super::reductions::M_MEAN, super::reductions::M_VAR,
        super::reductions::M_STD, super::reductions::M_CLIP, super::reductions::M_ROUND,
        super::reductions::M_SEARCHSORTED, super::reductions::M_TAKE, super::reductions::M_PUT,
        super::reductions::M_COMPRESS, super::reductions::M_CHOOSE,
    ],
});

#[cfg(test)]
mod size_tests {
    use super::size_to_string;

    #[test]
    fn sizes_read_as_numpy_writes_them() {
        // Expected strings printed by NumPy 2.4's
        // numpy._core._exceptions._ArrayMemoryError._size_to_string.
        for (n, s) in [
            (0u128, "0 bytes"),
            (24, "24 bytes"),
            (1023, "1023 bytes"),
            (1024, "1.00 KiB"),
            (1536, "1.50 KiB"),
            (1 << 20, "1.00 MiB"),
            (8_000_000_000, "7.45 GiB"),
            (1_000_000_000_000, "931. GiB"),
            (1023 * 1024 + 1000, "1.00 MiB"),
            (1 << 60, "1.00 EiB"),
            (1 << 70, "1024. EiB"),
        ] {
            assert_eq!(size_to_string(n), s, "{n}");
        }
    }
}
