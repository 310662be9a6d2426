"""The pathway LP, assembled from blocks (one module per constraint family)."""
from optim.model.build import build_model

__all__ = ["build_model"]
