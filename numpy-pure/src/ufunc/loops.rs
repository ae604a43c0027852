//! Which kernel runs each loop of each ufunc: [`kernel_for`], called once
//! per loop when the loop tables are built (at import), never per call.

use super::kernels::*;
use crate::dtype::DType;
use crate::scalar::BinaryOp;
use num_complex::Complex;

/// The storage type of a dtype, by name.
macro_rules! ty {
    (Bool) => { B8 };
    (Int8) => { i8 };
    (UInt8) => { u8 };
    (Int16) => { i16 };
    (UInt16) => { u16 };
    (Int32) => { i32 };
    (UInt32) => { u32 };
    (Int64) => { i64 };
    (UInt64) => { u64 };
    (Float32) => { f32 };
    (Float64) => { f64 };
    (Complex64) => { Complex<f32> };
    (Complex128) => { Complex<f64> };
}

/// `driver::<Op<T>>` for the dtypes listed, by the first input's dtype.
macro_rules! pick {
    ($d:expr, $drv:ident, $op:ident, [$($dt:ident),* $(,)?]) => {
        match $d {
            $(DType::$dt => Some($drv::<$op<ty!($dt)>> as Kernel),)*
            #[allow(unreachable_patterns)]
            _ => None,
        }
    };
}

/// A [`Fallback`] loop (NumPy's scalar semantics) for the dtypes listed.
macro_rules! fallback {
    ($d:expr, $op:expr, [$($dt:ident),* $(,)?]) => {
        match $d {
            $(DType::$dt => Some(fallback_binary::<ty!($dt), { op_index($op) }> as Kernel),)*
            #[allow(unreachable_patterns)]
            _ => None,
        }
    };
}

/// A [`Math`] loop for floats and (where NumPy has them) complex numbers.
macro_rules! math {
    ($d:expr, $f:expr, complex: $c:literal) => {
        match $d {
            DType::Float32 => Some(unary::<Math<f32, { $f }>> as Kernel),
            DType::Float64 => Some(unary::<Math<f64, { $f }>> as Kernel),
            DType::Complex64 if $c => Some(unary::<Math<Complex<f32>, { $f }>> as Kernel),
            DType::Complex128 if $c => Some(unary::<Math<Complex<f64>, { $f }>> as Kernel),
            _ => None,
        }
    };
}

/// The kernel of ufunc `name`'s loop over `types` (inputs then outputs);
/// `None` when there is none (a test checks every listed loop has one).
pub fn kernel_for(name: &str, types: &[DType]) -> Option<Kernel> {
    use DType::*;
    let d = types[0];
    match name {
        "add" => pick!(
            d,
            binary,
            Add,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "subtract" => pick!(
            d,
            binary,
            Sub,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "multiply" => pick!(
            d,
            binary,
            Mul,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "divide" => match d {
            Float32 | Float64 => pick!(d, binary, Div, [Float32, Float64]),
            _ => fallback!(d, BinaryOp::TrueDiv, [Complex64, Complex128]),
        },
        "floor_divide" => fallback!(
            d,
            BinaryOp::FloorDiv,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64
            ]
        ),
        "remainder" => fallback!(
            d,
            BinaryOp::Mod,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64
            ]
        ),
        "divmod" => fallback!(
            d,
            BinaryOp::DivMod,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64
            ]
        ),
        "fmod" => pick!(
            d,
            binary,
            Fmod,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64
            ]
        ),
        "power" => match d {
            Float32 | Float64 => pick!(d, binary, Pow, [Float32, Float64]),
            _ => fallback!(
                d,
                BinaryOp::Pow,
                [
                    Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Complex64, Complex128
                ]
            ),
        },
        "float_power" => match d {
            Float64 => pick!(d, binary, Pow, [Float64]),
            _ => fallback!(d, BinaryOp::Pow, [Complex128]),
        },
        "negative" => pick!(
            d,
            unary,
            Neg,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "positive" => pick!(
            d,
            unary,
            Same,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "absolute" => pick!(
            d,
            unary,
            Abs,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "fabs" => pick!(d, unary, Abs, [Float32, Float64]),
        "sign" => pick!(
            d,
            unary,
            Sign,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "reciprocal" => pick!(
            d,
            unary,
            Recip,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "square" => pick!(
            d,
            unary,
            Square,
            [
                Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "conjugate" => match d {
            Complex64 | Complex128 => pick!(d, unary, Conj, [Complex64, Complex128]),
            _ => pick!(
                d,
                unary,
                Same,
                [
                    Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64
                ]
            ),
        },
        "sqrt" => math!(d, math::SQRT, complex: true),
        "cbrt" => math!(d, math::CBRT, complex: false),
        "exp" => math!(d, math::EXP, complex: true),
        "exp2" => math!(d, math::EXP2, complex: true),
        "expm1" => math!(d, math::EXPM1, complex: true),
        "log" => math!(d, math::LOG, complex: true),
        "log2" => math!(d, math::LOG2, complex: true),
        "log10" => math!(d, math::LOG10, complex: true),
        "log1p" => math!(d, math::LOG1P, complex: true),
        "sin" => math!(d, math::SIN, complex: true),
        "cos" => math!(d, math::COS, complex: true),
        "tan" => math!(d, math::TAN, complex: true),
        "arcsin" => math!(d, math::ASIN, complex: true),
        "arccos" => math!(d, math::ACOS, complex: true),
        "arctan" => math!(d, math::ATAN, complex: true),
        "sinh" => math!(d, math::SINH, complex: true),
        "cosh" => math!(d, math::COSH, complex: true),
        "tanh" => math!(d, math::TANH, complex: true),
        "arcsinh" => math!(d, math::ASINH, complex: true),
        "arccosh" => math!(d, math::ACOSH, complex: true),
        "arctanh" => math!(d, math::ATANH, complex: true),
        "degrees" | "rad2deg" => math!(d, math::DEGREES, complex: false),
        "radians" | "deg2rad" => math!(d, math::RADIANS, complex: false),
        "logaddexp" => pick!(d, binary, LogAddExp, [Float32, Float64]),
        "logaddexp2" => pick!(d, binary, LogAddExp2, [Float32, Float64]),
        "arctan2" => pick!(d, binary, Atan2, [Float32, Float64]),
        "hypot" => pick!(d, binary, Hypot, [Float32, Float64]),
        "copysign" => pick!(d, binary, CopySign, [Float32, Float64]),
        "nextafter" => pick!(d, binary, NextAfter, [Float32, Float64]),
        "heaviside" => pick!(d, binary, Heaviside, [Float32, Float64]),
        "spacing" => pick!(d, unary, Spacing, [Float32, Float64]),
        "floor" | "ceil" | "trunc" if !matches!(d, Float32 | Float64) => {
            pick!(
                d,
                unary,
                Same,
                [
                    Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64
                ]
            )
        }
        "floor" => pick!(d, unary, Floor, [Float32, Float64]),
        "ceil" => pick!(d, unary, Ceil, [Float32, Float64]),
        "trunc" => pick!(d, unary, Trunc, [Float32, Float64]),
        "rint" => pick!(d, unary, Rint, [Float32, Float64, Complex64, Complex128]),
        "maximum" => pick!(
            d,
            binary,
            Max,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "minimum" => pick!(
            d,
            binary,
            Min,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "fmax" => pick!(
            d,
            binary,
            FMax,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "fmin" => pick!(
            d,
            binary,
            FMin,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "equal" => pick!(
            d,
            binary,
            Eq,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "not_equal" => pick!(
            d,
            binary,
            Ne,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "less" => pick!(
            d,
            binary,
            Lt,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "less_equal" => pick!(
            d,
            binary,
            Le,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "greater" => pick!(
            d,
            binary,
            Gt,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "greater_equal" => pick!(
            d,
            binary,
            Ge,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "logical_and" => pick!(
            d,
            binary,
            LAnd,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "logical_or" => pick!(
            d,
            binary,
            LOr,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "logical_xor" => pick!(
            d,
            binary,
            LXor,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "logical_not" => pick!(
            d,
            unary,
            LNot,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "bitwise_and" => pick!(
            d,
            binary,
            BAnd,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64
            ]
        ),
        "bitwise_or" => pick!(
            d,
            binary,
            BOr,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64
            ]
        ),
        "bitwise_xor" => pick!(
            d,
            binary,
            BXor,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64
            ]
        ),
        "invert" => pick!(
            d,
            unary,
            Invert,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64
            ]
        ),
        "left_shift" => pick!(
            d,
            binary,
            Shl,
            [Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64]
        ),
        "right_shift" => pick!(
            d,
            binary,
            Shr,
            [Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64]
        ),
        "isnan" => pick!(
            d,
            unary,
            IsNan,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "isinf" => pick!(
            d,
            unary,
            IsInf,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "isfinite" => pick!(
            d,
            unary,
            IsFinite,
            [
                Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
                Complex64, Complex128
            ]
        ),
        "signbit" => pick!(d, unary, SignBit, [Float32, Float64]),
        "gcd" => pick!(
            d,
            binary,
            Gcd,
            [Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64]
        ),
        "lcm" => pick!(
            d,
            binary,
            Lcm,
            [Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64]
        ),
        "bitwise_count" => pick!(
            d,
            unary,
            PopCount,
            [Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64]
        ),
        "frexp" => pick!(d, unary2, Frexp, [Float32, Float64]),
        "modf" => pick!(d, unary2, Modf, [Float32, Float64]),
        "ldexp" => match (d, types[1]) {
            (Float32, Int32) => Some(binary::<Ldexp<f32, i32>> as Kernel),
            (Float32, Int64) => Some(binary::<Ldexp<f32, i64>> as Kernel),
            (Float64, Int32) => Some(binary::<Ldexp<f64, i32>> as Kernel),
            (Float64, Int64) => Some(binary::<Ldexp<f64, i64>> as Kernel),
            _ => None,
        },
        _ => None,
    }
}

/// The loop that copies elements of `d` (`positive` without its exceptions:
/// every dtype, booleans included): how a reduction's first values reach
/// its output, cast on the way by the iterator.
pub fn copy_kernel(d: DType) -> Kernel {
    pick!(
        d,
        unary,
        Same,
        [
            Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64,
            Complex64, Complex128
        ]
    )
    .expect("every dtype")
}
