//! Rust data stored inside Python objects of our types.

use core::ffi::c_int;

use hpy_sys as ffi;

use crate::ctx::{Ctx, api};
use crate::err::{PyErr, PyResult};
use crate::field::Visitor;
use crate::handle::{AsHandle, Borrowed, Handle};
use crate::impl_::object::Slot;

/// The built-in layout a type extends (HPy's `HPyType_BuiltinShape`): where
/// HPy finds our data inside an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A plain `object` subclass.
    Object,
    /// A `type` subclass (a metaclass).
    Type,
    /// An `int` subclass.
    Long,
    /// A `float` subclass.
    Float,
    /// A `str` subclass.
    Unicode,
    /// A `tuple` subclass.
    Tuple,
    /// A `list` subclass.
    List,
}

impl Shape {
    pub(crate) const fn raw(self) -> ffi::HPyType_BuiltinShape {
        match self {
            Self::Object => ffi::HPyType_BuiltinShape_Object,
            Self::Type => ffi::HPyType_BuiltinShape_Type,
            Self::Long => ffi::HPyType_BuiltinShape_Long,
            Self::Float => ffi::HPyType_BuiltinShape_Float,
            Self::Unicode => ffi::HPyType_BuiltinShape_Unicode,
            Self::Tuple => ffi::HPyType_BuiltinShape_Tuple,
            Self::List => ffi::HPyType_BuiltinShape_List,
        }
    }
}

/// Rust data that lives inside instances of one of our types.
///
/// Mutation goes through interior mutability (`Cell`, [`crate::Field`]): many
/// handles may refer to one object, so only shared references are handed out.
pub trait ObjectData: Sized + 'static {
    /// The built-in layout the type extends.
    const SHAPE: Shape = Shape::Object;

    /// Whether the value holds [`crate::Field`]s (no default: every data type
    /// says so). When it does, [`crate::type_spec!`] makes the type
    /// GC-tracked (`HAVE_GC`) and registers `tp_traverse`, which calls
    /// [`ObjectData::traverse`]: a field is then never left unvisited because
    /// a flag or a slot was forgotten.
    const HAS_FIELDS: bool;

    /// Visits every [`crate::Field`] of the value (for `tp_traverse`).
    fn traverse(&self, _visitor: &mut Visitor) -> c_int {
        0
    }
}

/// The `basicsize` of a type storing `T`: nothing at all for a zero-sized
/// `T`, whose instances then never need `HPy_AsStruct_*` (PyPy 7.3.19's HPy
/// lacks it for every built-in shape but `object` and `type`).
pub const fn basicsize<T: ObjectData>() -> usize {
    if core::mem::size_of::<T>() == 0 {
        0
    } else {
        core::mem::size_of::<Slot<T>>()
    }
}

/// A zero-sized `T` lives nowhere: this is its (only) value's reference.
fn zst_ref<'a, T: ObjectData>() -> Option<&'a T> {
    if core::mem::size_of::<T>() == 0 {
        // SAFETY: a reference to a zero-sized type may use any non-null,
        // aligned pointer; ObjectData values carry no invariant beyond their type.
        Some(unsafe { core::ptr::NonNull::<T>::dangling().as_ref() })
    } else {
        None
    }
}

impl<'c> Ctx<'c> {
    /// The payload of `h` for `T`'s shape; NULL when the object has none (on
    /// PyPy an instance made by `object.__new__(T)` never got storage).
    fn slot_ptr<T: ObjectData>(self, h: ffi::HPy) -> *mut Slot<T> {
        let p = match T::SHAPE {
            Shape::Object => api!(self, ctx_AsStruct_Object, h),
            Shape::Type => api!(self, ctx_AsStruct_Type, h),
            Shape::Long => api!(self, ctx_AsStruct_Long, h),
            Shape::Float => api!(self, ctx_AsStruct_Float, h),
            Shape::Unicode => api!(self, ctx_AsStruct_Unicode, h),
            Shape::Tuple => api!(self, ctx_AsStruct_Tuple, h),
            Shape::List => api!(self, ctx_AsStruct_List, h),
        };
        p.cast()
    }

    /// A new instance of `ty` (a type whose instances store `T`) holding
    /// `value`; use [`crate::TypeSpec::new_object`], which checks `ty`.
    pub(crate) fn new_object<T: ObjectData>(
        self,
        ty: impl AsHandle<'c>,
        value: T,
    ) -> PyResult<Handle<'c>> {
        if core::mem::size_of::<T>() != 0 {
            let shape = api!(self, ctx_Type_GetBuiltinShape, ty.raw());
            if shape == ffi::HPyType_BuiltinShape_Legacy {
                // A Python subclass of one of our types: HPy 0.9 on CPython
                // does not treat it as an HPy type (HPy_New returns the object
                // header as payload, debug mode aborts in HPy_AsStruct_Object,
                // vectorcall is not set up), so refuse it cleanly.
                return Err(PyErr::type_error(format!(
                    "cannot create '{}' instances: HPy 0.9 does not support Python subclasses of \
                     this extension type on this runtime",
                    self.type_name(ty)
                )));
            }
            if shape < 0 {
                return Err(PyErr::fetched());
            }
        }
        let mut data: *mut core::ffi::c_void = core::ptr::null_mut();
        let h = self.check(api!(self, ctx_New, ty.raw(), &mut data))?;
        if core::mem::size_of::<T>() == 0 {
            core::mem::forget(value);
            return Ok(h);
        }
        // Not `data`: for a Python subclass of our type, HPy 0.9 on CPython
        // does not recognise the subclass as an HPy type and returns the
        // object header (the "legacy" layout) there. `HPy_AsStruct_*` computes
        // the payload from the shape and is right for subclasses too.
        let slot = self.slot_ptr::<T>(h.raw());
        // SAFETY: HPy_New returned a zero-filled payload of `ty`'s basicsize,
        // which is `basicsize::<T>()` for types made from a spec storing `T`
        // (and at least that for their subclasses).
        unsafe {
            (*slot).value.write(value);
            (*slot).tag.write(core::any::TypeId::of::<T>());
            (*slot).init = true;
        }
        Ok(h)
    }

    /// [`Ctx::new_object`] for `ty` the very type made from the spec storing
    /// `T` (not a subclass): no shape query, and the payload is the pointer
    /// `HPy_New` gives (right for the spec's own type).
    ///
    /// # Safety
    /// `ty` must be the type object created from a spec storing `T`.
    pub(crate) unsafe fn new_object_exact<T: ObjectData>(
        self,
        ty: impl AsHandle<'c>,
        value: T,
    ) -> PyResult<Handle<'c>> {
        let mut data: *mut core::ffi::c_void = core::ptr::null_mut();
        let h = self.check(api!(self, ctx_New, ty.raw(), &mut data))?;
        if core::mem::size_of::<T>() == 0 {
            core::mem::forget(value);
            return Ok(h);
        }
        let slot = data.cast::<Slot<T>>();
        // SAFETY: `ty` is the spec's own type (caller's guarantee), so
        // HPy_New's payload is a zero-filled `Slot<T>` (`basicsize::<T>()`).
        unsafe {
            (*slot).value.write(value);
            (*slot).tag.write(core::any::TypeId::of::<T>());
            (*slot).init = true;
        }
        Ok(h)
    }

    /// Stores `value` in an instance allocated by someone else (a float
    /// subclass made by `float.__new__`, a type made by a metaclass).
    ///
    /// # Safety
    /// `h` must be an instance of a type whose spec stores `T`.
    pub unsafe fn init_data<T: ObjectData>(self, h: impl AsHandle<'c>, value: T) -> PyResult<()> {
        if core::mem::size_of::<T>() == 0 {
            core::mem::forget(value);
            return Ok(());
        }
        let slot = self.slot_ptr::<T>(h.raw());
        if slot.is_null() {
            return Err(not_initialised(self, h.raw()));
        }
        // SAFETY: the caller guarantees the layout; an old value is dropped once.
        unsafe {
            if (*slot).init {
                return Err(PyErr::type_error("object is already initialised"));
            }
            (*slot).value.write(value);
            (*slot).tag.write(core::any::TypeId::of::<T>());
            (*slot).init = true;
        }
        Ok(())
    }

    /// The Rust data of `h`, after checking that its payload was initialised
    /// with a `T` (the slot's type tag).
    ///
    /// # Safety
    /// `h` must be an instance of an HPy type made from a spec (any data
    /// type): its payload, if any, starts with the `Slot` header.
    pub(crate) unsafe fn data_tagged<'a, T: ObjectData>(
        self,
        h: Borrowed<'a, 'c>,
    ) -> PyResult<&'a T> {
        if let Some(z) = zst_ref() {
            return Ok(z);
        }
        let slot = self.slot_ptr::<T>(h.raw());
        if slot.is_null() {
            return Err(not_initialised(self, h.raw()));
        }
        // SAFETY: the header (`init`, then `tag`) sits at the same offsets for
        // every data type and is read through raw places; the tag is only
        // read once `init` says it was written, and the value only once the
        // tag says it is a `T`. The object lives while `h` is open.
        unsafe {
            if !(*slot).init {
                return Err(not_initialised(self, h.raw()));
            }
            if (*slot).tag.assume_init_read() != core::any::TypeId::of::<T>() {
                return Err(PyErr::type_error(format!(
                    "this '{}' object does not hold the data expected here",
                    self.type_name_of(h)
                )));
            }
            Ok((*slot).value.assume_init_ref())
        }
    }

    /// The Rust data of `h`, or `None` while it is not initialised (an instance
    /// made by an inherited built-in `tp_new`).
    ///
    /// # Safety
    /// As for [`Ctx::data`].
    pub unsafe fn data_opt<'a, T: ObjectData>(self, h: Borrowed<'a, 'c>) -> Option<&'a T> {
        if let Some(z) = zst_ref() {
            return Some(z);
        }
        let slot = self.slot_ptr::<T>(h.raw());
        if slot.is_null() {
            return None;
        }
        // SAFETY: as in `data`.
        unsafe { (*slot).init.then(|| (*slot).value.assume_init_ref()) }
    }

    /// The Rust data of `h`, alive as long as the borrowed handle.
    ///
    /// # Safety
    /// `h` must be an instance of a type whose spec stores `T` (check the type
    /// first, e.g. with [`Ctx::type_check`]).
    pub unsafe fn data<'a, T: ObjectData>(self, h: Borrowed<'a, 'c>) -> PyResult<&'a T> {
        if let Some(z) = zst_ref() {
            return Ok(z);
        }
        let slot = self.slot_ptr::<T>(h.raw());
        if slot.is_null() {
            return Err(not_initialised(self, h.raw()));
        }
        // SAFETY: the caller guarantees the layout; the object (and so its
        // payload, which no runtime moves) lives while `h` is open, i.e. for `'c`.
        unsafe {
            if !(*slot).init {
                return Err(not_initialised(self, h.raw()));
            }
            Ok((*slot).value.assume_init_ref())
        }
    }
}

/// The `TypeError` for an instance whose Rust data was never written: made by
/// `object.__new__(T)` (CPython refuses that call; PyPy makes an instance
/// without storage) or by an inherited built-in `tp_new`.
#[cold]
fn not_initialised(ctx: Ctx<'_>, h: ffi::HPy) -> PyErr {
    // SAFETY: `h` is the open handle the caller is reading.
    let b = unsafe { Borrowed::from_raw(ctx, h) };
    PyErr::type_error(format!(
        "this '{}' object is not initialised (it was not made by its type's __new__)",
        ctx.type_name_of(b)
    ))
}
