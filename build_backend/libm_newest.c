/* Linked into numpy_hpy's core when it is built against an old glibc
 * baseline (the manylinux2014 wheels: glibc 2.17; see numpy_hpy_build.py).
 *
 * glibc gave some libm functions new symbol versions when it dropped their
 * SVID error-handling wrappers: exp, exp2, log, log2, pow at GLIBC_2.29;
 * expf, exp2f, logf, log2f, powf at GLIBC_2.27; hypot, hypotf at GLIBC_2.35.
 * A binary linked against glibc 2.17 binds the old versions, which newer
 * glibcs still provide as compatibility wrappers around the same code -- and
 * those are slower (measured on glibc 2.36, x86_64: pow 22.1 vs 14.5 ns,
 * hypot 15.1 vs 11.3, hypotf 7.8 vs 4.9, expf 7.1 vs 5.0, powf 13.5 vs 9.5).
 *
 * So the core does not import these functions from libm at all: this file
 * defines them (hidden, so only the core's own calls bind here) as one
 * indirect jump through a pointer that the constructor below sets, when the
 * core is loaded, to the newest version the running glibc has (dlvsym),
 * else the baseline one.  An indirect jump is what the PLT call of a normal
 * build costs, so on glibc >= 2.35 the wheel calls exactly what a native
 * build there calls, at the same price, and on glibc 2.17 it still loads.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__x86_64__)
#define BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define BASE "GLIBC_2.17"
#else
#error "libm_newest.c: add this architecture's oldest glibc symbol version"
#endif

#define HIDDEN __attribute__((visibility("hidden")))

#define F1(T, name)                                                                                \
    static T (*p_##name)(T);                                                                       \
    HIDDEN T name(T x) { return p_##name(x); }
#define F2(T, name)                                                                                \
    static T (*p_##name)(T, T);                                                                    \
    HIDDEN T name(T x, T y) { return p_##name(x, y); }

F1(double, exp)
F1(double, exp2)
F1(double, log)
F1(double, log2)
F2(double, pow)
F2(double, hypot)
F1(float, expf)
F1(float, exp2f)
F1(float, logf)
F1(float, log2f)
F2(float, powf)
F2(float, hypotf)

static void *pick(void *libm, const char *name, const char *newest) {
    void *f = dlvsym(libm, name, newest);
    if (!f) f = dlvsym(libm, name, BASE);
    if (!f) f = dlsym(libm, name);
    if (!f) {
        fprintf(stderr, "numpy_hpy: libm has no %s\n", name);
        abort();
    }
    return f;
}

__attribute__((constructor)) static void numpy_hpy_resolve_libm(void) {
    /* libm.so.6 is a DT_NEEDED of the core: already loaded. */
    void *libm = dlopen("libm.so.6", RTLD_NOW | RTLD_NOLOAD);
    if (!libm) libm = dlopen("libm.so.6", RTLD_NOW);
    if (!libm) {
        fprintf(stderr, "numpy_hpy: cannot open libm.so.6: %s\n", dlerror());
        abort();
    }
#define SET(name, newest) p_##name = (__typeof__(p_##name))pick(libm, #name, newest)
    SET(exp, "GLIBC_2.29");
    SET(exp2, "GLIBC_2.29");
    SET(log, "GLIBC_2.29");
    SET(log2, "GLIBC_2.29");
    SET(pow, "GLIBC_2.29");
    SET(hypot, "GLIBC_2.35");
    SET(expf, "GLIBC_2.27");
    SET(exp2f, "GLIBC_2.27");
    SET(logf, "GLIBC_2.27");
    SET(log2f, "GLIBC_2.27");
    SET(powf, "GLIBC_2.27");
    SET(hypotf, "GLIBC_2.35");
#undef SET
}
