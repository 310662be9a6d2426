"""Post-solve export: dataset (NetCDF), tables (CSV), targets table, report and plots."""
