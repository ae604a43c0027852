//! Every row of the tables `scripts/gen-scalar-tables.py` generated from real
//! NumPy (`numpy-core/tests/scalar_tables/`), compared with this module.

use super::weak::{self, PyKind};
use super::*;
use num_complex::Complex;

const BINARY: &str = include_str!("../../tests/scalar_tables/binary.txt");
const UNARY: &str = include_str!("../../tests/scalar_tables/unary.txt");
const CAST: &str = include_str!("../../tests/scalar_tables/cast.txt");
const FORMAT: &str = include_str!("../../tests/scalar_tables/format.txt");
const WEAK: &str = include_str!("../../tests/scalar_tables/weak.txt");

fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
}

fn dtype(name: &str) -> DType {
    *DType::ALL
        .iter()
        .find(|d| dtype_name(**d) == name)
        .unwrap_or_else(|| panic!("unknown dtype {name}"))
}

fn hex32(s: &str) -> f32 {
    f32::from_bits(u32::from_str_radix(s.trim_start_matches("0x"), 16).unwrap())
}

fn hex64(s: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(s.trim_start_matches("0x"), 16).unwrap())
}

/// A value as the generator encodes it (see its docstring).
fn value(d: DType, s: &str) -> Scalar {
    match d {
        DType::Float32 => Scalar::Float32(hex32(s)),
        DType::Float64 => Scalar::Float64(hex64(s)),
        DType::Complex64 => {
            let (re, im) = s.split_once(',').unwrap();
            Scalar::Complex64(Complex::new(hex32(re), hex32(im)))
        }
        DType::Complex128 => {
            let (re, im) = s.split_once(',').unwrap();
            Scalar::Complex128(Complex::new(hex64(re), hex64(im)))
        }
        _ => Scalar::from_i128(d, s.parse().unwrap()),
    }
}

/// Bit-exact equality, except that any NaN equals any NaN (NumPy and Rust
/// may disagree on a NaN's sign bit and payload, which nothing observes).
fn same(a: &Scalar, b: &Scalar) -> bool {
    fn f32s(x: f32, y: f32) -> bool {
        (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
    }
    fn f64s(x: f64, y: f64) -> bool {
        (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
    }
    match (a, b) {
        (Scalar::Float32(x), Scalar::Float32(y)) => f32s(*x, *y),
        (Scalar::Float64(x), Scalar::Float64(y)) => f64s(*x, *y),
        (Scalar::Complex64(x), Scalar::Complex64(y)) => f32s(x.re, y.re) && f32s(x.im, y.im),
        (Scalar::Complex128(x), Scalar::Complex128(y)) => f64s(x.re, y.re) && f64s(x.im, y.im),
        _ => a == b,
    }
}

type Got = Result<(Vec<Scalar>, Vec<String>), ScalarError>;

fn got_of(r: Result<Outcome, ScalarError>) -> Got {
    r.map(|o| {
        let vals = match o.value {
            Value::Scalar(s) => vec![s],
            Value::Pair(q, m) => vec![q, m],
        };
        (vals, o.warnings())
    })
}

/// Compares one result with the expected columns `ok dtype value warnings` /
/// `err Exception message`.
fn check(expect: &[&str], got: &Got) -> Result<(), String> {
    match (expect[0], got) {
        ("err", Err(e)) if e.kind.name() == expect[1] && e.message == expect[2] => Ok(()),
        ("ok", Ok((vals, warns))) => {
            let want: Vec<Scalar> = if expect[1] == "divmod" {
                expect[2]
                    .split(';')
                    .map(|p| {
                        let (d, v) = p.split_once(':').unwrap();
                        value(dtype(d), v)
                    })
                    .collect()
            } else {
                vec![value(dtype(expect[1]), expect[2])]
            };
            let want_warns: Vec<&str> = match expect[3] {
                "-" => vec![],
                w => w.split('|').collect(),
            };
            let values_ok = want.len() == vals.len()
                && want
                    .iter()
                    .zip(vals)
                    .all(|(w, g)| w.dtype() == g.dtype() && same(w, g));
            if values_ok && want_warns == *warns {
                Ok(())
            } else {
                Err(format!("got {vals:?} {warns:?}"))
            }
        }
        _ => Err(format!("got {got:?}")),
    }
}

fn binary_op(name: &str) -> BinaryOp {
    let names = [
        "add", "sub", "mul", "truediv", "floordiv", "mod", "divmod", "pow", "and", "or", "xor",
        "lshift", "rshift", "eq", "ne", "lt", "le", "gt", "ge",
    ];
    BinaryOp::ALL[names.iter().position(|n| *n == name).unwrap()]
}

fn report(what: &str, total: usize, bad: Vec<String>) {
    assert!(total > 0, "{what}: empty table");
    if !bad.is_empty() {
        let shown: Vec<&String> = bad.iter().take(400).collect();
        panic!(
            "{what}: {} of {total} rows differ from NumPy:\n{}",
            bad.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn binary_table() {
    let (mut total, mut bad) = (0, Vec::new());
    for r in rows(BINARY) {
        total += 1;
        let d = dtype(r[1]);
        let (a, b) = (value(d, r[2]), value(d, r[3]));
        let op = binary_op(r[0]);
        if let Err(e) = check(&r[4..], &got_of(a.binary(op, &b))) {
            bad.push(format!("{}: {e}", r.join(" ")));
        }
    }
    report("binary", total, bad);
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn unary_table() {
    let (mut total, mut bad) = (0, Vec::new());
    for r in rows(UNARY) {
        total += 1;
        let d = dtype(r[1]);
        let op = match r[0] {
            "neg" => UnaryOp::Neg,
            "pos" => UnaryOp::Pos,
            "abs" => UnaryOp::Abs,
            _ => UnaryOp::Invert,
        };
        if let Err(e) = check(&r[3..], &got_of(value(d, r[2]).unary(op))) {
            bad.push(format!("{}: {e}", r.join(" ")));
        }
    }
    report("unary", total, bad);
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn cast_table() {
    let (mut total, mut bad) = (0, Vec::new());
    for r in rows(CAST) {
        total += 1;
        let x = value(dtype(r[0]), r[1]);
        let c = x.cast_checked(dtype(r[2]));
        assert!(same(&c.value, &x.cast(dtype(r[2]))));
        if let Err(e) = check(&r[3..], &Ok((vec![c.value], c.warnings()))) {
            bad.push(format!("{}: {e}", r.join(" ")));
        }
    }
    report("cast", total, bad);
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn format_table() {
    let (mut total, mut bad) = (0, Vec::new());
    for r in rows(FORMAT) {
        total += 1;
        let x = value(dtype(r[0]), r[1]);
        let (repr, str) = (x.repr(), x.to_string());
        if repr != r[2] || str != r[3] {
            bad.push(format!("{}: got {repr} {str}", r.join(" ")));
        }
    }
    report("format", total, bad);
}

/// `np.<dtype>(1) + <python value>`, through the NEP 50 helpers.
#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn weak_table() {
    let (mut total, mut bad) = (0, Vec::new());
    for r in rows(WEAK) {
        total += 1;
        let d = dtype(r[0]);
        let py = match r[1] {
            "bool" => PyKind::Bool,
            "int" => PyKind::Int,
            "float" => PyKind::Float,
            _ => PyKind::Complex,
        };
        let to = weak::weak_result_dtype(d, py);
        let one = Scalar::from_i128(d, 1).cast(to);
        let other = match py {
            PyKind::Bool => Ok(Scalar::Bool(true).cast_checked(to)),
            PyKind::Int => {
                // Ints beyond i128 are the caller's (see `weak_int_check`).
                let Ok(v) = r[2].parse::<i128>() else {
                    continue;
                };
                assert_eq!(weak::weak_int_fits(d, v), r[3] == "ok", "{r:?}");
                weak::weak_int_to_scalar(d, v)
            }
            PyKind::Float => Ok(weak::weak_float_to_scalar(d, r[2].parse().unwrap())),
            PyKind::Complex => {
                let im: f64 = r[2].trim_end_matches('j').parse().unwrap();
                Ok(weak::weak_complex_to_scalar(d, Complex::new(0.0, im)))
            }
        };
        let got = other.and_then(|c| {
            let mut warns = c.warnings();
            // np.bool has no scalar math: NumPy uses the ufunc.
            let out = if d == DType::Bool {
                one.binary_ufunc(BinaryOp::Add, &c.value)
            } else {
                one.binary(BinaryOp::Add, &c.value)
            };
            got_of(out).map(|(v, w)| {
                warns.extend(w);
                (v, warns)
            })
        });
        if let Err(e) = check(&r[3..], &got) {
            bad.push(format!("{}: {e}", r.join(" ")));
        }
    }
    report("weak", total, bad);
}

#[test]
fn accessors() {
    assert_eq!(Scalar::Int8(-3).to_i128(), Some(-3));
    assert_eq!(Scalar::Float32(1.5).to_i128(), None);
    assert_eq!(Scalar::UInt64(u64::MAX).to_f64(), 18446744073709551615.0);
    assert!(Scalar::Float64(f64::NAN).is_true());
    assert!(!Scalar::Complex64(Complex::new(-0.0, 0.0)).is_true());
    assert!(Scalar::Complex128(Complex::new(0.0, 1.0)).is_true());
    assert_eq!(Scalar::zero(DType::UInt16), Scalar::UInt16(0));
    assert_eq!(
        Scalar::from_f64(DType::Int64, f64::NAN),
        Scalar::Int64(i64::MIN)
    );
    assert!(ops::supports(BinaryOp::Add, DType::Bool));
    assert!(!ops::supports(BinaryOp::Sub, DType::Bool));
    assert!(!ops::supports(BinaryOp::FloorDiv, DType::Complex64));
    assert!(!ops::supports(BinaryOp::LShift, DType::Float64));
}
