// Nothing outside the layer can claim to be a handle without `unsafe`.
use hpy::AsHandle;
use hpy::impl_::ffi::HPy;

#[derive(Clone, Copy)]
struct Fake;

impl<'c> AsHandle<'c> for Fake {
    fn raw(self) -> HPy {
        HPy { _i: 0x1234 }
    }
}

fn main() {}
