//! The dtype rules against tables real NumPy wrote
//! (`scripts/gen-dtype-tables.py` → `numpy-core/tests/dtype_tables/`).
//! Every line of every table is checked; one disagreement fails the test.

use super::*;

macro_rules! table {
    ($file:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/dtype_tables/",
            $file
        ))
    };
}

/// The data lines of a table, split on whitespace.
fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split(' ').collect())
}

/// Undo the generator's escaping (`\\`, `\xNN`, `\e` = empty string).
fn unescape(s: &str) -> String {
    if s == "\\e" {
        return String::new();
    }
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).unwrap()));
            }
            other => panic!("bad escape {other:?} in {s:?}"),
        }
    }
    out
}

fn dt(name: &str) -> DType {
    DType::from_name(name).unwrap_or_else(|| panic!("unknown dtype name {name:?}"))
}

fn weak_kind(name: &str) -> PyScalarKind {
    match name {
        "bool" => PyScalarKind::Bool,
        "int" => PyScalarKind::Int,
        "float" => PyScalarKind::Float,
        "complex" => PyScalarKind::Complex,
        _ => panic!("unknown scalar kind {name:?}"),
    }
}

fn list<T>(field: &str, f: impl Fn(&str) -> T) -> Vec<T> {
    if field == "-" {
        Vec::new()
    } else {
        field.split(',').map(f).collect()
    }
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn info_matches_numpy() {
    let mut seen = 0;
    for r in rows(table!("info.txt")) {
        let d = dt(r[0]);
        let got = [
            d.name().to_owned(),
            d.kind_char().to_string(),
            d.char().to_string(),
            d.num().to_string(),
            d.itemsize().to_string(),
            d.alignment().to_string(),
            d.str_().to_owned(),
            d.byteorder().to_string(),
            d.scalar_type_name().to_owned(),
            d.class_name().to_owned(),
        ];
        assert_eq!(got.as_slice(), &r[..], "info of {d:?}");
        assert_eq!(d.descr(), [("", d.str_())]);
        assert_eq!(DType::from_num(d.num()), Some(d));
        assert_eq!(d.to_string(), d.name());
        seen += 1;
    }
    assert_eq!(seen, DType::ALL.len());
    assert_eq!(DType::from_num(9), Some(DType::Int64));
    assert_eq!(DType::from_num(10), Some(DType::UInt64));
    assert_eq!(DType::from_num(13), None);
}

#[test]
fn predicates() {
    for d in DType::ALL {
        let k = d.kind_char();
        assert_eq!(d.is_signed_int(), k == 'i');
        assert_eq!(d.is_unsigned(), k == 'u');
        assert_eq!(d.is_integer(), k == 'i' || k == 'u');
        assert_eq!(d.is_float(), k == 'f');
        assert_eq!(d.is_complex(), k == 'c');
        assert_eq!(d.is_inexact(), k == 'f' || k == 'c');
        if d.is_complex() {
            assert_eq!(d.real_dtype().itemsize() * 2, d.itemsize());
            assert_eq!(d.real_dtype().complex_dtype(), Some(d));
        } else {
            assert_eq!(d.real_dtype(), d);
        }
    }
    assert_eq!(DType::Complex64.real_dtype(), DType::Float32);
    assert_eq!(DType::Float64.repr(), "dtype('float64')");
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn promote_types_matches_numpy() {
    let mut n = 0;
    for r in rows(table!("promote.txt")) {
        let (a, b, want) = (dt(r[0]), dt(r[1]), dt(r[2]));
        assert_eq!(promote_types(a, b), want, "promote_types({a}, {b})");
        n += 1;
    }
    assert_eq!(n, 13 * 13);
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn can_cast_matches_numpy() {
    let mut n = 0;
    for r in rows(table!("can_cast.txt")) {
        let (a, b) = (dt(r[0]), dt(r[1]));
        let casting: Casting = r[2].parse().unwrap();
        assert_eq!(casting.as_str(), r[2]);
        let want = r[3] == "1";
        assert_eq!(
            can_cast(a, b, casting),
            want,
            "can_cast({a}, {b}, {casting})"
        );
        n += 1;
    }
    assert_eq!(n, 13 * 13 * 5);
}

#[test]
fn casting_parse_errors() {
    for bad in ["bogus", "", "Safe", "safe\0"] {
        assert_eq!(
            bad.parse::<Casting>(),
            Err(CastingParseError(bad.to_owned()))
        );
    }
    assert_eq!(
        "Safe".parse::<Casting>().unwrap_err().to_string(),
        "casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got 'Safe')"
    );
    assert_eq!(
        "safe\0".parse::<Casting>().unwrap_err().to_string(),
        "casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got 'safe\\x00')"
    );
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn result_type_matches_numpy() {
    let mut n = 0;
    for r in rows(table!("result_type.txt")) {
        let dtypes = list(r[0], dt);
        let weak = list(r[1], weak_kind);
        let want = dt(r[2]);
        assert_eq!(
            result_type(&dtypes, &weak),
            Ok(want),
            "result_type({dtypes:?}, {weak:?})"
        );
        let mut rev_d = dtypes.clone();
        rev_d.reverse();
        let mut rev_w = weak.clone();
        rev_w.reverse();
        assert_eq!(result_type(&rev_d, &rev_w), Ok(want));
        n += 1;
    }
    assert!(n > 3000, "result_type table too short: {n}");
    assert_eq!(result_type(&[], &[]), Err(NoOperandsError));
    assert_eq!(
        NoOperandsError.to_string(),
        "at least one array or dtype is required"
    );
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn spellings_match_numpy() {
    let (mut ok, mut plain_errors, mut divergent) = (0, 0, 0);
    let mut failures = Vec::new();
    for line in table!("spellings.txt").lines() {
        if line.starts_with('#') {
            continue;
        }
        let r: Vec<&str> = line.splitn(5, ' ').collect();
        let s = unescape(r[0]);
        let got = parse_dtype(&s);
        let good = match (r[1], r[2]) {
            ("plain", "ok") => {
                ok += 1;
                let want = ParsedDType {
                    dtype: dt(r[3]),
                    char: r[4].chars().next().unwrap(),
                };
                got == Ok(want) && s.parse::<DType>() == Ok(want.dtype)
            }
            ("plain", "unsupported") => got == Err(DTypeParseError::Unsupported(s.clone())),
            ("plain", "error") => {
                // r[3] is the exception type, r[4] NumPy's message; all our
                // parse errors are TypeErrors.
                plain_errors += 1;
                r[3] == "TypeError"
                    && matches!(&got, Err(e) if !matches!(e, DTypeParseError::Unsupported(_))
                        && e.to_string() == unescape(r[4]))
            }
            // Comma and datetime strings: structured/subarray/datetime dtypes
            // are unsupported; NumPy's own parser messages (and '()f8' being
            // float64) are not reproduced -- see parse.rs.
            (_, "ok" | "unsupported" | "error") => {
                divergent += 1;
                got == Err(DTypeParseError::Unsupported(s.clone()))
            }
            _ => panic!("bad line {line:?}"),
        };
        if !good {
            failures.push(format!("np.dtype({s:?}): numpy {line:?}, we {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ok > 200 && plain_errors > 1000 && divergent > 100);
}

#[test]
fn parse_error_messages() {
    let msg = |s: &str| s.parse::<DType>().unwrap_err().to_string();
    assert_eq!(msg("xyz"), "data type 'xyz' not understood");
    assert_eq!(msg(""), "data type '' not understood");
    assert_eq!(msg("f3"), "data type 'f3' not understood");
    assert_eq!(msg("it's"), "data type \"it's\" not understood");
    assert_eq!(
        msg("f2"),
        "numpy_hpy does not support the data type 'f2' yet"
    );
    assert_eq!(
        msg(">f8"),
        "numpy_hpy does not support the data type '>f8' yet"
    );
    assert_eq!(
        msg("int0"),
        "Alias 'int0' was removed in NumPy 2.0. Use a name without a digit at the end."
    );
    assert_eq!(">b1".parse::<DType>(), Ok(DType::Bool));
    assert_eq!("|i1".parse::<DType>(), Ok(DType::Int8));
    let longlong = parse_dtype("longlong").unwrap();
    assert!(longlong.is_longlong());
    assert_eq!(longlong.dtype, DType::Int64);
    assert!(!parse_dtype("int64").unwrap().is_longlong());
    assert_eq!(parse::py_repr_str("a\u{e9}\u{a0}\\"), "'a\u{e9}\\xa0\\\\'");
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn limits_match_numpy() {
    let mut n = 0;
    for line in table!("limits.txt").lines() {
        if line.starts_with('#') {
            continue;
        }
        let r: Vec<&str> = line.splitn(5, ' ').collect();
        let d = dt(r[1]);
        match (r[0], r[2]) {
            ("finfo", "error") => {
                assert_eq!(r[3], "ValueError");
                let want = unescape(r[4]).replace("'numpy.", "'numpy_hpy.");
                assert_eq!(finfo(d).unwrap_err().to_string(), want, "finfo({d})");
            }
            ("iinfo", "error") => {
                assert_eq!(r[3], "ValueError");
                assert_eq!(iinfo(d).unwrap_err().to_string(), unescape(r[4]));
            }
            ("finfo", field) => {
                let fi = finfo(d).unwrap();
                let v = r[3];
                let float = |x: f64| {
                    let want: f64 = v.parse().unwrap();
                    assert_eq!(x.to_bits(), want.to_bits(), "finfo({d}).{field}");
                };
                let int = |x: i64| assert_eq!(x.to_string(), v, "finfo({d}).{field}");
                match field {
                    "dtype" => assert_eq!(fi.dtype.name(), v),
                    "bits" => int(fi.bits.into()),
                    "eps" => float(fi.eps),
                    "epsneg" => float(fi.epsneg),
                    "max" => float(fi.max),
                    "min" => float(fi.min),
                    "tiny" => float(fi.tiny),
                    "smallest_normal" => float(fi.smallest_normal),
                    "smallest_subnormal" => float(fi.smallest_subnormal),
                    "resolution" => float(fi.resolution),
                    "precision" => int(fi.precision.into()),
                    "iexp" => int(fi.iexp.into()),
                    "maxexp" => int(fi.maxexp.into()),
                    "minexp" => int(fi.minexp.into()),
                    "machep" => int(fi.machep.into()),
                    "negep" => int(fi.negep.into()),
                    "nexp" => int(fi.nexp.into()),
                    "nmant" => int(fi.nmant.into()),
                    _ => panic!("unknown finfo field {field}"),
                }
            }
            ("iinfo", field) => {
                let ii = iinfo(d).unwrap();
                let got = match field {
                    "bits" => ii.bits.to_string(),
                    "min" => ii.min.to_string(),
                    "max" => ii.max.to_string(),
                    _ => panic!("unknown iinfo field {field}"),
                };
                assert_eq!(got, r[3], "iinfo({d}).{field}");
                assert_eq!(ii.dtype, d);
            }
            _ => panic!("bad line {line:?}"),
        }
        n += 1;
    }
    assert!(n > 100);
}
