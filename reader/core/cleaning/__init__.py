"""The parts of the text cleaner; :mod:`reader.core.clean` is the entry point.

Every stage works on :class:`~reader.core.cleaning.tracked.Tracked` strings,
which carry the source offset of each character, so the final offset map and
the change log come out of the same edits that produce the text.
"""
