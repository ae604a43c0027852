//! Type promotion and ufunc loop selection, the per-call decisions before
//! any element is touched (all pure functions of dtypes):
//!
//! - `promote_types/<a>_<b>`: `np.promote_types` for common pairs;
//! - `result_type/<case>`: NEP 50 `np.result_type` with Python scalars as
//!   weak operands (`int8 + 1` stays int8, `int8 + 1.0` is float64);
//! - `resolve/<ufunc>_<inputs>`: `resolve::resolve`, the loop a ufunc runs
//!   for its inputs (`add(int32, float64)` runs `dd->d`, `sqrt(int64)`
//!   `d->d`, `divide(int64, int64)` `dd->d`, `add(float32, <float>)`
//!   `ff->f`);
//! - `reduction_loop/<ufunc>_<dtype>`: a reduction's loop (`sum` of int8
//!   accumulates in int64);
//! - `parse_dtype/<text>`: `np.dtype("...")` for a string;
//! - `loop_tables/all`: building the 85 ufuncs' loop tables (done once, at
//!   import).
//!
//! `cargo bench -p numpy-hpy-benches --bench resolution [-- --quick]`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use numpy_hpy_benches::run::table;
use numpy_pure::dtype::{Casting, DType, PyScalarKind, parse_dtype, promote_types, result_type};
use numpy_pure::ufunc::LoopTable;
use numpy_pure::ufunc::reduce::reduction_loop;
use numpy_pure::ufunc::resolve::{Operand, resolve};

fn resolution(c: &mut Criterion) {
    use DType::*;
    let tables = LoopTable::all().expect("ufunc tables");
    let mut g = c.benchmark_group("resolution");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));

    for (a, b) in [
        (Float64, Float64),
        (Int32, Float64),
        (Int64, UInt64),
        (Int8, UInt16),
        (Float32, Int64),
        (Bool, Complex64),
    ] {
        g.bench_function(format!("promote_types/{}_{}", a.name(), b.name()), |bch| {
            bch.iter(|| promote_types(black_box(a), black_box(b)))
        });
    }

    let weak_cases: [(&str, &[DType], &[PyScalarKind]); 4] = [
        ("float64_float64", &[Float64, Float64], &[]),
        ("int8_pyint", &[Int8], &[PyScalarKind::Int]),
        ("int8_pyfloat", &[Int8], &[PyScalarKind::Float]),
        ("int8_uint16_float32", &[Int8, UInt16, Float32], &[]),
    ];
    for (name, strong, weak) in weak_cases {
        g.bench_function(format!("result_type/{name}"), |bch| {
            bch.iter(|| result_type(black_box(strong), black_box(weak)))
        });
    }

    let s = Operand::Strong;
    let resolve_cases: [(&str, &str, Vec<Operand>); 7] = [
        ("add", "float64_float64", vec![s(Float64), s(Float64)]),
        ("add", "int32_float64", vec![s(Int32), s(Float64)]),
        (
            "add",
            "float32_pyfloat",
            vec![s(Float32), Operand::Weak(PyScalarKind::Float)],
        ),
        ("multiply", "int8_uint8", vec![s(Int8), s(UInt8)]),
        ("less", "float32_float64", vec![s(Float32), s(Float64)]),
        ("divide", "int64_int64", vec![s(Int64), s(Int64)]),
        ("sqrt", "int64", vec![s(Int64)]),
    ];
    for (ufunc, name, inputs) in &resolve_cases {
        let t = table(&tables, ufunc);
        let fixed = vec![None; t.def.nargs()];
        // (Checked once: every case resolves.)
        resolve(t, inputs, &fixed, Casting::SameKind).expect("a loop");
        g.bench_function(format!("resolve/{ufunc}_{name}"), |bch| {
            bch.iter(|| resolve(t, black_box(inputs), &fixed, Casting::SameKind))
        });
    }

    for (ufunc, d) in [("add", Float64), ("add", Int8), ("maximum", Float32)] {
        let t = table(&tables, ufunc);
        g.bench_function(format!("reduction_loop/{ufunc}_{}", d.name()), |bch| {
            bch.iter(|| reduction_loop(t, black_box(d), None, None, false, "reduce").is_ok())
        });
    }

    for text in ["float64", "f8", "<i4", "uint8"] {
        parse_dtype(text).expect("a dtype");
        g.bench_function(format!("parse_dtype/{text}"), |bch| {
            bch.iter(|| parse_dtype(black_box(text)).is_ok())
        });
    }

    g.bench_function("loop_tables/all", |bch| {
        bch.iter(|| LoopTable::all().map(|t| t.len()))
    });
    g.finish();
}

criterion_group!(benches, resolution);
criterion_main!(benches);
