"""Stage 2, convert: one Markdown text in, a Converted out.

Pure: the result depends on the text, its source position, inline or block, and its language
alone, so it is cached on disk by content hash and run in a process pool. The sanitiser and the
page policy live here because every text passes through them on its way out of this stage."""
