//! The context of one call into the extension, and HPy's `static inline` API.

use core::ffi::{CStr, c_char, c_int};
use core::marker::PhantomData;
use core::ptr::NonNull;
use std::ffi::CString;

use hpy_sys as ffi;

use crate::err::{ExcType, PyErr, PyResult};
use crate::handle::{AsHandle, Borrowed, Handle};

/// Calls a function of the context's function table.
///
/// Every entry of an `HPyContext` handed to us by a runtime is filled in (HPy's
/// ABI contract), so a missing one is a broken runtime and we panic, which the
/// entry point's boundary turns into a `SystemError`.
macro_rules! api {
    ($ctx:expr, $name:ident $(, $arg:expr)* $(,)?) => {{
        let c: Ctx<'_> = $ctx;
        $crate::ctx::layout::before_call(c);
        // SAFETY: a raw place projection on the live context (invariant of
        // `Ctx`), in bounds of every runtime's table, which is at least as
        // long as HPy 0.9.0's; no reference to the table is made.
        let p = unsafe { &raw const (*c.as_ptr()).$name };
        // SAFETY: `p` is the member's 0.9.0 place, derived from `c.as_ptr()`.
        let f = unsafe { $crate::ctx::layout::member(c, p) }
            .expect(concat!("HPy context lacks ", stringify!($name)));
        // SAFETY: `c.raw` is the live context of the current call (invariant of
        // `Ctx`), `member` found the entry where this runtime's layout has it,
        // and every argument is a value the HPy function accepts: the callers
        // pass open handles and valid pointers.
        unsafe { f(c.as_ptr() $(, $arg)*) }
    }};
}
pub(crate) use api;

/// Where each context member lives on the running runtime.
///
/// PyPy 7.3.19 ships HPy 0.9.1.dev, which declares the same ABI version (0.0)
/// as HPy 0.9.0 but inserts `h_DictType` after `h_Builtins`: every member from
/// `ctx_Capsule_New` on sits one pointer further (and a few are appended at
/// the end). Calling through the 0.9.0 offsets there jumps to a handle value
/// (the segfault DESIGN.md reports in a module's exec slot). The runtime is
/// identified positively ([`crate::runtime`]); its [`Capabilities`]
/// (crate::runtime::Capabilities) give the shift, and an unknown runtime is
/// refused rather than guessed at.
pub mod layout {
    use core::sync::atomic::Ordering;

    use hpy_sys as ffi;

    use super::Ctx;
    use crate::runtime::SHIFT_START;

    /// The context of CPython's universal backend, once seen (see
    /// [`Ctx::handles_are_objects`]).
    // module-state: allowed (identity of the runtime's context, fixed per process)
    static OBJECT_HANDLES_CTX: core::sync::atomic::AtomicPtr<ffi::HPyContext> =
        core::sync::atomic::AtomicPtr::new(core::ptr::null_mut());

    /// Whether handles and globals of `c` are the objects' addresses.
    #[inline]
    pub(crate) fn handles_are_objects(c: Ctx<'_>) -> bool {
        let p = c.as_ptr();
        if OBJECT_HANDLES_CTX.load(Ordering::Relaxed) == p {
            return true;
        }
        // hpy 0.9's universal backend on CPython represents an `HPy` and an
        // `HPyGlobal` as the `PyObject*` itself (`_py2h`/`_hg2py`); debug and
        // trace contexts, and PyPy, use other representations.
        if c.name() == "HPy Universal ABI (CPython backend)" {
            OBJECT_HANDLES_CTX.store(p, Ordering::Relaxed);
            return true;
        }
        false
    }

    // module-state: allowed (this CPython's tuple layout, verified once: 0 unknown, 1 no, 2 + handle tag)
    static TUPLE_LAYOUT: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

    /// `PyTupleObject`: `PyObject_VAR_HEAD` (refcount, type, size) then the items.
    const TUPLE_SIZE_WORD: usize = 2;
    const TUPLE_ITEMS_WORD: usize = 3;

    /// An exact tuple whose items are read in place, borrowed from the
    /// tuple's handle for `'a` (a tuple never changes, so its items stay
    /// alive as long as it does).
    #[derive(Clone, Copy)]
    pub struct FastTuple<'a, 'c> {
        ctx: Ctx<'c>,
        items: *const isize,
        len: usize,
        tag: isize,
        _tuple: core::marker::PhantomData<crate::Borrowed<'a, 'c>>,
    }

    impl<'a, 'c> FastTuple<'a, 'c> {
        /// Number of items.
        pub fn len(&self) -> usize {
            self.len
        }

        /// Whether the tuple is empty.
        pub fn is_empty(&self) -> bool {
            self.len == 0
        }

        /// Item `i` (< `len`), borrowed from the tuple.
        #[inline]
        pub fn get(&self, i: usize) -> crate::Borrowed<'a, 'c> {
            assert!(i < self.len);
            // SAFETY: `i` is in bounds of the tuple's item array (checked), and
            // the tuple keeps the item alive while the tuple's handle is open
            // (borrowed for `'a`). Handles are the object address plus the
            // backend's tag.
            unsafe {
                let obj = *self.items.add(i);
                crate::Borrowed::from_raw(self.ctx, ffi::HPy { _i: obj + self.tag })
            }
        }
    }

    /// The items of an exact tuple, read in place, where handles are tagged
    /// object addresses (hpy 0.9's universal backend on CPython: `_py2h(o)` is
    /// `o + 1`) and this interpreter's tuple layout passed a self-check (a
    /// tuple of three known objects read back through the same offsets);
    /// `None` elsewhere (callers fall back to `HPy_GetItem_i`).
    #[inline]
    pub(crate) fn tuple_items<'a, 'c>(
        c: Ctx<'c>,
        h: crate::Borrowed<'a, 'c>,
    ) -> Option<FastTuple<'a, 'c>> {
        let h = crate::AsHandle::raw(h);
        if h._i == 0 {
            return None;
        }
        let tag = tuple_tag(c)?;
        let p = (h._i - tag) as *const isize;
        // SAFETY: on this backend `h - tag` is the address of a live object
        // (verified representation), whose second word is its type pointer.
        if unsafe { *p.add(1) } != c.table().h_TupleType._i - tag {
            // Only exact tuples: a subclass could have another layout.
            return None;
        }
        // SAFETY: `p` is an exact tuple, whose size and items sit at the
        // offsets verified at first use.
        let len = unsafe { *p.add(TUPLE_SIZE_WORD) } as usize;
        Some(FastTuple {
            ctx: c,
            // SAFETY: in bounds of the tuple object.
            items: unsafe { p.add(TUPLE_ITEMS_WORD) },
            len,
            tag,
            _tuple: core::marker::PhantomData,
        })
    }

    /// The handle tag where handles are object addresses and the tuple
    /// layout passed its check (verified at first use); `None` elsewhere.
    #[inline]
    fn tuple_tag(c: Ctx<'_>) -> Option<isize> {
        if !handles_are_objects(c) {
            return None;
        }
        match TUPLE_LAYOUT.load(Ordering::Relaxed) {
            0 => {
                let found = verify_tuple_layout(c);
                TUPLE_LAYOUT.store(found.map_or(1, |t| 2 + t as usize), Ordering::Relaxed);
                found
            }
            1 => None,
            v => Some((v - 2) as isize),
        }
    }

    /// The handle tag (0 or 1) under which a known tuple reads back right
    /// through CPython's `PyTupleObject` offsets, if any.
    fn verify_tuple_layout(c: Ctx<'_>) -> Option<isize> {
        let t = c.table();
        let items = [t.h_None, t.h_True, t.h_False];
        let Ok(tuple) = c.tuple(&[
            c.constant(|t| t.h_None),
            c.constant(|t| t.h_True),
            c.constant(|t| t.h_False),
        ]) else {
            c.err_clear();
            return None;
        };
        let h = crate::AsHandle::raw(&tuple)._i;
        // Objects are word-aligned, so only one of the two tags can give an
        // object's address: the other is never dereferenced (a read 1 byte
        // off would be misaligned, and could pass the end of the tuple).
        let aligned =
            |tag: &isize| ((h - tag) as usize).is_multiple_of(core::mem::align_of::<isize>());
        (0..=1isize).filter(aligned).find(|&tag| {
            let p = (h - tag) as *const isize;
            // SAFETY: `p` is word-aligned; with the right tag it is the new
            // 3-item tuple (6 words long at least). (A wrong tag giving an
            // aligned address would mean handles are not `object + 0/1` at
            // all, which `handles_are_objects` checked.)
            unsafe {
                *p.add(1) == t.h_TupleType._i - tag
                    && *p.add(TUPLE_SIZE_WORD) == 3
                    && (0..3).all(|i| *p.add(TUPLE_ITEMS_WORD + i) == items[i]._i - tag)
            }
        })
    }

    // module-state: allowed (this CPython's list and float layouts, verified once: 0 unknown, 1 no, 2 yes)
    static LIST_FLOAT_LAYOUT: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);

    /// `PyListObject`: `PyObject_VAR_HEAD` (refcount, type, size), then the
    /// pointer to the item array.
    const LIST_SIZE_WORD: usize = 2;
    const LIST_ITEMS_WORD: usize = 3;
    /// `PyFloatObject`: `PyObject_HEAD` (refcount, type), then the double.
    pub(crate) const FLOAT_VALUE_WORD: usize = 2;

    /// What an object is, told by its type pointer alone (exact types only:
    /// subclasses are `Other`).
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub enum Exact {
        /// An exact `float`, with its value.
        Float(f64),
        /// An exact `int`.
        Int,
        /// `True` or `False`.
        Bool(bool),
        /// An exact `list`.
        List,
        /// An exact `tuple`.
        Tuple,
        /// Anything else.
        Other,
    }

    /// The handle tag under which objects are read in place, once the list
    /// and float layouts (as well as the tuple layout) passed their checks.
    pub(crate) fn object_tag(c: Ctx<'_>) -> Option<isize> {
        let tag = tuple_tag(c)?;
        match LIST_FLOAT_LAYOUT.load(Ordering::Relaxed) {
            2 => Some(tag),
            1 => None,
            _ => {
                let ok = verify_list_float_layout(c, tag);
                LIST_FLOAT_LAYOUT.store(if ok { 2 } else { 1 }, Ordering::Relaxed);
                ok.then_some(tag)
            }
        }
    }

    /// Whether a known list and a known float read back right through
    /// CPython's `PyListObject` and `PyFloatObject` offsets.
    fn verify_list_float_layout(c: Ctx<'_>, tag: isize) -> bool {
        let t = c.table();
        let items = [t.h_None, t.h_True, t.h_False];
        let consts = [
            c.constant(|t| t.h_None),
            c.constant(|t| t.h_True),
            c.constant(|t| t.h_False),
        ];
        let (Ok(list), Ok(float)) = (c.list(&consts), c.float_from_f64(-1.625)) else {
            c.err_clear();
            return false;
        };
        let l = (crate::AsHandle::raw(&list)._i - tag) as *const isize;
        let f = (crate::AsHandle::raw(&float)._i - tag) as *const isize;
        // SAFETY: with the verified tuple tag, `l` and `f` are the addresses
        // of a new 3-item list (at least 5 words) and a new float (3 words);
        // the item array pointer is only followed once the type and size
        // words matched a list's.
        unsafe {
            *l.add(1) == t.h_ListType._i - tag
                && *l.add(LIST_SIZE_WORD) == 3
                && {
                    let it = *l.add(LIST_ITEMS_WORD) as *const isize;
                    (0..3).all(|i| *it.add(i) == items[i]._i - tag)
                }
                && *f.add(1) == t.h_FloatType._i - tag
                && (*f.add(FLOAT_VALUE_WORD) as u64) == (-1.625f64).to_bits()
        }
    }

    /// The kind of `h` read from its type pointer, where objects are read in
    /// place (CPython's universal backend, layouts verified); `None`
    /// elsewhere.
    #[inline]
    pub(crate) fn exact(c: Ctx<'_>, h: ffi::HPy) -> Option<Exact> {
        let tag = object_tag(c)?;
        Some(classify(c, h, tag))
    }

    /// [`exact`] once the tag is known.
    #[inline(always)]
    fn classify(c: Ctx<'_>, h: ffi::HPy, tag: isize) -> Exact {
        let t = c.table();
        let p = (h._i - tag) as *const isize;
        // SAFETY: on this backend `h - tag` is the address of the live object
        // `h` (verified representation), whose second word is its type.
        let ty = unsafe { *p.add(1) } + tag;
        if ty == t.h_FloatType._i {
            // SAFETY: an exact float keeps its double at the verified offset.
            Exact::Float(f64::from_bits(unsafe { *p.add(FLOAT_VALUE_WORD) } as u64))
        } else if ty == t.h_LongType._i {
            Exact::Int
        } else if ty == t.h_BoolType._i {
            Exact::Bool(h._i == t.h_True._i)
        } else if ty == t.h_ListType._i {
            Exact::List
        } else if ty == t.h_TupleType._i {
            Exact::Tuple
        } else {
            Exact::Other
        }
    }

    /// An exact list whose items are read in place, borrowed from the list's
    /// handle for `'a`. The item array and size are re-read at every access:
    /// Python code run between two accesses may have resized the list.
    #[derive(Clone, Copy)]
    pub struct FastList<'a, 'c> {
        ctx: Ctx<'c>,
        obj: *const isize,
        tag: isize,
        _list: core::marker::PhantomData<crate::Borrowed<'a, 'c>>,
    }

    impl<'a, 'c> FastList<'a, 'c> {
        /// Current number of items.
        #[inline]
        pub fn len(&self) -> usize {
            // SAFETY: `obj` is a live exact list (its handle is borrowed for
            // `'a`); its size word is at the verified offset.
            unsafe { *self.obj.add(LIST_SIZE_WORD) as usize }
        }

        /// Whether the list is empty now.
        pub fn is_empty(&self) -> bool {
            self.len() == 0
        }

        /// Item `i`, borrowed from the list; `None` when out of range.
        ///
        /// # Safety
        /// The item is kept alive only by the list, so the returned handle
        /// is valid only until Python code runs (which could remove it from
        /// the list), whatever its lifetime says: use it only before calling
        /// anything that can run Python code, or take a new handle
        /// (`ctx.dup`) first.
        #[inline]
        pub unsafe fn get(&self, i: usize) -> Option<crate::Borrowed<'a, 'c>> {
            if i >= self.len() {
                return None;
            }
            // SAFETY: `i` is below the current size, so the current item
            // array holds a live object at `i` (kept alive as long as the
            // caller's guarantee holds).
            unsafe {
                let items = *self.obj.add(LIST_ITEMS_WORD) as *const isize;
                let o = *items.add(i);
                Some(crate::Borrowed::from_raw(
                    self.ctx,
                    ffi::HPy { _i: o + self.tag },
                ))
            }
        }
    }

    impl<'a, 'c> FastList<'a, 'c> {
        /// Item `i` with its [`Exact`] kind.
        ///
        /// # Safety
        /// As for [`FastList::get`].
        #[inline]
        pub unsafe fn get_exact(&self, i: usize) -> Option<(crate::Borrowed<'a, 'c>, Exact)> {
            // SAFETY: the caller's guarantee.
            let item = unsafe { self.get(i) }?;
            Some((
                item,
                classify(self.ctx, crate::AsHandle::raw(item), self.tag),
            ))
        }
    }

    // module-state: allowed (whether HPyListBuilder holds the list object itself: 0 unknown, 1 no, 2 yes)
    static BUILDER_LAYOUT: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);

    /// The item array of the list a builder makes, where builders hold the
    /// list object itself (hpy 0.9's universal backend on CPython: `_lst` is
    /// the `PyListObject*`, checked once on a known builder), with the
    /// handle tag; `None` elsewhere.
    pub(crate) fn builder_items(c: Ctx<'_>, b: ffi::HPyListBuilder) -> Option<(*mut isize, isize)> {
        let tag = object_tag(c)?;
        match BUILDER_LAYOUT.load(Ordering::Relaxed) {
            2 => {}
            1 => return None,
            _ => {
                let ok = verify_builder_layout(c, tag);
                BUILDER_LAYOUT.store(if ok { 2 } else { 1 }, Ordering::Relaxed);
                if !ok {
                    return None;
                }
            }
        }
        let l = b._lst as *const isize;
        // SAFETY: `_lst` is a new list of the builder's size (verified
        // representation); its item array pointer is at the verified offset.
        Some((unsafe { *l.add(LIST_ITEMS_WORD) } as *mut isize, tag))
    }

    fn verify_builder_layout(c: Ctx<'_>, tag: isize) -> bool {
        let t = c.table();
        let b = crate::ctx::api!(c, ctx_ListBuilder_New, 1);
        if b._lst == 0 {
            c.err_clear();
            return false;
        }
        crate::ctx::api!(c, ctx_ListBuilder_Set, b, 0, t.h_None);
        let lst = b._lst;
        let built = crate::ctx::api!(c, ctx_ListBuilder_Build, b);
        if built._i == 0 {
            c.err_clear();
            return false;
        }
        let ok = built._i - tag == lst && exact(c, built) == Some(Exact::List) && {
            let p = lst as *const isize;
            // SAFETY: `lst` is the address of the new one-item list (checked
            // equal to the built handle's object, an exact list).
            unsafe { *(*p.add(LIST_ITEMS_WORD) as *const isize) == t.h_None._i - tag }
        };
        crate::ctx::api!(c, ctx_Close, built);
        ok
    }

    /// The exact list `h`, read in place where objects are (see [`exact`]).
    #[inline]
    pub(crate) fn list_items<'a, 'c>(
        c: Ctx<'c>,
        h: crate::Borrowed<'a, 'c>,
    ) -> Option<FastList<'a, 'c>> {
        let h = crate::AsHandle::raw(h);
        let tag = object_tag(c)?;
        if classify(c, h, tag) != Exact::List {
            return None;
        }
        Some(FastList {
            ctx: c,
            obj: (h._i - tag) as *const isize,
            tag,
            _list: core::marker::PhantomData,
        })
    }

    // module-state: allowed (the `name` pointer shared by the runtime's HPy debug-mode contexts, once seen)
    static DEBUG_NAME: core::sync::atomic::AtomicPtr<core::ffi::c_char> =
        core::sync::atomic::AtomicPtr::new(core::ptr::null_mut());
    // module-state: allowed (the `name` pointer of the last non-debug context seen)
    static OTHER_NAME: core::sync::atomic::AtomicPtr<core::ffi::c_char> =
        core::sync::atomic::AtomicPtr::new(core::ptr::null_mut());

    /// HPy's `HPyDebugCtxInfo` (hpy/debug/src/debug_internal.h), at a debug
    /// context's `_private`.
    #[repr(C)]
    struct DebugCtxInfo {
        magic_number: core::ffi::c_long,
        is_valid: bool,
    }

    const DEBUG_CTX_INFO_MAGIC: core::ffi::c_long = 0xDDA003F;

    /// Works around HPy debug mode's context-validity flag, which both of our
    /// runtimes leave wrong in the middle of a correct call, so that the
    /// call's next API use aborts with "Error: Wrong HPy Context!":
    /// - PyPy 7.3.19 marks the context of a call invalid when a nested call
    ///   (our function -> Python -> another of our functions) returns.
    /// - hpy 0.9.0 on CPython hands each trampoline call the next of 16
    ///   cached contexts and marks it invalid when the call returns; the
    ///   `tp_traverse` trampolines of a garbage collection count too. A
    ///   collection that starts inside an API function that does not guard
    ///   the flag itself (`HPyListBuilder_New`, `HPyTupleBuilder_New`,
    ///   `HPyTuple_FromArray`, or a C-API call of the hybrid route) and
    ///   traverses 16 or more HPy objects reuses, and so invalidates, the
    ///   context of the running call (tests/test_hpy_layer.py reproduces it).
    ///
    /// A `Ctx` cannot outlive its call (its lifetime says so), so the flag
    /// protects nothing our code could get wrong: in debug mode the context
    /// is marked valid again before each call. Other contexts pay one pointer
    /// comparison.
    #[inline(always)]
    pub(crate) fn before_call(c: Ctx<'_>) {
        let name = c.table().name;
        if name == OTHER_NAME.load(Ordering::Relaxed) {
            return;
        }
        if name == DEBUG_NAME.load(Ordering::Relaxed) {
            revalidate(c);
            return;
        }
        classify_context(c, name);
    }

    #[cold]
    fn classify_context(c: Ctx<'_>, name: *const core::ffi::c_char) {
        if c.name().starts_with("HPy Debug Mode ABI") {
            DEBUG_NAME.store(name.cast_mut(), Ordering::Relaxed);
            revalidate(c);
        } else {
            OTHER_NAME.store(name.cast_mut(), Ordering::Relaxed);
        }
    }

    #[cold]
    fn revalidate(c: Ctx<'_>) {
        let info = c.table()._private.cast::<DebugCtxInfo>();
        // SAFETY: a debug context's `_private` is its `HPyDebugCtxInfo`
        // (checked by the magic number before writing); the interpreter lock
        // serialises access.
        unsafe {
            if !info.is_null() && (*info).magic_number == DEBUG_CTX_INFO_MAGIC {
                (*info).is_valid = true;
            }
        }
    }

    /// The value of the context member at `p`, a pointer into `c`'s table
    /// at the member's HPy 0.9.0 place, read where the running runtime's
    /// layout puts it.
    ///
    /// # Safety
    /// `p` must be derived from `c.as_ptr()` (raw place projection, no
    /// reference) and point to a member of type `T` in HPy 0.9.0's header.
    #[inline(always)]
    pub(crate) unsafe fn member<T: Copy>(c: Ctx<'_>, p: *const T) -> T {
        let off = p as usize - c.as_ptr() as usize;
        let shift = if off < SHIFT_START {
            0
        } else {
            // SAFETY: `c` is a live context (invariant of `Ctx`).
            let caps = unsafe { crate::runtime::capabilities(c.as_ptr()) };
            assert!(
                caps.runtime != crate::runtime::Runtime::Unsupported,
                "{}",
                crate::runtime::unsupported_message(c.as_ptr())
            );
            caps.context_shift
        };
        // SAFETY: the caller's guarantee, and the runtime's table keeps the
        // member `shift` bytes further (inside its own, longer allocation).
        unsafe { read_member(p, shift) }
    }

    /// Reads the member at `p` moved by `shift` bytes: pointer arithmetic on
    /// the table's own pointer (its provenance covers the runtime's whole
    /// allocation), never on a reference to one member or to HPy 0.9.0's
    /// shorter struct.
    ///
    /// # Safety
    /// `p.byte_add(shift)` must be in bounds of the allocation `p` points
    /// into and hold a `T`.
    #[inline(always)]
    pub(crate) unsafe fn read_member<T: Copy>(p: *const T, shift: usize) -> T {
        // SAFETY: the caller's guarantee.
        unsafe { p.byte_add(shift).read_unaligned() }
    }
}

/// Rich comparison operators, as HPy numbers them (`HPy_RichCmpOp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum RichCmpOp {
    /// `<`
    Lt = 0,
    /// `<=`
    Le = 1,
    /// `==`
    Eq = 2,
    /// `!=`
    Ne = 3,
    /// `>`
    Gt = 4,
    /// `>=`
    Ge = 5,
}

impl RichCmpOp {
    /// Converts HPy's raw operator; `None` for a value outside 0..=5.
    pub fn from_raw(op: ffi::HPy_RichCmpOp) -> Option<Self> {
        Some(match op {
            0 => Self::Lt,
            1 => Self::Le,
            2 => Self::Eq,
            3 => Self::Ne,
            4 => Self::Gt,
            5 => Self::Ge,
            _ => return None,
        })
    }
}

/// The `HPyContext*` of one call.
///
/// Invariant: `raw` points to a live context for the whole lifetime `'c`, which
/// is the duration of the call from the runtime into our code. Handles made
/// with it carry the same lifetime so none can escape the call.
#[derive(Clone, Copy)]
pub struct Ctx<'c> {
    raw: NonNull<ffi::HPyContext>,
    _call: PhantomData<&'c ffi::HPyContext>,
}

impl<'c> Ctx<'c> {
    /// Runs `f` with the interpreter released (`HPy_LeavePythonExecution`),
    /// so that other Python threads run meanwhile, as NumPy's loops over
    /// large operands do. `f` must be `Send`: the context and handles are
    /// not, so `f` cannot reach Python while it is released. The interpreter
    /// is re-entered before this returns, also when `f` panics.
    pub fn allow_threads<T: Send>(self, f: impl FnOnce() -> T + Send) -> T {
        struct Reenter<'c>(Ctx<'c>, ffi::HPyThreadState);
        impl Drop for Reenter<'_> {
            fn drop(&mut self) {
                api!(self.0, ctx_ReenterPythonExecution, self.1);
            }
        }
        let state = api!(self, ctx_LeavePythonExecution);
        let _reenter = Reenter(self, state);
        f()
    }

    /// Wraps the context pointer a runtime passed to an entry point.
    ///
    /// # Safety
    /// `raw` must be the non-null, live context of the current call and stay
    /// valid for `'c`.
    pub unsafe fn from_raw(raw: *mut ffi::HPyContext) -> Self {
        Self {
            // SAFETY: the caller guarantees non-null.
            raw: unsafe { NonNull::new_unchecked(raw) },
            _call: PhantomData,
        }
    }

    /// The raw context pointer (for the `impl_` machinery).
    pub fn as_ptr(self) -> *mut ffi::HPyContext {
        self.raw.as_ptr()
    }

    pub(crate) fn table(self) -> &'c ffi::HPyContext {
        // SAFETY: invariant of `Ctx`: the context outlives `'c`, and runtimes
        // never change the function table while a call is running.
        unsafe { self.raw.as_ref() }
    }

    /// The runtime's name for its context (e.g. "HPy Universal ABI (CPython backend)").
    pub fn name(self) -> &'c str {
        let p = self.table().name;
        if p.is_null() {
            return "";
        }
        // SAFETY: runtimes store a static NUL-terminated name here.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("")
    }

    // ----- constants -------------------------------------------------------

    /// A constant of the context (`None`, builtin types and exceptions): a
    /// handle owned by the context, never closed by us.
    pub fn constant(self, pick: fn(&ffi::HPyContext) -> ffi::HPy) -> Borrowed<'c, 'c> {
        // SAFETY: context constants stay open for the context's lifetime.
        unsafe { Borrowed::from_raw(self, pick(self.table())) }
    }

    /// A new reference to `None`.
    pub fn none(self) -> Handle<'c> {
        self.dup(self.constant(|t| t.h_None))
    }

    /// A new reference to `True` or `False`.
    pub fn bool(self, v: bool) -> Handle<'c> {
        self.dup(self.constant(if v { |t| t.h_True } else { |t| t.h_False }))
    }

    /// A new reference to `NotImplemented`.
    pub fn not_implemented(self) -> Handle<'c> {
        self.dup(self.constant(|t| t.h_NotImplemented))
    }

    // ----- handles ---------------------------------------------------------

    /// `HPy_Dup`: a new handle to the same object.
    pub fn dup(self, h: impl AsHandle<'c>) -> Handle<'c> {
        let raw = api!(self, ctx_Dup, h.raw());
        // SAFETY: `HPy_Dup` never fails and returns a new open handle.
        unsafe { Handle::from_raw(self, raw) }
    }

    /// Takes ownership of a handle an HPy call returned; NULL means the call
    /// failed and set an exception.
    pub(crate) fn check(self, raw: ffi::HPy) -> PyResult<Handle<'c>> {
        if raw._i == 0 {
            Err(PyErr::fetched())
        } else {
            // SAFETY: a non-NULL handle returned by an HPy API is new and ours.
            Ok(unsafe { Handle::from_raw(self, raw) })
        }
    }

    /// Maps HPy's `-1 and an exception` convention.
    pub(crate) fn check_int(self, r: c_int) -> PyResult<c_int> {
        if r < 0 { Err(PyErr::fetched()) } else { Ok(r) }
    }

    /// `HPy_Is`: object identity (never compare raw handles with `==`).
    pub fn is(self, a: impl AsHandle<'c>, b: impl AsHandle<'c>) -> bool {
        api!(self, ctx_Is, a.raw(), b.raw()) != 0
    }

    /// Whether `h` is `None`.
    pub fn is_none(self, h: impl AsHandle<'c>) -> bool {
        self.is(h, self.constant(|t| t.h_None))
    }

    // ----- numbers ---------------------------------------------------------

    /// A Python `int` from an `i64`.
    pub fn long_from_i64(self, v: i64) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Long_FromInt64_t, v))
    }

    /// A Python `int` from a `u64`.
    pub fn long_from_u64(self, v: u64) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Long_FromUInt64_t, v))
    }

    /// A Python `int` from an `isize`.
    pub fn long_from_isize(self, v: isize) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Long_FromSsize_t, v))
    }

    /// `int(h)` as an `i64`; OverflowError/TypeError as Python raises them.
    pub fn long_as_i64(self, h: impl AsHandle<'c>) -> PyResult<i64> {
        let v = api!(self, ctx_Long_AsInt64_t, h.raw());
        if v == -1 && self.err_occurred() {
            return Err(PyErr::fetched());
        }
        Ok(v)
    }

    /// `int(h)` as a `u64`; OverflowError/TypeError as Python raises them.
    pub fn long_as_u64(self, h: impl AsHandle<'c>) -> PyResult<u64> {
        let v = api!(self, ctx_Long_AsUInt64_t, h.raw());
        if v == u64::MAX && self.err_occurred() {
            return Err(PyErr::fetched());
        }
        Ok(v)
    }

    /// `h.__index__()` as an `isize`.
    pub fn index_as_isize(self, h: impl AsHandle<'c>) -> PyResult<isize> {
        // An exact int read in place where the runtime allows (no new
        // handle); anything else goes through `__index__`.
        let b = h.as_borrowed();
        if let Some(layout::Exact::Int) = self.exact_kind(b)
            && let Some(v) = self.number_maker().exact_int_value(b)
            && let Ok(v) = isize::try_from(v)
        {
            return Ok(v);
        }
        let idx = self.check(api!(self, ctx_Index, h.raw()))?;
        let v = api!(self, ctx_Long_AsSsize_t, idx.raw());
        if v == -1 && self.err_occurred() {
            return Err(PyErr::fetched());
        }
        Ok(v)
    }

    /// A Python `float`.
    pub fn float_from_f64(self, v: f64) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Float_FromDouble, v))
    }

    /// `float(h)` as an `f64`.
    pub fn float_as_f64(self, h: impl AsHandle<'c>) -> PyResult<f64> {
        let v = api!(self, ctx_Float_AsDouble, h.raw());
        if v == -1.0 && self.err_occurred() {
            return Err(PyErr::fetched());
        }
        Ok(v)
    }

    /// `bool(h)`.
    pub fn is_true(self, h: impl AsHandle<'c>) -> PyResult<bool> {
        Ok(self.check_int(api!(self, ctx_IsTrue, h.raw()))? != 0)
    }

    // ----- strings ---------------------------------------------------------

    /// A Python `str` from a NUL-terminated UTF-8 string.
    pub fn str_from_cstr(self, s: &CStr) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Unicode_FromString, s.as_ptr()))
    }

    /// A Python `str` from Rust text (allocates a C copy: not for hot paths).
    pub fn str(self, s: &str) -> PyResult<Handle<'c>> {
        let c = CString::new(s)
            .map_err(|_| PyErr::new(ExcType::ValueError, "embedded null character"))?;
        self.str_from_cstr(&c)
    }

    /// Whether `h` is a `str`.
    pub fn is_str(self, h: impl AsHandle<'c>) -> bool {
        api!(self, ctx_Unicode_Check, h.raw()) != 0
    }

    /// The UTF-8 text of a `str`, copied out. In HPy debug mode each call costs
    /// microseconds: compare handles on hot paths instead.
    pub fn str_to_string(self, h: impl AsHandle<'c>) -> PyResult<String> {
        let mut n: ffi::HPy_ssize_t = 0;
        let p = api!(self, ctx_Unicode_AsUTF8AndSize, h.raw(), &mut n);
        if p.is_null() {
            return Err(PyErr::fetched());
        }
        // SAFETY: HPy returned `n` valid UTF-8 bytes at `p`, alive while `h` is
        // open; we copy them before returning.
        let bytes = unsafe { core::slice::from_raw_parts(p.cast::<u8>(), n as usize) };
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }

    /// `repr(h)` as Rust text.
    pub fn repr_string(self, h: impl AsHandle<'c>) -> PyResult<String> {
        let r = self.check(api!(self, ctx_Repr, h.raw()))?;
        self.str_to_string(&r)
    }

    // ----- containers ------------------------------------------------------

    /// A tuple of the given items (new references are taken by the tuple).
    pub fn tuple(self, items: &[Borrowed<'_, 'c>]) -> PyResult<Handle<'c>> {
        let items = crate::handle::raw_slice(items);
        self.check(api!(
            self,
            ctx_Tuple_FromArray,
            items.as_ptr().cast_mut(),
            items.len() as ffi::HPy_ssize_t
        ))
    }

    /// A tuple of Python `str`s.
    pub fn tuple_of_strs(self, items: &[&str]) -> PyResult<Handle<'c>> {
        let owned = items
            .iter()
            .map(|s| self.str(s))
            .collect::<PyResult<Vec<_>>>()?;
        let items: Vec<Borrowed<'_, 'c>> = owned.iter().map(Handle::borrow).collect();
        self.tuple(&items)
    }

    /// Whether handles and globals of this context are (tagged) object
    /// addresses, so that equal raw values mean the same object (hpy 0.9's
    /// universal backend on CPython). Hot paths check it once and then compare
    /// with [`Global::is_raw`](crate::Global::is_raw).
    #[inline(always)]
    pub fn handles_are_objects(self) -> bool {
        layout::handles_are_objects(self)
    }

    /// What the running runtime needs worked around (identified once per
    /// process, see [`crate::runtime`]).
    #[inline]
    pub fn capabilities(self) -> &'static crate::runtime::Capabilities {
        // SAFETY: `raw` is the live context of this call (invariant of `Ctx`).
        unsafe { crate::runtime::capabilities(self.as_ptr()) }
    }

    /// The items of the exact tuple `h`, borrowed, where the runtime lets us
    /// read them in place (CPython's universal backend); `None` elsewhere.
    #[inline]
    pub fn tuple_items_borrowed<'a>(
        self,
        h: Borrowed<'a, 'c>,
    ) -> Option<layout::FastTuple<'a, 'c>> {
        layout::tuple_items(self, h)
    }

    /// What `h` is (exact float with its value, int, bool, list, tuple or
    /// other), told from its type pointer where the runtime lets us read
    /// objects in place (CPython's universal backend); `None` elsewhere.
    #[inline]
    pub fn exact_kind(self, h: Borrowed<'_, 'c>) -> Option<layout::Exact> {
        layout::exact(self, h.raw())
    }

    /// An instance of the `float` subclass `ty` with value `v`, made as
    /// `float.__new__` does without calling the type, where the runtime lets
    /// us (CPython's universal backend); `None` elsewhere (call the type).
    ///
    /// # Safety
    /// `ty` must be an HPy type of `Shape::Float` without data of its own.
    #[inline]
    pub unsafe fn new_float_subtype(
        self,
        ty: Borrowed<'_, 'c>,
        v: f64,
    ) -> Option<PyResult<Handle<'c>>> {
        let direct = crate::pyapi::DirectNumbers::get(self)?;
        // SAFETY: the caller's guarantee.
        Some(unsafe { direct.float_subtype(self, ty, v) })
    }

    /// The value of `h` when it is an exact `int` (not a subclass, not a
    /// `bool`) that fits an `i64`; `None` otherwise, with no error raised.
    /// Read in place on CPython's universal backend, through two HPy calls
    /// elsewhere.
    #[inline]
    pub fn exact_int(self, h: Borrowed<'_, 'c>) -> Option<i64> {
        match self.exact_kind(h) {
            Some(layout::Exact::Int) => self.number_maker().exact_int_value(h),
            Some(_) => None,
            None => {
                let ty = self.type_of(h);
                if !self.is(&ty, self.constant(|t| t.h_LongType)) {
                    return None;
                }
                let v = api!(self, ctx_Long_AsInt64_t, h.raw());
                if v == -1 && self.err_occurred() {
                    self.err_clear();
                    return None;
                }
                Some(v)
            }
        }
    }

    /// The items of the exact list `h`, read in place where the runtime lets
    /// us (CPython's universal backend); `None` elsewhere.
    #[inline]
    pub fn list_items_borrowed<'a>(self, h: Borrowed<'a, 'c>) -> Option<layout::FastList<'a, 'c>> {
        layout::list_items(self, h)
    }

    /// Makes Python numbers for `tolist()`-style loops: `float`/`int`
    /// through the runtime's own constructors where handles are object
    /// addresses (CPython's universal backend), through the context
    /// elsewhere. Get it once per loop.
    #[inline]
    pub fn number_maker(self) -> NumberMaker<'c> {
        NumberMaker {
            ctx: self,
            direct: crate::pyapi::DirectNumbers::get(self),
        }
    }

    /// A list builder of `n` slots, or MemoryError: at once for more slots
    /// than `PyList_New` allows (`PY_SSIZE_T_MAX / sizeof(PyObject *)`,
    /// CPython's own check; PyPy 7.3.19 aborts with a fatal RPython
    /// AssertionError on such sizes), else when the builder could not
    /// allocate (HPy delays that MemoryError to the build, and HPy debug
    /// mode's build does not raise it).
    fn list_builder(self, n: usize) -> PyResult<ffi::HPyListBuilder> {
        let no_memory = || PyErr::new(crate::ExcType::MemoryError, "");
        if n > isize::MAX as usize / core::mem::size_of::<usize>() {
            return Err(no_memory());
        }
        let b = api!(self, ctx_ListBuilder_New, n as ffi::HPy_ssize_t);
        if b._lst == 0 {
            api!(self, ctx_ListBuilder_Cancel, b);
            if !self.err_occurred() {
                return Err(no_memory());
            }
            return Err(PyErr::fetched());
        }
        Ok(b)
    }

    /// A list of `n` items made by `item(i)` (one `HPyListBuilder`, no
    /// intermediate vector; the builder is cancelled if an item fails).
    pub fn list_from_fn(
        self,
        n: usize,
        mut item: impl FnMut(usize) -> PyResult<Handle<'c>>,
    ) -> PyResult<Handle<'c>> {
        let b = self.list_builder(n)?;
        if let Some((items, tag)) = layout::builder_items(self, b) {
            // The list takes each new handle's reference (no incref/decref
            // pair per item), as `PyList_SET_ITEM` does.
            for i in 0..n {
                match item(i) {
                    // SAFETY: `i < n`, the size the list was made with; its
                    // slot is still empty (NULL), so nothing is overwritten.
                    Ok(h) => unsafe { *items.add(i) = h.into_raw()._i - tag },
                    Err(e) => {
                        // Cancelling drops the list and the items stored so far.
                        api!(self, ctx_ListBuilder_Cancel, b);
                        return Err(e);
                    }
                }
            }
            return self.build_list(b);
        }
        for i in 0..n {
            match item(i) {
                Ok(h) => api!(self, ctx_ListBuilder_Set, b, i as ffi::HPy_ssize_t, h.raw()),
                Err(e) => {
                    api!(self, ctx_ListBuilder_Cancel, b);
                    return Err(e);
                }
            }
        }
        self.build_list(b)
    }

    /// The list `b` holds; where the runtime leaves the builder's handle open
    /// (see `Capabilities::list_builder_stays_open`), it is closed here.
    fn build_list(self, b: ffi::HPyListBuilder) -> PyResult<Handle<'c>> {
        let built = api!(self, ctx_ListBuilder_Build, b);
        // On that runtime the builder is a handle of the runtime's own
        // (universal) handle table, and `Build` does not close it. In debug
        // mode it belongs to the wrapped universal context, which we cannot
        // reach: there it stays open (debug mode is for finding bugs, not
        // for long runs).
        if self.capabilities().list_builder_stays_open
            && !self.name().starts_with("HPy Debug Mode ABI")
        {
            api!(self, ctx_Close, ffi::HPy { _i: b._lst });
        }
        self.check(built)
    }

    /// A list of the given items (the list takes new references).
    /// Built with `HPyListBuilder` (one allocation, no appends).
    pub fn list(self, items: &[Borrowed<'_, 'c>]) -> PyResult<Handle<'c>> {
        let b = self.list_builder(items.len())?;
        for (i, h) in items.iter().enumerate() {
            api!(self, ctx_ListBuilder_Set, b, i as ffi::HPy_ssize_t, h.raw());
        }
        self.build_list(b)
    }

    /// `del h[key]`.
    pub fn del_item(self, h: impl AsHandle<'c>, key: impl AsHandle<'c>) -> PyResult<()> {
        self.check_int(api!(self, ctx_DelItem, h.raw(), key.raw()))?;
        Ok(())
    }

    /// `list(d.keys())` of a dict.
    pub fn dict_keys(self, d: impl AsHandle<'c>) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Dict_Keys, d.raw()))
    }

    /// `d[key]`.
    pub fn get_item(self, d: impl AsHandle<'c>, key: impl AsHandle<'c>) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_GetItem, d.raw(), key.raw()))
    }

    /// `d[key]` for a mapping, `None` when the key is missing.
    pub fn get_item_opt(
        self,
        d: impl AsHandle<'c>,
        key: impl AsHandle<'c>,
    ) -> PyResult<Option<Handle<'c>>> {
        if self.check_int(api!(self, ctx_Contains, d.raw(), key.raw()))? == 0 {
            return Ok(None);
        }
        self.check(api!(self, ctx_GetItem, d.raw(), key.raw()))
            .map(Some)
    }

    /// Issues a warning of `category` (e.g. `RuntimeWarning`); an error when
    /// the warning filters turn it into an exception.
    pub fn warn(self, category: impl AsHandle<'c>, msg: &str, stacklevel: isize) -> PyResult<()> {
        let c = CString::new(msg.replace('\0', " ")).unwrap_or_default();
        self.check_int(api!(
            self,
            ctx_Err_WarnEx,
            category.raw(),
            c.as_ptr(),
            stacklevel
        ))?;
        Ok(())
    }

    /// A new empty dict.
    pub fn dict(self) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Dict_New))
    }

    /// `len(h)`.
    pub fn len(self, h: impl AsHandle<'c>) -> PyResult<usize> {
        let n = api!(self, ctx_Length, h.raw());
        if n < 0 {
            return Err(PyErr::fetched());
        }
        Ok(n as usize)
    }

    /// `h[i]`.
    pub fn get_item_i(self, h: impl AsHandle<'c>, i: isize) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_GetItem_i, h.raw(), i))
    }

    /// `h[key] = v`.
    pub fn set_item(
        self,
        h: impl AsHandle<'c>,
        key: impl AsHandle<'c>,
        v: impl AsHandle<'c>,
    ) -> PyResult<()> {
        self.check_int(api!(self, ctx_SetItem, h.raw(), key.raw(), v.raw()))?;
        Ok(())
    }

    /// `h[name] = v` with a C-string key.
    pub fn set_item_s(
        self,
        h: impl AsHandle<'c>,
        key: &CStr,
        v: impl AsHandle<'c>,
    ) -> PyResult<()> {
        self.check_int(api!(self, ctx_SetItem_s, h.raw(), key.as_ptr(), v.raw()))?;
        Ok(())
    }

    // ----- attributes, calls, types ---------------------------------------

    /// `getattr(h, name)`.
    pub fn getattr_s(self, h: impl AsHandle<'c>, name: &CStr) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_GetAttr_s, h.raw(), name.as_ptr()))
    }

    /// `setattr(h, name, v)`.
    pub fn setattr_s(
        self,
        h: impl AsHandle<'c>,
        name: &CStr,
        v: impl AsHandle<'c>,
    ) -> PyResult<()> {
        self.check_int(api!(self, ctx_SetAttr_s, h.raw(), name.as_ptr(), v.raw()))?;
        Ok(())
    }

    /// `callable(*args)` (vectorcall convention; `kwnames` NULL for none).
    pub fn call(
        self,
        callable: impl AsHandle<'c>,
        args: &[Borrowed<'_, 'c>],
    ) -> PyResult<Handle<'c>> {
        let args = crate::handle::raw_slice(args);
        self.check(api!(
            self,
            ctx_Call,
            callable.raw(),
            args.as_ptr(),
            args.len(),
            ffi::HPy { _i: 0 }
        ))
    }

    /// A vectorcall: `args` holds the positional arguments followed by one
    /// value per name in the `kwnames` tuple.
    pub fn call_kw(
        self,
        callable: impl AsHandle<'c>,
        args: &[Borrowed<'_, 'c>],
        nargs: usize,
        kwnames: Option<Borrowed<'_, 'c>>,
    ) -> PyResult<Handle<'c>> {
        assert!(nargs <= args.len(), "call_kw: nargs exceeds the arguments");
        let args = crate::handle::raw_slice(args);
        self.check(api!(
            self,
            ctx_Call,
            callable.raw(),
            args.as_ptr(),
            nargs,
            kwnames.map_or(ffi::HPy { _i: 0 }, |k| k.raw())
        ))
    }

    /// `(start, stop, step)` of a slice object, as CPython's `PySlice_Unpack`
    /// gives them (defaults filled in; `ValueError` for a zero step).
    pub fn slice_unpack(self, h: impl AsHandle<'c>) -> PyResult<(isize, isize, isize)> {
        let (mut start, mut stop, mut step) = (0isize, 0isize, 0isize);
        self.check_int(api!(
            self,
            ctx_Slice_Unpack,
            h.raw(),
            &mut start,
            &mut stop,
            &mut step
        ))?;
        Ok((start, stop, step))
    }

    /// `import name`.
    pub fn import(self, name: &CStr) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Import_ImportModule, name.as_ptr()))
    }

    /// `type(h)`.
    pub fn type_of(self, h: impl AsHandle<'c>) -> Handle<'c> {
        let raw = api!(self, ctx_Type, h.raw());
        // SAFETY: `HPy_Type` never fails and returns a new handle.
        unsafe { Handle::from_raw(self, raw) }
    }

    /// `isinstance(h, ty)`.
    pub fn type_check(self, h: impl AsHandle<'c>, ty: impl AsHandle<'c>) -> bool {
        api!(self, ctx_TypeCheck, h.raw(), ty.raw()) != 0
    }

    /// `issubclass(sub, ty)` for two type objects.
    pub fn is_subtype(self, sub: impl AsHandle<'c>, ty: impl AsHandle<'c>) -> bool {
        api!(self, ctx_Type_IsSubtype, sub.raw(), ty.raw()) != 0
    }

    /// The `__name__` of a type object.
    pub fn type_name(self, ty: impl AsHandle<'c>) -> String {
        let p: *const c_char = api!(self, ctx_Type_GetName, ty.raw());
        if p.is_null() {
            return String::new();
        }
        // SAFETY: HPy returns the type's NUL-terminated name, alive while the
        // type is; we copy it.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }

    /// `a op b`, as Python evaluates it.
    pub fn rich_compare(
        self,
        a: impl AsHandle<'c>,
        b: impl AsHandle<'c>,
        op: RichCmpOp,
    ) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_RichCompare, a.raw(), b.raw(), op as c_int))
    }

    /// `a op b` as a truth value.
    pub fn rich_compare_bool(
        self,
        a: impl AsHandle<'c>,
        b: impl AsHandle<'c>,
        op: RichCmpOp,
    ) -> PyResult<bool> {
        Ok(self.check_int(api!(
            self,
            ctx_RichCompareBool,
            a.raw(),
            b.raw(),
            op as c_int
        ))? != 0)
    }

    /// Whether `h` is a tuple (or a subclass).
    pub fn is_tuple(self, h: impl AsHandle<'c>) -> bool {
        api!(self, ctx_Tuple_Check, h.raw()) != 0
    }

    /// The name of `type(h)`, for error messages.
    pub fn type_name_of(self, h: impl AsHandle<'c>) -> String {
        let t = self.type_of(h);
        self.type_name(&t)
    }

    /// `sys.intern(str(name))`: the canonical string object for `name`.
    pub fn intern(self, name: &CStr) -> PyResult<Handle<'c>> {
        let s = self.str_from_cstr(name)?;
        let sys = self.import(c"sys")?;
        let intern = self.getattr_s(&sys, c"intern")?;
        self.call(&intern, &[s.borrow()])
    }

    /// `hash(h)`.
    pub fn hash(self, h: impl AsHandle<'c>) -> PyResult<isize> {
        let v = api!(self, ctx_Hash, h.raw());
        if v == -1 && self.err_occurred() {
            return Err(PyErr::fetched());
        }
        Ok(v)
    }

    // ----- errors ----------------------------------------------------------

    /// Whether an exception is set.
    pub fn err_occurred(self) -> bool {
        api!(self, ctx_Err_Occurred) != 0
    }

    /// Whether the set exception matches `exc`.
    pub fn err_matches(self, exc: impl AsHandle<'c>) -> bool {
        api!(self, ctx_Err_ExceptionMatches, exc.raw()) != 0
    }

    /// Raises `exc(value)` with a message object (for text that is not valid
    /// UTF-8); callers then return `PyErr::fetched()`.
    pub fn raise_object(self, exc: impl AsHandle<'c>, value: impl AsHandle<'c>) {
        api!(self, ctx_Err_SetObject, exc.raw(), value.raw());
    }

    /// `a + b`.
    pub fn add(self, a: impl AsHandle<'c>, b: impl AsHandle<'c>) -> PyResult<Handle<'c>> {
        self.check(api!(self, ctx_Add, a.raw(), b.raw()))
    }

    /// Clears the set exception.
    pub fn err_clear(self) {
        api!(self, ctx_Err_Clear)
    }

    /// A new exception class `name` ("module.Name") deriving from `base`.
    pub fn new_exception(
        self,
        name: &CStr,
        base: impl AsHandle<'c>,
        doc: &CStr,
    ) -> PyResult<Handle<'c>> {
        self.check(api!(
            self,
            ctx_Err_NewExceptionWithDoc,
            name.as_ptr(),
            doc.as_ptr(),
            base.raw(),
            ffi::HPy { _i: 0 }
        ))
    }
}

impl core::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Ctx({:p})", self.raw)
    }
}

/// See [`Ctx::number_maker`] (it also reads exact ints in place).
pub struct NumberMaker<'c> {
    ctx: Ctx<'c>,
    direct: Option<crate::pyapi::DirectNumbers>,
}

impl<'c> NumberMaker<'c> {
    /// A Python `float`.
    #[inline]
    pub fn float(&self, v: f64) -> PyResult<Handle<'c>> {
        match &self.direct {
            Some(d) => d.float(self.ctx, v),
            None => self.ctx.float_from_f64(v),
        }
    }

    /// The value of `h`, an exact `int` (see [`Ctx::exact_kind`]), when it
    /// fits an `i64`; `None` when it does not or when the runtime's
    /// constructor is not called directly (use `Ctx::long_as_i64` then).
    #[inline]
    pub fn exact_int_value(&self, h: Borrowed<'_, 'c>) -> Option<i64> {
        self.direct.as_ref()?.exact_int_value(h)
    }

    /// A Python `int`.
    #[inline]
    pub fn int(&self, v: i64) -> PyResult<Handle<'c>> {
        match &self.direct {
            Some(d) => d.int(self.ctx, v),
            None => self.ctx.long_from_i64(v),
        }
    }
}
