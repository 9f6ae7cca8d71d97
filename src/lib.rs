//! koteihyo (工程表): department submissions in, the city's DX roadmap out.
//!
//! Stages, each a function from one plain type to the next that returns its value with its
//! diagnostics ([`diagnostic::Warned`]):
//! [`ingest`] (workbooks → cells) → [`normalize`] (cells → [`model::Roadmap`]) →
//! [`resolve`] (再掲 links) → [`validate`] (plan-period and KPI rules) →
//! [`revision`] (what changed since the last edition) → [`render`] (PDF, workbook and
//! template bytes) → [`output`] (all-or-nothing writes). [`pipeline`] is the one place that
//! orders them; a module uses only modules of its own layer or below (README, "How it is
//! built"; `tests/check/layers.rs`). Only `ingest`, [`output`] and [`pipeline`] (reading a
//! previous `roadmap.json`) touch the filesystem.
//! [`fiscal`] (dates, eras, fiscal-year labels) sits below them all and uses none of them.

// Every public item says what it is (CI's clippy turns this into an error).
#![warn(missing_docs)]

pub mod cli;
pub mod diagnostic;
pub mod fiscal;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod report;
pub mod resolve;
pub mod revision;
pub mod validate;
