"""Stage 1, load: every file and git read of a course, in one place.

course.yaml, modules/ and quizzes/ become the frozen model of course.model, with the position of
every value kept for diagnostics. Nothing after this stage opens a course file (the link stage
only asks whether a linked file exists and may be copied)."""
