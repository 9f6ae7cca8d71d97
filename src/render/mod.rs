//! Renderers: plain data in, file bytes out (the PDF, the KPI workbook, the department
//! templates). A renderer writes nothing to disk; [`crate::output`] does.

pub mod pdf;
pub mod template;
pub mod xlsx;
