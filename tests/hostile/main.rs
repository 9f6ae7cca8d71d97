//! Integration tests: hostile. One test binary per group, so the crate is linked once per group.

#[path = "../hostile_corpus/mod.rs"]
mod hostile_corpus;
#[path = "../support/mod.rs"]
mod support;

mod faults;
mod files;
mod fuzz;
mod outputs;
