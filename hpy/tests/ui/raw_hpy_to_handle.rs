// A raw `HPy` (any integer) never becomes a handle in safe code.
use hpy::impl_::ffi::HPy;
use hpy::{Borrowed, Ctx, Handle};

fn forge<'c>(ctx: Ctx<'c>) -> Handle<'c> {
    let raw = HPy { _i: 0x1234 };
    let b = Borrowed::from_raw(ctx, raw);
    let _owned = Handle::from_raw(ctx, raw);
    ctx.dup(b)
}

fn main() {
    let _ = forge;
}
