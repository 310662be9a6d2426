"""Solved LP -> xarray Dataset of every decision and derived quantity, with units.

The variables come from the result pieces the families registered (``lp.results``, optim.model.lp), in build
order; each piece calls ``put(name, dims, data, units, description, coords=None)``.
Coordinates: year, tech, storage, heat_tech, measure, sector, carrier, day, hour, component (cost components),
and calendar_day for clustered days linked across the year.
"""
from __future__ import annotations

import numpy as np
import xarray as xr

from optim import vocabulary as V
from optim.model.lp import LinearProgram


def build_dataset(lp: LinearProgram, title: str | None = None) -> xr.Dataset:
    """Collect every registered result piece; each variable carries ``units`` and ``description``."""
    inp = lp.inputs
    coords = {"year": list(inp.years), "tech": list(V.GENERATORS), "storage": list(V.STORAGE_TECHS),
              "heat_tech": list(V.HEAT_TECHS), "day": np.arange(inp.slices.n_days), "hour": np.arange(24)}
    if inp.slices.linked:
        coords["calendar_day"] = np.arange(len(inp.slices.sequence))
    ds = xr.Dataset(coords=coords)

    def put(name, dims, data, units, desc, coords=None):
        nonlocal ds
        if coords:
            ds = ds.assign_coords(**{k: v for k, v in coords.items() if k not in ds.coords})
        ds[name] = (dims, np.asarray(data, dtype=float))
        ds[name].attrs.update(units=units, description=desc)

    for piece in lp.results:
        piece(lp, put)
    put("day_weight", ("day",), inp.slices.weights, "days", "days of the year represented by each slice day")
    put("day_month", ("day",), inp.slices.months, "month", "calendar month of each slice day")
    ds.attrs.update(title=f"{title or inp.region} least-cost carbon-peak pathway", region=inp.region,
                    time_mode=inp.slices.mode,
                    currency="MCNY = million CNY, 2020 prices", discount_rate=inp.discount_rate)
    return ds
