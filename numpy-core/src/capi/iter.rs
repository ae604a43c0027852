//! `HNpyIter`: NumPy's multi-operand iterator with an external inner loop
//! (`NpyIter_MultiNew` + `NPY_ITER_EXTERNAL_LOOP`) for C callers, on the
//! ufuncs' broadcasting plan (`numpy_pure::ufunc::iter::plan`): the operands
//! are broadcast, the axes ordered by the first operand's memory order and
//! coalesced, and the caller runs its own 1-D loop over each inner run.
//!
//! What is supported: `NPY_ITER_EXTERNAL_LOOP` (required), `ZEROSIZE_OK`,
//! `REFS_OK`, `COMMON_DTYPE`, `BUFFERED`/`GROWINNER` (accepted: operands
//! needing another dtype are copied instead of buffered); per operand
//! `READONLY`, `WRITEONLY`, `READWRITE`, `ALLOCATE` (a NULL operand becomes
//! a new C-order array of the broadcast shape), `COPY` (a read-only operand
//! of another dtype is cast into a copy), `NBO`, `ALIGNED`, `CONTIG`,
//! `NO_BROADCAST`. Indices, ranges, masks and write-back copies are not.

use core::ffi::{c_char, c_int};

use capsule::constant;
use hpy::{Borrowed, Ctx, Handle, PyErr, PyResult};
use hpy_sys as ffi;

use crate::array::broadcast::{broadcast_layout, broadcast_shapes_ufunc};
use crate::descr::{dtype_from_object, dtype_instance};
use crate::dtype::{Casting, DType, can_cast};
use crate::errors::py_err;
use crate::ndarray::{array_data, array_memory, new_array};
use numpy_pure::array::Layout;
use numpy_pure::ufunc::iter::{Order, plan};

const fn flag(name: &str) -> u32 {
    constant(name) as u32
}

/// `NPY_ITER_*` global flags (values from the capsule crate's table).
const EXTERNAL_LOOP: u32 = flag("NPY_ITER_EXTERNAL_LOOP");
const COMMON_DTYPE: u32 = flag("NPY_ITER_COMMON_DTYPE");
const ZEROSIZE_OK: u32 = flag("NPY_ITER_ZEROSIZE_OK");
const SUPPORTED: u32 = EXTERNAL_LOOP
    | COMMON_DTYPE
    | flag("NPY_ITER_REFS_OK")
    | ZEROSIZE_OK
    | flag("NPY_ITER_BUFFERED")
    | flag("NPY_ITER_GROWINNER");
/// Per-operand flags.
const READWRITE: u32 = flag("NPY_ITER_READWRITE");
const READONLY: u32 = flag("NPY_ITER_READONLY");
const WRITEONLY: u32 = flag("NPY_ITER_WRITEONLY");
const ALIGNED: u32 = flag("NPY_ITER_ALIGNED");
const CONTIG: u32 = flag("NPY_ITER_CONTIG");
const COPY: u32 = flag("NPY_ITER_COPY");
const ALLOCATE: u32 = flag("NPY_ITER_ALLOCATE");
const NO_BROADCAST: u32 = flag("NPY_ITER_NO_BROADCAST");
const OP_SUPPORTED: u32 = READWRITE
    | READONLY
    | WRITEONLY
    | flag("NPY_ITER_NBO")
    | ALIGNED
    | CONTIG
    | COPY
    | ALLOCATE
    | NO_BROADCAST;

/// NumPy's error for an operand that would need a copy nobody allowed.
const NEEDS_COPY: &str =
    "Iterator operand required copying or buffering, but neither copying nor buffering was enabled";

/// The iterator a C caller holds (opaque to it: it reads the arrays below
/// through the `HNpyIter_Get*` functions).
pub struct Iter {
    /// Current start of the inner run, per operand (`GetDataPtrArray`).
    ptrs: Vec<*mut u8>,
    /// Byte strides of the inner run (`GetInnerStrideArray`).
    inner_strides: Vec<isize>,
    /// Length of the inner run (`GetInnerLoopSizePtr`).
    inner_size: isize,
    /// The outer dimensions, outermost first, and each operand's strides.
    outer_shape: Vec<usize>,
    outer_strides: Vec<Vec<isize>>,
    /// Where the odometer is.
    index: Vec<usize>,
    /// The operands (open handles, closed by `Deallocate`).
    handles: Vec<ffi::HPy>,
}

/// Advances to the next inner run: 1, or 0 when the iteration is over.
///
/// # Safety
/// `it` must come from `HNpyIter_MultiNew` and not be deallocated.
pub unsafe extern "C" fn iternext(it: *mut Iter) -> c_int {
    // SAFETY: the caller's guarantee.
    let it = unsafe { &mut *it };
    let nd = it.outer_shape.len();
    for d in (0..nd).rev() {
        it.index[d] += 1;
        for (k, p) in it.ptrs.iter_mut().enumerate() {
            *p = p.wrapping_offset(it.outer_strides[k][d]);
        }
        if it.index[d] < it.outer_shape[d] {
            return 1;
        }
        let back = it.outer_shape[d] as isize;
        for (k, p) in it.ptrs.iter_mut().enumerate() {
            *p = p.wrapping_offset(-back * it.outer_strides[k][d]);
        }
        it.index[d] = 0;
    }
    0
}

/// The operand `op` as an array of `want` (a cast copy when allowed).
fn operand<'c>(
    c: Ctx<'c>,
    index: usize,
    op: Borrowed<'_, 'c>,
    want: Option<DType>,
    flags: u32,
    casting: Casting,
) -> PyResult<Handle<'c>> {
    let asarray = super::package(c, c"asarray")?;
    let arr = c.call(&asarray, &[op])?;
    let a = array_data(c, arr.borrow())?.ok_or_else(|| PyErr::type_error("not an array"))?;
    let writes = flags & (WRITEONLY | READWRITE) != 0;
    if writes && !a.writeable.get() {
        return Err(PyErr::value_error("output array is read-only"));
    }
    let Some(want) = want.filter(|&w| w != a.dtype) else {
        let aligned = a.is_aligned() && !a.aligned_cleared.get();
        let contig = a.layout().is_c_contiguous(a.dtype.itemsize());
        if (flags & ALIGNED != 0 && !aligned) || (flags & CONTIG != 0 && !contig) {
            if writes || flags & COPY == 0 {
                return Err(PyErr::type_error(NEEDS_COPY));
            }
            return c.call(&c.getattr_s(&arr, c"copy")?, &[]);
        }
        return Ok(arr);
    };
    if !can_cast(a.dtype, want, casting) {
        return Err(PyErr::type_error(format!(
            "Iterator operand {index} dtype could not be cast from {} to {} according to the rule '{}'",
            a.dtype.repr(),
            want.repr(),
            casting.as_str()
        )));
    }
    if writes || flags & COPY == 0 {
        return Err(PyErr::type_error(NEEDS_COPY));
    }
    let d = dtype_instance(c, want)?;
    c.call(&c.getattr_s(&arr, c"astype")?, &[d.borrow()])
}

/// `HNpyIter_MultiNew`'s work: the iterator, boxed for the C caller.
///
/// # Safety
/// `op`, `op_flags` (and `op_dtypes`, when not NULL) hold `nop` entries.
#[allow(clippy::too_many_arguments)]
pub(super) unsafe fn multi_new(
    c: Ctx<'_>,
    nop: c_int,
    op: *const ffi::HPy,
    flags: u32,
    order: c_int,
    casting: c_int,
    op_flags: *const u32,
    op_dtypes: *const ffi::HPy,
) -> PyResult<*mut Iter> {
    let nop = usize::try_from(nop)
        .ok()
        .filter(|n| (1..=64).contains(n))
        .ok_or_else(|| {
            PyErr::value_error(format!("Cannot construct an iterator with {nop} operands"))
        })?;
    if op.is_null() || op_flags.is_null() {
        return Err(PyErr::value_error(
            "HNpyIter_MultiNew: op or op_flags is NULL",
        ));
    }
    if flags & EXTERNAL_LOOP == 0 {
        return Err(PyErr::value_error(
            "numpy_hpy's HNpyIter supports NPY_ITER_EXTERNAL_LOOP iteration only",
        ));
    }
    if flags & !SUPPORTED != 0 {
        return Err(PyErr::value_error(format!(
            "unsupported iterator flags 0x{:x}",
            flags & !SUPPORTED
        )));
    }
    if !(-1..=2).contains(&order) {
        return Err(PyErr::value_error(format!("invalid order {order}")));
    }
    let casting = super::casting_of(casting)?;
    // SAFETY: the caller's guarantee on the lengths.
    let (ops, oflags, dts) = unsafe {
        (
            core::slice::from_raw_parts(op, nop),
            core::slice::from_raw_parts(op_flags, nop),
            (!op_dtypes.is_null()).then(|| core::slice::from_raw_parts(op_dtypes, nop)),
        )
    };
    let mut want: Vec<Option<DType>> = vec![None; nop];
    for k in 0..nop {
        let f = oflags[k];
        if f & !OP_SUPPORTED != 0 {
            return Err(PyErr::value_error(format!(
                "unsupported operand flags 0x{:x}",
                f & !OP_SUPPORTED
            )));
        }
        if (f & (READONLY | WRITEONLY | READWRITE)).count_ones() != 1 {
            return Err(PyErr::value_error(
                "None of the iterator flags READWRITE, READONLY, or WRITEONLY were specified for an operand",
            ));
        }
        if let Some(d) = dts.map(|d| d[k]).filter(|h| h._i != 0) {
            // SAFETY: a handle of the caller's array of dtypes.
            want[k] = Some(dtype_from_object(c, unsafe { Borrowed::from_raw(c, d) })?);
        }
    }
    // The given operands as arrays (NULL ones are allocated below).
    let mut arrays: Vec<Option<Handle<'_>>> = Vec::with_capacity(nop);
    for k in 0..nop {
        if ops[k]._i == 0 {
            if oflags[k] & ALLOCATE == 0 {
                return Err(PyErr::value_error(
                    "Iterator operand is NULL and the ALLOCATE flag is not set",
                ));
            }
            arrays.push(None);
        } else {
            // SAFETY: a handle of the caller's array of operands.
            let h = unsafe { Borrowed::from_raw(c, ops[k]) };
            arrays.push(Some(operand(c, k, h, want[k], oflags[k], casting)?));
        }
    }
    let layouts: Vec<Option<Layout>> = arrays
        .iter()
        .map(|a| {
            a.as_ref()
                .and_then(|h| array_data(c, h.borrow()).ok().flatten())
                .map(|d| d.layout().clone())
        })
        .collect();
    let shapes: Vec<&[usize]> = layouts.iter().flatten().map(Layout::shape).collect();
    let shape = if shapes.is_empty() {
        Vec::new()
    } else {
        broadcast_shapes_ufunc(&shapes).map_err(py_err)?
    };
    if flags & COMMON_DTYPE != 0 {
        let f = super::package(c, c"result_type")?;
        let given: Vec<Borrowed<'_, '_>> = arrays.iter().flatten().map(Handle::borrow).collect();
        let common = dtype_from_object(c, c.call(&f, &given)?.borrow())?;
        for w in want.iter_mut().filter(|w| w.is_none()) {
            *w = Some(common);
        }
    }
    for k in 0..nop {
        if arrays[k].is_none() {
            let d = want[k].ok_or_else(|| {
                PyErr::type_error("Iterator operand is flagged as ALLOCATE but has no dtype (give op_dtypes or COMMON_DTYPE)")
            })?;
            let layout = Layout::c_order(&shape, d.itemsize()).map_err(py_err)?;
            arrays[k] = Some(new_array(c, d, layout, array_memory(&shape, d)?)?);
        } else if oflags[k] & NO_BROADCAST != 0
            && layouts[k]
                .as_ref()
                .is_some_and(|l| l.shape() != shape.as_slice())
        {
            return Err(PyErr::value_error(format!(
                "non-broadcastable operand with shape {:?} doesn't match the broadcast shape {:?}",
                layouts[k].as_ref().map(Layout::shape).unwrap_or(&[]),
                shape
            )));
        }
    }
    // Each operand's layout over the broadcast shape and its first element.
    let mut strides: Vec<Vec<isize>> = Vec::with_capacity(nop);
    let mut starts: Vec<*mut u8> = Vec::with_capacity(nop);
    for h in arrays.iter().flatten() {
        let a = array_data(c, h.borrow())?.ok_or_else(|| PyErr::type_error("not an array"))?;
        let l = broadcast_layout(&a.layout(), &shape)
            .map_err(py_err)?
            .ok_or_else(|| PyErr::value_error("operands could not be broadcast together"))?;
        strides.push(l.strides().to_vec());
        starts.push(a.base_ptr().wrapping_offset(l.offset()));
    }
    if shape.contains(&0) && flags & ZEROSIZE_OK == 0 {
        return Err(PyErr::value_error(
            "Iteration of zero-sized operands is not enabled",
        ));
    }
    // 'A': Fortran order when every operand is Fortran-contiguous, else C.
    let order = if order == -1 {
        let all_f = arrays.iter().flatten().all(|h| {
            array_data(c, h.borrow())
                .ok()
                .flatten()
                .is_some_and(|a| a.layout().is_f_contiguous(a.dtype.itemsize()))
        });
        if all_f { 1 } else { 0 }
    } else {
        order
    };
    // 'K': an axis along which no operand steps forward and one steps
    // backward is walked backward, as NumPy flips negative strides.
    if order == 2 {
        for d in 0..shape.len() {
            if strides.iter().all(|s| s[d] <= 0) && strides.iter().any(|s| s[d] < 0) {
                let last = shape[d].saturating_sub(1) as isize;
                for (s, p) in strides.iter_mut().zip(starts.iter_mut()) {
                    *p = p.wrapping_offset(last * s[d]);
                    s[d] = -s[d];
                }
            }
        }
    }
    // The order of the walk: C or Fortran index order (a contiguous
    // reference of that order leads the plan), else the first operand's
    // memory order ('K', 'A'); axes are coalesced where every operand allows.
    let guide: Option<Vec<isize>> = match order {
        0 => Layout::c_order(&shape, 1)
            .ok()
            .map(|l| l.strides().to_vec()),
        1 => Layout::f_order(&shape, 1)
            .ok()
            .map(|l| l.strides().to_vec()),
        _ => None,
    };
    let mut refs: Vec<&[isize]> = Vec::with_capacity(nop + 1);
    refs.extend(guide.as_deref());
    refs.extend(strides.iter().map(Vec::as_slice));
    let skip = usize::from(guide.is_some());
    let (outer_shape, outer_strides, inner_size, inner_strides) = match plan(
        &shape,
        &refs,
        Order {
            reference: 0,
            inner: None,
        },
    ) {
        None => (Vec::new(), vec![Vec::new(); nop], 0, vec![0; nop]),
        Some(p) if p.shape.is_empty() => (Vec::new(), vec![Vec::new(); nop], 1, vec![0; nop]),
        Some(p) => {
            let n = p.shape.len();
            (
                p.shape[..n - 1].to_vec(),
                p.strides[skip..]
                    .iter()
                    .map(|s| s[..n - 1].to_vec())
                    .collect(),
                p.shape[n - 1] as isize,
                p.strides[skip..].iter().map(|s| s[n - 1]).collect(),
            )
        }
    };
    let handles = arrays.into_iter().flatten().map(Handle::into_raw).collect();
    let index = vec![0; outer_shape.len()];
    Ok(Box::into_raw(Box::new(Iter {
        ptrs: starts,
        inner_strides,
        inner_size,
        outer_shape,
        outer_strides,
        index,
        handles,
    })))
}

/// The arrays C reads through the iterator.
///
/// # Safety
/// `it` must come from `HNpyIter_MultiNew` and not be deallocated.
pub(super) unsafe fn parts<'a>(it: *mut Iter) -> PyResult<&'a mut Iter> {
    if it.is_null() {
        return Err(PyErr::value_error("the iterator is NULL"));
    }
    // SAFETY: the caller's guarantee.
    Ok(unsafe { &mut *it })
}

impl Iter {
    pub(super) fn dataptrs(&mut self) -> *mut *mut c_char {
        self.ptrs.as_mut_ptr().cast()
    }
    pub(super) fn inner_strides(&mut self) -> *mut isize {
        self.inner_strides.as_mut_ptr()
    }
    pub(super) fn inner_size(&mut self) -> *mut isize {
        &mut self.inner_size
    }
    /// A new handle to operand `i`.
    pub(super) fn operand<'c>(&self, c: Ctx<'c>, i: c_int) -> PyResult<Handle<'c>> {
        let h = usize::try_from(i)
            .ok()
            .and_then(|i| self.handles.get(i))
            .ok_or_else(|| PyErr::value_error(format!("no iterator operand {i}")))?;
        // SAFETY: an open handle the iterator holds.
        Ok(c.dup(unsafe { Borrowed::from_raw(c, *h) }))
    }
}

/// Frees the iterator and closes its operands.
///
/// # Safety
/// `it` must come from `HNpyIter_MultiNew` and not be deallocated yet.
pub(super) unsafe fn deallocate(c: Ctx<'_>, it: *mut Iter) {
    // SAFETY: the caller's guarantee: the box made by `multi_new`.
    let it = unsafe { Box::from_raw(it) };
    for h in it.handles {
        // SAFETY: handles the iterator opened and nothing else closes.
        drop(unsafe { Handle::from_raw(c, h) });
    }
}
