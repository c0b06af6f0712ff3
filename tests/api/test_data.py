"""torchlike.utils.data: datasets, samplers, collation and the DataLoader, against
torch.utils.data where the result does not depend on the random stream."""
import collections

import numpy as np
import pytest

import torchlike
from torchlike.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset,
                                  IterableDataset, RandomSampler, SequentialSampler, Subset,
                                  TensorDataset, default_collate, random_split)

torch = pytest.importorskip("torch")


def _xy(lib, n=10):
    return lib.utils.data.TensorDataset(lib.arange(2 * n, dtype=lib.float32).reshape(n, 2),
                                        lib.arange(n))


def _as_lists(batches):
    return [[t.tolist() for t in b] for b in batches]


@pytest.mark.parametrize("kw", [{}, {"batch_size": 3}, {"batch_size": 3, "drop_last": True},
                                {"batch_size": 5}, {"batch_size": 20}])
def test_sequential_batches_match_torch(kw):
    ours = list(DataLoader(_xy(torchlike), **kw))
    theirs = list(torch.utils.data.DataLoader(_xy(torch), **kw))
    assert _as_lists(ours) == _as_lists(theirs)
    assert len(DataLoader(_xy(torchlike), **kw)) == len(theirs)
    assert all(str(a.dtype) == str(b.dtype) for x, y in zip(ours, theirs) for a, b in zip(x, y))


def test_batches_are_lists_of_stacked_tensors():
    x, y = next(iter(DataLoader(_xy(torchlike), batch_size=4)))
    assert isinstance(x, torchlike.Tensor) and tuple(x.shape) == (4, 2)
    assert y.tolist() == [0, 1, 2, 3]


def test_shuffle_is_a_permutation_and_reproducible():
    def epoch(seed):
        torchlike.manual_seed(seed)
        return [i for _, y in DataLoader(_xy(torchlike), batch_size=3, shuffle=True)
                for i in y.tolist()]

    a, b, c = epoch(0), epoch(0), epoch(1)
    assert a == b and sorted(a) == list(range(10))
    assert a != c and a != list(range(10))


def test_shuffle_with_generator():
    def epoch():
        g = torchlike.Generator().manual_seed(3)
        return [y.item() for _, y in DataLoader(_xy(torchlike), shuffle=True, generator=g)]
    assert epoch() == epoch()


def test_drop_last_and_len():
    loader = DataLoader(_xy(torchlike), batch_size=4, drop_last=True)
    assert len(loader) == 2 and [len(y) for _, y in loader] == [4, 4]
    assert len(DataLoader(_xy(torchlike), batch_size=4)) == 3


def test_collate_numbers_tuples_dicts_like_torch():
    batch = [(1, 2.5, True, {"a": np.float32(1.5), "b": "s"}, np.arange(3)),
             (3, 4.5, False, {"a": np.float32(2.5), "b": "t"}, np.arange(3, 6))]
    ours, theirs = default_collate(batch), torch.utils.data.default_collate(batch)
    assert type(ours) is type(theirs) is list
    for a, b in zip(ours[:3] + [ours[3]["a"], ours[4]], theirs[:3] + [theirs[3]["a"], theirs[4]]):
        assert str(a.dtype) == str(b.dtype) and a.tolist() == b.tolist()
    assert ours[3]["b"] == theirs[3]["b"] == ["s", "t"]


def test_collate_namedtuple_and_errors():
    P = collections.namedtuple("P", "x y")
    out = default_collate([P(1, 2.0), P(3, 4.0)])
    assert isinstance(out, P) and out.x.tolist() == [1, 3]
    with pytest.raises(RuntimeError, match="each element in list of batch should be of equal"):
        default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="default_collate: batch must contain tensors"):
        default_collate([object(), object()])


def test_custom_dataset_and_collate_fn():
    class Squares(Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return {"x": torchlike.tensor([float(i)]), "y": i * i}

    batches = list(DataLoader(Squares(), batch_size=2))
    assert [b["y"].tolist() for b in batches] == [[0, 1], [4, 9], [16]]
    assert tuple(batches[0]["x"].shape) == (2, 1)
    sizes = [len(b) for b in DataLoader(Squares(), batch_size=2, collate_fn=lambda b: b)]
    assert sizes == [2, 2, 1]


def test_batch_size_none_and_workers_in_process():
    loader = DataLoader(_xy(torchlike, 3), batch_size=None, num_workers=2)
    assert [y.item() for _, y in loader] == [0, 1, 2] and len(loader) == 3


def test_iterable_dataset():
    class Stream(IterableDataset):
        def __iter__(self):
            return iter(range(7))

    assert [b.tolist() for b in DataLoader(Stream(), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6]]


def test_random_split_lengths_and_fractions():
    parts = random_split(range(10), [3, 7], generator=torchlike.Generator().manual_seed(0))
    assert [len(p) for p in parts] == [3, 7]
    assert sorted(list(parts[0]) + list(parts[1])) == list(range(10))
    fractions = random_split(range(10), [0.33, 0.33, 0.34])
    theirs = torch.utils.data.random_split(range(10), [0.33, 0.33, 0.34])
    assert [len(p) for p in fractions] == [len(p) for p in theirs] == [4, 3, 3]
    with pytest.raises(ValueError, match="Sum of input lengths does not equal"):
        random_split(range(10), [3, 3])


def test_subset_concat_and_samplers():
    ds = _xy(torchlike)
    assert Subset(ds, [4, 2])[1][1].item() == 2 and len(Subset(ds, [4, 2])) == 2
    both = ConcatDataset([Subset(ds, [0, 1]), Subset(ds, [7])])
    assert len(both) == 3 and both[2][1].item() == 7 and both[-1][1].item() == 7
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]
    assert sorted(RandomSampler(range(6))) == list(range(6))
    assert len(list(RandomSampler(range(6), replacement=True, num_samples=9))) == 9
    assert list(BatchSampler(range(5), 2, False)) == [[0, 1], [2, 3], [4]]
    assert list(BatchSampler(range(5), 2, True)) == [[0, 1], [2, 3]]
    assert len(BatchSampler(range(5), 2, False)) == 3


def test_bad_arguments_raise_like_torch():
    ds = _xy(torchlike)
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(torchlike.zeros(3), torchlike.zeros(4))
    with pytest.raises(ValueError, match="sampler option is mutually exclusive with shuffle"):
        DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True)
    with pytest.raises(ValueError, match="batch_sampler option is mutually exclusive"):
        DataLoader(ds, batch_size=2, batch_sampler=BatchSampler(range(3), 2, False))
    with pytest.raises(ValueError, match="num_workers option should be non-negative"):
        DataLoader(ds, num_workers=-1)
    with pytest.raises(ValueError, match="batch_size should be a positive integer value"):
        BatchSampler(range(3), 0, False)
