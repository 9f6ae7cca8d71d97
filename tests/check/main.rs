//! Integration tests: check. One test binary per group, so the crate is linked once per group.

#[path = "../support/mod.rs"]
mod support;

mod accounting;
mod clerks;
mod cli;
mod eras;
mod eye;
mod files;
mod folder;
mod grid;
mod headers;
mod hierarchy;
mod kpi;
mod layers;
mod list;
mod look;
mod office;
mod plan;
mod progress;
mod readme;
mod reference;
mod relisting;
mod years;
