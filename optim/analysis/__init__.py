"""Analyses run after a study, into its results folder: ``optim analysis=target_costs|uncertainty``.

  target_costs  what each target costs in total: last-in and first-in costs, the plan's cost and the part no single
                target explains (optim.analysis.target_costs), by warm re-solves of the study's model
  uncertainty   the pathway over the ranges of data/<region>/uncertainty.csv: Latin-hypercube samples solved warm
                in worker processes, percentiles, binding probabilities, sensitivity (optim.analysis.uncertainty)
The study runs as usual (optim.pipeline.run_study); the analysis writes into the same, still temporary, run folder
before it is published, so the folder holds the study and the analysis, whole or not at all. Bad analysis input
(settings, the ranges table, an interrupted run with other settings) is refused before the study is solved.
"""
from __future__ import annotations

from pathlib import Path

from optim.analysis.settings import AnalysisSettings, settings_from_config
from optim.config.schema import Config

__all__ = ["AnalysisSettings", "run_with_analysis", "settings_from_config"]


def run_with_analysis(cfg: Config, out_dir: Path, progress=None, overrides=None, warm_cache=None):
    """Run the study and the analysis ``cfg`` asks for (none: the study only); returns the study's RunOutcome."""
    from optim.pipeline import run_study
    from optim.progress import Progress

    progress = progress or Progress()
    settings = settings_from_config(cfg)
    if settings.kind == "none":
        return run_study(cfg, out_dir, progress, overrides, warm_cache)
    if settings.kind == "target_costs":
        return run_study(cfg, out_dir, progress, overrides, warm_cache, after_export=_target_costs(settings, cfg))
    from optim.analysis.uncertainty import prepare, run
    from optim.data.loader import load_region
    from optim.paths import resolve

    with progress.step("check the uncertainty analysis (ranges at both ends, samples, resume record)"):
        plan = prepare(settings, cfg, load_region(resolve(cfg.region.data_dir)), Path(out_dir))

    def after(lp, result, data, folder, progress):
        with progress.step(f"uncertainty: {settings.samples} samples"):
            run(plan, result, data, folder, progress)
    outcome = run_study(cfg, out_dir, progress, overrides, warm_cache, after_export=after)
    if outcome.status == "optimal" and Path(out_dir).exists():
        plan.log.remove()
    return outcome


def _target_costs(settings: AnalysisSettings, cfg: Config):
    def after(lp, result, data, folder, progress):
        from optim.analysis.target_costs import target_costs
        from optim.analysis.target_costs_report import write_files

        with progress.step("target costs: warm re-solves with target rows switched off and on"):
            costs, plan = target_costs(result, settings.targets, progress)
            write_files(costs, plan, folder, plots=cfg.run.report)
        progress.note(f"the plan costs {plan.plan_cost:,.0f} MCNY; {len(costs)} target families costed "
                      f"(target_costs.csv)")
    return after
