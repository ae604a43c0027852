//! The machine's memory bandwidth, STREAM-style, as the reference for every
//! large-array row: `copy` (`c = a`), `scale` (`b = s * c`), `add`
//! (`c = a + b`) and `triad` (`a = b + s * c`) over 1e7 float64 (three
//! arrays of 80 MB, far beyond any cache), in plain Rust loops; throughput in
//! bytes moved per second, counted as STREAM counts them (16 bytes an
//! element for copy and scale, 24 for add and triad; no write-allocate
//! traffic). The loops (`numpy_hpy_benches::stream`) are compiled for the
//! widest vector unit the CPU has, as numpy-pure's are.
//!
//! Beside them, numpy-pure's own contiguous `add` and `multiply` float64
//! inner loops on arrays of the same size (`stream/numpy_pure_add`,
//! `stream/numpy_pure_multiply`), so the ufunc loops read as a fraction of
//! the machine's limit (DESIGN.md's target: >= 0.95 of STREAM with `out=`).
//! Single-threaded, as numpy_hpy's loops are.
//!
//! `cargo bench -p numpy-hpy-benches --bench stream [-- --quick]`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numpy_hpy_benches::data::Array;
use numpy_hpy_benches::run::{KernelCall, same_dtype_loop, table};
use numpy_hpy_benches::stream;
use numpy_pure::dtype::DType;
use numpy_pure::ufunc::LoopTable;

/// Elements per array (STREAM's rule: each array at least 4x the caches).
const N: usize = 10_000_000;
const SCALAR: f64 = 3.0;

fn stream(c: &mut Criterion) {
    let mut g = c.benchmark_group("stream");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let mut a = vec![1.0f64; N];
    let mut b = vec![2.0f64; N];
    let mut cc = vec![0.0f64; N];
    let f8 = size_of::<f64>() as u64;
    g.throughput(Throughput::BytesDecimal(2 * f8 * N as u64));
    g.bench_function("copy", |bch| {
        bch.iter(|| stream::copy(black_box(&mut cc), black_box(&a)))
    });
    g.bench_function("scale", |bch| {
        bch.iter(|| stream::scale(black_box(&mut b), &cc, black_box(SCALAR)))
    });
    g.throughput(Throughput::BytesDecimal(3 * f8 * N as u64));
    g.bench_function("add", |bch| {
        bch.iter(|| stream::add(black_box(&mut cc), &a, &b))
    });
    g.bench_function("triad", |bch| {
        bch.iter(|| stream::triad(black_box(&mut a), &b, &cc, black_box(SCALAR)))
    });
    black_box((&a, &b, &cc));
    drop((a, b, cc));

    let tables = LoopTable::all().expect("ufunc tables");
    let x = Array::filled(DType::Float64, N);
    let y = Array::filled(DType::Float64, N);
    // Written once already (`filled`), so no page faults while timed: the
    // `out=` form, as STREAM's arrays.
    let mut out = Array::filled(DType::Float64, N);
    for name in ["add", "multiply"] {
        let lp = same_dtype_loop(table(&tables, name), DType::Float64);
        let mut call = KernelCall::new(lp, &[(&x, 8), (&y, 8)], &mut out, 8, N);
        g.bench_function(format!("numpy_pure_{name}"), |bch| {
            bch.iter(|| black_box(call.run()))
        });
    }
    g.finish();
}

criterion_group!(benches, stream);
criterion_main!(benches);
