//! CPU features detected once at import, for dispatch and `show_runtime()`.

/// The SIMD features this process may use, strongest last.
///
/// `NUMPY_HPY_DISABLE_CPU_FEATURES` (comma-separated, as NumPy's
/// `NPY_DISABLE_CPU_FEATURES`) removes features so tests can run every path.
pub fn detect() -> Vec<&'static str> {
    let disabled = std::env::var("NUMPY_HPY_DISABLE_CPU_FEATURES").unwrap_or_default();
    let off = |name: &str| {
        disabled
            .split(|c: char| c == ',' || c.is_whitespace())
            .any(|d| d.eq_ignore_ascii_case(name))
    };
    let mut found = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("sse4.2") {
            found.push("SSE42");
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            found.push("AVX2");
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            found.push("AVX512F");
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        if std::arch::is_aarch64_feature_detected!("neon") {
            found.push("NEON");
        }
    }
    found.retain(|f| !off(f));
    found
}
