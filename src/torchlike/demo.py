"""`python -m torchlike.demo`: train an MLP on the bundled 8x8 handwritten digits.

Plain PyTorch tutorial code, with `import torchlike as torch`.
"""
import argparse
import gzip
import sys
import time
from pathlib import Path

import numpy as np

import torchlike as torch
from torchlike import nn

DATA = Path(__file__).parent / "data" / "digits.csv.gz"


def load_digits():
    """(images, labels): 1797 x 64 float32 in [0, 1], int64 labels."""
    with gzip.open(DATA, "rt") as f:
        raw = np.loadtxt(f, delimiter=",", dtype=np.float32)
    return torch.from_numpy(raw[:, :-1] / 16.0), torch.from_numpy(raw[:, -1].astype(np.int64))


def progress(epoch, epochs, done, total, loss, width=28):
    filled = int(width * done / total)
    bar = "#" * filled + "." * (width - filled)
    sys.stdout.write(f"\repoch {epoch:2d}/{epochs} [{bar}] {done:4d}/{total} loss {loss:.4f}")
    if done == total:
        sys.stdout.write("\n")
    sys.stdout.flush()


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    args = parser.parse_args(argv)
    device = torch.device(args.device)

    torch.manual_seed(args.seed)
    images, labels = load_digits()
    order = torch.randperm(len(labels))
    test_idx, train_idx = order[:360], order[360:]
    x_train, y_train = images[train_idx].to(device), labels[train_idx].to(device)
    x_test, y_test = images[test_idx].to(device), labels[test_idx].to(device)
    print(f"digits: {len(y_train)} training and {len(y_test)} test images of 8x8 pixels")

    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
    print(model)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)

    start = time.perf_counter()
    n = len(y_train)
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(n).to(device)
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            progress(epoch, args.epochs, min(i + args.batch_size, n), n, loss.item())
    elapsed = time.perf_counter() - start
    model.eval()
    acc = accuracy(model, x_test, y_test)
    print(f"test accuracy: {acc * 100:.2f}%  (train accuracy {accuracy(model, x_train, y_train) * 100:.2f}%)")
    print(f"training time: {elapsed:.2f} s for {args.epochs} epochs on {device}")
    return acc


if __name__ == "__main__":
    main()
