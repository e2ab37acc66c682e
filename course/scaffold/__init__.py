"""course new and course add: a sample course per language (en/, zh-CN/) and numbered files."""
