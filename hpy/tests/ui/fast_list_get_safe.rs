// An item read in place from a list is valid only until Python code runs:
// reading one is `unsafe`.
use hpy::{Borrowed, Ctx};

fn first<'a, 'c>(ctx: Ctx<'c>, list: Borrowed<'a, 'c>) -> Option<Borrowed<'a, 'c>> {
    let items = ctx.list_items_borrowed(list)?;
    let _exact = items.get_exact(0);
    items.get(0)
}

fn main() {
    let _ = first;
}
