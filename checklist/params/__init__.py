"""The organiser's parameters in Excel: the rubric's parameters and region profiles as a
workbook to fill in (``write_params``), and the filled workbook applied back to the rubric's
YAML text (``read_params`` then ``apply_values``), its comments and layout kept."""

from checklist.params.edit import apply_values, rewrite
from checklist.params.sheet import ParamsError, read_params, save_text, write_params

__all__ = ["ParamsError", "apply_values", "read_params", "rewrite", "save_text", "write_params"]
