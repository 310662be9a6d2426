"""The sample design: a Latin hypercube over the factors and the warm-start chains through it.

Latin hypercube (scipy.stats.qmc.LatinHypercube, scrambled, seeded with ``analysis.seed``): N samples in d
dimensions such that each factor's N draws fall one into each of the N equal strata of [0, 1]. The same seed
gives the same design.

Chains: every sample is solved warm from a basis. The central pathway (the data values) lies at one end of
several ranges, so a sample is far from it (about 40,000 dual simplex iterations here) but close to the sample
solved before it (3,000-8,000). The samples are therefore ordered by a greedy nearest-neighbour tour in
[0, 1]^d starting next to the central point, and the tour is cut into chains of ``analysis.chain`` samples: the
first sample of a chain starts from the study's basis, every other from the basis of the sample before it. The
chains do not depend on the number of workers, so the same seed gives the same solves and the same files
whatever ``analysis.workers`` is.
"""
from __future__ import annotations

import numpy as np


def latin_hypercube(factors: int, samples: int, seed: int) -> np.ndarray:
    """(samples, factors) draws in [0, 1) (module docstring)."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=factors, rng=np.random.default_rng(seed)).random(samples)


def chains(U: np.ndarray, start: np.ndarray, length: int) -> list[list[int]]:
    """Sample indices in warm-start chains of at most ``length`` (module docstring)."""
    left = list(range(len(U)))
    tour = []
    here = np.asarray(start, dtype=float)
    while left:
        d = ((U[left] - here) ** 2).sum(axis=1)
        k = left.pop(int(np.argmin(d)))
        tour.append(k)
        here = U[k]
    return [tour[i:i + length] for i in range(0, len(tour), length)]
