"""Every config key is documented (description and unit in the schema) and docs/config.md is generated from it."""
from __future__ import annotations

from optim.config import docs as config_docs


def test_every_config_field_has_a_description_and_a_unit():
    missing = [key for key, f in config_docs.fields()
               if not f.description or not (isinstance(f.json_schema_extra, dict) and f.json_schema_extra.get("unit"))]
    assert not missing, f"config fields without description or unit: {missing}"


def test_docs_config_md_is_generated_from_the_schema():
    text = config_docs.render(config_docs.default_study())
    assert config_docs.DOC.read_text(encoding="utf-8") == text, "docs/config.md is out of date: python -m optim.config.docs"
    # one row per key, and the study's own values shown where they differ from the schema defaults
    assert text.count("\n| `") == sum(1 for _ in config_docs.fields())
    assert "| `system.history_until` | 2024 |" in text and "| `region.name` | (required) | `tianjin` |" in text
