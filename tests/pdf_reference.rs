//! The published roadmap's text (tests/reference-takayama-r7-r11.txt) rough-parsed into a
//! model and rendered: a full-size check of pagination and density.
//!
//! The parse is a heuristic (the text cannot tell an item from a full-width step), so this
//! checks only what holds for any roadmap: it renders, every step's text is printed, no text
//! leaves its box. `cargo test --test pdf_reference -- --ignored` also writes
//! /tmp/reference.pdf to look at.

mod pdf_support;

use koteihyo::model::*;
use koteihyo::render::pdf::document::Item as Prim;
use koteihyo::render::pdf::{layout::layout, render, PdfOptions};

fn parse() -> Roadmap {
    let text = include_str!("reference-takayama-r7-r11.txt");
    let mut rm = pdf_support::roadmap();
    rm.pillars.clear();
    let body = text
        .split("重要業績評価指標 (KPI)\n\n◆")
        .next()
        .unwrap_or("");
    let body = body
        .split("\n目指す姿及び取り組みの体系\n")
        .nth(1)
        .unwrap_or("");
    for raw in body.lines() {
        let l = raw.trim_end();
        if l.is_empty() || l.contains("凡例") || l.starts_with('～') || l.starts_with("計画本文")
        {
            continue;
        }
        if l.starts_with("- ") {
            continue;
        }
        if l.starts_with('(') && l.contains('“') && !l.contains('\t') {
            let n = l.chars().nth(1).and_then(|c| c.to_digit(10)).unwrap_or(0);
            if rm.pillars.last().map(|p| p.number) != Some(n) && l.contains('～') {
                let (head, sub) = l.split_once(" ～").unwrap_or((l, ""));
                let (label, title) = head.split_once(' ').unwrap_or((head, ""));
                rm.pillars.push(Pillar {
                    number: n,
                    label: label.into(),
                    title: title.into(),
                    subtitle: format!("～{sub}"),
                    ..Default::default()
                });
            }
            continue;
        }
        let Some(pillar) = rm.pillars.last_mut() else {
            continue;
        };
        if l.starts_with(|c: char| ('①'..='⑳').contains(&c)) && !l.contains('\t') {
            let label: String = l.chars().take(1).collect();
            let title = l.chars().skip(1).collect::<String>().trim().to_string();
            if pillar.policies.last().map(|p| p.label.as_str()) != Some(label.as_str()) {
                pillar.policies.push(Policy {
                    number: pillar.policies.len() as u32 + 1,
                    label,
                    title,
                    ..Default::default()
                });
            }
            continue;
        }
        let Some(policy) = pillar.policies.last_mut() else {
            continue;
        };
        let cells: Vec<&str> = l.split('\t').collect();
        let only_first = cells.iter().skip(1).all(|c| c.trim().is_empty());
        if only_first && (cells[0].contains("など") || cells[0].chars().count() > 34) {
            policy
                .initiatives
                .push(pdf_support::initiative(cells[0], vec![]));
            continue;
        }
        let Some(ini) = policy.initiatives.last_mut() else {
            continue;
        };
        if only_first
            && (ini.items.is_empty()
                || ini.items.last().is_some_and(|i| !i.lines.is_empty())
                    && cells[0].ends_with("の推進"))
        {
            ini.items.push(pdf_support::item(cells[0], vec![]));
            continue;
        }
        if ini.items.is_empty() {
            ini.items.push(pdf_support::item("（項目）", vec![]));
        }
        let starts: Vec<(usize, &str)> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(i, c)| (i, *c))
            .collect();
        let steps = starts
            .iter()
            .enumerate()
            .map(|(k, &(col, t))| {
                let end = starts.get(k + 1).map(|n| n.0 - 1).unwrap_or(5);
                pdf_support::step(t.trim(), 2024 + col as i32, 2024 + end as i32)
            })
            .collect();
        if let Some(item) = ini.items.last_mut() {
            item.lines.push(pdf_support::line(steps));
        }
    }
    rm
}

#[test]
#[ignore]
fn the_published_roadmap_renders() {
    let rm = parse();
    assert_eq!(rm.pillars.len(), 3);
    assert!(rm.steps().count() > 300, "{}", rm.steps().count());
    let laid = layout(&rm, &PdfOptions::default());
    for d in &laid.diagnostics {
        eprintln!("{}", d.message(koteihyo::diagnostic::Lang::Ja));
    }
    let all: String = laid
        .output
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Prim::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    for (_, s) in rm.steps() {
        assert!(all.contains(&s.text), "{}", s.text);
    }
    for p in &laid.output.pages {
        for i in &p.items {
            if let Prim::Text(t) = i {
                if let Some(a) = t.within {
                    assert!(
                        a.contains(t.x, t.top(), t.width, t.size, 0.05),
                        "{:?}",
                        t.text
                    );
                }
            }
        }
    }
    let start = std::time::Instant::now();
    let pdf = render(&rm, &PdfOptions::default()).output;
    eprintln!(
        "{} pages, {} bytes, {:?}",
        laid.output.pages.len(),
        pdf.len(),
        start.elapsed()
    );
    std::fs::write("/tmp/reference.pdf", pdf).unwrap();
}
