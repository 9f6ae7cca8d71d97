//! Renderers.

pub mod pdf;
pub mod xlsx;
