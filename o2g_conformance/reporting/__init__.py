"""Reporting: Allure labels derived from the catalog, the run summary per section, coverage."""

from ._labels import labels_for, section_of_item
from ._summary import SectionSummary

__all__ = ["SectionSummary", "labels_for", "section_of_item"]
