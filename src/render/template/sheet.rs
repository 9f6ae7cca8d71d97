//! One department's template workbook: the 工程表 sheet in the grid layout that
//! `normalize::grid` reads, and the 説明 sheet that ingest skips.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

pub(crate) use super::spec::Spec;
use super::spec::{
    pillar_label, policy_label, progress_headings, year_headings, Place, HEADER_FILL, HEADER_ROW,
    RELISTED_FILL, STEP_FILL,
};
use crate::model::{FiscalYear, Item, Line, Numbering, Period, Roadmap, Status};
use crate::render::xlsx::{row_height, wrapped_lines};

/// First data row.
const FIRST: u32 = HEADER_ROW + 1;
/// Rows below the data that still get the drop-down lists, for lines the department adds.
const SPARE_ROWS: u32 = 1000;
/// The first year column: after 柱, 施策, 具体的な取り組み and, when the plan has that
/// level, 取り組み項目.
fn year_col(rm: &Roadmap) -> u16 {
    3 + u16::from(rm.plan.style.items)
}

/// The workbook and what could not be written exactly.
pub(crate) struct Written {
    pub bytes: Vec<u8>,
    pub notes: Vec<crate::diagnostic::Message>,
}

/// A step placed in the grid: chart columns `first..=last` (merged when `last > first`),
/// and the column of the end mark after it when it ends before the next step or the end of
/// the period.
struct Bar {
    first: u32,
    last: u32,
    text: String,
    end_mark: Option<u32>,
}

/// The end mark written after a step that ends early (docs/SUBMISSIONS.md): the reader ends
/// the step in the column before it. A department does the same in a protected template,
/// where merging is not allowed.
pub(crate) const END_MARK: &str = "－";

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    step: Format,
    relisted_text: Format,
    relisted_step: Format,
    unlocked: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name(crate::render::xlsx::FONT)
            .set_font_size(10);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_unlocked();
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            header: base
                .clone()
                .set_bold()
                .set_background_color(HEADER_FILL)
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: cell.clone(),
            step: cell.clone().set_background_color(STEP_FILL),
            relisted_text: cell.clone().set_background_color(RELISTED_FILL),
            relisted_step: cell.set_background_color("#D0CECE"),
            unlocked: base.set_unlocked(),
        }
    }
}

/// Writes the workbook.
pub(crate) fn write(spec: &Spec<'_>) -> Result<Written, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(spec.roadmap, spec.department)?);
    let mut notes = Vec::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("工程表")?;
        roadmap_sheet(ws, spec, &f, &mut notes)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("説明")?;
        super::guide::write(ws, spec, &f.title)?;
    }
    Ok(Written {
        bytes: wb.save_to_buffer()?,
        notes,
    })
}

/// Fixed document properties (rust_xlsxwriter would stamp the clock otherwise): the date of
/// the edition the template was made from.
fn properties(roadmap: &Roadmap, department: &str) -> Result<DocProperties, XlsxError> {
    let latest = roadmap
        .plan
        .revisions
        .iter()
        .map(|r| r.date)
        .max()
        .and_then(|d| Some((u16::try_from(d.year()).ok()?, u8::try_from(d.month()).ok()?)))
        .unwrap_or((2000, 1));
    let when = ExcelDateTime::from_ymd(latest.0, latest.1, 1)?;
    Ok(DocProperties::new()
        .set_title(format!(
            "{} {} 提出様式（{department}）",
            roadmap.plan.title, roadmap.plan.document
        ))
        .set_author(&roadmap.plan.issuer)
        .set_company(&roadmap.plan.city)
        .set_creation_datetime(&when))
}

/// Where the 工程表 sheet's columns sit: the hierarchy, one column per fiscal year from
/// `year`, 備考, then 担当課 and the three progress columns when asked for.
struct Columns {
    /// The first year column ([`year_col`]).
    year: u16,
    note: u16,
    department: Option<u16>,
    /// The first of the 進捗, 実績, 課題 columns.
    progress: Option<u16>,
    last: u16,
    /// Every column's width, in characters, which also decides how a cell wraps.
    widths: Vec<f64>,
}

impl Columns {
    fn new(spec: &Spec<'_>, year_count: u16) -> Self {
        let year = year_col(spec.roadmap);
        let note = year + year_count;
        let department = spec.department_column.then_some(note + 1);
        let progress = spec.progress.map(|_| department.unwrap_or(note) + 1);
        let last = progress.map_or(department.unwrap_or(note), |c| c + 2);
        let mut widths = vec![7.0, 7.0, 34.0, 26.0];
        widths.truncate(usize::from(year));
        widths.extend(std::iter::repeat_n(20.0, usize::from(year_count)));
        widths.push(18.0);
        if department.is_some() {
            widths.push(14.0);
        }
        if progress.is_some() {
            widths.extend(PROGRESS_WIDTHS);
        }
        Self {
            year,
            note,
            department,
            progress,
            last,
            widths,
        }
    }

    fn width(&self, col: u16) -> f64 {
        self.widths[usize::from(col)]
    }
}

fn roadmap_sheet(
    ws: &mut Worksheet,
    spec: &Spec<'_>,
    f: &Formats,
    notes: &mut Vec<crate::diagnostic::Message>,
) -> Result<(), XlsxError> {
    let rm = spec.roadmap;
    let years = year_headings(&rm.plan.period);
    let cols = Columns::new(spec, years.len() as u16);
    for (c, w) in cols.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // Every cell but the title and the header row stays editable under the protection.
    ws.set_column_range_format(0, 16_383, &f.unlocked)?;
    write_heading(ws, spec, f, years, &cols)?;

    let sheet = SheetContext {
        spec,
        f,
        cols: &cols,
    };
    let mut row = FIRST;
    let mut last: Option<Place<'_>> = None;
    for place in spec.rows {
        let (hierarchy, starts_item) = hierarchy_cells(rm, last.as_ref(), place);
        last = Some(*place);
        write_row(ws, &sheet, (row, starts_item), place, &hierarchy, notes)?;
        row += 1;
    }
    validations(ws, rm, cols.note, row)?;
    if let Some(c) = cols.progress {
        progress_validations(ws, c, row)?;
    }
    ws.set_freeze_panes(FIRST, cols.year)?;
    page_setup(ws)?;
    let protection = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&protection);
    Ok(())
}

/// The title row and the header row the grid reader recognises.
fn write_heading(
    ws: &mut Worksheet,
    spec: &Spec<'_>,
    f: &Formats,
    years: Vec<String>,
    cols: &Columns,
) -> Result<(), XlsxError> {
    let rm = spec.roadmap;
    let title = format!(
        "{}　{} 提出様式（{}）",
        rm.plan.title, rm.plan.document, spec.department
    );
    ws.write_string_with_format(0, 0, title.trim(), &f.title)?;
    // The plan's words, so that a department fills it in in the plan's terms.
    let style = &rm.plan.style;
    let mut header: Vec<String> = style
        .level_words()
        .into_iter()
        .map(str::to_string)
        .collect();
    header.extend(years);
    header.push("備考".into());
    if cols.department.is_some() {
        header.push(style.words.department.clone());
    }
    if let Some(year) = spec.progress {
        header.extend(progress_headings(rm.plan.period.years, year));
    }
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    Ok(())
}

/// What every data row of the sheet is written with.
struct SheetContext<'a> {
    spec: &'a Spec<'a>,
    f: &'a Formats,
    cols: &'a Columns,
}

/// One data row: its hierarchy cells, its line's steps as bars with the remark, the
/// department and, on the row that starts its item, the item's progress; the row is as tall
/// as its most wrapped cell.
fn write_row(
    ws: &mut Worksheet,
    sheet: &SheetContext<'_>,
    (row, starts_item): (u32, bool),
    place: &Place<'_>,
    hierarchy: &[Option<String>; 4],
    notes: &mut Vec<crate::diagnostic::Message>,
) -> Result<(), XlsxError> {
    let SheetContext { spec, f, cols } = *sheet;
    let relisted = place.item.is_some_and(|i| i.relisted)
        || place
            .line
            .is_some_and(|l| l.steps.iter().any(|s| s.relisted));
    let (text_fmt, step_fmt) = if relisted {
        (&f.relisted_text, &f.relisted_step)
    } else {
        (&f.text, &f.step)
    };
    let mut lines = 1;
    for c in 0..=cols.last {
        // A re-listed row's blank year cells stay unfilled: a grey run there without a
        // step would read as a bar with no step (`fill-without-step`) when checked back.
        let blank_fmt = if (cols.year..cols.note).contains(&c) {
            &f.text
        } else {
            text_fmt
        };
        ws.write_blank(row, c, blank_fmt)?;
    }
    for (c, text) in hierarchy.iter().enumerate() {
        if let Some(t) = text {
            ws.write_string_with_format(row, c as u16, t, text_fmt)?;
            lines = lines.max(wrapped_lines(t, cols.widths[c]));
        }
    }
    if let Some(line) = place.line {
        let period = &spec.roadmap.plan.period;
        let formats = (text_fmt, step_fmt, &f.text);
        let line_lines = write_line(ws, cols, row, line, period, formats, notes)?;
        lines = lines.max(line_lines);
    }
    if let Some(c) = cols.department {
        ws.write_string_with_format(row, c, spec.department, text_fmt)?;
    }
    if let (Some(c), Some(item), true) = (cols.progress, place.item, starts_item) {
        for (k, text) in progress_cells(item, spec.progress).iter().enumerate() {
            let col = c + k as u16;
            if !text.is_empty() {
                ws.write_string_with_format(row, col, text, text_fmt)?;
                lines = lines.max(wrapped_lines(text, cols.width(col)));
            }
        }
    }
    ws.set_row_height(row, row_height(lines))?;
    Ok(())
}

/// Writes a line's steps as bars over their fiscal years (with the end mark after a step
/// that ends early) and its remark in 備考; returns the most text lines a cell wraps to.
/// The end mark takes `year_fmt`, unfilled, so that no fill stands in a year cell without
/// a step.
fn write_line(
    ws: &mut Worksheet,
    cols: &Columns,
    row: u32,
    line: &Line,
    period: &Period,
    (text_fmt, step_fmt, year_fmt): (&Format, &Format, &Format),
    notes: &mut Vec<crate::diagnostic::Message>,
) -> Result<u32, XlsxError> {
    let mut lines = 1;
    let (bars, extra) = bars(line, period, notes);
    for bar in &bars {
        let (c0, c1) = (cols.year + bar.first as u16, cols.year + bar.last as u16);
        if c1 > c0 {
            ws.merge_range(row, c0, row, c1, &bar.text, step_fmt)?;
        } else {
            ws.write_string_with_format(row, c0, &bar.text, step_fmt)?;
        }
        if let Some(m) = bar.end_mark {
            ws.write_string_with_format(row, cols.year + m as u16, END_MARK, year_fmt)?;
        }
        let width: f64 = (c0..=c1).map(|c| cols.width(c)).sum();
        lines = lines.max(wrapped_lines(&bar.text, width));
    }
    let remark: Vec<&str> = line
        .remark
        .iter()
        .map(String::as_str)
        .chain(extra.iter().map(String::as_str))
        .collect();
    if !remark.is_empty() {
        let r = remark.join("\n");
        ws.write_string_with_format(row, cols.note, &r, text_fmt)?;
        lines = lines.max(wrapped_lines(&r, cols.width(cols.note)));
    }
    Ok(lines)
}

/// The 柱, 施策, 具体的な取り組み, 取り組み項目 cells of a row: every level on every row, so
/// that sorting or filtering the sheet keeps each row's parents (docs/SUBMISSIONS.md, "Row
/// order"); and whether the row starts its item (the item's progress is written there once).
fn hierarchy_cells(
    rm: &Roadmap,
    last: Option<&Place<'_>>,
    at: &Place<'_>,
) -> ([Option<String>; 4], bool) {
    let same_item = last.is_some_and(|l| {
        std::ptr::eq(l.pillar, at.pillar)
            && std::ptr::eq(l.policy, at.policy)
            && std::ptr::eq(l.initiative, at.initiative)
            && matches!((l.item, at.item), (Some(a), Some(b)) if std::ptr::eq(a, b))
    });
    let style = &rm.plan.style;
    let cells = [
        Some(pillar_label(style, at.pillar)),
        Some(policy_label(style, at.policy)),
        Some(at.initiative.text.clone()),
        // Without the 取り組み項目 level there is no item column: the line is the item.
        at.item.filter(|_| style.items).map(|i| i.text.clone()),
    ];
    (cells, !same_item)
}

/// The steps of a line placed in the grid, and texts for 備考 when a step cannot be placed.
/// Notes on what the grid cannot say exactly are added to `notes`.
fn bars(
    line: &Line,
    period: &Period,
    notes: &mut Vec<crate::diagnostic::Message>,
) -> (Vec<Bar>, Vec<String>) {
    let last_col = period.columns().saturating_sub(1);
    let mut placed: Vec<(usize, u32)> = Vec::new();
    let mut extra = Vec::new();
    for (k, s) in line.steps.iter().enumerate() {
        // A list layout's 備考 is a note that is not in the step text: the grid keeps it in
        // the line's 備考, which the chart prints the same way.
        for n in &s.notes {
            if !s.text.contains(n.as_str()) && !extra.contains(n) {
                extra.push(n.clone());
            }
        }
        let col = s.start.column.min(last_col);
        if placed.last().is_some_and(|&(_, c)| c >= col) {
            notes.push(crate::msg!(
                "工程「{}」は前の工程と同じ年度か前の年度から始まるため、備考に書きました",
                "step 「{}」 starts in the same year as the step before it, or earlier: it was written in 備考",
                s.text
            ));
            extra.push(format!(
                "工程「{}」（{}）",
                s.text,
                span(period, s.start.column, s.end.column)
            ));
            continue;
        }
        placed.push((k, col));
    }
    let mut bars = Vec::new();
    for (i, &(k, first)) in placed.iter().enumerate() {
        let Some(s) = line.steps.get(k) else { continue };
        let by_rule = placed
            .get(i + 1)
            .map(|&(_, c)| c.saturating_sub(1))
            .unwrap_or(last_col);
        let end = s.end.column.clamp(first, last_col);
        let mut last = first;
        let mut end_mark = None;
        if s.pinned.is_none() {
            if end < by_rule {
                last = end;
                end_mark = Some(end + 1);
            } else if end != by_rule {
                notes.push(crate::msg!(
                    "工程「{}」の期間 {} は表の形では書けません（{} と読まれます）",
                    "step 「{}」: its span {} cannot be written in the grid layout (it reads as {})",
                    s.text,
                    span(period, first, end),
                    span(period, first, by_rule)
                ));
            }
        }
        bars.push(Bar {
            first,
            last,
            text: s.text.clone(),
            end_mark,
        });
    }
    (bars, extra)
}

/// A span of chart columns in words: `～R6`, `R8`, `R8～R11`.
fn span(period: &Period, first: u32, last: u32) -> String {
    period.columns_span(first, last).short()
}

/// Drop-down lists for 柱 and 施策 (a warning, not a refusal, for the other forms the reader
/// accepts, such as `1`), and input messages on the year and 備考 columns.
fn validations(
    ws: &mut Worksheet,
    rm: &Roadmap,
    note_col: u16,
    end_row: u32,
) -> Result<(), XlsxError> {
    let last = end_row + SPARE_ROWS;
    let style = &rm.plan.style;
    let pillars: Vec<String> = rm.pillars.iter().map(|p| pillar_label(style, p)).collect();
    let mut policies: Vec<(u32, String)> = rm
        .pillars
        .iter()
        .flat_map(|p| {
            p.policies
                .iter()
                .map(|q| (q.number, policy_label(style, q)))
        })
        .collect();
    // Symbols repeat in every pillar (①…); labels as written are unique, in plan order.
    if style.numbering == Numbering::Symbols {
        policies.sort();
    }
    policies.dedup();
    let policies: Vec<String> = policies.into_iter().map(|(_, l)| l).collect();
    let list =
        |items: &[String], title: &str, message: &str| -> Result<DataValidation, XlsxError> {
            DataValidation::new()
                .allow_list_strings(items)?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title(title)?
                .set_error_message(message)?
                .set_input_title(title)?
                .set_input_message(message)
        };
    if !pillars.is_empty() {
        let v = list(
            &pillars,
            &style.words.pillar,
            &format!(
                "{}の番号を選びます。上の行と同じなら空欄のままで構いません。",
                style.words.pillar
            ),
        )?;
        ws.add_data_validation(FIRST, 0, last, 0, &v)?;
    }
    if !policies.is_empty() {
        let v = list(
            &policies,
            &style.words.policy,
            &format!(
                "{}の番号を選びます。{}が変わるときは{}も書きます。",
                style.words.policy, style.words.pillar, style.words.policy
            ),
        )?;
        ws.add_data_validation(FIRST, 1, last, 1, &v)?;
    }
    let years = DataValidation::new()
        .allow_any_value()
        .set_input_title("工程")?
        .set_input_message(
            "始まる年度の欄に工程名を書きます。次の工程の前の年度まで（なければ最後の年度まで）続きます。途中で終わるときは、終わる年度の次の欄に「－」を書きます。",
        )?;
    ws.add_data_validation(FIRST, year_col(rm), last, note_col - 1, &years)?;
    let note = DataValidation::new()
        .allow_any_value()
        .set_input_title("備考")?
        .set_input_message("自由に記入できます。工程表では線の下に小さく印刷されます。")?;
    ws.add_data_validation(FIRST, note_col, last, note_col, &note)?;
    Ok(())
}

/// Widths of the 進捗, 実績 and 課題 columns.
const PROGRESS_WIDTHS: [f64; 3] = [10.0, 30.0, 30.0];

/// What a template pre-fills for an item: its progress, when it has one for `year` (a
/// re-listing's belongs to its original and is left out).
fn progress_cells(item: &Item, year: Option<FiscalYear>) -> [String; 3] {
    match &item.progress {
        Some(p) if p.year == year && p.from_original.is_none() && !item.relisted => [
            p.status.map(|s| s.label().to_string()).unwrap_or_default(),
            p.result.clone(),
            p.issue.clone(),
        ],
        _ => Default::default(),
    }
}

/// The status drop-down (a warning, not a refusal, so the synonyms the reader accepts can
/// still be typed) and input messages on 実績 and 課題.
fn progress_validations(ws: &mut Worksheet, col: u16, end_row: u32) -> Result<(), XlsxError> {
    let last = end_row + SPARE_ROWS;
    let statuses: Vec<String> = Status::ALL.iter().map(|s| s.label().to_string()).collect();
    let status = DataValidation::new()
        .allow_list_strings(&statuses)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("進捗")?
        .set_error_message("完了・順調・前倒し・遅れ・未着手・見直し・中止から選んでください。")?
        .set_input_title("進捗")?
        .set_input_message("取り組み項目ごとに一つ選びます（項目のどの行でも構いません）。")?;
    ws.add_data_validation(FIRST, col, last, col, &status)?;
    let result = DataValidation::new()
        .allow_any_value()
        .set_input_title("実績")?
        .set_input_message("この年度に行ったことを書きます。")?;
    ws.add_data_validation(FIRST, col + 1, last, col + 1, &result)?;
    let issue = DataValidation::new()
        .allow_any_value()
        .set_input_title("課題")?
        .set_input_message(
            "遅れ・未着手・見直し・中止のときは、理由と今後の方向性を必ず書きます。",
        )?;
    ws.add_data_validation(FIRST, col + 2, last, col + 2, &issue)?;
    Ok(())
}

/// A4 landscape, one page wide, the title and header rows repeated on every page.
fn page_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&L&A&R&P / &N");
    ws.set_repeat_rows(0, HEADER_ROW)?;
    Ok(())
}
