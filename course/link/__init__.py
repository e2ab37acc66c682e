"""Stage 3, link: converted texts placed on pages.

Where each page goes (urls), every href and src resolved for the page a text is shown on, quiz
slots filled, and anchors checked against the ids convert collected."""
