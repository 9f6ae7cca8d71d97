//! PDF layout.
