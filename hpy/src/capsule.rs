//! Capsules: Rust values and C tables handed around as Python objects.

use core::any::Any;
use core::ffi::{CStr, c_char, c_void};

use hpy_sys as ffi;

use crate::ctx::{Ctx, api};
use crate::err::{PyErr, PyResult};
use crate::handle::{AsHandle, Handle};
use crate::impl_::{call_real, erase};

/// The destructor of capsules made by [`Capsule::new_boxed`].
#[repr(transparent)]
pub struct CapsuleDestructor(core::cell::UnsafeCell<ffi::HPyCapsule_Destructor>);

// SAFETY: the struct is read-only after construction (HPy only reads it).
unsafe impl Sync for CapsuleDestructor {}

/// Frees the `Box<Box<dyn Any>>` of a boxed capsule. No context: no API calls.
unsafe extern "C" fn drop_boxed(_name: *const c_char, pointer: *mut c_void, _context: *mut c_void) {
    if !pointer.is_null() {
        // SAFETY: boxed capsules store exactly this pointer, made by
        // `Box::into_raw` in `new_boxed`, and the runtime destroys a capsule once.
        let b = unsafe { Box::from_raw(pointer.cast::<Box<dyn Any>>()) };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(b)));
    }
}

unsafe extern "C" fn drop_boxed_tramp(capsule: *mut ffi::cpy_PyObject) {
    let imp: unsafe extern "C" fn(*const c_char, *mut c_void, *mut c_void) = drop_boxed;
    // SAFETY: CAPSULE_DESTRUCTOR takes the capsule object itself as argument.
    unsafe {
        call_real(
            ffi::HPyFunc_CAPSULE_DESTRUCTOR,
            Some(core::mem::transmute::<
                unsafe extern "C" fn(),
                unsafe extern "C" fn() -> *mut c_void,
            >(erase(imp))),
            capsule.cast(),
        )
    }
}

static BOXED_DESTRUCTOR: CapsuleDestructor =
    CapsuleDestructor(core::cell::UnsafeCell::new(ffi::HPyCapsule_Destructor {
        cpy_trampoline: Some(drop_boxed_tramp),
        impl_: Some(drop_boxed),
    }));

impl CapsuleDestructor {
    /// A destructor from its impl (called with the capsule's name, pointer
    /// and context; no HPy context) and CPython trampoline; made by
    /// [`crate::capsule_destructor!`].
    #[doc(hidden)]
    pub const fn new(
        imp: unsafe extern "C" fn(*const c_char, *mut c_void, *mut c_void),
        tramp: unsafe extern "C" fn(*mut ffi::cpy_PyObject),
    ) -> Self {
        Self(core::cell::UnsafeCell::new(ffi::HPyCapsule_Destructor {
            cpy_trampoline: Some(tramp),
            impl_: Some(imp),
        }))
    }
}

/// Defines a capsule destructor: `capsule_destructor!(pub static D = f);` with
/// `f: unsafe extern "C" fn(name: *const c_char, pointer: *mut c_void,
/// context: *mut c_void)`, which runs without an HPy context (it may free
/// memory, never call the API).
#[macro_export]
macro_rules! capsule_destructor {
    ($vis:vis static $name:ident = $f:path) => {
        $vis static $name: $crate::CapsuleDestructor = {
            unsafe extern "C" fn tramp(capsule: *mut $crate::impl_::ffi::cpy_PyObject) {
                let imp: unsafe extern "C" fn(
                    *const ::core::ffi::c_char,
                    *mut ::core::ffi::c_void,
                    *mut ::core::ffi::c_void,
                ) = $f;
                // SAFETY: CAPSULE_DESTRUCTOR takes the capsule object itself.
                unsafe {
                    $crate::impl_::call_real(
                        $crate::impl_::ffi::HPyFunc_CAPSULE_DESTRUCTOR,
                        Some(::core::mem::transmute::<
                            unsafe extern "C" fn(),
                            unsafe extern "C" fn() -> *mut ::core::ffi::c_void,
                        >($crate::impl_::erase(imp))),
                        capsule.cast(),
                    )
                }
            }
            $crate::CapsuleDestructor::new($f, tramp)
        };
    };
}

/// Capsule helpers.
pub struct Capsule;

impl Capsule {
    /// A capsule named `name` owning `value`; the value is dropped with the capsule.
    pub fn new_boxed<'c, T: Any>(
        ctx: Ctx<'c>,
        name: &'static CStr,
        value: T,
    ) -> PyResult<Handle<'c>> {
        let b: Box<Box<dyn Any>> = Box::new(Box::new(value));
        let p = Box::into_raw(b);
        let h = api!(
            ctx,
            ctx_Capsule_New,
            p.cast(),
            name.as_ptr(),
            BOXED_DESTRUCTOR.0.get()
        );
        if h._i == 0 {
            // SAFETY: the capsule was not created, so we still own `p`.
            drop(unsafe { Box::from_raw(p) });
            return Err(PyErr::fetched());
        }
        // SAFETY: a new capsule handle.
        Ok(unsafe { Handle::from_raw(ctx, h) })
    }

    /// The value of a capsule made by [`Capsule::new_boxed`] with the same
    /// `name`; `TypeError` if it holds another type, `ValueError` (from HPy) for
    /// another name.
    pub fn get_boxed<'c, 'h, T: Any>(
        ctx: Ctx<'c>,
        capsule: &'h Handle<'c>,
        name: &'static CStr,
    ) -> PyResult<&'h T> {
        let p = Self::get_pointer(ctx, capsule, name)?;
        // SAFETY: a capsule with this name made by `new_boxed` stores a
        // `Box<Box<dyn Any>>`; it lives while `capsule` is open.
        let any: &'h Box<dyn Any> = unsafe { &*p.cast::<Box<dyn Any>>() };
        any.downcast_ref::<T>()
            .ok_or_else(|| PyErr::type_error("capsule holds another type"))
    }

    /// A capsule named `name` around a pointer it does not own (e.g. a static C
    /// function table).
    ///
    /// # Safety
    /// `pointer` must be non-null and stay valid for as long as the capsule
    /// (and anything that read its pointer) may use it.
    pub unsafe fn new_static<'c>(
        ctx: Ctx<'c>,
        pointer: *mut c_void,
        name: &'static CStr,
    ) -> PyResult<Handle<'c>> {
        let h = api!(
            ctx,
            ctx_Capsule_New,
            pointer,
            name.as_ptr(),
            core::ptr::null_mut()
        );
        ctx.check(h)
    }

    /// A capsule named `name` around `pointer`, destroyed by `destructor`.
    ///
    /// # Safety
    /// `pointer` must stay valid until `destructor` runs, and `destructor`
    /// must accept it.
    pub unsafe fn new_with<'c>(
        ctx: Ctx<'c>,
        pointer: *mut c_void,
        name: &'static CStr,
        destructor: &'static CapsuleDestructor,
    ) -> PyResult<Handle<'c>> {
        ctx.check(api!(
            ctx,
            ctx_Capsule_New,
            pointer,
            name.as_ptr(),
            destructor.0.get()
        ))
    }

    /// Renames a capsule (`name` must be static: the capsule keeps the pointer).
    pub fn set_name<'c>(
        ctx: Ctx<'c>,
        capsule: impl AsHandle<'c>,
        name: &'static CStr,
    ) -> PyResult<()> {
        let r = api!(
            ctx,
            ctx_Capsule_Set,
            capsule.raw(),
            ffi::HPyCapsule_key_Name,
            name.as_ptr().cast_mut().cast()
        );
        if r < 0 {
            return Err(PyErr::fetched());
        }
        Ok(())
    }

    /// Whether `capsule` is a valid capsule named `name`.
    pub fn is_valid<'c>(ctx: Ctx<'c>, capsule: impl AsHandle<'c>, name: &CStr) -> bool {
        api!(ctx, ctx_Capsule_IsValid, capsule.raw(), name.as_ptr()) != 0
    }

    /// The pointer of a capsule named `name`.
    pub fn get_pointer<'c>(
        ctx: Ctx<'c>,
        capsule: impl AsHandle<'c>,
        name: &CStr,
    ) -> PyResult<*mut c_void> {
        let p = api!(
            ctx,
            ctx_Capsule_Get,
            capsule.raw(),
            ffi::HPyCapsule_key_Pointer,
            name.as_ptr()
        );
        if p.is_null() {
            return Err(PyErr::fetched());
        }
        Ok(p)
    }
}
