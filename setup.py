"""The unified `torchlike` namespace; the work is done by the packages under packages/."""
from setuptools import setup

setup()
