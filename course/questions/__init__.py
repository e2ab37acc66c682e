"""Question types: what each type is, as the model, the book, the templates and the exporters see it."""
