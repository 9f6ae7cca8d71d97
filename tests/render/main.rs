//! Integration tests: render. One test binary per group, so the crate is linked once per group.

#[path = "../pdf_support/mod.rs"]
mod pdf_support;
#[path = "../support/mod.rs"]
mod support;
#[path = "../xlsx_fixture/mod.rs"]
mod xlsx_fixture;

mod build;
mod eras;
mod html;
mod kpi_charts;
mod pdf_input;
mod pdf_layout;
mod pdf_pages;
mod pdf_render;
mod pdf_tagged;
mod pdf_tagged_progress;
mod plan_third;
mod plan_words;
mod plan_years;
mod progress_layout;
mod receipt;
mod xlsx_paper;
mod xlsx_print;
mod xlsx_recalc;
mod xlsx_workbook;
