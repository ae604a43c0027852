//! What the def macros expand to: the panic boundary, the global context used
//! by CPython trampolines, and one module per HPy function signature holding
//! the generic `impl` (called by every runtime with an `HPyContext*`) and the
//! generic CPython trampoline (which packs `_HPyFunc_args_<SIG>` and calls
//! `ctx_CallRealFunctionFromTrampoline`, as HPy's C macros do).
//!
//! Each user function is reached through a zero-sized marker type implementing
//! the signature's `Impl` trait; monomorphising `imp::<M>`/`tramp::<M>` gives one
//! pair of `extern "C"` functions per entry point without a proc-macro.

use core::ffi::{c_int, c_void};
use core::panic::AssertUnwindSafe;
use core::ptr::null_mut;
use core::sync::atomic::{AtomicPtr, Ordering};
use std::panic::catch_unwind;

pub use hpy_sys as ffi;

use crate::ctx::Ctx;
use crate::err::{ExcType, PyErr, PyResult};
use crate::handle::{Borrowed, CallArgs, Handle};

pub mod object;

pub use crate::def::{
    DefList, GlobalList, GlobalPtr, MAX_GLOBALS, ModuleDef, global_array, global_ptrs,
};
pub use crate::getset_fix::{GLOBALS as GETSET_FIX_GLOBALS, RAISE_PENDING};

/// The context CPython trampolines pass to `ctx_CallRealFunctionFromTrampoline`:
/// HPy's C headers keep it in the hidden global `_ctx_for_trampolines`, set by
/// `HPyInitGlobalContext_<m>` before the module is initialised. It is a pointer
/// to the runtime's own context, not a Python object or a cache, and one
/// extension binary holds one HPy module, like HPy's C macros assume.
// module-state: allowed (the runtime's context pointer, as HPy's `_ctx_for_trampolines`)
pub static TRAMPOLINE_CTX: AtomicPtr<ffi::HPyContext> = AtomicPtr::new(null_mut());

/// Body of the exported `HPyInitGlobalContext_<m>`: keeps the trampolines'
/// context and identifies the runtime.
///
/// # Safety
/// `ctx` must be NULL or the runtime's live context, valid for the process.
pub unsafe fn init_global_context(ctx: *mut ffi::HPyContext) {
    TRAMPOLINE_CTX.store(ctx, Ordering::Release);
    if !ctx.is_null() {
        // SAFETY: the caller's guarantee.
        unsafe { crate::runtime::capabilities(ctx) };
    }
}

/// Calls the real implementation from a CPython trampoline.
///
/// # Safety
/// `args` must point to the `_HPyFunc_args_<SIG>` struct matching `sig`, and
/// `imp` must be the `impl` function of that signature.
#[inline(always)]
pub unsafe fn call_real(sig: ffi::HPyFunc_Signature, imp: ffi::HPyCFunction, args: *mut c_void) {
    let ctx = TRAMPOLINE_CTX.load(Ordering::Acquire);
    // SAFETY: trampolines only run on CPython after `HPyInitGlobalContext_<m>`
    // stored the universal context, whose function table is complete.
    unsafe {
        let f = (*ctx).ctx_CallRealFunctionFromTrampoline.unwrap_unchecked();
        f(ctx, sig, imp, args)
    }
}

/// How a Rust result becomes the C return value of an entry point.
pub trait CReturn {
    /// The C type returned to the runtime.
    type C;
    /// The value returned after an exception was set.
    const ERR: Self::C;
    /// The value returned on success.
    fn ok(self) -> Self::C;
    /// The value returned after an exception was set, on the runtime of `c`.
    fn err_value(_c: Ctx<'_>) -> Self::C {
        Self::ERR
    }
}

/// A getter's result. PyPy 7.3.19's HPy mishandles a getter returning NULL
/// (it drops the exception and corrupts its handle table: the next
/// `HPy_TypeCheck` aborts), so there a failing getter returns a new `None`
/// and leaves the exception pending for `getset_fix`'s wrapper to raise.
pub struct GetterValue<'c>(Handle<'c>);

impl<'c> GetterValue<'c> {
    /// Adapts a user getter's result.
    pub fn from_result(r: PyResult<Handle<'c>>) -> PyResult<GetterValue<'c>> {
        r.map(GetterValue)
    }
}

impl CReturn for GetterValue<'_> {
    type C = ffi::HPy;
    const ERR: ffi::HPy = ffi::HPy { _i: 0 };
    fn ok(self) -> ffi::HPy {
        self.0.into_raw()
    }
    fn err_value(c: Ctx<'_>) -> ffi::HPy {
        if c.capabilities().getter_null_corrupts {
            c.none().into_raw()
        } else {
            Self::ERR
        }
    }
}

impl CReturn for Handle<'_> {
    type C = ffi::HPy;
    const ERR: ffi::HPy = ffi::HPy { _i: 0 };
    fn ok(self) -> ffi::HPy {
        self.into_raw()
    }
}

impl CReturn for () {
    type C = c_int;
    const ERR: c_int = -1;
    fn ok(self) -> c_int {
        0
    }
}

impl CReturn for bool {
    type C = c_int;
    const ERR: c_int = -1;
    fn ok(self) -> c_int {
        c_int::from(self)
    }
}

impl CReturn for usize {
    type C = ffi::HPy_ssize_t;
    const ERR: ffi::HPy_ssize_t = -1;
    fn ok(self) -> ffi::HPy_ssize_t {
        self as ffi::HPy_ssize_t
    }
}

/// A hash value: Python reserves -1 for errors, so -1 becomes -2 as CPython does.
pub struct Hash(pub isize);

impl CReturn for Hash {
    type C = ffi::HPy_hash_t;
    const ERR: ffi::HPy_hash_t = -1;
    fn ok(self) -> ffi::HPy_hash_t {
        if self.0 == -1 { -2 } else { self.0 }
    }
}

/// The one panic boundary of every entry point from Python: `Err` sets its
/// exception, a panic becomes `SystemError`, and nothing unwinds into C.
///
/// # Safety
/// `ctx` must be the live context of the current call.
#[inline(always)]
pub unsafe fn boundary<'c, R: CReturn>(
    ctx: *mut ffi::HPyContext,
    f: impl FnOnce(Ctx<'c>) -> PyResult<R>,
) -> R::C {
    // SAFETY: the caller passes the live context of this call.
    let c = unsafe { Ctx::from_raw(ctx) };
    match catch_unwind(AssertUnwindSafe(|| f(c))) {
        Ok(Ok(v)) => v.ok(),
        Ok(Err(e)) => {
            e.restore(c);
            R::err_value(c)
        }
        Err(payload) => {
            panic_to_exception(c, payload);
            R::err_value(c)
        }
    }
}

/// Like [`boundary`] for entry points that cannot report an error (a
/// releasebuffer): errors and panics become unraisable-exception reports.
///
/// # Safety
/// `ctx` must be the live context of the current call.
pub unsafe fn boundary_void<'c>(
    ctx: *mut ffi::HPyContext,
    f: impl FnOnce(Ctx<'c>) -> PyResult<()>,
) {
    // SAFETY: the caller passes the live context of this call.
    let c = unsafe { Ctx::from_raw(ctx) };
    let failed = match catch_unwind(AssertUnwindSafe(|| f(c))) {
        Ok(Ok(())) => false,
        Ok(Err(e)) => {
            e.restore(c);
            true
        }
        Err(payload) => {
            panic_to_exception(c, payload);
            true
        }
    };
    if failed {
        crate::ctx::api!(c, ctx_Err_WriteUnraisable, ffi::HPy { _i: 0 });
    }
}

#[cold]
fn panic_to_exception(c: Ctx<'_>, payload: Box<dyn core::any::Any + Send>) {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    if c.err_occurred() {
        c.err_clear();
    }
    PyErr::new(
        ExcType::SystemError,
        format!("Rust panic in numpy_hpy extension: {msg}"),
    )
    .restore(c);
}

/// The pieces of one entry point, as an `HPyDef` needs them.
#[derive(Clone, Copy)]
pub struct Parts {
    /// `HPyFunc_Signature` of the impl.
    pub sig: ffi::HPyFunc_Signature,
    /// The impl, type-erased as HPy stores it.
    pub imp: ffi::HPyCFunction,
    /// The CPython trampoline, type-erased (HPy casts it per slot kind).
    pub tramp: unsafe extern "C" fn(),
}

/// Erases a function pointer's type, as HPy's C macros do with casts.
///
/// # Safety
/// `F` must be a function pointer type.
pub const unsafe fn erase<F: Copy>(f: F) -> unsafe extern "C" fn() {
    const { assert!(core::mem::size_of::<F>() == core::mem::size_of::<unsafe extern "C" fn()>()) };
    // SAFETY: the caller passes a function pointer, which has the size and
    // representation of any other function pointer (asserted above); HPy
    // casts it back to its real type before calling it.
    unsafe { core::mem::transmute_copy(&f) }
}

/// The argument array of a VARARGS/KEYWORDS/NEWFUNC call: the only place
/// that makes a [`CallArgs`].
///
/// # Safety
/// `args` must point to `n` open handles that stay open for the call.
unsafe fn arg_slice<'c>(c: Ctx<'c>, args: *const ffi::HPy, n: usize) -> CallArgs<'c> {
    // SAFETY: the runtime passes `n` handles at `args`, alive for the call.
    unsafe { CallArgs::from_raw(c, args, n) }
}

/// `tp_new`'s keywords as HPy 0.9 documents them (a dict), from PyPy
/// 7.3.19's HPy, which passes them vectorcall-style instead: a tuple of names
/// whose values follow the `n` positional handles. `None` when `kw` is
/// already a dict or absent.
///
/// # Safety
/// `args` must point to `n` open handles, followed by one per name when `kw`
/// is a tuple.
pub unsafe fn kwnames_to_dict<'c>(
    c: Ctx<'c>,
    args: *const ffi::HPy,
    n: usize,
    kw: ffi::HPy,
) -> PyResult<Option<Handle<'c>>> {
    if kw._i == 0 || !c.is_tuple(b(c, kw)) {
        return Ok(None);
    }
    let names = b(c, kw);
    let dict = c.dict()?;
    for i in 0..c.len(names)? {
        let name = c.get_item_i(names, i as isize)?;
        // SAFETY: the runtime passes one value per name after the `n`
        // positional handles, open for the call.
        let value = b(c, unsafe { *args.add(n + i) });
        c.set_item(&dict, &name, value)?;
    }
    Ok(Some(dict))
}

/// `X.__new__(Y)`: `TypeError` unless `Y` is a subtype of `X` (the type in
/// `owner`), in CPython's words; CPython checks this itself before calling a
/// `tp_new`, PyPy's HPy does not.
#[inline]
pub fn check_new_subtype<'c>(
    c: Ctx<'c>,
    owner: Option<&'static crate::Global>,
    ty: Borrowed<'c, 'c>,
) -> PyResult<()> {
    let Some(owner) = owner else { return Ok(()) };
    if c.capabilities().new_checks_subtype {
        return Ok(());
    }
    let owner = owner.load(c)?;
    let owner_name = c.type_name(&owner);
    if !c.type_check(ty, c.constant(|t| t.h_TypeType)) {
        return Err(PyErr::type_error(format!(
            "{owner_name}.__new__(X): X is not a type object ({})",
            c.type_name_of(ty)
        )));
    }
    if !c.is_subtype(ty, &owner) {
        let name = c.type_name(ty);
        return Err(PyErr::type_error(format!(
            "{owner_name}.__new__({name}): {name} is not a subtype of {owner_name}"
        )));
    }
    Ok(())
}

/// The positional-argument count of a vectorcall `nargsf`.
pub const fn nargs(nargsf: usize) -> usize {
    // PY_VECTORCALL_ARGUMENTS_OFFSET is the top bit.
    nargsf & !(1usize << (usize::BITS - 1))
}

/// Applies a signature's optional result adapter.
macro_rules! wrap_result {
    (; $e:expr) => {
        $e
    };
    ($w:path ; $e:expr) => {
        $w($e)
    };
}

macro_rules! signature {
    (
        $(#[$doc:meta])*
        $m:ident, $SIG:ident, $Args:ident,
        user: $Fn:ty,
        $(wrap: $w:path,)?
        imp: |$c:ident $(, $cn:ident: $ct:ty)*| -> $cr:ty { $(let $pn:ident = $pv:expr;)* $($uarg:expr),* },
        tramp: |$a:ident $(, $tn:ident: $tt:ty)*| -> $tr:ty { $($field:ident: $fval:expr),* } => $result:expr
    ) => {
        $(#[$doc])*
        pub mod $m {
            #[allow(unused_imports)]
            use super::*;

            /// The Rust function an entry point of this signature calls.
            pub type Fn = $Fn;

            /// Implemented by the macro-generated marker of one entry point.
            pub trait Impl: 'static {
                /// The user function.
                const F: Fn;
                /// For `tp_new`: the global holding the type whose slot this
                /// is (`slot!(..., of: SPEC)`), so that `X.__new__(Y)` with
                /// `Y` not a subtype of `X` is refused where the runtime
                /// does not refuse it itself.
                const OWNER: Option<&'static crate::Global> = None;
            }

            /// The HPy `impl`, called by every runtime.
            ///
            /// # Safety
            /// Called by the runtime with its live context and open handles.
            pub unsafe extern "C" fn imp<M: Impl>(
                ctx: *mut ffi::HPyContext $(, $cn: $ct)*
            ) -> $cr {
                // SAFETY: the runtime passes its live context and handles that
                // stay open for the whole call.
                unsafe { boundary(ctx, |$c| { $(let $pn = $pv;)* wrap_result!($($w)? ; (M::F)($c $(, $uarg)*)) }) }
            }

            /// The CPython trampoline.
            ///
            /// # Safety
            /// Called by CPython with the arguments of this slot kind.
            pub unsafe extern "C" fn tramp<M: Impl>($($tn: $tt),*) -> $tr {
                #[allow(clippy::needless_update)]
                let mut $a = ffi::$Args { $($field: $fval,)* ..Default::default() };
                let imp_fn: unsafe extern "C" fn(*mut ffi::HPyContext $(, $ct)*) -> $cr = imp::<M>;
                // SAFETY: `$a` is the argument struct of `$SIG` and `imp_fn`
                // its impl; `erase` only changes the pointer's static type.
                unsafe {
                    call_real(
                        ffi::$SIG,
                        Some(core::mem::transmute::<unsafe extern "C" fn(), unsafe extern "C" fn() -> *mut c_void>(erase(imp_fn))),
                        (&raw mut $a).cast(),
                    )
                };
                $result
            }

            /// The impl and trampoline of marker `M`.
            pub const fn parts<M: Impl>() -> Parts {
                let imp_fn: unsafe extern "C" fn(*mut ffi::HPyContext $(, $ct)*) -> $cr = imp::<M>;
                let tramp_fn: unsafe extern "C" fn($($tt),*) -> $tr = tramp::<M>;
                // SAFETY: both are function pointers.
                unsafe {
                    Parts {
                        sig: ffi::$SIG,
                        imp: Some(core::mem::transmute::<unsafe extern "C" fn(), unsafe extern "C" fn() -> *mut c_void>(erase(imp_fn))),
                        tramp: erase(tramp_fn),
                    }
                }
            }
        }
    };
}

type Obj = *mut ffi::cpy_PyObject;

/// `b(c, h)`: borrow a handle the runtime passed (open for the whole call).
#[inline(always)]
fn b<'c>(c: Ctx<'c>, h: ffi::HPy) -> Borrowed<'c, 'c> {
    // SAFETY: only used on handles the runtime passed to this call.
    unsafe { Borrowed::from_raw(c, h) }
}

signature!(
    /// `f()`: METH_NOARGS.
    noargs, HPyFunc_NOARGS, _HPyFunc_args_NOARGS,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<Handle<'c>>,
    imp: |c, slf: ffi::HPy| -> ffi::HPy { b(c, slf) },
    tramp: |a, slf: Obj, _unused: Obj| -> Obj { self_: slf } => a.result
);

signature!(
    /// `f(x)`: METH_O.
    o, HPyFunc_O, _HPyFunc_args_O,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, Borrowed<'c, 'c>) -> PyResult<Handle<'c>>,
    imp: |c, slf: ffi::HPy, arg: ffi::HPy| -> ffi::HPy { b(c, slf), b(c, arg) },
    tramp: |a, slf: Obj, arg: Obj| -> Obj { self_: slf, arg: arg } => a.result
);

signature!(
    /// `f(*args)`: METH_FASTCALL.
    varargs, HPyFunc_VARARGS, _HPyFunc_args_VARARGS,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, CallArgs<'c>) -> PyResult<Handle<'c>>,
    imp: |c, slf: ffi::HPy, args: *const ffi::HPy, n: usize| -> ffi::HPy {
        b(c, slf),
        // SAFETY: the runtime passes `n` open handles.
        arg_slice(c, args, n)
    },
    tramp: |a, slf: Obj, args: *const Obj, n: ffi::HPy_ssize_t| -> Obj { self_: slf, args: args, nargs: n } => a.result
);

signature!(
    /// `f(*args, **kw)`: METH_FASTCALL|METH_KEYWORDS (vectorcall layout:
    /// positional args, then keyword values named by the `kwnames` tuple),
    /// also used by `tp_call` and per-instance call functions.
    keywords, HPyFunc_KEYWORDS, _HPyFunc_args_KEYWORDS,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, CallArgs<'c>, usize, Option<Borrowed<'c, 'c>>) -> PyResult<Handle<'c>>,
    imp: |c, slf: ffi::HPy, args: *const ffi::HPy, nargsf: usize, kwnames: ffi::HPy| -> ffi::HPy {
        b(c, slf),
        {
            let n = nargs(nargsf);
            let nkw = if kwnames._i == 0 {
                0
            } else {
                match c.tuple_items_borrowed(b(c, kwnames)) {
                    Some(names) => names.len(),
                    None => c.len(b(c, kwnames)).unwrap_or(0),
                }
            };
            // SAFETY: the runtime passes `n` positional handles followed by one
            // handle per keyword name.
            arg_slice(c, args, n + nkw)
        },
        nargs(nargsf),
        if kwnames._i == 0 { None } else { Some(b(c, kwnames)) }
    },
    tramp: |a, slf: Obj, args: *const Obj, nargsf: usize, kwnames: Obj| -> Obj {
        self_: slf, args: args, nargsf: nargsf, kwnames: kwnames
    } => a.result
);

signature!(
    /// `tp_new(type, *args, **kw)`.
    newfunc, HPyFunc_NEWFUNC, _HPyFunc_args_NEWFUNC,
    user: for<'c, 'k> fn(Ctx<'c>, Borrowed<'c, 'c>, CallArgs<'c>, Option<Borrowed<'k, 'c>>) -> PyResult<Handle<'c>>,
    imp: |c, ty: ffi::HPy, args: *const ffi::HPy, n: ffi::HPy_ssize_t, kw: ffi::HPy| -> ffi::HPy {
        let _subtype = check_new_subtype(c, M::OWNER, b(c, ty))?;
        // SAFETY: the runtime passes `n` open handles, then the keyword
        // values when `kw` is a tuple of names.
        let kw_dict = kwnames_to_dict(c, args, n as usize, kw)?;
        b(c, ty),
        // SAFETY: the runtime passes `n` open handles.
        arg_slice(c, args, n as usize),
        match &kw_dict {
            Some(d) => Some(d.borrow()),
            None if kw._i == 0 => None,
            None => Some(b(c, kw)),
        }
    },
    tramp: |a, ty: Obj, args: Obj, kw: Obj| -> Obj { self_: ty, args: args, kw: kw } => a.result
);

signature!(
    /// `tp_repr`, `tp_str`, `nb_negative`, `tp_iter`, ...: one object in, one out.
    unary, HPyFunc_UNARYFUNC, _HPyFunc_args_UNARYFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<Handle<'c>>,
    imp: |c, x: ffi::HPy| -> ffi::HPy { b(c, x) },
    tramp: |a, x: Obj| -> Obj { arg0: x } => a.result
);

signature!(
    /// `tp_repr`/`tp_str` (HPy gives them their own signature).
    reprfunc, HPyFunc_REPRFUNC, _HPyFunc_args_REPRFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<Handle<'c>>,
    imp: |c, x: ffi::HPy| -> ffi::HPy { b(c, x) },
    tramp: |a, x: Obj| -> Obj { arg0: x } => a.result
);

signature!(
    /// `nb_add`, `mp_subscript`, ...: two objects in, one out.
    binary, HPyFunc_BINARYFUNC, _HPyFunc_args_BINARYFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, Borrowed<'c, 'c>) -> PyResult<Handle<'c>>,
    imp: |c, x: ffi::HPy, y: ffi::HPy| -> ffi::HPy { b(c, x), b(c, y) },
    tramp: |a, x: Obj, y: Obj| -> Obj { arg0: x, arg1: y } => a.result
);

signature!(
    /// `nb_power`: three objects in, one out.
    ternary, HPyFunc_TERNARYFUNC, _HPyFunc_args_TERNARYFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, Borrowed<'c, 'c>, Borrowed<'c, 'c>) -> PyResult<Handle<'c>>,
    imp: |c, x: ffi::HPy, y: ffi::HPy, z: ffi::HPy| -> ffi::HPy { b(c, x), b(c, y), b(c, z) },
    tramp: |a, x: Obj, y: Obj, z: Obj| -> Obj { arg0: x, arg1: y, arg2: z } => a.result
);

signature!(
    /// `nb_bool`: truth value.
    inquiry, HPyFunc_INQUIRY, _HPyFunc_args_INQUIRY,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<bool>,
    imp: |c, x: ffi::HPy| -> c_int { b(c, x) },
    tramp: |a, x: Obj| -> c_int { arg0: x } => a.result
);

signature!(
    /// `HPy_mod_exec`: fills the module object; 0 or -1.
    mod_exec, HPyFunc_INQUIRY, _HPyFunc_args_INQUIRY,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<()>,
    imp: |c, m: ffi::HPy| -> c_int {
        // A runtime we could not identify is refused before anything else
        // (no context member past the layout-independent head is used).
        let _known = crate::runtime::refuse_unsupported(c)?;
        // The layer's own set-up first (PyPy's getset fix, see `getset_fix`).
        let _ready = crate::getset_fix::prepare(c, b(c, m))?;
        b(c, m)
    },
    tramp: |a, m: Obj| -> c_int { arg0: m } => a.result
);

signature!(
    /// `sq_length`/`mp_length`.
    lenfunc, HPyFunc_LENFUNC, _HPyFunc_args_LENFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<usize>,
    imp: |c, x: ffi::HPy| -> ffi::HPy_ssize_t { b(c, x) },
    tramp: |a, x: Obj| -> ffi::HPy_ssize_t { arg0: x } => a.result
);

signature!(
    /// `sq_item`.
    ssizearg, HPyFunc_SSIZEARGFUNC, _HPyFunc_args_SSIZEARGFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, isize) -> PyResult<Handle<'c>>,
    imp: |c, x: ffi::HPy, i: ffi::HPy_ssize_t| -> ffi::HPy { b(c, x), i },
    tramp: |a, x: Obj, i: ffi::HPy_ssize_t| -> Obj { arg0: x, arg1: i } => a.result
);

signature!(
    /// `mp_ass_subscript`: `x[k] = v` (`v` is `None` for `del x[k]`).
    objobjarg, HPyFunc_OBJOBJARGPROC, _HPyFunc_args_OBJOBJARGPROC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, Borrowed<'c, 'c>, Option<Borrowed<'c, 'c>>) -> PyResult<()>,
    imp: |c, x: ffi::HPy, k: ffi::HPy, v: ffi::HPy| -> c_int {
        b(c, x), b(c, k), if v._i == 0 { None } else { Some(b(c, v)) }
    },
    tramp: |a, x: Obj, k: Obj, v: Obj| -> c_int { arg0: x, arg1: k, arg2: v } => a.result
);

signature!(
    /// `sq_contains`.
    objobj, HPyFunc_OBJOBJPROC, _HPyFunc_args_OBJOBJPROC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, Borrowed<'c, 'c>) -> PyResult<bool>,
    imp: |c, x: ffi::HPy, y: ffi::HPy| -> c_int { b(c, x), b(c, y) },
    tramp: |a, x: Obj, y: Obj| -> c_int { arg0: x, arg1: y } => a.result
);

signature!(
    /// `tp_hash`.
    hashfunc, HPyFunc_HASHFUNC, _HPyFunc_args_HASHFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<Hash>,
    imp: |c, x: ffi::HPy| -> ffi::HPy_hash_t { b(c, x) },
    tramp: |a, x: Obj| -> ffi::HPy_hash_t { arg0: x } => a.result
);

signature!(
    /// `tp_richcompare`.
    richcmp, HPyFunc_RICHCMPFUNC, _HPyFunc_args_RICHCMPFUNC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, Borrowed<'c, 'c>, crate::RichCmpOp) -> PyResult<Handle<'c>>,
    imp: |c, x: ffi::HPy, y: ffi::HPy, op: ffi::HPy_RichCmpOp| -> ffi::HPy {
        b(c, x), b(c, y), crate::RichCmpOp::from_raw(op).unwrap_or(crate::RichCmpOp::Eq)
    },
    tramp: |a, x: Obj, y: Obj, op: c_int| -> Obj { arg0: x, arg1: y, arg2: op as ffi::HPy_RichCmpOp } => a.result
);

signature!(
    /// Property getter.
    getter, HPyFunc_GETTER, _HPyFunc_args_GETTER,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>) -> PyResult<Handle<'c>>,
    wrap: GetterValue::from_result,
    imp: |c, x: ffi::HPy, _closure: *mut c_void| -> ffi::HPy { b(c, x) },
    tramp: |a, x: Obj, closure: *mut c_void| -> Obj { arg0: x, arg1: closure } => a.result
);

signature!(
    /// Property setter (`None` value means `del`).
    setter, HPyFunc_SETTER, _HPyFunc_args_SETTER,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, Option<Borrowed<'c, 'c>>) -> PyResult<()>,
    imp: |c, x: ffi::HPy, v: ffi::HPy, _closure: *mut c_void| -> c_int {
        b(c, x), if v._i == 0 { None } else { Some(b(c, v)) }
    },
    tramp: |a, x: Obj, v: Obj, closure: *mut c_void| -> c_int { arg0: x, arg1: v, arg2: closure } => a.result
);

signature!(
    /// `bf_getbuffer`: fill the `HPy_buffer` (owner handle included) or raise.
    getbuffer, HPyFunc_GETBUFFERPROC, _HPyFunc_args_GETBUFFERPROC,
    user: for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, &mut ffi::HPy_buffer, c_int) -> PyResult<()>,
    imp: |c, x: ffi::HPy, view: *mut ffi::HPy_buffer, flags: c_int| -> c_int {
        b(c, x),
        // SAFETY: the runtime passes a valid, exclusive buffer struct.
        &mut *view,
        flags
    },
    tramp: |a, x: Obj, view: *mut ffi::cpy_Py_buffer, flags: c_int| -> c_int { self_: x, view: view, flags: flags } => a.result
);

/// `bf_releasebuffer`: cannot fail, so it has its own boundary.
pub mod releasebuffer {
    use super::*;

    /// The Rust function called when a buffer view is released.
    pub type Fn = for<'c> fn(Ctx<'c>, Borrowed<'c, 'c>, &mut ffi::HPy_buffer) -> PyResult<()>;

    /// Implemented by the macro-generated marker.
    pub trait Impl: 'static {
        /// The user function.
        const F: Fn;
    }

    /// The HPy `impl`.
    ///
    /// # Safety
    /// Called by the runtime with its live context and a valid view.
    pub unsafe extern "C" fn imp<M: Impl>(
        ctx: *mut ffi::HPyContext,
        x: ffi::HPy,
        view: *mut ffi::HPy_buffer,
    ) {
        // SAFETY: the runtime passes its live context, an open handle and a
        // valid, exclusive view.
        unsafe { boundary_void(ctx, |c| (M::F)(c, b(c, x), &mut *view)) }
    }

    /// The CPython trampoline.
    ///
    /// # Safety
    /// Called by CPython with a valid view.
    pub unsafe extern "C" fn tramp<M: Impl>(x: Obj, view: *mut ffi::cpy_Py_buffer) {
        let mut a = ffi::_HPyFunc_args_RELEASEBUFFERPROC { self_: x, view };
        let imp_fn: unsafe extern "C" fn(*mut ffi::HPyContext, ffi::HPy, *mut ffi::HPy_buffer) =
            imp::<M>;
        // SAFETY: `a` is the argument struct of RELEASEBUFFERPROC.
        unsafe {
            call_real(
                ffi::HPyFunc_RELEASEBUFFERPROC,
                Some(core::mem::transmute::<
                    unsafe extern "C" fn(),
                    unsafe extern "C" fn() -> *mut c_void,
                >(erase(imp_fn))),
                (&raw mut a).cast(),
            )
        }
    }

    /// The impl and trampoline of marker `M`.
    pub const fn parts<M: Impl>() -> Parts {
        let imp_fn: unsafe extern "C" fn(*mut ffi::HPyContext, ffi::HPy, *mut ffi::HPy_buffer) =
            imp::<M>;
        let tramp_fn: unsafe extern "C" fn(Obj, *mut ffi::cpy_Py_buffer) = tramp::<M>;
        // SAFETY: both are function pointers.
        unsafe {
            Parts {
                sig: ffi::HPyFunc_RELEASEBUFFERPROC,
                imp: Some(core::mem::transmute::<
                    unsafe extern "C" fn(),
                    unsafe extern "C" fn() -> *mut c_void,
                >(erase(imp_fn))),
                tramp: erase(tramp_fn),
            }
        }
    }
}
