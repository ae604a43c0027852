//! Creating arrays: `empty`, `zeros`, `ones`, `full`, `array`, `asarray`.

use crate::errors::py_err;
use argparse::convert::{self, Choices};
use argparse::{Param, Signature, py};
use hpy::CallArgs;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};
use num_complex::Complex;

use super::foreign::{Input, resolve};
use super::object::{array_data, new_array};
use crate::array::{Buffer, Layout, MAXDIMS, element};
use crate::descr::dtype_from_object;
use crate::dtype::{DType, promote_types};
use crate::scalar::Scalar;
use crate::scalar::weak;

type Kw<'c> = Option<Borrowed<'c, 'c>>;

/// `(shape, dtype=None, order='C')`, shared by `empty`, `zeros` and `ones`.
const fn shape_dtype_order(fname: &'static str) -> Signature<3> {
    Signature::new(
        fname,
        [
            Param::either(c"shape"),
            Param::either(c"dtype").optional(),
            Param::either(c"order").optional(),
        ],
    )
}

static SIG_EMPTY: Signature<3> = shape_dtype_order("empty").npy_style();
static SIG_ZEROS: Signature<3> = shape_dtype_order("zeros").npy_style();
// `ones` is a Python function in NumPy (`empty` + `copyto`).
static SIG_ONES: Signature<3> = shape_dtype_order("ones").python_style();
static SIG_FULL: Signature<4> = Signature::new(
    "full",
    [
        Param::either(c"shape"),
        Param::either(c"fill_value"),
        Param::either(c"dtype").optional(),
        Param::either(c"order").optional(),
    ],
)
.python_style();
static SIG_ARRAY: Signature<6> = Signature::new(
    "array",
    [
        Param::either(c"object"),
        Param::either(c"dtype").optional(),
        Param::keyword(c"copy").optional(),
        Param::keyword(c"order").optional(),
        Param::keyword(c"subok").optional(),
        Param::keyword(c"ndmin").optional(),
    ],
)
.npy_style();
static SIG_ASARRAY: Signature<6> = Signature::new(
    "asarray",
    [
        Param::either(c"a"),
        Param::either(c"dtype").optional(),
        Param::either(c"order").optional(),
        Param::keyword(c"device").optional(),
        Param::keyword(c"copy").optional(),
        Param::keyword(c"like").optional(),
    ],
)
.npy_style();

/// `order=`: 'C', 'F', 'A', 'K' (NumPy's converter: None is the default, one
/// letter in either case); shared by every ndarray function that takes it.
pub static ORDER: Choices<4> =
    Choices::new("order", [c"C", c"F", c"A", c"K"], "'C', 'F', 'A', or 'K'")
        .none_is_default()
        .fold_case();

hpy::meth!(static EMPTY: keywords = c"empty", empty,
    c"empty(shape, dtype=float, order='C')\n--\n\nReturn a new array of given shape and type, without initializing entries.");
hpy::meth!(static ZEROS: keywords = c"zeros", zeros,
    c"zeros(shape, dtype=float, order='C')\n--\n\nReturn a new array of given shape and type, filled with zeros.");
hpy::meth!(static ONES: keywords = c"ones", ones,
    c"ones(shape, dtype=None, order='C')\n--\n\nReturn a new array of given shape and type, filled with ones.");
hpy::meth!(static FULL: keywords = c"full", full,
    c"full(shape, fill_value, dtype=None, order='C')\n--\n\nReturn a new array of given shape and type, filled with fill_value.");
hpy::meth!(static ARRAY: keywords = c"array", array,
    c"array(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0)\n--\n\nCreate an array.");
hpy::meth!(static ASARRAY: keywords = c"asarray", asarray,
    c"asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None)\n--\n\nConvert the input to an array.");

hpy::part!(
    /// What this file adds to the module.
    pub(super) static PART = {
        defines: [EMPTY, ZEROS, ONES, FULL, ARRAY, ASARRAY],
        globals: [
            SIG_EMPTY.globals(),
            SIG_ZEROS.globals(),
            SIG_ONES.globals(),
            SIG_FULL.globals(),
            SIG_ARRAY.globals(),
            SIG_ASARRAY.globals(),
            ORDER.globals(),
        ],
    }
);

/// `dtype=`: `None` when absent or None.
pub(super) fn optional_dtype<'c>(
    ctx: Ctx<'c>,
    h: Option<Borrowed<'_, 'c>>,
) -> PyResult<Option<DType>> {
    match convert::optional(ctx, h) {
        Some(h) => Ok(Some(dtype_from_object(ctx, h)?)),
        None => Ok(None),
    }
}

/// A zero-filled array of `shape` in C or F order.
fn alloc<'c>(
    ctx: Ctx<'c>,
    shape: &[usize],
    dtype: DType,
    fortran: bool,
) -> PyResult<(Handle<'c>, Layout, *mut u8)> {
    let (layout, buffer) = alloc_buffer(shape, dtype, fortran)?;
    let base = buffer.as_ptr();
    let arr = new_array(ctx, dtype, layout.clone(), buffer)?;
    Ok((arr, layout, base))
}

/// The layout and zero-filled memory of a new array of `shape`, to fill
/// before the array object exists.
fn alloc_buffer(shape: &[usize], dtype: DType, fortran: bool) -> PyResult<(Layout, Buffer)> {
    let buffer = super::object::array_memory(shape, dtype)?;
    let layout = if fortran {
        Layout::f_order(shape, dtype.itemsize()).map_err(py_err)?
    } else {
        Layout::c_order(shape, dtype.itemsize()).map_err(py_err)?
    };
    Ok((layout, buffer))
}

/// Writes `values` (C order, already of `dtype`) into the array's memory.
fn fill_from(layout: &Layout, base: *mut u8, values: impl IntoIterator<Item = Scalar>) {
    let mut it = values.into_iter();
    element::for_each_offset(layout, |off| {
        if let Some(v) = it.next() {
            // SAFETY: `off` is an element of the fresh allocation at `base`
            // (layout invariant), which nothing else accesses yet.
            unsafe { element::write(base.offset(off), v) };
        }
    });
}

fn creation<'c>(
    ctx: Ctx<'c>,
    shape: Borrowed<'_, 'c>,
    dtype: Option<Borrowed<'_, 'c>>,
    order: Option<Borrowed<'_, 'c>>,
    default: DType,
) -> PyResult<(Vec<usize>, DType, bool)> {
    let shape = py(convert::shape(ctx, shape))?;
    if shape.len() > MAXDIMS {
        return Err(PyErr::value_error(format!(
            "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {}",
            shape.len()
        )));
    }
    let dtype = optional_dtype(ctx, dtype)?.unwrap_or(default);
    let fortran = match py(ORDER.convert_or(ctx, order, 0))? {
        0 => false,
        1 => true,
        _ => return Err(PyErr::value_error("only 'C' or 'F' order is permitted")),
    };
    Ok((shape, dtype, fortran))
}

/// `empty`, `zeros` and `ones`: a new array of `(shape, dtype, order)`,
/// filled with ones when `ones` (our memory always starts zeroed, so an
/// "uninitialised" `empty` costs nothing extra).
fn shaped<'c>(
    ctx: Ctx<'c>,
    sig: &'static Signature<3>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
    ones: bool,
) -> PyResult<Handle<'c>> {
    let a = py(sig.parse(ctx, args, n, kw))?;
    let (shape, dtype, fortran) = creation(
        ctx,
        a.get(0).expect("required"),
        a.get(1),
        a.get(2),
        DType::Float64,
    )?;
    let (arr, layout, base) = alloc(ctx, &shape, dtype, fortran)?;
    if ones {
        let one = Scalar::from_i128(dtype, 1);
        fill_from(&layout, base, std::iter::repeat_n(one, layout.size()));
    }
    Ok(arr)
}

pub(super) fn empty<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    shaped(ctx, &SIG_EMPTY, args, n, kw, false)
}

pub(super) fn zeros<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    shaped(ctx, &SIG_ZEROS, args, n, kw, false)
}

pub(super) fn ones<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    shaped(ctx, &SIG_ONES, args, n, kw, true)
}

pub(super) fn full<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_FULL.parse(ctx, args, n, kw))?;
    let fill = a.get(1).expect("required");
    // With a dtype, a scalar fill is converted as NumPy's `full` does
    // (`copyto(a, fill_value, casting='unsafe')`), before anything else
    // looks at it: a Python int too big for int64 is fine for float32.
    let given = a.get(2).filter(|d| !ctx.is_none(*d));
    if let Some(d) = given {
        let (shape, dtype, fortran) = creation(
            ctx,
            a.get(0).expect("required"),
            Some(d),
            a.get(3),
            DType::Float64,
        )?;
        if let Some(v) = crate::scalar_types::copyto_scalar(ctx, fill, dtype)? {
            let (arr, layout, base) = alloc(ctx, &shape, dtype, fortran)?;
            fill_from(&layout, base, std::iter::repeat_n(v, layout.size()));
            return Ok(arr);
        }
    }
    let tree = discover(ctx, fill)?;
    let default = tree.dtype.unwrap_or(DType::Float64);
    let (shape, dtype, fortran) = creation(
        ctx,
        a.get(0).expect("required"),
        a.get(2),
        a.get(3),
        default,
    )?;
    let values = tree.values(ctx, dtype)?;
    if tree.shape.is_empty() {
        let v = values[0];
        let (arr, layout, base) = alloc(ctx, &shape, dtype, fortran)?;
        fill_from(&layout, base, std::iter::repeat_n(v, layout.size()));
        return Ok(arr);
    }
    // An array fill is broadcast to the shape (NumPy's `copyto`): its values
    // are in C order, so a layout of one-byte "elements" maps each index of
    // the result to the value's position.
    let src = Layout::c_order(&tree.shape, 1).map_err(py_err)?;
    let Some(view) = crate::array::broadcast::broadcast_layout(&src, &shape).map_err(py_err)?
    else {
        let mut value = tree.shape.clone();
        while value.len() > 1 && value[0] == 1 {
            value.remove(0);
        }
        return Err(py_err(crate::array::index::SetItemError::Basic {
            value,
            target: shape.clone(),
        }));
    };
    let (arr, layout, base) = alloc(ctx, &shape, dtype, fortran)?;
    let n = layout.size();
    fill_from(
        &layout,
        base,
        (0..n).map(|i| values[element::offset_of_index(&view, i) as usize]),
    );
    Ok(arr)
}

/// A leaf of a nested sequence.
#[derive(Clone, Copy)]
enum Leaf {
    /// One of our scalars, or an element of an array (strong dtype).
    Strong(Scalar),
    /// Python numbers.
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex(Complex<f64>),
}

/// What `array(obj)` found in `obj`: its shape, the dtype its leaves
/// promote to, and the leaves in C order.
///
/// The shape is found as NumPy finds it (`PyArray_DiscoverDTypeAndShape`):
/// depth first, the first leaf fixes how deep the array goes (`reached`), a
/// mismatch anywhere marks the input ragged and shrinks `max_dims` to the
/// depth that is still consistent, and the walk goes on so that the error
/// names the same dimensions NumPy's does.
struct Tree {
    shape: Vec<usize>,
    dtype: Option<DType>,
    leaves: Vec<Leaf>,
    /// The lengths seen so far, by depth (`shape` is made from it at the end).
    dims: [usize; MAXDIMS],
    max_dims: usize,
    reached: bool,
    ragged: bool,
}

impl Tree {
    /// Records something of shape `new` at depth `curr` (a leaf or an array
    /// when not `sequence`, else a sequence's length); `false` when it does
    /// not fit what was seen before (the input is ragged).
    fn update(&mut self, curr: usize, new: &[usize], sequence: bool) -> bool {
        let mut ok = true;
        let mut n = new.len();
        if curr + n > self.max_dims {
            ok = false;
            n = self.max_dims.saturating_sub(curr);
        } else if !sequence && self.max_dims != curr + n {
            self.max_dims = curr + n;
            if self.reached {
                ok = false;
            }
        }
        for (i, &dim) in new.iter().enumerate().take(n) {
            if !self.reached {
                self.dims[curr + i] = dim;
            } else if dim != self.dims[curr + i] {
                ok = false;
                if sequence {
                    self.max_dims = curr;
                } else {
                    self.max_dims -= n - i;
                }
                break;
            }
        }
        if !sequence {
            self.reached = true;
        }
        ok
    }

    /// The leaves as scalars of `dtype`.
    fn values(&self, ctx: Ctx<'_>, dtype: DType) -> PyResult<Vec<Scalar>> {
        self.leaves
            .iter()
            .map(|l| Self::leaf_value(ctx, l, dtype))
            .collect()
    }
}

impl Tree {
    /// One leaf as a scalar of `dtype` (Python ints must fit, as in NumPy 2).
    fn leaf_value(ctx: Ctx<'_>, l: &Leaf, dtype: DType) -> PyResult<Scalar> {
        Ok(match *l {
            Leaf::Strong(s) => s.cast(dtype),
            Leaf::Bool(b) => Scalar::Bool(b).cast(dtype),
            Leaf::Int(v) => {
                if dtype.is_integer() || dtype == DType::Bool {
                    if dtype != DType::Bool {
                        weak::weak_int_check(dtype, v)
                            .map_err(|e| PyErr::new(hpy::ExcType::OverflowError, e.message))?;
                    }
                    Scalar::from_i128(dtype, v)
                } else {
                    Scalar::Float64(v as f64).cast(dtype)
                }
            }
            // A Python float goes into an integer array as `int(f)` does,
            // then by the rules for Python ints (as in NumPy).
            Leaf::Float(f) if dtype.is_integer() => {
                if f.is_nan() {
                    return Err(PyErr::value_error("cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(PyErr::new(
                        hpy::ExcType::OverflowError,
                        "cannot convert float infinity to integer",
                    ));
                }
                return Self::leaf_value(ctx, &Leaf::Int(f.trunc() as i128), dtype);
            }
            Leaf::Float(f) => Scalar::Float64(f).cast(dtype),
            // A Python complex goes into a real array through float()/int(),
            // as in NumPy: the runtime's own TypeError (NumPy scalars cast
            // with a warning instead).
            Leaf::Complex(_) if dtype.is_integer() || dtype.is_float() => {
                let convert = if dtype.is_integer() {
                    ctx.constant(|t| t.h_LongType)
                } else {
                    ctx.constant(|t| t.h_FloatType)
                };
                let zero = ctx.call(ctx.constant(|t| t.h_ComplexType), &[])?;
                ctx.call(convert, &[zero.borrow()])?;
                return Err(PyErr::type_error("complex values need a complex dtype"));
            }
            Leaf::Complex(c) => Scalar::Complex128(c).cast(dtype),
        })
    }

    /// Writes the leaves (C order) as `dtype` into the fresh array `base`
    /// of `layout`: typed loops for the common float64/int64 results, the
    /// generic scalar path otherwise.
    fn write_into(
        &self,
        ctx: Ctx<'_>,
        layout: &Layout,
        base: *mut u8,
        dtype: DType,
    ) -> PyResult<()> {
        if !layout.is_c_contiguous(dtype.itemsize()) {
            let values = self.values(ctx, dtype)?;
            fill_from(layout, base, values);
            return Ok(());
        }
        match dtype {
            DType::Float64 => {
                let out = base.cast::<f64>();
                for (i, l) in self.leaves.iter().enumerate() {
                    let v = match *l {
                        Leaf::Float(f) => f,
                        Leaf::Int(v) => v as f64,
                        Leaf::Bool(b) => f64::from(u8::from(b)),
                        _ => match Self::leaf_value(ctx, l, dtype)? {
                            Scalar::Float64(f) => f,
                            _ => unreachable!("a float64 cast gives a float64"),
                        },
                    };
                    // SAFETY: a fresh, aligned (16 bytes at least) C-contiguous float64
                    // allocation with one element per leaf.
                    unsafe { out.add(i).write(v) };
                }
            }
            DType::Int64 => {
                let out = base.cast::<i64>();
                for (i, l) in self.leaves.iter().enumerate() {
                    let v = match *l {
                        Leaf::Int(v) if i64::try_from(v).is_ok() => v as i64,
                        Leaf::Bool(b) => i64::from(b),
                        _ => match Self::leaf_value(ctx, l, dtype)? {
                            Scalar::Int64(v) => v,
                            _ => unreachable!("an int64 cast gives an int64"),
                        },
                    };
                    // SAFETY: as above, for int64.
                    unsafe { out.add(i).write(v) };
                }
            }
            _ => {
                let size = dtype.itemsize();
                for (i, l) in self.leaves.iter().enumerate() {
                    let v = Self::leaf_value(ctx, l, dtype)?;
                    // SAFETY: element `i` of the fresh C-contiguous allocation.
                    unsafe { element::write(base.add(i * size), v) };
                }
            }
        }
        Ok(())
    }
}

fn leaf_dtype(l: &Leaf) -> DType {
    match l {
        Leaf::Strong(s) => s.dtype(),
        Leaf::Bool(_) => DType::Bool,
        Leaf::Int(v) if *v > i64::MAX as i128 => DType::UInt64,
        Leaf::Int(_) => DType::Int64,
        Leaf::Float(_) => DType::Float64,
        Leaf::Complex(_) => DType::Complex128,
    }
}

fn shape_text(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cold]
fn ragged(tree: &Tree) -> PyErr {
    let ndim = tree.max_dims;
    if ndim == MAXDIMS {
        return PyErr::value_error(format!(
            "setting an array element with a sequence. The requested array would exceed the \
             maximum number of dimension of {MAXDIMS}."
        ));
    }
    PyErr::value_error(format!(
        "setting an array element with a sequence. The requested array has an inhomogeneous shape \
         after {ndim} dimensions. The detected shape was {} + inhomogeneous part.",
        shape_text(&tree.dims[..ndim])
    ))
}

/// Walks `obj` (nested lists/tuples, our arrays and scalars, Python numbers).
fn discover<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Tree> {
    let mut tree = Tree {
        shape: Vec::new(),
        dtype: None,
        leaves: Vec::new(),
        dims: [0; MAXDIMS],
        max_dims: MAXDIMS,
        reached: false,
        ragged: false,
    };
    walk(ctx, obj, 0, &mut tree)?;
    if tree.ragged {
        return Err(ragged(&tree));
    }
    tree.shape = tree.dims[..tree.max_dims].to_vec();
    // Promotion is associative and idempotent: runs of one dtype (the usual
    // case) promote once.
    let mut last = None;
    for d in tree.leaves.iter().map(leaf_dtype) {
        if last != Some(d) {
            last = Some(d);
            tree.dtype = Some(tree.dtype.map_or(d, |acc| promote_types(acc, d)));
        }
    }
    Ok(tree)
}

fn walk<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>, depth: usize, tree: &mut Tree) -> PyResult<()> {
    // Where objects are read in place (CPython's universal backend): exact
    // floats, ints, bools and lists without an HPy call per item.
    match ctx.exact_kind(obj) {
        Some(hpy::Exact::Float(v)) => return push_leaf(depth, Leaf::Float(v), tree),
        Some(hpy::Exact::Int) => return push_leaf(depth, int_leaf(ctx, obj)?, tree),
        Some(hpy::Exact::Bool(b)) => return push_leaf(depth, Leaf::Bool(b), tree),
        Some(hpy::Exact::List) => {
            let list = ctx.list_items_borrowed(obj).expect("an exact list");
            return walk_list(ctx, list, depth, tree);
        }
        _ => {}
    }
    // Fast path for the common leaves: exact Python floats, ints and bools
    // (one type lookup instead of the scalar/array/sequence checks below).
    let ty = ctx.type_of(obj);
    let leaf = if ctx.is(&ty, ctx.constant(|t| t.h_FloatType)) {
        Some(Leaf::Float(ctx.float_as_f64(obj)?))
    } else if ctx.is(&ty, ctx.constant(|t| t.h_LongType)) {
        Some(int_leaf(ctx, obj)?)
    } else if ctx.is(&ty, ctx.constant(|t| t.h_BoolType)) {
        Some(Leaf::Bool(ctx.is_true(obj)?))
    } else {
        None
    };
    let exact_seq =
        ctx.is(&ty, ctx.constant(|t| t.h_ListType)) || ctx.is(&ty, ctx.constant(|t| t.h_TupleType));
    drop(ty);
    if let Some(leaf) = leaf {
        return push_leaf(depth, leaf, tree);
    }
    // Sub-arrays contribute their shape and elements.
    if let Some(a) = if exact_seq {
        None
    } else {
        array_data(ctx, obj)?
    } {
        return sub_array(a, depth, tree);
    }
    let is_list = ctx.type_check(obj, ctx.constant(|t| t.h_ListType));
    if is_list || ctx.is_tuple(obj) {
        let n = ctx.len(obj)?;
        if !enter_sequence(depth, n, tree)? {
            return Ok(());
        }
        for i in 0..n {
            let item = ctx.get_item_i(obj, i as isize)?;
            walk(ctx, item.borrow(), depth + 1, tree)?;
        }
        return Ok(());
    }
    // Foreign arrays and buffers nested in sequences, viewed once.
    match resolve(ctx, obj)? {
        Input::Array(h) => {
            let a = array_data(ctx, h.borrow())?.expect("an ndarray");
            return sub_array(a, depth, tree);
        }
        Input::Other { obj: o, .. } if !ctx.is(&o, obj) => {
            return walk(ctx, o.borrow(), depth, tree);
        }
        Input::Other { .. } => {}
    }
    if let Some(leaf) = scalar_leaf(ctx, obj)? {
        return push_leaf(depth, leaf, tree);
    }
    // Other sequences (range, deque, classes with __len__ and __getitem__)
    // are read through list(obj), as NumPy's PySequence_Fast reads them.
    if let Some(items) = as_sequence(ctx, obj)? {
        return walk(ctx, items.borrow(), depth, tree);
    }
    Err(not_a_leaf(ctx, obj))
}

/// `list(obj)` when NumPy's array coercion takes `obj` (no number, array or
/// buffer) as a sequence: its type has `__getitem__` (`PySequence_Check`:
/// dicts, str and bytes excepted) and `len(obj)` works. A failing `len()`
/// makes it a scalar unless it raised RecursionError or MemoryError, and
/// so does a KeyError from iterating it (a mapping); other errors propagate.
fn as_sequence<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<Handle<'c>>> {
    if ctx.is_str(obj)
        || ctx.type_check(obj, ctx.constant(|t| t.h_BytesType))
        || ctx.type_check(obj, &builtin_type(ctx, c"dict")?)
    {
        return Ok(None);
    }
    let ty = ctx.type_of(obj);
    if ctx.getattr_s(&ty, c"__getitem__").is_err() {
        ctx.err_clear();
        return Ok(None);
    }
    if let Err(e) = ctx.len(obj) {
        e.restore(ctx);
        if ctx.err_matches(ctx.constant(|t| t.h_RecursionError))
            || ctx.err_matches(ctx.constant(|t| t.h_MemoryError))
        {
            return Err(PyErr::fetched());
        }
        ctx.err_clear();
        return Ok(None);
    }
    match ctx.call(&builtin_type(ctx, c"list")?, &[obj.borrow()]) {
        Ok(items) => Ok(Some(items)),
        Err(e) => {
            e.restore(ctx);
            if ctx.err_matches(ctx.constant(|t| t.h_KeyError)) {
                ctx.err_clear();
                return Ok(None);
            }
            Err(PyErr::fetched())
        }
    }
}

fn builtin_type<'c>(ctx: Ctx<'c>, name: &core::ffi::CStr) -> PyResult<Handle<'c>> {
    let builtins = ctx.import(c"builtins")?;
    ctx.getattr_s(&builtins, name)
}

/// An array seen at `depth` contributes its shape and elements.
fn sub_array(a: &super::object::ArrayData, depth: usize, tree: &mut Tree) -> PyResult<()> {
    let sub = a.layout().shape().to_vec();
    if tree.update(depth, &sub, false) {
        tree.leaves
            .extend(a.to_scalars()?.into_iter().map(Leaf::Strong));
    } else {
        tree.ragged = true;
    }
    Ok(())
}

/// A scalar leaf at `depth`.
#[inline]
fn push_leaf(depth: usize, leaf: Leaf, tree: &mut Tree) -> PyResult<()> {
    if tree.update(depth, &[], false) {
        tree.leaves.push(leaf);
    } else {
        tree.ragged = true;
    }
    Ok(())
}

/// A sequence of `n` items at `depth`: `true` when its items are to be
/// walked (not when it is empty, does not fit the shape seen so far, or
/// sits where only scalars fit).
fn enter_sequence(depth: usize, n: usize, tree: &mut Tree) -> PyResult<bool> {
    if depth >= tree.max_dims {
        // Where the array must have scalars (or beyond MAXDIMS): ragged.
        tree.update(depth, &[], false);
        tree.ragged = true;
        return Ok(false);
    }
    if !tree.update(depth, &[n], true) {
        tree.ragged = true;
        return Ok(false);
    }
    if n == 0 {
        // An empty sequence ends the array here.
        tree.reached = true;
        tree.max_dims = depth + 1;
        return Ok(false);
    }
    Ok(true)
}

/// An exact list read in place: numbers and nested lists directly, other
/// items through a new handle (walking them may run Python code, which could
/// drop them from the list).
fn walk_list<'c>(
    ctx: Ctx<'c>,
    list: hpy::FastList<'_, 'c>,
    depth: usize,
    tree: &mut Tree,
) -> PyResult<()> {
    let numbers = ctx.number_maker();
    let n = list.len();
    if !enter_sequence(depth, n, tree)? {
        return Ok(());
    }
    if depth == 0 {
        tree.leaves.reserve(n);
    }
    for i in 0..n {
        // SAFETY: `item` is only read before anything runs Python code: an
        // exact float, bool or int is read in place (an exact int's value
        // runs no `__index__`), and anything else is duplicated first.
        let (item, kind) = unsafe { list.get_exact(i) }.ok_or_else(|| {
            PyErr::new(
                hpy::ExcType::RuntimeError,
                "list changed size during array creation",
            )
        })?;
        match kind {
            hpy::Exact::Float(v) => push_leaf(depth + 1, Leaf::Float(v), tree)?,
            hpy::Exact::Bool(b) => push_leaf(depth + 1, Leaf::Bool(b), tree)?,
            hpy::Exact::Int => {
                let leaf = match numbers.exact_int_value(item) {
                    Some(v) => Leaf::Int(i128::from(v)),
                    None => int_leaf(ctx, item)?,
                };
                push_leaf(depth + 1, leaf, tree)?;
            }
            hpy::Exact::List => {
                // Keep the sub-list alive while we walk it.
                let own = ctx.dup(item);
                let sub = ctx
                    .list_items_borrowed(own.borrow())
                    .expect("an exact list");
                walk_list(ctx, sub, depth + 1, tree)?;
            }
            _ => {
                let own = ctx.dup(item);
                walk(ctx, own.borrow(), depth + 1, tree)?;
            }
        }
    }
    Ok(())
}

/// `obj` as a leaf when it is a number (ours, or a Python one of any
/// subclass); `None` otherwise.
fn scalar_leaf<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Option<Leaf>> {
    if let Some(s) = crate::scalar_types::scalar_of(ctx, obj)? {
        return Ok(Some(Leaf::Strong(s)));
    }
    let ty = ctx.type_of(obj);
    if ctx.is(&ty, ctx.constant(|t| t.h_BoolType)) {
        return Ok(Some(Leaf::Bool(ctx.is_true(obj)?)));
    }
    if ctx.is_subtype(&ty, ctx.constant(|t| t.h_LongType)) {
        return int_leaf(ctx, obj).map(Some);
    }
    if ctx.is_subtype(&ty, ctx.constant(|t| t.h_FloatType)) {
        return Ok(Some(Leaf::Float(ctx.float_as_f64(obj)?)));
    }
    if ctx.is_subtype(&ty, ctx.constant(|t| t.h_ComplexType)) {
        let re = ctx.getattr_s(obj, c"real")?;
        let im = ctx.getattr_s(obj, c"imag")?;
        return Ok(Some(Leaf::Complex(Complex::new(
            ctx.float_as_f64(&re)?,
            ctx.float_as_f64(&im)?,
        ))));
    }
    Ok(None)
}

/// Why `obj` (no number, array or sequence) cannot be an element.
#[cold]
fn not_a_leaf<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyErr {
    if ctx.is_str(obj) {
        return PyErr::type_error("numpy_hpy does not support string arrays yet");
    }
    PyErr::type_error(format!(
        "numpy_hpy does not support object arrays yet (got an element of type '{}')",
        ctx.type_name_of(obj)
    ))
}

/// A Python int as a leaf (int64 or uint64 range; bigger ones need object
/// arrays, which we do not have).
fn int_leaf<'c>(ctx: Ctx<'c>, obj: Borrowed<'_, 'c>) -> PyResult<Leaf> {
    match ctx.long_as_i64(obj) {
        Ok(v) => Ok(Leaf::Int(i128::from(v))),
        Err(_) => {
            ctx.err_clear();
            match ctx.long_as_u64(obj) {
                Ok(v) => Ok(Leaf::Int(i128::from(v))),
                Err(_) => {
                    ctx.err_clear();
                    Err(PyErr::new(
                        hpy::ExcType::OverflowError,
                        "Python integer out of bounds for uint64 (object arrays are not supported by numpy_hpy yet)",
                    ))
                }
            }
        }
    }
}

/// Builds a new array from the resolved input with `dtype` (the input's own
/// when `None`), laid out in `order` (index of the `order=` table; sequences
/// come out C-ordered unless 'F' is asked).
fn from_input<'c>(
    ctx: Ctx<'c>,
    input: &Input<'c>,
    dtype: Option<DType>,
    order: usize,
    ndmin: usize,
) -> PyResult<Handle<'c>> {
    let fortran = order == 1;
    if let Input::Array(h) = input {
        let v = array_data(ctx, h.borrow())?.expect("an ndarray");
        if v.layout().ndim() >= ndmin {
            return super::methods::copy_in_order(ctx, v, dtype.unwrap_or(v.dtype), order);
        }
    }
    let mut tree = discover(ctx, input.obj())?;
    let dtype = dtype
        .or(input.dtype(ctx)?)
        .or(tree.dtype)
        .unwrap_or(DType::Float64);
    let mut shape = core::mem::take(&mut tree.shape);
    while shape.len() < ndmin {
        shape.insert(0, 1);
    }
    // Filled before the array object exists: a value that does not fit
    // raises without making one.
    let (layout, buffer) = alloc_buffer(&shape, dtype, fortran)?;
    tree.write_into(ctx, &layout, buffer.as_ptr(), dtype)?;
    new_array(ctx, dtype, layout, buffer)
}

/// NumPy 2's `copy=`: `True` always copies, `None` copies when needed,
/// `False` never does (a ValueError when it would have to).
#[derive(Clone, Copy, PartialEq)]
enum CopyMode {
    Always,
    IfNeeded,
    Never,
}

fn copy_mode<'c>(
    ctx: Ctx<'c>,
    h: Option<Borrowed<'_, 'c>>,
    default: CopyMode,
) -> PyResult<CopyMode> {
    Ok(match h {
        None => default,
        Some(c) if ctx.is_none(c) => CopyMode::IfNeeded,
        Some(c) if py(convert::boolean(ctx, c))? => CopyMode::Always,
        Some(_) => CopyMode::Never,
    })
}

#[cold]
fn copy_refused() -> PyErr {
    PyErr::value_error(
        "Unable to avoid copy while creating an array as requested.\n\
         If using `np.array(obj, copy=False)` replace it with `np.asarray(obj)` to allow a copy \
         when needed (no behavior change in NumPy 1.x).\n\
         For more details, see https://numpy.org/devdocs/numpy_2_0_migration_guide.html#adapting-to-changes-in-the-copy-keyword.",
    )
}

/// The input itself, or a view of it with leading length-1 axes up to
/// `ndmin`, when it is an array that needs no copy for `dtype` and `order`.
fn without_copy<'c>(
    ctx: Ctx<'c>,
    input: &Input<'c>,
    dtype: Option<DType>,
    order: usize,
    ndmin: usize,
) -> PyResult<Option<Handle<'c>>> {
    let Input::Array(h) = input else {
        return Ok(None);
    };
    let arr = array_data(ctx, h.borrow())?.expect("an ndarray");
    let layout = arr.layout();
    let size = arr.dtype.itemsize();
    let order_ok = match order {
        0 => layout.is_c_contiguous(size),
        1 => layout.is_f_contiguous(size),
        _ => true,
    };
    if dtype.is_some_and(|d| d != arr.dtype) || !order_ok {
        return Ok(None);
    }
    let nd = layout.ndim();
    if nd >= ndmin {
        return Ok(Some(ctx.dup(h)));
    }
    // NumPy's strides for the new axes: the extent of the first one.
    let lead = match (layout.shape().first(), layout.strides().first()) {
        (Some(&n), Some(&s)) => n as isize * s,
        _ => size as isize,
    };
    let (mut shape, mut strides, offset) = layout.clone().into_parts();
    shape.splice(0..0, std::iter::repeat_n(1, ndmin - nd));
    strides.splice(0..0, std::iter::repeat_n(lead, ndmin - nd));
    drop(layout);
    let view = Layout::new(shape, strides, offset).map_err(py_err)?;
    super::methods::new_view(ctx, h.borrow(), view).map(Some)
}

/// What `copy=` lets `array`/`asarray` return without copying: the input
/// (or a view of it) when no copy is needed, NumPy's ValueError when
/// `copy=False` would need one, `None` when a copy is to be made.
fn honour_copy<'c>(
    ctx: Ctx<'c>,
    input: &Input<'c>,
    dtype: Option<DType>,
    order: usize,
    ndmin: usize,
    copy: CopyMode,
) -> PyResult<Option<Handle<'c>>> {
    if copy == CopyMode::Always {
        return Ok(None);
    }
    if let Some(same) = without_copy(ctx, input, dtype, order, ndmin)? {
        return Ok(Some(same));
    }
    if copy == CopyMode::Never {
        return Err(copy_refused());
    }
    Ok(None)
}

pub(super) fn array<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_ARRAY.parse(ctx, args, n, kw))?;
    let input = resolve(ctx, a.get(0).expect("required"))?;
    let dtype = optional_dtype(ctx, a.get(1))?;
    let copy = copy_mode(ctx, a.get(2), CopyMode::Always)?;
    let order = py(ORDER.convert_or(ctx, a.get(3), 3))?;
    let ndmin = match a.get(5) {
        Some(h) => usize::try_from(py(convert::index(ctx, h))?).unwrap_or(0),
        None => 0,
    };
    if ndmin > MAXDIMS {
        return Err(PyErr::value_error(format!(
            "ndmin bigger than allowable number of dimensions NPY_MAXDIMS ({MAXDIMS})"
        )));
    }
    if let Some(same) = honour_copy(ctx, &input, dtype, order, ndmin, copy)? {
        return Ok(same);
    }
    from_input(ctx, &input, dtype, order, ndmin)
}

/// `asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None)`.
pub(super) fn asarray<'c>(
    ctx: Ctx<'c>,
    _m: Borrowed<'_, 'c>,
    args: CallArgs<'c>,
    n: usize,
    kw: Kw<'c>,
) -> PyResult<Handle<'c>> {
    let a = py(SIG_ASARRAY.parse(ctx, args, n, kw))?;
    super::ranges::check_device(ctx, a.get(3))?;
    super::ranges::check_like(ctx, a.get(5))?;
    let input = resolve(ctx, a.get(0).expect("required"))?;
    let dtype = optional_dtype(ctx, a.get(1))?;
    let order = py(ORDER.convert_or(ctx, a.get(2), 3))?;
    let copy = copy_mode(ctx, a.get(4), CopyMode::IfNeeded)?;
    // Our arrays and foreign memory we could view come back without a copy
    // when nothing needs converting.
    if let Some(same) = honour_copy(ctx, &input, dtype, order, 0, copy)? {
        return Ok(same);
    }
    from_input(ctx, &input, dtype, order, 0)
}

/// `np.asarray(obj, dtype)` for Rust callers: the typed twin of
/// `numpy_hpy.asarray` (no call back into Python, no argument parsing; our
/// arrays of the wanted dtype come back as they are).
pub(crate) fn as_array<'c>(
    ctx: Ctx<'c>,
    obj: Borrowed<'_, 'c>,
    dtype: Option<DType>,
) -> PyResult<Handle<'c>> {
    let input = resolve(ctx, obj)?;
    if let Some(same) = honour_copy(ctx, &input, dtype, 3, 0, CopyMode::IfNeeded)? {
        return Ok(same);
    }
    from_input(ctx, &input, dtype, 3, 0)
}

/// `value` (a scalar-like) as a scalar of `dtype`, as `a.fill(value)` and
/// `a[...] = value` convert it.
pub(super) fn to_scalar<'c>(
    ctx: Ctx<'c>,
    value: Borrowed<'_, 'c>,
    dtype: DType,
) -> PyResult<Scalar> {
    let tree = discover(ctx, value)?;
    if tree.leaves.len() != 1 {
        return Err(PyErr::value_error(
            "setting an array element with a sequence.",
        ));
    }
    Ok(tree.values(ctx, dtype)?[0])
}
