"""Stage 5, write: an output folder replaced whole, keeping the files the tool did not write."""
