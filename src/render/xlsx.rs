//! KPI workbook.
