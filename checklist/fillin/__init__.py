"""The fill-in workbook (填报表): a blank, protected workbook a secretary fills in with Excel, WPS or
LibreOffice (``template``), and its import back into an assessment (``importer``), all or nothing.

``checklist.fillin.template`` imports openpyxl (only when writing); the importer reads the zip
directly with bounded, streaming XML parsing.
"""

from checklist.fillin.importer import Filled, FillinError, is_fillin, read_fillin

__all__ = ["Filled", "FillinError", "is_fillin", "read_fillin"]
