//! Renderers: plain data in, file bytes out (the PDF, the KPI workbook, the department
//! templates). A renderer writes nothing to disk; [`crate::output`] does.

pub mod html;
pub mod kpi_chart;
pub mod pdf;
pub mod receipt;
pub mod status;
pub mod template;
pub mod xlsx;
