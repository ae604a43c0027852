//! Which HPy runtime loaded us, identified positively, and the one table of
//! workarounds ([`Capabilities`]) that runtime needs.
//!
//! A runtime is recognised by the name its context carries (HPy debug and
//! trace contexts by the universal context they wrap), and the context layout
//! that name implies is then confirmed on the table itself. Anything else (a
//! GraalPy we could not test, a future PyPy whose HPy moved members again) is
//! [`Runtime::Unsupported`]: the module's exec slot raises `ImportError`
//! before any context member whose place we would have to guess is used.

use core::ffi::{CStr, c_char, c_long, c_void};
use core::sync::atomic::{AtomicU8, Ordering};

use hpy_sys as ffi;

/// An HPy runtime this layer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// CPython with the `hpy` 0.9.0 package (universal, debug or trace mode).
    CPython,
    /// PyPy 7.3.19 with its built-in HPy 0.9.1.dev.
    PyPy,
    /// Anything else: refused at import.
    Unsupported,
}

/// What the running runtime needs the layer to work around. One value per
/// runtime (a `const` table), so every workaround is decided in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// The runtime.
    pub runtime: Runtime,
    /// Bytes by which context members from `ctx_Capsule_New` on sit later
    /// than in HPy 0.9.0's header (PyPy's HPy 0.9.1.dev inserts
    /// `h_DictType` while keeping ABI version 0.0).
    pub context_shift: usize,
    /// The runtime drops the exception of a failing getter or setter, so
    /// getsets are wrapped in properties that re-raise it (`getset_fix`).
    pub getset_drops_errors: bool,
    /// A getter returning NULL corrupts the runtime's handle table: a failing
    /// getter returns `None` with its error left pending instead.
    pub getter_null_corrupts: bool,
    /// `bf_releasebuffer` gets a fresh view with only `buf`, `len` and `ndim`
    /// set: nothing the layer must free may live in the view.
    pub releasebuffer_view_blank: bool,
    /// `HPy_AsStruct_Float` & co. exist: types of built-in shapes other than
    /// `object` and `type` may carry Rust data.
    pub builtin_shape_data: bool,
    /// The runtime's HPy capsule functions misread capsules made by C
    /// extensions: those are read through the runtime's C API.
    pub c_capsules_need_c_api: bool,
    /// `X.__new__(Y)` reaches a `tp_new` only when `Y` is a subtype of `X`
    /// (otherwise the layer checks, see `slot!(..., of: SPEC)`).
    pub new_checks_subtype: bool,
    /// `HPyListBuilder_Build` leaves the builder's own handle open (PyPy
    /// 7.3.19 keeps the builder, and through it every item, in its handle
    /// table: about 25 bytes per item leaked per list, measured): the
    /// layer closes it after building.
    pub list_builder_stays_open: bool,
    /// Reading a buffer through the runtime's C API (`PyObject_GetBuffer`
    /// on a memoryview) leaks about 1.3 KB per call (PyPy 7.3.19's cpyext,
    /// pypy#5100): buffers are described from the memoryview's attributes
    /// instead, without their address (see `Ctx::view_buffer`).
    pub buffer_consumer_leaks: bool,
}

impl Capabilities {
    /// CPython with `hpy` 0.9.0: HPy as documented.
    pub const CPYTHON: Self = Self {
        runtime: Runtime::CPython,
        context_shift: 0,
        getset_drops_errors: false,
        getter_null_corrupts: false,
        releasebuffer_view_blank: false,
        builtin_shape_data: true,
        c_capsules_need_c_api: false,
        new_checks_subtype: true,
        list_builder_stays_open: false,
        buffer_consumer_leaks: false,
    };

    /// PyPy 7.3.19 (HPy 0.9.1.dev): measured, see the README's runtime facts.
    pub const PYPY: Self = Self {
        runtime: Runtime::PyPy,
        context_shift: core::mem::size_of::<usize>(),
        getset_drops_errors: true,
        getter_null_corrupts: true,
        releasebuffer_view_blank: true,
        builtin_shape_data: false,
        c_capsules_need_c_api: true,
        new_checks_subtype: false,
        list_builder_stays_open: true,
        buffer_consumer_leaks: true,
    };

    /// An unrecognised runtime: no workaround is guessed, and nothing past
    /// the layout-independent head of the context may be used.
    pub const UNSUPPORTED: Self = Self {
        runtime: Runtime::Unsupported,
        context_shift: 0,
        getset_drops_errors: false,
        getter_null_corrupts: false,
        releasebuffer_view_blank: false,
        builtin_shape_data: false,
        c_capsules_need_c_api: false,
        new_checks_subtype: false,
        list_builder_stays_open: false,
        buffer_consumer_leaks: false,
    };

    fn of(r: Runtime) -> &'static Self {
        match r {
            Runtime::CPython => &Self::CPYTHON,
            Runtime::PyPy => &Self::PYPY,
            Runtime::Unsupported => &Self::UNSUPPORTED,
        }
    }
}

const NOT_YET: u8 = 0;

/// The runtime this process loaded us into (all its contexts, universal and
/// debug, belong to one runtime): 0 not identified yet, else `code(runtime)`.
// module-state: allowed (the identity of the loaded runtime, fixed per process)
static RUNTIME: AtomicU8 = AtomicU8::new(NOT_YET);

const fn code(r: Runtime) -> u8 {
    match r {
        Runtime::CPython => 1,
        Runtime::PyPy => 2,
        Runtime::Unsupported => 3,
    }
}

/// The capabilities of the runtime that owns `ctx` (identified once per
/// process).
///
/// # Safety
/// `ctx` must point to a live context of an HPy runtime (at least the
/// members HPy 0.9.0 places before `ctx_Capsule_New` are readable).
#[inline]
pub(crate) unsafe fn capabilities(ctx: *const ffi::HPyContext) -> &'static Capabilities {
    let r = match RUNTIME.load(Ordering::Relaxed) {
        1 => Runtime::CPython,
        2 => Runtime::PyPy,
        3 => Runtime::Unsupported,
        _ => {
            // SAFETY: the caller's guarantee.
            let r = unsafe { identify(ctx) };
            RUNTIME.store(code(r), Ordering::Relaxed);
            r
        }
    };
    Capabilities::of(r)
}

/// The offset, in HPy 0.9.0's header, of the first member PyPy moved.
pub(crate) const SHIFT_START: usize = core::mem::offset_of!(ffi::HPyContext, ctx_Capsule_New);

const UNIVERSAL_CPYTHON: &CStr = c"HPy Universal ABI (CPython backend)";
const UNIVERSAL_PYPY: &CStr = c"HPy Universal ABI (PyPy backend)";
const DEBUG: &CStr = c"HPy Debug Mode ABI";
const DEBUG_PYPY: &CStr = c"HPy Debug Mode ABI (PyPy backend)";
const TRACE: &CStr = c"HPy Trace Mode ABI";
const TRACE_PYPY: &CStr = c"HPy Trace Mode ABI (PyPy backend)";

/// HPy's `HPyDebugCtxInfo` and the head of `HPyDebugInfo`
/// (hpy/debug/src/debug_internal.h), and the head of `HPyTraceInfo`
/// (hpy/trace/src/trace_internal.h): how a debug or trace context reaches the
/// universal context it wraps.
#[repr(C)]
struct DebugCtxInfo {
    magic_number: c_long,
    is_valid: bool,
    info: *const DebugInfoHead,
}
#[repr(C)]
struct DebugInfoHead {
    magic_number: c_long,
    uctx: *const ffi::HPyContext,
}
#[repr(C)]
struct TraceInfoHead {
    magic_number: c_long,
    uctx: *const ffi::HPyContext,
}
pub(crate) const DEBUG_CTX_INFO_MAGIC: c_long = 0xDDA003F;
const DEBUG_INFO_MAGIC: c_long = 0xDEB00FF;
const TRACE_MAGIC: c_long = 0xF00BAA5;

/// The context's name (empty when NULL).
///
/// # Safety
/// As for [`capabilities`].
unsafe fn name_of<'a>(ctx: *const ffi::HPyContext) -> &'a CStr {
    // SAFETY: `name` is the first member of every HPy context; a raw place
    // read, no reference to the (runtime-sized) struct is made.
    let p: *const c_char = unsafe { (&raw const (*ctx).name).read() };
    if p.is_null() {
        return c"";
    }
    // SAFETY: runtimes store a static NUL-terminated name there.
    unsafe { CStr::from_ptr(p) }
}

/// Names the runtime that owns `ctx`, confirming the layout the name implies.
///
/// # Safety
/// As for [`capabilities`].
pub(crate) unsafe fn identify(ctx: *const ffi::HPyContext) -> Runtime {
    // SAFETY: the caller's guarantee.
    let named = unsafe { runtime_by_name(ctx, 1) };
    let expected_shift = match named {
        Runtime::CPython => 0,
        Runtime::PyPy => Capabilities::PYPY.context_shift,
        Runtime::Unsupported => return Runtime::Unsupported,
    };
    // SAFETY: the named runtime's context is at least as long as HPy
    // 0.9.0's up to `SHIFT_START` plus its shift.
    match unsafe { measured_shift(ctx) } {
        Some(s) if s == expected_shift => named,
        _ => Runtime::Unsupported,
    }
}

/// The runtime a context's name says, following debug and trace contexts to
/// the universal context they wrap (at most `depth` times).
///
/// # Safety
/// As for [`capabilities`].
unsafe fn runtime_by_name(ctx: *const ffi::HPyContext, depth: u32) -> Runtime {
    // SAFETY: the caller's guarantee.
    let name = unsafe { name_of(ctx) };
    if name == UNIVERSAL_CPYTHON {
        return Runtime::CPython;
    }
    if name == UNIVERSAL_PYPY || name == DEBUG_PYPY || name == TRACE_PYPY {
        return Runtime::PyPy;
    }
    if depth == 0 || (name != DEBUG && name != TRACE) {
        return Runtime::Unsupported;
    }
    // SAFETY: `_private` is the second member of every context.
    let private: *const c_void = unsafe { (&raw const (*ctx)._private).read() };
    if private.is_null() {
        return Runtime::Unsupported;
    }
    // SAFETY: a context named as HPy's debug (trace) mode names keeps its
    // `HPyDebugCtxInfo` (`HPyTraceInfo`) at `_private`; each magic number is
    // checked before the pointer after it is followed.
    let uctx = unsafe {
        if name == DEBUG {
            let info = private.cast::<DebugCtxInfo>();
            if (*info).magic_number != DEBUG_CTX_INFO_MAGIC || (*info).info.is_null() {
                return Runtime::Unsupported;
            }
            let shared = (*info).info;
            if (*shared).magic_number != DEBUG_INFO_MAGIC {
                return Runtime::Unsupported;
            }
            (*shared).uctx
        } else {
            let info = private.cast::<TraceInfoHead>();
            if (*info).magic_number != TRACE_MAGIC {
                return Runtime::Unsupported;
            }
            (*info).uctx
        }
    };
    if uctx.is_null() {
        return Runtime::Unsupported;
    }
    // SAFETY: the wrapped universal context is live while its wrapper is.
    unsafe { runtime_by_name(uctx, depth - 1) }
}

/// The base address of the loaded object holding `addr`, if any.
fn object_base(addr: usize) -> Option<usize> {
    let mut info = core::mem::MaybeUninit::<libc::Dl_info>::zeroed();
    // SAFETY: `dladdr` only compares `addr` with the address ranges of
    // loaded objects; it never dereferences it.
    let found = unsafe { libc::dladdr(addr as *const libc::c_void, info.as_mut_ptr()) };
    // SAFETY: zero-initialised, and filled by `dladdr` when it found one.
    let base = unsafe { info.assume_init() }.dli_fbase as usize;
    (found != 0 && base != 0).then_some(base)
}

/// The layout measured on the table: 0 when the word at `ctx_Capsule_New`'s
/// 0.9.0 offset is a function of the same loaded object as `ctx_Dup` (HPy
/// 0.9.0), one pointer when the word one slot further is (PyPy's 0.9.1.dev,
/// where the 0.9.0 offset holds the `h_DictType` handle); `None` otherwise.
///
/// # Safety
/// `ctx` must be live and readable up to `SHIFT_START` plus two pointers.
unsafe fn measured_shift(ctx: *const ffi::HPyContext) -> Option<usize> {
    let word = |off: usize| {
        // SAFETY: in bounds of the context (caller's guarantee); read as a
        // plain integer through the context pointer's own provenance.
        unsafe { ctx.cast::<u8>().add(off).cast::<usize>().read_unaligned() }
    };
    let dup = object_base(word(core::mem::offset_of!(ffi::HPyContext, ctx_Dup)))?;
    let w = core::mem::size_of::<usize>();
    if object_base(word(SHIFT_START)) == Some(dup) {
        Some(0)
    } else if object_base(word(SHIFT_START + w)) == Some(dup) {
        Some(w)
    } else {
        None
    }
}

/// The `ImportError` text for a runtime we do not know.
pub(crate) fn unsupported_message(ctx: *const ffi::HPyContext) -> String {
    // SAFETY: called with the live context of a call.
    let name = unsafe { name_of(ctx) }.to_string_lossy();
    format!(
        "unsupported HPy runtime (context \"{name}\"): this extension knows the context layouts \
         of CPython with hpy 0.9.0 and PyPy 7.3.19 only, and does not guess another's"
    )
}

/// `ImportError` when `c` belongs to a runtime we do not know (called first
/// in every module's exec slot).
pub(crate) fn refuse_unsupported(c: crate::Ctx<'_>) -> crate::PyResult<()> {
    if c.capabilities().runtime == Runtime::Unsupported {
        return Err(crate::PyErr::new(
            crate::ExcType::ImportError,
            unsupported_message(c.as_ptr()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A context table longer than HPy 0.9.0's, as PyPy's is.
    #[repr(C)]
    struct FakeCtx {
        ctx: ffi::HPyContext,
        tail: [usize; 4],
    }

    fn fake(name: &'static CStr) -> Box<FakeCtx> {
        // SAFETY: every member of the context and the tail is a pointer, an
        // optional function pointer or an integer: all-zero is valid.
        let mut f: Box<FakeCtx> = Box::new(unsafe { core::mem::zeroed() });
        f.ctx.name = name.as_ptr();
        f
    }

    extern "C" fn some_fn() {}
    unsafe extern "C" fn fake_dup(_: *mut ffi::HPyContext, h: ffi::HPy) -> ffi::HPy {
        h
    }

    fn put_word(f: &mut FakeCtx, off: usize, v: usize) {
        let p: *mut FakeCtx = f;
        // SAFETY: `off` is inside the fake table (checked by the tests'
        // choice of offsets: below size_of::<FakeCtx>()).
        unsafe { p.cast::<u8>().add(off).cast::<usize>().write_unaligned(v) };
    }

    #[test]
    fn names_identify_runtimes() {
        let by_name = |n: &'static CStr| {
            let f = fake(n);
            // SAFETY: a live (fake) context.
            unsafe { runtime_by_name(&f.ctx, 1) }
        };
        assert_eq!(by_name(UNIVERSAL_CPYTHON), Runtime::CPython);
        assert_eq!(by_name(UNIVERSAL_PYPY), Runtime::PyPy);
        assert_eq!(by_name(DEBUG_PYPY), Runtime::PyPy);
        assert_eq!(
            by_name(c"HPy Universal ABI (GraalVM backend)"),
            Runtime::Unsupported
        );
        assert_eq!(by_name(c""), Runtime::Unsupported);
        // A bare debug name with no (or a wrong) info behind it is not trusted.
        assert_eq!(by_name(DEBUG), Runtime::Unsupported);
    }

    #[test]
    fn debug_context_is_named_by_the_context_it_wraps() {
        let wrapped = |uname: &'static CStr| {
            let uctx = fake(uname);
            let shared = DebugInfoHead {
                magic_number: DEBUG_INFO_MAGIC,
                uctx: &uctx.ctx,
            };
            let info = DebugCtxInfo {
                magic_number: DEBUG_CTX_INFO_MAGIC,
                is_valid: true,
                info: &shared,
            };
            let mut dctx = fake(DEBUG);
            dctx.ctx._private = (&raw const info).cast_mut().cast();
            // SAFETY: live (fake) contexts and infos, none written meanwhile.
            unsafe { runtime_by_name(&dctx.ctx, 1) }
        };
        assert_eq!(wrapped(UNIVERSAL_CPYTHON), Runtime::CPython);
        assert_eq!(
            wrapped(c"HPy Universal ABI (GraalVM backend)"),
            Runtime::Unsupported
        );
        // Debug of debug is not followed further.
        assert_eq!(wrapped(DEBUG), Runtime::Unsupported);
    }

    #[test]
    #[cfg_attr(miri, ignore = "dladdr is a foreign function")]
    fn layout_must_confirm_the_name() {
        let w = core::mem::size_of::<usize>();
        let func = some_fn as *const () as usize;
        // HPy 0.9.0's layout under CPython's name: accepted.
        let mut f = fake(UNIVERSAL_CPYTHON);
        f.ctx.ctx_Dup = Some(fake_dup);
        put_word(&mut f, SHIFT_START, func);
        // SAFETY: a live (fake) context, longer than the words read.
        assert_eq!(unsafe { identify(&f.ctx) }, Runtime::CPython);
        // PyPy's name on 0.9.0's layout: refused, not guessed.
        f.ctx.name = UNIVERSAL_PYPY.as_ptr();
        // SAFETY: as above.
        assert_eq!(unsafe { identify(&f.ctx) }, Runtime::Unsupported);
        // PyPy's name on the shifted layout (a handle where 0.9.0 has
        // `ctx_Capsule_New`): PyPy.
        put_word(&mut f, SHIFT_START, 0x1234);
        put_word(&mut f, SHIFT_START + w, func);
        // SAFETY: as above.
        assert_eq!(unsafe { identify(&f.ctx) }, Runtime::PyPy);
    }

    #[test]
    fn shifted_members_are_read_in_bounds() {
        // Miri checks this: the moved member of the last 0.9.0 slot lies
        // past `HPyContext`'s size, inside the runtime's longer table.
        let mut f = fake(UNIVERSAL_PYPY);
        let last = core::mem::size_of::<ffi::HPyContext>() - core::mem::size_of::<usize>();
        put_word(&mut f, last + Capabilities::PYPY.context_shift, 0xabcd);
        let base: *const FakeCtx = &*f;
        let p = base.cast::<u8>().wrapping_add(last).cast::<usize>();
        // SAFETY: `p + shift` is inside the fake table and holds a usize.
        let v = unsafe { crate::ctx::layout::read_member(p, Capabilities::PYPY.context_shift) };
        assert_eq!(v, 0xabcd);
        // Unshifted members read in place.
        let q = (&raw const f.ctx.h_None).cast::<usize>();
        // SAFETY: a member of the fake table.
        assert_eq!(unsafe { crate::ctx::layout::read_member(q, 0) }, 0);
    }

    #[test]
    fn api_members_of_a_shifted_table_are_read_in_bounds() {
        // The path every `api!` call takes, on a PyPy-sized table (Miri
        // checks the projection and the shifted read stay in bounds and use
        // the table's own provenance). Only this test sets the runtime.
        RUNTIME.store(code(Runtime::PyPy), Ordering::Relaxed);
        let mut f = fake(UNIVERSAL_PYPY);
        let w = Capabilities::PYPY.context_shift;
        let first = core::mem::offset_of!(ffi::HPyContext, ctx_Capsule_New);
        let last = core::mem::size_of::<ffi::HPyContext>() - core::mem::size_of::<usize>();
        put_word(&mut f, first + w, 0x1111);
        put_word(&mut f, last + w, 0x2222);
        let raw: *mut FakeCtx = &mut *f;
        let raw = raw.cast::<ffi::HPyContext>();
        // SAFETY: a live (fake) context for the rest of the test.
        let c = unsafe { crate::Ctx::from_raw(raw) };
        // SAFETY: raw place projections on the table's own pointer.
        let (p_first, p_last, p_none) = unsafe {
            (
                (&raw const (*raw).ctx_Capsule_New).cast::<usize>(),
                raw.cast::<u8>().add(last).cast::<usize>().cast_const(),
                (&raw const (*raw).h_None).cast::<usize>(),
            )
        };
        // SAFETY: each pointer is a member's 0.9.0 place in `c`'s table.
        unsafe {
            assert_eq!(crate::ctx::layout::member(c, p_first), 0x1111);
            assert_eq!(crate::ctx::layout::member(c, p_last), 0x2222);
            assert_eq!(crate::ctx::layout::member(c, p_none), 0);
        }
    }
}
