//! The table for downstream Rust extensions built on the `hpy` crate:
//! [`Api::import`] reads and checks the capsule (the `hpy` crate reads it
//! through the runtime's real context layout, PyPy's included), and the
//! methods wrap the raw slots in `Handle`s and `PyResult`s. Import it once,
//! in the module's exec slot, and keep the `Api` (a `Copy` reference to the
//! core's static table) in the module's `hpy::ModuleState`.

use core::ffi::{CStr, c_int, c_void};

use hpy::{AsHandle, Capsule, Ctx, Handle, PyErr, PyResult};
use hpy_sys as ffi;

use crate::{
    ABI_MAJOR, API_MINOR, ArrayApi, CAPSULE_NAME, FreeFunc, HNpyIter, Info, MAXDIMS, UFuncLoop,
};

/// numpy_hpy's C API for Rust callers.
#[derive(Clone, Copy)]
pub struct Api {
    table: &'static ArrayApi,
}

/// A result handle: `HPy_NULL` means the callee set an exception.
fn handle<'c>(ctx: Ctx<'c>, raw: ffi::HPy) -> PyResult<Handle<'c>> {
    if raw._i == 0 {
        return Err(PyErr::fetched());
    }
    // SAFETY: a new handle the table's function returned for this context.
    Ok(unsafe { Handle::from_raw(ctx, raw) })
}

/// A C int result: -1 means the callee set an exception.
fn int(r: c_int) -> PyResult<c_int> {
    if r == -1 {
        Err(PyErr::fetched())
    } else {
        Ok(r)
    }
}

fn raw_or_null<'c>(h: Option<impl AsHandle<'c>>) -> ffi::HPy {
    h.map_or(ffi::HPy { _i: 0 }, AsHandle::raw)
}

fn nd(dims: &[isize]) -> PyResult<c_int> {
    if dims.len() > MAXDIMS {
        return Err(PyErr::value_error(format!(
            "maximum supported dimension for an ndarray is currently {MAXDIMS}, found {}",
            dims.len()
        )));
    }
    Ok(dims.len() as c_int)
}

impl Api {
    /// Imports `numpy_hpy._core` and checks its table against this crate's
    /// version (ImportError with the C header's words when they differ).
    pub fn import(ctx: Ctx<'_>) -> PyResult<Api> {
        let module = ctx.import(c"numpy_hpy._core")?;
        let cap = ctx.getattr_s(&module, c"_HPY_ARRAY_API")?;
        let p = Capsule::get_pointer(ctx, &cap, CAPSULE_NAME)?.cast::<ArrayApi>();
        // SAFETY: the capsule of that name holds the core's static table,
        // which starts with the header in every version.
        let header = unsafe { (*p).header };
        let import_error = |msg: String| PyErr::new(hpy::ExcType::ImportError, msg);
        if header.abi_major != ABI_MAJOR {
            return Err(import_error(format!(
                "module compiled against numpy_hpy ABI version 0x{ABI_MAJOR:x} but this version of numpy_hpy is 0x{:x}",
                header.abi_major
            )));
        }
        // (`API_MINOR` is 0 today: the first test is for the tables to come.)
        #[allow(clippy::absurd_extreme_comparisons)]
        let too_old = header.api_minor < API_MINOR;
        if too_old || header.struct_size < core::mem::size_of::<ArrayApi>() {
            return Err(import_error(format!(
                "module compiled against numpy_hpy C-API version 0x{API_MINOR:x} but the running numpy_hpy has C-API version 0x{:x}",
                header.api_minor
            )));
        }
        // SAFETY: checked above; the core (and its static table) stays
        // loaded for the life of the process.
        let table = unsafe { &*p };
        Ok(Api { table })
    }

    /// The raw table (for slots without a wrapper here).
    pub fn table(&self) -> &'static ArrayApi {
        self.table
    }

    /// `HPyArray_Check`.
    pub fn check<'c>(&self, ctx: Ctx<'c>, obj: impl AsHandle<'c>) -> bool {
        // SAFETY: the slot's contract: the caller's context and a live handle.
        unsafe { (self.table.HPyArray_Check)(ctx.as_ptr(), obj.raw()) == 1 }
    }

    /// `HPyArray_GetInfo`: every fact of an array in one call.
    pub fn info<'c>(&self, ctx: Ctx<'c>, arr: impl AsHandle<'c>) -> PyResult<Info> {
        let mut info = Info {
            struct_size: core::mem::size_of::<Info>(),
            ndim: 0,
            type_num: 0,
            flags: 0,
            reserved: 0,
            itemsize: 0,
            size: 0,
            data: core::ptr::null_mut(),
            shape: [0; MAXDIMS],
            strides: [0; MAXDIMS],
        };
        // SAFETY: as `check`; `info` is a whole `Info` of ours.
        int(unsafe { (self.table.HPyArray_GetInfo)(ctx.as_ptr(), arr.raw(), &mut info) })?;
        Ok(info)
    }

    /// `HPyArray_DescrFromType`.
    pub fn descr_from_type<'c>(&self, ctx: Ctx<'c>, type_num: c_int) -> PyResult<Handle<'c>> {
        // SAFETY: as `check`.
        handle(ctx, unsafe {
            (self.table.HPyArray_DescrFromType)(ctx.as_ptr(), type_num)
        })
    }

    /// `HPyArray_SimpleNew`: a zero-filled C-order array.
    pub fn simple_new<'c>(
        &self,
        ctx: Ctx<'c>,
        dims: &[isize],
        type_num: c_int,
    ) -> PyResult<Handle<'c>> {
        let n = nd(dims)?;
        // SAFETY: as `check`; `dims` holds `n` values.
        handle(ctx, unsafe {
            (self.table.HPyArray_SimpleNew)(ctx.as_ptr(), n, dims.as_ptr(), type_num)
        })
    }

    /// `HPyArray_SimpleNewFromDataAndFree`: an array that owns `data` and
    /// calls `free(data)` when its memory is released.
    ///
    /// # Safety
    /// `data` must hold `product(dims)` elements of `type_num`, be owned by
    /// the caller and freeable by `free`; on `Err` it is still the caller's.
    pub unsafe fn new_owning<'c>(
        &self,
        ctx: Ctx<'c>,
        dims: &[isize],
        type_num: c_int,
        data: *mut c_void,
        free: unsafe extern "C" fn(*mut c_void),
    ) -> PyResult<Handle<'c>> {
        let n = nd(dims)?;
        let free: FreeFunc = Some(free);
        // SAFETY: as `check`, with the caller's guarantees on `data`.
        handle(ctx, unsafe {
            (self.table.HPyArray_SimpleNewFromDataAndFree)(
                ctx.as_ptr(),
                n,
                dims.as_ptr(),
                type_num,
                data,
                free,
            )
        })
    }

    /// `HPyArray_FromAny`.
    pub fn from_any<'c>(
        &self,
        ctx: Ctx<'c>,
        op: impl AsHandle<'c>,
        descr: Option<&Handle<'c>>,
        min_depth: c_int,
        max_depth: c_int,
        requirements: c_int,
    ) -> PyResult<Handle<'c>> {
        // SAFETY: as `check`.
        handle(ctx, unsafe {
            (self.table.HPyArray_FromAny)(
                ctx.as_ptr(),
                op.raw(),
                raw_or_null(descr),
                min_depth,
                max_depth,
                requirements,
            )
        })
    }

    /// `HPyArray_FailUnlessWriteable`.
    pub fn fail_unless_writeable<'c>(
        &self,
        ctx: Ctx<'c>,
        arr: impl AsHandle<'c>,
        name: &CStr,
    ) -> PyResult<()> {
        // SAFETY: as `check`; `name` is NUL-terminated.
        int(unsafe {
            (self.table.HPyArray_FailUnlessWriteable)(ctx.as_ptr(), arr.raw(), name.as_ptr())
        })
        .map(drop)
    }

    /// `HPyUFunc_FromFuncAndData`: a ufunc whose loop `i` is `loops[i]`
    /// with `data[i]` over the type numbers `types[i * (nin + nout)..]`.
    /// Everything is `'static`: the ufunc lives as long as the process.
    #[allow(clippy::too_many_arguments)]
    pub fn ufunc_from_loops<'c>(
        &self,
        ctx: Ctx<'c>,
        loops: &'static [UFuncLoop],
        data: &'static [LoopData],
        types: &'static [u8],
        nin: c_int,
        nout: c_int,
        identity: c_int,
        name: &'static CStr,
        doc: &'static CStr,
    ) -> PyResult<Handle<'c>> {
        let nargs =
            usize::try_from(nin + nout).map_err(|_| PyErr::value_error("negative nin or nout"))?;
        if data.len() != loops.len() || types.len() != loops.len() * nargs {
            return Err(PyErr::value_error(
                "loops, data and types disagree in length",
            ));
        }
        // SAFETY: as `check`; the arrays hold `loops.len()` entries (checked)
        // and live for the process; `LoopData` is a transparent pointer.
        handle(ctx, unsafe {
            (self.table.HPyUFunc_FromFuncAndData)(
                ctx.as_ptr(),
                loops.as_ptr(),
                data.as_ptr().cast(),
                types.as_ptr().cast(),
                loops.len() as c_int,
                nin,
                nout,
                identity,
                name.as_ptr(),
                doc.as_ptr(),
            )
        })
    }

    /// `HNpyIter_MultiNew` with an external loop: `ops[k]` (`None`:
    /// allocated, with `NPY_ITER_ALLOCATE` in `op_flags[k]`), `dtypes[k]`
    /// (`None`: the operand's own).
    #[allow(clippy::too_many_arguments)]
    pub fn iter<'c>(
        &self,
        ctx: Ctx<'c>,
        ops: &[Option<&Handle<'c>>],
        flags: u32,
        order: c_int,
        casting: c_int,
        op_flags: &[u32],
        dtypes: &[Option<&Handle<'c>>],
    ) -> PyResult<Iter<'c>> {
        if op_flags.len() != ops.len() || dtypes.len() != ops.len() {
            return Err(PyErr::value_error(
                "ops, op_flags and dtypes disagree in length",
            ));
        }
        let raw: Vec<ffi::HPy> = ops.iter().map(|o| raw_or_null(*o)).collect();
        let dts: Vec<ffi::HPy> = dtypes.iter().map(|d| raw_or_null(*d)).collect();
        // SAFETY: as `check`; the arrays hold `ops.len()` entries.
        let it = unsafe {
            (self.table.HNpyIter_MultiNew)(
                ctx.as_ptr(),
                ops.len() as c_int,
                raw.as_ptr(),
                flags,
                order,
                casting,
                op_flags.as_ptr(),
                dts.as_ptr(),
            )
        };
        if it.is_null() {
            return Err(PyErr::fetched());
        }
        Ok(Iter {
            api: *self,
            ctx,
            it,
            nop: ops.len(),
        })
    }

    /// `HPyArray_Return`.
    pub fn return_<'c>(&self, ctx: Ctx<'c>, arr: impl AsHandle<'c>) -> PyResult<Handle<'c>> {
        // SAFETY: as `check`.
        handle(ctx, unsafe {
            (self.table.HPyArray_Return)(ctx.as_ptr(), arr.raw())
        })
    }
}

/// A loop's `data` pointer for [`Api::ufunc_from_loops`] (a `static` can
/// hold it: the loops only read through it).
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct LoopData(pub *const c_void);

// SAFETY: the pointer is only handed to the ufunc's loops, which read the
// (static, immutable) data it points to.
unsafe impl Sync for LoopData {}

/// An `HNpyIter` (deallocated when dropped).
pub struct Iter<'c> {
    api: Api,
    ctx: Ctx<'c>,
    it: *mut HNpyIter,
    nop: usize,
}

impl<'c> Iter<'c> {
    /// Calls `f(pointers, strides, n)` for each inner run: the operands'
    /// current pointers and byte strides, and the run's length.
    pub fn for_each_run(&mut self, mut f: impl FnMut(&[*mut u8], &[isize], usize)) -> PyResult<()> {
        let t = self.api.table;
        let c = self.ctx.as_ptr();
        // SAFETY: a live iterator of this context (the accessors' contract).
        let (next, ptrs, strides, size) = unsafe {
            (
                (t.HNpyIter_GetIterNext)(c, self.it, core::ptr::null_mut()),
                (t.HNpyIter_GetDataPtrArray)(c, self.it),
                (t.HNpyIter_GetInnerStrideArray)(c, self.it),
                (t.HNpyIter_GetInnerLoopSizePtr)(c, self.it),
            )
        };
        let Some(next) = next else {
            return Err(PyErr::fetched());
        };
        if ptrs.is_null() || strides.is_null() || size.is_null() {
            return Err(PyErr::fetched());
        }
        loop {
            // SAFETY: the iterator's arrays hold `nop` entries and stay valid
            // while it lives; `size` is the current run's length.
            let (p, s, n) = unsafe {
                (
                    core::slice::from_raw_parts(ptrs.cast::<*mut u8>(), self.nop),
                    core::slice::from_raw_parts(strides, self.nop),
                    *size,
                )
            };
            if n > 0 {
                f(p, s, n as usize);
            }
            // SAFETY: the iterator's own advance function.
            if unsafe { next(self.it) } == 0 {
                return Ok(());
            }
        }
    }

    /// Operand `i` (an allocated output included).
    pub fn operand(&self, i: usize) -> PyResult<Handle<'c>> {
        // SAFETY: a live iterator of this context.
        handle(self.ctx, unsafe {
            (self.api.table.HNpyIter_GetOperand)(self.ctx.as_ptr(), self.it, i as c_int)
        })
    }
}

impl Drop for Iter<'_> {
    fn drop(&mut self) {
        // SAFETY: the iterator this value owns, freed once.
        unsafe { (self.api.table.HNpyIter_Deallocate)(self.ctx.as_ptr(), self.it) };
    }
}
