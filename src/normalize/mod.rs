//! Normalise: sheets of cells → the roadmap model.

pub mod text;
pub mod year;
