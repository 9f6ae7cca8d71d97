//! Validate.
