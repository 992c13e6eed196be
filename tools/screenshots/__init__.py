"""Documentation tooling: renders the program's screens offscreen into PNG files.

Not part of the product (it drives the program from outside, like a person would):

    .venv/bin/python -m tools.screenshots --out docs/screenshots [--db FILE] [--lang zh|en]
        [--size 1440x900]
"""
