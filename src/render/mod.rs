//! Renderers.

pub mod pdf;
pub mod status;
pub mod xlsx;
