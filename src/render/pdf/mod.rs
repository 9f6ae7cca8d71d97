//! The roadmap PDF.

pub mod layout;
pub mod write;
