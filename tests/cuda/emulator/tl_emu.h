// The CUDA dialect of torchlike_cuda's generated kernels, for a host C++ compiler
// (Note [CPU emulator] in pycuda/__init__.py). Only what the generated kernels use.
#ifndef TL_EMU_H
#define TL_EMU_H
#include <math.h>
#include <stddef.h>
#include <utility>
#include <type_traits>
#include <stdint.h>
#include <stdlib.h>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
// Blocks run one after another, so shared memory is one static array. In a kernel that
// calls __syncthreads the block's threads are fibers (tl_emu_run_team), switched at each
// barrier; in any other kernel they run one after another.
#define __shared__ static
static void tl_emu_barrier();
#define __syncthreads() tl_emu_barrier()

struct uint3 { unsigned int x, y, z; };
struct dim3 { unsigned int x, y, z; };
static uint3 threadIdx;
static uint3 blockIdx;
static dim3 blockDim, gridDim;

// float16 storage with the device's conversions (round to nearest even).
struct __half {
  _Float16 v;
};
static inline float __half2float(__half h) { return (float)h.v; }
static inline __half __float2half(float f) { __half h; h.v = (_Float16)f; return h; }

#define CUDART_PI 3.1415926535897931e+0
#define CUDART_LN2 6.9314718055994529e-1

static inline float rsqrt(float x) { return 1.0f / sqrtf(x); }
static inline double rsqrt(double x) { return 1.0 / sqrt(x); }
// erfinv: Newton steps on erf from a close start (Giles' approximation); the device's own
// erfinv is not a host function.
static inline double erfinv(double y) {
  if (y <= -1.0) return y == -1.0 ? -HUGE_VAL : NAN;
  if (y >= 1.0) return y == 1.0 ? HUGE_VAL : NAN;
  double w = -log((1.0 - y) * (1.0 + y)), x;
  if (w < 5.0) { w -= 2.5; x = y * (1.50140941 + w * (0.246640727 + w * (-0.00417768164))); }
  else { w = sqrt(w) - 3.0; x = y * (2.83297682 + w * (1.00167406 + w * 0.00943887047)); }
  for (int k = 0; k < 3; ++k)
    x -= (erf(x) - y) / (1.1283791670955126 * exp(-x * x));
  return x;
}
static inline float erfinv(float y) { return (float)erfinv((double)y); }

// Atomics: threads run one at a time in kernels without __syncthreads (the only kernels that
// use atomics), so a plain read-modify-write is exact.
template <typename T, typename U> static inline T atomicAdd(T* p, U v) {
  T old = *p; *p = (T)(old + v); return old;
}
static inline __half atomicAdd(__half* p, __half v) {
  __half old = *p; *p = __float2half(__half2float(old) + __half2float(v)); return old;
}

template <typename... A, size_t... I>
static void tl_emu_call(void (*k)(A...), void** argv, std::index_sequence<I...>) {
  k(*static_cast<typename std::remove_reference<A>::type*>(argv[I])...);
}

// Fibers: one per thread of the block, each with its own stack. The scheduler resumes every
// fiber that waits at the barrier, in thread order, until all have returned. A fiber that
// returns while others wait at a barrier is a divergent __syncthreads (undefined in CUDA):
// the launch fails. The switch is a few instructions of x86-64 (swapcontext makes a system
// call per switch, which made a reduction 100x slower): it saves the callee-saved registers
// and the SSE and x87 control words on the old stack and restores them from the new one.
#if !defined(__x86_64__)
#error "the emulator's fibers are written for x86-64"
#endif
extern "C" void tl_emu_switch(void** save_sp, void* load_sp);
__asm__(".text\n.hidden tl_emu_switch\n.type tl_emu_switch,@function\ntl_emu_switch:\n"
        "  pushq %rbp\n  pushq %rbx\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
        "  subq $8, %rsp\n  stmxcsr (%rsp)\n  fnstcw 4(%rsp)\n"
        "  movq %rsp, (%rdi)\n  movq %rsi, %rsp\n"
        "  ldmxcsr (%rsp)\n  fldcw 4(%rsp)\n  addq $8, %rsp\n"
        "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbx\n  popq %rbp\n"
        "  ret\n");

enum { TL_MAX_BLOCK = 1024, TL_STACK = 1 << 15 };
static char* tl_stacks;
static void* tl_sp[TL_MAX_BLOCK];
static void* tl_scheduler_sp;
static char tl_state[TL_MAX_BLOCK];       // 0 runnable, 1 at a barrier, 2 returned
static unsigned tl_current;
static void (*tl_body)(void**);
static void** tl_argv;

static void tl_emu_barrier() {
  tl_state[tl_current] = 1;
  tl_emu_switch(&tl_sp[tl_current], tl_scheduler_sp);
}

static void tl_fiber_entry() {
  tl_body(tl_argv);
  tl_state[tl_current] = 2;
  tl_emu_switch(&tl_sp[tl_current], tl_scheduler_sp);    // never resumed
}

// A fresh fiber's stack as tl_emu_switch leaves a suspended one: control words, six
// registers, then tl_fiber_entry as the return address (entered with rsp = 8 mod 16).
static void* tl_fresh_stack(char* base) {
  uint64_t* top = (uint64_t*)(((uintptr_t)(base + TL_STACK)) & ~(uintptr_t)15);
  uint64_t* sp = top - 2;
  sp[0] = (uint64_t)(uintptr_t)&tl_fiber_entry;
  sp -= 7;
  for (int r = 1; r < 7; ++r) sp[r] = 0;
  uint32_t mxcsr; uint16_t fpucw;
  __asm__ volatile("stmxcsr %0\n fnstcw %1" : "=m"(mxcsr), "=m"(fpucw));
  sp[0] = (uint64_t)mxcsr | ((uint64_t)fpucw << 32);
  return sp;
}

template <typename... A> struct tl_emu_bind {
  static void (*kernel)(A...);
  static void body(void** argv) { tl_emu_call(kernel, argv, std::index_sequence_for<A...>{}); }
};
template <typename... A> void (*tl_emu_bind<A...>::kernel)(A...);

static int tl_emu_run_block_team(unsigned block) {
  if (!tl_stacks && !(tl_stacks = (char*)malloc((size_t)TL_MAX_BLOCK * TL_STACK))) return 2;
  for (unsigned t = 0; t < block; ++t) {
    tl_sp[t] = tl_fresh_stack(tl_stacks + (size_t)t * TL_STACK);
    tl_state[t] = 0;
  }
  for (;;) {
    unsigned waiting = 0, returned = 0;
    for (unsigned t = 0; t < block; ++t) {
      if (tl_state[t] == 2) { ++returned; continue; }
      tl_state[t] = 0;
      tl_current = t;
      threadIdx = {t, 0, 0};
      tl_emu_switch(&tl_scheduler_sp, tl_sp[t]);
      if (tl_state[t] == 1) ++waiting; else ++returned;
    }
    if (waiting == 0) return 0;
    if (returned) return 3;
  }
}

template <typename... A>
static int tl_emu_run(void (*k)(A...), unsigned grid, unsigned block, int team, void** argv) {
  if (block > TL_MAX_BLOCK) return 4;
  gridDim = {grid, 1, 1};
  blockDim = {block, 1, 1};
  tl_emu_bind<A...>::kernel = k;
  tl_body = tl_emu_bind<A...>::body;
  tl_argv = argv;
  for (unsigned b = 0; b < grid; ++b) {
    blockIdx = {b, 0, 0};
    if (team) {
      int status = tl_emu_run_block_team(block);
      if (status) return status;
    } else {
      for (unsigned t = 0; t < block; ++t) {
        threadIdx = {t, 0, 0};
        tl_emu_call(k, argv, std::index_sequence_for<A...>{});
      }
    }
  }
  return 0;
}
#endif
