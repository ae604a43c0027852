//! Loop selection as NumPy 2 does it for our dtypes.
//!
//! - Uniform ufuncs (every loop takes one dtype for all inputs: `add`,
//!   `sqrt`, `less`): the inputs' common dtype by NEP 50 promotion (Python
//!   scalars are weak: `int8 + 1` stays `int8`, `int8 + 1.0` is `float64`),
//!   then the first loop that dtype casts to safely (`sqrt(int64)` runs
//!   `d->d`). NumPy's "simple uniform" ufuncs (`maximum`, `sign`, ...) need
//!   a loop for exactly that dtype.
//! - Mixed loops (`ldexp`'s `di->d`): the first loop every input casts to
//!   safely, a Python scalar matching by kind.
//! - `dtype=` / `signature=`: the first loop with those dtypes whose inputs
//!   cast under `casting=`.
//!
//! NumPy picks `float16` loops for small integers (`sqrt(int8)`); without
//! `float16` we take the next loop, `float32`.

use std::fmt;

use super::LoopTable;
use crate::dtype::{Casting, DType, Kind, PyScalarKind, can_cast, result_type};
use crate::error::{ExcKind, PythonError};

/// An input as loop selection sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// An array or NumPy scalar of this dtype.
    Strong(DType),
    /// A Python `bool`/`int`/`float`/`complex` (NEP 50 "weak").
    Weak(PyScalarKind),
}

impl Operand {
    /// The dtype NumPy shows for the operand in messages.
    pub fn shown_dtype(self) -> DType {
        match self {
            Operand::Strong(d) => d,
            Operand::Weak(k) => k.default_dtype(),
        }
    }
}

/// Why no loop was found, with NumPy's exception and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// `UFuncTypeError`: "ufunc 'sign' did not contain a loop with
    /// signature matching types <class 'numpy.dtypes.BoolDType'> -> None".
    NoLoop(&'static str, Vec<DType>),
    /// `TypeError`: "ufunc 'bitwise_and' not supported for the input types,
    /// and the inputs could not be safely coerced ...".
    NotSupported(&'static str),
    /// `TypeError`: "No loop matching the specified signature and casting
    /// was found for ufunc bitwise_and".
    NoSignatureMatch(&'static str),
    /// `UFuncTypeError`: "Cannot cast ufunc 'add' input 0 from
    /// dtype('float64') to dtype('int64') with casting rule 'same_kind'".
    InputCast(&'static str, usize, DType, DType, Casting),
    /// `UFuncTypeError`: "Cannot cast ufunc 'add' output from
    /// dtype('float64') to dtype('int64') with casting rule 'same_kind'".
    OutputCast(&'static str, DType, DType, Casting),
    /// NumPy's boolean `subtract` refusal.
    BoolSubtract,
    /// NumPy's boolean `negative` refusal.
    BoolNegative,
}

impl ResolveError {
    /// Whether Python should see NumPy's `UFuncTypeError` (a `TypeError`
    /// subclass) rather than a plain `TypeError`.
    pub fn is_ufunc_type_error(&self) -> bool {
        matches!(
            self,
            ResolveError::NoLoop(..) | ResolveError::InputCast(..) | ResolveError::OutputCast(..)
        )
    }
}

/// `<class 'numpy_hpy.dtypes.Int8DType'>`
pub(crate) fn dtype_class(d: DType) -> String {
    let name = match d {
        DType::Bool => "Bool".to_owned(),
        DType::Float32 => "Float32".to_owned(),
        DType::Float64 => "Float64".to_owned(),
        DType::Complex64 => "Complex64".to_owned(),
        DType::Complex128 => "Complex128".to_owned(),
        _ => {
            let n = d.name();
            match n.strip_prefix("uint") {
                Some(bits) => format!("UInt{bits}"),
                None => format!("Int{}", &n[3..]),
            }
        }
    };
    format!("<class 'numpy_hpy.dtypes.{name}DType'>")
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NoLoop(name, dtypes) => {
                let shown = if dtypes.len() == 1 {
                    dtype_class(dtypes[0])
                } else {
                    let v: Vec<String> = dtypes.iter().map(|&d| dtype_class(d)).collect();
                    format!("({})", v.join(", "))
                };
                write!(
                    f,
                    "ufunc '{name}' did not contain a loop with signature matching types {shown} -> None"
                )
            }
            ResolveError::NotSupported(name) => write!(
                f,
                "ufunc '{name}' not supported for the input types, and the inputs could not be \
                 safely coerced to any supported types according to the casting rule ''safe''"
            ),
            ResolveError::NoSignatureMatch(name) => write!(
                f,
                "No loop matching the specified signature and casting was found for ufunc {name}"
            ),
            ResolveError::InputCast(name, i, from, to, c) => write!(
                f,
                "Cannot cast ufunc '{name}' input {i} from {} to {} with casting rule '{c}'",
                from.repr(),
                to.repr()
            ),
            ResolveError::OutputCast(name, from, to, c) => write!(
                f,
                "Cannot cast ufunc '{name}' output from {} to {} with casting rule '{c}'",
                from.repr(),
                to.repr()
            ),
            ResolveError::BoolSubtract => f.write_str(
                "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, \
                 the `^` operator, or the logical_xor function instead.",
            ),
            ResolveError::BoolNegative => f.write_str(
                "The numpy boolean negative, the `-` operator, is not supported, use the `~` \
                 operator or the logical_not function instead.",
            ),
        }
    }
}

impl std::error::Error for ResolveError {}

impl PythonError for ResolveError {
    fn kind(&self) -> ExcKind {
        ExcKind::TypeError
    }
}

/// Whether a Python scalar of kind `k` may feed a loop input of dtype `t`
/// (NumPy 2: a Python int fits any integer or inexact loop, a float any
/// inexact one, a complex only complex ones; its value is checked later).
fn weak_fits(k: PyScalarKind, t: DType) -> bool {
    match k {
        PyScalarKind::Bool => true,
        PyScalarKind::Int => t.kind() != Kind::Bool,
        PyScalarKind::Float => matches!(t.kind(), Kind::Float | Kind::Complex),
        PyScalarKind::Complex => t.kind() == Kind::Complex,
    }
}

fn fits(op: Operand, t: DType, casting: Casting) -> bool {
    match op {
        Operand::Strong(d) => can_cast(d, t, casting),
        Operand::Weak(k) => weak_fits(k, t) || can_cast(k.default_dtype(), t, casting),
    }
}

/// The common dtype of the inputs (NEP 50).
pub fn common_dtype(inputs: &[Operand]) -> DType {
    let mut strong = Vec::with_capacity(inputs.len());
    let mut weak = Vec::new();
    for op in inputs {
        match *op {
            Operand::Strong(d) => strong.push(d),
            Operand::Weak(k) => weak.push(k),
        }
    }
    result_type(&strong, &weak).unwrap_or(DType::Float64)
}

/// The index of the loop to run for `inputs`; `fixed` holds one entry per
/// operand (inputs then outputs), `Some` where `dtype=`/`signature=` fixed it.
pub fn resolve(
    table: &LoopTable,
    inputs: &[Operand],
    fixed: &[Option<DType>],
    casting: Casting,
) -> Result<usize, ResolveError> {
    let def = table.def;
    let name = def.name;
    let rule = table.rule_name();
    debug_assert_eq!(inputs.len(), usize::from(def.nin));
    if fixed.iter().any(Option::is_some) {
        return resolve_fixed(table, inputs, fixed, casting);
    }
    let common = common_dtype(inputs);
    if common == DType::Bool {
        match rule {
            "subtract" => return Err(ResolveError::BoolSubtract),
            "negative" => return Err(ResolveError::BoolNegative),
            _ => {}
        }
    }
    if rule == "divide" && matches!(common.kind(), Kind::Bool | Kind::Int | Kind::UInt) {
        // NumPy's true-division resolver: integers divide in float64.
        return table
            .loops
            .iter()
            .position(|l| l.types[0] == DType::Float64)
            .ok_or(ResolveError::NotSupported(name));
    }
    if table.exact_common {
        return table
            .loops
            .iter()
            .position(|l| l.types[0] == common)
            .ok_or_else(|| {
                ResolveError::NoLoop(name, inputs.iter().map(|o| o.shown_dtype()).collect())
            });
    }
    let weak = inputs.iter().any(|o| matches!(o, Operand::Weak(_)));
    if weak && table.uniform_inputs {
        // A Python scalar is an abstract DType in NumPy 2: the inputs'
        // common dtype picks the loop.
        return table
            .loops
            .iter()
            .position(|l| can_cast(common, l.types[0], Casting::Safe))
            .ok_or(ResolveError::NotSupported(name));
    }
    // NumPy's legacy linear search: the first loop each input casts to
    // safely (`arctan2(int8, uint16)` runs `ff->f`); a Python scalar counts
    // as its default dtype there (`ldexp(1.5, int8)` runs `dl->d`).
    let inputs: Vec<Operand> = inputs
        .iter()
        .map(|&o| match o {
            Operand::Weak(k) if !table.uniform_inputs => Operand::Strong(k.default_dtype()),
            o => o,
        })
        .collect();
    table
        .loops
        .iter()
        .position(|l| {
            inputs
                .iter()
                .zip(l.types.iter())
                .all(|(&op, &t)| fits(op, t, Casting::Safe))
        })
        .ok_or(ResolveError::NotSupported(name))
}

fn resolve_fixed(
    table: &LoopTable,
    inputs: &[Operand],
    fixed: &[Option<DType>],
    casting: Casting,
) -> Result<usize, ResolveError> {
    let name = table.def.name;
    let nin = inputs.len();
    // `dtype=X` on a uniform ufunc whose loops give what they take (`add`)
    // fixes the inputs too, as NumPy's type-tuple resolution does.
    let mut want: Vec<Option<DType>> = fixed.to_vec();
    if table.uniform_inputs
        && want[..nin].iter().all(Option::is_none)
        && let Some(out) = want[nin..].iter().flatten().next().copied()
        && table
            .loops
            .iter()
            .any(|l| l.types.iter().all(|&t| t == l.types[0]))
    {
        for w in &mut want[..nin] {
            *w = Some(out);
        }
    }
    let matching = |l: &super::Loop| {
        want.iter()
            .zip(l.types.iter())
            .all(|(w, &t)| w.is_none_or(|w| w == t))
    };
    let mut first_cast_error = None;
    for (i, l) in table.loops.iter().enumerate() {
        if !matching(l) {
            continue;
        }
        match inputs
            .iter()
            .zip(l.types.iter())
            .position(|(&op, &t)| !fits(op, t, casting))
        {
            None => return Ok(i),
            Some(k) => {
                first_cast_error.get_or_insert(ResolveError::InputCast(
                    name,
                    k,
                    inputs[k].shown_dtype(),
                    l.types[k],
                    casting,
                ));
            }
        }
    }
    Err(first_cast_error.unwrap_or(ResolveError::NoSignatureMatch(name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ufunc::LoopTable;
    use DType::*;

    fn table(name: &str) -> LoopTable {
        let def = crate::ufunc::table::UFUNCS
            .iter()
            .find(|d| d.name == name)
            .unwrap();
        LoopTable::new(def).unwrap()
    }

    fn out(name: &str, inputs: &[Operand]) -> Result<Vec<DType>, ResolveError> {
        let t = table(name);
        let fixed = vec![None; t.def.nargs()];
        resolve(&t, inputs, &fixed, Casting::SameKind).map(|i| t.loops[i].types.to_vec())
    }

    #[test]
    #[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
    fn numpy2_promotion() {
        use Operand::*;
        use PyScalarKind as K;
        assert_eq!(
            out("add", &[Strong(Int8), Weak(K::Int)]).unwrap(),
            [Int8; 3]
        );
        assert_eq!(
            out("add", &[Strong(Int8), Weak(K::Float)]).unwrap(),
            [Float64; 3]
        );
        assert_eq!(
            out("add", &[Strong(Float32), Weak(K::Float)]).unwrap(),
            [Float32; 3]
        );
        assert_eq!(
            out("add", &[Strong(Int8), Strong(UInt8)]).unwrap(),
            [Int16; 3]
        );
        assert_eq!(
            out("add", &[Strong(Bool), Weak(K::Int)]).unwrap(),
            [Int64; 3]
        );
        assert_eq!(out("sqrt", &[Weak(K::Int)]).unwrap(), [Float64; 2]);
        assert_eq!(out("sqrt", &[Strong(Int16)]).unwrap(), [Float32; 2]);
        assert_eq!(
            out("less", &[Strong(Int8), Weak(K::Float)]).unwrap(),
            [Float64, Float64, Bool]
        );
        assert_eq!(
            out("ldexp", &[Strong(Float32), Weak(K::Int)]).unwrap(),
            [Float32, Int64, Float32]
        );
        assert_eq!(
            out("ldexp", &[Strong(Float64), Strong(Int64)]).unwrap(),
            [Float64, Int64, Float64]
        );
        assert_eq!(
            out("subtract", &[Strong(Bool), Strong(Bool)]),
            Err(ResolveError::BoolSubtract)
        );
        assert!(matches!(
            out("sign", &[Strong(Bool)]),
            Err(ResolveError::NoLoop(..))
        ));
        assert_eq!(
            out("bitwise_and", &[Strong(Float64), Strong(Float64)]),
            Err(ResolveError::NotSupported("bitwise_and"))
        );
        assert_eq!(
            ResolveError::NoLoop("sign", vec![Bool]).to_string(),
            "ufunc 'sign' did not contain a loop with signature matching types \
             <class 'numpy_hpy.dtypes.BoolDType'> -> None"
        );
    }

    #[test]
    #[cfg_attr(miri, ignore = "table-driven, no unsafe code: too slow under Miri")]
    fn fixed_signatures() {
        use Operand::*;
        let t = table("add");
        let i = resolve(
            &t,
            &[Strong(Int64), Strong(Int64)],
            &[None, None, Some(Float32)],
            Casting::SameKind,
        )
        .unwrap();
        assert_eq!(&*t.loops[i].types, &[Float32; 3]);
        let e = resolve(
            &t,
            &[Strong(Float64), Strong(Float64)],
            &[None, None, Some(Int64)],
            Casting::SameKind,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "Cannot cast ufunc 'add' input 0 from dtype('float64') to dtype('int64') with casting rule 'same_kind'"
        );
        let b = table("bitwise_and");
        let e = resolve(
            &b,
            &[Strong(Float64), Strong(Float64)],
            &[Some(Float64), Some(Float64), Some(Float64)],
            Casting::SameKind,
        );
        assert_eq!(e, Err(ResolveError::NoSignatureMatch("bitwise_and")));
    }
}
