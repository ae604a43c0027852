// A handle borrowed from an owned `Handle` cannot outlive it: not returned
// past it, not used after it is dropped (closed), and neither can the
// instance data read through it.
use hpy::{Borrowed, Ctx, ObjectData, PyResult};

struct Data(u64);
impl ObjectData for Data {
    const HAS_FIELDS: bool = false;
}

hpy::type_spec!(static DATA_SPEC: Data = {
    name: c"m.Data",
    flags: 0,
    defines: [],
});

fn escape<'c>(ctx: Ctx<'c>) -> PyResult<Borrowed<'c, 'c>> {
    let h = ctx.long_from_i64(1)?;
    Ok(h.borrow())
}

fn use_after_close<'c>(ctx: Ctx<'c>) -> PyResult<bool> {
    let h = ctx.long_from_i64(1)?;
    let b = h.borrow();
    drop(h);
    Ok(ctx.is_none(b))
}

fn data_after_close<'c>(ctx: Ctx<'c>) -> PyResult<u64> {
    let h = DATA_SPEC.instance(ctx, Data(7))?;
    let d: &Data = DATA_SPEC.data(ctx, h.borrow())?;
    drop(h);
    Ok(d.0)
}

fn main() {
    let _ = (escape, use_after_close, data_after_close);
}
