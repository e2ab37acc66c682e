"""Stage 4, render: one renderer per output, each reading the same book."""
