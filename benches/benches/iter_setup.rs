//! The broadcasting iterator's fixed cost at small sizes (1, 8 and 100
//! elements): what a ufunc call pays in numpy-pure beyond the loop itself.
//! float64 `add` in three cases:
//!
//! - `1d`: two contiguous 1-D inputs (the core takes its no-iterator fast
//!   path for these; the iterator's cost shows what that path saves);
//! - `1d_cast`: an int32 input and a float64 one: the iterator casts the
//!   int32 operand in chunks through a buffer it allocates per call;
//! - `3d_broadcast`: `(d0, d1, d2) + (d1, 1)` (shapes (1,1,1), (2,2,2),
//!   (4,5,5)): the second input steps 0 along two axes, so no axis merges
//!   and the odometer walks all three.
//!
//! Rows per case and size: `kernel` (the bare inner loop, `1d` only: the
//! floor), `iter_run` (`iter::run`: plan, buffers, odometer, loop calls,
//! with operand descriptions built once) and `resolve_iter_run` (NEP 50
//! loop selection, `resolve::resolve`, then `iter::run`: the whole ufunc
//! call in numpy-pure, minus argument parsing and the output's
//! allocation). Names: `iter_setup/<case>/<row>/<n>`.
//!
//! `cargo bench -p numpy-hpy-benches --bench iter_setup [-- --quick]`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use numpy_hpy_benches::data::{Array, c_strides};
use numpy_hpy_benches::run::{IterCall, KernelCall, table};
use numpy_pure::dtype::{Casting, DType};
use numpy_pure::ufunc::LoopTable;
use numpy_pure::ufunc::resolve::{self, Operand};

fn iter_setup(c: &mut Criterion) {
    let tables = LoopTable::all().expect("ufunc tables");
    let add = table(&tables, "add");
    let mut g = c.benchmark_group("iter_setup");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    let f8 = DType::Float64;
    let resolve_f8 = |first: DType| {
        let i = resolve::resolve(
            add,
            &[Operand::Strong(first), Operand::Strong(f8)],
            &[None; 3],
            Casting::SameKind,
        )
        .expect("add resolves");
        &add.loops[i]
    };
    let cases: [(&str, DType, [[usize; 3]; 3]); 3] = [
        ("1d", f8, [[1, 1, 1], [1, 1, 8], [1, 1, 100]]),
        ("1d_cast", DType::Int32, [[1, 1, 1], [1, 1, 8], [1, 1, 100]]),
        ("3d_broadcast", f8, [[1, 1, 1], [2, 2, 2], [4, 5, 5]]),
    ];
    for (case, first_t, shapes) in cases {
        let lp = resolve_f8(first_t);
        for shape3 in shapes {
            let n: usize = shape3.iter().product();
            let broadcast = case == "3d_broadcast";
            let shape: Vec<usize> = if broadcast { shape3.to_vec() } else { vec![n] };
            let a = Array::filled(first_t, n);
            let b = Array::filled(f8, if broadcast { shape3[1] } else { n });
            let mut out = Array::filled(f8, n);
            let sa = c_strides(&shape, first_t.itemsize());
            let sb: Vec<isize> = if broadcast { vec![0, 8, 0] } else { vec![8] };
            let so = c_strides(&shape, 8);
            if case == "1d" {
                let mut call = KernelCall::new(lp, &[(&a, 8), (&b, 8)], &mut out, 8, n);
                g.bench_function(BenchmarkId::new(format!("{case}/kernel"), n), |bch| {
                    bch.iter(|| black_box(call.run()))
                });
            }
            let mut call = IterCall::new(lp, &shape, &[(&a, &sa), (&b, &sb)], (&mut out, &so));
            g.bench_function(BenchmarkId::new(format!("{case}/iter_run"), n), |bch| {
                bch.iter(|| black_box(call.run()))
            });
            let inputs = [Operand::Strong(first_t), Operand::Strong(f8)];
            g.bench_function(
                BenchmarkId::new(format!("{case}/resolve_iter_run"), n),
                |bch| {
                    bch.iter(|| {
                        let i = resolve::resolve(
                            add,
                            black_box(&inputs),
                            &[None; 3],
                            Casting::SameKind,
                        );
                        black_box(i.is_ok());
                        black_box(call.run())
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, iter_setup);
criterion_main!(benches);
