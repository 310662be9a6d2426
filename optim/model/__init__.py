"""The pathway LP, assembled from its families (optim.model.families) into one LinearProgram (optim.model.lp)."""
from optim.model.families import FAMILIES, build_lp
from optim.model.lp import COST_COMPONENTS, LinearProgram

__all__ = ["COST_COMPONENTS", "FAMILIES", "LinearProgram", "build_lp"]
