"""One module per sheet of the workbook (imported only while writing: they import openpyxl)."""
