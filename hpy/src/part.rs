//! A module assembled from parts.
//!
//! Each part of an extension (a file, or a folder of files) declares in ONE
//! [`Part`] what it adds to the module: its functions, its `HPyGlobal`s (with
//! what fills them at module init, such as an argument parser's interned
//! names), its type specs, its own init step and its sub-parts. [`module!`]
//! takes the root part and flattens the tree at compile time into the
//! NULL-terminated `defines` and `globals` arrays of the `HPyModuleDef` (HPy
//! registers only the globals listed there), and its exec slot runs the inits.
//! Adding a function touches only the file that defines it.
//!
//! [`module!`]: crate::module!

use crate::ctx::Ctx;
use crate::def::{AnyTypeSpec, Def};
use crate::err::PyResult;
use crate::global::Global;
use crate::handle::Borrowed;
use hpy_sys as ffi;

/// Fills globals at module init (before any part's own init runs).
pub trait InitGlobals: Sync {
    /// Stores the globals' values.
    fn init_globals(&'static self, ctx: Ctx<'_>) -> PyResult<()>;
}

/// Some `HPyGlobal`s of a part, and what fills them at module init (`None`:
/// the part's own init, or code running later, stores them).
#[derive(Clone, Copy)]
pub struct Globals {
    slots: &'static [Global],
    init: Option<&'static dyn InitGlobals>,
}

impl Globals {
    /// One global.
    pub const fn one(g: &'static Global) -> Self {
        Self::all(core::slice::from_ref(g))
    }

    /// Every global of a static array.
    pub const fn all(slots: &'static [Global]) -> Self {
        Self { slots, init: None }
    }

    /// Globals filled by `init` at module init (e.g. interned names).
    pub const fn filled_by(slots: &'static [Global], init: &'static dyn InitGlobals) -> Self {
        Self {
            slots,
            init: Some(init),
        }
    }

    /// The slots.
    pub const fn slots(&self) -> &'static [Global] {
        self.slots
    }
}

/// The init step of a part: called from the module's exec slot with the
/// module object, after every part's globals were filled.
pub type InitFn = crate::impl_::mod_exec::Fn;

/// What one part of an extension adds to its module; made by [`crate::part!`].
pub struct Part {
    /// Functions (and any other module-level `HPyDef`).
    pub defines: &'static [&'static Def],
    /// Globals, each group with what fills it.
    pub globals: &'static [Globals],
    /// Type specs, whose type-object globals the module lists. (The part's
    /// init creates the types: bases and metaclasses are its business.)
    pub type_specs: &'static [&'static [&'static AnyTypeSpec]],
    /// Run at module exec, before the sub-parts' inits.
    pub init: Option<InitFn>,
    /// Sub-parts, initialised in this order after this part.
    pub parts: &'static [&'static Part],
}

impl Part {
    /// How many functions the part and its sub-parts define.
    pub const fn count_defines(&'static self) -> usize {
        let mut n = self.defines.len();
        let mut p = 0;
        while p < self.parts.len() {
            n += self.parts[p].count_defines();
            p += 1;
        }
        n
    }

    /// How many globals the part and its sub-parts list.
    pub const fn count_globals(&'static self) -> usize {
        let mut n = 0;
        let mut i = 0;
        while i < self.globals.len() {
            n += self.globals[i].slots.len();
            i += 1;
        }
        let mut l = 0;
        while l < self.type_specs.len() {
            n += self.type_specs[l].len();
            l += 1;
        }
        let mut p = 0;
        while p < self.parts.len() {
            n += self.parts[p].count_globals();
            p += 1;
        }
        n
    }

    /// Writes the `HPyDef` pointers of the tree from `out[at]` on.
    const fn write_defines(&'static self, out: &mut [*mut ffi::HPyDef], mut at: usize) -> usize {
        let mut i = 0;
        while i < self.defines.len() {
            out[at] = self.defines[i].as_ptr();
            at += 1;
            i += 1;
        }
        let mut p = 0;
        while p < self.parts.len() {
            at = self.parts[p].write_defines(out, at);
            p += 1;
        }
        at
    }

    /// Writes the `HPyGlobal` pointers of the tree from `out[at]` on.
    const fn write_globals(&'static self, out: &mut [*mut ffi::HPyGlobal], mut at: usize) -> usize {
        let mut i = 0;
        while i < self.globals.len() {
            let slots = self.globals[i].slots;
            let mut j = 0;
            while j < slots.len() {
                out[at] = slots[j].as_ptr();
                at += 1;
                j += 1;
            }
            i += 1;
        }
        let mut l = 0;
        while l < self.type_specs.len() {
            let specs = self.type_specs[l];
            let mut j = 0;
            while j < specs.len() {
                out[at] = specs[j].type_global().as_ptr();
                at += 1;
                j += 1;
            }
            l += 1;
        }
        let mut p = 0;
        while p < self.parts.len() {
            at = self.parts[p].write_globals(out, at);
            p += 1;
        }
        at
    }

    /// Every function of the tree, in order (for checks and tests).
    pub fn all_defines(&'static self, out: &mut Vec<&'static Def>) {
        out.extend(self.defines.iter().copied());
        for p in self.parts {
            p.all_defines(out);
        }
    }

    /// Every global of the tree, in the order the module lists them.
    pub fn all_globals(&'static self, out: &mut Vec<&'static Global>) {
        for g in self.globals {
            out.extend(g.slots.iter());
        }
        for specs in self.type_specs {
            out.extend(specs.iter().map(|s| s.type_global()));
        }
        for p in self.parts {
            p.all_globals(out);
        }
    }

    /// Fills the globals of the tree that have an initialiser.
    fn init_globals(&'static self, ctx: Ctx<'_>) -> PyResult<()> {
        for g in self.globals {
            if let Some(init) = g.init {
                init.init_globals(ctx)?;
            }
        }
        for p in self.parts {
            p.init_globals(ctx)?;
        }
        Ok(())
    }

    /// Runs the init steps of the tree, each part before its sub-parts.
    fn init_parts<'c>(&'static self, ctx: Ctx<'c>, module: Borrowed<'c, 'c>) -> PyResult<()> {
        if let Some(f) = self.init {
            f(ctx, module)?;
        }
        for p in self.parts {
            p.init_parts(ctx, module)?;
        }
        Ok(())
    }

    /// The module's exec: every global initialiser of the tree first (they
    /// depend on nothing), then the parts' init steps in tree order.
    #[doc(hidden)]
    pub fn exec<'c>(&'static self, ctx: Ctx<'c>, module: Borrowed<'c, 'c>) -> PyResult<()> {
        self.init_globals(ctx)?;
        self.init_parts(ctx, module)
    }
}

/// The module's `defines`: the tree's functions followed by `extra` (the
/// layer's own), then NULL. `N` is `root.count_defines() + extra.len() + 1`.
#[doc(hidden)]
pub const fn flatten_defines<const N: usize>(
    root: &'static Part,
    extra: &[&'static Def],
) -> [*mut ffi::HPyDef; N] {
    let mut out = [core::ptr::null_mut(); N];
    let mut at = root.write_defines(&mut out, 0);
    let mut i = 0;
    while i < extra.len() {
        out[at] = extra[i].as_ptr();
        at += 1;
        i += 1;
    }
    assert!(at + 1 == N, "flatten_defines: wrong N");
    out
}

/// The module's `globals`: the tree's, then `extra` (the layer's own), then
/// NULL. `N` is `root.count_globals() + extra.len() + 1`.
#[doc(hidden)]
pub const fn flatten_globals<const N: usize>(
    root: &'static Part,
    extra: &'static [Global],
) -> [*mut ffi::HPyGlobal; N] {
    let mut out = [core::ptr::null_mut(); N];
    let mut at = root.write_globals(&mut out, 0);
    let mut i = 0;
    while i < extra.len() {
        out[at] = extra[i].as_ptr();
        at += 1;
        i += 1;
    }
    assert!(at + 1 == N, "flatten_globals: wrong N");
    out
}

/// A NULL-terminated array of `HPyDef` pointers in a `static`.
#[doc(hidden)]
pub struct DefArray<const N: usize>(pub [*mut ffi::HPyDef; N]);

// SAFETY: the pointers are to static, read-only `Def`s; the array is never
// written.
unsafe impl<const N: usize> Sync for DefArray<N> {}

/// A NULL-terminated array of `HPyGlobal` pointers in a `static`.
#[doc(hidden)]
pub struct GlobalArray<const N: usize>(pub [*mut ffi::HPyGlobal; N]);

// SAFETY: the pointers are to `Global` cells (themselves `Sync`, written only
// by the runtime under the interpreter lock); the array is never written.
unsafe impl<const N: usize> Sync for GlobalArray<N> {}

/// Declares a part of a module (see [`Part`]); every key is optional:
///
/// ```ignore
/// hpy::part!(pub static PART = {
///     defines: [CONCATENATE, STACK],            // `Def` statics
///     globals: [SIG_STACK.globals(), hpy::Globals::one(&CACHE)],
///     type_specs: [ARRAY_SPEC],                 // `TypeSpec<T>` statics
///     type_spec_lists: [CONCRETE_ANY],          // `[&AnyTypeSpec; N]` statics
///     init: init,                               // fn(Ctx, Borrowed) -> PyResult<()>; the comma is required
///     parts: [creation::PART, join::PART],
/// });
/// ```
/// Entries of `defines` and `parts` may carry `#[cfg(...)]` attributes;
/// the keys that are given must come in this order.
#[macro_export]
macro_rules! part {
    ($(#[$m:meta])* $vis:vis static $name:ident = {
        $(defines: [$($(#[$dm:meta])* $def:path),* $(,)?] $(,)?)?
        $(globals: [$($g:expr),* $(,)?] $(,)?)?
        $(type_specs: [$($ts:expr),* $(,)?] $(,)?)?
        $(type_spec_lists: [$($tl:expr),* $(,)?] $(,)?)?
        $(init: $init:expr,)?
        $(parts: [$($(#[$pm:meta])* $p:path),* $(,)?] $(,)?)?
    }) => {
        $(#[$m])*
        $vis static $name: $crate::Part = $crate::Part {
            defines: &[$($($(#[$dm])* &$def,)*)?],
            globals: &[$($($g,)*)?],
            type_specs: &[
                &[$($($crate::TypeSpec::any(&$ts),)*)?],
                $($(&$tl,)*)?
            ],
            init: $crate::__opt!($($init)?),
            parts: &[$($($(#[$pm])* &$p,)*)?],
        };
    };
}
