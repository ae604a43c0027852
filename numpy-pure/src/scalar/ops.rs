//! Binary and unary arithmetic on NumPy scalars of one dtype, as NumPy 2's
//! `scalarmath.c.src` computes it (and, for `np.bool`, which has no scalar
//! math, as the ufuncs NumPy defers to).

use super::error::{ExcKind, ScalarError};
use super::float::{self, Float, FpFlags};
use super::{Kind, Scalar, dtype_name, int_range, kind};
use crate::dtype::DType;
use num_complex::Complex;

/// A binary Python operator on NumPy scalars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `a + b`
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b`
    TrueDiv,
    /// `a // b`
    FloorDiv,
    /// `a % b`
    Mod,
    /// `divmod(a, b)`: the only op giving two scalars ([`Value::Pair`]).
    DivMod,
    /// `a ** b`
    Pow,
    /// `a & b`
    And,
    /// `a | b`
    Or,
    /// `a ^ b`
    Xor,
    /// `a << b`
    LShift,
    /// `a >> b`
    RShift,
    /// `a == b`
    Eq,
    /// `a != b`
    Ne,
    /// `a < b`
    Lt,
    /// `a <= b`
    Le,
    /// `a > b`
    Gt,
    /// `a >= b`
    Ge,
}

impl BinaryOp {
    /// Every binary op.
    pub const ALL: [BinaryOp; 19] = [
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::TrueDiv,
        BinaryOp::FloorDiv,
        BinaryOp::Mod,
        BinaryOp::DivMod,
        BinaryOp::Pow,
        BinaryOp::And,
        BinaryOp::Or,
        BinaryOp::Xor,
        BinaryOp::LShift,
        BinaryOp::RShift,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
    ];

    /// The ufunc NumPy names in warnings and errors (`divmod` for `DivMod`,
    /// as NumPy's scalar divmod reports).
    pub const fn ufunc_name(self) -> &'static str {
        match self {
            BinaryOp::Add => "add",
            BinaryOp::Sub => "subtract",
            BinaryOp::Mul => "multiply",
            BinaryOp::TrueDiv => "divide",
            BinaryOp::FloorDiv => "floor_divide",
            BinaryOp::Mod => "remainder",
            BinaryOp::DivMod => "divmod",
            BinaryOp::Pow => "power",
            BinaryOp::And => "bitwise_and",
            BinaryOp::Or => "bitwise_or",
            BinaryOp::Xor => "bitwise_xor",
            BinaryOp::LShift => "left_shift",
            BinaryOp::RShift => "right_shift",
            BinaryOp::Eq => "equal",
            BinaryOp::Ne => "not_equal",
            BinaryOp::Lt => "less",
            BinaryOp::Le => "less_equal",
            BinaryOp::Gt => "greater",
            BinaryOp::Ge => "greater_equal",
        }
    }

    /// The warning origin of NumPy's scalar math: `"scalar add"`.
    fn scalar_origin(self) -> &'static str {
        match self {
            BinaryOp::Add => "scalar add",
            BinaryOp::Sub => "scalar subtract",
            BinaryOp::Mul => "scalar multiply",
            BinaryOp::TrueDiv => "scalar divide",
            BinaryOp::FloorDiv => "scalar floor_divide",
            BinaryOp::Mod => "scalar remainder",
            BinaryOp::DivMod => "scalar divmod",
            BinaryOp::Pow => "scalar power",
            BinaryOp::And => "scalar bitwise_and",
            BinaryOp::Or => "scalar bitwise_or",
            BinaryOp::Xor => "scalar bitwise_xor",
            BinaryOp::LShift => "scalar left_shift",
            BinaryOp::RShift => "scalar right_shift",
            BinaryOp::Eq => "scalar equal",
            BinaryOp::Ne => "scalar not_equal",
            BinaryOp::Lt => "scalar less",
            BinaryOp::Le => "scalar less_equal",
            BinaryOp::Gt => "scalar greater",
            BinaryOp::Ge => "scalar greater_equal",
        }
    }

    /// The operator as Python's "unsupported operand type(s) for ..." names it.
    fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::TrueDiv => "/",
            BinaryOp::FloorDiv => "//",
            BinaryOp::Mod => "%",
            BinaryOp::DivMod => "divmod()",
            BinaryOp::Pow => "** or pow()",
            BinaryOp::And => "&",
            BinaryOp::Or => "|",
            BinaryOp::Xor => "^",
            BinaryOp::LShift => "<<",
            BinaryOp::RShift => ">>",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
        }
    }
}

/// A unary Python operator on NumPy scalars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-a`
    Neg,
    /// `+a`
    Pos,
    /// `abs(a)`
    Abs,
    /// `~a`
    Invert,
}

impl UnaryOp {
    /// Every unary op.
    pub const ALL: [UnaryOp; 4] = [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Abs, UnaryOp::Invert];

    /// The ufunc NumPy names in warnings and errors.
    pub fn ufunc_name(self) -> &'static str {
        match self {
            UnaryOp::Neg => "negative",
            UnaryOp::Pos => "positive",
            UnaryOp::Abs => "absolute",
            UnaryOp::Invert => "invert",
        }
    }

    fn scalar_origin(self) -> &'static str {
        match self {
            UnaryOp::Neg => "scalar negative",
            UnaryOp::Pos => "scalar positive",
            UnaryOp::Abs => "scalar absolute",
            UnaryOp::Invert => "scalar invert",
        }
    }
}

/// What an operation gives: one scalar, or two for `divmod`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// Every op but `divmod`.
    Scalar(Scalar),
    /// `divmod(a, b)`: `(a // b, a % b)`.
    Pair(Scalar, Scalar),
}

/// A successful scalar operation: the value and the FP flags it raised.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// The result.
    pub value: Value,
    /// The flags to report (each a `RuntimeWarning` under the default errstate,
    /// underflow excepted).
    pub flags: FpFlags,
    /// What the warnings name: `"scalar add"` for NumPy's scalar math, the bare
    /// ufunc name (`"divide"`) where NumPy defers to the ufunc (`np.bool`).
    pub origin: &'static str,
}

impl Outcome {
    fn one(value: Scalar, flags: FpFlags, origin: &'static str) -> Outcome {
        Outcome {
            value: Value::Scalar(value),
            flags,
            origin,
        }
    }

    /// The single result; `None` for `divmod`.
    pub fn scalar(&self) -> Option<Scalar> {
        match self.value {
            Value::Scalar(s) => Some(s),
            Value::Pair(..) => None,
        }
    }

    /// The `RuntimeWarning` messages, in NumPy's order:
    /// `"overflow encountered in scalar add"`.
    pub fn warnings(&self) -> Vec<String> {
        self.flags.warnings(self.origin)
    }
}

#[cold]
fn unsupported_operands(op: BinaryOp, d: DType) -> ScalarError {
    let n = dtype_name(d);
    ScalarError::new(
        ExcKind::TypeError,
        format!(
            "unsupported operand type(s) for {}: 'numpy.{n}' and 'numpy.{n}'",
            op.symbol()
        ),
    )
}

pub(super) fn binary(op: BinaryOp, a: Scalar, b: Scalar) -> Result<Outcome, ScalarError> {
    let d = a.dtype();
    assert_eq!(
        d,
        b.dtype(),
        "scalar binary ops take operands of one dtype; promote first"
    );
    match (a, b) {
        (Scalar::Bool(x), Scalar::Bool(y)) => bool_binary(op, x, y),
        (Scalar::Float32(x), Scalar::Float32(y)) => {
            float_binary(op, x, y, Scalar::Float32).map(|(v, fl)| Outcome {
                value: v,
                flags: fl,
                origin: op.scalar_origin(),
            })
        }
        (Scalar::Float64(x), Scalar::Float64(y)) => {
            float_binary(op, x, y, Scalar::Float64).map(|(v, fl)| Outcome {
                value: v,
                flags: fl,
                origin: op.scalar_origin(),
            })
        }
        (Scalar::Complex64(x), Scalar::Complex64(y)) => {
            complex_binary(op, d, x, y, Scalar::Complex64)
        }
        (Scalar::Complex128(x), Scalar::Complex128(y)) => {
            complex_binary(op, d, x, y, Scalar::Complex128)
        }
        _ => {
            let (x, y) = (a.to_i128().expect("int"), b.to_i128().expect("int"));
            int_binary(op, d, x, y, op.scalar_origin())
        }
    }
}

pub(super) fn binary_ufunc(op: BinaryOp, a: Scalar, b: Scalar) -> Result<Outcome, ScalarError> {
    let mut out = binary(op, a, b)?;
    if matches!(kind(a.dtype()), Kind::Signed | Kind::Unsigned)
        && matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul)
    {
        // The ufuncs' integer loops do not check for overflow.
        out.flags.overflow = false;
    }
    out.origin = op.ufunc_name();
    Ok(out)
}

pub(super) fn unary(op: UnaryOp, a: Scalar) -> Result<Outcome, ScalarError> {
    let origin = op.scalar_origin();
    let mut fl = FpFlags::NONE;
    let value = match (op, a) {
        (UnaryOp::Pos, _) if a.dtype() != DType::Bool => a,
        (UnaryOp::Neg, Scalar::Bool(_)) => {
            return Err(ScalarError::new(
                ExcKind::TypeError,
                "The numpy boolean negative, the `-` operator, is not supported, use the `~` \
                 operator or the logical_not function instead.",
            ));
        }
        (UnaryOp::Pos, Scalar::Bool(_)) => {
            return Err(ScalarError::new(
                ExcKind::TypeError,
                "ufunc 'positive' did not contain a loop with signature matching types \
                 <class 'numpy.dtypes.BoolDType'> -> None",
            ));
        }
        (UnaryOp::Abs, Scalar::Bool(_)) => a,
        (UnaryOp::Invert, Scalar::Bool(b)) => Scalar::Bool(!b),
        (UnaryOp::Invert, Scalar::Float32(_) | Scalar::Float64(_))
        | (UnaryOp::Invert, Scalar::Complex64(_) | Scalar::Complex128(_)) => {
            return Err(ScalarError::not_supported("invert"));
        }
        (UnaryOp::Neg, Scalar::Float32(x)) => Scalar::Float32(-x),
        (UnaryOp::Neg, Scalar::Float64(x)) => Scalar::Float64(-x),
        (UnaryOp::Abs, Scalar::Float32(x)) => Scalar::Float32(x.abs()),
        (UnaryOp::Abs, Scalar::Float64(x)) => Scalar::Float64(x.abs()),
        (UnaryOp::Neg, Scalar::Complex64(c)) => Scalar::Complex64(-c),
        (UnaryOp::Neg, Scalar::Complex128(c)) => Scalar::Complex128(-c),
        (UnaryOp::Abs, Scalar::Complex64(c)) => Scalar::Float32(float::hypot(c.re, c.im, &mut fl)),
        (UnaryOp::Abs, Scalar::Complex128(c)) => Scalar::Float64(float::hypot(c.re, c.im, &mut fl)),
        (_, _) => {
            let d = a.dtype();
            let x = a.to_i128().expect("int");
            let (lo, hi) = int_range(d).expect("int");
            let exact = match op {
                UnaryOp::Neg => -x,
                UnaryOp::Abs => x.abs(),
                // ~x in two's complement; for unsigned wrap back into range.
                UnaryOp::Invert => !x,
                UnaryOp::Pos => x,
            };
            if op != UnaryOp::Invert && (exact < lo || exact > hi) {
                fl.overflow = true;
            }
            Scalar::from_i128(d, exact)
        }
    };
    Ok(Outcome::one(value, fl, origin))
}

fn bool_binary(op: BinaryOp, x: bool, y: bool) -> Result<Outcome, ScalarError> {
    let b = |v: bool| {
        Ok(Outcome::one(
            Scalar::Bool(v),
            FpFlags::NONE,
            op.ufunc_name(),
        ))
    };
    match op {
        BinaryOp::Add | BinaryOp::Or => b(x | y),
        BinaryOp::Mul | BinaryOp::And => b(x & y),
        BinaryOp::Xor | BinaryOp::Ne => b(x ^ y),
        BinaryOp::Eq => b(x == y),
        BinaryOp::Lt => b(!x & y),
        BinaryOp::Le => b(x <= y),
        BinaryOp::Gt => b(x & !y),
        BinaryOp::Ge => b(x >= y),
        BinaryOp::Sub => Err(ScalarError::new(
            ExcKind::TypeError,
            "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, \
             the `^` operator, or the logical_xor function instead.",
        )),
        // The ufunc's double loop.
        BinaryOp::TrueDiv => {
            let mut fl = FpFlags::NONE;
            let v = float::div(x as u8 as f64, y as u8 as f64, &mut fl);
            Ok(Outcome::one(Scalar::Float64(v), fl, op.ufunc_name()))
        }
        // No bool loop: the ufunc's type resolution picks int8.
        _ => int_binary(op, DType::Int8, x as i128, y as i128, op.ufunc_name()),
    }
}

/// Integer ops, computed exactly in `i128` (every value of every integer dtype
/// fits) and wrapped back into `d`, with NumPy's overflow and division checks.
fn int_binary(
    op: BinaryOp,
    d: DType,
    x: i128,
    y: i128,
    origin: &'static str,
) -> Result<Outcome, ScalarError> {
    let (lo, hi) = int_range(d).expect("int");
    let bits = match d {
        DType::Int8 | DType::UInt8 => 8,
        DType::Int16 | DType::UInt16 => 16,
        DType::Int32 | DType::UInt32 => 32,
        _ => 64,
    };
    let mut fl = FpFlags::NONE;
    let wrap = |exact: Option<i128>, wrapped: i128, fl: &mut FpFlags| {
        match exact {
            Some(v) if v >= lo && v <= hi => {}
            _ => fl.overflow = true,
        }
        Scalar::from_i128(d, wrapped)
    };
    let int = |v: i128| Scalar::from_i128(d, v);
    let cmp = |v: bool| Ok(Outcome::one(Scalar::Bool(v), FpFlags::NONE, origin));
    // Python's floor division and its remainder (sign of the divisor).
    let floor_divmod = |x: i128, y: i128| {
        let (mut q, mut r) = (x / y, x % y);
        if r != 0 && ((r < 0) != (y < 0)) {
            q -= 1;
            r += y;
        }
        (q, r)
    };
    let value = match op {
        BinaryOp::Add => wrap(Some(x + y), x + y, &mut fl),
        BinaryOp::Sub => wrap(Some(x - y), x - y, &mut fl),
        BinaryOp::Mul => {
            let wrapped = (x as u128).wrapping_mul(y as u128) as i128;
            wrap(x.checked_mul(y), wrapped, &mut fl)
        }
        BinaryOp::TrueDiv => {
            let v = float::div(x as f64, y as f64, &mut fl);
            Scalar::Float64(v)
        }
        BinaryOp::FloorDiv | BinaryOp::Mod | BinaryOp::DivMod => {
            let (q, r) = if y == 0 {
                fl.divide_by_zero = true;
                (0, 0)
            } else {
                let (q, r) = floor_divmod(x, y);
                // MIN // -1: NumPy reports the overflow for floor_divide and
                // divmod (the remainder, 0, is fine).
                if q > hi && op != BinaryOp::Mod {
                    fl.overflow = true;
                }
                (q, r)
            };
            match op {
                BinaryOp::FloorDiv => int(q),
                BinaryOp::Mod => int(r),
                _ => {
                    return Ok(Outcome {
                        value: Value::Pair(int(q), int(r)),
                        flags: fl,
                        origin,
                    });
                }
            }
        }
        BinaryOp::Pow => {
            if y < 0 {
                return Err(ScalarError::new(
                    ExcKind::ValueError,
                    "Integers to negative integer powers are not allowed.",
                ));
            }
            // Square and multiply modulo 2**128, then wrap: the low bits are
            // those of C's wrapping loop. NumPy checks no overflow here.
            let (mut base, mut e, mut acc) = (x as u128, y as u128, 1u128);
            while e > 0 {
                if e & 1 == 1 {
                    acc = acc.wrapping_mul(base);
                }
                base = base.wrapping_mul(base);
                e >>= 1;
            }
            int(acc as i128)
        }
        BinaryOp::And => int(x & y),
        BinaryOp::Or => int(x | y),
        BinaryOp::Xor => int(x ^ y),
        // NumPy's npy_lshift/npy_rshift: the count is compared as size_t, so a
        // negative count is huge; shifting by >= the width gives 0 (or -1 for
        // a negative value shifted right).
        BinaryOp::LShift => {
            if (0..bits).contains(&y) {
                int(((x as u128) << y) as i128)
            } else {
                int(0)
            }
        }
        BinaryOp::RShift => {
            if (0..bits).contains(&y) {
                int(x >> y)
            } else {
                int(if x < 0 { -1 } else { 0 })
            }
        }
        BinaryOp::Eq => return cmp(x == y),
        BinaryOp::Ne => return cmp(x != y),
        BinaryOp::Lt => return cmp(x < y),
        BinaryOp::Le => return cmp(x <= y),
        BinaryOp::Gt => return cmp(x > y),
        BinaryOp::Ge => return cmp(x >= y),
    };
    Ok(Outcome::one(value, fl, origin))
}

fn float_binary<T: Float>(
    op: BinaryOp,
    x: T,
    y: T,
    wrap: fn(T) -> Scalar,
) -> Result<(Value, FpFlags), ScalarError> {
    let mut fl = FpFlags::NONE;
    let v = match op {
        BinaryOp::Add => float::add(x, y, &mut fl),
        BinaryOp::Sub => float::sub(x, y, &mut fl),
        BinaryOp::Mul => float::mul(x, y, &mut fl),
        BinaryOp::TrueDiv => float::div(x, y, &mut fl),
        BinaryOp::FloorDiv => float::floor_divide(x, y, &mut fl),
        BinaryOp::Mod => float::remainder(x, y, &mut fl),
        BinaryOp::DivMod => {
            let (q, r) = float::divmod(x, y, &mut fl);
            return Ok((Value::Pair(wrap(q), wrap(r)), fl));
        }
        BinaryOp::Pow => float::pow(x, y, &mut fl),
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::LShift | BinaryOp::RShift => {
            return Err(ScalarError::not_supported(op.ufunc_name()));
        }
        _ => {
            let r = match op {
                BinaryOp::Eq => x == y,
                BinaryOp::Ne => x != y,
                BinaryOp::Lt => x < y,
                BinaryOp::Le => x <= y,
                BinaryOp::Gt => x > y,
                _ => x >= y,
            };
            return Ok((Value::Scalar(Scalar::Bool(r)), FpFlags::NONE));
        }
    };
    Ok((Value::Scalar(wrap(v)), fl))
}

fn complex_binary<T: Float>(
    op: BinaryOp,
    d: DType,
    x: Complex<T>,
    y: Complex<T>,
    wrap: fn(Complex<T>) -> Scalar,
) -> Result<Outcome, ScalarError> {
    let mut fl = FpFlags::NONE;
    let cmp = |v: bool| {
        Ok(Outcome::one(
            Scalar::Bool(v),
            FpFlags::NONE,
            op.scalar_origin(),
        ))
    };
    // NumPy orders complex numbers lexicographically; a NaN anywhere makes
    // every ordering false.
    let nan = x.re.is_nan() || x.im.is_nan() || y.re.is_nan() || y.im.is_nan();
    let v = match op {
        BinaryOp::Add => Complex::new(
            float::add(x.re, y.re, &mut fl),
            float::add(x.im, y.im, &mut fl),
        ),
        BinaryOp::Sub => Complex::new(
            float::sub(x.re, y.re, &mut fl),
            float::sub(x.im, y.im, &mut fl),
        ),
        BinaryOp::Mul => cmul(x, y, &mut fl),
        BinaryOp::TrueDiv => cdiv(x, y, &mut fl),
        BinaryOp::Pow => cpow(x, y, &mut fl),
        BinaryOp::FloorDiv | BinaryOp::Mod | BinaryOp::DivMod => {
            return Err(unsupported_operands(op, d));
        }
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::LShift | BinaryOp::RShift => {
            return Err(ScalarError::not_supported(op.ufunc_name()));
        }
        BinaryOp::Eq => return cmp(x.re == y.re && x.im == y.im),
        BinaryOp::Ne => return cmp(!(x.re == y.re && x.im == y.im)),
        BinaryOp::Lt => return cmp(!nan && (x.re < y.re || (x.re == y.re && x.im < y.im))),
        BinaryOp::Le => return cmp(!nan && (x.re < y.re || (x.re == y.re && x.im <= y.im))),
        BinaryOp::Gt => return cmp(!nan && (x.re > y.re || (x.re == y.re && x.im > y.im))),
        BinaryOp::Ge => return cmp(!nan && (x.re > y.re || (x.re == y.re && x.im >= y.im))),
    };
    Ok(Outcome::one(wrap(v), fl, op.scalar_origin()))
}

/// The textbook product, as NumPy computes it (no C99 Annex G NaN recovery).
fn cmul<T: Float>(a: Complex<T>, b: Complex<T>, fl: &mut FpFlags) -> Complex<T> {
    let rr = float::mul(a.re, b.re, fl);
    let ii = float::mul(a.im, b.im, fl);
    let ri = float::mul(a.re, b.im, fl);
    let ir = float::mul(a.im, b.re, fl);
    Complex::new(float::sub(rr, ii, fl), float::add(ri, ir, fl))
}

/// Smith's algorithm, as NumPy's scalar complex division.
fn cdiv<T: Float>(a: Complex<T>, b: Complex<T>, fl: &mut FpFlags) -> Complex<T> {
    let (br_abs, bi_abs) = (b.re.abs(), b.im.abs());
    // C's `>=` is a signaling comparison: a NaN operand raises invalid.
    if br_abs.is_nan() || bi_abs.is_nan() {
        fl.invalid = true;
    }
    if br_abs >= bi_abs {
        if br_abs == T::ZERO && bi_abs == T::ZERO {
            // Division by zero gives a complex inf or nan.
            Complex::new(float::div(a.re, br_abs, fl), float::div(a.im, bi_abs, fl))
        } else {
            let rat = float::div(b.im, b.re, fl);
            let scl = float::div(T::ONE, float::add(b.re, float::mul(b.im, rat, fl), fl), fl);
            let re = float::add(a.re, float::mul(a.im, rat, fl), fl);
            let im = float::sub(a.im, float::mul(a.re, rat, fl), fl);
            Complex::new(float::mul(re, scl, fl), float::mul(im, scl, fl))
        }
    } else {
        let rat = float::div(b.re, b.im, fl);
        let scl = float::div(T::ONE, float::add(b.im, float::mul(b.re, rat, fl), fl), fl);
        let re = float::add(float::mul(a.re, rat, fl), a.im, fl);
        let im = float::sub(float::mul(a.im, rat, fl), a.re, fl);
        Complex::new(float::mul(re, scl, fl), float::mul(im, scl, fl))
    }
}

/// NumPy's `npy_cpow`: exact special cases, repeated multiplication for
/// integral exponents below 100 in magnitude, else the C library's `cpow`.
fn cpow<T: Float>(a: Complex<T>, b: Complex<T>, fl: &mut FpFlags) -> Complex<T> {
    let one = Complex::new(T::ONE, T::ZERO);
    if b.re == T::ZERO && b.im == T::ZERO {
        return one;
    }
    if a.re == T::ZERO && a.im == T::ZERO {
        if b.re > T::ZERO {
            return Complex::new(T::ZERO, T::ZERO);
        }
        // NumPy raises invalid on purpose (inf - inf) and gives nan+nanj.
        fl.invalid = true;
        return Complex::new(T::NAN, T::NAN);
    }
    let br = b.re.to_f64();
    // NumPy range-checks the real exponent with C's signaling `<`: a NaN
    // raises invalid.
    if b.im == T::ZERO && br.is_nan() {
        fl.invalid = true;
    }
    if b.im == T::ZERO && br.is_finite() && br == br.trunc() && br.abs() < 100.0 {
        let n = br as i64;
        match n {
            1 => return a,
            2 => return cmul(a, a, fl),
            3 => return cmul(a, cmul(a, a, fl), fl),
            _ => {
                let mut m = n.abs();
                let (mut acc, mut p) = (one, a);
                loop {
                    if m & 1 == 1 {
                        acc = cmul(acc, p, fl);
                    }
                    m >>= 1;
                    if m == 0 {
                        break;
                    }
                    p = cmul(p, p, fl);
                }
                return if n < 0 { cdiv(one, acc, fl) } else { acc };
            }
        }
    }
    sys_cpow(a, b, fl)
}

/// glibc's `cpow(a, b) = cexp(b * clog(a))`, the product being C99's
/// (`__muldc3`, which recovers infinities from NaN results). The value comes
/// from the C library itself; the emulation (`cexp`, `clog` with glibc's
/// formulas, except its extra-precise `x2y2m1` branch) only derives the flags.
fn sys_cpow<T: Float>(a: Complex<T>, b: Complex<T>, fl: &mut FpFlags) -> Complex<T> {
    // The emulation gives the FP flags (safe Rust cannot read the FPU's);
    // the value is the C library's own, bit for bit what NumPy gets.
    let l = clog(a);
    let z = c99_mul(b, l, fl);
    let _emulated = cexp(z, fl);
    let (re, im) = T::libm_cpow((a.re, a.im), (b.re, b.im));
    Complex::new(re, im)
}

fn clog<T: Float>(x: Complex<T>) -> Complex<T> {
    if x.re.is_nan() || x.im.is_nan() {
        let re = if x.re.is_infinite() || x.im.is_infinite() {
            T::INFINITY
        } else {
            T::NAN
        };
        return Complex::new(re, T::NAN);
    }
    // (0, 0) never reaches here: npy_cpow handles a zero base itself.
    let (mut ax, mut ay) = (x.re.abs(), x.im.abs());
    if ax < ay {
        std::mem::swap(&mut ax, &mut ay);
    }
    let half = T::HALF;
    let re = if ax.is_infinite() {
        T::INFINITY
    } else if ax == T::ONE {
        (ay * ay).ln_1p() * half
    } else if ax > T::ONE && ax < T::ONE + T::ONE && ay < T::ONE && ax <= T::MAX * half {
        let mut d2m1 = (ax - T::ONE) * (ax + T::ONE);
        if ay >= T::EPSILON {
            d2m1 = d2m1 + ay * ay;
        }
        d2m1.ln_1p() * half
    } else if ax < T::ONE && ax >= half && ay < T::EPSILON * half {
        ((ax - T::ONE) * (ax + T::ONE)).ln_1p() * half
    } else if ax > T::MAX * half {
        (ax * half).hypot(ay * half).ln() + T::LN_2
    } else {
        ax.hypot(ay).ln()
    };
    Complex::new(re, x.im.atan2(x.re))
}

/// libgcc's `__muldc3` / `__mulsc3`.
fn c99_mul<T: Float>(x: Complex<T>, y: Complex<T>, fl: &mut FpFlags) -> Complex<T> {
    let (mut a, mut b, mut c, mut d) = (x.re, x.im, y.re, y.im);
    let ac = float::mul(a, c, fl);
    let bd = float::mul(b, d, fl);
    let ad = float::mul(a, d, fl);
    let bc = float::mul(b, c, fl);
    let re = float::sub(ac, bd, fl);
    let im = float::add(ad, bc, fl);
    if !(re.is_nan() && im.is_nan()) {
        return Complex::new(re, im);
    }
    let boxed = |v: T| (if v.is_infinite() { T::ONE } else { T::ZERO }).copysign(v);
    let unnan = |v: T| if v.is_nan() { T::ZERO.copysign(v) } else { v };
    let mut recalc = false;
    if a.is_infinite() || b.is_infinite() {
        (a, b, c, d) = (boxed(a), boxed(b), unnan(c), unnan(d));
        recalc = true;
    }
    if c.is_infinite() || d.is_infinite() {
        (a, b, c, d) = (unnan(a), unnan(b), boxed(c), boxed(d));
        recalc = true;
    }
    if !recalc && [ac, bd, ad, bc].iter().any(|v| v.is_infinite()) {
        (a, b, c, d) = (unnan(a), unnan(b), unnan(c), unnan(d));
        recalc = true;
    }
    if !recalc {
        return Complex::new(re, im);
    }
    let r = float::sub(float::mul(a, c, fl), float::mul(b, d, fl), fl);
    let i = float::add(float::mul(a, d, fl), float::mul(b, c, fl), fl);
    Complex::new(
        float::mul(T::INFINITY, r, fl),
        float::mul(T::INFINITY, i, fl),
    )
}

/// glibc's `cexp` / `cexpf`.
fn cexp<T: Float>(x: Complex<T>, fl: &mut FpFlags) -> Complex<T> {
    let sincos = |y: T| {
        if y.abs() > T::MIN_POSITIVE {
            y.sin_cos()
        } else {
            (y, T::ONE)
        }
    };
    let (re, im) = (x.re, x.im);
    if re.is_finite() {
        if !im.is_finite() {
            fl.invalid = true;
            return Complex::new(T::NAN, T::NAN);
        }
        let (mut s, mut c) = sincos(im);
        let mut re = re;
        let t = T::EXP_T;
        if re > t {
            let exp_t = t.exp();
            re = re - t;
            s = float::mul(s, exp_t, fl);
            c = float::mul(c, exp_t, fl);
            if re > t {
                re = re - t;
                s = float::mul(s, exp_t, fl);
                c = float::mul(c, exp_t, fl);
            }
        }
        let r = if re > t {
            Complex::new(float::mul(T::MAX, c, fl), float::mul(T::MAX, s, fl))
        } else {
            let e = re.exp();
            if e.is_infinite() {
                fl.overflow = true;
            }
            if e < T::MIN_POSITIVE {
                fl.underflow = true;
            }
            Complex::new(float::mul(e, c, fl), float::mul(e, s, fl))
        };
        // glibc's math_check_force_underflow_complex: a tiny nonzero part
        // squared.
        for p in [r.re, r.im] {
            if p != T::ZERO && p.abs() < T::MIN_POSITIVE {
                fl.underflow = true;
            }
        }
        return r;
    }
    if re.is_infinite() {
        if im.is_finite() {
            let value = if re < T::ZERO { T::ZERO } else { T::INFINITY };
            if im == T::ZERO {
                return Complex::new(value, im);
            }
            let (s, c) = sincos(im);
            return Complex::new(value.copysign(c), value.copysign(s));
        }
        if re > T::ZERO {
            return Complex::new(T::INFINITY, float::sub(im, im, fl));
        }
        return Complex::new(T::ZERO, T::ZERO.copysign(im));
    }
    // The real part is NaN.
    if im == T::ZERO {
        return Complex::new(T::NAN, im);
    }
    if !im.is_nan() {
        fl.invalid = true;
    }
    Complex::new(T::NAN, T::NAN)
}

/// Whether a dtype supports `op` at all (no value-dependent errors), for
/// callers that want to refuse before converting operands.
pub fn supports(op: BinaryOp, d: DType) -> bool {
    let k = kind(d);
    match op {
        BinaryOp::Sub => k != Kind::Bool,
        BinaryOp::FloorDiv | BinaryOp::Mod | BinaryOp::DivMod => k != Kind::Complex,
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => !matches!(k, Kind::Float | Kind::Complex),
        BinaryOp::LShift | BinaryOp::RShift => !matches!(k, Kind::Float | Kind::Complex),
        _ => true,
    }
}
