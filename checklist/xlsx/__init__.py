"""The workbook toolkit shared by the village report, the fill-in workbook and the roll-up:
package reading with limits (``package``), the hidden data sheet (``datasheet``), the cell
writer (``cells``), styles and palette (``styles``), atomic save (``atomic``), safe text
(``safe``) and safe file names (``names``).

Nothing here knows a rubric or a score. ``cells`` and ``styles`` import openpyxl, so import
them only while writing; the rest stays cheap.
"""
