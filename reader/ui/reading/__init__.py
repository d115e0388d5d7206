"""The reader screen's helpers: opening an article, its highlights, its view choices, its status line.

:class:`reader.ui.screens.reader.ReaderScreen` owns one of each and wires them to its widgets and keys.
"""
