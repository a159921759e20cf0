"""The village workbook's sign-off block is the xlsx toolkit's (the fill-in form prints the same)."""

from checklist.xlsx.signoff import BLANK_DATE, TOWNSHIP, TOWNSHIP_OPINION, VILLAGE, write_signoff

__all__ = ["BLANK_DATE", "TOWNSHIP", "TOWNSHIP_OPINION", "VILLAGE", "write_signoff"]
