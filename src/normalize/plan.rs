//! The plan workbook's sheets: 計画 (fields), 体系 (the frame), はじめに, 改定履歴.

use super::cells::{by_col, rows, SheetView};
use super::entry::{year_error, FillDown, Written};
use super::header::{Field, Header};
use super::text::circled;
use super::year::{parse_year_month, YearText};
use crate::diagnostic::{Code, Diagnostic, Place};
use crate::model::{
    Initiative, Numbering, Pillar, Plan, PlanStyle, Policy, Purpose, Revision, Source,
};

/// Reads the row cells of the given fields, as trimmed texts with their source.
fn row_texts<const N: usize>(
    view: &SheetView<'_>,
    header: &Header,
    fields: [Field; N],
    out: &mut Vec<Diagnostic>,
) -> Vec<(u32, [Option<Written>; N])> {
    let mut result = Vec::new();
    for (row, cells) in rows(&view.sheet.cells) {
        if row <= header.row {
            continue;
        }
        let at = by_col(cells);
        let values = fields.map(|f| {
            let (t, source) = header.text_in(view, &at, row, f, out)?;
            Some((t.trim().to_string(), source))
        });
        if values.iter().any(Option::is_some) {
            result.push((row, values));
        }
    }
    result
}

/// The one fiscal year `value` names, or `None` with the finding on why it is not one.
fn one_year(value: &str, source: &Source, out: &mut Vec<Diagnostic>) -> Option<i32> {
    match super::year::parse_year_text(value) {
        Ok(YearText::Year { year }) => return Some(year),
        Ok(_) => out.push(Diagnostic::new(
            Code::YearUnparseable,
            source.into(),
            &[value],
        )),
        Err(e) => out.push(year_error(&e, value, source.into())),
    }
    None
}

/// The 計画 sheet: `項目` / `内容` rows. Returns which of 計画開始年度 and 計画終了年度 it
/// holds (written, even if unreadable: that is an error of its own).
pub fn read_info(
    view: &SheetView<'_>,
    header: &Header,
    plan: &mut Plan,
    out: &mut Vec<Diagnostic>,
) -> PeriodKeys {
    let mut keys = PeriodKeys::default();
    plan.source = Source::new(view.file, &view.sheet.name, header.row, 0);
    for (_, [key, value]) in row_texts(view, header, [Field::Item, Field::Content], out) {
        let Some((key, key_source)) = key else {
            if let Some((v, s)) = value {
                out.push(Diagnostic::with(
                    Code::CellIgnored,
                    (&s).into(),
                    [
                        v.into(),
                        crate::diagnostic::Message::new("項目が空欄", "no field name").arg(),
                    ],
                ));
            }
            continue;
        };
        // A value is judged at its own cell; a blank one at its key's.
        let value_source = value.as_ref().map_or(&key_source, |(_, s)| s).clone();
        let value = value.map(|(v, _)| v).unwrap_or_default();
        let target: &mut String = match super::text::header_key(&key).as_str() {
            "市町村名" => &mut plan.city,
            "計画名" => &mut plan.title,
            "文書名" => &mut plan.document,
            "発行者" => &mut plan.issuer,
            "目指す姿" => &mut plan.vision,
            "凡例_具体的な取り組み" => &mut plan.legend.initiative,
            "凡例_取り組み項目" => &mut plan.legend.item,
            "凡例_主な工程" => &mut plan.legend.step,
            "注記" => {
                plan.remarks.push(value);
                continue;
            }
            "連絡先" => {
                plan.contact.push(value);
                continue;
            }
            "評価年度" => {
                if let Some(year) = one_year(&value, &key_source, out) {
                    plan.review_year = Some(year);
                }
                continue;
            }
            "計画開始年度" | "計画終了年度" => {
                keys.mark(key.contains("開始"));
                if let Some(year) = one_year(&value, &key_source, out) {
                    if key.contains("開始") {
                        plan.period.first = year;
                    } else {
                        plan.period.last = year;
                    }
                }
                continue;
            }
            _ if super::style::read_key(&key, &value, &value_source, plan, out) => {
                continue;
            }
            _ => {
                out.push(Diagnostic::new(
                    Code::PlanFieldUnknown,
                    (&key_source).into(),
                    &[&key],
                ));
                continue;
            }
        };
        *target = value;
    }
    keys
}

/// Which of the plan period's two keys the 計画 sheet holds: a plan's period is never guessed,
/// since every step's end and every year column depend on it.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeriodKeys {
    first: bool,
    last: bool,
}

impl PeriodKeys {
    fn mark(&mut self, first: bool) {
        if first {
            self.first = true;
        } else {
            self.last = true;
        }
    }

    /// Both keys found, by any 計画 sheet read so far.
    pub fn merge(self, other: PeriodKeys) -> PeriodKeys {
        PeriodKeys {
            first: self.first || other.first,
            last: self.last || other.last,
        }
    }

    /// A `plan-field-missing` error at `place` for each key not given.
    pub fn report_missing(self, place: &Place, out: &mut Vec<Diagnostic>) {
        for (given, key) in [(self.first, "計画開始年度"), (self.last, "計画終了年度")]
        {
            if !given {
                out.push(Diagnostic::new(
                    Code::PlanFieldMissing,
                    place.clone(),
                    &[key],
                ));
            }
        }
    }
}

/// The 体系 sheet: one row per initiative, pillars and policies filled down. Numbers are
/// printed as symbols ((1), ①) or, for a plan numbering 「そのまま」, as written (`1-2`, `Ⅰ`),
/// counted in order.
pub fn read_frame(
    view: &SheetView<'_>,
    header: &Header,
    style: &PlanStyle,
    out: &mut Vec<Diagnostic>,
) -> Vec<Pillar> {
    let numbering = style.numbering;
    let fields = [
        Field::PillarNo,
        Field::Pillar,
        Field::PillarSubtitle,
        Field::PolicyNo,
        Field::Policy,
        Field::Initiative,
    ];
    let mut pillars: Vec<Pillar> = Vec::new();
    let mut fill = FillDown::default();
    for (_, [pno, ptitle, psub, qno, qtitle, initiative]) in row_texts(view, header, fields, out) {
        let [pno, qno, _, _] = fill.apply([pno, qno, None, None]);
        let next = pillars.len() as u32 + 1;
        let Some((pn, plabel, psource)) = frame_number(&pno, numbering, next, out) else {
            continue;
        };
        let plabel = plabel.unwrap_or_else(|| format!("({pn})"));
        if pillars.last().map(|p| &p.label) != Some(&plabel) {
            pillars.push(Pillar {
                number: pn,
                label: plabel,
                source: psource,
                ..Pillar::default()
            });
        }
        let Some(pillar) = pillars.last_mut() else {
            continue;
        };
        if let Some((t, _)) = ptitle {
            pillar.title = t;
        }
        if let Some((t, _)) = psub {
            pillar.subtitle = t;
        }
        let next = pillar.policies.len() as u32 + 1;
        let Some((qn, qlabel, qsource)) = frame_number(&qno, numbering, next, out) else {
            continue;
        };
        let qlabel = qlabel.unwrap_or_else(|| circled(qn));
        if pillar.policies.last().map(|q| &q.label) != Some(&qlabel) {
            pillar.policies.push(Policy {
                number: qn,
                label: qlabel,
                source: qsource,
                ..Policy::default()
            });
        }
        let Some(policy) = pillar.policies.last_mut() else {
            continue;
        };
        if let Some((t, _)) = qtitle {
            policy.title = t;
        }
        if let Some((t, s)) = initiative {
            policy.initiatives.push(Initiative {
                text: t,
                items: Vec::new(),
                source: s,
            });
        }
    }
    if numbering == Numbering::AsWritten {
        duplicate_policy_labels(&pillars, &style.words.policy, out);
    }
    pillars
}

/// Policy labels written as they are must be unique across the plan: a KPI's 区分 names a
/// policy by its label alone. The finding names the level in the plan's word (`policy`).
fn duplicate_policy_labels(pillars: &[Pillar], policy_word: &str, out: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<String, &Policy> = std::collections::HashMap::new();
    for policy in pillars.iter().flat_map(|p| &p.policies) {
        let key = super::text::header_key(&policy.label);
        match seen.get(&key) {
            Some(first) => out.push(Diagnostic::new(
                Code::FrameLabelDuplicate,
                (&policy.source).into(),
                &[
                    &policy.label,
                    &format!("{} {}", first.source.cell, first.title),
                    policy_word,
                ],
            )),
            None => {
                seen.insert(key, policy);
            }
        }
    }
}

/// A 柱番号 or 施策番号 cell: (number, label as written, cell). As symbols the number is
/// read (`1`, `(1)`; not a number is reported) and the caller prints its symbol; as written
/// the label is the cell's text and the number is `next`, its place in order.
fn frame_number(
    written: &Option<(String, Source)>,
    numbering: Numbering,
    next: u32,
    out: &mut Vec<Diagnostic>,
) -> Option<(u32, Option<String>, Source)> {
    let (t, s) = written.as_ref()?;
    if numbering == Numbering::AsWritten {
        return Some((next, Some(t.trim().to_string()), s.clone()));
    }
    match super::text::nfkc(t)
        .trim()
        .trim_matches(['(', ')'])
        .parse::<u32>()
    {
        Ok(n) => Some((n, None, s.clone())),
        Err(_) => {
            out.push(Diagnostic::with(
                Code::CellIgnored,
                s.into(),
                [
                    t.into(),
                    crate::diagnostic::Message::new("番号ではありません", "not a number").arg(),
                ],
            ));
            None
        }
    }
}

/// The はじめに sheet: 区分 前文 / 目的 / 結び.
pub fn read_intro(
    view: &SheetView<'_>,
    header: &Header,
    plan: &mut Plan,
    out: &mut Vec<Diagnostic>,
) {
    let fields = [
        Field::Category,
        Field::Heading,
        Field::Subheading,
        Field::Body,
        Field::Keyword,
        Field::KeywordEn,
    ];
    let mut section = String::new();
    for (_, [cat, heading, sub, body, kw, kw_en]) in row_texts(view, header, fields, out) {
        if let Some((c, _)) = &cat {
            section = c.clone();
        }
        let text = |w: Option<(String, Source)>| w.map(|(t, _)| t).unwrap_or_default();
        match section.as_str() {
            "目的" => plan.introduction.purposes.push(Purpose {
                title: text(heading),
                subtitle: text(sub),
                body: text(body),
                keyword: text(kw),
                keyword_en: text(kw_en),
            }),
            "結び" => plan.introduction.closing.push(text(body)),
            "前文" => plan.introduction.opening.push(text(body)),
            other => {
                if let Some((c, s)) = cat {
                    let why = crate::diagnostic::Message::new(
                        "区分は前文・目的・結びのいずれか",
                        format!("unknown section {other}"),
                    )
                    .arg();
                    out.push(Diagnostic::with(
                        Code::CellIgnored,
                        (&s).into(),
                        [c.into(), why],
                    ));
                }
            }
        }
    }
}

/// The 改定履歴 sheet: `R7(2025).3` / ロードマップ策定.
pub fn read_revisions(
    view: &SheetView<'_>,
    header: &Header,
    plan: &mut Plan,
    out: &mut Vec<Diagnostic>,
) {
    let fields = [Field::RevisionDate, Field::Content];
    for (row, [date, text]) in row_texts(view, header, fields, out) {
        let Some((date, source)) = date else { continue };
        let cell = rows(&view.sheet.cells)
            .find(|(r, _)| *r == row)
            .and_then(|(_, cells)| cells.iter().find(|c| c.col == source.col));
        let parsed = match cell.map(|c| &c.value) {
            Some(crate::ingest::Value::Date(d)) => Some(d.year_month()),
            _ => parse_year_month(&date),
        };
        match parsed {
            Some(date) => plan.revisions.push(Revision {
                date,
                text: text.map(|(t, _)| t).unwrap_or_default(),
            }),
            None => out.push(Diagnostic::new(
                Code::YearUnparseable,
                (&source).into(),
                &[&date],
            )),
        }
    }
}
