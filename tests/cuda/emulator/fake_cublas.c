/* The cuBLAS entry points torchlike_cuda/_cublas.py calls, as plain loops over emulated
 * device memory (Note [CPU emulator] in pycuda/__init__.py). Column-major, as cuBLAS. */
#include <stdint.h>

enum { OP_N = 0, OP_T = 1 };
enum { R_16F = 2, R_32F = 0, R_64F = 1 };

int cublasCreate_v2(void** handle) { *handle = (void*)0x7e57; return 0; }
int cublasDestroy_v2(void* handle) { (void)handle; return 0; }

static double get(const void* p, int type, long long i) {
  if (type == R_64F) return ((const double*)p)[i];
  if (type == R_32F) return ((const float*)p)[i];
  return (double)((const _Float16*)p)[i];
}

static void put(void* p, int type, long long i, double v) {
  if (type == R_64F) ((double*)p)[i] = v;
  else if (type == R_32F) ((float*)p)[i] = (float)v;
  else ((_Float16*)p)[i] = (_Float16)(float)v;
}

/* element (r, c) of op(X), X column-major with leading dimension ld */
static long long at(int op, long long r, long long c, int ld) {
  return op == OP_N ? r + c * (long long)ld : c + r * (long long)ld;
}

static void gemm(int ta, int tb, int m, int n, int k, double alpha, const void* A, int ta_type,
                 int lda, const void* B, int ldb, double beta, void* C, int ldc, int type,
                 int acc_double) {
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      double s = 0;
      float sf = 0;
      for (int p = 0; p < k; ++p) {
        double v = get(A, type, at(ta, i, p, lda)) * get(B, type, at(tb, p, j, ldb));
        if (acc_double) s += v; else sf += (float)v;
      }
      double acc = acc_double ? s : sf;
      long long o = i + (long long)j * ldc;
      put(C, type, o, alpha * acc + (beta == 0 ? 0 : beta * get(C, type, o)));
    }
  (void)ta_type;
}

int cublasSgemm_v2(void* h, int ta, int tb, int m, int n, int k, const float* alpha,
                   const float* A, int lda, const float* B, int ldb, const float* beta, float* C,
                   int ldc) {
  (void)h;
  gemm(ta, tb, m, n, k, *alpha, A, R_32F, lda, B, ldb, *beta, C, ldc, R_32F, 0);
  return 0;
}

int cublasDgemm_v2(void* h, int ta, int tb, int m, int n, int k, const double* alpha,
                   const double* A, int lda, const double* B, int ldb, const double* beta,
                   double* C, int ldc) {
  (void)h;
  gemm(ta, tb, m, n, k, *alpha, A, R_64F, lda, B, ldb, *beta, C, ldc, R_64F, 1);
  return 0;
}

int cublasGemmStridedBatchedEx(void* h, int ta, int tb, int m, int n, int k, const void* alpha,
                               const void* A, int a_type, int lda, long long stride_a,
                               const void* B, int b_type, int ldb, long long stride_b,
                               const void* beta, void* C, int c_type, int ldc,
                               long long stride_c, int batch, int compute, int algo) {
  (void)h; (void)algo;
  if (a_type != b_type || a_type != c_type) return 7;        /* CUBLAS_STATUS_INVALID_VALUE */
  int wide = compute == 70;                                   /* COMPUTE_64F */
  double al = wide ? *(const double*)alpha : *(const float*)alpha;
  double be = wide ? *(const double*)beta : *(const float*)beta;
  int size = a_type == R_64F ? 8 : (a_type == R_32F ? 4 : 2);
  for (int b = 0; b < batch; ++b)
    gemm(ta, tb, m, n, k, al, (const char*)A + b * stride_a * size, a_type, lda,
         (const char*)B + b * stride_b * size, ldb, be, (char*)C + b * stride_c * size, ldc,
         a_type, wide);
  return 0;
}
