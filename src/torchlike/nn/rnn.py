"""Recurrent layers (RNN, LSTM, GRU) and their cells, as composites of differentiable ops:
PyTorch's parameter names (weight_ih_l0, bias_hh_l1_reverse, ...), shapes, gate order
(LSTM: input, forget, cell, output; GRU: reset, update, new), initialisation and
input/hidden layouts, so a state_dict moves between torchlike and PyTorch."""
import math

import torchlike_core as T

from . import init
from .modules import Module
from .parameter import Parameter
from . import functional as F

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _rnn_cell(activation):
    def cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return activation(F.linear(x, w_ih, b_ih) + F.linear(h, w_hh, b_hh))
    return cell


def _lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
    h, c = state
    gates = F.linear(x, w_ih, b_ih) + F.linear(h, w_hh, b_hh)
    i, f, g, o = gates.chunk(4, -1)
    c = T.sigmoid(f) * c + T.sigmoid(i) * T.tanh(g)
    return T.sigmoid(o) * T.tanh(c), c


def _gru_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    i_r, i_z, i_n = F.linear(x, w_ih, b_ih).chunk(3, -1)
    h_r, h_z, h_n = F.linear(h, w_hh, b_hh).chunk(3, -1)
    r = T.sigmoid(i_r + h_r)
    z = T.sigmoid(i_z + h_z)
    n = T.tanh(i_n + r * h_n)
    return (1 - z) * n + z * h


_CELLS = {"RNN_TANH": _rnn_cell(T.tanh), "RNN_RELU": _rnn_cell(T.relu), "LSTM": _lstm_cell,
          "GRU": _gru_cell}


def _each_state(state, fn):
    """fn applied to a hidden state: a tensor, LSTM's (h, c) pair, or None."""
    if state is None:
        return None
    return tuple(fn(h) for h in state) if isinstance(state, tuple) else fn(state)


def _reset_uniform(module, hidden_size):
    """PyTorch's initialisation of recurrent weights: all uniform in +-1/sqrt(hidden)."""
    stdv = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0
    for p in module.parameters():
        init.uniform_(p, -stdv, stdv)


class RNNBase(Module):
    """The layers over a whole sequence: `num_layers` stacked, optionally bidirectional."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if proj_size:
            raise NotImplementedError("torchlike: LSTM with proj_size is not implemented")
        if not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        self.mode = mode
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional, self.proj_size = bidirectional, proj_size
        directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for suffix in ("", "_reverse")[:directions]:
                shapes = {"weight_ih": (gate_size, layer_input), "weight_hh": (gate_size, hidden_size)}
                if bias:
                    shapes.update(bias_ih=(gate_size,), bias_hh=(gate_size,))
                for kind, shape in shapes.items():
                    name = f"{kind}_l{layer}{suffix}"
                    setattr(self, name, Parameter(T.empty(*shape, dtype=dtype)))
                    self._flat_weights_names.append(name)
        self.reset_parameters()

    def reset_parameters(self):
        _reset_uniform(self, self.hidden_size)

    def flatten_parameters(self):
        """A cuDNN memory-layout step in PyTorch; nothing to do here."""

    @property
    def all_weights(self):
        per = 4 if self.bias else 2
        names = self._flat_weights_names
        return [[getattr(self, n) for n in names[i:i + per]] for i in range(0, len(names), per)]

    def _weights(self, layer, suffix):
        return tuple(getattr(self, f"{kind}_l{layer}{suffix}", None)
                     for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))

    def _check_input(self, input):
        batched = input.dim() == 3
        if input.dim() not in (2, 3):
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got "
                             f"{input.dim()}D tensor instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.shape[-1]}")
        return batched

    def forward(self, input, hx=None):
        is_lstm = self.mode == "LSTM"
        batched = self._check_input(input)
        if not batched:
            input = input.unsqueeze(1)
            hx = _each_state(hx, lambda h: h.unsqueeze(1))
        elif self.batch_first:
            input = input.transpose(0, 1)
        batch = input.shape[1]
        steps = input.shape[0]
        directions = 2 if self.bidirectional else 1
        expected = (self.num_layers * directions, batch, self.hidden_size)
        if hx is None:
            zeros = T.zeros(*expected, dtype=input.dtype, device=input.device)
            hx = (zeros, zeros) if is_lstm else zeros
        for i, h in enumerate(hx if is_lstm else (hx,)):
            if tuple(h.shape) != expected:
                which = f"hidden[{i}]" if is_lstm else "hidden"
                raise RuntimeError(f"Expected {which} size {expected}, got {list(h.shape)}")
        cell = _CELLS[self.mode]
        layer_input, finals = input, []
        for layer in range(self.num_layers):
            outputs = []
            for d, suffix in enumerate(("", "_reverse")[:directions]):
                k = layer * directions + d
                state = (hx[0][k], hx[1][k]) if is_lstm else hx[k]
                order = range(steps - 1, -1, -1) if d else range(steps)
                seq = [None] * steps
                for t in order:
                    state = cell(layer_input[t], state, *self._weights(layer, suffix))
                    seq[t] = state[0] if is_lstm else state
                outputs.append(T.stack(seq))
                finals.append(state)
            layer_input = outputs[0] if directions == 1 else T.cat(outputs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        output = layer_input
        if is_lstm:
            h_n = (T.stack([s[0] for s in finals]), T.stack([s[1] for s in finals]))
        else:
            h_n = T.stack(finals)
        if not batched:
            output = output.squeeze(1)
            h_n = _each_state(h_n, lambda h: h.squeeze(1))
        elif self.batch_first:
            output = output.transpose(0, 1)
        return output, h_n

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s


class RNN(RNNBase):
    # nonlinearity comes fourth, as in PyTorch's signature (before bias)
    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         device=device, dtype=dtype)
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    def __init__(self, *args, **kwargs):
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    """One time step: weight_ih, weight_hh, bias_ih, bias_hh."""

    def __init__(self, mode, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__()
        self.mode, self.input_size, self.hidden_size, self.bias = mode, input_size, hidden_size, bias
        gate_size = _GATES[mode] * hidden_size
        self.weight_ih = Parameter(T.empty(gate_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(T.empty(gate_size, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(T.empty(gate_size, dtype=dtype))
            self.bias_hh = Parameter(T.empty(gate_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        _reset_uniform(self, hidden_size)

    def forward(self, input, hx=None):
        is_lstm = self.mode == "LSTM"
        if input.dim() not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got "
                             f"{input.dim()}D instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[-1]} "
                               f"expected {self.input_size}")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
            hx = _each_state(hx, lambda h: h.unsqueeze(0))
        if hx is None:
            zeros = T.zeros(input.shape[0], self.hidden_size, dtype=input.dtype, device=input.device)
            hx = (zeros, zeros) if is_lstm else zeros
        out = _CELLS[self.mode](input, hx, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        if not batched:
            out = _each_state(out, lambda h: h.squeeze(0))
        return out

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            s += ", bias=False"
        if self.mode == "RNN_RELU":
            s += ", nonlinearity=relu"
        return s


class RNNCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, bias, device, dtype)
        self.nonlinearity = nonlinearity


class LSTMCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, bias, device, dtype)


class GRUCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, bias, device, dtype)
