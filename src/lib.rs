//! koteihyo (工程表): department submissions in, the city's DX roadmap out.
//!
//! Stages, each a function from one plain type to the next that returns its value with its
//! diagnostics ([`diagnostic::Warned`]):
//! [`ingest`] (workbooks → cells) → [`normalize`] (cells → [`model::Roadmap`]) →
//! [`resolve`] (再掲 links) → [`validate`] (plan-period and KPI rules) →
//! [`render`] (PDF and workbook bytes). Only `ingest` and [`output`] touch the filesystem.
//! [`fiscal`] (dates, eras, fiscal-year labels) sits below them all and uses none of them.

pub mod cli;
pub mod diagnostic;
pub mod fiscal;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod resolve;
pub mod revision;
pub mod validate;
