"""Input-data helpers: loading, normalising and validating the files under data/."""
