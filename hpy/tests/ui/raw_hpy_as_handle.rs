// A raw `HPy` is not accepted where a handle is.
use hpy::impl_::ffi::HPy;
use hpy::{Ctx, Handle};

fn forge<'c>(ctx: Ctx<'c>) -> Handle<'c> {
    ctx.dup(HPy { _i: 0x1234 })
}

fn main() {
    let _ = forge;
}
