//! Reductions of a 1000 x 1000 C-contiguous array (1e6 elements), whole and
//! along each axis, as the core runs them:
//!
//! - `sum` of float64 (NumPy's pairwise summation, bit for bit) and of
//!   int64: `add`'s reduction loop; `max` of float64: `maximum`'s (no
//!   identity: the first element starts each result);
//! - `whole`: one call of the loop's reduce path on a running value (the
//!   core's `reduce_all_fast` for C-contiguous arrays);
//! - `axis0` / `axis1`: `reduce::reduce` through the iterator, the output
//!   (1000 elements, reset to the identity before each call, as a fresh
//!   result would be) stepping 0 along the reduced axis: `axis0` adds rows
//!   into a row of partial results, `axis1` reduces each contiguous row;
//! - `argmax` of float64: `arg_extreme_of` over the whole array, and lane by
//!   lane (`iter::lanes`) along an axis.
//!
//! Throughput in elements reduced per second. Names:
//! `reductions/<op>_<dtype>/<whole|axis0|axis1>`.
//!
//! `cargo bench -p numpy-hpy-benches --bench reductions [-- --quick]`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numpy_hpy_benches::data::{Array, c_strides};
use numpy_hpy_benches::run::{
    arg_extreme, argmax_along, reduce_axes, reduce_contiguous, reduce_loop, table,
};
use numpy_pure::dtype::DType;
use numpy_pure::scalar::Scalar;
use numpy_pure::ufunc::LoopTable;

const ROWS: usize = 1000;
const COLS: usize = 1000;

fn reductions(c: &mut Criterion) {
    let tables = LoopTable::all().expect("ufunc tables");
    let mut g = c.benchmark_group("reductions");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .throughput(Throughput::Elements((ROWS * COLS) as u64));
    let n = ROWS * COLS;
    let shape = [ROWS, COLS];
    let cases = [
        ("sum", "add", DType::Float64, Some(Scalar::Float64(0.0))),
        ("sum", "add", DType::Int64, Some(Scalar::Int64(0))),
        ("max", "maximum", DType::Float64, None),
    ];
    for (op, ufunc, d, identity) in cases {
        let lp = reduce_loop(table(&tables, ufunc), d);
        let a = Array::filled(d, n);
        let strides = c_strides(&shape, d.itemsize());
        let name = format!("{op}_{}", d.name());
        g.bench_function(format!("{name}/whole"), |b| {
            b.iter(|| black_box(reduce_contiguous(lp, &a, n, identity)))
        });
        let z = lp.types[0].itemsize() as isize;
        for (axis, out_strides) in [(0usize, [0, z]), (1, [z, 0])] {
            let mut out = Array::zeros(lp.types[0], shape[1 - axis]);
            let mut reduced = [false; 2];
            reduced[axis] = true;
            g.bench_function(format!("{name}/axis{axis}"), |b| {
                b.iter(|| {
                    if let Some(v) = identity {
                        for i in 0..shape[1 - axis] {
                            out.set(i, v);
                        }
                    }
                    black_box(reduce_axes(
                        lp,
                        (&a, &shape, &strides),
                        (&mut out, &out_strides),
                        &reduced,
                        identity.is_none(),
                    ))
                })
            });
        }
    }
    let d = DType::Float64;
    let a = Array::filled(d, n);
    let strides = c_strides(&shape, d.itemsize());
    g.bench_function("argmax_float64/whole", |b| {
        b.iter(|| black_box(arg_extreme(&a, n, true)))
    });
    for axis in [0usize, 1] {
        let mut out = vec![0i64; shape[1 - axis]];
        g.bench_function(format!("argmax_float64/axis{axis}"), |b| {
            b.iter(|| {
                argmax_along(&a, &shape, &strides, axis, &mut out);
                black_box(&out);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, reductions);
criterion_main!(benches);
