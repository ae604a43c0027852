// Only the entry-point machinery makes a vectorcall's argument array: safe
// code can neither build one from raw handle values nor register a function
// that takes raw handles as its arguments.
use hpy::impl_::ffi::HPy;
use hpy::{Borrowed, CallArgs, Ctx, Handle, PyResult};

fn forge<'c>(ctx: Ctx<'c>, raw: &'c [HPy]) -> CallArgs<'c> {
    let _private = CallArgs::from_raw(ctx, raw.as_ptr(), raw.len());
    raw.into()
}

fn f_raw<'c>(ctx: Ctx<'c>, _m: Borrowed<'_, 'c>, _args: &'c [HPy]) -> PyResult<Handle<'c>> {
    Ok(ctx.none())
}

hpy::meth!(static F: varargs = c"f", f_raw);

fn main() {
    let _ = (forge, &F);
}
