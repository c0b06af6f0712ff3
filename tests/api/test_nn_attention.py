"""scaled_dot_product_attention, MultiheadAttention and the Transformer encoder against
PyTorch's: the same parameters (through state_dict), inputs and masks; outputs, attention
weights and gradients equal in float64."""
import numpy as np
import pytest

import torchlike as torch

L, S, N, E, H = 4, 5, 3, 8, 2


def _load(ref, ours):
    ours.load_state_dict({k: torch.from_numpy(v.detach().numpy().copy())
                          for k, v in ref.state_dict().items()})


def _mask(kind, rng):
    if kind == "bool":
        m = rng.random((L, S)) < 0.3
        m[:, 0] = False                  # every query keeps one key
        return m
    if kind == "float":
        return rng.standard_normal((L, S))
    if kind == "per-head":
        m = rng.random((N * H, L, S)) < 0.3
        m[:, :, 0] = False
        return m
    return None


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("mask", ["none", "bool", "float", "per-head", "padding"])
@pytest.mark.parametrize("average", [True, False])
def test_multihead_attention_matches_torch(torch_ref, batch_first, mask, average):
    ref = torch_ref.nn.MultiheadAttention(E, H, batch_first=batch_first).double()
    ours = torch.nn.MultiheadAttention(E, H, batch_first=batch_first).double()
    _load(ref, ours)
    rng = np.random.default_rng(7)
    shape = (lambda n: (N, n, E)) if batch_first else (lambda n: (n, N, E))
    arrays = [rng.standard_normal(shape(L)), rng.standard_normal(shape(S)),
              rng.standard_normal(shape(S))]
    ins = [torch.from_numpy(a.copy()).requires_grad_() for a in arrays]
    ins_ref = [torch_ref.from_numpy(a.copy()).requires_grad_() for a in arrays]
    kw, kw_ref = {"average_attn_weights": average}, {"average_attn_weights": average}
    if mask == "padding":
        pad = np.zeros((N, S), bool)
        pad[0, -2:] = True
        kw["key_padding_mask"], kw_ref["key_padding_mask"] = torch.from_numpy(pad), \
            torch_ref.from_numpy(pad)
    elif mask != "none":
        m = _mask(mask, rng)
        kw["attn_mask"], kw_ref["attn_mask"] = torch.from_numpy(m), torch_ref.from_numpy(m)
    out, weights = ours(*ins, **kw)
    out_ref, weights_ref = ref(*ins_ref, **kw_ref)
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(weights.detach().numpy(), weights_ref.detach().numpy(),
                               rtol=1e-10, atol=1e-12)
    (out.sum() + weights.sum()).backward()
    (out_ref.sum() + weights_ref.sum()).backward()
    for a, b in zip(ins, ins_ref):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-11)
    for (name, p), (_, p_ref) in zip(ours.named_parameters(), ref.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), p_ref.grad.numpy(), rtol=1e-9, atol=1e-11,
                                   err_msg=name)


def test_unbatched_attention_and_repr_match_torch(torch_ref):
    ref, ours = torch_ref.nn.MultiheadAttention(E, H).double(), torch.nn.MultiheadAttention(E, H).double()
    _load(ref, ours)
    x = np.random.default_rng(8).standard_normal((L, E))
    (out, w), (out_ref, w_ref) = ours(*[torch.from_numpy(x)] * 3), ref(*[torch_ref.from_numpy(x)] * 3)
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(w.detach().numpy(), w_ref.detach().numpy(), rtol=1e-10)
    assert repr(ours) == repr(ref)
    assert ours(*[torch.from_numpy(x)] * 3, need_weights=False)[1] is None


@pytest.mark.parametrize("causal", [False, True])
def test_scaled_dot_product_attention_matches_torch(torch_ref, causal):
    rng = np.random.default_rng(9)
    q, k, v = (rng.standard_normal(s) for s in ((2, 3, L, 6), (2, 3, S, 6), (2, 3, S, 6)))
    m = rng.random((L, S)) > 0.3
    m[:, 0] = True
    got = torch.nn.functional.scaled_dot_product_attention(
        *map(torch.from_numpy, (q, k, v)), None if causal else torch.from_numpy(m), is_causal=causal)
    want = torch_ref.nn.functional.scaled_dot_product_attention(
        *map(torch_ref.from_numpy, (q, k, v)), None if causal else torch_ref.from_numpy(m),
        is_causal=causal)
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-10)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_transformer_encoder_matches_torch(torch_ref, norm_first, activation):
    kw = dict(dim_feedforward=16, dropout=0.0, activation=activation, norm_first=norm_first,
              batch_first=True)
    ref_layer = torch_ref.nn.TransformerEncoderLayer(E, H, **kw).double()
    layer = torch.nn.TransformerEncoderLayer(E, H, **kw).double()
    assert repr(layer) == repr(ref_layer)
    ref = torch_ref.nn.TransformerEncoder(ref_layer, 2, enable_nested_tensor=False)
    ours = torch.nn.TransformerEncoder(layer, 2)
    _load(ref, ours)
    rng = np.random.default_rng(10)
    x = rng.standard_normal((N, L, E))
    causal = np.triu(np.full((L, L), -np.inf), 1)
    x_ours = torch.from_numpy(x.copy()).requires_grad_()
    x_ref = torch_ref.from_numpy(x.copy()).requires_grad_()
    out = ours(x_ours, mask=torch.from_numpy(causal))
    out_ref = ref(x_ref, mask=torch_ref.from_numpy(causal))
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-9, atol=1e-11)
    out.pow(2).sum().backward()
    out_ref.pow(2).sum().backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_ref.grad.numpy(), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("call, exc", [
    (lambda L: L.nn.MultiheadAttention(E, H)(*[L.ones(L_, 1, E) for L_ in (3, 3, 3)],
                                             is_causal=True), RuntimeError),
    (lambda L: L.nn.MultiheadAttention(7, 2), AssertionError),
    (lambda L: L.nn.functional.scaled_dot_product_attention(
        L.ones(1, 2, 3), L.ones(1, 2, 3), L.ones(1, 2, 3), L.ones(2, 2, dtype=L.bool),
        is_causal=True), RuntimeError),
], ids=["causal-hint-without-mask", "heads-divide-embed", "causal-and-mask"])
def test_errors_as_torch(same_error_as_torch, call, exc):
    same_error_as_torch(call, exc)


@pytest.mark.parametrize("norm_first", [False, True])
def test_transformer_decoder_layer_matches_torch(torch_ref, norm_first):
    kw = dict(dim_feedforward=16, dropout=0.0, norm_first=norm_first, batch_first=True)
    ref = torch_ref.nn.TransformerDecoderLayer(E, H, **kw).double()
    ours = torch.nn.TransformerDecoderLayer(E, H, **kw).double()
    assert repr(ours) == repr(ref)
    _load(ref, ours)
    rng = np.random.default_rng(11)
    tgt, memory = rng.standard_normal((N, L, E)), rng.standard_normal((N, S, E))
    causal = np.triu(np.full((L, L), -np.inf), 1)
    out = ours(torch.from_numpy(tgt), torch.from_numpy(memory), tgt_mask=torch.from_numpy(causal))
    out_ref = ref(torch_ref.from_numpy(tgt), torch_ref.from_numpy(memory),
                  tgt_mask=torch_ref.from_numpy(causal))
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-9, atol=1e-11)


def test_transformer_matches_torch(torch_ref):
    ref = torch_ref.nn.Transformer(E, H, 2, 1, 16, dropout=0.0).double()
    ours = torch.nn.Transformer(E, H, 2, 1, 16, dropout=0.0).double()
    assert repr(ours) == repr(ref)        # "(0-1): 2 x TransformerEncoderLayer(" included
    _load(ref, ours)
    rng = np.random.default_rng(12)
    src, tgt = rng.standard_normal((S, N, E)), rng.standard_normal((L, N, E))
    mask = torch.nn.Transformer.generate_square_subsequent_mask(L)
    mask_ref = torch_ref.nn.Transformer.generate_square_subsequent_mask(L)
    np.testing.assert_array_equal(mask.numpy(), mask_ref.numpy())
    src_t, tgt_t = torch.from_numpy(src.copy()).requires_grad_(), torch.from_numpy(tgt)
    src_r, tgt_r = torch_ref.from_numpy(src.copy()).requires_grad_(), torch_ref.from_numpy(tgt)
    out = ours(src_t, tgt_t, tgt_mask=mask.double())
    out_ref = ref(src_r, tgt_r, tgt_mask=mask_ref.double())
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-9, atol=1e-11)
    out.pow(2).sum().backward()
    out_ref.pow(2).sum().backward()
    np.testing.assert_allclose(src_t.grad.numpy(), src_r.grad.numpy(), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("need_weights", [True, False])
def test_a_query_with_every_key_masked(torch_ref, need_weights):
    # PyTorch's fused attention gives 0 there; asked for its weights, MultiheadAttention
    # returns softmax's NaN
    ref, ours = torch_ref.nn.MultiheadAttention(E, H).double(), torch.nn.MultiheadAttention(E, H).double()
    _load(ref, ours)
    x = np.random.default_rng(13).standard_normal((S, N, E))
    pad = np.zeros((N, S), bool)
    pad[0] = True
    out = ours(*[torch.from_numpy(x)] * 3, key_padding_mask=torch.from_numpy(pad),
               need_weights=need_weights)[0]
    out_ref = ref(*[torch_ref.from_numpy(x)] * 3, key_padding_mask=torch_ref.from_numpy(pad),
                  need_weights=need_weights)[0]
    np.testing.assert_allclose(out.detach().numpy(), out_ref.detach().numpy(), rtol=1e-10,
                               atol=1e-12, equal_nan=True)
    q = np.random.default_rng(14).standard_normal((1, H, L, E))
    allowed = np.ones((L, L), bool)
    allowed[1] = False
    got = torch.nn.functional.scaled_dot_product_attention(*[torch.from_numpy(q)] * 3,
                                                           torch.from_numpy(allowed))
    assert np.all(got.numpy()[0, :, 1] == 0) and np.isfinite(got.numpy()).all()
