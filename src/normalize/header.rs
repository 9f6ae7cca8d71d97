//! Header rows: which kind of table a sheet holds, and which column is which field.
//!
//! Header text is compared after NFKC with all white space removed; columns may come in any
//! order. The header row is the first row within the first 20 that makes a known table.

use std::collections::{BTreeMap, HashMap};

use super::cells::{cell_text, rows, SheetView};
use super::text::{header_key, non_blank};
use super::year::{parse_year_text, year_of_value, YearError, YearText};
use crate::diagnostic::Diagnostic;
use crate::ingest::{Cell, Sheet, Value};
use crate::model::{FiscalYear, Source};

/// A column's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 柱 (pillar): headers `柱`, `取り組みの柱`; on a roadmap sheet `(1)` or a name
    /// (`便利・快適`), on the 体系 sheet the pillar's title.
    Pillar,
    /// 施策 (policy, ①–⑤ inside a pillar): headers `施策`, `施策名`.
    Policy,
    /// 具体的な取り組み (initiative): headers `具体的な取り組み`,
    /// `計画本文における「具体的な取り組み」`.
    Initiative,
    /// 取り組み項目 (item): headers `取り組み項目`, `項目`; on the 計画 sheet, `項目` is a plan
    /// field's key.
    Item,
    /// 工程 (step text, list layout): headers `工程`, `主な工程`, `工程名`.
    Step,
    /// 開始年度 of a step (list layout): headers `開始`, `開始年度`.
    Start,
    /// 終了年度 of a step (list layout): headers `終了`, `終了年度`; `継続` means through the plan.
    End,
    /// 行 (list layout): steps of one 取り組み項目 with the same 行 value are phases of one chart
    /// line; headers `行`, `工程行`.
    Line,
    /// 備考 (note): header `備考`.
    Note,
    /// 担当課 (department): headers `担当課`, `所管課`; where blank, the file name's department.
    Department,
    /// 柱番号 of the plan workbook's 体系 sheet (`1`, `(1)`).
    PillarNo,
    /// 柱の副題 of the 体系 sheet: the pillar's subtitle (`～DXによる 市民サービスの向上～`).
    PillarSubtitle,
    /// 施策番号 of the 体系 sheet (`1`, `①`).
    PolicyNo,
    /// 区分: on the はじめに sheet the paragraph's part (`前文`, `目的`, `結び`); on the KPI
    /// sheet `全般` or a pillar.
    Category,
    /// 見出し of a 目的 paragraph on the はじめに sheet.
    Heading,
    /// 副題 of a 目的 paragraph on the はじめに sheet.
    Subheading,
    /// 本文 of a paragraph on the はじめに sheet.
    Body,
    /// キーワード of a 目的 paragraph on the はじめに sheet.
    Keyword,
    /// キーワード(英): the same keyword in English.
    KeywordEn,
    /// 指標: a KPI's indicator.
    Indicator,
    /// 指標の考え方: how the KPI's indicator is meant (optional).
    Rationale,
    /// 単位: the KPI's unit (optional; otherwise read from the values' suffix, `種類`, `%`).
    Unit,
    /// 種別 of a KPI row: `計画` (targets) or `実績` (actuals).
    Kind,
    /// 改定年月 of a 改定履歴 row (`R7(2025).3`).
    RevisionDate,
    /// 内容: a 計画 field's value, or what a 改定履歴 edition did (`ロードマップ策定`).
    Content,
    /// 進捗 (the item's status in the 評価年度).
    ProgressStatus,
    /// 実績 (what was done that year).
    ProgressResult,
    /// 課題 (problems and next steps).
    ProgressIssue,
}

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The plan workbook's 計画 sheet: `項目` `内容`, one plan field per row.
    PlanInfo,
    /// The plan workbook's 体系 sheet: pillars, policies and initiatives (`柱番号`, `施策番号` …).
    Frame,
    /// The plan workbook's はじめに sheet: paragraphs (`区分`, `本文` …).
    Intro,
    /// A KPI sheet: `指標`, `種別` and year columns.
    Kpi,
    /// The plan workbook's 改定履歴 sheet: `改定年月` `内容`.
    Revisions,
    /// A roadmap sheet in the list layout: one row per step, with 工程, 開始年度 and 終了年度.
    RoadmapList,
    /// A roadmap sheet in the grid layout: one row per chart line, two or more year columns.
    RoadmapGrid,
    /// The plan workbook's optional list of departments: a sheet whose header has 担当課 and
    /// none of the roadmap's columns.
    Departments,
}

/// A year column of a grid or KPI table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearColumn {
    /// The column, 0-based.
    pub col: u32,
    /// The fiscal year the header names (`YearText::Lead` for `～令和6(2024)年度`).
    pub year: YearText,
    /// The header as written, trimmed: `令和7(2025)年度`, `R8`.
    pub written: String,
    /// A header whose era and western years disagree (`令和8(2025)年度`): an error, while the
    /// column still counts as the era's year so that the columns after it line up.
    pub error: Option<YearError>,
    /// Headed as a KPI figure (`現状値(2022年)`, `目標値(2026年)`): a year column of a KPI
    /// table only.
    pub valued: bool,
}

/// A recognised header row.
#[derive(Debug, Clone)]
pub struct Header {
    /// What the table is, told by the headers it has.
    pub kind: Kind,
    /// The header row, 0-based; the table's rows are the ones below it.
    pub row: u32,
    /// The column of each field this kind of table reads (the first, if a header repeats).
    pub fields: BTreeMap<Field, u32>,
    /// The year columns, left to right (grid and KPI tables; empty for the others).
    pub years: Vec<YearColumn>,
    /// Header cells that name no known field: (column, text).
    pub unknown: Vec<(u32, String)>,
    /// Progress columns whose header names a fiscal year (`令和7年度の進捗`): (column, year,
    /// header text).
    pub progress_years: Vec<(u32, crate::model::FiscalYear, String)>,
}

impl Header {
    /// The text written in `field`'s column on `row` (`at`: that row's cells by column) and
    /// where, if it is not blank.
    pub fn text_in(
        &self,
        view: &SheetView<'_>,
        at: &HashMap<u32, &Cell>,
        row: u32,
        field: Field,
        out: &mut Vec<Diagnostic>,
    ) -> Option<(String, Source)> {
        let col = self.col(field)?;
        let text = non_blank(view.text(at.get(&col)?, out))?;
        Some((text, Source::new(view.file, &view.sheet.name, row, col)))
    }

    /// The column of field `f`, if the header row has it.
    pub fn col(&self, f: Field) -> Option<u32> {
        self.fields.get(&f).copied()
    }
}

const SYNONYMS: &[(&str, Field)] = &[
    ("柱", Field::Pillar),
    ("取り組みの柱", Field::Pillar),
    ("施策", Field::Policy),
    ("施策名", Field::Policy),
    ("具体的な取り組み", Field::Initiative),
    ("計画本文における「具体的な取り組み」", Field::Initiative),
    ("取り組み項目", Field::Item),
    ("項目", Field::Item),
    ("工程", Field::Step),
    ("主な工程", Field::Step),
    ("工程名", Field::Step),
    ("開始", Field::Start),
    ("開始年度", Field::Start),
    ("終了", Field::End),
    ("終了年度", Field::End),
    ("行", Field::Line),
    ("工程行", Field::Line),
    ("備考", Field::Note),
    ("担当課", Field::Department),
    ("所管課", Field::Department),
    ("柱番号", Field::PillarNo),
    ("柱の副題", Field::PillarSubtitle),
    ("施策番号", Field::PolicyNo),
    ("区分", Field::Category),
    ("見出し", Field::Heading),
    ("副題", Field::Subheading),
    ("本文", Field::Body),
    ("キーワード", Field::Keyword),
    ("キーワード(英)", Field::KeywordEn),
    ("指標", Field::Indicator),
    ("指標の考え方", Field::Rationale),
    ("単位", Field::Unit),
    ("種別", Field::Kind),
    ("改定年月", Field::RevisionDate),
    ("内容", Field::Content),
];

/// Accepted headers of the three progress columns (left is canonical).
const PROGRESS_HEADERS: &[(&str, Field)] = &[
    ("進捗", Field::ProgressStatus),
    ("進捗状況", Field::ProgressStatus),
    ("評価", Field::ProgressStatus),
    ("達成状況", Field::ProgressStatus),
    ("実績", Field::ProgressResult),
    ("取組実績", Field::ProgressResult),
    ("取組み実績", Field::ProgressResult),
    ("取り組み実績", Field::ProgressResult),
    ("課題", Field::ProgressIssue),
    ("課題・今後の方向性", Field::ProgressIssue),
    ("今後の方向性", Field::ProgressIssue),
];

/// The header keys of [`PROGRESS_HEADERS`], longest first, so that 課題・今後の方向性 is not
/// read as a year plus 今後の方向性. Made once: every cell of a sheet's first rows is looked
/// up in them.
static PROGRESS_KEYS: std::sync::LazyLock<Vec<(String, Field)>> = std::sync::LazyLock::new(|| {
    let mut keys: Vec<(String, Field)> = PROGRESS_HEADERS
        .iter()
        .map(|(s, f)| (header_key(s), *f))
        .collect();
    keys.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
    keys
});

/// The header keys of [`SYNONYMS`], made once (as [`PROGRESS_KEYS`]).
static SYNONYM_KEYS: std::sync::LazyLock<Vec<(String, Field)>> =
    std::sync::LazyLock::new(|| SYNONYMS.iter().map(|(s, f)| (header_key(s), *f)).collect());

/// A progress header: its field, and the fiscal year it names, if any.
///
/// ```
/// use koteihyo::normalize::header::{progress_field, Field};
/// assert_eq!(progress_field("進捗"), Some((Field::ProgressStatus, None)));
/// assert_eq!(progress_field("令和7年度の進捗"), Some((Field::ProgressStatus, Some(2025))));
/// assert_eq!(progress_field("2025年度実績"), Some((Field::ProgressResult, Some(2025))));
/// assert_eq!(progress_field("課題・今後の方向性"), Some((Field::ProgressIssue, None)));
/// assert_eq!(progress_field("今後の課題"), None);
/// ```
pub fn progress_field(text: &str) -> Option<(Field, Option<FiscalYear>)> {
    let key = header_key(text);
    for (synonym, field) in PROGRESS_KEYS.iter() {
        if key == *synonym {
            return Some((*field, None));
        }
        let rest = key
            .strip_suffix(synonym.as_str())
            .map(|r| r.strip_suffix('の').unwrap_or(r))
            .or_else(|| key.strip_prefix(synonym.as_str()));
        if let Some(year) = rest.and_then(year_in) {
            return Some((*field, Some(year)));
        }
    }
    None
}

/// The fiscal year a header names beside its field: `令和7年度`, `R7`, `(2025)`.
fn year_in(rest: &str) -> Option<FiscalYear> {
    let rest = rest.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']' | '【' | '】'));
    match parse_year_text(rest) {
        Ok(YearText::Year { year }) => Some(year),
        _ => None,
    }
}

/// What a plan lets its sheets' headers say beyond the built-in synonyms: its names of the
/// levels (柱の呼び名 …, with `番号` after the pillar's and policy's for the 体系 sheet), and
/// whether roadmap tables have a 取り組み項目 column at all.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// (header key, field), checked before the built-in synonyms.
    words: Vec<(String, Field)>,
    /// The plan has the 取り組み項目 level (計画 key `取り組み項目`); without it a roadmap
    /// table is told by its 具体的な取り組み column.
    items: bool,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::of(&crate::model::PlanStyle::default())
    }
}

/// The headers a hint asks for, in the plan's words: the hierarchy's levels
/// (`「柱」「施策」「具体的な取り組み」「取り組み項目」`) and the list layout's step (`工程`),
/// as the arguments after a finding's own (`sheet-no-header`, `file-no-steps`).
pub fn hint_args(style: &crate::model::PlanStyle) -> [crate::diagnostic::Arg; 2] {
    let levels = style.level_words();
    let quoted: String = levels.iter().map(|w| format!("「{w}」")).collect();
    let levels = crate::diagnostic::Message::new(quoted, levels.join(", ")).arg();
    [levels, style.words.step.as_str().into()]
}

impl Vocabulary {
    /// The headers a plan of this style accepts.
    pub fn of(style: &crate::model::PlanStyle) -> Vocabulary {
        let w = &style.words;
        let key = |t: &str| one_torikumi(&header_key(t));
        let words = vec![
            (key(&w.pillar), Field::Pillar),
            (key(&format!("{}番号", w.pillar)), Field::PillarNo),
            (key(&w.policy), Field::Policy),
            (key(&format!("{}番号", w.policy)), Field::PolicyNo),
            (key(&w.initiative), Field::Initiative),
            (key(&w.item), Field::Item),
            (key(&w.step), Field::Step),
            (key(&w.department), Field::Department),
        ];
        Vocabulary {
            words,
            items: style.items,
        }
    }

    /// The field a header names, and for a progress column the fiscal year it names, if any.
    fn field_of(&self, text: &str) -> Option<(Field, Option<crate::model::FiscalYear>)> {
        let key = one_torikumi(&header_key(text));
        self.words
            .iter()
            .find(|(w, _)| *w == key)
            .map(|(_, f)| (*f, None))
            .or_else(|| {
                SYNONYM_KEYS
                    .iter()
                    .find(|(s, _)| *s == key)
                    .map(|(_, f)| (*f, None))
            })
            .or_else(|| progress_field(text))
    }
}

/// 取組 / 取組み / 取り組み are one word in headers (the contract): each is spelled 取り組み,
/// so 取組項目 = 取り組み項目.
///
/// ```
/// # use koteihyo::normalize::header::one_torikumi;
/// assert_eq!(one_torikumi("具体的な取組"), "具体的な取り組み");
/// assert_eq!(one_torikumi("取組み項目"), "取り組み項目");
/// assert_eq!(one_torikumi("取り組み項目"), "取り組み項目");
/// ```
pub fn one_torikumi(key: &str) -> String {
    key.replace("取り組み", "取組")
        .replace("取組み", "取組")
        .replace("取組", "取り組み")
}

/// How many rows from the top the header row is looked for in.
pub const HEADER_ROWS: u32 = 20;

/// Finds the header row among the first [`HEADER_ROWS`] rows, with the built-in headers.
pub fn detect(sheet: &Sheet) -> Option<Header> {
    detect_with(sheet, &Vocabulary::default())
}

/// Finds the header row among the first [`HEADER_ROWS`] rows, with the headers a plan's
/// `vocabulary` adds.
pub fn detect_with(sheet: &Sheet, vocabulary: &Vocabulary) -> Option<Header> {
    for (row, cells) in rows(&sheet.cells) {
        if row >= HEADER_ROWS {
            break;
        }
        let mut fields = BTreeMap::new();
        // Every known header cell, the repeated ones too: (field, column, text).
        let mut named = Vec::new();
        let mut years = Vec::new();
        let mut unknown = Vec::new();
        let mut progress_years = Vec::new();
        for cell in cells {
            let Some(text) = cell_text(&cell.value) else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            if let Some((f, year)) = vocabulary.field_of(&text) {
                fields.entry(f).or_insert(cell.col);
                named.push((f, cell.col, text.trim().to_string()));
                if let Some(y) = year {
                    progress_years.push((cell.col, y, text.trim().to_string()));
                }
            } else if let Some((year, error, valued)) = header_year(&cell.value, &text) {
                years.push(YearColumn {
                    col: cell.col,
                    year,
                    written: text.trim().to_string(),
                    error,
                    valued,
                });
            } else {
                unknown.push((cell.col, text.trim().to_string()));
            }
        }
        if let Some(kind) = kind_of(&fields, years.len(), vocabulary.items) {
            if !matches!(kind, Kind::RoadmapGrid | Kind::Kpi) {
                // Year-like headers in other tables are just unknown columns.
                unknown.extend(years.drain(..).map(|y| (y.col, y.written)));
            }
            if kind != Kind::Kpi {
                // 現状値(2022年) heads a KPI figure, not a chart column.
                let (valued, kept) = years.drain(..).partition(|y| y.valued);
                years = kept;
                unknown.extend(valued.into_iter().map(|y: YearColumn| (y.col, y.written)));
            }
            // A known header this kind of table does not read, or a second column with the
            // same header, is not read either: it is reported like an unknown one.
            fields.retain(|f, _| kind.reads(*f));
            if !matches!(kind, Kind::RoadmapGrid | Kind::RoadmapList) {
                progress_years.clear();
            }
            unknown.extend(
                named
                    .into_iter()
                    .filter(|(f, col, _)| fields.get(f) != Some(col))
                    .map(|(_, col, text)| (col, text)),
            );
            unknown.sort();
            return Some(Header {
                kind,
                row,
                fields,
                years,
                unknown,
                progress_years,
            });
        }
    }
    None
}

/// A header cell read as a fiscal year: any notation, a number or a date cell, and a
/// wareki/western mismatch with its error; last, whether it was a KPI figure's header
/// (`現状値(2022年)`).
fn header_year(value: &Value, text: &str) -> Option<(YearText, Option<YearError>, bool)> {
    let (read, valued) = match year_of_value(value, text) {
        Err(YearError::Unparseable) => match kpi_value_year(text) {
            Some(inner) => (super::year::parse_year_text(&inner), true),
            None => return None,
        },
        read => (read, false),
    };
    match read {
        Ok(year) => Some((year, None, valued)),
        Err(e @ YearError::EraMismatch { western, .. }) => {
            Some((YearText::Year { year: western }, Some(e), valued))
        }
        Err(YearError::Unparseable) => None,
    }
}

/// The year inside a KPI figure's header as plans print them: `現状値(2022年)` and
/// `目標値(2026年)` give `2022年`, `2026年` (the 種別 column still tells 計画 from 実績).
///
/// ```
/// # use koteihyo::normalize::header::kpi_value_year;
/// assert_eq!(kpi_value_year("現状値（2022年）").as_deref(), Some("2022年"));
/// assert_eq!(kpi_value_year("目標値 (R8)").as_deref(), Some("R8"));
/// assert_eq!(kpi_value_year("目標値"), None);
/// ```
pub fn kpi_value_year(text: &str) -> Option<String> {
    let key = header_key(text);
    let rest = ["現状値", "目標値", "実績値", "計画値"]
        .iter()
        .find_map(|p| key.strip_prefix(p))?;
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    (!inner.is_empty()).then(|| inner.to_string())
}

impl Kind {
    /// Whether this kind of table reads the column `f`.
    pub fn reads(self, f: Field) -> bool {
        use Field::*;
        let fields: &[Field] = match self {
            Self::PlanInfo => &[Item, Content],
            Self::Frame => &[
                PillarNo,
                Pillar,
                PillarSubtitle,
                PolicyNo,
                Policy,
                Initiative,
            ],
            Self::Intro => &[Category, Heading, Subheading, Body, Keyword, KeywordEn],
            Self::Kpi => &[Category, Indicator, Rationale, Unit, Field::Kind],
            Self::Revisions => &[RevisionDate, Content],
            Self::RoadmapList => &[
                Pillar,
                Policy,
                Initiative,
                Item,
                Line,
                Step,
                Start,
                End,
                Note,
                Department,
                ProgressStatus,
                ProgressResult,
                ProgressIssue,
            ],
            Self::RoadmapGrid => &[
                Pillar,
                Policy,
                Initiative,
                Item,
                Note,
                Department,
                ProgressStatus,
                ProgressResult,
                ProgressIssue,
            ],
            Self::Departments => &[Department, Note],
        };
        fields.contains(&f)
    }
}

fn kind_of(fields: &BTreeMap<Field, u32>, years: usize, items: bool) -> Option<Kind> {
    let has = |f: Field| fields.contains_key(&f);
    // The lowest level of the hierarchy a roadmap table names.
    let lowest = if items {
        Field::Item
    } else {
        Field::Initiative
    };
    let roadmapish = has(Field::Pillar) || has(Field::Policy) || has(Field::Step) || years > 0;
    if has(Field::PillarNo) && has(Field::PolicyNo) {
        Some(Kind::Frame)
    } else if has(Field::Indicator) && has(Field::Kind) {
        Some(Kind::Kpi)
    } else if has(Field::RevisionDate) && has(Field::Content) {
        Some(Kind::Revisions)
    } else if has(Field::Category) && has(Field::Body) {
        Some(Kind::Intro)
    } else if has(Field::Item) && has(Field::Content) && !roadmapish {
        Some(Kind::PlanInfo)
    } else if has(lowest) && has(Field::Step) && has(Field::Start) && has(Field::End) {
        Some(Kind::RoadmapList)
    } else if has(lowest) && years >= 2 {
        Some(Kind::RoadmapGrid)
    } else if has(Field::Department) && !roadmapish && !has(Field::Item) {
        Some(Kind::Departments)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_and_without_a_year() {
        use Field::*;
        assert_eq!(progress_field("進捗状況"), Some((ProgressStatus, None)));
        assert_eq!(progress_field("達成 状況"), Some((ProgressStatus, None)));
        assert_eq!(progress_field("R7進捗"), Some((ProgressStatus, Some(2025))));
        assert_eq!(
            progress_field("進捗(R8)"),
            Some((ProgressStatus, Some(2026)))
        );
        assert_eq!(progress_field("取組実績"), Some((ProgressResult, None)));
        assert_eq!(
            progress_field("令和7年度取り組み実績"),
            Some((ProgressResult, Some(2025)))
        );
        assert_eq!(progress_field("今後の方向性"), Some((ProgressIssue, None)));
        assert_eq!(
            progress_field("FY2025課題"),
            Some((ProgressIssue, Some(2025)))
        );
        assert_eq!(progress_field("取り組み項目"), None);
        assert_eq!(progress_field("進捗率"), None);
    }
}
