//! What a change is: its kind, what it is about, its two sides, and the key that orders it.

use serde::Serialize;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// New in this edition.
    Added,
    /// Gone from this edition.
    Removed,
    /// Same text and place, another span.
    Rescheduled,
    /// Same text, another item, initiative or policy.
    Moved,
    /// Same place, another text.
    Reworded,
    /// The 再掲 marker or the resolved original changed.
    Relisting,
    /// A KPI target (計画) changed, appeared or disappeared.
    KpiTarget,
    /// A KPI actual (実績) changed, appeared or disappeared.
    KpiActual,
    /// An item's progress status (進捗) changed: `遅れ → 順調`.
    Status,
    /// A line's 備考 changed (the sides' `text` is the remark).
    Remark,
    /// An item's department (担当課) changed (the sides' `text` is the department).
    Department,
    /// A KPI's 指標の考え方 changed (the sides' `text` is the rationale).
    KpiRationale,
}

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One step (工程).
    Step,
    /// A whole chart line.
    Line,
    /// A whole item (取り組み項目).
    Item,
    /// An initiative (具体的な取り組み): its wording.
    Initiative,
    /// A KPI.
    Kpi,
}

/// One side of a change. For a KPI, `place` is its category (`全般`, `(1)`), `item` the
/// indicator, `text` the value as written and `span` the fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Side {
    /// `(1)①`.
    pub place: String,
    /// 具体的な取り組み.
    pub initiative: String,
    /// 取り組み項目.
    pub item: String,
    /// The step as written; a line's steps joined by ` / `, an item's lines by ` ／ `.
    pub text: String,
    /// `～R6`, `R8`, `R8～R11`; joined like `text` for a line or item.
    pub span: String,
    /// 担当課.
    pub department: String,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What happened.
    pub kind: Kind,
    /// What it happened to.
    pub scope: Scope,
    /// The policy it is listed under (`(1)①`; the new place of a move), or `KPI`.
    pub group: String,
    /// The policy's title, or `重要業績評価指標 (KPI)`.
    pub group_title: String,
    /// Before (absent for an addition).
    pub old: Option<Side>,
    /// After (absent for a removal).
    pub new: Option<Side>,
}

impl Change {
    /// The kind in Japanese, as the outputs print it: `期間の変更`, `行の削除` …
    pub fn label(&self) -> &'static str {
        match (self.kind, self.scope) {
            (Kind::Added, Scope::Step) => "工程の追加",
            (Kind::Added, Scope::Line) => "行の追加",
            (Kind::Added, Scope::Item) => "取り組み項目の追加",
            (Kind::Added, Scope::Kpi) => "KPIの追加",
            (Kind::Added, Scope::Initiative) => "具体的な取り組みの追加",
            (Kind::Removed, Scope::Step) => "工程の削除",
            (Kind::Removed, Scope::Line) => "行の削除",
            (Kind::Removed, Scope::Item) => "取り組み項目の削除",
            (Kind::Removed, Scope::Kpi) => "KPIの削除",
            (Kind::Removed, Scope::Initiative) => "具体的な取り組みの削除",
            (Kind::Rescheduled, _) => "期間の変更",
            (Kind::Moved, Scope::Item) => "取り組み項目の移動",
            (Kind::Moved, Scope::Line) => "行の移動",
            (Kind::Moved, _) => "工程の移動",
            (Kind::Reworded, Scope::Item) => "取り組み項目の文言の変更",
            (Kind::Reworded, Scope::Initiative) => "具体的な取り組みの文言の変更",
            (Kind::Reworded, _) => "文言の変更",
            (Kind::Relisting, _) => "再掲の変更",
            (Kind::Remark, _) => "備考の変更",
            (Kind::Department, _) => "担当課の変更",
            (Kind::KpiRationale, _) => "指標の考え方の変更",
            (Kind::KpiTarget, _) => "KPI目標値の変更",
            (Kind::KpiActual, _) => "KPI実績値の変更",
            (Kind::Status, _) => "進捗の変更",
        }
    }
}

/// Group of the KPI changes.
pub const KPI_GROUP: &str = "KPI";
/// Title of the KPI changes' group.
pub const KPI_GROUP_TITLE: &str = "重要業績評価指標 (KPI)";

/// Sort key of a change: (pillar number, policy number, position in the tree, year) —
/// KPIs get `u32::MAX` as their pillar.
pub(super) type Order = (u32, u32, [usize; 5]);
