//! Typed 1-D strided inner loops: `(pointers, length, byte steps)`, as
//! NumPy's `PyUFuncGenericFunction`.
//!
//! A loop is a generic driver ([`unary`], [`binary`], [`unary2`],
//! [`fallback_binary`]) instantiated with an operation marker that says what
//! one element computes. The drivers give LLVM plain counted loops over
//! unaligned typed pointers in the contiguous and scalar-operand cases, so
//! the contiguous loops auto-vectorise; strided operands take the general
//! path. Booleans are read as bytes (`!= 0`), never as Rust `bool` (an
//! array's bytes may hold any value).
//!
//! Floating-point status comes from the hardware after the loop
//! ([`super::fpe`]); integer loops that NumPy makes report (division by zero)
//! set [`LoopState::flags`] themselves. An operation NumPy refuses for a
//! value (`2 ** -1` for integers) stores its error and stops the loop.

use core::marker::PhantomData;

use num_complex::Complex;

use crate::dtype::DType;
use crate::scalar::{BinaryOp, Float, FpFlags, Scalar, ScalarError, Value};

/// What a loop reports besides its outputs.
#[derive(Debug, Default)]
pub struct LoopState {
    /// Flags set by the loop itself (the hardware's are read separately).
    pub flags: FpFlags,
    /// An error that stopped the loop (the outputs are then incomplete).
    pub error: Option<ScalarError>,
    /// The loop [`extern_kernel`] runs (set from [`LoopFn::ext`]).
    pub ext: Option<ExternLoop>,
}

/// A 1-D loop from outside Rust, as NumPy's `PyUFuncGenericFunction`:
/// `func(args, dimensions, steps, data)` with `dimensions[0]` elements.
#[derive(Clone, Copy, Debug)]
pub struct ExternLoop {
    /// The loop.
    pub func: unsafe extern "C" fn(
        args: *mut *mut u8,
        dimensions: *const isize,
        steps: *const isize,
        data: *mut core::ffi::c_void,
    ),
    /// Its `data` argument.
    pub data: *mut core::ffi::c_void,
}

/// A kernel and, for a loop from outside Rust, that loop: what the
/// iterator runs.
#[derive(Clone, Copy, Debug)]
pub struct LoopFn {
    /// The inner loop ([`extern_kernel`] for an extern one).
    pub kernel: Kernel,
    /// The extern loop [`extern_kernel`] calls.
    pub ext: Option<ExternLoop>,
}

impl From<Kernel> for LoopFn {
    fn from(kernel: Kernel) -> LoopFn {
        LoopFn { kernel, ext: None }
    }
}

impl LoopFn {
    /// A fresh state for one run of this loop.
    pub fn state(&self) -> LoopState {
        LoopState {
            ext: self.ext,
            ..LoopState::default()
        }
    }
}

/// The [`Kernel`] of every extern loop: calls `st.ext` with NumPy's
/// calling convention.
///
/// # Safety
/// As [`Kernel`], and `st.ext` must be the loop of these operands (its
/// caller's promises on `args` and `steps` are the extern loop's).
pub unsafe fn extern_kernel(args: &[*mut u8], n: usize, steps: &[isize], st: &mut LoopState) {
    let e = st.ext.expect("an extern loop runs with its LoopFn's state");
    let dims = [n as isize];
    // SAFETY: the caller's guarantee: `args`/`steps` describe `n` elements of
    // the loop's dtypes, as the extern loop expects them.
    unsafe {
        (e.func)(
            args.as_ptr().cast_mut(),
            dims.as_ptr(),
            steps.as_ptr(),
            e.data,
        )
    }
}

/// A 1-D strided inner loop.
///
/// # Safety
/// `args` holds one pointer per operand (inputs, then outputs) and `steps`
/// one byte step per operand; for every `i < n`, `args[k] + i * steps[k]`
/// must point to an element of the loop's dtype for operand `k`, readable
/// (inputs) or writable (outputs), with no other access during the call
/// except that an output may be the very input elements it replaces (the
/// same address at the same `i`: in-place operations; each element is read
/// before it is written), and that a two-input loop's output may be its first
/// input as a reduction (both at step 0: one running value) or an
/// accumulation (the output one step ahead of the first input: element `i`
/// is computed from the one written at `i - 1`); both are computed in order.
/// The pointers need not be aligned.
pub type Kernel = unsafe fn(args: &[*mut u8], n: usize, steps: &[isize], st: &mut LoopState);

/// One input, one output.
pub trait Op1 {
    /// The input element.
    type A: Copy;
    /// The output element.
    type O: Copy;
    /// One element.
    fn f(a: Self::A, st: &mut LoopState) -> Self::O;
}

/// Two inputs, one output.
pub trait Op2 {
    /// The first input element.
    type A: Copy;
    /// The second input element.
    type B: Copy;
    /// The output element.
    type O: Copy;
    /// One element.
    fn f(a: Self::A, b: Self::B, st: &mut LoopState) -> Self::O;

    /// One element where the output overlaps the first input (reductions
    /// and accumulations): NumPy computes those by its scalar code, which
    /// for complex `multiply` is not contracted to FMA as its vector loops
    /// are.
    #[inline(always)]
    fn f_overlap(a: Self::A, b: Self::B, st: &mut LoopState) -> Self::O {
        Self::f(a, b, st)
    }

    /// A reduction's inner loop (NumPy's `IS_BINARY_REDUCE`): the first
    /// input and the output are the one element at `a`, and
    /// `*a = f(... f(f(*a, b[0]), b[1]) ..., b[n - 1])`. Operations whose
    /// input and output types agree keep the running value in a register
    /// ([`fold`]); float `add` sums pairwise, as NumPy does.
    ///
    /// # Safety
    /// `a` addresses one element, readable as `A` and writable as `O`; `b`
    /// addresses `n` elements of `B` at byte step `sb`, not overlapping `a`.
    #[inline(always)]
    unsafe fn reduce(a: *mut u8, b: *const u8, n: usize, sb: isize, st: &mut LoopState) {
        for i in 0..n as isize {
            // SAFETY: as documented.
            unsafe {
                let x = a.cast::<Self::A>().read_unaligned();
                let y = b.offset(i * sb).cast::<Self::B>().read_unaligned();
                a.cast::<Self::O>()
                    .write_unaligned(Self::f_overlap(x, y, st));
            }
        }
    }
}

/// One input, two outputs (`frexp`, `modf`).
pub trait Op1x2 {
    /// The input element.
    type A: Copy;
    /// The first output element.
    type O1: Copy;
    /// The second output element.
    type O2: Copy;
    /// One element.
    fn f(a: Self::A) -> (Self::O1, Self::O2);
}

#[inline(always)]
fn size<T>() -> isize {
    size_of::<T>() as isize
}

/// The driver of every one-input loop.
///
/// # Safety
/// As [`Kernel`], for the element types of `K`.
pub unsafe fn unary<K: Op1>(args: &[*mut u8], n: usize, steps: &[isize], st: &mut LoopState) {
    let (a, o) = (args[0], args[1]);
    let (sa, so) = (steps[0], steps[1]);
    // SAFETY: the caller guarantees `n` elements at these steps.
    unsafe {
        if sa == size::<K::A>() && so == size::<K::O>() {
            let (a, o) = (a.cast::<K::A>().cast_const(), o.cast::<K::O>());
            contig1::<K>(a, o, n, st);
        } else {
            for i in 0..n as isize {
                let x = a.offset(i * sa).cast::<K::A>().read_unaligned();
                o.offset(i * so).cast::<K::O>().write_unaligned(K::f(x, st));
            }
        }
    }
}

/// Declares `$name`, which runs the `#[inline(always)]` loop `$body` (same
/// signature) compiled for the widest vector unit the CPU has: LLVM
/// vectorises the plain loops for AVX-512 or AVX2 when compiled with those
/// features, picked at run time (`is_x86_feature_detected!` caches its
/// answer); short loops skip the check. Explicit SIMD kernels replace this
/// with the `simd` feature (issue: SIMD kernels).
macro_rules! multiversion {
    ($name:ident = $body:ident<$($k:ident: $tr:path),+>($($arg:ident: $ty:ty),*), len: $len:ident) => {
        /// [`multiversion!`] dispatch of the loop body of the same signature.
        ///
        /// # Safety
        /// The body's contract.
        #[inline(always)]
        unsafe fn $name<$($k: $tr),+>($($arg: $ty),*) {
            #[cfg(all(target_arch = "x86_64", not(miri)))]
            {
                #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,fma")]
                unsafe fn wide<$($k: $tr),+>($($arg: $ty),*) {
                    // SAFETY: the caller's contract, passed on.
                    unsafe { $body::<$($k),+>($($arg),*) }
                }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2<$($k: $tr),+>($($arg: $ty),*) {
                    // SAFETY: the caller's contract, passed on.
                    unsafe { $body::<$($k),+>($($arg),*) }
                }
                if $len >= 16 {
                    if std::arch::is_x86_feature_detected!("avx512f")
                        && std::arch::is_x86_feature_detected!("fma")
                        && std::arch::is_x86_feature_detected!("avx512bw")
                        && std::arch::is_x86_feature_detected!("avx512dq")
                        && std::arch::is_x86_feature_detected!("avx512vl")
                    {
                        // SAFETY: the features were detected; the caller's
                        // contract for the rest.
                        return unsafe { wide::<$($k),+>($($arg),*) };
                    }
                    if std::arch::is_x86_feature_detected!("avx2")
                        && std::arch::is_x86_feature_detected!("fma")
                    {
                        // SAFETY: as above.
                        return unsafe { avx2::<$($k),+>($($arg),*) };
                    }
                }
            }
            // SAFETY: the caller's contract.
            unsafe { $body::<$($k),+>($($arg),*) }
        }
    };
}

/// One input, both contiguous.
///
/// # Safety
/// `a` readable and `o` writable for `n` elements.
#[inline(always)]
unsafe fn contig1_body<K: Op1>(a: *const K::A, o: *mut K::O, n: usize, st: &mut LoopState) {
    for i in 0..n {
        // SAFETY: as documented.
        unsafe {
            o.add(i)
                .write_unaligned(K::f(a.add(i).read_unaligned(), st))
        };
    }
}
multiversion!(contig1 = contig1_body<K: Op1>(a: *const K::A, o: *mut K::O, n: usize, st: &mut LoopState), len: n);

/// Two inputs and the output contiguous; a step of zero (`sa`/`sb` false)
/// reads that input once.
///
/// # Safety
/// The pointers address `n` elements (one for a broadcast input).
#[inline(always)]
unsafe fn contig2_body<K: Op2>(
    pa: *const K::A,
    pb: *const K::B,
    po: *mut K::O,
    n: usize,
    st: &mut LoopState,
) {
    for i in 0..n {
        // SAFETY: as documented.
        unsafe {
            let r = K::f(pa.add(i).read_unaligned(), pb.add(i).read_unaligned(), st);
            po.add(i).write_unaligned(r);
        }
    }
}
multiversion!(contig2 = contig2_body<K: Op2>(pa: *const K::A, pb: *const K::B, po: *mut K::O, n: usize, st: &mut LoopState), len: n);

/// [`contig2_body`] with the output in the first input's place.
///
/// # Safety
/// `po` readable as `A` and writable as `O` (one size) for `n` elements,
/// `pb` readable for `n`.
#[inline(always)]
unsafe fn contig2_inplace_body<K: Op2>(
    po: *mut K::O,
    pb: *const K::B,
    n: usize,
    st: &mut LoopState,
) {
    let pa = po.cast::<K::A>().cast_const();
    for i in 0..n {
        // SAFETY: as documented; element `i` is read before it is written.
        unsafe {
            let r = K::f(pa.add(i).read_unaligned(), pb.add(i).read_unaligned(), st);
            po.add(i).write_unaligned(r);
        }
    }
}
multiversion!(contig2_inplace = contig2_inplace_body<K: Op2>(po: *mut K::O, pb: *const K::B, n: usize, st: &mut LoopState), len: n);

/// The second input broadcast (step 0).
///
/// # Safety
/// As [`contig2_body`], `pb` one element.
#[inline(always)]
unsafe fn scalar_b_body<K: Op2>(
    pa: *const K::A,
    pb: *const K::B,
    po: *mut K::O,
    n: usize,
    st: &mut LoopState,
) {
    // SAFETY: as documented.
    let y = unsafe { pb.read_unaligned() };
    for i in 0..n {
        // SAFETY: as documented.
        unsafe {
            po.add(i)
                .write_unaligned(K::f(pa.add(i).read_unaligned(), y, st))
        };
    }
}
multiversion!(scalar_b = scalar_b_body<K: Op2>(pa: *const K::A, pb: *const K::B, po: *mut K::O, n: usize, st: &mut LoopState), len: n);

/// The first input broadcast (step 0).
///
/// # Safety
/// As [`contig2_body`], `pa` one element.
#[inline(always)]
unsafe fn scalar_a_body<K: Op2>(
    pa: *const K::A,
    pb: *const K::B,
    po: *mut K::O,
    n: usize,
    st: &mut LoopState,
) {
    // SAFETY: as documented.
    let x = unsafe { pa.read_unaligned() };
    for i in 0..n {
        // SAFETY: as documented.
        unsafe {
            po.add(i)
                .write_unaligned(K::f(x, pb.add(i).read_unaligned(), st))
        };
    }
}
multiversion!(scalar_a = scalar_a_body<K: Op2>(pa: *const K::A, pb: *const K::B, po: *mut K::O, n: usize, st: &mut LoopState), len: n);

/// The driver of every two-input loop: contiguous, scalar-operand (a step of
/// zero, read once) and general strided paths.
///
/// # Safety
/// As [`Kernel`], for the element types of `K`.
pub unsafe fn binary<K: Op2>(args: &[*mut u8], n: usize, steps: &[isize], st: &mut LoopState) {
    let (a, b, o) = (args[0], args[1], args[2]);
    let (sa, sb, so) = (steps[0], steps[1], steps[2]);
    let (za, zb, zo) = (size::<K::A>(), size::<K::B>(), size::<K::O>());
    // SAFETY: the caller guarantees `n` elements at these steps.
    unsafe {
        let (pa, pb, po) = (
            a.cast::<K::A>().cast_const(),
            b.cast::<K::B>().cast_const(),
            o.cast::<K::O>(),
        );
        if sa == 0 && so == 0 && a == o {
            // A reduction: `a` is the running value.
            K::reduce(o, b, n, sb, st);
        } else if sa != 0 && a.wrapping_offset(sa) == o {
            // An accumulation (`out[i] = f(out[i - 1], b[i])`): each element
            // depends on the one just written, so never the vector paths.
            for i in 0..n as isize {
                let x = a.offset(i * sa).cast::<K::A>().read_unaligned();
                let y = b.offset(i * sb).cast::<K::B>().read_unaligned();
                o.offset(i * so)
                    .cast::<K::O>()
                    .write_unaligned(K::f_overlap(x, y, st));
            }
        } else if so == zo && sa == za && sb == zb && a == o && za == zo {
            // In place (`a += b`, a reduction's rows into its output): the
            // output is the first input element for element; a loop of its
            // own, as the general one's overlap check would refuse to
            // vectorise.
            contig2_inplace::<K>(po, pb, n, st);
        } else if so == zo && sa == za && sb == zb {
            contig2::<K>(pa, pb, po, n, st);
        } else if so == zo && sa == za && sb == 0 {
            scalar_b::<K>(pa, pb, po, n, st);
        } else if so == zo && sa == 0 && sb == zb {
            scalar_a::<K>(pa, pb, po, n, st);
        } else {
            for i in 0..n as isize {
                let x = a.offset(i * sa).cast::<K::A>().read_unaligned();
                let y = b.offset(i * sb).cast::<K::B>().read_unaligned();
                o.offset(i * so)
                    .cast::<K::O>()
                    .write_unaligned(K::f(x, y, st));
            }
        }
    }
}

/// The driver of the one-input, two-output loops.
///
/// # Safety
/// As [`Kernel`], for the element types of `K`.
pub unsafe fn unary2<K: Op1x2>(args: &[*mut u8], n: usize, steps: &[isize], _st: &mut LoopState) {
    // SAFETY: the caller guarantees `n` elements at these steps.
    unsafe {
        for i in 0..n as isize {
            let x = args[0].offset(i * steps[0]).cast::<K::A>().read_unaligned();
            let (p, q) = K::f(x);
            args[1]
                .offset(i * steps[1])
                .cast::<K::O1>()
                .write_unaligned(p);
            args[2]
                .offset(i * steps[2])
                .cast::<K::O2>()
                .write_unaligned(q);
        }
    }
}

/// A reduction's loop for operations whose inputs and output are one type:
/// the running value stays in a register (and integer reductions vectorise).
///
/// # Safety
/// As [`Op2::reduce`].
#[inline(always)]
unsafe fn fold<K: Op2<A = T, B = T, O = T>, T: Copy>(
    a: *mut T,
    b: *const T,
    n: usize,
    sb: isize,
    st: &mut LoopState,
) {
    // SAFETY: as documented.
    unsafe {
        let mut acc = a.read_unaligned();
        if sb == size::<T>() {
            fold_contig::<K, T>(&mut acc, b, n, st);
        } else {
            let bytes = b.cast::<u8>();
            for i in 0..n as isize {
                acc = K::f_overlap(acc, bytes.offset(i * sb).cast::<T>().read_unaligned(), st);
            }
        }
        a.write_unaligned(acc);
    }
}

/// [`fold`] over contiguous elements.
///
/// # Safety
/// `b` readable for `n` elements.
#[inline(always)]
unsafe fn fold_contig_body<K: Op2<A = T, B = T, O = T>, T: Copy>(
    acc: &mut T,
    b: *const T,
    n: usize,
    st: &mut LoopState,
) {
    let mut x = *acc;
    for i in 0..n {
        // SAFETY: as documented.
        x = K::f_overlap(x, unsafe { b.add(i).read_unaligned() }, st);
    }
    *acc = x;
}
multiversion!(fold_contig = fold_contig_body<K: Op2<A = T, B = T, O = T>, T: Copy>(acc: &mut T, b: *const T, n: usize, st: &mut LoopState), len: n);

/// NumPy's pairwise summation block (`PW_BLOCKSIZE`).
const PW_BLOCKSIZE: usize = 128;

/// The sum of `n` floats at `b` (byte step `sb`) in NumPy's pairwise order
/// (`@TYPE@_pairwise_sum` of its loops), so sums agree with NumPy's bit for
/// bit: fewer than 8 elements in order, up to [`PW_BLOCKSIZE`] by eight
/// partial sums, more split in two at a multiple of eight. Written here
/// because the order is the product (no crate sums in NumPy's order).
///
/// # Safety
/// `b` readable for `n` elements at step `sb`.
pub(crate) unsafe fn pairwise_sum<T: Float>(b: *const u8, n: usize, sb: isize) -> T {
    // SAFETY: as documented, for every index below `n`.
    let at = |i: usize| unsafe { b.offset(i as isize * sb).cast::<T>().read_unaligned() };
    if n < 8 {
        let mut res = -T::ZERO;
        for i in 0..n {
            res = res + at(i);
        }
        res
    } else if n <= PW_BLOCKSIZE {
        let mut r = [T::ZERO; 8];
        for (k, slot) in r.iter_mut().enumerate() {
            *slot = at(k);
        }
        let mut i = 8;
        while i < n - n % 8 {
            for (k, slot) in r.iter_mut().enumerate() {
                *slot = *slot + at(i + k);
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res = res + at(i);
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        // SAFETY: both halves lie inside the `n` elements.
        unsafe {
            pairwise_sum::<T>(b, n2, sb) + pairwise_sum::<T>(b.offset(n2 as isize * sb), n - n2, sb)
        }
    }
}

/// [`pairwise_sum`] of complex numbers, as NumPy's complex loops do it: the
/// real and imaginary parts summed side by side, counted in parts (`2n`),
/// four partial sums each.
///
/// # Safety
/// As [`pairwise_sum`], for `n` complex elements.
unsafe fn pairwise_sum_complex<T: Float>(b: *const u8, n: usize, sb: isize) -> Complex<T> {
    // SAFETY: as documented; `part(i)` for even `i < 2n` reads the real part
    // of element `i / 2`, odd `i` its imaginary part.
    let part = |i: usize| unsafe {
        b.offset((i / 2) as isize * sb)
            .cast::<T>()
            .add(i % 2)
            .read_unaligned()
    };
    let parts = 2 * n;
    if parts < 8 {
        let (mut rr, mut ri) = (-T::ZERO, -T::ZERO);
        let mut i = 0;
        while i < parts {
            rr = rr + part(i);
            ri = ri + part(i + 1);
            i += 2;
        }
        Complex::new(rr, ri)
    } else if parts <= PW_BLOCKSIZE {
        let mut r = [T::ZERO; 8];
        for (k, slot) in r.iter_mut().enumerate() {
            *slot = part(k);
        }
        let mut i = 8;
        while i < parts - parts % 8 {
            for (k, slot) in r.iter_mut().enumerate() {
                *slot = *slot + part(i + k);
            }
            i += 8;
        }
        let mut rr = (r[0] + r[2]) + (r[4] + r[6]);
        let mut ri = (r[1] + r[3]) + (r[5] + r[7]);
        while i < parts {
            rr = rr + part(i);
            ri = ri + part(i + 1);
            i += 2;
        }
        Complex::new(rr, ri)
    } else {
        let mut n2 = parts / 2;
        n2 -= n2 % 8;
        // SAFETY: both halves lie inside the `n` elements (`n2` parts is
        // `n2 / 2` elements, `n2` even).
        unsafe {
            let x = pairwise_sum_complex::<T>(b, n2 / 2, sb);
            let y = pairwise_sum_complex::<T>(b.offset((n2 / 2) as isize * sb), n - n2 / 2, sb);
            Complex::new(x.re + y.re, x.im + y.im)
        }
    }
}

/// A storage type and the dtype it holds.
pub trait Elem: Copy {
    /// The dtype.
    const DTYPE: DType;
}

macro_rules! elem {
    ($($t:ty => $d:ident),* $(,)?) => { $(impl Elem for $t { const DTYPE: DType = DType::$d; })* };
}
elem!(i8 => Int8, u8 => UInt8, i16 => Int16, u16 => UInt16, i32 => Int32, u32 => UInt32,
      i64 => Int64, u64 => UInt64, f32 => Float32, f64 => Float64,
      Complex<f32> => Complex64, Complex<f64> => Complex128);

/// `bool` stored as a byte (a distinct type from `u8` for [`Elem`]).
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct B8(pub u8);
impl Elem for B8 {
    const DTYPE: DType = DType::Bool;
}

const fn binary_op(op: u8) -> BinaryOp {
    BinaryOp::ALL[op as usize]
}

/// The index of `op` in [`BinaryOp::ALL`] (the const parameter of
/// [`fallback_binary`]).
pub const fn op_index(op: BinaryOp) -> u8 {
    let mut i = 0;
    while i < BinaryOp::ALL.len() {
        if BinaryOp::ALL[i] as u8 == op as u8 {
            return i as u8;
        }
        i += 1;
    }
    panic!("every op is in ALL")
}

/// The binary operation `OP` (the index of a [`BinaryOp`] in
/// [`BinaryOp::ALL`]) on elements of `T` through NumPy's scalar semantics
/// ([`Scalar::binary_ufunc`]): exact for every dtype, used for the
/// operations whose integer and complex rules are intricate (`floor_divide`,
/// `remainder`, `divmod`, `power`, complex division) rather than fast. One
/// or two outputs of dtype `T` (the second only for `divmod`).
///
/// # Safety
/// As [`Kernel`], for elements of `T`'s dtype.
pub unsafe fn fallback_binary<T: Elem, const OP: u8>(
    args: &[*mut u8],
    n: usize,
    steps: &[isize],
    st: &mut LoopState,
) {
    let op = binary_op(OP);
    let d = T::DTYPE;
    for i in 0..n as isize {
        // SAFETY: the caller guarantees elements of `d` at these steps.
        let (x, y) = unsafe {
            (
                crate::array::element::read(d, args[0].offset(i * steps[0])),
                crate::array::element::read(d, args[1].offset(i * steps[1])),
            )
        };
        match x.binary_ufunc(op, &y) {
            Ok(out) => {
                st.flags |= out.flags;
                // SAFETY: as above, for the outputs.
                unsafe {
                    match out.value {
                        Value::Scalar(s) => write_as(args[2].offset(i * steps[2]), s, d, op),
                        Value::Pair(q, r) => {
                            write_as(args[2].offset(i * steps[2]), q, d, op);
                            write_as(args[3].offset(i * steps[3]), r, d, op);
                        }
                    }
                }
            }
            Err(e) => {
                st.error = Some(e);
                return;
            }
        }
    }
}

/// Writes `s` as `d` (comparisons give booleans; everything else `d`).
///
/// # Safety
/// `p` must be writable for one element of the output's dtype.
unsafe fn write_as(p: *mut u8, s: Scalar, d: DType, op: BinaryOp) {
    let s = if s.dtype() == d || s.dtype() == DType::Bool && is_comparison(op) {
        s
    } else {
        s.cast(d)
    };
    // SAFETY: as documented.
    unsafe { crate::array::element::write(p, s) }
}

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

// --------------------------------------------------------------- markers

/// Declares a one-input operation marker `Name<T>` and implements it for
/// each listed type with the same body (`$o` is the output type, `T` when
/// omitted).
macro_rules! op1 {
    ($name:ident: [$($t:ty),* $(,)?] -> $o:ty, |$a:ident| $body:expr) => {
        $(impl Op1 for $name<$t> {
            type A = $t;
            type O = $o;
            #[inline(always)]
            fn f($a: $t, _st: &mut LoopState) -> Self::O { $body }
        })*
    };
    ($name:ident: [$($t:ty),* $(,)?], |$a:ident| $body:expr) => {
        $(impl Op1 for $name<$t> {
            type A = $t;
            type O = $t;
            #[inline(always)]
            fn f($a: $t, _st: &mut LoopState) -> Self::O { $body }
        })*
    };
}

/// As [`op1!`], for two inputs of one type (`st` names the [`LoopState`]
/// where the body sets flags).
macro_rules! op2 {
    ($name:ident: [$($t:ty),* $(,)?] -> $o:ty, |$a:ident, $b:ident| $body:expr) => {
        $(impl Op2 for $name<$t> {
            type A = $t;
            type B = $t;
            type O = $o;
            #[inline(always)]
            fn f($a: $t, $b: $t, _st: &mut LoopState) -> Self::O { $body }
        })*
    };
    ($name:ident: [$($t:ty),* $(,)?], |$a:ident, $b:ident, $st:ident| $body:expr) => {
        $(impl Op2 for $name<$t> {
            type A = $t;
            type B = $t;
            type O = $t;
            #[inline(always)]
            fn f($a: $t, $b: $t, $st: &mut LoopState) -> Self::O { $body }
            #[inline(always)]
            unsafe fn reduce(a: *mut u8, b: *const u8, n: usize, sb: isize, st: &mut LoopState) {
                // SAFETY: the trait method's contract.
                unsafe { fold::<Self, $t>(a.cast(), b.cast(), n, sb, st) }
            }
        })*
    };
    ($name:ident: [$($t:ty),* $(,)?], |$a:ident, $b:ident| $body:expr) => {
        op2!($name: [$($t),*], |$a, $b, _st| $body);
    };
}

macro_rules! markers {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {
        $($(#[$m])* pub struct $name<T>(PhantomData<T>);)*
    };
}

markers!(
    /// `add`
    Add,
    /// `subtract`
    Sub,
    /// `multiply`
    Mul,
    /// `divide` (floats)
    Div,
    /// `fmod`
    Fmod,
    /// `power` (floats)
    Pow,
    /// `negative`
    Neg,
    /// `positive`, `conjugate` of reals, `floor`/`ceil`/`trunc` of ints
    Same,
    /// `absolute`
    Abs,
    /// `sign`
    Sign,
    /// `reciprocal`
    Recip,
    /// `square`
    Square,
    /// `maximum`
    Max,
    /// `minimum`
    Min,
    /// `fmax`
    FMax,
    /// `fmin`
    FMin,
    /// `equal`
    Eq,
    /// `not_equal`
    Ne,
    /// `less`
    Lt,
    /// `less_equal`
    Le,
    /// `greater`
    Gt,
    /// `greater_equal`
    Ge,
    /// `logical_and`
    LAnd,
    /// `logical_or`
    LOr,
    /// `logical_xor`
    LXor,
    /// `logical_not`
    LNot,
    /// `bitwise_and`
    BAnd,
    /// `bitwise_or`
    BOr,
    /// `bitwise_xor`
    BXor,
    /// `invert`
    Invert,
    /// `left_shift`
    Shl,
    /// `right_shift`
    Shr,
    /// `isnan`
    IsNan,
    /// `isinf`
    IsInf,
    /// `isfinite`
    IsFinite,
    /// `signbit`
    SignBit,
    /// `conjugate`
    Conj,
    /// `gcd`
    Gcd,
    /// `lcm`
    Lcm,
    /// `bitwise_count`
    PopCount,
    /// `floor`
    Floor,
    /// `ceil`
    Ceil,
    /// `trunc`
    Trunc,
    /// `rint`
    Rint,
    /// `copysign`
    CopySign,
    /// `nextafter`
    NextAfter,
    /// `spacing`
    Spacing,
    /// `heaviside`
    Heaviside,
    /// `arctan2`
    Atan2,
    /// `hypot`
    Hypot,
    /// `logaddexp`
    LogAddExp,
    /// `logaddexp2`
    LogAddExp2,
    /// `frexp`
    Frexp,
    /// `modf`
    Modf,
);

op2!(Add: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| a.wrapping_add(b));
/// Float and complex `add`: reductions sum pairwise ([`pairwise_sum`]).
macro_rules! add_pairwise {
    ($($t:ty => $sum:expr),*) => {$(
        impl Op2 for Add<$t> {
            type A = $t;
            type B = $t;
            type O = $t;
            #[inline(always)]
            fn f(a: $t, b: $t, _st: &mut LoopState) -> $t {
                a + b
            }
            #[inline(always)]
            unsafe fn reduce(a: *mut u8, b: *const u8, n: usize, sb: isize, _st: &mut LoopState) {
                // SAFETY: the trait method's contract.
                unsafe {
                    let a = a.cast::<$t>();
                    a.write_unaligned(a.read_unaligned() + ($sum)(b, n, sb));
                }
            }
        }
    )*};
}
add_pairwise!(
    f32 => pairwise_sum::<f32>,
    f64 => pairwise_sum::<f64>,
    Complex<f32> => pairwise_sum_complex::<f32>,
    Complex<f64> => pairwise_sum_complex::<f64>
);
op2!(Add: [B8], |a, b| B8(u8::from(a.0 != 0 || b.0 != 0)));
op2!(Sub: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| a.wrapping_sub(b));
op2!(Sub: [f32, f64, Complex<f32>, Complex<f64>], |a, b| a - b);
op2!(Mul: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| a.wrapping_mul(b));
op2!(Mul: [f32, f64], |a, b| a * b);
// NumPy's complex loops are compiled with floating-point contraction: the
// real part is `fma(ar, br, -(ai*bi))`, the imaginary `fma(ar, bi, ai*br)`
// (which is what keeps `(1.8e19+1.8e19j)**2` at `-inf+infj` in complex64).
macro_rules! complex_mul {
    ($($t:ty),*) => {$(
        impl Op2 for Mul<Complex<$t>> {
            type A = Complex<$t>;
            type B = Complex<$t>;
            type O = Complex<$t>;
            #[inline(always)]
            fn f(a: Self::A, b: Self::B, _st: &mut LoopState) -> Self::O {
                Complex::new(a.re.mul_add(b.re, -(a.im * b.im)), a.re.mul_add(b.im, a.im * b.re))
            }
            #[inline(always)]
            fn f_overlap(a: Self::A, b: Self::B, _st: &mut LoopState) -> Self::O {
                Complex::new(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
            }
            #[inline(always)]
            unsafe fn reduce(a: *mut u8, b: *const u8, n: usize, sb: isize, st: &mut LoopState) {
                // SAFETY: the trait method's contract.
                unsafe { fold::<Self, Complex<$t>>(a.cast(), b.cast(), n, sb, st) }
            }
        }
    )*};
}
complex_mul!(f32, f64);
op2!(Mul: [B8], |a, b| B8(u8::from(a.0 != 0 && b.0 != 0)));
op2!(Div: [f32, f64], |a, b| a / b);
op2!(Pow: [f32, f64], |a, b| a.powf(b));
op2!(Fmod: [f32, f64], |a, b| a % b);
op2!(Fmod: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b, st| {
    if b == 0 {
        st.flags.divide_by_zero = true;
        0
    } else {
        // C's `%` (truncated); `MIN % -1` is 0, which wrapping_rem gives.
        a.wrapping_rem(b)
    }
});

op1!(Neg: [i8, u8, i16, u16, i32, u32, i64, u64], |a| a.wrapping_neg());
op1!(Neg: [f32, f64, Complex<f32>, Complex<f64>], |a| -a);
op1!(Same: [B8, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, Complex<f32>, Complex<f64>], |a| a);
op1!(Abs: [B8, u8, u16, u32, u64], |a| a);
op1!(Abs: [i8, i16, i32, i64], |a| a.wrapping_abs());
op1!(Abs: [f32, f64], |a| a.abs());
op1!(Abs: [Complex<f32>] -> f32, |a| a.re.hypot(a.im));
op1!(Abs: [Complex<f64>] -> f64, |a| a.re.hypot(a.im));
op1!(Sign: [u8, u16, u32, u64], |a| (a != 0) as _);
op1!(Sign: [i8, i16, i32, i64], |a| a.signum());
op1!(Sign: [f32, f64], |a| if a > 0.0 {
    1.0
} else if a < 0.0 {
    -1.0
} else if a == 0.0 {
    0.0
} else {
    a
});
op1!(Sign: [Complex<f32>, Complex<f64>], |a| {
    // NumPy 2: z / |z| (0 for 0; NaN parts propagate).
    if a.re.is_nan() || a.im.is_nan() {
        Complex::new(f64::NAN as _, f64::NAN as _)
    } else if a.re == 0.0 && a.im == 0.0 {
        Complex::new(0.0, 0.0)
    } else if a.re.is_infinite() || a.im.is_infinite() {
        // |z| is infinite: the sign keeps the direction of the infinite parts.
        if a.re.is_infinite() && a.im.is_infinite() {
            Complex::new(f64::NAN as _, f64::NAN as _)
        } else if a.re.is_infinite() {
            Complex::new(a.re.signum(), 0.0)
        } else {
            Complex::new(0.0, a.im.signum())
        }
    } else {
        let m = a.re.hypot(a.im);
        Complex::new(a.re / m, a.im / m)
    }
});
op1!(Recip: [i8, i16, i32, i64, u8, u16, u32, u64], |a| {
    // NumPy's integer loop: `(type)(1.0 / a)`, the double cast to the
    // integer as NumPy casts (`reciprocal(0)` is `1/0 = inf` cast).
    let s = Scalar::Float64(1.0 / a as f64).cast(<Self::A as Elem>::DTYPE);
    s.to_i128().unwrap_or(0) as Self::O
});
op1!(Recip: [f32, f64], |a| 1.0 / a);
op1!(Recip: [Complex<f32>, Complex<f64>], |a| {
    // NumPy's `nc_reciprocal`: Smith's algorithm for 1 / a.
    let (r, i) = (a.re, a.im);
    if r.abs() >= i.abs() {
        let rat = i / r;
        let scl = 1.0 / (r + i * rat);
        Complex::new(scl, -rat * scl)
    } else {
        let rat = r / i;
        let scl = 1.0 / (i + r * rat);
        Complex::new(rat * scl, -scl)
    }
});
op1!(Square: [i8, u8, i16, u16, i32, u32, i64, u64], |a| a.wrapping_mul(a));
op1!(Square: [f32, f64], |a| a * a);
op1!(Square: [Complex<f32>, Complex<f64>], |a| Complex::new(
    a.re.mul_add(a.re, -(a.im * a.im)),
    a.re.mul_add(a.im, a.im * a.re)
));

op2!(Max: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| if a >= b { a } else { b });
op2!(Min: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| if a <= b { a } else { b });
op2!(FMax: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| if a >= b { a } else { b });
op2!(FMin: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| if a <= b { a } else { b });
op2!(Max: [B8], |a, b| B8(u8::from(a.0 != 0 || b.0 != 0)));
op2!(Min: [B8], |a, b| B8(u8::from(a.0 != 0 && b.0 != 0)));
op2!(FMax: [B8], |a, b| B8(u8::from(a.0 != 0 || b.0 != 0)));
op2!(FMin: [B8], |a, b| B8(u8::from(a.0 != 0 && b.0 != 0)));
// NumPy's float maximum/minimum propagate NaN; fmax/fmin ignore it.
/// Float `maximum`/`minimum` as reductions: the strict comparison
/// (`better(x, acc)`: `x` replaces the running value) the vector unit does
/// without branches; NaN is looked for separately.
pub(crate) trait Extreme {
    /// The element.
    type T: Float;
    /// Whether `x` replaces `acc` (strictly larger for `maximum`).
    fn better(x: Self::T, acc: Self::T) -> bool;
}

/// The extreme of `n >= 1` contiguous floats with eight running values,
/// and whether a NaN was among them.
///
/// # Safety
/// `b` readable for `n` elements.
#[inline(always)]
unsafe fn extreme_contig_body<K: Extreme>(b: *const K::T, n: usize, out: &mut (K::T, bool)) {
    // SAFETY: `n >= 1` elements at `b`.
    let at = |i: usize| unsafe { b.add(i).read_unaligned() };
    let first = at(0);
    let mut acc = [first; 8];
    let mut nan = [false; 8];
    let full = n / 8 * 8;
    let mut i = 0;
    while i < full {
        for j in 0..8 {
            let x = at(i + j);
            nan[j] |= x.is_nan();
            if K::better(x, acc[j]) {
                acc[j] = x;
            }
        }
        i += 8;
    }
    let mut m = acc[0];
    for &v in &acc[1..] {
        if K::better(v, m) {
            m = v;
        }
    }
    let mut any_nan = nan.iter().any(|&x| x);
    while i < n {
        let x = at(i);
        any_nan |= x.is_nan();
        if K::better(x, m) {
            m = x;
        }
        i += 1;
    }
    *out = (m, any_nan);
}
multiversion!(extreme_contig = extreme_contig_body<K: Extreme>(b: *const K::T, n: usize, out: &mut (K::T, bool)), len: n);

macro_rules! float_extreme {
    ($($name:ident<$t:ty>: $cmp:tt $ge:tt),*) => {$(
        impl Extreme for $name<$t> {
            type T = $t;
            #[inline(always)]
            fn better(x: $t, acc: $t) -> bool {
                x $cmp acc
            }
        }
        impl Op2 for $name<$t> {
            type A = $t;
            type B = $t;
            type O = $t;
            #[inline(always)]
            fn f(a: $t, b: $t, _st: &mut LoopState) -> $t {
                // NumPy's maximum/minimum propagate NaN.
                if a $ge b || a.is_nan() { a } else { b }
            }
            unsafe fn reduce(a: *mut u8, b: *const u8, n: usize, sb: isize, st: &mut LoopState) {
                // SAFETY: the trait method's contract.
                unsafe {
                    let acc = a.cast::<$t>().read_unaligned();
                    if n == 0 || acc.is_nan() {
                        return;
                    }
                    if sb == size_of::<$t>() as isize {
                        let mut r = (acc, false);
                        extreme_contig::<Self>(b.cast(), n, &mut r);
                        let (m, nan) = r;
                        // A NaN wins (the first one, as in order); a zero
                        // extreme may be +0 or -0 by position: both need
                        // the sequential order.
                        if !nan && m != 0.0 {
                            a.cast::<$t>().write_unaligned(Self::f(acc, m, st));
                            return;
                        }
                    }
                    fold::<Self, $t>(a.cast(), b.cast(), n, sb, st);
                }
            }
        }
    )*};
}
// NumPy's maximum/minimum give the second operand on ties (`maximum(0.0, -0.0)`
// is -0.0), on every path.
float_extreme!(Max<f32>: > >, Max<f64>: > >, Min<f32>: < <, Min<f64>: < <);
op2!(FMax: [f32, f64], |a, b| if a >= b || b.is_nan() { a } else { b });
op2!(FMin: [f32, f64], |a, b| if a <= b || b.is_nan() { a } else { b });

fn c_nan<T: Float>(a: Complex<T>) -> bool {
    a.re.is_nan() || a.im.is_nan()
}
/// NumPy's `CGE`: lexicographic `>=` of complex numbers.
fn c_ge<T: Float>(a: Complex<T>, b: Complex<T>) -> bool {
    (a.re > b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im >= b.im)
}
/// NumPy's `CLE`.
fn c_le<T: Float>(a: Complex<T>, b: Complex<T>) -> bool {
    (a.re < b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im <= b.im)
}
/// NumPy's `CGT`.
fn c_gt<T: Float>(a: Complex<T>, b: Complex<T>) -> bool {
    (a.re > b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im > b.im)
}
/// NumPy's `CLT`.
fn c_lt<T: Float>(a: Complex<T>, b: Complex<T>) -> bool {
    (a.re < b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im < b.im)
}

op2!(Max: [Complex<f32>, Complex<f64>], |a, b| if c_ge(a, b) || c_nan(a) { a } else { b });
op2!(Min: [Complex<f32>, Complex<f64>], |a, b| if c_le(a, b) || c_nan(a) { a } else { b });
op2!(FMax: [Complex<f32>, Complex<f64>], |a, b| if c_ge(a, b) || c_nan(b) { a } else { b });
op2!(FMin: [Complex<f32>, Complex<f64>], |a, b| if c_le(a, b) || c_nan(b) { a } else { b });

op2!(Eq: [i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(a == b)));
op2!(Ne: [i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(a != b)));
op2!(Lt: [i8, u8, i16, u16, i32, u32, i64, u64, f32, f64] -> B8, |a, b| B8(u8::from(a < b)));
op2!(Le: [i8, u8, i16, u16, i32, u32, i64, u64, f32, f64] -> B8, |a, b| B8(u8::from(a <= b)));
op2!(Gt: [i8, u8, i16, u16, i32, u32, i64, u64, f32, f64] -> B8, |a, b| B8(u8::from(a > b)));
op2!(Ge: [i8, u8, i16, u16, i32, u32, i64, u64, f32, f64] -> B8, |a, b| B8(u8::from(a >= b)));
op2!(Lt: [Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(c_lt(a, b))));
op2!(Le: [Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(c_le(a, b))));
op2!(Gt: [Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(c_gt(a, b))));
op2!(Ge: [Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(c_ge(a, b))));
op2!(Eq: [B8], |a, b| B8(u8::from((a.0 != 0) == (b.0 != 0))));
op2!(Ne: [B8], |a, b| B8(u8::from((a.0 != 0) != (b.0 != 0))));
op2!(Lt: [B8], |a, b| B8(u8::from((a.0 == 0) & (b.0 != 0))));
op2!(Le: [B8], |a, b| B8(u8::from((a.0 == 0) | (b.0 != 0))));
op2!(Gt: [B8], |a, b| B8(u8::from((a.0 != 0) & (b.0 == 0))));
op2!(Ge: [B8], |a, b| B8(u8::from((a.0 != 0) | (b.0 == 0))));

/// Truth of one element, as `logical_*` reads it.
pub trait Truth: Copy {
    /// Nonzero (NaN counts as true).
    fn truth(self) -> bool;
}
macro_rules! truth_num {
    ($($t:ty),*) => { $(impl Truth for $t { #[inline(always)] fn truth(self) -> bool { self != (0 as $t) } })* };
}
truth_num!(i8, u8, i16, u16, i32, u32, i64, u64, f32, f64);
impl Truth for B8 {
    #[inline(always)]
    fn truth(self) -> bool {
        self.0 != 0
    }
}
impl Truth for Complex<f32> {
    #[inline(always)]
    fn truth(self) -> bool {
        self.re != 0.0 || self.im != 0.0
    }
}
impl Truth for Complex<f64> {
    #[inline(always)]
    fn truth(self) -> bool {
        self.re != 0.0 || self.im != 0.0
    }
}
op2!(LAnd: [B8, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(a.truth() && b.truth())));
op2!(LOr: [B8, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(a.truth() || b.truth())));
op2!(LXor: [B8, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, Complex<f32>, Complex<f64>] -> B8, |a, b| B8(u8::from(a.truth() != b.truth())));
op1!(LNot: [B8, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, Complex<f32>, Complex<f64>] -> B8, |a| B8(u8::from(!a.truth())));

op2!(BAnd: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| a & b);
op2!(BOr: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| a | b);
op2!(BXor: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| a ^ b);
op2!(BAnd: [B8], |a, b| B8(u8::from(a.0 != 0 && b.0 != 0)));
op2!(BOr: [B8], |a, b| B8(u8::from(a.0 != 0 || b.0 != 0)));
op2!(BXor: [B8], |a, b| B8(u8::from((a.0 != 0) != (b.0 != 0))));
op1!(Invert: [i8, u8, i16, u16, i32, u32, i64, u64], |a| !a);
op1!(Invert: [B8], |a| B8(u8::from(a.0 == 0)));
// NumPy's `npy_lshift`/`npy_rshift`: the shift count read as unsigned; a
// count of the width or more gives 0 (right shifts of negatives: -1).
op2!(Shl: [i8, u8, i16, u16, i32, u32, i64, u64], |a, b| {
    let bits = u64::from(Self::A::BITS);
    if (b as u64) < bits { a << (b as u32) } else { 0 }
});
op2!(Shr: [u8, u16, u32, u64], |a, b| {
    let bits = u64::from(Self::A::BITS);
    if (b as u64) < bits { a >> (b as u32) } else { 0 }
});
op2!(Shr: [i8, i16, i32, i64], |a, b| {
    let bits = u64::from(Self::A::BITS);
    if (b as u64) < bits {
        a >> (b as u32)
    } else if a < 0 {
        -1
    } else {
        0
    }
});

op1!(IsNan: [B8, i8, u8, i16, u16, i32, u32, i64, u64] -> B8, |a| { let _ = a; B8(0) });
op1!(IsInf: [B8, i8, u8, i16, u16, i32, u32, i64, u64] -> B8, |a| { let _ = a; B8(0) });
op1!(IsFinite: [B8, i8, u8, i16, u16, i32, u32, i64, u64] -> B8, |a| { let _ = a; B8(1) });
op1!(IsNan: [f32, f64] -> B8, |a| B8(u8::from(a.is_nan())));
op1!(IsInf: [f32, f64] -> B8, |a| B8(u8::from(a.is_infinite())));
op1!(IsFinite: [f32, f64] -> B8, |a| B8(u8::from(a.is_finite())));
op1!(IsNan: [Complex<f32>, Complex<f64>] -> B8, |a| B8(u8::from(a.re.is_nan() || a.im.is_nan())));
op1!(IsInf: [Complex<f32>, Complex<f64>] -> B8, |a| B8(u8::from(a.re.is_infinite() || a.im.is_infinite())));
op1!(IsFinite: [Complex<f32>, Complex<f64>] -> B8, |a| B8(u8::from(a.re.is_finite() && a.im.is_finite())));
op1!(SignBit: [f32, f64] -> B8, |a| B8(u8::from(a.is_sign_negative())));
op1!(Conj: [Complex<f32>, Complex<f64>], |a| a.conj());

/// Euclid's algorithm on magnitudes (NumPy's `npy_gcd`), wrapping as C does
/// for the most negative value.
macro_rules! gcd_lcm {
    ($($t:ty => $u:ty),*) => {$(
        impl Op2 for Gcd<$t> {
            type A = $t; type B = $t; type O = $t;
            #[inline(always)]
            fn f(a: $t, b: $t, _st: &mut LoopState) -> $t {
                let (mut x, mut y) = ((a as $u).wrapping_abs_lite(a), (b as $u).wrapping_abs_lite(b));
                while x != 0 { let t = y % x; y = x; x = t; }
                y as $t
            }
        }
        impl Op2 for Lcm<$t> {
            type A = $t; type B = $t; type O = $t;
            #[inline(always)]
            fn f(a: $t, b: $t, st: &mut LoopState) -> $t {
                let g = <Gcd<$t> as Op2>::f(a, b, st);
                if g == 0 { return 0; }
                let (x, y) = ((a as $u).wrapping_abs_lite(a), (b as $u).wrapping_abs_lite(b));
                ((x / (g as $u)).wrapping_mul(y)) as $t
            }
        }
    )*};
}

/// `|v|` of a signed value carried in its unsigned type (`as` then negate).
trait AbsLite<S> {
    fn wrapping_abs_lite(self, signed: S) -> Self;
}
macro_rules! abs_lite {
    (signed $($u:ty => $s:ty),*) => {$(impl AbsLite<$s> for $u {
        #[inline(always)]
        fn wrapping_abs_lite(self, s: $s) -> $u { if s < 0 { self.wrapping_neg() } else { self } }
    })*};
    (unsigned $($u:ty),*) => {$(impl AbsLite<$u> for $u {
        #[inline(always)]
        fn wrapping_abs_lite(self, _s: $u) -> $u { self }
    })*};
}
abs_lite!(signed u8 => i8, u16 => i16, u32 => i32, u64 => i64);
abs_lite!(unsigned u8, u16, u32, u64);
gcd_lcm!(i8 => u8, u8 => u8, i16 => u16, u16 => u16, i32 => u32, u32 => u32, i64 => u64, u64 => u64);

op1!(PopCount: [i8, i16, i32, i64] -> u8, |a| a.unsigned_abs().count_ones() as u8);
op1!(PopCount: [u8, u16, u32, u64] -> u8, |a| a.count_ones() as u8);

op1!(Floor: [f32, f64], |a| a.floor());
op1!(Ceil: [f32, f64], |a| a.ceil());
op1!(Trunc: [f32, f64], |a| a.trunc());
op1!(Rint: [f32, f64], |a| a.round_ties_even());
op1!(Rint: [Complex<f32>, Complex<f64>], |a| Complex::new(a.re.round_ties_even(), a.im.round_ties_even()));
op2!(CopySign: [f32, f64], |a, b| a.copysign(b));
op2!(NextAfter: [f32, f64], |a, b| {
    if a.is_nan() || b.is_nan() {
        a + b
    } else if a == b {
        b
    } else if b > a {
        a.next_up()
    } else {
        a.next_down()
    }
});
op1!(Spacing: [f32, f64], |a| {
    if a.is_nan() || a.is_infinite() {
        Self::O::NAN
    } else if a < 0.0 {
        a.next_down() - a
    } else {
        // -0.0 counts as positive, as in NumPy.
        a.next_up() - a
    }
});
op2!(Heaviside: [f32, f64], |x, h0| {
    if x.is_nan() {
        x
    } else if x == 0.0 {
        h0
    } else if x < 0.0 {
        0.0
    } else {
        1.0
    }
});
op2!(Atan2: [f32, f64], |a, b| a.atan2(b));
op2!(Hypot: [f32, f64], |a, b| a.hypot(b));
op2!(LogAddExp: [f32, f64], |x, y| {
    if x == y {
        // Handles infinities of the same sign without invalid.
        x + core::f64::consts::LN_2 as Self::O
    } else {
        let t = x - y;
        if t > 0.0 {
            x + (-t).exp().ln_1p()
        } else if t <= 0.0 {
            y + t.exp().ln_1p()
        } else {
            t
        }
    }
});
op2!(LogAddExp2: [f32, f64], |x, y| {
    if x == y {
        x + 1.0
    } else {
        let t = x - y;
        let log2_1p = |v: Self::O| core::f64::consts::LOG2_E as Self::O * v.ln_1p();
        if t > 0.0 {
            x + log2_1p((-t).exp2())
        } else if t <= 0.0 {
            y + log2_1p(t.exp2())
        } else {
            t
        }
    }
});

impl Op1x2 for Modf<f32> {
    type A = f32;
    type O1 = f32;
    type O2 = f32;
    fn f(a: f32) -> (f32, f32) {
        let i = a.trunc();
        let frac = if a.is_infinite() { 0.0 } else { a - i };
        (frac.copysign(a), i)
    }
}
impl Op1x2 for Modf<f64> {
    type A = f64;
    type O1 = f64;
    type O2 = f64;
    fn f(a: f64) -> (f64, f64) {
        let i = a.trunc();
        let frac = if a.is_infinite() { 0.0 } else { a - i };
        (frac.copysign(a), i)
    }
}

/// C's `frexp` on the bits: a mantissa in `[0.5, 1)` and an exponent.
macro_rules! frexp {
    ($t:ty, $bits:ty, $mant:expr, $bias:expr, $two_k:expr, $k:expr) => {
        impl Op1x2 for Frexp<$t> {
            type A = $t;
            type O1 = $t;
            type O2 = i32;
            fn f(a: $t) -> ($t, i32) {
                if a == 0.0 || a.is_nan() || a.is_infinite() {
                    return (a, 0);
                }
                let (x, adj) = if a.abs() < <$t>::MIN_POSITIVE {
                    (a * $two_k, $k)
                } else {
                    (a, 0)
                };
                let bits = x.to_bits();
                let exp = ((bits >> $mant) & ((1 << (size_of::<$t>() * 8 - 1 - $mant)) - 1)) as i32;
                let e = exp - ($bias - 1);
                let m = <$t>::from_bits(
                    (bits & !(((1 << (size_of::<$t>() * 8 - 1 - $mant)) - 1) << $mant))
                        | ((($bias - 1) as $bits) << $mant),
                );
                (m, e - adj)
            }
        }
    };
}
frexp!(f32, u32, 23, 127, 16777216.0f32, 24);
frexp!(f64, u64, 52, 1023, 18014398509481984.0f64, 54);

/// `ldexp(x, n)` (NumPy's `fi->f`, `fl->f`, `di->d`, `dl->d` loops): scaling
/// in steps that stay representable, so overflow and gradual underflow round
/// once, as C's `ldexp` does.
pub struct Ldexp<F, I>(PhantomData<(F, I)>);
macro_rules! ldexp {
    ($($f:ty, $i:ty);*) => {$(
        impl Op2 for Ldexp<$f, $i> {
            type A = $f;
            type B = $i;
            type O = $f;
            fn f(x: $f, n: $i, _st: &mut LoopState) -> $f {
                scalbn(x as f64, (n as i64).clamp(-10_000, 10_000) as i32) as $f
            }
        }
    )*};
}
ldexp!(f32, i32; f32, i64; f64, i32; f64, i64);

/// `x * 2**n`, rounded once (f32 values scale exactly in f64, so their one
/// rounding is the final cast).
fn scalbn(x: f64, n: i32) -> f64 {
    let mut y = x;
    let mut n = n;
    // Multiply by powers of two in ranges where each step is exact, except
    // possibly the last (which rounds once), as musl's scalbn.
    if n > 1023 {
        y *= f64::from_bits(0x7fe0_0000_0000_0000); // 2**1023
        n -= 1023;
        if n > 1023 {
            y *= f64::from_bits(0x7fe0_0000_0000_0000);
            n -= 1023;
            n = n.min(1023);
        }
    } else if n < -1022 {
        // 2**-1022 * 2**53: keeps precision in the first step.
        y *= f64::from_bits(0x0010_0000_0000_0000) * 9007199254740992.0;
        n += 1022 - 53;
        if n < -1022 {
            y *= f64::from_bits(0x0010_0000_0000_0000) * 9007199254740992.0;
            n += 1022 - 53;
            n = n.max(-1022);
        }
    }
    y * f64::from_bits(((0x3ff + n as i64) as u64) << 52)
}

/// A float math function applied elementwise (`sqrt`, `exp`, ...).
pub struct Math<T, const F: u8>(PhantomData<T>);

/// The float math functions of [`Math`], by number.
pub mod math {
    /// `sqrt`
    pub const SQRT: u8 = 0;
    /// `cbrt`
    pub const CBRT: u8 = 1;
    /// `exp`
    pub const EXP: u8 = 2;
    /// `exp2`
    pub const EXP2: u8 = 3;
    /// `expm1`
    pub const EXPM1: u8 = 4;
    /// `log`
    pub const LOG: u8 = 5;
    /// `log2`
    pub const LOG2: u8 = 6;
    /// `log10`
    pub const LOG10: u8 = 7;
    /// `log1p`
    pub const LOG1P: u8 = 8;
    /// `sin`
    pub const SIN: u8 = 9;
    /// `cos`
    pub const COS: u8 = 10;
    /// `tan`
    pub const TAN: u8 = 11;
    /// `arcsin`
    pub const ASIN: u8 = 12;
    /// `arccos`
    pub const ACOS: u8 = 13;
    /// `arctan`
    pub const ATAN: u8 = 14;
    /// `sinh`
    pub const SINH: u8 = 15;
    /// `cosh`
    pub const COSH: u8 = 16;
    /// `tanh`
    pub const TANH: u8 = 17;
    /// `arcsinh`
    pub const ASINH: u8 = 18;
    /// `arccosh`
    pub const ACOSH: u8 = 19;
    /// `arctanh`
    pub const ATANH: u8 = 20;
    /// `degrees` / `rad2deg`
    pub const DEGREES: u8 = 21;
    /// `radians` / `deg2rad`
    pub const RADIANS: u8 = 22;
}

/// The C library's inverse hyperbolic functions (Rust's `asinh`/`acosh`/
/// `atanh` are formulas that overflow early: `acosh(1e38f32)` is inf).
mod hyp {
    unsafe extern "C" {
        pub fn asinh(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
        pub fn asinhf(x: f32) -> f32;
        pub fn acoshf(x: f32) -> f32;
        pub fn atanhf(x: f32) -> f32;
    }
}

macro_rules! real_math {
    ($($t:ty, $asinh:ident, $acosh:ident, $atanh:ident);*) => {$(
        impl<const F: u8> Op1 for Math<$t, F> {
            type A = $t;
            type O = $t;
            #[inline(always)]
            fn f(a: $t, _st: &mut LoopState) -> $t {
                match F {
                    math::SQRT => a.sqrt(),
                    math::CBRT => a.cbrt(),
                    math::EXP => a.exp(),
                    math::EXP2 => a.exp2(),
                    math::EXPM1 => a.exp_m1(),
                    math::LOG => a.ln(),
                    math::LOG2 => a.log2(),
                    math::LOG10 => a.log10(),
                    math::LOG1P => a.ln_1p(),
                    math::SIN => a.sin(),
                    math::COS => a.cos(),
                    math::TAN => a.tan(),
                    math::ASIN => a.asin(),
                    math::ACOS => a.acos(),
                    math::ATAN => a.atan(),
                    math::SINH => a.sinh(),
                    math::COSH => a.cosh(),
                    math::TANH => a.tanh(),
                    // SAFETY: pure C library functions of one float.
                    math::ASINH => unsafe { hyp::$asinh(a) },
                    // SAFETY: as above.
                    math::ACOSH => unsafe { hyp::$acosh(a) },
                    // SAFETY: as above.
                    math::ATANH => unsafe { hyp::$atanh(a) },
                    // NumPy's constants, computed in the loop's precision.
                    math::DEGREES => a * (180.0 / (core::f64::consts::PI as $t)),
                    _ => a * ((core::f64::consts::PI as $t) / 180.0),
                }
            }
        }
    )*};
}
real_math!(f32, asinhf, acoshf, atanhf; f64, asinh, acosh, atanh);

/// The C library's complex functions, which NumPy's `npy_c*` call on Linux
/// (branch cuts and special values are then NumPy's exactly).
mod cmath {
    use crate::scalar::CComplex;
    macro_rules! decl {
        ($($f:ident, $ff:ident;)*) => {
            unsafe extern "C" {
                $(pub fn $f(z: CComplex<f64>) -> CComplex<f64>;
                pub fn $ff(z: CComplex<f32>) -> CComplex<f32>;)*
            }
        };
    }
    decl! {
        csqrt, csqrtf; cexp, cexpf; clog, clogf; csin, csinf; ccos, ccosf; ctan, ctanf;
        casin, casinf; cacos, cacosf; catan, catanf; csinh, csinhf; ccosh, ccoshf;
        ctanh, ctanhf; casinh, casinhf; cacosh, cacoshf; catanh, catanhf;
    }
}

macro_rules! complex_math {
    ($t:ty, $($f:ident),*) => {
        impl<const F: u8> Op1 for Math<Complex<$t>, F> {
            type A = Complex<$t>;
            type O = Complex<$t>;
            #[inline(always)]
            fn f(a: Complex<$t>, _st: &mut LoopState) -> Complex<$t> {
                let [sqrt, exp, log, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh] =
                    [$(cmath::$f),*];
                let c = |f: unsafe extern "C" fn(crate::scalar::CComplex<$t>) -> crate::scalar::CComplex<$t>, z: Complex<$t>| {
                    // SAFETY: pure C library functions taking and returning
                    // a complex value (the layout of `CComplex`).
                    let r = unsafe { f(crate::scalar::CComplex { re: z.re, im: z.im }) };
                    Complex::new(r.re, r.im)
                };
                match F {
                    math::SQRT => c(sqrt, a),
                    math::EXP => c(exp, a),
                    // NumPy's nc_exp2: cexp(z ln 2).
                    math::EXP2 => c(exp, Complex::new(a.re * core::f64::consts::LN_2 as $t, a.im * core::f64::consts::LN_2 as $t)),
                    math::EXPM1 => {
                        // NumPy's nc_expm1: exact near zero.
                        let h = (a.im / 2.0).sin();
                        Complex::new(a.re.exp_m1() * a.im.cos() - 2.0 * h * h, a.re.exp() * a.im.sin())
                    }
                    math::LOG => c(log, a),
                    // NumPy's nc_log2 / nc_log10: clog scaled.
                    math::LOG2 => c(log, a) * core::f64::consts::LOG2_E as $t,
                    math::LOG10 => c(log, a) * core::f64::consts::LOG10_E as $t,
                    math::LOG1P => {
                        // NumPy's nc_log1p: log(|1 + z|) with hypot, arg.
                        let l = (a.re + 1.0).hypot(a.im);
                        Complex::new(l.ln(), a.im.atan2(a.re + 1.0))
                    }
                    math::SIN => c(sin, a),
                    math::COS => c(cos, a),
                    math::TAN => c(tan, a),
                    math::ASIN => c(asin, a),
                    math::ACOS => c(acos, a),
                    math::ATAN => c(atan, a),
                    math::SINH => c(sinh, a),
                    math::COSH => c(cosh, a),
                    math::TANH => c(tanh, a),
                    math::ASINH => c(asinh, a),
                    math::ACOSH => c(acosh, a),
                    _ => c(atanh, a),
                }
            }
        }
    };
}
complex_math!(
    f64, csqrt, cexp, clog, csin, ccos, ctan, casin, cacos, catan, csinh, ccosh, ctanh, casinh,
    cacosh, catanh
);
complex_math!(
    f32, csqrtf, cexpf, clogf, csinf, ccosf, ctanf, casinf, cacosf, catanf, csinhf, ccoshf, ctanhf,
    casinhf, cacoshf, catanhf
);

#[cfg(test)]
mod tests {
    use super::*;

    fn run2<K: Op2>(a: &[K::A], b: &[K::B], steps: [isize; 3]) -> Vec<K::O>
    where
        K::O: Default,
    {
        let n = a.len().max(b.len());
        let mut out = vec![K::O::default(); n];
        let args = [
            a.as_ptr() as *mut u8,
            b.as_ptr() as *mut u8,
            out.as_mut_ptr() as *mut u8,
        ];
        let mut st = LoopState::default();
        // SAFETY: the slices hold `n` elements at these steps (or one at 0).
        unsafe { binary::<K>(&args, n, &steps, &mut st) };
        out
    }

    #[test]
    fn add_paths_agree() {
        let a = [1.0f64, 2.0, 3.0, 4.0];
        let b = [10.0f64, 20.0, 30.0, 40.0];
        assert_eq!(
            run2::<Add<f64>>(&a, &b, [8, 8, 8]),
            [11.0, 22.0, 33.0, 44.0]
        );
        assert_eq!(
            run2::<Add<f64>>(&a, &b[..1], [8, 0, 8]),
            [11.0, 12.0, 13.0, 14.0]
        );
        assert_eq!(
            run2::<Add<f64>>(&a[..1], &b, [0, 8, 8]),
            [11.0, 21.0, 31.0, 41.0]
        );
        let out = run2::<Add<i8>>(&[127, -128], &[1, -1], [1, 1, 1]);
        assert_eq!(out, [-128, 127], "integer add wraps");
    }

    #[test]
    fn shifts_follow_numpy() {
        let mut st = LoopState::default();
        assert_eq!(<Shl<i8> as Op2>::f(1, 8, &mut st), 0);
        assert_eq!(<Shl<i8> as Op2>::f(1, -1, &mut st), 0);
        assert_eq!(<Shr<i8> as Op2>::f(-5, 70, &mut st), -1);
        assert_eq!(<Shr<u8> as Op2>::f(200, 3, &mut st), 25);
    }

    #[test]
    fn frexp_and_ldexp_round_trip() {
        for x in [1.0f64, 0.75, -3.5, 1e-310, f64::MAX, 5e-324] {
            let (m, e) = <Frexp<f64> as Op1x2>::f(x);
            assert!((0.5..1.0).contains(&m.abs()), "{x}: {m}");
            let mut st = LoopState::default();
            assert_eq!(<Ldexp<f64, i32> as Op2>::f(m, e, &mut st), x);
        }
        let (m, e) = <Frexp<f32> as Op1x2>::f(1e-40f32);
        assert!((0.5..1.0).contains(&m));
        let mut st = LoopState::default();
        assert_eq!(<Ldexp<f32, i32> as Op2>::f(m, e, &mut st), 1e-40f32);
        assert_eq!(
            <Ldexp<f64, i64> as Op2>::f(1.0, 5000, &mut st),
            f64::INFINITY
        );
        assert_eq!(<Ldexp<f64, i64> as Op2>::f(1.0, -5000, &mut st), 0.0);
    }

    #[test]
    fn float_maximum_propagates_nan() {
        let mut st = LoopState::default();
        assert!(<Max<f64> as Op2>::f(f64::NAN, 1.0, &mut st).is_nan());
        assert!(<Max<f64> as Op2>::f(1.0, f64::NAN, &mut st).is_nan());
        assert_eq!(<FMax<f64> as Op2>::f(f64::NAN, 1.0, &mut st), 1.0);
        assert_eq!(<FMax<f64> as Op2>::f(1.0, f64::NAN, &mut st), 1.0);
    }
}
