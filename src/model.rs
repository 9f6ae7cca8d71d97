//! The roadmap model: plain serde data handed from stage to stage.
//!
//! Nothing here reads or writes files. `normalize` builds a [`Roadmap`], `resolve` links its
//! re-listings (再掲), `validate` checks it, and the renderers read it. `roadmap.json` is this
//! type serialised.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::fiscal::{FiscalYear, Period, YearMonth, YearNotation};

/// Where a record came from: file, sheet and cell (0-based row and column, and A1 notation).
///
/// ```
/// let s = koteihyo::model::Source::new("市民課.xlsx", "工程表", 11, 5);
/// assert_eq!(s.cell, "F12");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Source {
    /// The file name without its folder, e.g. `02_市民課.xlsx`.
    pub file: String,
    /// The sheet name, e.g. `工程表`.
    pub sheet: String,
    /// The row, 0-based (Excel's row 12 is `11`).
    pub row: u32,
    /// The column, 0-based (column F is `5`).
    pub col: u32,
    /// The cell in A1 notation, e.g. `F12`.
    pub cell: String,
}

impl Source {
    /// The source of the cell at 0-based (`row`, `col`) of a sheet, with its A1 `cell` filled in.
    pub fn new(file: &str, sheet: &str, row: u32, col: u32) -> Source {
        Source {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row,
            col,
            cell: a1(row, col),
        }
    }
}

/// A1 notation of a 0-based (row, column): `a1(0, 0) == "A1"`, `a1(11, 27) == "AB12"`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// The whole roadmap: the plan frame, its pillars down to the steps, and the KPIs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Roadmap {
    /// The plan frame: titles, period, はじめに, 凡例, 改定履歴.
    pub plan: Plan,
    /// 取り組みの柱 in the 体系 sheet's order, each down to its steps.
    pub pillars: Vec<Pillar>,
    /// The KPIs in the KPI sheet's order, one per 区分 and 指標.
    pub kpis: Vec<Kpi>,
}

/// The plan frame, from the plan workbook the policy office edits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Plan {
    /// 高山市
    pub city: String,
    /// 高山市DX推進計画（第2期）
    pub title: String,
    /// 工程表（ロードマップ）
    pub document: String,
    /// 高山市総務部行政経営課
    pub issuer: String,
    /// The plan period (計画開始年度–計画終了年度). Both are required (`plan-field-missing`);
    /// R7–R11 stands in only for a `--draft` of a plan that lacks them.
    pub period: Period,
    /// 人にやさしいデジタル都市 飛騨高山
    pub vision: String,
    /// The はじめに page.
    pub introduction: Introduction,
    /// The 凡例 labels (the 計画 fields `凡例_…`).
    pub legend: Legend,
    /// What a bar's arrow at the last year column means, in every edition and spoken text.
    #[serde(default)]
    pub arrow: crate::fiscal::Arrow,
    /// 改定履歴 in the sheet's order; `build --edition` appends the new edition when the sheet
    /// does not list that month.
    pub revisions: Vec<Revision>,
    /// 《注記》 lines printed after the revision history.
    pub remarks: Vec<String>,
    /// Contact lines printed on the back (URL, telephone).
    pub contact: Vec<String>,
    /// 評価年度: the fiscal year whose progress is reported. The 計画 field `評価年度`; when
    /// submissions carry progress and the field is absent, the year in force for the run
    /// (the last fiscal year ended before `--as-of`, see [`crate::progress`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_year: Option<FiscalYear>,
    /// Where the plan was read: the 計画 sheet's header row, column A (default when there is no
    /// 計画 sheet).
    pub source: Source,
    /// How the plan presents itself (year notation, lead column, words, numbering, depth,
    /// headings); absent from `roadmap.json` when it is all default (高山市's plan).
    #[serde(default, skip_serializing_if = "PlanStyle::is_default")]
    pub style: PlanStyle,
}

/// The plan's presentation choices, from the 計画 sheet's keys (each optional; the default is
/// 高山市's roadmap as published). One value handed to every renderer, like the period. The
/// year notation (年の表記) and the lead column (計画前の列) shape the chart's columns and
/// are on the [`Period`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanStyle {
    /// 計画開始年月: the month the plan starts, printed where the plan's start is; years still
    /// count from 計画開始年度.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_month: Option<YearMonth>,
    /// 番号の表記: how pillar and policy numbers are printed and referred to.
    pub numbering: Numbering,
    /// 取り組み項目: whether the plan has the 取り組み項目 level; without it a line stands
    /// directly under its 具体的な取り組み and submissions have no 取り組み項目 column.
    pub items: bool,
    /// The plan's names of its levels (柱の呼び名 …).
    pub words: Words,
    /// Section headings (見出し_…); empty where the built-in one is used.
    pub headings: Headings,
}

impl Default for PlanStyle {
    fn default() -> Self {
        PlanStyle {
            start_month: None,
            numbering: Numbering::default(),
            items: true,
            words: Words::default(),
            headings: Headings::default(),
        }
    }
}

impl Plan {
    /// The period as the cover and colophon print it, from 計画開始年月 when given
    /// ([`Period::label`]).
    pub fn period_label(&self) -> String {
        self.period.label(self.style.start_month)
    }
}

impl PlanStyle {
    /// All default: the plan needs nothing beyond today's behaviour.
    pub fn is_default(&self) -> bool {
        *self == PlanStyle::default()
    }
}

/// 番号の表記: how the 体系 sheet's 柱番号 and 施策番号 become labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Numbering {
    /// 記号 (the default): pillars `(1)`, policies `①`.
    #[default]
    #[serde(rename = "記号")]
    Symbols,
    /// そのまま: labels exactly as the 体系 sheet writes them (`1`, `1-2`, `Ⅰ`); policy labels
    /// are then unique across the plan.
    #[serde(rename = "そのまま")]
    AsWritten,
}

/// The plan's names of its levels: used in headings, legends, template headers and messages,
/// and accepted as headers of the sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Words {
    /// 柱の呼び名, e.g. `分野` (default `柱`).
    pub pillar: String,
    /// 施策の呼び名 (default `施策`).
    pub policy: String,
    /// 具体的な取り組みの呼び名, e.g. `取組` (default `具体的な取り組み`).
    pub initiative: String,
    /// 取り組み項目の呼び名 (default `取り組み項目`).
    pub item: String,
    /// 工程の呼び名 (default `工程`).
    pub step: String,
    /// 担当の呼び名, e.g. `部局` (default `担当課`).
    pub department: String,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            pillar: "柱".into(),
            policy: "施策".into(),
            initiative: "具体的な取り組み".into(),
            item: "取り組み項目".into(),
            step: "工程".into(),
            department: "担当課".into(),
        }
    }
}

/// Section headings from the 計画 keys 見出し_…; an empty one means the built-in heading.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Headings {
    /// 見出し_体系: the heading of the plan's structure page.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub frame: String,
    /// 見出し_工程表: the heading of the roadmap chart.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub roadmap: String,
    /// 見出し_KPI全般: the heading of the plan-wide KPI table.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kpi_general: String,
    /// 見出し_KPI柱: the heading of the per-pillar KPI tables.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kpi_pillar: String,
}

/// A section of the outputs whose heading the plan may word (見出し_…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// 見出し_体系 (built-in 目指す姿及び取り組みの体系).
    Frame,
    /// 見出し_工程表 (built-in ロードマップ).
    Roadmap,
    /// 見出し_KPI全般 (built-in DX推進計画全般のKPI).
    KpiGeneral,
    /// 見出し_KPI柱 (built-in 取り組みの柱毎のKPI).
    KpiPillar,
}

/// The plan's labels, one home for every renderer: the words of its levels, its section
/// headings and the printed labels of its pillars and policies, all as the plan says them.
impl PlanStyle {
    /// The heading of `section`: the plan's own, else the built-in one (高山市's words).
    pub fn heading(&self, section: Section) -> &str {
        let (own, built_in) = match section {
            Section::Frame => (&self.headings.frame, "目指す姿及び取り組みの体系"),
            Section::Roadmap => (&self.headings.roadmap, "ロードマップ"),
            Section::KpiGeneral => (&self.headings.kpi_general, "DX推進計画全般のKPI"),
            Section::KpiPillar => (&self.headings.kpi_pillar, "取り組みの柱毎のKPI"),
        };
        if own.trim().is_empty() {
            built_in
        } else {
            own
        }
    }

    /// The printed label of a policy with its pillar: `(1)①`, or the policy's own label
    /// (`1-2`) when numbers are printed as written (they are then unique in the plan).
    pub fn place(&self, pillar: &Pillar, policy: &Policy) -> String {
        match self.numbering {
            Numbering::Symbols => format!("{}{}", pillar.label, policy.label),
            Numbering::AsWritten => policy.label.clone(),
        }
    }

    /// A pillar's or policy's label followed by its name: `①行政手続き…` (a circled number
    /// needs no space), `1-2 業務の効率化`.
    pub fn titled(&self, label: &str, title: &str) -> String {
        match self.numbering {
            Numbering::Symbols => format!("{label}{title}"),
            Numbering::AsWritten if label.is_empty() => title.to_string(),
            Numbering::AsWritten => format!("{label} {title}"),
        }
    }

    /// The 凡例 as printed: the plan's 凡例_… labels, each missing one the plan's word for
    /// its level (no item label when the plan has no 取り組み項目 level).
    pub fn legend(&self, legend: &Legend) -> Legend {
        let or = |own: &str, word: &str| match own.trim() {
            "" => word.to_string(),
            _ => own.to_string(),
        };
        Legend {
            initiative: or(&legend.initiative, &self.words.initiative),
            item: if self.items {
                or(&legend.item, &self.words.item)
            } else {
                String::new()
            },
            step: or(&legend.step, &self.words.step),
        }
    }

    /// The word for what progress and counts are kept per: the 取り組み項目, or in a plan
    /// without that level its lines, called by the step's word (工程).
    pub fn item_word(&self) -> &str {
        if self.items {
            &self.words.item
        } else {
            &self.words.step
        }
    }

    /// The words of the hierarchy's levels as headers, pillar down to the line's parent:
    /// `[柱, 施策, 具体的な取り組み, 取り組み項目]`, without the item when the plan has no
    /// such level.
    pub fn level_words(&self) -> Vec<&str> {
        let w = &self.words;
        let mut out = vec![w.pillar.as_str(), w.policy.as_str(), w.initiative.as_str()];
        if self.items {
            out.push(w.item.as_str());
        }
        out
    }
}

/// はじめに: the introduction page, from the plan workbook's はじめに sheet (前文, 目的, 結び).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Introduction {
    /// Paragraphs before the purposes.
    pub opening: Vec<String>,
    /// The 目的 rows, in order.
    pub purposes: Vec<Purpose>,
    /// Paragraphs after the purposes.
    pub closing: Vec<String>,
}

impl Introduction {
    /// Whether the plan wrote no はじめに at all: the editions then leave the part out rather
    /// than print an empty page.
    pub fn is_empty(&self) -> bool {
        self.opening.is_empty() && self.purposes.is_empty() && self.closing.is_empty()
    }
}

/// One of the roadmap's purposes, e.g. 共通認識の形成.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Purpose {
    /// 見出し, e.g. `共通認識の形成`.
    pub title: String,
    /// 副題, e.g. `~関係者間の共創による効果的な取り組みの推進~`.
    pub subtitle: String,
    /// 本文: the purpose's paragraph.
    pub body: String,
    /// 共創
    pub keyword: String,
    /// Co-creation
    pub keyword_en: String,
}

/// The 凡例 labels.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Legend {
    /// The legend's label for 具体的な取り組み, e.g. `計画本文における「具体的な取り組み」`.
    pub initiative: String,
    /// The legend's label for 取り組み項目, e.g. `取り組み項目`.
    pub item: String,
    /// The legend's label for the steps (工程), e.g. `主な工程`.
    pub step: String,
}

/// One edition in the 改定履歴.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// The calendar month of the edition (`year` and `month` in `roadmap.json`).
    #[serde(flatten)]
    pub date: YearMonth,
    /// ロードマップ策定
    pub text: String,
}

/// 取り組みの柱, e.g. (1) “便利・快適” ～DXによる 市民サービスの向上～.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Pillar {
    /// 柱番号 on the 体系 sheet, e.g. `1` (printed "(1)").
    pub number: u32,
    /// "(1)"
    pub label: String,
    /// "“便利・快適”"
    pub title: String,
    /// "～DXによる 市民サービスの向上～"
    pub subtitle: String,
    /// 施策 of the pillar, in the 体系 sheet's order.
    pub policies: Vec<Policy>,
    /// The 柱番号 cell of the pillar's first row on the 体系 sheet.
    pub source: Source,
}

/// 施策, e.g. ①行政手続きのオンライン化の推進.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Policy {
    /// 施策番号 within the pillar, e.g. `1` (printed "①").
    pub number: u32,
    /// "①"
    pub label: String,
    /// "行政手続きのオンライン化の推進"
    pub title: String,
    /// 具体的な取り組み of the policy: the 体系 sheet's, then any a submission adds.
    pub initiatives: Vec<Initiative>,
    /// The 施策番号 cell of the policy's first row on the 体系 sheet.
    pub source: Source,
}

/// 具体的な取り組み (an initiative named in the plan's text).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Initiative {
    /// The initiative's text as the plan words it, e.g.
    /// `複数の市民向けサービスを一つに集約したスマートフォンアプリの導入検討`.
    pub text: String,
    /// 取り組み項目 under the initiative, in the order the submissions first list them.
    pub items: Vec<Item>,
    /// Where it is written: the cell of the submission that first lists items under it, else its
    /// cell on the 体系 sheet.
    pub source: Source,
}

/// 取り組み項目.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Item {
    /// As written, markers included.
    pub text: String,
    /// Without the 再掲 marker: what re-listings are matched on.
    pub label: String,
    /// Carries a 再掲 marker.
    pub relisted: bool,
    /// For a re-listed item: the original item.
    pub relisting: Option<Relisting>,
    /// A re-listing without an original: the closest original, which the
    /// `relisting-near-miss` warning names (so the editions can point at it too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closest_original: Option<Relisting>,
    /// 担当課 of the row that first listed the item (its 担当課 column, else the file name), e.g.
    /// `市民課`.
    pub department: String,
    /// The chart lines (工程行) of the item, in the order read.
    pub lines: Vec<Line>,
    /// How the item went in the 評価年度 (進捗, 実績, 課題); `None` when its sheet has no
    /// progress column and no progress cell was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// The 取り組み項目 cell where the item was first written.
    pub source: Source,
    /// The notes (comments) on rows of the item that draw no line, in row order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cell_notes: Vec<CellNote>,
}

/// The progress of one 取り組み項目 in the year under review (評価年度).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Progress {
    /// The 評価年度: the year in the column headers, else the plan's, else the last fiscal
    /// year ended before `--as-of` (filled in by [`crate::progress::settle`]).
    pub year: Option<FiscalYear>,
    /// `None`: not reported (the sheet has the column, the item's cells are blank, or the
    /// value could not be read — which is an error of its own).
    pub status: Option<Status>,
    /// The status as written, e.g. `〇`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub written: String,
    /// 実績: what was done that year.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub result: String,
    /// 課題: problems and next steps.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issue: String,
    /// The status cell; without one, the first progress cell, else the item's cell.
    pub source: Source,
    /// The item's sheet has a 進捗 column, so an item left blank there is chased.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_column: bool,
    /// A re-listing (再掲) takes its original's progress: the original's item cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_original: Option<Source>,
}

/// 進捗: the statuses of the contract, in the order reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    /// 完了: finished (also written 済, 終了, ◎).
    #[serde(rename = "完了")]
    Done,
    /// 順調: on schedule (also 予定どおり, 計画通り, ○, 〇 …).
    #[serde(rename = "順調")]
    OnTrack,
    /// 前倒し: ahead of schedule.
    #[serde(rename = "前倒し")]
    Ahead,
    /// 遅れ: behind schedule (also 遅延, △).
    #[serde(rename = "遅れ")]
    Late,
    /// 未着手: not started yet (also ×).
    #[serde(rename = "未着手")]
    NotStarted,
    /// 見直し: the plan for the item was revised (also 変更).
    #[serde(rename = "見直し")]
    Revised,
    /// 中止: stopped (also 休止).
    #[serde(rename = "中止")]
    Stopped,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 7] = [
        Status::Done,
        Status::OnTrack,
        Status::Ahead,
        Status::Late,
        Status::NotStarted,
        Status::Revised,
        Status::Stopped,
    ];

    /// The canonical Japanese word: `Status::Late.label() == "遅れ"`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "完了",
            Status::OnTrack => "順調",
            Status::Ahead => "前倒し",
            Status::Late => "遅れ",
            Status::NotStarted => "未着手",
            Status::Revised => "見直し",
            Status::Stopped => "中止",
        }
    }

    /// What the status means, as the template's guide and progress.pdf define it, in the
    /// plan's words for an item and a step.
    pub fn meaning(self, style: &PlanStyle) -> String {
        let (item, step) = (style.item_word(), &style.words.step);
        match self {
            Status::Done => format!("{item}を終えた"),
            Status::OnTrack => format!("{step}どおりに進んでいる"),
            Status::Ahead => format!("{step}より早く進んでいる"),
            Status::Late => format!("{step}より遅れている"),
            Status::NotStarted => "始める年度になったが始めていない".into(),
            Status::Revised => format!("内容や{step}を見直す"),
            Status::Stopped => "取りやめる・休む".into(),
        }
    }

    /// The statuses a reader must see first (behind, revised, stopped).
    pub fn needs_attention(self) -> bool {
        matches!(self, Status::Late | Status::Revised | Status::Stopped)
    }

    /// The statuses that must say what the problem is (課題).
    pub fn needs_issue(self) -> bool {
        matches!(
            self,
            Status::Late | Status::NotStarted | Status::Revised | Status::Stopped
        )
    }
}

/// The counts for one 評価年度, as `check` reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearSummary {
    /// The fiscal year (2025 = 令和7年度).
    pub year: FiscalYear,
    /// `令和7(2025)年度`.
    pub label: String,
    /// Items per status, every status listed (zeros included), in report order.
    pub statuses: BTreeMap<Status, usize>,
    /// Items with no status.
    pub not_reported: usize,
    /// Departments none of whose items has a status.
    pub departments_not_reported: Vec<String>,
}

/// One row of the chart: its steps (phases) side by side.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Line {
    /// The steps (phases) of the line, in column order.
    pub steps: Vec<Step>,
    /// 備考 of the row (grid layout).
    pub remark: Option<String>,
    /// For a line whose steps are re-listed: the original line.
    pub relisting: Option<Relisting>,
    /// A re-listing without an original: the closest original, which the
    /// `relisting-near-miss` warning names (so the editions can point at it too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closest_original: Option<Relisting>,
    /// Where the line was read: its first step's cell as written (column A of a grid row that
    /// holds only a 備考 or a note).
    pub source: Source,
    /// The notes (comments) on the cells of the line's row (list layout: of its phases' rows),
    /// in column order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cell_notes: Vec<CellNote>,
}

/// A cell note (comment) a clerk left on a roadmap or KPI table, kept with the row it is on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CellNote {
    /// The note's text as written (trimmed).
    pub text: String,
    /// The cell the note is on.
    pub source: Source,
}

/// 工程: one bar of the chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Step {
    /// As written, trimmed of surrounding white space and not NFKC-normalised: what gets
    /// printed.
    pub text: String,
    /// The text without 再掲 marker, notes and pinned-year annotation, NFKC-normalised:
    /// what re-listings are matched on.
    pub label: String,
    /// Notes such as 国の動向による, 参考 (from the text), and the row's 備考 (list layout).
    pub notes: Vec<String>,
    /// Carries a 再掲 marker.
    pub relisted: bool,
    /// For a re-listed step: the original step.
    pub relisting: Option<Relisting>,
    /// A trailing year annotation such as (R5) pins the step to that fiscal year.
    pub pinned: Option<FiscalYear>,
    /// The first fiscal year of the step: its start column (grid) or 開始年度 (list).
    pub start: YearRef,
    /// The last fiscal year of the step, inclusive (`継続`: the plan's last year). A pinned step
    /// starts and ends in its pinned year.
    pub end: YearRef,
    /// A 再掲 row of the list layout with blank years: `resolve` copies the original's
    /// schedule and clears this flag.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inherit_schedule: bool,
    /// 担当課 of the step's row (its 担当課 column, else the file name), e.g. `市民課`.
    pub department: String,
    /// The step's cell: the year cell it starts in (grid) or its 工程 cell (list).
    pub source: Source,
}

impl Step {
    /// The step's period in words, as every edition says it (the web edition's list view and
    /// screen readers, the PDF's spoken text): the fiscal module's spoken span (「令和7年度から
    /// 令和9年度まで」, 「令和6年度まで」 for the lead column alone), with what the plan's
    /// `arrow` means for a step reaching the last year ([`crate::fiscal::Arrow::spoken`]); a
    /// step pinned to a year reads that year.
    pub fn period_words(&self, period: Period, arrow: crate::fiscal::Arrow) -> String {
        let cols = period.columns();
        let start = self.start.column.min(cols - 1);
        let end = self.end.column.min(cols - 1).max(start);
        match self.pinned {
            Some(year) => period.years.spoken(year),
            None => arrow.spoken(period, period.columns_span(start, end)),
        }
    }
}

/// A fiscal year as written, and the chart column it falls in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct YearRef {
    /// The year itself, kept even when it is before the plan period (the lead column).
    pub fiscal_year: FiscalYear,
    /// As written in the cell or header, e.g. "令和7(2025)年度", "R8", "継続".
    pub written: String,
    /// 0 = lead column (～R6), 1 = first plan year, …
    pub column: u32,
}

/// Indices of a step (or line, or item) in the tree: pillar, policy, initiative, item, line, step.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Path {
    /// Index into [`Roadmap::pillars`], 0-based like the others.
    pub pillar: usize,
    /// Index into the pillar's [`Pillar::policies`].
    pub policy: usize,
    /// Index into the policy's [`Policy::initiatives`].
    pub initiative: usize,
    /// Index into the initiative's [`Initiative::items`].
    pub item: usize,
    /// Index into the item's [`Item::lines`].
    pub line: usize,
    /// Index into the line's [`Line::steps`].
    pub step: usize,
}

/// The link from a re-listing to its original.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Relisting {
    /// Where the original sits in the tree (for an item link, `line` and `step` are 0).
    pub path: Path,
    /// The original's pillar and policy, printed after a re-listing: "(1)④".
    pub place: String,
    /// The original's text as written: an item's text, or for a line its steps' texts
    /// joined with ` / `.
    pub text: String,
    /// The original's cell (for a line, its first step's).
    pub source: Source,
}

/// KPI category: 全般 (the whole plan) or one pillar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KpiCategory {
    /// 全般: the plan as a whole (`"General"` in `roadmap.json`).
    General,
    /// The pillar with this number: 区分 `(1)` is `Pillar(1)` (`{"Pillar": 1}` in `roadmap.json`).
    Pillar(u32),
    /// A policy, by its pillar's number and its own within the pillar: 区分 `1-2` (a plan
    /// numbering as written) or `(1)②` is `Policy(1, 2)` (`{"Policy": [1, 2]}`).
    Policy(u32, u32),
}

impl KpiCategory {
    /// The pillar the indicator is shown under: its own, or its policy's; `None` for 全般.
    pub fn pillar(self) -> Option<u32> {
        match self {
            KpiCategory::General => None,
            KpiCategory::Pillar(n) | KpiCategory::Policy(n, _) => Some(n),
        }
    }
}

/// Which way an indicator is meant to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Direction {
    /// Rising: a target is `↑`, or the last target is above the baseline (else the first target).
    Up,
    /// Falling: a target is `↓`, or the last target is below the baseline (else the first target).
    Down,
    /// Neither: no `↑`/`↓`, and no two figures to compare or the first equals the last.
    #[default]
    Unknown,
}

/// A KPI figure: a number, or a direction with no figure (`↑`, `↓`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum KpiValue {
    /// A figure without its unit: `1,300種類` is `1300`; a cell shown as 41.5% is `41.5`.
    Number(f64),
    /// `↑`: meant to rise, no figure given.
    Up,
    /// `↓`: meant to fall, no figure given.
    Down,
}

/// The point of `year` among `points`: the last one when a year is written twice, as a cell
/// written again replaces what it held.
///
/// ```
/// use koteihyo::model::{point_in, KpiPoint, KpiValue};
/// let p = |fiscal_year, v: f64| KpiPoint {
///     fiscal_year,
///     value: KpiValue::Number(v),
///     written: v.to_string(),
///     source: Default::default(),
/// };
/// let points = [p(2025, 1.0), p(2026, 2.0), p(2025, 3.0)];
/// assert_eq!(point_in(&points, 2025).map(|p| p.value), Some(KpiValue::Number(3.0)));
/// assert!(point_in(&points, 2027).is_none());
/// ```
pub fn point_in(points: &[KpiPoint], year: FiscalYear) -> Option<&KpiPoint> {
    points.iter().rev().find(|p| p.fiscal_year == year)
}

impl KpiValue {
    /// The figure, if it is a finite number (`None` for ↑ / ↓).
    ///
    /// ```
    /// use koteihyo::model::KpiValue;
    /// assert_eq!(KpiValue::Number(41.5).figure(), Some(41.5));
    /// assert_eq!(KpiValue::Up.figure(), None);
    /// assert_eq!(KpiValue::Number(f64::NAN).figure(), None);
    /// ```
    pub fn figure(&self) -> Option<f64> {
        match self {
            KpiValue::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

/// A KPI figure for one fiscal year (at the end of that year: 年度末).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiPoint {
    /// The fiscal year whose end (年度末) the figure is for: `2025` is 令和7年度末.
    pub fiscal_year: FiscalYear,
    /// The figure read from the cell.
    pub value: KpiValue,
    /// As written, e.g. "1,300種類".
    pub written: String,
    /// The value's cell on the KPI sheet.
    pub source: Source,
}

impl KpiPoint {
    /// The figure as printed: as written, except that a bare number (a numeric cell, `1250`)
    /// gets digit grouping and the indicator's `unit`, as the published tables print their
    /// figures (`1,250種類`). The one place the PDF, the 変更点 and the workbook's texts take
    /// a KPI figure from.
    ///
    /// ```
    /// use koteihyo::model::{KpiPoint, KpiValue, Source};
    /// let p = |written: &str, v: f64| KpiPoint { fiscal_year: 2024, value: KpiValue::Number(v),
    ///     written: written.into(), source: Source::default() };
    /// assert_eq!(p("1250", 1250.0).shown("種類"), "1,250種類");
    /// assert_eq!(p("1,300種類", 1300.0).shown("種類"), "1,300種類");
    /// assert_eq!(p("41.5%", 41.5).shown("%"), "41.5%");
    /// assert_eq!(p("-12345.5", -12345.5).shown(""), "-12,345.5");
    /// ```
    pub fn shown(&self, unit: &str) -> String {
        let bare = !self.written.is_empty()
            && self
                .written
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
        match (&self.value, bare) {
            (KpiValue::Number(n), true) => format!("{}{}", group_digits(*n), unit.trim()),
            _ => self.written.clone(),
        }
    }
}

/// A number with `,` between groups of three digits: `12345.5` → `12,345.5`.
pub fn group_digits(n: f64) -> String {
    let text = format!("{n}");
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// 重要業績評価指標 (KPI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// 区分: 全般 or the pillar the indicator belongs to.
    pub category: KpiCategory,
    /// 指標: the indicator's name, e.g. `オンラインで可能な行政手続きの種類`.
    pub indicator: String,
    /// 指標の考え方: why this indicator and its targets (empty when the sheet gives none).
    pub rationale: String,
    /// 単位, from its column or the figures' suffix, e.g. `種類`, `%`; empty if neither gives one.
    pub unit: String,
    /// The latest actual at or before the year before the plan period.
    pub baseline: Option<KpiPoint>,
    /// 計画 (目標) figures for the plan years, in year order.
    pub targets: Vec<KpiPoint>,
    /// 実績 figures in year order, those before the plan period included.
    pub actuals: Vec<KpiPoint>,
    /// Which way the figures are meant to move, from the targets.
    pub direction: Direction,
    /// The 指標 cell of the indicator's first row.
    pub source: Source,
    /// The notes (comments) on the cells of the indicator's rows, in row and column order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cell_notes: Vec<CellNote>,
}

impl Kpi {
    /// The years a KPI table shows: the baseline year (the year before the plan when there is
    /// no earlier baseline, unless the plan has no lead column: 計画前の列 なし), then every
    /// plan year.
    pub fn table_years(&self, period: Period) -> Vec<FiscalYear> {
        let earlier = self
            .baseline
            .as_ref()
            .map(|b| b.fiscal_year)
            .filter(|&y| y < period.first);
        let lead = period.lead.then_some(period.first - 1);
        earlier
            .or(lead)
            .into_iter()
            .chain(period.first..=period.last)
            .collect()
    }

    /// The years a KPI chart (and the web edition's table) shows: every fiscal year, none
    /// skipped, from the earliest of the baseline year ([`Kpi::table_years`]'s first) and the
    /// actuals' years to the plan's last year, so the slope between two figures is true to
    /// time; a year without a figure is a gap.
    pub fn chart_years(&self, period: Period) -> Vec<FiscalYear> {
        let base = self.table_years(period).first().copied();
        let first = base
            .into_iter()
            .chain(self.actuals.iter().map(|a| a.fiscal_year))
            .min()
            .unwrap_or(period.first);
        (first..=period.last.max(first)).collect()
    }

    /// The figure a KPI table shows for `year` in its 計画 row (`target`) or 実績 row, as
    /// written ([`KpiPoint::shown`]): in the baseline year (`base_year`, the first of [`Kpi::table_years`]) the
    /// 実績 row falls back to the baseline and the 計画 row shows 「—」, as the published
    /// tables do; an empty string where there is no figure.
    pub fn table_figure(&self, year: FiscalYear, target: bool, base_year: FiscalYear) -> String {
        let points = if target { &self.targets } else { &self.actuals };
        match points.iter().find(|p| p.fiscal_year == year) {
            Some(p) => p.shown(&self.unit),
            None if !target && year == base_year => self
                .baseline
                .as_ref()
                .filter(|b| b.fiscal_year == year)
                .map(|b| b.shown(&self.unit))
                .unwrap_or_default(),
            None if target && year == base_year => "—".to_string(),
            None => String::new(),
        }
    }
}

impl Pillar {
    /// The pillar's full heading: `(1) “便利・快適” ～DXによる 市民サービスの向上～` (empty parts
    /// left out).
    pub fn heading(&self) -> String {
        [
            self.label.as_str(),
            self.title.as_str(),
            self.subtitle.as_str(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
    }
}

impl Roadmap {
    /// Every 取り組み項目 with its path (line and step 0), in document order.
    pub fn items(&self) -> impl Iterator<Item = (Path, &Item)> {
        self.pillars.iter().enumerate().flat_map(|(a, pillar)| {
            pillar
                .policies
                .iter()
                .enumerate()
                .flat_map(move |(b, policy)| {
                    policy
                        .initiatives
                        .iter()
                        .enumerate()
                        .flat_map(move |(c, ini)| {
                            ini.items.iter().enumerate().map(move |(d, item)| {
                                let path = Path {
                                    pillar: a,
                                    policy: b,
                                    initiative: c,
                                    item: d,
                                    line: 0,
                                    step: 0,
                                };
                                (path, item)
                            })
                        })
                })
        })
    }

    /// Every step with its path, in document order.
    pub fn steps(&self) -> impl Iterator<Item = (Path, &Step)> {
        self.items().flat_map(|(at, item)| {
            item.lines.iter().enumerate().flat_map(move |(e, line)| {
                line.steps.iter().enumerate().map(move |(f, step)| {
                    let path = Path {
                        line: e,
                        step: f,
                        ..at
                    };
                    (path, step)
                })
            })
        })
    }

    /// The 取り組み項目 at `at` (its line and step are ignored), if the path is valid.
    pub fn item_at(&self, at: Path) -> Option<&Item> {
        self.pillars
            .get(at.pillar)?
            .policies
            .get(at.policy)?
            .initiatives
            .get(at.initiative)?
            .items
            .get(at.item)
    }

    /// The 取り組み項目 at `at`, to change it.
    pub fn item_at_mut(&mut self, at: Path) -> Option<&mut Item> {
        self.pillars
            .get_mut(at.pillar)?
            .policies
            .get_mut(at.policy)?
            .initiatives
            .get_mut(at.initiative)?
            .items
            .get_mut(at.item)
    }

    /// "(1)④" (or `1-4`, numbers as written) for a pillar and policy index.
    pub fn place_label(&self, pillar: usize, policy: usize) -> String {
        let Some(p) = self.pillars.get(pillar) else {
            return String::new();
        };
        match p.policies.get(policy) {
            Some(q) => self.plan.style.place(p, q),
            None => p.label.clone(),
        }
    }

    /// The policy a KPI of a policy (区分 naming a 施策) belongs to, as the editions print it
    /// (「1-2 業務の効率化」, 「(1)② 業務の効率化」); `None` for a general or a pillar's KPI, whose
    /// heading already says where it belongs.
    pub fn policy_of_kpi(&self, category: KpiCategory) -> Option<String> {
        let KpiCategory::Policy(n, m) = category else {
            return None;
        };
        let p = self.pillars.iter().find(|p| p.number == n)?;
        let q = p.policies.iter().find(|q| q.number == m)?;
        Some(format!("{} {}", self.plan.style.place(p, q), q.title))
    }

    /// A KPI's 区分 as the plan prints it: 全般, the pillar's label, or the policy's place
    /// (`(1)②`, `1-2`); a number the plan lacks is printed in the built-in symbols.
    pub fn category_label(&self, category: KpiCategory) -> String {
        let pillar = |n: u32| self.pillars.iter().find(|p| p.number == n);
        match category {
            KpiCategory::General => "全般".to_string(),
            KpiCategory::Pillar(n) => {
                pillar(n).map_or_else(|| format!("({n})"), |p| p.label.clone())
            }
            KpiCategory::Policy(n, m) => pillar(n)
                .and_then(|p| Some((p, p.policies.iter().find(|q| q.number == m)?)))
                .map_or_else(
                    || format!("({n}){}", circled_number(m)),
                    |(p, q)| self.plan.style.place(p, q),
                ),
        }
    }
}

/// `①` for 1 (to ⑳), else `(21)`: the built-in policy symbol, for a number the plan lacks.
fn circled_number(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1).map_or_else(|| format!("({n})"), String::from),
        _ => format!("({n})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 5), "F12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }
}
