# Shared words and formats. One file per feature beside this one.
language-name = English
