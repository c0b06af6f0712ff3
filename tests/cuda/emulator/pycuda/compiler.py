"""pycuda.compiler, emulated: the generated CUDA C is compiled by the host C++ compiler
against tl_emu.h into a shared library (Note [CPU emulator] in __init__.py). Libraries are
cached on disk by the hash of their source, in $TL_EMU_CACHE or ~/.cache/torchlike-emulator."""
import ctypes
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading

from .driver import LogicError

_HEADER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tl_emu.h")
CXX = os.environ.get("CXX", "g++")
FLAGS = ["-std=c++17", "-O1", "-fPIC", "-w"]
_KERNEL = re.compile(r'extern "C" __global__ void (\w+)\(')
_header_lock = threading.Lock()
_CUDA_INCLUDES = re.compile(r"#include <(cuda_fp16|math_constants)\.h>\n")


class CompileError(Exception):
    pass


def _cache_dir():
    path = os.environ.get("TL_EMU_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "torchlike-emulator")
    os.makedirs(path, exist_ok=True)
    return path


def _header():
    """tl_emu.h, precompiled once per cache folder (it is most of a kernel's compile time)."""
    with _header_lock:
        return _make_header()


def _make_header():
    folder = os.path.join(_cache_dir(), "pch-" + _digest(open(_HEADER).read() + " ".join(FLAGS)))
    if not os.path.exists(os.path.join(folder, "tl_emu.h.gch")):
        tmp = f"{folder}.{os.getpid()}.tmp"
        os.makedirs(tmp, exist_ok=True)
        shutil.copy(_HEADER, tmp)
        _run([CXX, *FLAGS, "-x", "c++-header", os.path.join(tmp, "tl_emu.h"),
              "-o", os.path.join(tmp, "tl_emu.h.gch")])
        try:
            os.rename(tmp, folder)
        except OSError:                  # another process made it first
            shutil.rmtree(tmp, ignore_errors=True)
    return folder


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise CompileError(f"{cmd[0]} failed in the emulator:\n{proc.stderr[-4000:]}")


def host_source(source):
    """The C++ translation unit of generated kernels, with one launcher per kernel and the
    positions of its pointer parameters (which the launch checks, Note [CPU emulator])."""
    names = _KERNEL.findall(source)
    if not names:
        raise CompileError("no extern \"C\" __global__ kernel in the source")
    launchers = [f'extern "C" int tl_emu_launch_{name}(unsigned grid, unsigned block, '
                 f"void** argv) {{\n  return tl_emu_run(&{name}, grid, block, "
                 f"{int(_uses_barrier(source, name))}, argv);\n}}\n"
                 f'extern "C" const char tl_emu_pointers_{name}[] = "{_pointers(source, name)}";\n'
                 for name in names]
    return '#include "tl_emu.h"\n' + _CUDA_INCLUDES.sub("", source) + "\n" + "".join(launchers)


def _pointers(source, name):
    """Kernel `name`'s parameter count and the positions of its pointers, as "6:0,1,4"."""
    start = source.index(f"void {name}(") + len(f"void {name}(")
    params = source[start:source.index(")", start)].split(",")
    return f"{len(params)}:" + ",".join(str(j) for j, p in enumerate(params) if "*" in p)


def _uses_barrier(source, name):
    """Whether kernel `name`'s body (up to the next kernel) calls __syncthreads."""
    start = source.index(f"void {name}(")
    nxt = _KERNEL.search(source, start + 1)
    return "__syncthreads" in source[start:nxt.start() if nxt else len(source)]


def compile(source, arch=None, no_extern_c=False, options=None, **kwargs):
    """The path of the compiled library, as bytes (pycuda returns the cubin's bytes)."""
    text = host_source(source)
    with open(_HEADER) as f:
        key = _digest(text + f.read() + CXX + " ".join(FLAGS))     # a header edit rebuilds
    target = os.path.join(_cache_dir(), key + ".so")
    if not os.path.exists(target):
        include = _header()
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "kernels.cpp")
            with open(src, "w") as f:
                f.write(text)
            out = os.path.join(tmp, "kernels.so")
            _run([CXX, *FLAGS, "-shared", "-I", include, src, "-o", out])
            shutil.move(out, target)       # atomic on one file system: parallel runs agree
    return b"tl-emulator:" + target.encode()


class Module:
    def __init__(self, path):
        self._lib = ctypes.CDLL(path)

    def get_function(self, name):
        from .driver import Function
        try:
            launch = getattr(self._lib, "tl_emu_launch_" + name)
        except AttributeError:
            raise LogicError(f"cuModuleGetFunction failed: named symbol not found ({name})") \
                from None
        launch.argtypes = [ctypes.c_uint, ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p)]
        launch.restype = ctypes.c_int
        listed = ctypes.c_char.in_dll(self._lib, "tl_emu_pointers_" + name)
        count, pointers = ctypes.string_at(ctypes.addressof(listed)).decode().split(":")
        return Function(launch, name, int(count), {int(j) for j in pointers.split(",") if j})


def load(buffer):
    prefix = b"tl-emulator:"
    if not bytes(buffer).startswith(prefix):
        raise CompileError("not a module compiled by the emulator")
    return Module(bytes(buffer)[len(prefix):].decode())
