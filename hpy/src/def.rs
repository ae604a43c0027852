//! Static definitions HPy reads: `HPyDef`s, type specs and the module
//! definition, plus the macros that generate them.

use core::cell::UnsafeCell;
use core::ffi::CStr;
use core::ptr::null;

use hpy_sys as ffi;

use crate::ctx::{Ctx, api};
use crate::err::PyResult;
use crate::handle::{AsHandle, Handle};
use crate::impl_::Parts;
use crate::object::{ObjectData, Shape};

/// One `HPyDef`: a method, slot, property or member.
#[repr(transparent)]
pub struct Def(ffi::HPyDef);

// SAFETY: a `Def` holds only pointers to static names and functions and is
// never written after construction (runtimes only read definitions).
unsafe impl Sync for Def {}

const fn opt_ptr(s: Option<&'static CStr>) -> *const core::ffi::c_char {
    match s {
        Some(s) => s.as_ptr(),
        None => null(),
    }
}

impl Def {
    /// A module-level function or a method.
    pub const fn meth(name: &'static CStr, doc: Option<&'static CStr>, p: Parts) -> Self {
        Self(ffi::HPyDef {
            kind: ffi::HPyDef_Kind_Meth,
            __bindgen_anon_1: ffi::HPyDef__bindgen_ty_1 {
                meth: ffi::HPyMeth {
                    name: name.as_ptr(),
                    impl_: p.imp,
                    // SAFETY: HPy stores the trampoline as a PyCFunction and
                    // CPython calls it with the signature it was made for.
                    cpy_trampoline: unsafe {
                        core::mem::transmute::<unsafe extern "C" fn(), ffi::cpy_PyCFunction>(
                            p.tramp,
                        )
                    },
                    signature: p.sig,
                    doc: opt_ptr(doc),
                },
            },
        })
    }

    /// A type or module slot (`HPy_tp_repr`, `HPy_mod_exec`, ...).
    pub const fn slot(slot: ffi::HPySlot_Slot, p: Parts) -> Self {
        Self(ffi::HPyDef {
            kind: ffi::HPyDef_Kind_Slot,
            __bindgen_anon_1: ffi::HPyDef__bindgen_ty_1 {
                slot: ffi::HPySlot {
                    slot,
                    impl_: p.imp,
                    // SAFETY: as in `meth`.
                    cpy_trampoline: unsafe {
                        core::mem::transmute::<unsafe extern "C" fn(), ffi::cpy_PyCFunction>(
                            p.tramp,
                        )
                    },
                },
            },
        })
    }

    /// A property with a getter and an optional setter.
    pub const fn getset(
        name: &'static CStr,
        doc: Option<&'static CStr>,
        get: Option<Parts>,
        set: Option<Parts>,
    ) -> Self {
        let (getter_impl, getter_cpy_trampoline) = match get {
            // SAFETY: the trampoline of a GETTER is a `cpy_getter`.
            Some(p) => (p.imp, unsafe {
                core::mem::transmute::<unsafe extern "C" fn(), ffi::cpy_getter>(p.tramp)
            }),
            None => (None, None),
        };
        let (setter_impl, setter_cpy_trampoline) = match set {
            // SAFETY: the trampoline of a SETTER is a `cpy_setter`.
            Some(p) => (p.imp, unsafe {
                core::mem::transmute::<unsafe extern "C" fn(), ffi::cpy_setter>(p.tramp)
            }),
            None => (None, None),
        };
        Self(ffi::HPyDef {
            kind: ffi::HPyDef_Kind_GetSet,
            __bindgen_anon_1: ffi::HPyDef__bindgen_ty_1 {
                getset: ffi::HPyGetSet {
                    name: name.as_ptr(),
                    getter_impl,
                    setter_impl,
                    getter_cpy_trampoline,
                    setter_cpy_trampoline,
                    doc: opt_ptr(doc),
                    closure: core::ptr::null_mut(),
                },
            },
        })
    }

    /// A member: a C value at `offset` in the instance payload, exposed as an
    /// attribute (HPy's `HPyMember_*` types).
    pub const fn member(
        name: &'static CStr,
        ty: ffi::HPyMember_FieldType,
        offset: usize,
        readonly: bool,
        doc: Option<&'static CStr>,
    ) -> Self {
        Self(ffi::HPyDef {
            kind: ffi::HPyDef_Kind_Member,
            __bindgen_anon_1: ffi::HPyDef__bindgen_ty_1 {
                member: ffi::HPyMember {
                    name: name.as_ptr(),
                    type_: ty,
                    offset: offset as ffi::HPy_ssize_t,
                    readonly: readonly as core::ffi::c_int,
                    doc: opt_ptr(doc),
                },
            },
        })
    }

    /// The pointer HPy's `defines` lists hold.
    pub const fn as_ptr(&'static self) -> *mut ffi::HPyDef {
        (&raw const self.0).cast_mut()
    }
}

/// A NULL-terminated list of definitions (`HPyDef **`), as HPy wants it.
#[doc(hidden)]
pub struct DefList(pub &'static [*mut ffi::HPyDef]);

// SAFETY: the pointers are to static, read-only `Def`s; the list is never written.
unsafe impl Sync for DefList {}

impl DefList {
    /// The list as HPy's `HPyDef **`.
    pub const fn as_ptr(&'static self) -> *mut *mut ffi::HPyDef {
        self.0.as_ptr().cast_mut()
    }
}

/// One entry of a module's globals array (a `Sync` raw pointer).
#[doc(hidden)]
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct GlobalPtr(pub *mut ffi::HPyGlobal);

// SAFETY: points to a `Global` cell, which is `Sync`.
unsafe impl Sync for GlobalPtr {}

impl GlobalPtr {
    /// The array as the raw pointers HPy reads (same layout).
    pub const fn slice(a: &'static [GlobalPtr]) -> &'static [*mut ffi::HPyGlobal] {
        // SAFETY: `GlobalPtr` is `repr(transparent)` over the pointer.
        unsafe { core::slice::from_raw_parts(a.as_ptr().cast(), a.len()) }
    }
}

/// Wraps each pointer of [`global_array`] for a `static`.
#[doc(hidden)]
pub const fn global_ptrs(a: [*mut ffi::HPyGlobal; MAX_GLOBALS]) -> [GlobalPtr; MAX_GLOBALS] {
    let mut out = [GlobalPtr(core::ptr::null_mut()); MAX_GLOBALS];
    let mut i = 0;
    while i < MAX_GLOBALS {
        out[i] = GlobalPtr(a[i]);
        i += 1;
    }
    out
}

/// A NULL-terminated list of globals (`HPyGlobal **`).
#[doc(hidden)]
pub struct GlobalList(pub &'static [*mut ffi::HPyGlobal]);

/// Most globals one module may list (the list is a fixed-size static array).
#[doc(hidden)]
pub const MAX_GLOBALS: usize = 1024;

/// Flattens groups of globals into the NULL-terminated array HPy reads
/// (unused entries stay NULL, so the list ends at the first of them).
#[doc(hidden)]
pub const fn global_array(
    groups: &[&'static [crate::Global]],
    specs: &[&'static [&'static AnyTypeSpec]],
) -> [*mut ffi::HPyGlobal; MAX_GLOBALS] {
    let mut out = [core::ptr::null_mut(); MAX_GLOBALS];
    let mut n = 0;
    let mut g = 0;
    while g < groups.len() {
        let mut i = 0;
        while i < groups[g].len() {
            assert!(n + 1 < MAX_GLOBALS, "too many HPyGlobals in one module");
            out[n] = groups[g][i].as_ptr();
            n += 1;
            i += 1;
        }
        g += 1;
    }
    let mut l = 0;
    while l < specs.len() {
        let mut i = 0;
        while i < specs[l].len() {
            assert!(n + 1 < MAX_GLOBALS, "too many HPyGlobals in one module");
            out[n] = specs[l][i].1.as_ptr();
            n += 1;
            i += 1;
        }
        l += 1;
    }
    out
}

// SAFETY: the pointers are to `Global` cells (themselves `Sync`); the list is
// never written.
unsafe impl Sync for GlobalList {}

/// A type specification (`HPyType_Spec`) and the type object created from it
/// (kept in an `HPyGlobal`: list [`AnyTypeSpec::globals`] in the module
/// definition), whatever Rust data its instances store: what lists of specs
/// hold. A [`TypeSpec<T>`] derefs to it.
pub struct AnyTypeSpec(UnsafeCell<ffi::HPyType_Spec>, crate::Global);

// SAFETY: the spec holds pointers to static data; HPy reads it while creating
// the type, under the interpreter lock.
unsafe impl Sync for AnyTypeSpec {}

/// A type spec whose instances store a `T` (made by [`crate::type_spec!`]):
/// the payload's type is part of the spec's type, so [`TypeSpec::data`],
/// [`TypeSpec::instance`] and [`TypeSpec::new_object`] cannot read or write
/// another type than the one the type's `basicsize`, `tp_destroy` and
/// `tp_traverse` were made for.
pub struct TypeSpec<T: ObjectData> {
    any: AnyTypeSpec,
    _data: core::marker::PhantomData<fn() -> T>,
}

impl<T: ObjectData> core::ops::Deref for TypeSpec<T> {
    type Target = AnyTypeSpec;
    fn deref(&self) -> &AnyTypeSpec {
        &self.any
    }
}

impl<T: ObjectData> TypeSpec<T> {
    /// A spec for instances storing `T`; `defines` is a NULL-terminated
    /// static list (the `tp_destroy`/`tp_traverse` of `T` included, which
    /// [`crate::type_spec!`] adds).
    #[doc(hidden)]
    pub const fn new(
        name: &'static CStr,
        flags: u64,
        defines: &'static DefList,
        doc: Option<&'static CStr>,
    ) -> Self {
        Self {
            any: AnyTypeSpec::new(
                name,
                crate::object::basicsize::<T>(),
                flags,
                T::SHAPE,
                defines,
                doc,
            ),
            _data: core::marker::PhantomData,
        }
    }

    /// The untyped specs of a list of specs storing `T` (for the module's
    /// `type_specs`).
    pub const fn erase_all<const N: usize>(
        specs: &[&'static TypeSpec<T>; N],
    ) -> [&'static AnyTypeSpec; N] {
        let mut out = [&specs[0].any; N];
        let mut i = 0;
        while i < N {
            out[i] = &specs[i].any;
            i += 1;
        }
        out
    }

    /// The untyped spec (a `const fn`, for static lists of specs).
    pub const fn any(&'static self) -> &'static AnyTypeSpec {
        &self.any
    }

    /// The global holding the created type (a `const fn`, for `slot!`).
    pub const fn type_global(&'static self) -> &'static crate::Global {
        &self.any.1
    }

    /// The Rust data of `h`, an instance of this spec's type (or of a
    /// subtype made from a spec storing `T` too); `TypeError` for anything
    /// else, including instances never initialised (`object.__new__`).
    #[inline]
    pub fn data<'a, 'c>(
        &'static self,
        ctx: Ctx<'c>,
        h: crate::Borrowed<'a, 'c>,
    ) -> PyResult<&'a T> {
        if !self.is_instance(ctx, h)? {
            return Err(crate::PyErr::type_error(format!(
                "descriptor requires a '{}' object but received a '{}'",
                self.name(),
                ctx.type_name_of(h)
            )));
        }
        // SAFETY: `h` is an instance of this HPy type or of an HPy subtype
        // (Python subclasses of types with data cannot be instantiated,
        // see `new_object`), so its payload has the `Slot` header; the
        // slot's type tag is checked against `T` before the value is read.
        unsafe { ctx.data_tagged::<T>(h) }
    }

    /// [`TypeSpec::data`], `None` when `h` is not an instance of this type.
    #[inline]
    pub fn data_opt<'a, 'c>(
        &'static self,
        ctx: Ctx<'c>,
        h: crate::Borrowed<'a, 'c>,
    ) -> PyResult<Option<&'a T>> {
        if !self.is_instance(ctx, h)? {
            return Ok(None);
        }
        // SAFETY: as in `data`.
        unsafe { ctx.data_tagged::<T>(h) }.map(Some)
    }

    /// A new instance of `ty` holding `value`, where `ty` is what the type's
    /// `tp_new` received. Only the type itself is accepted: HPy 0.9 runtimes
    /// cannot handle Python subclasses of types with data (see `new`), and
    /// PyPy does not refuse to create such subclasses.
    pub fn new_object<'c>(
        &'static self,
        ctx: Ctx<'c>,
        ty: impl AsHandle<'c>,
        value: T,
    ) -> PyResult<Handle<'c>> {
        let own = self.1.load(ctx)?;
        if core::mem::size_of::<T>() != 0 {
            if !ctx.is(&own, ty) {
                return Err(crate::PyErr::type_error(format!(
                    "cannot create '{}' instances: subclasses of '{}' are not supported (HPy 0.9)",
                    ctx.type_name(ty),
                    ctx.type_name(&own)
                )));
            }
        } else if !ctx.type_check(ty, ctx.constant(|t| t.h_TypeType)) || !ctx.is_subtype(ty, &own) {
            return Err(crate::PyErr::type_error(format!(
                "cannot create '{}' instances from this type",
                ctx.type_name(&own)
            )));
        }
        ctx.new_object(ty, value)
    }

    /// A new instance of this type holding `value` (for Rust callers).
    pub fn instance<'c>(&'static self, ctx: Ctx<'c>, value: T) -> PyResult<Handle<'c>> {
        // SAFETY: the global holds this spec's own type, stored once at
        // module init.
        if let Some(t) = unsafe { self.1.borrow_stable(ctx) } {
            // SAFETY: `t` is the spec's own type, storing `T`.
            return unsafe { ctx.new_object_exact(t, value) };
        }
        let own = self.1.load(ctx)?;
        // SAFETY: as above.
        unsafe { ctx.new_object_exact(&own, value) }
    }
}

impl AnyTypeSpec {
    /// A spec; `defines` is a NULL-terminated static list.
    const fn new(
        name: &'static CStr,
        basicsize: usize,
        flags: u64,
        shape: Shape,
        defines: &'static DefList,
        doc: Option<&'static CStr>,
    ) -> Self {
        // Python subclasses of a pure HPy type whose instances hold data are
        // broken on every HPy 0.9 runtime (CPython's HPy_New hands out the
        // object header as payload and debug mode aborts; PyPy 7.3.19 aborts
        // in their finaliser), so `new_object` refuses any type but the spec's
        // own. Subtypes made from other specs (`HPyType_SpecParam_Base`) are
        // HPy types and fine, so BASETYPE stays allowed.
        Self(
            UnsafeCell::new(ffi::HPyType_Spec {
                name: name.as_ptr(),
                basicsize: basicsize as core::ffi::c_int,
                itemsize: 0,
                flags: (flags | crate::flags::DEFAULT) as core::ffi::c_ulong,
                builtin_shape: shape.raw(),
                legacy_slots: core::ptr::null_mut(),
                defines: defines.as_ptr(),
                doc: opt_ptr(doc),
            }),
            crate::Global::new(),
        )
    }

    /// The global holding the created type.
    pub const fn type_global(&'static self) -> &'static crate::Global {
        &self.1
    }

    /// The global holding the created type, for the module's `global_groups`.
    pub const fn globals(&'static self) -> &'static [crate::Global] {
        core::slice::from_ref(&self.1)
    }

    /// The type object created by [`TypeSpec::create`].
    pub fn type_object<'c>(&'static self, ctx: Ctx<'c>) -> PyResult<Handle<'c>> {
        self.1.load(ctx)
    }

    /// Whether `h` is an instance of this type (or of a subclass).
    pub fn is_instance<'c>(&'static self, ctx: Ctx<'c>, h: impl AsHandle<'c>) -> PyResult<bool> {
        // SAFETY: a type spec's global is stored once, by `create` when the
        // module is initialised, before any call can read it here.
        if let Some(t) = unsafe { self.1.borrow_stable(ctx) } {
            return Ok(ctx.type_check(h, t));
        }
        let t = self.1.load(ctx)?;
        Ok(ctx.type_check(h, &t))
    }

    /// The type object borrowed from its global where the runtime allows
    /// (see `Global::borrow_stable`), else `None`.
    #[inline]
    pub fn type_borrowed<'c>(&'static self, ctx: Ctx<'c>) -> Option<crate::Borrowed<'c, 'c>> {
        // SAFETY: a type spec's global is stored once, at module init.
        unsafe { self.1.borrow_stable(ctx) }
    }

    /// The spec's `name` (as given, e.g. "numpy_hpy.ndarray").
    pub fn name(&'static self) -> &'static str {
        // SAFETY: read-only access to our own static spec, whose name is a
        // static NUL-terminated string.
        unsafe { CStr::from_ptr((*self.0.get()).name) }
            .to_str()
            .unwrap_or("?")
    }

    /// Creates the type; `base` defaults to `object` (or to the built-in of the
    /// shape), `metaclass` to `type`.
    pub fn create<'c>(
        &'static self,
        ctx: Ctx<'c>,
        base: Option<crate::Borrowed<'_, 'c>>,
        metaclass: Option<crate::Borrowed<'_, 'c>>,
    ) -> PyResult<Handle<'c>> {
        let mut params = Vec::with_capacity(3);
        if let Some(b) = base {
            params.push(ffi::HPyType_SpecParam {
                kind: ffi::HPyType_SpecParam_Base,
                object: b.raw(),
            });
        }
        if let Some(m) = metaclass {
            params.push(ffi::HPyType_SpecParam {
                kind: ffi::HPyType_SpecParam_Metaclass,
                object: m.raw(),
            });
        }
        self.create_params(ctx, params)
    }

    /// Creates the type with several bases (`HPyType_SpecParam_BasesTuple`),
    /// e.g. NumPy's `float64(floating, float)`.
    pub fn create_bases<'c>(
        &'static self,
        ctx: Ctx<'c>,
        bases: &[crate::Borrowed<'_, 'c>],
        metaclass: Option<crate::Borrowed<'_, 'c>>,
    ) -> PyResult<Handle<'c>> {
        let tuple = ctx.tuple(bases)?;
        let mut params = vec![ffi::HPyType_SpecParam {
            kind: ffi::HPyType_SpecParam_BasesTuple,
            object: tuple.raw(),
        }];
        if let Some(m) = metaclass {
            params.push(ffi::HPyType_SpecParam {
                kind: ffi::HPyType_SpecParam_Metaclass,
                object: m.raw(),
            });
        }
        self.create_params(ctx, params)
    }

    fn create_params<'c>(
        &'static self,
        ctx: Ctx<'c>,
        mut params: Vec<ffi::HPyType_SpecParam>,
    ) -> PyResult<Handle<'c>> {
        // SAFETY: read-only access to our own static spec.
        let spec = unsafe { &*self.0.get() };
        if spec.basicsize > 0
            && spec.builtin_shape != ffi::HPyType_BuiltinShape_Object
            && spec.builtin_shape != ffi::HPyType_BuiltinShape_Type
            && !ctx.capabilities().builtin_shape_data
        {
            // PyPy 7.3.19's HPy aborts the process in `HPy_AsStruct_Float` & co.
            return Err(crate::PyErr::type_error(
                "this runtime's HPy (0.9.1.dev, PyPy) cannot store data in subclasses of built-in \
                 types other than object and type",
            ));
        }
        let p = if params.is_empty() {
            core::ptr::null_mut()
        } else {
            params.push(ffi::HPyType_SpecParam {
                kind: 0,
                object: ffi::HPy { _i: 0 },
            });
            params.as_mut_ptr()
        };
        let ty = ctx.check(api!(ctx, ctx_Type_FromSpec, self.0.get(), p))?;
        self.1.store(ctx, &ty);
        crate::getset_fix::wrap_getsets(ctx, &ty, spec)?;
        Ok(ty)
    }
}

/// The module definition (`HPyModuleDef`), made by [`crate::module!`].
#[doc(hidden)]
pub struct ModuleDef(pub UnsafeCell<ffi::HPyModuleDef>);

// SAFETY: holds pointers to static data; runtimes read it at import, under the
// interpreter lock.
unsafe impl Sync for ModuleDef {}

impl ModuleDef {
    /// The definition of a module without state (HPy 0.9 refuses `size > 0`).
    pub const fn new(
        doc: Option<&'static CStr>,
        defines: &'static DefList,
        globals: &'static GlobalList,
    ) -> Self {
        Self(UnsafeCell::new(ffi::HPyModuleDef {
            doc: opt_ptr(doc),
            size: 0,
            legacy_methods: core::ptr::null_mut(),
            defines: defines.as_ptr(),
            globals: globals.0.as_ptr().cast_mut(),
        }))
    }
}

/// Defines a module-level function or method:
/// `meth!(pub static HELLO: noargs = c"hello", hello_impl, c"doc");`
/// where the signature is one of `noargs`, `o`, `varargs`, `keywords`.
#[macro_export]
macro_rules! meth {
    ($(#[$m:meta])* $vis:vis static $name:ident: $sig:ident = $pyname:expr, $f:expr $(, $doc:expr)? $(,)?) => {
        $(#[$m])*
        $vis static $name: $crate::Def = {
            struct Marker;
            impl $crate::impl_::$sig::Impl for Marker {
                const F: $crate::impl_::$sig::Fn = $f;
            }
            $crate::Def::meth($pyname, $crate::__opt!($($doc)?), $crate::impl_::$sig::parts::<Marker>())
        };
    };
}

/// Defines a slot: `slot!(pub static FOO_REPR: reprfunc = HPy_tp_repr, foo_repr);`
///
/// A `tp_new` names the spec whose slot it is, `slot!(static NEW: newfunc =
/// HPy_tp_new, foo_new, of: FOO_SPEC);`, so that `Foo.__new__(NotAFoo)` raises
/// `TypeError` on every runtime (CPython checks it, PyPy's HPy does not).
#[macro_export]
macro_rules! slot {
    ($(#[$m:meta])* $vis:vis static $name:ident: $sig:ident = $slot:ident, $f:expr $(, of: $owner:expr)? $(,)?) => {
        $(#[$m])*
        $vis static $name: $crate::Def = {
            struct Marker;
            impl $crate::impl_::$sig::Impl for Marker {
                const F: $crate::impl_::$sig::Fn = $f;
                $(const OWNER: Option<&'static $crate::Global> = Some($crate::TypeSpec::type_global(&$owner));)?
            }
            $crate::Def::slot($crate::impl_::ffi::$slot, $crate::impl_::$sig::parts::<Marker>())
        };
    };
}

/// Defines a binary number slot and its reflected method:
/// `binary_slot!(pub static ADD, RADD = HPy_nb_add, c"__radd__", add_fn);`
///
/// CPython calls the slot for both operand orders; PyPy's HPy maps the slot
/// to `__add__` only and looks for `__radd__` when the left operand does not
/// handle the operation, so the reflected method (with the operands swapped
/// back) must exist too. List both defs in the type spec.
#[macro_export]
macro_rules! binary_slot {
    ($(#[$m:meta])* $vis:vis static $name:ident, $rname:ident = $slot:ident, $rpyname:expr, $f:expr $(,)?) => {
        $crate::slot!($(#[$m])* $vis static $name: binary = $slot, $f);
        $vis static $rname: $crate::Def = {
            struct Marker;
            impl $crate::impl_::o::Impl for Marker {
                const F: $crate::impl_::o::Fn = |ctx, slf, other| ($f)(ctx, other, slf);
            }
            $crate::Def::meth($rpyname, None, $crate::impl_::o::parts::<Marker>())
        };
    };
}

/// Defines a property: `getset!(pub static X = c"x", get: x_get, set: x_set, doc: c"...");`
#[macro_export]
macro_rules! getset {
    ($(#[$m:meta])* $vis:vis static $name:ident = $pyname:expr, get: $g:expr $(, set: $s:expr)? $(, doc: $doc:expr)? $(,)?) => {
        $(#[$m])*
        $vis static $name: $crate::Def = {
            struct Getter;
            impl $crate::impl_::getter::Impl for Getter {
                const F: $crate::impl_::getter::Fn = $g;
            }
            $(
                struct Setter;
                impl $crate::impl_::setter::Impl for Setter {
                    const F: $crate::impl_::setter::Fn = $s;
                }
            )?
            $crate::Def::getset(
                $pyname,
                $crate::__opt!($($doc)?),
                Some($crate::impl_::getter::parts::<Getter>()),
                $crate::__setter_parts!($($s)?),
            )
        };
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __setter_parts {
    () => {
        None
    };
    ($s:expr) => {
        Some($crate::impl_::setter::parts::<Setter>())
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __opt {
    () => {
        None
    };
    ($e:expr) => {
        Some($e)
    };
}

/// Defines a type spec for instances storing `$data` (an [`crate::ObjectData`]):
///
/// ```ignore
/// type_spec!(pub static FOO_SPEC: Foo = {
///     name: c"pkg.mod.Foo", flags: hpy::flags::BASETYPE, doc: c"...",
///     defines: [FOO_NEW, FOO_REPR],
/// });
/// ```
/// `tp_destroy` (dropping the Rust value) is added when `$data` needs
/// dropping, `tp_traverse` (and `HAVE_GC`) when `$data` holds fields
/// (`ObjectData::HAS_FIELDS`) or the flags contain `HAVE_GC`. (PyPy registers
/// a finaliser for every instance of a type with `tp_destroy`, which makes
/// each object several times more expensive to create and collect there.)
#[macro_export]
macro_rules! type_spec {
    ($(#[$m:meta])* $vis:vis static $name:ident: $data:ty = {
        name: $pyname:expr,
        flags: $flags:expr,
        $(doc: $doc:expr,)?
        defines: [$($def:expr),* $(,)?] $(,)?
    }) => {
        $(#[$m])*
        $vis static $name: $crate::TypeSpec<$data> = {
            static DESTROY: $crate::Def = $crate::Def::slot(
                $crate::impl_::ffi::HPy_tp_destroy,
                $crate::impl_::object::destroy_parts::<$data>(),
            );
            static TRAVERSE: $crate::Def = $crate::Def::slot(
                $crate::impl_::ffi::HPy_tp_traverse,
                $crate::impl_::object::traverse_parts::<$data>(),
            );
            const GC: bool = ($flags) & $crate::flags::HAVE_GC != 0
                || <$data as $crate::ObjectData>::HAS_FIELDS;
            const DROP: bool = ::core::mem::needs_drop::<$data>();
            // (A null entry ends the list: the optional slots come last.)
            static DEFS: $crate::impl_::DefList = $crate::impl_::DefList(&[
                $($crate::Def::as_ptr(&$def),)*
                if DROP {
                    $crate::Def::as_ptr(&DESTROY)
                } else if GC {
                    $crate::Def::as_ptr(&TRAVERSE)
                } else {
                    ::core::ptr::null_mut()
                },
                if DROP && GC { $crate::Def::as_ptr(&TRAVERSE) } else { ::core::ptr::null_mut() },
                ::core::ptr::null_mut(),
            ]);
            $crate::TypeSpec::<$data>::new(
                $pyname,
                ($flags) | if GC { $crate::flags::HAVE_GC } else { 0 },
                &DEFS,
                $crate::__opt!($($doc)?),
            )
        };
    };
}

/// Defines the module and exports HPy's four entry symbols for it:
///
/// ```ignore
/// module!(_core, doc: c"...", defines: [EXEC, HELLO], globals: [&G1, STATE.global()],
///         global_groups: [SIG.globals()]);
/// ```
/// `$name` must be the last dotted part of the module's name. Entries of
/// `defines` may carry `#[cfg(...)]` attributes.
#[macro_export]
macro_rules! module {
    ($name:ident, $(doc: $doc:expr,)? defines: [$($(#[$dm:meta])* $def:path),* $(,)?], globals: [$($g:expr),* $(,)?]
     $(, global_groups: [$($gg:expr),* $(,)?])? $(, type_specs: [$($ts:expr),* $(,)?])? $(,)?) => {
        const _: () = {
            static DEFS: $crate::impl_::DefList = $crate::impl_::DefList(&[
                $($(#[$dm])* $crate::Def::as_ptr(&$def),)*
                $crate::Def::as_ptr(&$crate::impl_::RAISE_PENDING),
                ::core::ptr::null_mut(),
            ]);
            static GLOBAL_ARRAY: [$crate::impl_::GlobalPtr; $crate::impl_::MAX_GLOBALS] =
                $crate::impl_::global_ptrs($crate::impl_::global_array(
                    &[$(::core::slice::from_ref($g),)* $($($gg,)*)? &$crate::impl_::GETSET_FIX_GLOBALS],
                    &[$($($ts,)*)?],
                ));
            static GLOBALS: $crate::impl_::GlobalList =
                $crate::impl_::GlobalList($crate::impl_::GlobalPtr::slice(&GLOBAL_ARRAY));
            static MODULE: $crate::impl_::ModuleDef =
                $crate::impl_::ModuleDef::new($crate::__opt!($($doc)?), &DEFS, &GLOBALS);

            #[unsafe(export_name = concat!("get_required_hpy_major_version_", stringify!($name)))]
            extern "C" fn required_major() -> u32 {
                $crate::impl_::ffi::HPY_ABI_VERSION
            }

            #[unsafe(export_name = concat!("get_required_hpy_minor_version_", stringify!($name)))]
            extern "C" fn required_minor() -> u32 {
                $crate::impl_::ffi::HPY_ABI_VERSION_MINOR
            }

            #[unsafe(export_name = concat!("HPyInitGlobalContext_", stringify!($name)))]
            extern "C" fn init_global_context(ctx: *mut $crate::impl_::ffi::HPyContext) {
                // SAFETY: the runtime calls this once, with its own context.
                unsafe { $crate::impl_::init_global_context(ctx) }
            }

            #[unsafe(export_name = concat!("HPyInit_", stringify!($name)))]
            extern "C" fn init() -> *mut $crate::impl_::ffi::HPyModuleDef {
                MODULE.0.get()
            }
        };
    };
}

/// Defines a member: a plain C value inside the Rust data exposed as an attribute:
/// `member!(pub static N = c"n", HPyMember_HPYSSIZET, Data, field, readonly);`
#[macro_export]
macro_rules! member {
    ($(#[$m:meta])* $vis:vis static $name:ident = $pyname:expr, $kind:ident, $data:ty, $field:ident, $ro:ident $(, doc: $doc:expr)? $(,)?) => {
        $(#[$m])*
        $vis static $name: $crate::Def = $crate::Def::member(
            $pyname,
            $crate::impl_::ffi::$kind,
            $crate::impl_::object::value_offset::<$data>() + ::core::mem::offset_of!($data, $field),
            $crate::__readonly!($ro),
            $crate::__opt!($($doc)?),
        );
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __readonly {
    (readonly) => {
        true
    };
    (writable) => {
        false
    };
}
