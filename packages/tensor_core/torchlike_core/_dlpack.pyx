"""DLPack capsules: export (__dlpack__) and import (from_dlpack) of tensors."""
