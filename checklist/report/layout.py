"""The village workbook lays its sheets out with the xlsx toolkit's page layout (one home for
A4 widths, number formats and page breaks, shared with the fill-in form and the roll-up)."""

from checklist.xlsx.layout import DEFAULT_ROW, Block, column_format, decimals, paginate

__all__ = ["DEFAULT_ROW", "Block", "column_format", "decimals", "paginate"]
