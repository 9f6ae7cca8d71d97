//! `koteihyo diff` output: Japanese text grouped by policy, or JSON of [`Changes`].

use std::fmt::Write;

use super::diff::{Change, Changes, Kind, Scope, Side};

/// The counts in one line: `変更点 5件（追加 1、削除 1、…）`.
pub fn summary_line(changes: &Changes) -> String {
    let s = &changes.summary;
    // 進捗 is named only when a status changed, so reports without progress read as before.
    let mut status = String::new();
    // Like 進捗, 備考 and 担当課 are named only when one changed.
    for (label, n) in [
        ("進捗", s.status),
        ("備考", s.remark),
        ("担当課", s.department),
    ] {
        if n > 0 {
            status.push_str(&format!("、{label} {n}"));
        }
    }
    format!(
        "変更点 {}件（追加 {}、削除 {}、期間の変更 {}、移動 {}、文言の変更 {}、再掲 {}、KPI {}{status}）",
        s.total, s.added, s.removed, s.rescheduled, s.moved, s.reworded, s.relisting, s.kpi
    )
}

/// [`summary_line`] in both languages, for the terminal.
pub fn summary_message(changes: &Changes) -> crate::diagnostic::Message {
    let s = &changes.summary;
    crate::diagnostic::Message::new(
        summary_line(changes),
        format!(
            "{} changes ({} added, {} removed, {} rescheduled, {} moved, {} reworded, {} re-listing, {} KPI)",
            s.total, s.added, s.removed, s.rescheduled, s.moved, s.reworded, s.relisting, s.kpi
        ),
    )
}

/// The report for people: the counts, then each policy's changes.
pub fn human(changes: &Changes) -> String {
    let mut out = summary_line(changes);
    out.push('\n');
    if changes.changes.is_empty() {
        out.push_str("変更はありません。\n");
        return out;
    }
    let mut group: Option<&str> = None;
    for c in &changes.changes {
        if group != Some(c.group.as_str()) {
            group = Some(c.group.as_str());
            if c.group == super::diff::KPI_GROUP {
                let _ = write!(out, "\n{}\n", c.group_title);
            } else {
                let _ = write!(out, "\n{} {}\n", c.group, c.group_title);
            }
        }
        out.push_str(&describe(c));
    }
    out
}

/// One change as an indented block.
fn describe(c: &Change) -> String {
    let mut out = String::new();
    let dept = c
        .new
        .as_ref()
        .or(c.old.as_ref())
        .map(|s| s.department.as_str())
        .filter(|d| !d.is_empty());
    match dept {
        Some(d) => {
            let _ = writeln!(out, "  ■ {}（{d}）", c.label());
        }
        None => {
            let _ = writeln!(out, "  ■ {}", c.label());
        }
    }
    let moved = c.kind == Kind::Moved;
    if c.scope == Scope::Kpi {
        if let Some(s) = c.new.as_ref().or(c.old.as_ref()) {
            let _ = writeln!(out, "    指標: {}（{}）", s.item, s.place);
        }
    } else if !moved && c.scope != Scope::Initiative {
        if let Some(s) = c.new.as_ref().or(c.old.as_ref()) {
            let _ = writeln!(out, "    具体的な取り組み: {}", s.initiative);
            if c.scope != Scope::Item || c.kind != Kind::Reworded {
                let _ = writeln!(out, "    取り組み項目: {}", s.item);
            }
        }
    }
    if c.kind == Kind::Status {
        if let (Some(a), Some(b)) = (&c.old, &c.new) {
            let _ = writeln!(
                out,
                "    進捗: {}（{}） → {}（{}）",
                a.text, a.span, b.text, b.span
            );
        }
        return out;
    }
    for (label, side) in [("変更前", &c.old), ("変更後", &c.new)] {
        if let Some(s) = side {
            let _ = writeln!(out, "    {label}: {}", side_text(c, s, moved));
        }
    }
    out
}

/// What one side shows: the text and span, with the place for a move, the item text for an
/// item change, the year for a KPI.
fn side_text(c: &Change, s: &Side, moved: bool) -> String {
    let body = match c.scope {
        // The remark, department or rationale itself.
        _ if matches!(c.kind, Kind::Remark | Kind::Department | Kind::KpiRationale) => {
            if s.text.is_empty() {
                "（空欄）".to_string()
            } else {
                s.text.clone()
            }
        }
        Scope::Kpi if s.text.is_empty() => "（指標）".to_string(),
        Scope::Kpi => format!("{}（{}）", s.text, s.span),
        Scope::Item if c.kind == Kind::Status => format!("{}（{}）", s.text, s.span),
        Scope::Initiative => s.initiative.clone(),
        Scope::Item if c.kind == Kind::Reworded || s.text.is_empty() => s.item.clone(),
        Scope::Item => format!("{} ― {}（{}）", s.item, s.text, s.span),
        _ => format!("{}（{}）", s.text, s.span),
    };
    if moved {
        match c.scope {
            Scope::Item => format!("{} {} ＞ {body}", s.place, s.initiative),
            _ => format!("{} {} ＞ {} ＞ {body}", s.place, s.initiative, s.item),
        }
    } else {
        body
    }
}

/// The JSON of `diff --format json`: `{"summary": {...}, "changes": [...]}`.
pub fn json(changes: &Changes) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(changes)
}

/// What a change is about, for a table's 対象 column: the item (取り組み項目) of a step or
/// line, the initiative of an item, the indicator of a KPI.
pub fn subject(c: &Change) -> String {
    let Some(s) = c.new.as_ref().or(c.old.as_ref()) else {
        return String::new();
    };
    match c.scope {
        Scope::Kpi => format!("{}（{}）", s.item, s.place),
        Scope::Item if c.kind != Kind::Status => s.initiative.clone(),
        Scope::Initiative => s.place.clone(),
        _ => s.item.clone(),
    }
}

/// One side of a change in a table cell: as in the text report.
pub fn cell(c: &Change, s: &Side) -> String {
    side_text(c, s, c.kind == Kind::Moved)
}
