//! Reading and writing one element as a [`Scalar`].

use num_complex::Complex;

use crate::dtype::DType;
use crate::scalar::Scalar;

/// Reads the element of type `dtype` at `p`.
///
/// # Safety
/// `p` must point to `dtype.itemsize()` readable bytes of an array (see the
/// invariants in `layout.rs`); it need not be aligned.
pub unsafe fn read(dtype: DType, p: *const u8) -> Scalar {
    // SAFETY: the caller guarantees `itemsize` readable bytes at `p`;
    // unaligned reads are used since views may be misaligned.
    unsafe {
        match dtype {
            DType::Bool => Scalar::Bool(*p != 0),
            DType::Int8 => Scalar::Int8(p.cast::<i8>().read_unaligned()),
            DType::UInt8 => Scalar::UInt8(*p),
            DType::Int16 => Scalar::Int16(p.cast::<i16>().read_unaligned()),
            DType::UInt16 => Scalar::UInt16(p.cast::<u16>().read_unaligned()),
            DType::Int32 => Scalar::Int32(p.cast::<i32>().read_unaligned()),
            DType::UInt32 => Scalar::UInt32(p.cast::<u32>().read_unaligned()),
            DType::Int64 => Scalar::Int64(p.cast::<i64>().read_unaligned()),
            DType::UInt64 => Scalar::UInt64(p.cast::<u64>().read_unaligned()),
            DType::Float32 => Scalar::Float32(p.cast::<f32>().read_unaligned()),
            DType::Float64 => Scalar::Float64(p.cast::<f64>().read_unaligned()),
            DType::Complex64 => Scalar::Complex64(p.cast::<Complex<f32>>().read_unaligned()),
            DType::Complex128 => Scalar::Complex128(p.cast::<Complex<f64>>().read_unaligned()),
        }
    }
}

/// Writes `s` (already of the array's dtype) at `p`.
///
/// # Safety
/// `p` must point to `s.dtype().itemsize()` writable bytes of an array that no
/// one else accesses during the write.
pub unsafe fn write(p: *mut u8, s: Scalar) {
    // SAFETY: as documented; unaligned writes as in `read`.
    unsafe {
        match s {
            Scalar::Bool(v) => *p = u8::from(v),
            Scalar::Int8(v) => p.cast::<i8>().write_unaligned(v),
            Scalar::UInt8(v) => *p = v,
            Scalar::Int16(v) => p.cast::<i16>().write_unaligned(v),
            Scalar::UInt16(v) => p.cast::<u16>().write_unaligned(v),
            Scalar::Int32(v) => p.cast::<i32>().write_unaligned(v),
            Scalar::UInt32(v) => p.cast::<u32>().write_unaligned(v),
            Scalar::Int64(v) => p.cast::<i64>().write_unaligned(v),
            Scalar::UInt64(v) => p.cast::<u64>().write_unaligned(v),
            Scalar::Float32(v) => p.cast::<f32>().write_unaligned(v),
            Scalar::Float64(v) => p.cast::<f64>().write_unaligned(v),
            Scalar::Complex64(v) => p.cast::<Complex<f32>>().write_unaligned(v),
            Scalar::Complex128(v) => p.cast::<Complex<f64>>().write_unaligned(v),
        }
    }
}

/// Visits the byte offsets (relative to the layout's base) of every element
/// of `layout` in C order.
pub fn for_each_offset(layout: &super::Layout, mut f: impl FnMut(isize)) {
    let n = layout.ndim();
    if layout.size() == 0 {
        return;
    }
    let mut idx = vec![0usize; n];
    let mut off = layout.offset();
    loop {
        f(off);
        // Advance the multi-index, innermost axis fastest.
        let mut k = n;
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            idx[k] += 1;
            off += layout.strides()[k];
            if idx[k] < layout.shape()[k] {
                break;
            }
            off -= layout.strides()[k] * layout.shape()[k] as isize;
            idx[k] = 0;
        }
    }
}

/// The byte offset of the element at C-order index `flat` (`flat` below
/// `layout.size()`): what [`for_each_offset`] gives as its `flat`-th offset,
/// without walking the ones before (printing reads only a summarised
/// array's corners).
pub fn offset_of_index(layout: &super::Layout, mut flat: usize) -> isize {
    let mut off = layout.offset();
    for (&n, &s) in layout.shape().iter().zip(layout.strides()).rev() {
        off += (flat % n) as isize * s;
        flat /= n;
    }
    off
}

/// Copies each element of `src` (memory at `src_base`) to the element with
/// the same index in `dst` (memory at `dst_base`): same shape, same dtype of
/// `itemsize` bytes, bytes copied as they are (no `Scalar` in between). One
/// `memcpy` when both layouts are C-contiguous, or both F-contiguous.
///
/// # Safety
/// Every element offset of `src` must lie inside readable memory at
/// `src_base`, every one of `dst` inside writable memory at `dst_base` that
/// nothing else accesses meanwhile, and the two must not overlap.
pub unsafe fn copy_elements(
    src: &super::Layout,
    src_base: *const u8,
    dst: &super::Layout,
    dst_base: *mut u8,
    itemsize: usize,
) {
    debug_assert_eq!(src.shape(), dst.shape());
    let n = src.size();
    if n == 0 {
        return;
    }
    let both_c = src.is_c_contiguous(itemsize) && dst.is_c_contiguous(itemsize);
    let both_f = src.is_f_contiguous(itemsize) && dst.is_f_contiguous(itemsize);
    if both_c || both_f {
        // SAFETY: contiguous layouts cover `n * itemsize` bytes from their
        // offset (caller's guarantees); the two buffers do not overlap.
        unsafe {
            core::ptr::copy_nonoverlapping(
                src_base.offset(src.offset()),
                dst_base.offset(dst.offset()),
                n * itemsize,
            );
        }
        return;
    }
    let mut from = Vec::with_capacity(n);
    for_each_offset(src, |o| from.push(o));
    let mut i = 0;
    for_each_offset(dst, |o| {
        // SAFETY: `from[i]` and `o` are the offsets of the same element in
        // the two layouts (both visited in C order), inside their memory.
        unsafe {
            let (s, d) = (src_base.offset(from[i]), dst_base.offset(o));
            match itemsize {
                1 => *d = *s,
                2 => d
                    .cast::<u16>()
                    .write_unaligned(s.cast::<u16>().read_unaligned()),
                4 => d
                    .cast::<u32>()
                    .write_unaligned(s.cast::<u32>().read_unaligned()),
                8 => d
                    .cast::<u64>()
                    .write_unaligned(s.cast::<u64>().read_unaligned()),
                _ => core::ptr::copy_nonoverlapping(s, d, itemsize),
            }
        }
        i += 1;
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::Layout;

    #[test]
    fn offset_of_index_is_the_nth_offset_of_the_walk() {
        for layout in [
            Layout::new(vec![3, 2], vec![-2, 6], 4).unwrap(),
            Layout::new(vec![2, 3, 4], vec![96, 8, 24], 0).unwrap(),
            Layout::c_order(&[5], 8).unwrap(),
            Layout::c_order(&[], 8).unwrap(),
        ] {
            let mut walked = Vec::new();
            for_each_offset(&layout, |off| walked.push(off));
            let direct: Vec<isize> = (0..layout.size())
                .map(|i| offset_of_index(&layout, i))
                .collect();
            assert_eq!(direct, walked);
        }
    }

    #[test]
    fn copy_elements_matches_the_element_order() {
        // A 2x3 source of u16 viewed transposed-and-reversed, copied into a
        // C-ordered and an F-ordered destination, then a contiguous copy.
        let data: Vec<u16> = (0..6).collect();
        let src = Layout::new(vec![3, 2], vec![-2, 6], 4).unwrap();
        let expect = [2u16, 5, 1, 4, 0, 3];
        for dst in [
            Layout::c_order(&[3, 2], 2).unwrap(),
            Layout::f_order(&[3, 2], 2).unwrap(),
        ] {
            let mut out = [0u16; 6];
            // SAFETY: both layouts stay inside their 12-byte buffers.
            unsafe {
                copy_elements(&src, data.as_ptr().cast(), &dst, out.as_mut_ptr().cast(), 2);
            }
            let mut got = Vec::new();
            for_each_offset(&dst, |o| got.push(out[o as usize / 2]));
            assert_eq!(got, expect);
        }
        let c = Layout::c_order(&[2, 3], 2).unwrap();
        let mut out = [0u16; 6];
        // SAFETY: as above.
        unsafe { copy_elements(&c, data.as_ptr().cast(), &c, out.as_mut_ptr().cast(), 2) };
        assert_eq!(out.to_vec(), data);
    }

    #[test]
    fn offsets_in_c_order() {
        let l = Layout::new(vec![2, 3], vec![8, 16], 0).unwrap();
        let mut v = Vec::new();
        for_each_offset(&l, |o| v.push(o));
        assert_eq!(v, vec![0, 16, 32, 8, 24, 40]);
        let mut n = 0;
        for_each_offset(&Layout::c_order(&[], 8).unwrap(), |_| n += 1);
        assert_eq!(n, 1);
        for_each_offset(&Layout::c_order(&[0, 3], 8).unwrap(), |_| panic!("empty"));
    }

    #[test]
    fn read_write_roundtrip() {
        let mut mem = [0u8; 16];
        for d in DType::ALL {
            let s = Scalar::from_i128(d, 3);
            // SAFETY: 16 bytes cover every itemsize.
            unsafe {
                write(mem.as_mut_ptr(), s);
                assert_eq!(read(d, mem.as_ptr()), s);
            }
        }
    }
}
