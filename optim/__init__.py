"""Least-cost carbon-peak pathway optimiser for Tianjin (Pyomo/HiGHS linear program)."""
