"""torchlike.linalg: the torch.linalg namespace."""
