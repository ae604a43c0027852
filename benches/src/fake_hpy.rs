//! A synthetic HPy context: enough of a runtime to drive the `argparse`
//! crate's [`Signature::parse`](argparse::Signature::parse) without Python,
//! so the parser's own cost can be measured by criterion.
//!
//! # What is faked, and why it is sound
//!
//! An `HPyContext` is a `repr(C)` table of constants (handles) and `Option`
//! function pointers; all-zero is a valid value of every member (null
//! pointers, `None` functions, handle 0), so a zeroed table with a few
//! members filled in is a well-formed context. The `hpy` layer calls each
//! function through its `Option` and panics ("HPy context lacks ...") on a
//! member left empty: a code path this fake does not support fails loudly,
//! it never jumps to a null pointer.
//!
//! Objects are heap blocks of words laid out as CPython's object head is
//! where `hpy` reads objects in place (its CPython fast paths): word 0 a
//! reference count (unused), word 1 the address of the type object, word 2
//! the size, then a tuple's items, or a `str`'s pointer to its NUL-terminated
//! bytes. A handle is the block's address (tag 0). Blocks, texts and
//! runtimes are leaked, never freed ([`FakeRuntime::new`] returns
//! `&'static`), so every handle stays valid for the whole process: closing
//! one is a no-op, duplicating one returns it.
//!
//! The functions filled in are those `Signature::parse` and
//! `Signature`'s `InitGlobals` reach: `Dup`, `Close`, `Is`, `Length`,
//! `GetItem_i`, `Unicode_Check`, `RichCompareBool` (equality of `str`
//! bytes), `Unicode_FromString`, `Import_ImportModule` (`sys`),
//! `GetAttr_s` (`sys.intern`), `Call` (of `sys.intern`: one canonical object
//! per text), `Tuple_FromArray`, `Global_Store`/`Global_Load` (a global holds
//! the handle's word, as on CPython's universal backend), and
//! `Capsule_New`, never called, whose presence makes `hpy`'s layout check
//! (the word at `ctx_Capsule_New` is a function of the same loaded object as
//! `ctx_Dup`) see HPy 0.9.0's layout.
//!
//! Each runtime has two contexts over the same objects ([`Mode`]):
//!
//! - [`Mode::Objects`] carries the name of hpy 0.9's universal backend on
//!   CPython ("HPy Universal ABI (CPython backend)"), whose handles are
//!   object addresses: `hpy` then takes its CPython fast paths (keyword
//!   tuples read in place, names matched by one integer compare), checking
//!   the tuple layout on first use against a tuple this context builds.
//!   This name also makes `hpy` identify the process's runtime as CPython
//!   (once per process, see `hpy::runtime`), so the first context any
//!   runtime here hands out that calls a member past `ctx_Capsule_New`
//!   (`Call`, reached by [`FakeRuntime::init`]) must be this one.
//! - [`Mode::Opaque`] has a name of its own: `hpy` treats its handles as
//!   opaque, as on PyPy or in HPy debug mode, and goes through the table for
//!   every step (`GetItem_i` per keyword, `Global_Load` + `Is` + `Close` per
//!   name compared). It calls only members before `ctx_Capsule_New`, whose
//!   place no runtime moves, so it needs no runtime identification.
//!
//! The measured cost is the parser plus calls through the table into these
//! trivial functions (a few ns each), not any real runtime's.

use core::cell::RefCell;
use core::ffi::{CStr, c_char, c_int, c_void};
use core::ptr::NonNull;

use hpy::{Borrowed, Ctx, InitGlobals};
use hpy_sys as ffi;

/// Which handle representation a context presents (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Handles are object addresses, as on hpy 0.9's universal backend on
    /// CPython: `hpy`'s in-place fast paths.
    Objects,
    /// Opaque handles, as on PyPy and in HPy debug mode: every step through
    /// the context table.
    Opaque,
}

/// The name under which `hpy` recognises CPython's universal backend.
const CPYTHON_NAME: &CStr = c"HPy Universal ABI (CPython backend)";
/// The opaque context's name: no runtime's, so `hpy` assumes nothing.
const OPAQUE_NAME: &CStr = c"numpy-hpy-benches fake context (opaque handles)";

/// Word indices of an object block.
const W_TYPE: usize = 1;
const W_SIZE: usize = 2;
const W_DATA: usize = 3;

/// A fake object: the handle value of one block (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Obj(isize);

/// The objects a runtime names, and `sys.intern`'s table.
struct State {
    /// The canonical object per text.
    interned: Vec<Obj>,
    type_type: Obj,
    str_type: Obj,
    tuple_type: Obj,
    sys: Obj,
    intern: Obj,
}

/// A new block (leaked: blocks live for the rest of the process): type
/// `ty`, size `size`, then `data` (at least one word, so that word
/// [`W_DATA`] exists in every block).
fn block(ty: Obj, size: usize, data: &[isize]) -> Obj {
    let mut words = vec![0isize; W_DATA + data.len().max(1)];
    words[0] = 1;
    words[W_TYPE] = ty.0;
    words[W_SIZE] = size as isize;
    words[W_DATA..W_DATA + data.len()].copy_from_slice(data);
    // (`as isize` exposes the block's provenance: `hpy` turns handles back
    // into pointers with integer-to-pointer casts, and so does `word`.)
    Obj(Box::leak(words.into_boxed_slice()).as_mut_ptr() as isize)
}

/// Word `i` of the block whose handle is `h`.
///
/// # Safety
/// `h` must be an [`Obj`]'s value (a leaked block: every non-NULL handle
/// a fake context sees is one) and `i` below its length: `i <= W_DATA`
/// always, or `i < W_DATA + size` for a tuple.
unsafe fn word(h: isize, i: usize) -> isize {
    // SAFETY: the caller's guarantee.
    unsafe { (h as *const isize).add(i).read() }
}

impl State {
    fn str(&self, text: &CStr) -> Obj {
        let n = text.to_bytes().len();
        // Leaked, as the block that points to it.
        let p = text.to_owned().into_raw() as isize;
        block(self.str_type, n, &[p])
    }

    fn tuple(&self, items: &[isize]) -> Obj {
        block(self.tuple_type, items.len(), items)
    }

    /// Whether the handle `h` is non-NULL and of type `ty`.
    fn is_a(&self, h: isize, ty: Obj) -> bool {
        // SAFETY: a non-NULL handle is an `Obj` (see `word`).
        h != 0 && unsafe { word(h, W_TYPE) } == ty.0
    }

    /// The text of the `str` `h`.
    fn text(&self, h: isize) -> Option<&'static CStr> {
        if !self.is_a(h, self.str_type) {
            return None;
        }
        // SAFETY: a `str` block's data word is its leaked, NUL-terminated
        // text (`State::str`).
        Some(unsafe { CStr::from_ptr(word(h, W_DATA) as *const c_char) })
    }
}

/// A fake runtime: its objects and its two contexts (see the module docs).
pub struct FakeRuntime {
    objects: NonNull<ffi::HPyContext>,
    opaque: NonNull<ffi::HPyContext>,
    state: NonNull<RefCell<State>>,
}

impl FakeRuntime {
    /// A new runtime, leaked: its objects (and so the handles a signature's
    /// globals keep) stay valid for the rest of the process.
    pub fn new() -> &'static FakeRuntime {
        let type_type = block(Obj(0), 0, &[]);
        let tt = type_type;
        let st = State {
            interned: Vec::new(),
            type_type,
            str_type: block(tt, 0, &[]),
            tuple_type: block(tt, 0, &[]),
            sys: block(tt, 0, &[]),
            intern: block(tt, 0, &[]),
        };
        let consts = [
            st.type_type,
            st.str_type,
            st.tuple_type,
            block(tt, 0, &[]),
            block(tt, 0, &[]),
            block(tt, 0, &[]),
        ];
        let state = NonNull::from(Box::leak(Box::new(RefCell::new(st))));
        let table = |name: &'static CStr| {
            // SAFETY: every member of `HPyContext` is a raw pointer, an
            // integer, a handle (an integer) or an `Option` of a function
            // pointer, for all of which all-zero bytes are a valid value.
            let mut c: Box<ffi::HPyContext> = Box::new(unsafe { core::mem::zeroed() });
            c.name = name.as_ptr();
            c._private = state.as_ptr().cast::<c_void>();
            let h = |o: Obj| ffi::HPy { _i: o.0 };
            c.h_TypeType = h(consts[0]);
            c.h_UnicodeType = h(consts[1]);
            c.h_TupleType = h(consts[2]);
            c.h_None = h(consts[3]);
            c.h_True = h(consts[4]);
            c.h_False = h(consts[5]);
            c.ctx_Dup = Some(dup);
            c.ctx_Close = Some(close);
            c.ctx_Is = Some(is);
            c.ctx_Length = Some(length);
            c.ctx_GetItem_i = Some(get_item_i);
            c.ctx_Unicode_Check = Some(unicode_check);
            c.ctx_RichCompareBool = Some(rich_compare_bool);
            c.ctx_Unicode_FromString = Some(unicode_from_string);
            c.ctx_Import_ImportModule = Some(import_module);
            c.ctx_GetAttr_s = Some(getattr_s);
            c.ctx_Call = Some(call);
            c.ctx_Tuple_FromArray = Some(tuple_from_array);
            c.ctx_Global_Store = Some(global_store);
            c.ctx_Global_Load = Some(global_load);
            c.ctx_Capsule_New = Some(capsule_new);
            NonNull::from(Box::leak(c))
        };
        Box::leak(Box::new(FakeRuntime {
            objects: table(CPYTHON_NAME),
            opaque: table(OPAQUE_NAME),
            state,
        }))
    }

    fn state(&self) -> &RefCell<State> {
        // SAFETY: leaked in `new`, never freed; only shared references are
        // made (mutation goes through the `RefCell`).
        unsafe { self.state.as_ref() }
    }

    /// Runs `f` with the context of `mode` (handles made for it cannot
    /// leave `f`).
    pub fn with_ctx<R>(&'static self, mode: Mode, f: impl for<'c> FnOnce(Ctx<'c>) -> R) -> R {
        let raw = match mode {
            Mode::Objects => self.objects,
            Mode::Opaque => self.opaque,
        };
        // SAFETY: a non-null context table, leaked, so live for the whole
        // call of `f`; its functions are those of this module.
        let ctx = unsafe { Ctx::from_raw(raw.as_ptr()) };
        f(ctx)
    }

    /// Interns `sig`'s parameter names (the module-exec step of a real
    /// extension), in the [`Mode::Objects`] context (see the module docs).
    /// Each signature must be initialised by one runtime, from one thread.
    pub fn init(&'static self, sig: &'static impl InitGlobals) {
        self.with_ctx(Mode::Objects, |ctx| sig.init_globals(ctx))
            .expect("the fake context interns every name");
    }

    /// A plain object (an argument value).
    pub fn object(&self) -> Obj {
        block(self.state().borrow().type_type, 0, &[])
    }

    /// A new `str`, not interned: equal to, but not the same object as, a
    /// parameter's name (keywords as PyPy may pass them).
    pub fn str(&self, text: &CStr) -> Obj {
        self.state().borrow().str(text)
    }

    /// The interned `str` of `text` (keywords as CPython passes them: a
    /// call site's names are the interned objects).
    pub fn interned(&self, text: &CStr) -> Obj {
        let s = self.str(text);
        intern_obj(&mut self.state().borrow_mut(), s)
    }

    /// A tuple of `items` (a call's `kwnames`).
    pub fn tuple(&self, items: &[Obj]) -> Obj {
        let words: Vec<isize> = items.iter().map(|o| o.0).collect();
        self.state().borrow().tuple(&words)
    }

    /// `o` as a handle of `ctx`'s call.
    ///
    /// # Panics
    /// When `ctx` is not one of this runtime's contexts.
    pub fn borrowed<'c>(&'static self, ctx: Ctx<'c>, o: Obj) -> Borrowed<'c, 'c> {
        assert!(
            ctx.as_ptr() == self.objects.as_ptr() || ctx.as_ptr() == self.opaque.as_ptr(),
            "a context of this runtime"
        );
        // SAFETY: `o` is a block of this runtime, never freed (the runtime
        // is leaked) and never closed (`Close` does nothing), so it is open
        // for all of `'c`.
        unsafe { Borrowed::from_raw(ctx, ffi::HPy { _i: o.0 }) }
    }
}

/// The canonical object of `s`'s text (made canonical if it is the first).
fn intern_obj(st: &mut State, s: Obj) -> Obj {
    let text = st.text(s.0);
    if let Some(&o) = st.interned.iter().find(|o| st.text(o.0) == text) {
        return o;
    }
    st.interned.push(s);
    s
}

/// The state of the runtime owning `ctx`.
///
/// # Safety
/// `ctx` must be one of a [`FakeRuntime`]'s contexts (its `_private` is the
/// runtime's leaked state).
unsafe fn st<'a>(ctx: *mut ffi::HPyContext) -> &'a RefCell<State> {
    // SAFETY: the caller's guarantee; `_private` is the second member, read
    // by a raw place projection (`hpy` may hold a shared reference to the
    // table: reading is compatible with it).
    unsafe {
        let p = (&raw const (*ctx)._private).read();
        &*p.cast::<RefCell<State>>()
    }
}

// The context's functions. Each is called by `hpy` with one of the
// runtime's contexts (the only tables they are stored in), which is what
// makes each `st(ctx)` below sound.

const NULL: ffi::HPy = ffi::HPy { _i: 0 };

unsafe extern "C" fn dup(_: *mut ffi::HPyContext, h: ffi::HPy) -> ffi::HPy {
    h
}

unsafe extern "C" fn close(_: *mut ffi::HPyContext, _: ffi::HPy) {}

unsafe extern "C" fn is(_: *mut ffi::HPyContext, a: ffi::HPy, b: ffi::HPy) -> c_int {
    c_int::from(a._i == b._i)
}

unsafe extern "C" fn length(ctx: *mut ffi::HPyContext, h: ffi::HPy) -> ffi::HPy_ssize_t {
    // SAFETY: called with a fake runtime's context (see above).
    let st = unsafe { st(ctx) }.borrow();
    if !st.is_a(h._i, st.tuple_type) && !st.is_a(h._i, st.str_type) {
        return -1;
    }
    // SAFETY: a non-NULL handle is an `Obj`.
    unsafe { word(h._i, W_SIZE) as ffi::HPy_ssize_t }
}

unsafe extern "C" fn get_item_i(
    ctx: *mut ffi::HPyContext,
    h: ffi::HPy,
    i: ffi::HPy_ssize_t,
) -> ffi::HPy {
    // SAFETY: called with a fake runtime's context (see above).
    let st = unsafe { st(ctx) }.borrow();
    if !st.is_a(h._i, st.tuple_type) {
        return NULL;
    }
    // SAFETY: a tuple: its size word, then its items.
    unsafe {
        if i < 0 || i >= word(h._i, W_SIZE) {
            return NULL;
        }
        ffi::HPy {
            _i: word(h._i, W_DATA + i as usize),
        }
    }
}

unsafe extern "C" fn unicode_check(ctx: *mut ffi::HPyContext, h: ffi::HPy) -> c_int {
    // SAFETY: called with a fake runtime's context (see above).
    let st = unsafe { st(ctx) }.borrow();
    c_int::from(st.is_a(h._i, st.str_type))
}

unsafe extern "C" fn rich_compare_bool(
    ctx: *mut ffi::HPyContext,
    a: ffi::HPy,
    b: ffi::HPy,
    op: c_int,
) -> c_int {
    // SAFETY: called with a fake runtime's context (see above).
    let st = unsafe { st(ctx) }.borrow();
    let eq = a._i == b._i || matches!((st.text(a._i), st.text(b._i)), (Some(x), Some(y)) if x == y);
    match op {
        2 => c_int::from(eq),  // Py_EQ
        3 => c_int::from(!eq), // Py_NE
        _ => -1,
    }
}

unsafe extern "C" fn unicode_from_string(ctx: *mut ffi::HPyContext, s: *const c_char) -> ffi::HPy {
    // SAFETY: `hpy` passes a NUL-terminated string (a `&CStr`'s pointer).
    let text = unsafe { CStr::from_ptr(s) };
    // SAFETY: called with a fake runtime's context (see above).
    let o = unsafe { st(ctx) }.borrow().str(text);
    ffi::HPy { _i: o.0 }
}

unsafe extern "C" fn import_module(ctx: *mut ffi::HPyContext, name: *const c_char) -> ffi::HPy {
    // SAFETY: `hpy` passes a NUL-terminated string.
    if unsafe { CStr::from_ptr(name) } != c"sys" {
        return NULL;
    }
    // SAFETY: called with a fake runtime's context (see above).
    let sys = unsafe { st(ctx) }.borrow().sys;
    ffi::HPy { _i: sys.0 }
}

unsafe extern "C" fn getattr_s(
    ctx: *mut ffi::HPyContext,
    o: ffi::HPy,
    name: *const c_char,
) -> ffi::HPy {
    // SAFETY: called with a fake runtime's context (see above).
    let st = unsafe { st(ctx) }.borrow();
    // SAFETY: `hpy` passes a NUL-terminated string.
    if o._i != st.sys.0 || unsafe { CStr::from_ptr(name) } != c"intern" {
        return NULL;
    }
    ffi::HPy { _i: st.intern.0 }
}

unsafe extern "C" fn call(
    ctx: *mut ffi::HPyContext,
    callable: ffi::HPy,
    args: *const ffi::HPy,
    nargs: usize,
    kwnames: ffi::HPy,
) -> ffi::HPy {
    // SAFETY: called with a fake runtime's context (see above).
    let mut st = unsafe { st(ctx) }.borrow_mut();
    if callable._i != st.intern.0 || nargs != 1 || kwnames._i != 0 {
        return NULL;
    }
    // SAFETY: `hpy` passes `nargs` (1) handles at `args`.
    let s = unsafe { *args };
    if st.text(s._i).is_none() {
        return NULL;
    }
    ffi::HPy {
        _i: intern_obj(&mut st, Obj(s._i)).0,
    }
}

unsafe extern "C" fn tuple_from_array(
    ctx: *mut ffi::HPyContext,
    items: *mut ffi::HPy,
    n: ffi::HPy_ssize_t,
) -> ffi::HPy {
    let words: Vec<isize> = (0..n.max(0) as usize)
        // SAFETY: `hpy` passes `n` handles at `items`.
        .map(|i| unsafe { (*items.add(i))._i })
        .collect();
    // SAFETY: called with a fake runtime's context (see above).
    let o = unsafe { st(ctx) }.borrow().tuple(&words);
    ffi::HPy { _i: o.0 }
}

unsafe extern "C" fn global_store(_: *mut ffi::HPyContext, g: *mut ffi::HPyGlobal, h: ffi::HPy) {
    // SAFETY: `hpy` passes its `Global`'s slot (an `UnsafeCell`), written
    // only by module initialisation, from one thread (`FakeRuntime::init`).
    unsafe { g.write(ffi::HPyGlobal { _i: h._i }) };
}

unsafe extern "C" fn global_load(_: *mut ffi::HPyContext, g: ffi::HPyGlobal) -> ffi::HPy {
    ffi::HPy { _i: g._i }
}

/// Never called: its address, beside `ctx_Dup`'s in the same binary, is
/// what `hpy`'s layout check looks for at `ctx_Capsule_New`.
unsafe extern "C" fn capsule_new(
    _: *mut ffi::HPyContext,
    _: *mut c_void,
    _: *const c_char,
    _: *mut ffi::HPyCapsule_Destructor,
) -> ffi::HPy {
    NULL
}

#[cfg(test)]
mod tests {
    use super::*;
    use argparse::{Param, Signature};

    static SIG: Signature<5> = Signature::new(
        "f",
        [
            Param::positional(c"x1"),
            Param::positional(c"x2"),
            Param::positional(c"out1").optional(),
            Param::keyword(c"out").optional(),
            Param::keyword(c"where").optional(),
        ],
    )
    .count_style();

    /// Both contexts bind positionals and keywords (interned and merely
    /// equal names) to the right slots, and refuse what CPython refuses.
    #[test]
    fn parse_through_both_contexts() {
        let rt = FakeRuntime::new();
        rt.init(&SIG);
        let (a, b, c) = (rt.object(), rt.object(), rt.object());
        let kw_interned = rt.tuple(&[rt.interned(c"where"), rt.interned(c"out")]);
        let kw_equal = rt.tuple(&[rt.str(c"out")]);
        for mode in [Mode::Objects, Mode::Opaque] {
            rt.with_ctx(mode, |ctx| {
                let h = |o| rt.borrowed(ctx, o);
                // The fast paths are taken exactly in the objects mode.
                let objects = mode == Mode::Objects;
                assert_eq!(ctx.handles_are_objects(), objects);
                assert_eq!(ctx.tuple_items_borrowed(h(kw_interned)).is_some(), objects);
                let args = [h(a), h(b), h(c), h(a)];
                let raw = |x: Option<Borrowed<'_, '_>>| x.map(|b| hpy::AsHandle::raw(b)._i);
                let p = SIG.parse(ctx, &args[..2], 2, None).ok().unwrap();
                assert_eq!(raw(p.get(0)), Some(a.0));
                assert_eq!(raw(p.get(1)), Some(b.0));
                assert!(p.get(3).is_none());
                let p = SIG.parse(ctx, args, 2, Some(h(kw_interned))).ok().unwrap();
                assert_eq!(raw(p.get(4)), Some(c.0), "{mode:?}");
                assert_eq!(raw(p.get(3)), Some(a.0), "{mode:?}");
                let p = SIG
                    .parse(ctx, &args[..3], 2, Some(h(kw_equal)))
                    .ok()
                    .unwrap();
                assert_eq!(raw(p.get(3)), Some(c.0), "{mode:?}");
                assert!(SIG.parse(ctx, &args[..1], 1, None).is_err());
                assert!(SIG.parse(ctx, args, 4, None).is_err());
            });
        }
    }
}
