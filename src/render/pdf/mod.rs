//! The roadmap PDF.

pub mod font;
pub mod linebreak;
pub mod layout;
pub mod write;
