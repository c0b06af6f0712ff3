# Contract of the dispatcher: (op name, device type) -> kernel, with the autograd layer above.
cpdef object call(str name, tuple args, dict kwargs)
cpdef object call_kernel(str name, tuple args, dict kwargs)
