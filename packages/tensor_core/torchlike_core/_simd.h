/* Loops the compiler vectorises only when told that their iterations are independent:
   at -O2, gcc does not vectorise a loop that needs a scalar epilogue, and Cython cannot
   say `restrict` or `#pragma omp simd` itself. Without OpenMP the pragma is ignored and
   the loops stay scalar. */
#ifndef TORCHLIKE_SIMD_H
#define TORCHLIKE_SIMD_H
#include <stddef.h>

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
#endif
