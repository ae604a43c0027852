//! The safe layer every HPy port needs, so product code never touches `hpy-sys`.
//!
//! * [`Ctx`] wraps the `HPyContext*` of one call; the `static inline` helpers of
//!   HPy's headers are its methods (bindgen cannot bind inline functions).
//! * [`Handle`] is an owned handle, closed exactly once on drop; [`Borrowed`]
//!   is a handle someone else keeps open, for a lifetime tied to its owner
//!   (`Borrowed<'a, 'c>`, PyO3's `Borrowed<'a, 'py, T>`): one borrowed from a
//!   `Handle` cannot outlive it, nor can instance data read through it.
//!   [`CallArgs`], the argument array of a vectorcall, is made only by the
//!   entry-point machinery; calls and containers ([`Ctx::call`],
//!   [`Ctx::tuple`], ...) take slices of `Borrowed`, never raw `HPy` values.
//!   [`Instance`] carries an owned handle with its instance data.
//! * [`PyErr`]/[`PyResult`]: an error either is already set in the interpreter
//!   (an HPy call failed) or carries an exception type and message that are set
//!   once, at the boundary.
//! * The def macros ([`meth!`], [`slot!`], [`getset!`], [`type_spec!`],
//!   [`module!`]) generate both the HPy `impl` and the CPython trampoline of every
//!   entry point from one Rust function; all entry points go through ONE panic
//!   boundary (`impl_::boundary`), where a panic becomes a Python `SystemError`.
//! * [`Global`], [`Field`], [`Capsule`] and [`ModuleState`] cover the
//!   per-module state pattern of DESIGN.md (HPy 0.9 has no module state).

pub mod buffer;
mod capsule;
mod ctx;
mod def;
mod err;
mod field;
mod getset_fix;
mod global;
mod handle;
mod instance;
mod object;
mod pyapi;
pub mod runtime;
mod state;

#[doc(hidden)]
pub mod impl_;

pub use capsule::{Capsule, CapsuleDestructor};
pub use ctx::layout::{Exact, FastList};
pub use ctx::{Ctx, NumberMaker, RichCmpOp};
pub use def::{AnyTypeSpec, Def, TypeSpec};
pub use err::{ExcType, PyErr, PyResult};
pub use field::{Field, Visitor};
pub use global::Global;
pub use handle::{AsHandle, Borrowed, CallArgs, Handle};
pub use instance::Instance;
pub use object::{ObjectData, Shape};
pub use pyapi::{BufferInfo, DetachedRef};
pub use runtime::{Capabilities, Runtime};
pub use state::ModuleState;

/// Type flags a spec may combine (HPy's `HPy_TPFLAGS_*`).
pub mod flags {
    /// Heap type with a version tag: every HPy type has it.
    pub const DEFAULT: u64 = hpy_sys::HPy_TPFLAGS_DEFAULT as u64;
    /// The type may be subclassed from Python.
    pub const BASETYPE: u64 = hpy_sys::HPy_TPFLAGS_BASETYPE as u64;
    /// Instances hold `HPyField`s and take part in garbage collection.
    pub const HAVE_GC: u64 = hpy_sys::HPy_TPFLAGS_HAVE_GC as u64;
    /// The type implements PEP 590 vectorcall.
    pub const HAVE_VECTORCALL: u64 = hpy_sys::HPy_TPFLAGS_HAVE_VECTORCALL as u64;
}
