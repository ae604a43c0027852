// A spec knows the Rust data of its instances: reading (or storing) another
// type through it does not compile.
use hpy::{Borrowed, Ctx, ObjectData, PyResult};

struct Small(u8);
impl ObjectData for Small {
    const HAS_FIELDS: bool = false;
}

struct Big([u64; 8]);
impl ObjectData for Big {
    const HAS_FIELDS: bool = false;
}

hpy::type_spec!(static SMALL_SPEC: Small = {
    name: c"m.Small",
    flags: 0,
    defines: [],
});

fn read<'c>(ctx: Ctx<'c>, h: Borrowed<'_, 'c>) -> PyResult<u64> {
    let big: &Big = SMALL_SPEC.data(ctx, h)?;
    Ok(big.0[7])
}

fn store<'c>(ctx: Ctx<'c>) -> PyResult<()> {
    SMALL_SPEC.instance(ctx, Big([0; 8]))?;
    Ok(())
}

fn main() {
    let _ = (read, store, Small(0));
}
