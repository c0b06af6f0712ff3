"""torchlike.nn: modules, parameters, losses."""
from .parameter import Parameter
from .modules import (Module, Linear, ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Sequential,
                      ModuleList, ModuleDict, Dropout, Identity, Flatten, MSELoss,
                      CrossEntropyLoss, NLLLoss, L1Loss, GELU, LeakyReLU, SiLU, SELU, Mish,
                      Hardsigmoid, Hardswish, Softsign, LogSigmoid, Softplus, ELU, CELU,
                      Hardtanh, ReLU6, GLU, Unflatten, Conv1d, Conv2d, Conv3d, MaxPool1d,
                      MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d,
                      BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm, Embedding,
                      SmoothL1Loss, HuberLoss, KLDivLoss, BCELoss, BCEWithLogitsLoss,
                      CosineSimilarity, PairwiseDistance, ConvTranspose1d, ConvTranspose2d,
                      ParameterList, ParameterDict, Softmin, Threshold, PReLU, Dropout1d,
                      Dropout2d, PixelShuffle, PixelUnshuffle, Upsample, UpsamplingNearest2d,
                      UpsamplingBilinear2d, EmbeddingBag, InstanceNorm1d, InstanceNorm2d,
                      InstanceNorm3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
                      ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, CircularPad1d,
                      CircularPad2d, CircularPad3d, ConstantPad1d, ConstantPad2d, ConstantPad3d,
                      ZeroPad1d, ZeroPad2d, ZeroPad3d)
from .rnn import RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell
from .attention import (MultiheadAttention, TransformerEncoderLayer, TransformerEncoder,
                        TransformerDecoderLayer, TransformerDecoder, Transformer)
from . import functional, init, utils

__all__ = ["Parameter", "Module", "Linear", "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax",
           "Sequential", "ModuleList", "ModuleDict", "Dropout", "Identity", "Flatten", "MSELoss",
           "CrossEntropyLoss", "NLLLoss", "L1Loss", "GELU", "LeakyReLU", "SiLU", "SELU", "Mish",
           "Hardsigmoid", "Hardswish", "Softsign", "LogSigmoid", "Softplus", "ELU", "CELU",
           "Hardtanh", "ReLU6", "GLU", "Unflatten", "Conv1d", "Conv2d", "Conv3d", "MaxPool1d",
           "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
           "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm", "Embedding",
           "SmoothL1Loss", "HuberLoss", "KLDivLoss", "BCELoss", "BCEWithLogitsLoss",
           "CosineSimilarity", "PairwiseDistance", "ConvTranspose1d", "ConvTranspose2d",
           "ParameterList", "ParameterDict", "Softmin", "Threshold", "PReLU", "Dropout1d", "Dropout2d",
           "PixelShuffle", "PixelUnshuffle", "Upsample", "UpsamplingNearest2d",
           "UpsamplingBilinear2d", "EmbeddingBag", "InstanceNorm1d", "InstanceNorm2d",
           "InstanceNorm3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
           "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "CircularPad1d",
           "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d",
           "ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase",
           "RNNCell", "LSTMCell", "GRUCell", "MultiheadAttention", "TransformerEncoderLayer",
           "TransformerEncoder", "TransformerDecoderLayer", "TransformerDecoder", "Transformer",
           "functional", "init", "utils"]
