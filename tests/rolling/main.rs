//! Integration tests: rolling. One test binary per group, so the crate is linked once per group.

#[path = "../rolling_support/mod.rs"]
mod rolling_support;
#[path = "../support/mod.rs"]
mod support;

mod progress;
mod templates;
mod yearly;
