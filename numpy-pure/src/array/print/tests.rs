//! Every case of the corpus `scripts/gen-print-corpus.py` generated from real
//! NumPy (`numpy-core/tests/print_corpus/cases.jsonl`): `repr` and `str`
//! compared character for character.

use super::*;
use num_complex::Complex;
use std::collections::BTreeMap;

const CASES: &str = include_str!("../../../tests/print_corpus/cases.jsonl");

/// Corpus lines (1-based) known to differ from NumPy, each with the reason.
const KNOWN_DIFFERENCES: &[(usize, &str)] = &[];

/// The little JSON the corpus uses.
#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(
            self.s[self.i], c,
            "JSON: expected {:?} at {}",
            c as char, self.i
        );
        self.i += 1;
    }

    fn value(&mut self) -> Json {
        self.ws();
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.s[self.i] == b'}' {
                    self.i += 1;
                    return Json::Obj(m);
                }
                loop {
                    self.ws();
                    let Json::Str(k) = self.value() else {
                        panic!("JSON: key is not a string")
                    };
                    self.eat(b':');
                    m.insert(k, self.value());
                    self.ws();
                    self.i += 1;
                    if self.s[self.i - 1] == b'}' {
                        return Json::Obj(m);
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.s[self.i] == b']' {
                    self.i += 1;
                    return Json::Arr(v);
                }
                loop {
                    v.push(self.value());
                    self.ws();
                    self.i += 1;
                    if self.s[self.i - 1] == b']' {
                        return Json::Arr(v);
                    }
                }
            }
            b'"' => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let c = self.s[self.i];
                    self.i += 1;
                    match c {
                        b'"' => return Json::Str(out),
                        b'\\' => {
                            let e = self.s[self.i];
                            self.i += 1;
                            out.push(match e {
                                b'n' => '\n',
                                b't' => '\t',
                                b'r' => '\r',
                                b'b' => '\u{8}',
                                b'f' => '\u{c}',
                                b'u' => {
                                    let hex =
                                        std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
                                    self.i += 4;
                                    char::from_u32(u32::from_str_radix(hex, 16).unwrap())
                                        .expect("JSON: no surrogate pairs in the corpus")
                                }
                                other => other as char,
                            });
                        }
                        _ => {
                            // Copy a whole UTF-8 sequence.
                            let start = self.i - 1;
                            let mut end = self.i;
                            while end < self.s.len() && (self.s[end] & 0xC0) == 0x80 {
                                end += 1;
                            }
                            out.push_str(std::str::from_utf8(&self.s[start..end]).unwrap());
                            self.i = end;
                        }
                    }
                }
            }
            b't' => {
                self.i += 4;
                Json::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Json::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Json::Null
            }
            _ => {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| b"+-.eE0123456789".contains(c))
                {
                    self.i += 1;
                }
                Json::Num(std::str::from_utf8(&self.s[start..self.i]).unwrap().into())
            }
        }
    }
}

fn parse(line: &str) -> BTreeMap<String, Json> {
    match (Parser {
        s: line.as_bytes(),
        i: 0,
    })
    .value()
    {
        Json::Obj(m) => m,
        other => panic!("JSON: a case is not an object: {other:?}"),
    }
}

fn text(j: &Json) -> &str {
    match j {
        Json::Str(s) | Json::Num(s) => s,
        other => panic!("JSON: not a string: {other:?}"),
    }
}

fn items(j: &Json) -> &[Json] {
    match j {
        Json::Arr(v) => v,
        other => panic!("JSON: not a list: {other:?}"),
    }
}

fn hex32(s: &str) -> f32 {
    f32::from_bits(u32::from_str_radix(s.trim_start_matches("0x"), 16).unwrap())
}

fn hex64(s: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(s.trim_start_matches("0x"), 16).unwrap())
}

/// An element as the generator encodes it (see its docstring).
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

fn options(j: &BTreeMap<String, Json>) -> PrintOptions {
    let mut o = PrintOptions::default();
    for (k, v) in j {
        let num = || text(v).parse::<usize>().unwrap();
        match k.as_str() {
            "precision" => o.precision = num(),
            "threshold" => o.threshold = num(),
            "edgeitems" => o.edgeitems = num(),
            "linewidth" => o.linewidth = num(),
            "suppress" => o.suppress = matches!(v, Json::Bool(true)),
            "nanstr" => o.nanstr = text(v).into(),
            "infstr" => o.infstr = text(v).into(),
            "sign" => {
                o.sign = match text(v) {
                    "-" => Sign::Minus,
                    "+" => Sign::Plus,
                    " " => Sign::Space,
                    s => panic!("sign {s:?}"),
                }
            }
            "floatmode" => {
                o.floatmode = match text(v) {
                    "fixed" => FloatMode::Fixed,
                    "unique" => FloatMode::Unique,
                    "maxprec" => FloatMode::MaxPrec,
                    "maxprec_equal" => FloatMode::MaxPrecEqual,
                    s => panic!("floatmode {s:?}"),
                }
            }
            "legacy" => {
                o.legacy = Some(match text(v) {
                    "1.21" => Legacy::V1_21,
                    "1.25" => Legacy::V1_25,
                    "2.1" => Legacy::V2_1,
                    "2.2" => Legacy::V2_2,
                    s => panic!("legacy {s:?}"),
                })
            }
            other => panic!("unknown option {other}"),
        }
    }
    o
}

#[test]
#[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
fn corpus_matches_numpy() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in CASES.lines().enumerate() {
        let lineno = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        count += 1;
        let case = parse(line);
        let dtype = DType::from_name(text(&case["dtype"])).expect("dtype name");
        let shape: Vec<usize> = items(&case["shape"])
            .iter()
            .map(|j| text(j).parse().unwrap())
            .collect();
        let values: Vec<Scalar> = items(&case["values"])
            .iter()
            .map(|j| value(dtype, text(j)))
            .collect();
        let opts = match &case["options"] {
            Json::Obj(m) => options(m),
            _ => panic!("options is not an object"),
        };
        let got_repr = array_repr(&values, &shape, dtype, &opts);
        let got_str = array_str(&values, &shape, dtype, &opts);
        let known = KNOWN_DIFFERENCES.iter().any(|(l, _)| *l == lineno);
        for (what, got, want) in [
            ("repr", got_repr, text(&case["repr"])),
            ("str", got_str, text(&case["str"])),
        ] {
            if got != want && !known {
                failures.push(format!(
                    "line {lineno}: {what} of {dtype} {shape:?} {opts:?}\n  want: {want:?}\n  got:  {got:?}"
                ));
            }
        }
    }
    assert!(count >= 400, "the corpus has only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ from NumPy; the first:\n{}",
        failures.len(),
        failures[..failures.len().min(15)].join("\n")
    );
}

#[test]
fn defaults_and_basics() {
    let o = PrintOptions::default();
    let f = |v: &[f64]| v.iter().map(|x| Scalar::Float64(*x)).collect::<Vec<_>>();
    assert_eq!(
        array_repr(&f(&[1.0, 2.5]), &[2], DType::Float64, &o),
        "array([1. , 2.5])"
    );
    assert_eq!(
        array_str(&f(&[1.0, 2.0]), &[2], DType::Float64, &o),
        "[1. 2.]"
    );
    assert_eq!(
        array_repr(&f(&[1.5]), &[], DType::Float64, &o),
        "array(1.5)"
    );
    assert_eq!(
        array_repr(&[], &[0, 3], DType::Int64, &o),
        "array([], shape=(0, 3), dtype=int64)"
    );
    assert_eq!(
        array_repr(&[Scalar::Int8(3)], &[], DType::Int8, &o),
        "array(3, dtype=int8)"
    );
}
