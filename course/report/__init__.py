"""`course report`: a class's xAPI statements (a file, or an LRS) read against the course at hand,
tallied in memory bounded by learners x questions (never by statements), and written as a static
HTML page with SVG charts, CSV tables beside it and a terminal summary."""
