//! numpy-pure's sorts on one contiguous lane (what `sort`/`argsort` run per
//! lane): 1e5 and 1e6 float64 and int64 elements, uniformly random from a
//! fixed-seed xorshift (the same data every run). `sort` is in place (LSD
//! radix sort, stable, NaN last); `argsort` sorts (value, index) pairs and
//! writes the int64 permutation. Each iteration sorts a fresh copy of the
//! data; the copy is not timed. Throughput in elements per second. Names:
//! `sorting/<sort|argsort>_<dtype>/<n>`.
//!
//! `cargo bench -p numpy-hpy-benches --bench sorting [-- --quick]`

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main,
};
use numpy_hpy_benches::data::{random_f64, random_i64};
use numpy_hpy_benches::run::{argsort_slice, sort_slice};
use numpy_pure::sort::SortElem;

const SIZES: [usize; 2] = [100_000, 1_000_000];

fn bench_type<T: SortElem>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    make: fn(usize, u64) -> Vec<T>,
) {
    for n in SIZES {
        let data = make(n, 0x5EED);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::new(format!("sort_{name}"), n), |b| {
            b.iter_batched_ref(|| data.clone(), |v| sort_slice(v), BatchSize::LargeInput)
        });
        let mut out = vec![0i64; n];
        g.bench_function(BenchmarkId::new(format!("argsort_{name}"), n), |b| {
            b.iter(|| {
                argsort_slice(&data, &mut out);
                black_box(&out);
            })
        });
    }
}

fn sorting(c: &mut Criterion) {
    let mut g = c.benchmark_group("sorting");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        // Milliseconds an iteration: the same count per sample, as
        // criterion advises for long routines.
        .sampling_mode(SamplingMode::Flat);
    bench_type(&mut g, "float64", random_f64);
    bench_type(&mut g, "int64", random_i64);
    g.finish();
}

criterion_group!(benches, sorting);
criterion_main!(benches);
