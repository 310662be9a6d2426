"""Policy targets: the typed indicator registry, the named LP rows, and their evaluation (one place each)."""
from optim.model.targets.build import TargetRecord, TargetSet, add_targets, target_row, update_target_values
from optim.model.targets.evaluate import RowOutcome, achieved, outcomes, row_unit, target_price, year_span
from optim.model.targets.indicators import INDICATORS, SPECIAL, STRUCTURAL, Indicator, indicator_names

__all__ = ["INDICATORS", "SPECIAL", "STRUCTURAL", "Indicator", "RowOutcome", "TargetRecord", "TargetSet", "achieved",
           "add_targets", "indicator_names", "outcomes", "row_unit", "target_price", "target_row", "update_target_values",
           "year_span"]
