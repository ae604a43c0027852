//! Storage of Rust data inside Python objects, and the context-free slots
//! (`tp_destroy`, `tp_traverse`) generated for every type spec.

use core::ffi::{c_int, c_void};
use core::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::{Parts, call_real, erase, ffi};
use crate::field::Visitor;
use crate::object::ObjectData;
pub use crate::object::basicsize;

/// What a type's `basicsize` covers: the Rust value, whether it was written,
/// and which Rust type it is.
///
/// The runtime allocates instances zero-filled (a subclass instantiated from
/// Python may never reach our `tp_new`), so `init == false` is the valid
/// "not initialised yet" state and `value` is only read or dropped when set.
/// `tag` (written with the value) is `TypeId::of::<T>()`: the header has the
/// same layout for every `T`, so a reader expecting `T` can tell a payload of
/// another type (an HPy subtype made from a spec storing something else)
/// before touching the value.
#[repr(C)]
pub struct Slot<T> {
    pub(crate) init: bool,
    pub(crate) tag: MaybeUninit<core::any::TypeId>,
    pub(crate) value: MaybeUninit<T>,
}

/// `tp_destroy`: drops the Rust value. Gets no context and calls no API.
///
/// # Safety
/// `payload` is the instance's data pointer for `T`'s shape, as the runtime
/// passes it.
pub unsafe extern "C" fn destroy<T: ObjectData>(payload: *mut c_void) {
    if core::mem::size_of::<T>() == 0 {
        return;
    }
    let slot = payload.cast::<Slot<T>>();
    if slot.is_null() {
        return; // an instance that never got storage (PyPy's `object.__new__`)
    }
    // SAFETY: the runtime passes the payload of an instance of a type whose
    // basicsize is `size_of::<Slot<T>>()`, zero-filled at allocation; it is
    // destroyed once, so the value is dropped at most once.
    unsafe {
        if (*slot).init {
            (*slot).init = false;
            // A panicking Drop must not unwind into C; nothing can be reported
            // here (no context), so the value is leaked instead.
            let _ = catch_unwind(AssertUnwindSafe(|| (*slot).value.assume_init_drop()));
        }
    }
}

/// `tp_traverse`: visits every `HPyField` of the Rust value.
///
/// # Safety
/// As for [`destroy`]; `visit` and `arg` come from the runtime's GC.
pub unsafe extern "C" fn traverse<T: ObjectData>(
    payload: *mut c_void,
    visit: ffi::HPyFunc_visitproc,
    arg: *mut c_void,
) -> c_int {
    if core::mem::size_of::<T>() == 0 {
        return 0;
    }
    let slot = payload.cast::<Slot<T>>();
    if slot.is_null() {
        return 0;
    }
    // SAFETY: as in `destroy`; the value is only read when initialised.
    unsafe {
        if !(*slot).init {
            return 0;
        }
        let mut v = Visitor::new(visit, arg);
        catch_unwind(AssertUnwindSafe(|| {
            (*slot).value.assume_init_ref().traverse(&mut v)
        }))
        .unwrap_or(-1)
    }
}

/// CPython never calls a `tp_destroy` trampoline (HPy calls the impl from its
/// own `tp_dealloc`); HPy's C macro makes it abort, we make it do nothing.
unsafe extern "C" fn destroy_tramp() {}

unsafe extern "C" fn traverse_tramp<T: ObjectData>(
    slf: *mut ffi::cpy_PyObject,
    visit: ffi::cpy_visitproc,
    arg: *mut c_void,
) -> c_int {
    let mut a = ffi::_HPyFunc_args_TRAVERSEPROC {
        self_: slf,
        visit,
        arg,
        result: 0,
    };
    let imp_fn: unsafe extern "C" fn(*mut c_void, ffi::HPyFunc_visitproc, *mut c_void) -> c_int =
        traverse::<T>;
    // SAFETY: `a` is TRAVERSEPROC's argument struct and `imp_fn` its impl.
    unsafe {
        call_real(
            ffi::HPyFunc_TRAVERSEPROC,
            Some(core::mem::transmute::<
                unsafe extern "C" fn(),
                unsafe extern "C" fn() -> *mut c_void,
            >(erase(imp_fn))),
            (&raw mut a).cast(),
        )
    };
    a.result
}

/// The `tp_destroy` entry point of `T`.
pub const fn destroy_parts<T: ObjectData>() -> Parts {
    let imp_fn: unsafe extern "C" fn(*mut c_void) = destroy::<T>;
    let tramp_fn: unsafe extern "C" fn() = destroy_tramp;
    // SAFETY: both are function pointers.
    unsafe {
        Parts {
            sig: ffi::HPyFunc_DESTROYFUNC,
            imp: Some(core::mem::transmute::<
                unsafe extern "C" fn(),
                unsafe extern "C" fn() -> *mut c_void,
            >(erase(imp_fn))),
            tramp: erase(tramp_fn),
        }
    }
}

/// The `tp_traverse` entry point of `T`.
pub const fn traverse_parts<T: ObjectData>() -> Parts {
    let imp_fn: unsafe extern "C" fn(*mut c_void, ffi::HPyFunc_visitproc, *mut c_void) -> c_int =
        traverse::<T>;
    let tramp_fn: unsafe extern "C" fn(
        *mut ffi::cpy_PyObject,
        ffi::cpy_visitproc,
        *mut c_void,
    ) -> c_int = traverse_tramp::<T>;
    // SAFETY: both are function pointers.
    unsafe {
        Parts {
            sig: ffi::HPyFunc_TRAVERSEPROC,
            imp: Some(core::mem::transmute::<
                unsafe extern "C" fn(),
                unsafe extern "C" fn() -> *mut c_void,
            >(erase(imp_fn))),
            tramp: erase(tramp_fn),
        }
    }
}

/// Byte offset of the Rust value inside the payload (for members).
pub const fn value_offset<T: ObjectData>() -> usize {
    core::mem::offset_of!(Slot<T>, value)
}
