"""Least-cost carbon-peak pathway optimiser for a Chinese city or province (Pyomo/HiGHS linear program; first region: Tianjin)."""
