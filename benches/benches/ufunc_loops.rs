//! numpy-pure's typed 1-D inner loops, called directly (no iterator, no
//! Python): `add`, `multiply`, `less` per dtype (float64, float32, int64,
//! int32, uint8, bool) and `sqrt` (float64, float32), each at 1e3 and 1e6
//! elements in three forms:
//!
//! - `contig`: every operand contiguous (the auto-vectorised path);
//! - `strided`: the inputs at every other element (byte step 2 x itemsize),
//!   the output contiguous (the general strided path);
//! - `scalar`: the second input one element at step 0 (`a + 2.0`).
//!
//! The loop is the one the core's fast path picks for same-dtype inputs
//! (`LoopTable::same_dtype_loop`), so `add` on bool is `logical_or`'s `??->?`
//! loop and `less` writes bool. Throughput is in bytes moved per call
//! (elements read plus written, times their size), the unit of the `stream`
//! bench: a 1e6-element row (8-24 MB, inside this machine's 32 MB L3 for
//! most dtypes) reads as a multiple of the memory bandwidth, the 1e7 rows in
//! `stream` as a fraction of it. Row names: `ufunc_loops/<ufunc>_<form>/
//! <dtype>/<n>`.
//!
//! `cargo bench -p numpy-hpy-benches --bench ufunc_loops [-- --quick] [-- FILTER]`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use numpy_hpy_benches::data::Array;
use numpy_hpy_benches::run::{KernelCall, same_dtype_loop, table};
use numpy_pure::dtype::DType;
use numpy_pure::ufunc::LoopTable;

const SIZES: [usize; 2] = [1_000, 1_000_000];

/// The dtypes benchmarked for every binary ufunc.
const DTYPES: [DType; 6] = [
    DType::Float64,
    DType::Float32,
    DType::Int64,
    DType::Int32,
    DType::UInt8,
    DType::Bool,
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Contig,
    Strided,
    Scalar,
}

impl Form {
    fn name(self) -> &'static str {
        match self {
            Form::Contig => "contig",
            Form::Strided => "strided",
            Form::Scalar => "scalar",
        }
    }
}

fn ufunc_loops(c: &mut Criterion) {
    let tables = LoopTable::all().expect("ufunc tables");
    let mut g = c.benchmark_group("ufunc_loops");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(50);
    let cases = ["add", "multiply", "less"]
        .into_iter()
        .flat_map(|u| DTYPES.into_iter().map(move |d| (u, d)))
        .chain([("sqrt", DType::Float64), ("sqrt", DType::Float32)]);
    for (ufunc, d) in cases {
        let lp = same_dtype_loop(table(&tables, ufunc), d);
        let nin = lp.types.len() - 1;
        let out_t = lp.types[nin];
        let z = d.itemsize() as isize;
        for form in [Form::Contig, Form::Strided, Form::Scalar] {
            if form == Form::Scalar && nin == 1 {
                continue;
            }
            for n in SIZES {
                let step = if form == Form::Strided { 2 * z } else { z };
                let first = Array::filled(d, 2 * n);
                let second = Array::filled(d, if form == Form::Scalar { 1 } else { 2 * n });
                let mut out = Array::filled(out_t, n);
                let second_step = if form == Form::Scalar { 0 } else { step };
                let ins = [(&first, step), (&second, second_step)];
                let read = if form == Form::Scalar { 1 } else { nin };
                let bytes = n * (read * d.itemsize() + out_t.itemsize());
                g.throughput(Throughput::BytesDecimal(bytes as u64));
                let mut call =
                    KernelCall::new(lp, &ins[..nin], &mut out, out_t.itemsize() as isize, n);
                let id = BenchmarkId::new(format!("{ufunc}_{}/{}", form.name(), d.name()), n);
                g.bench_function(id, |b| b.iter(|| black_box(call.run())));
            }
        }
    }
    g.finish();
}

criterion_group!(benches, ufunc_loops);
criterion_main!(benches);
