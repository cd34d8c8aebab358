#!/usr/bin/env python
"""Kept for Django habits; `innobridge` (the console script) does the same."""

from innobridge.cli import main

if __name__ == "__main__":
    main()
