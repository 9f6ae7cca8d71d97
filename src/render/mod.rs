//! Renderers.

pub mod html;
pub mod pdf;
pub mod xlsx;
