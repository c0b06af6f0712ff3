"""torchlike.save / torchlike.load.

The format cannot run code when loaded (no pickle): a zip archive with `data.json`, a
JSON tree of dicts (string or int keys), lists, tuples, strings, numbers, booleans, None
and tensor references, and one `.npy` file per tensor (numpy's format, read with
allow_pickle=False).
"""
import io
import json
import os
import zipfile
from collections import OrderedDict

import numpy as np

import torchlike_core as T

MAGIC = "torchlike-archive-v1"


def _encode(obj, tensors):
    if isinstance(obj, T.Tensor):
        tensors.append(obj)
        from .nn import Parameter
        return {"__tensor__": len(tensors) - 1, "requires_grad": bool(obj.requires_grad),
                "parameter": isinstance(obj, Parameter)}
    if isinstance(obj, dict):
        items = [[_encode_key(k), _encode(v, tensors)] for k, v in obj.items()]
        return {"__dict__": items, "ordered": isinstance(obj, OrderedDict)}
    if isinstance(obj, tuple):
        return {"__tuple__": [_encode(v, tensors) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v, tensors) for v in obj]
    if isinstance(obj, float) and not np.isfinite(obj):
        return {"__float__": repr(obj)}
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, T.dtype):
        return {"__dtype__": obj.name}
    raise TypeError(f"torchlike.save cannot store objects of type {type(obj).__name__} (only "
                    "tensors, dicts, lists, tuples, strings, numbers, booleans and None)")


def _encode_key(k):
    if isinstance(k, (str, int)) and not isinstance(k, bool):
        return k
    raise TypeError(f"torchlike.save: dict keys must be str or int, not {type(k).__name__}")


def _decode(node, tensors):
    if isinstance(node, list):
        return [_decode(v, tensors) for v in node]
    if isinstance(node, dict):
        if "__tensor__" in node:
            t = tensors[node["__tensor__"]]
            if node.get("parameter"):
                from .nn import Parameter
                return Parameter(t, requires_grad=node.get("requires_grad", True))
            return t.requires_grad_(True) if node.get("requires_grad") else t
        if "__dict__" in node:
            d = OrderedDict() if node.get("ordered") else {}
            for k, v in node["__dict__"]:
                d[k] = _decode(v, tensors)
            return d
        if "__tuple__" in node:
            return tuple(_decode(v, tensors) for v in node["__tuple__"])
        if "__float__" in node:
            return float(node["__float__"])
        if "__dtype__" in node:
            return T._dtype.to_dtype(node["__dtype__"])
        raise ValueError("unknown entry")
    return node


def save(obj, f):
    """Write obj to a path or a binary file object."""
    tensors = []
    tree = _encode(obj, tensors)
    own = isinstance(f, (str, os.PathLike))
    fh = open(f, "wb") if own else f
    try:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as z:
            z.writestr("data.json", json.dumps({"format": MAGIC, "tree": tree}))
            for i, t in enumerate(tensors):
                buf = io.BytesIO()
                np.save(buf, np.ascontiguousarray(t.detach().cpu().numpy()), allow_pickle=False)
                z.writestr(f"tensors/{i}.npy", buf.getvalue())
    finally:
        if own:
            fh.close()


def load(f, map_location=None, weights_only=True, **kwargs):
    """Read what save() wrote; a malformed or truncated file raises RuntimeError."""
    own = isinstance(f, (str, os.PathLike))
    fh = open(f, "rb") if own else f
    try:
        try:
            with zipfile.ZipFile(fh) as z:
                header = json.loads(z.read("data.json"))
                if header.get("format") != MAGIC:
                    raise ValueError(f"unknown format {header.get('format')!r}")
                tensors, i = [], 0
                while f"tensors/{i}.npy" in z.namelist():
                    arr = np.load(io.BytesIO(z.read(f"tensors/{i}.npy")), allow_pickle=False)
                    tensors.append(T.from_numpy(np.array(arr)))
                    i += 1
                obj = _decode(header["tree"], tensors)
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, IndexError,
                TypeError, json.JSONDecodeError) as e:
            name = f if own else getattr(f, "name", "the file")
            raise RuntimeError(f"torchlike.load: {name} is not a valid torchlike archive or is "
                               f"truncated/corrupted ({type(e).__name__}: {e})") from None
    finally:
        if own:
            fh.close()
    if map_location is not None and str(map_location) != "cpu":
        obj = _move(obj, map_location)
    return obj


def _move(obj, device):
    if isinstance(obj, T.Tensor):
        return obj.to(device)
    if isinstance(obj, dict):
        return type(obj)((k, _move(v, device)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return type(obj)(_move(v, device) for v in obj)
    return obj
