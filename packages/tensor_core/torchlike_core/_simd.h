/* Loops the compiler vectorises only when told that their iterations are independent:
   at -O2, gcc does not vectorise a loop that needs a scalar epilogue, and Cython cannot
   say `restrict` or `#pragma omp simd` itself. Without OpenMP the pragma is ignored and
   the loops stay scalar. */
#ifndef TORCHLIKE_SIMD_H
#define TORCHLIKE_SIMD_H
#include <stddef.h>
#include <stdint.h>
#include <math.h>

/* relu as PyTorch's: NaN stays NaN, -0.0 stays -0.0, negatives become 0. */
static inline void relu_f32(float *o, const float *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = a[i] < 0.0f ? 0.0f : a[i];
}

static inline void relu_f64(double *o, const double *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = a[i] < 0.0 ? 0.0 : a[i];
}
/* sign as PyTorch's: -1, 0 or 1, and 0 for NaN (both comparisons are false). */
static inline void sign_f32(float *o, const float *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = (float)((a[i] > 0.0f) - (a[i] < 0.0f));
}

static inline void sign_f64(double *o, const double *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = (double)((a[i] > 0.0) - (a[i] < 0.0));
}
/* gcc keeps a float comparison as a branch (so the loop stays scalar) while it may raise
   the invalid-operation flag; nothing here reads the floating-point flags. */
#if defined(__GNUC__) && !defined(__clang__)
#define SELECTS_VECTORISE __attribute__((optimize("no-trapping-math")))
#else
#define SELECTS_VECTORISE
#endif

/* frac as x - trunc(x) without a libm call: below 2^23 the conversion to an integer
   truncates, and from there on every float is an integer already. Only in-range
   values reach the conversion, and trunc keeps x's sign so that frac(-0.0) is 0.0 as in
   PyTorch; NaN and inf give NaN. */
SELECTS_VECTORISE static inline void frac_f32(float *o, const float *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) {
        float x = a[i];
        float t = (float)(int32_t)(fabsf(x) < 8388608.0f ? x : 0.0f);
        o[i] = fabsf(x) < 8388608.0f ? x - copysignf(t, x) : x - x;
    }
}

/* The two cheap passes of sigmoid around numpy's SIMD exp: o = -a, then o = 1 / (1 + o). */
static inline void neg_f32(float *o, const float *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = -a[i];
}

static inline void neg_f64(double *o, const double *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = -a[i];
}

static inline void inv1p_f32(float *o, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = 1.0f / (1.0f + o[i]);
}

static inline void inv1p_f64(double *o, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = 1.0 / (1.0 + o[i]);
}

/* log1p's last pass, after o = log(u) for u = 1 + x: Kahan's log(u) * x / (u - 1), which
   cancels the rounding of 1 + x, so a few ulp with an accurate log. u == 1 (x tiny, -0.0
   kept) gives x, and u == inf gives inf. */
SELECTS_VECTORISE static inline void log1p_finish_f32(float *o, const float *x, const float *u,
                                                      ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) {
        float r = o[i] * (x[i] / (u[i] - 1.0f));
        r = u[i] == INFINITY ? u[i] : r;
        o[i] = u[i] == 1.0f ? x[i] : r;
    }
}

SELECTS_VECTORISE static inline void log1p_finish_f64(double *o, const double *x, const double *u,
                                                      ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) {
        double r = o[i] * (x[i] / (u[i] - 1.0));
        r = u[i] == INFINITY ? u[i] : r;
        o[i] = u[i] == 1.0 ? x[i] : r;
    }
}

static inline void add1_f32(float *o, const float *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = 1.0f + a[i];
}

static inline void add1_f64(double *o, const double *a, ptrdiff_t n) {
    #pragma omp simd
    for (ptrdiff_t i = 0; i < n; i++) o[i] = 1.0 + a[i];
}
#endif
