// Calls and containers take handles, not raw `HPy` values (any integer).
use hpy::impl_::ffi::HPy;
use hpy::{Ctx, Handle, PyResult};

fn forge<'c>(ctx: Ctx<'c>, f: &Handle<'c>) -> PyResult<Handle<'c>> {
    let raw = HPy { _i: 0x1234 };
    let _t = ctx.tuple(&[raw])?;
    let _l = ctx.list(&[raw])?;
    let _k = ctx.call_kw(f, &[raw], 1, None)?;
    ctx.call(f, &[raw])
}

fn main() {
    let _ = forge;
}
