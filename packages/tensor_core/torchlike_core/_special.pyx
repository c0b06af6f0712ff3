"""Special functions (lgamma, digamma, erfinv, ...): nogil elementwise kernels."""
