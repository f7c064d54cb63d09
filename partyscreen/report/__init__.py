"""Writing results: CSV / JSON / terminal tables (and, for screening, XLSX and HTML reports)."""
