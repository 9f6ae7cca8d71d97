//! Normalise: sheets of cells → the roadmap model.

pub mod kpi_value;
pub mod text;
pub mod year;
