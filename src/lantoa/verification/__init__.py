"""The "Kiểm tra nội dung" page: check which points a published text contains.

Nothing is stored: the submitted text is verified, shown back with highlights and
forgotten (no personal data, no state change, so no audit row).
"""
