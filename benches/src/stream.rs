//! STREAM's kernels over float64 slices, compiled for the widest vector
//! unit the CPU has (AVX-512, else AVX2, else the baseline), picked at run
//! time as numpy-pure's contiguous loops are: the memory-bandwidth
//! reference must not be a slower loop than the ones it is compared with.

macro_rules! dispatched {
    ($(#[$m:meta])* $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        $(#[$m])*
        pub fn $name($($arg: $ty),*) {
            #[inline(always)]
            fn body($($arg: $ty),*) $body
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                unsafe fn wide($($arg: $ty),*) {
                    body($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2($($arg: $ty),*) {
                    body($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU has AVX-512F (detected).
                    return unsafe { wide($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                {
                    // SAFETY: the CPU has AVX2 and FMA (detected).
                    return unsafe { avx2($($arg),*) };
                }
            }
            body($($arg),*)
        }
    };
}

dispatched!(
    /// STREAM's copy, `c = a` (as a loop; `copy_from_slice` is libc's
    /// `memcpy`, which may use non-temporal stores).
    copy(c: &mut [f64], a: &[f64]) {
        for (z, &x) in c.iter_mut().zip(a) {
            *z = x;
        }
    }
);

dispatched!(
    /// STREAM's scale, `b = s * c`.
    scale(b: &mut [f64], c: &[f64], s: f64) {
        for (y, &x) in b.iter_mut().zip(c) {
            *y = s * x;
        }
    }
);

dispatched!(
    /// STREAM's add, `c = a + b`.
    add(c: &mut [f64], a: &[f64], b: &[f64]) {
        for ((z, &x), &y) in c.iter_mut().zip(a).zip(b) {
            *z = x + y;
        }
    }
);

dispatched!(
    /// STREAM's triad, `a = b + s * c`.
    triad(a: &mut [f64], b: &[f64], c: &[f64], s: f64) {
        for ((z, &x), &y) in a.iter_mut().zip(b).zip(c) {
            *z = x + s * y;
        }
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_compute_streams_formulas() {
        let a = vec![1.0; 37];
        let mut b = vec![2.0; 37];
        let mut c = vec![0.0; 37];
        copy(&mut c, &a);
        assert!(c.iter().all(|&x| x == 1.0));
        scale(&mut b, &c, 3.0);
        assert!(b.iter().all(|&x| x == 3.0));
        add(&mut c, &a, &b);
        assert!(c.iter().all(|&x| x == 4.0));
        let mut a = a;
        triad(&mut a, &b, &c, 3.0);
        assert!(a.iter().all(|&x| x == 15.0));
    }
}
