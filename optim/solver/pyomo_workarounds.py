"""Every workaround of Pyomo and HiGHS internals in one place (checked on Pyomo 6.8-6.10.1, highspy 1.8-1.15).

1. ``import_scipy_sparse``: Pyomo declares scipy a deferred import and hooks ``sys.meta_path``; the first
   ``import scipy...`` after Pyomo is imported runs its finaliser, which also imports scipy.stats and
   scipy.spatial (about 2 s per process that nothing here uses). The hook is set aside for this one import;
   Pyomo's own deferred scipy stays unresolved and would still resolve normally if Pyomo code needed it.
2. ``compile_model``: Pyomo's standard-form compiler is handed the two scipy.sparse classes it uses directly
   (``_LinearStandardFormCompiler_impl._to_vector``, ``_csc_matrix``, ``_csr_matrix``, private names checked on
   the versions above; a future Pyomo without them falls back to its own lazy import) and garbage collection
   is paused while it runs (DESIGN §5: it halves the compile time).
3. ``reset_highs_scheduler``: HiGHS starts one global thread scheduler per process; a later instance asking for
   another thread count refuses to run ('Not Set') unless the scheduler is reset.
"""
from __future__ import annotations

import gc
import sys

import numpy as np
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler


def import_scipy_sparse():
    """``scipy.sparse``, imported without running Pyomo's deferred-scipy finaliser (module docstring, 1)."""
    if "scipy.sparse" not in sys.modules:
        hooks = [f for f in sys.meta_path if type(f).__name__ == "DeferredImportCallbackFinder"]
        for f in hooks:
            sys.meta_path.remove(f)
        try:
            __import__("scipy.sparse")
        finally:
            sys.meta_path[:0] = hooks
    return sys.modules["scipy.sparse"]


def _hand_scipy_to_compiler() -> None:
    sparse = import_scipy_sparse()
    try:
        from pyomo.repn.plugins.standard_form import _LinearStandardFormCompiler_impl as impl
    except ImportError:  # a future Pyomo without this class: its own lazy import still works
        return
    if getattr(impl, "_to_vector", "absent") is None:
        impl._to_vector = np.fromiter
        impl._csc_matrix = sparse.csc_array
        impl._csr_matrix = sparse.csr_array


def compile_model(m: pyo.ConcreteModel):
    """Pyomo's mixed standard form of the active model (module docstring, 2)."""
    _hand_scipy_to_compiler()
    was = gc.isenabled()
    gc.disable()
    try:
        return LinearStandardFormCompiler().write(m, mixed_form=True)
    finally:
        if was:
            gc.enable()


_SCHEDULER_THREADS: list[int] = []  # thread count the HiGHS global scheduler was started with


def reset_highs_scheduler(threads: int) -> None:
    """Reset HiGHS's global scheduler when the thread count changes (module docstring, 3)."""
    import highspy

    if _SCHEDULER_THREADS and _SCHEDULER_THREADS[-1] != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _SCHEDULER_THREADS[:] = [threads]
