//! Diagnostics as data: code, severity, the text they quote, place, hints.
//!
//! Stages collect diagnostics and hand them on with their value ([`Warned`]); only the edge
//! (the `check` report, the workbook's 入力チェック sheet, the PDF's draft mark) renders them
//! into words, in Japanese or English, from the one table in [`Code::spec`].

use serde::{Deserialize, Serialize};

use crate::model::{a1, Source};

/// A stage's value together with everything it found on the way (cf. typst's `Warned<T>`).
#[derive(Debug, Clone)]
pub struct Warned<T> {
    /// The stage's value, e.g. the workbooks read.
    pub output: T,
    /// Everything it found on the way.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    /// A value with its diagnostics.
    pub fn new(output: T, diagnostics: Vec<Diagnostic>) -> Warned<T> {
        Warned {
            output,
            diagnostics,
        }
    }
}

/// How much a finding weighs, fixed per [`Code`]: any error stops `build` (unless `--draft`)
/// and makes `check` exit 1. Ordered most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something to fix before the roadmap is final (`error`).
    Error,
    /// Something to look at that does not stop `build` (`warning`).
    Warning,
    /// A note of something skipped or tidied, e.g. a file that is no workbook (`info`).
    Info,
}

impl Severity {
    /// The stable name, as in the README and the JSON report: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    /// The name shown to a user in `lang`: `エラー` / `error`, `警告` / `warning`, …
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Ja) => "エラー",
            (Severity::Warning, Lang::Ja) => "警告",
            (Severity::Info, Lang::Ja) => "情報",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }
}

/// The language messages are rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 日本語 (the default).
    #[default]
    Ja,
    /// English (`--lang en`).
    En,
}

/// Where a finding is: a file, and where known a sheet and a cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Place {
    /// The file name as shown, e.g. `03_市民課.xlsx`.
    pub file: String,
    /// The sheet's name, e.g. `工程表`, when the finding is on one sheet.
    pub sheet: Option<String>,
    /// 0-based row and column of the cell.
    pub cell: Option<(u32, u32)>,
}

impl Place {
    /// A whole file.
    pub fn file(file: &str) -> Place {
        Place {
            file: file.to_string(),
            sheet: None,
            cell: None,
        }
    }
    /// A whole sheet of a file.
    pub fn sheet(file: &str, sheet: &str) -> Place {
        Place {
            file: file.to_string(),
            sheet: Some(sheet.to_string()),
            cell: None,
        }
    }
    /// One cell, by its 0-based row and column.
    ///
    /// ```
    /// use koteihyo::diagnostic::Place;
    /// let p = Place::cell("03_市民課.xlsx", "工程表", 11, 5);
    /// assert_eq!(p.a1().as_deref(), Some("F12"));
    /// ```
    pub fn cell(file: &str, sheet: &str, row: u32, col: u32) -> Place {
        Place {
            file: file.to_string(),
            sheet: Some(sheet.to_string()),
            cell: Some((row, col)),
        }
    }
    /// The cell in A1 notation, e.g. "F12".
    pub fn a1(&self) -> Option<String> {
        self.cell.map(|(r, c)| a1(r, c))
    }
}

impl From<&Source> for Place {
    fn from(s: &Source) -> Place {
        Place::cell(&s.file, &s.sheet, s.row, s.col)
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What was found; its severity and texts are in [`Code::spec`].
    pub code: Code,
    /// What the message quotes or says, in the order of its `{0}`, `{1}` … placeholders.
    pub args: Vec<Arg>,
    /// Where it was found.
    pub place: Place,
    /// How many times the same finding was made (1 unless [`fold`] folded repeats of one
    /// cause, e.g. one wrong 施策 cell read for six rows).
    pub repeats: usize,
}

/// One argument of a [`Diagnostic`]: a text quoted from a file, shown exactly as written
/// whatever the language, or a reason the tool gives, shown in the report's language.
/// Typed, so that no quoted text (a private-use character, `{1}`, a control character) can
/// be taken for anything else.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    /// A text as written in a cell or a name, quoted as it is.
    Quoted(String),
    /// The tool's own words, in both languages.
    Said(Message),
}

impl Arg {
    /// The text shown in `lang`: the quoted text as it is, or the side of the tool's words.
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            Arg::Quoted(s) => s,
            Arg::Said(m) => m.get(lang),
        }
    }
    /// The quoted text, or the Japanese side of the tool's words (for tests and sorting).
    pub fn as_str(&self) -> &str {
        self.text(Lang::Ja)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Quoted(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Quoted(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Quoted(s.clone())
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Said(m)
    }
}

impl PartialEq<str> for Arg {
    fn eq(&self, other: &str) -> bool {
        matches!(self, Arg::Quoted(s) if s == other)
    }
}

impl PartialEq<String> for Arg {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<&str> for Arg {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl Diagnostic {
    /// A finding of `code` at `place`, quoting `args` as written (see [`Diagnostic::args`]).
    pub fn new(code: Code, place: Place, args: &[&str]) -> Diagnostic {
        Diagnostic::with(code, place, args.iter().map(|s| Arg::from(*s)))
    }
    /// A finding whose arguments mix quoted texts and the tool's words:
    /// `Diagnostic::with(code, place, [text.into(), reason.arg()])`.
    pub fn with(code: Code, place: Place, args: impl IntoIterator<Item = Arg>) -> Diagnostic {
        Diagnostic {
            code,
            args: args.into_iter().collect(),
            place,
            repeats: 1,
        }
    }
    /// The severity its code has in the table.
    pub fn severity(&self) -> Severity {
        self.code.spec().severity
    }
    /// The message in `lang`, with its quoted texts filled in, and how many times it was
    /// made when [`fold`] folded repeats.
    pub fn message(&self, lang: Lang) -> String {
        let spec = self.code.spec();
        let text = fill(
            match lang {
                Lang::Ja => spec.ja,
                Lang::En => spec.en,
            },
            &self.args,
            lang,
        );
        match (self.repeats, self.place.cell) {
            (0 | 1, _) => text,
            (n, Some(_)) => crate::msg!(
                "{}（このセルを使う{}行で同じ指摘のため、1件にまとめました）",
                "{} (the same for each of the {} rows that use this cell; shown once)",
                text,
                n
            )
            .get(lang)
            .to_string(),
            (n, None) => crate::msg!(
                "{}（同じ指摘{}件を1件にまとめました）",
                "{} ({} identical findings shown once)",
                text,
                n
            )
            .get(lang)
            .to_string(),
        }
    }
    /// The hint in `lang`, if the code has one.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        let spec = self.code.spec();
        let h = match lang {
            Lang::Ja => spec.hint_ja,
            Lang::En => spec.hint_en,
        };
        (!h.is_empty()).then(|| fill(h, &self.args, lang))
    }
}

/// A text for the user in both languages. Every sentence the tool says itself goes through
/// this type: the diagnostics' table ([`Code::spec`]), the faults of a run (a missing folder,
/// a full disk), the notes of `build` and `template`. Printing picks one side with
/// [`Message::get`]; build one with [`msg!`](crate::msg).
///
/// ```
/// use koteihyo::diagnostic::{Lang, Message};
/// let m = koteihyo::msg!("{}を読めません", "cannot read {}", "a.xlsx");
/// assert_eq!(m.get(Lang::Ja), "a.xlsxを読めません");
/// assert_eq!(m.get(Lang::En), "cannot read a.xlsx");
/// assert_eq!(m, Message::new("a.xlsxを読めません", "cannot read a.xlsx"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Message {
    /// 日本語.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Message {
    /// A message from its two sides.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The side in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    /// Both sides, the English in parentheses: `ja (en)` (for a `Display` that must show both).
    pub fn both(&self) -> String {
        format!("{} ({})", self.ja, self.en)
    }

    /// The message as one argument of a [`Diagnostic`] (a reason the tool gives, shown in
    /// the report's language, as opposed to a text quoted from a file, shown as it is).
    pub fn arg(&self) -> Arg {
        Arg::Said(self.clone())
    }
}

impl std::fmt::Display for Message {
    /// Both sides: a `Display` has no language. Printing for a user uses [`Message::get`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.both())
    }
}

/// A [`Message`] from a Japanese and an English format string sharing their arguments:
/// `msg!("{}が見つかりません", "{} not found", path.display())`.
#[macro_export]
macro_rules! msg {
    ($ja:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::diagnostic::Message::new(format!($ja $(, $arg)*), format!($en $(, $arg)*))
    };
}

/// The template with each `{i}` replaced by argument `i` in `lang`, in one pass over the
/// template: a substituted text is never read again, so braces in a quoted text stay as
/// written. A placeholder with no argument stays as it is.
fn fill(template: &str, args: &[Arg], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let index: usize = after[..close].parse().ok()?;
            Some((args.get(index)?, close))
        });
        match arg {
            Some((a, close)) => {
                out.push_str(a.text(lang));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One row of the message table.
pub struct Spec {
    /// The stable string code, e.g. `year-unparseable`.
    pub code: &'static str,
    /// The severity every diagnostic of this code has.
    pub severity: Severity,
    /// The Japanese message, with `{0}`, `{1}` … for the quoted texts.
    pub ja: &'static str,
    /// The English message, with the same placeholders.
    pub en: &'static str,
    /// The Japanese hint (what to do), or empty when there is none.
    pub hint_ja: &'static str,
    /// The English hint, empty exactly when the Japanese one is.
    pub hint_en: &'static str,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $sev:ident,
        ja: $ja:literal, en: $en:literal, hint_ja: $hja:literal, hint_en: $hen:literal; )*) => {
        /// Every diagnostic the tool can give. The string codes are stable: scripts and the
        /// README refer to them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( #[doc = concat!("`", $code, "`: ", $en)] $variant, )* }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
            /// The message table: severity, Japanese and English side by side.
            pub fn spec(self) -> &'static Spec {
                match self { $( Code::$variant => &Spec {
                    code: $code, severity: Severity::$sev, ja: $ja, en: $en,
                    hint_ja: $hja, hint_en: $hen,
                }, )* }
            }
            /// The stable string code, e.g. `file-unreadable`.
            pub fn as_str(self) -> &'static str { self.spec().code }
        }
    };
}

codes! {
    // --- files and sheets -------------------------------------------------------------
    FileSkipped = "file-skipped", Info,
        ja: "読み込み対象外のファイルのため飛ばしました（{0}）",
        en: "skipped: not a submission workbook ({0})",
        hint_ja: "", hint_en: "";
    FileUnreadable = "file-unreadable", Error,
        ja: "ファイルを開けません: {0}",
        en: "cannot open the file: {0}",
        hint_ja: "Excelで開けるか確認し、.xlsx形式で保存し直してください。パスワード保護は解除してください。",
        hint_en: "check that it opens in Excel, save it again as .xlsx, and remove any password protection.";
    SheetSkipped = "sheet-skipped", Info,
        ja: "シート「{0}」は記入例・説明のため読み飛ばしました",
        en: "sheet \"{0}\" skipped (example or instructions)",
        hint_ja: "", hint_en: "";
    SheetNoHeader = "sheet-no-header", Warning,
        ja: "シート「{0}」に見出し行が見つからないため読み込んでいません",
        en: "sheet \"{0}\" has no recognisable header row and was not read",
        hint_ja: "先頭20行以内に{1}と年度（または「{2}」「開始年度」「終了年度」）の見出しを置いてください。シート名を「記入例」「説明」で始めると読み飛ばします。",
        hint_en: "put the headers ({1} and year columns, or {2}/開始年度/終了年度) within the first 20 rows; name the sheet 記入例… or 説明… to have it skipped.";
    SheetHidden = "sheet-hidden", Warning,
        ja: "シート「{0}」は非表示のため読み込んでいません",
        en: "sheet \"{0}\" is hidden and was not read",
        hint_ja: "読み込ませるシートは再表示してください。古い写しなら削除してください。",
        hint_en: "unhide the sheet to have it read, or delete it if it is an old copy.";
    RowsHidden = "rows-hidden", Warning,
        ja: "シート「{0}」の非表示の行（{1}）は読み込んでいません",
        en: "the hidden rows of sheet \"{0}\" ({1}) were not read",
        hint_ja: "読み込ませる行は再表示してください。不要な行なら削除してください。",
        hint_en: "unhide the rows to have them read, or delete them if they are not needed.";
    RowsFiltered = "rows-filtered", Warning,
        ja: "シート「{0}」のフィルターで隠れている行（{1}）は読み込んでいません",
        en: "the rows of sheet \"{0}\" hidden by its filter ({1}) were not read",
        hint_ja: "フィルターを解除して（「データ」→「フィルター」→「クリア」）すべての行を表示してください。不要な行なら削除してください。",
        hint_en: "clear the filter (Data → Filter → Clear) so that every row shows, or delete the rows if they are not needed.";
    FileNoSteps = "file-no-steps", Error,
        ja: "このファイルから工程を1件も読み取れませんでした（{0}）",
        en: "no roadmap step could be read from this file ({0})",
        hint_ja: "工程表のシートの先頭20行以内に{1}と年度の見出し（または「{2}」「開始年度」「終了年度」）を置いてください。",
        hint_en: "put the headers {1} and the year columns (or {2}, 開始年度, 終了年度) within the first 20 rows of the roadmap sheet.";
    NoSubmission = "no-submission", Error,
        ja: "各課の提出ファイルが1つもありません（{0}）",
        en: "there is no department submission at all ({0})",
        hint_ja: "各課の工程表のファイル（.xlsx・.xlsm・.xls・.ods）を置いたフォルダか、ファイルを指定してください。",
        hint_en: "name the folder holding the departments' workbooks (.xlsx, .xlsm, .xls, .ods), or the files themselves.";
    DepartmentUnknown = "department-unknown", Warning,
        ja: "担当課「{0}」は計画ワークブックの担当課の一覧にありません。「{1}」のことですか",
        en: "department \"{0}\" is not in the plan workbook's list of departments; did you mean \"{1}\"?",
        hint_ja: "ファイル名を「番号_課名.xlsx」に、または担当課の列を一覧の課名にしてください。",
        hint_en: "name the file NN_課名.xlsx, or write the department as the list spells it.";
    ZipNotRead = "zip-not-read", Error,
        ja: "圧縮ファイル「{0}」の中身は読み込んでいません",
        en: "the contents of the zip file \"{0}\" were not read",
        hint_ja: "zipを展開して、中の工程表のファイルを入力フォルダに置き、zipは削除してください（同じ課のファイルが二重にならないように）。",
        hint_en: "extract the zip, put the workbooks it holds in the input folder and delete the zip (so that no department is there twice).";
    DepartmentDuplicate = "department-duplicate", Error,
        ja: "担当課「{0}」の提出が2つあります: 「{1}」と「{2}」（どちらも読み込みましたが、工程表には「{1}」だけを載せます）",
        en: "department \"{0}\" is submitted twice: \"{1}\" and \"{2}\" (both were read; only \"{1}\" goes into the roadmap)",
        hint_ja: "古い写し（「- コピー」「(1)」「_旧」など）や修正前のファイル・シートを削除し、1課1つにしてください。",
        hint_en: "delete the old copy (「- コピー」, 「(1)」, 「_旧」 …) or the superseded file or sheet, so that each department is there once.";
    DepartmentMissing = "department-missing", Error,
        ja: "担当課「{0}」の提出がありません（探した場所: {1}）",
        en: "nothing was submitted for department \"{0}\" (looked in {1})",
        hint_ja: "その課のファイル（例: 番号_課名.xlsx）を入力フォルダに置くか、ファイルの担当課の列・名前を一覧の課名にしてください。",
        hint_en: "put the department's workbook (e.g. NN_課名.xlsx) in the input folder, or write its name in the file's 担当課 column or file name as the list spells it.";
    DepartmentSeveral = "department-several", Warning,
        ja: "担当課「{0}」に複数の課（{1}）が書かれています",
        en: "the department cell \"{0}\" names several departments ({1})",
        hint_ja: "1行に1つの課にしてください（共同の取り組みは、課ごとの行に分けてください）。",
        hint_en: "write one department per line (split a joint entry into one line per department).";
    DepartmentUnclear = "department-unclear", Error,
        ja: "シート「{0}」の担当課が決まりません（ファイル名は複数の課「{1}」を含み、担当課の列も課の名前のシート名もありません）",
        en: "the department of sheet \"{0}\" is unclear (the file name names several departments, \"{1}\", and there is no 担当課 column or sheet named after a department)",
        hint_ja: "担当課の列を加えるか、シート名を課の名前にしてください。",
        hint_en: "add a 担当課 column, or name each sheet after its department.";
    ColumnUnknown = "column-unknown", Info,
        ja: "見出し「{0}」の列は使わないため読み飛ばしました",
        en: "column \"{0}\" is not used and was skipped",
        hint_ja: "", hint_en: "";
    ColumnUnknownValues = "column-unknown-values", Warning,
        ja: "見出し「{0}」の{1}列に値がありますが、使わない見出しのため読み込んでいません（工程表・KPIに入りません）",
        en: "column {1} under the header \"{0}\" holds values, but the header is not one that is read: they are not in the roadmap or the KPIs",
        hint_ja: "読み込む列なら決まった見出し（docs/SUBMISSIONS.md の「見出し行」）にし、不要なら列を消してください。",
        hint_en: "give the column one of the headers that are read (docs/SUBMISSIONS.md, Header rows), or delete it.";
    CellError = "cell-error", Error,
        ja: "セルに数式のエラー「{0}」があります",
        en: "the cell holds a formula error \"{0}\"",
        hint_ja: "数式を直すか、値に置き換えてください。",
        hint_en: "fix the formula or replace it with a value.";
    LimitExceeded = "limit-exceeded", Error,
        ja: "上限を超えたため読み込みを打ち切りました: {0}",
        en: "a limit was exceeded and reading stopped: {0}",
        hint_ja: "ファイルが壊れていないか、不要な行や列がないか確認してください。",
        hint_en: "check that the file is not damaged and has no stray rows or columns.";
    SpaceJoined = "space-joined", Info,
        ja: "「{0}」の日本語の文字の間の空白を取り除きました（元の改行の名残とみられます）",
        en: "removed a space between Japanese characters in \"{0}\" (left by a line break)",
        hint_ja: "空白を残したい場合は全角の空白（　）を使ってください。",
        hint_en: "use a full-width space (　) where a space is meant.";
    CellIgnored = "cell-ignored", Warning,
        ja: "セルの内容「{0}」を読み込めませんでした（{1}）",
        en: "the cell's content \"{0}\" was not used ({1})",
        hint_ja: "", hint_en: "";
    // --- plan frame -------------------------------------------------------------------
    PlanMissing = "plan-missing", Error,
        ja: "計画の枠組み（「体系」シート: 柱番号・施策番号）が見つかりません（探した場所: {0}）",
        en: "no plan frame found (a sheet with 柱番号 and 施策番号 headers; looked in {0})",
        hint_ja: "計画ワークブック（00_計画.xlsx）のあるフォルダを --plan フォルダ で指定するか、input/ フォルダのある場所で実行してください。柱・施策はこの枠組みで確かめるため、それまで検査できません。",
        hint_en: "give the folder holding the plan workbook (00_計画.xlsx) with --plan DIR, or run where the input/ folder is. Pillars and policies are checked against this frame, so they cannot be checked until then.";
    PlanDuplicate = "plan-duplicate", Error,
        ja: "計画の枠組みが二重にあります（先に読んだもの: {0}）",
        en: "a second plan frame was found (the first: {0})",
        hint_ja: "計画ワークブックは一つにしてください。",
        hint_en: "keep only one plan workbook.";
    PlanFieldMissing = "plan-field-missing", Error,
        ja: "計画情報の「{0}」がありません",
        en: "the plan information lacks \"{0}\"",
        hint_ja: "計画シートに「{0}」の行（項目と内容、例: R7）を加えてください。計画期間は推測しません。",
        hint_en: "add a row \"{0}\" with its value (e.g. R7) to the 計画 sheet: the plan period is never guessed.";
    PlanFieldUnknown = "plan-field-unknown", Warning,
        ja: "計画情報の項目「{0}」は使われません",
        en: "plan field \"{0}\" is not used",
        hint_ja: "", hint_en: "";
    PlanFieldValue = "plan-field-value", Error,
        ja: "計画情報の「{0}」の値「{1}」は使えません（使える値: {2}）",
        en: "the plan field \"{0}\" cannot be \"{1}\" (accepted: {2})",
        hint_ja: "計画シートの内容を、使える値のどれかにしてください。空欄にすると既定の値になります。",
        hint_en: "write one of the accepted values in the 計画 sheet; leave the row out for the default.";
    FrameLabelDuplicate = "frame-label-duplicate", Error,
        ja: "{2}番号「{0}」が体系シートに二度あります（先の{2}: {1}）",
        en: "policy number \"{0}\" is written twice on the frame sheet (the first: {1})",
        hint_ja: "番号をそのまま使う計画では、{2}番号は計画全体で一つずつにしてください（KPIの区分が{2}を番号で指すため）。",
        hint_en: "in a plan whose numbers are printed as written, give each policy its own number across the plan (a KPI's 区分 names a policy by it).";
    PlanWordsEqual = "plan-words-equal", Error,
        ja: "計画情報の呼び名が重なっています（「{0}」と「{1}」がどちらも「{2}」）",
        en: "two levels of the plan have one name (\"{0}\" and \"{1}\" are both \"{2}\")",
        hint_ja: "見出しでどの階層か分からなくなるため、呼び名は階層ごとに変えてください。",
        hint_en: "give each level its own name: headers could not tell the levels apart.";
    // --- hierarchy ----------------------------------------------------------------------
    PillarUnknown = "pillar-unknown", Error,
        ja: "{1}「{0}」は計画の枠組みにありません",
        en: "pillar \"{0}\" is not in the plan frame",
        hint_ja: "「(1)」「1」または{1}の名称（例: {2}）で書いてください。",
        hint_en: "write it as (1), 1 or by its name (e.g. {2}).";
    PolicyUnknown = "policy-unknown", Error,
        ja: "{3}「{0}」は{2}{1}にありません",
        en: "policy \"{0}\" is not in pillar {1}",
        hint_ja: "「①」「1」または{3}の名称で書いてください。",
        hint_en: "write it as ①, 1 or by its name.";
    PillarFormUnclear = "pillar-form-unclear", Error,
        ja: "{2}「{0}」は決まった書き方ではないため読み取れません。「{1}」のことですか",
        en: "pillar \"{0}\" is not written in an accepted form and was not read; did you mean \"{1}\"?",
        hint_ja: "{2}は「(1)」「1」「(1) 名称」または{2}の名称だけで書いてください。",
        hint_en: "write the pillar as (1), 1, (1) with its name, or by its name alone.";
    PolicyFormUnclear = "policy-form-unclear", Error,
        ja: "{2}「{0}」は決まった書き方ではないため読み取れません。「{1}」のことですか",
        en: "policy \"{0}\" is not written in an accepted form and was not read; did you mean \"{1}\"?",
        hint_ja: "{2}は{3}の中の番号で「①」「1」「①{2}名」または{2}名だけで書いてください。",
        hint_en: "write the policy by its number inside the pillar as ①, 1, ① with its name, or by its name alone.";
    RowsSplit = "rows-split", Warning,
        ja: "{0}「{1}」の行が離れた2か所（{2} と {3}）にあります。並べ替えや移動で、空欄の{4}が別の行のものになっていないか確かめてください",
        en: "the rows of {0} \"{1}\" stand in two separate places ({2} and {3}); check that sorting or moving rows did not put blank {4} cells under another row's",
        hint_ja: "どの行にも{5}を書くと、並べ替えても行の位置が変わりません。",
        hint_en: "write {5} on every row, so that sorting keeps each row's parents.";
    HierarchyMissing = "hierarchy-missing", Error,
        ja: "「{0}」が空欄で、上の行にもないため、この行の工程「{1}」の位置が決まりません",
        en: "\"{0}\" is blank here and above, so the step \"{1}\" has no place",
        hint_ja: "", hint_en: "";
    // --- fiscal years ---------------------------------------------------------------------
    YearUnparseable = "year-unparseable", Error,
        ja: "年度「{0}」を読み取れません",
        en: "cannot read the fiscal year \"{0}\"",
        hint_ja: "「R7」「令和7年度」「2025」のように書いてください。",
        hint_en: "write it as R7, 令和7年度 or 2025.";
    YearEraMismatch = "year-era-mismatch", Error,
        ja: "年度「{0}」の和暦と西暦が一致しません（{1}年度は西暦{2}年）",
        en: "the era year and the western year of \"{0}\" disagree ({1} is {2})",
        hint_ja: "", hint_en: "";
    YearAfterPeriod = "year-after-period", Error,
        ja: "年度「{0}」は計画期間（{1}まで）の外です",
        en: "fiscal year \"{0}\" is after the plan period (ends {1})",
        hint_ja: "", hint_en: "";
    YearBeforePeriod = "year-before-period", Error,
        ja: "年度「{0}」は計画期間（{1}から）より前です。この計画の工程表には計画前の列がありません",
        en: "fiscal year \"{0}\" is before the plan period (starts {1}), and this plan's chart has no lead column",
        hint_ja: "計画より前から続く工程は、計画の最初の年度から書いてください。", hint_en: "write work begun before the plan from the plan's first year.";
    YearEndBeforeStart = "year-end-before-start", Error,
        ja: "工程「{0}」の終了年度「{2}」が開始年度「{1}」より前です",
        en: "step \"{0}\" ends (\"{2}\") before it starts (\"{1}\")",
        hint_ja: "", hint_en: "";
    YearStartBlank = "year-start-blank", Error,
        ja: "工程「{0}」の開始年度が空欄です",
        en: "step \"{0}\" has no start year",
        hint_ja: "", hint_en: "";
    YearEndBlank = "year-end-blank", Error,
        ja: "工程「{0}」の終了年度が空欄です",
        en: "step \"{0}\" has no end year",
        hint_ja: "期間の最後まで続く場合は「継続」と書いてください。",
        hint_en: "write 継続 if it runs to the end of the period.";
    YearPinConflict = "year-pin-conflict", Error,
        ja: "工程「{0}」は{1}と書かれていますが、期間は{2}です",
        en: "step \"{0}\" names {1} but its span is {2}",
        hint_ja: "", hint_en: "";
    YearColumnsOutOfOrder = "year-columns-out-of-order", Error,
        ja: "年度の列が連続していないか順番が違います（「{0}」の次が「{1}」）",
        en: "the year columns are not consecutive or in order (\"{0}\" is followed by \"{1}\")",
        hint_ja: "年度の列は～R6、R7、R8…と左から順に並べてください。",
        hint_en: "order the year columns ～R6, R7, R8 … from left to right.";
    ContinuationWithoutStep = "continuation-without-step", Error,
        ja: "継続の記号「{0}」の左に工程がありません",
        en: "the continuation mark \"{0}\" has no step to its left",
        hint_ja: "", hint_en: "";
    ContinuationWordWithoutStep = "continuation-word-without-step", Warning,
        ja: "年度の欄の「{0}」は左の工程の続きの意味ですが、左に工程がないため読み込んでいません",
        en: "\"{0}\" in a year cell continues the step to its left, but there is no step to its left; not read",
        hint_ja: "工程の名前を書くか、「{0}」を消してください。",
        hint_en: "write the step's name, or delete \"{0}\".";
    MarkUnknown = "mark-unknown", Warning,
        ja: "年度の欄の「{0}」は記号だけのため、左の工程の続きとして読みました",
        en: "\"{0}\" in a year cell is only a symbol and was read as continuing the step to its left",
        hint_ja: "続きなら「→」、途中で終わるなら終わる年度の次の欄に「－」を書いてください。",
        hint_en: "write → to continue the step, or － in the cell after its last year to end it.";
    PeriodTextDiffers = "period-text-differs", Warning,
        ja: "「{0}」に書かれた期間「{1}」（{2}）が、工程表の線（{3}）と合いません",
        en: "\"{0}\" states the period \"{1}\" ({2}), but the bars show {3}",
        hint_ja: "延期や変更なら年度の欄（線）を動かし、文中の期間も合わせてください。",
        hint_en: "if the step was moved, move its bar in the year columns, and make the text agree.";
    StepCellSeveralYears = "step-cell-several-years", Warning,
        ja: "工程のセル「{0}」の行が違う年度（{1}）で始まっています。1つのセルには1つの工程を書いてください",
        en: "the lines of the step cell \"{0}\" start with different fiscal years ({1}); write one step per cell",
        hint_ja: "年度ごとの工程は、その年度の欄に分けて書いてください。",
        hint_en: "write each year's step in that year's column.";
    // --- what the eye sees: fills, strike-through, shapes, notes ----------------------------
    FillWithoutStep = "fill-without-step", Warning,
        ja: "年度の欄の塗りつぶし（{0}）に工程の文字がないため、工程として読んでいません",
        en: "the filled year cells {0} hold no step text and were not read as a step",
        hint_ja: "帯の中のどこか1つのセルに工程を書いてください。不要な塗りつぶしなら消してください。",
        hint_en: "write the step in one cell of the filled run, or clear the fill if it means nothing.";
    FillSeveralSteps = "fill-several-steps", Warning,
        ja: "年度の欄の同じ色の塗りつぶし（{0}）に工程が{1}つあります（{2}）。それぞれを文字の位置から読みました",
        en: "the filled year cells {0} hold {1} steps ({2}); each was read from where its text stands",
        hint_ja: "1つの帯には工程を1つだけ書くか、工程ごとに色を変えてください。",
        hint_en: "write one step per filled run, or give each step a fill of its own.";
    TextStruck = "text-struck", Info,
        ja: "取り消し線（見え消し）の文字は削除されたものとして読みました（「{0}」→「{1}」）",
        en: "struck-through text was read as deleted (\"{0}\" → \"{1}\")",
        hint_ja: "", hint_en: "";
    ShapeOverTable = "shape-over-table", Warning,
        ja: "工程表の上に{0}（{1}{2}）があります。図形は工程として読みません",
        en: "a {0} lies over the roadmap table ({1}{2}); shapes are not read as steps",
        hint_ja: "期間は年度の欄の「→」などの印かセルの結合で表し、工程の文字はセルに書いてください。",
        hint_en: "show a period with marks such as → or merged year cells, and write steps in cells.";
    CellNote = "cell-note", Info,
        ja: "セルのメモ: 「{0}」",
        en: "cell note: \"{0}\"",
        hint_ja: "", hint_en: "";
    // --- re-listings (再掲) -----------------------------------------------------------------
    RelistingNearMiss = "relisting-near-miss", Warning,
        ja: "再掲「{0}」の元の記載が見つかりません。{2}の「{1}」（{3}）のことですか",
        en: "re-listing \"{0}\" has no original; did you mean \"{1}\", at {2} ({3})?",
        hint_ja: "元の記載と同じ文言にしてください。",
        hint_en: "use the same words as the original.";
    RelistingNoOriginal = "relisting-no-original", Error,
        ja: "再掲「{0}」の元の記載がどこにもありません",
        en: "re-listing \"{0}\" has no original anywhere in the roadmap",
        hint_ja: "「(再掲)」を外すか、元の記載を追加してください。",
        hint_en: "remove the (再掲) marker or add the original entry.";
    RelistingAmbiguous = "relisting-ambiguous", Error,
        ja: "再掲「{0}」の元の記載が複数あり特定できません（{1}）",
        en: "re-listing \"{0}\" matches several originals ({1})",
        hint_ja: "", hint_en: "";
    RelistingScheduleDiffers = "relisting-schedule-differs", Warning,
        ja: "再掲「{0}」の期間（{1}）が元の記載（{3}、{2}）と異なります",
        en: "re-listing \"{0}\" runs {1}, but its original ({3}) runs {2}",
        hint_ja: "", hint_en: "";
    ItemDuplicateUnmarked = "item-duplicate-unmarked", Warning,
        ja: "{2}「{0}」が{1}にもあります。再掲であれば「(再掲)」を付けてください",
        en: "item \"{0}\" is also listed at {1}; mark the re-listing with (再掲)",
        hint_ja: "", hint_en: "";
    // --- KPI ---------------------------------------------------------------------------------
    KpiValueUnparseable = "kpi-value-unparseable", Error,
        ja: "KPIの値「{0}」を読み取れません",
        en: "cannot read the KPI value \"{0}\"",
        hint_ja: "数値、「1,300種類」のような単位付きの数、「↑」「↓」、または「—」で書いてください。",
        hint_en: "write a number, a number with its unit (1,300種類), ↑ / ↓, or —.";
    KpiUnitConflict = "kpi-unit-conflict", Error,
        ja: "KPI「{0}」の単位「{1}」と値「{2}」の単位が食い違っています",
        en: "KPI \"{0}\": unit \"{1}\" conflicts with the value \"{2}\"",
        hint_ja: "", hint_en: "";
    KpiTargetOutsidePeriod = "kpi-target-outside-period", Error,
        ja: "KPI「{0}」の目標年度「{1}」が計画期間の外です",
        en: "KPI \"{0}\": target year \"{1}\" is outside the plan period",
        hint_ja: "", hint_en: "";
    KpiTargetsUnsteady = "kpi-targets-unsteady", Warning,
        ja: "KPI「{0}」の目標値が一方向に推移していません（{1}）",
        en: "KPI \"{0}\": the targets do not move steadily in one direction ({1})",
        hint_ja: "", hint_en: "";
    KpiActualFuture = "kpi-actual-future", Warning,
        ja: "KPI「{0}」に、まだ終わっていない{1}の実績「{2}」があります（基準日 {3}）",
        en: "KPI \"{0}\" has an actual \"{2}\" for {1}, which has not ended (as of {3})",
        hint_ja: "", hint_en: "";
    KpiPercentSuspect = "kpi-percent-suspect", Warning,
        ja: "KPI「{0}」の値「{1}」は1未満で、ほかの値は1以上です。{2}%のつもりではありませんか",
        en: "KPI \"{0}\": the value \"{1}\" is below 1 while the others are above 1; did you mean {2}%?",
        hint_ja: "パーセントは「41.5%」のように書くか、セルの表示形式をパーセントにしてください。",
        hint_en: "write the percentage as 41.5%, or give the cell a percent format.";
    KpiKindUnknown = "kpi-kind-unknown", Error,
        ja: "KPIの種別「{0}」は「計画」「実績」のどちらでもありません",
        en: "KPI kind \"{0}\" is neither 計画 nor 実績",
        hint_ja: "", hint_en: "";
    KpiCategoryUnknown = "kpi-category-unknown", Error,
        ja: "KPIの区分「{0}」は「全般」でも{1}・{2}でもありません",
        en: "KPI category \"{0}\" is neither 全般 nor a pillar or policy of the plan",
        hint_ja: "", hint_en: "";
    // --- progress (進捗) -----------------------------------------------------------------------
    ProgressStatusUnknown = "progress-status-unknown", Error,
        ja: "進捗「{0}」は使えない値です（使える値: {1}）",
        en: "progress \"{0}\" is not a status (accepted: {1})",
        hint_ja: "一覧から選ぶか、完了・順調・前倒し・遅れ・未着手・見直し・中止のどれかを書いてください。",
        hint_en: "pick one from the drop-down, or write 完了, 順調, 前倒し, 遅れ, 未着手, 見直し or 中止.";
    ProgressStatusConflict = "progress-status-conflict", Error,
        ja: "{5}「{0}」の進捗が「{1}」（{2}）と「{3}」（{4}）で食い違っています",
        en: "item \"{0}\" has two statuses: \"{1}\" ({2}) and \"{3}\" ({4})",
        hint_ja: "進捗は{5}ごとに一つです。どちらかに揃えてください。",
        hint_en: "an item has one status; make them the same.";
    ProgressYearConflict = "progress-year-conflict", Error,
        ja: "見出し「{0}」の年度が見出し「{1}」の年度と違います",
        en: "the header \"{0}\" names another fiscal year than \"{1}\"",
        hint_ja: "1つのシートで報告する評価年度は一つです。見出しの年度を揃えてください。",
        hint_en: "a sheet reports on one fiscal year; make the headers name the same year.";
    ProgressOverdue = "progress-overdue", Warning,
        ja: "{4}「{0}」の工程は{1}で終わっていますが、{2}の進捗は「{3}」です",
        en: "item \"{0}\": its schedule ended in {1}, but its progress for {2} is \"{3}\"",
        hint_ja: "完了していれば「完了」、続けるなら工程の期間を延ばすか「見直し」にしてください。",
        hint_en: "write 完了 if it is done; otherwise extend its steps or mark it 見直し.";
    ProgressDoneEarly = "progress-done-with-steps-ahead", Warning,
        ja: "{4}「{0}」は{1}に「完了」ですが、{2}から始まる工程「{3}」が残っています",
        en: "item \"{0}\" is 完了 in {1}, but its step \"{3}\" starts in {2}",
        hint_ja: "残りの工程を削除するか、進捗を見直してください。",
        hint_en: "remove the remaining steps or correct the status.";
    ProgressIssueMissing = "progress-issue-missing", Warning,
        ja: "{2}「{0}」の進捗は「{1}」ですが、課題が空欄です",
        en: "item \"{0}\" is \"{1}\" but its 課題 is empty",
        hint_ja: "遅れ・未着手・見直し・中止のときは、理由と今後の方向性を課題の欄に書いてください。",
        hint_en: "for 遅れ, 未着手, 見直し and 中止, say why and what comes next in the 課題 column.";
    ProgressNotReported = "progress-not-reported", Warning,
        ja: "{2}「{0}」の{1}の進捗が空欄です",
        en: "item \"{0}\" has no progress for {1}",
        hint_ja: "進捗の欄に状況を書いてください（一覧から選べます）。",
        hint_en: "write its status in the 進捗 column (a drop-down lists them).";
    ProgressRelistingDiffers = "progress-relisting-differs", Warning,
        ja: "再掲「{0}」の進捗「{1}」が元の記載（{3}）の進捗「{2}」と異なります",
        en: "re-listing \"{0}\" has the status \"{1}\", its original ({3}) \"{2}\"",
        hint_ja: "再掲は元の記載の進捗を使います。再掲の進捗は空欄にするか、元と揃えてください。",
        hint_en: "a re-listing takes its original's progress; leave it blank or make them the same.";
    ProgressWithoutRoadmap = "progress-without-roadmap", Warning,
        ja: "進捗の列「{0}」が工程表のシートにないため読み込んでいません",
        en: "the progress column \"{0}\" is not on a roadmap sheet and was not read",
        hint_ja: "進捗・実績・課題の列は、工程表のシート（{1}と年度または「{2}」の列がある表）に加えてください。",
        hint_en: "add the 進捗, 実績 and 課題 columns to the roadmap sheet (the table with {1} and year or {2} columns).";
    // --- the run ---------------------------------------------------------------------------
    EditionBeforeLast = "edition-before-last", Error,
        ja: "改定年月 --edition {0}（{1}）は、計画ワークブックの改定履歴にある最新の版 {2} より前です",
        en: "--edition {0} ({1}) is older than the latest edition in the plan workbook's 改定履歴, {2}",
        hint_ja: "--edition には {3}（{2}）以降の年月を YYYY-MM で指定してください。前の版を作り直すときは、その版の入力フォルダで build してください。",
        hint_en: "give --edition a month from {3} ({2}) on, as YYYY-MM; to rebuild an older edition, build from that edition's input folder.";
    // --- rendering ---------------------------------------------------------------------------
    GlyphMissing = "glyph-missing", Error,
        ja: "文字「{0}」は印刷用フォントにないため表示できません（「{1}」）",
        en: "the character \"{0}\" is not in the print font (in \"{1}\")",
        hint_ja: "別の文字に置き換えてください（例: 𠮷→吉）。",
        hint_en: "replace it with another character.";
    PdfNotAccessible = "pdf-not-accessible", Warning,
        ja: "{0} は、印刷用フォントにない文字か、文字のない題・見出しがあるため、アクセシビリティ規格 PDF/UA-1 に適合しない案として書き出しました",
        en: "{0} has characters the print font lacks, or a title or heading without text, so it was written as a draft that does not claim PDF/UA-1 accessibility",
        hint_ja: "glyph-missing の文字を置き換え、計画の題と各見出しを記入すると、PDF/UA-1 に適合する PDF になります。",
        hint_en: "replace the characters of the glyph-missing findings and fill in the plan's title and every heading to get a PDF/UA-1 file.";
    TextTooLong = "text-too-long", Warning,
        ja: "「{0}」が長すぎて枠に収まりません",
        en: "\"{0}\" is too long to fit its box",
        hint_ja: "", hint_en: "";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Folds repeats of one finding (same code, place and quoted texts) into one that counts
/// them: a cell read for several rows (a 施策 filled down or merged) is one mistake, and is
/// reported and counted once. Keeps the first of each in the given order.
pub fn fold(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<(Code, Place, Vec<Arg>), usize> =
        std::collections::HashMap::new();
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for d in diagnostics.drain(..) {
        let key = (d.code, d.place.clone(), d.args.clone());
        match seen.get(&key) {
            Some(&i) => {
                if let Some(first) = kept.get_mut(i) {
                    first.repeats += d.repeats;
                }
            }
            None => {
                seen.insert(key, kept.len());
                kept.push(d);
            }
        }
    }
    *diagnostics = kept;
}

/// How many of `diagnostics` have `severity`.
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity() == severity)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_has_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.spec();
            assert!(seen.insert(s.code), "duplicate code {}", s.code);
            assert!(!s.ja.is_empty() && !s.en.is_empty());
            assert_eq!(s.hint_ja.is_empty(), s.hint_en.is_empty(), "{}", s.code);
        }
    }

    #[test]
    fn message_quotes_its_text() {
        let d = Diagnostic::new(
            Code::YearUnparseable,
            Place::cell("市民課.xlsx", "工程表", 11, 5),
            &["R7年"],
        );
        assert_eq!(d.message(Lang::Ja), "年度「R7年」を読み取れません");
        assert_eq!(d.place.a1().as_deref(), Some("F12"));
        assert_eq!(d.severity(), Severity::Error);
    }

    #[test]
    fn a_reason_of_the_tool_is_in_the_language_asked_for() {
        let d = Diagnostic::with(
            Code::FileSkipped,
            Place::file("a.txt"),
            [Message::new("フォルダ", "folder").arg()],
        );
        assert_eq!(
            d.message(Lang::Ja),
            "読み込み対象外のファイルのため飛ばしました（フォルダ）"
        );
        assert_eq!(
            d.message(Lang::En),
            "skipped: not a submission workbook (folder)"
        );
        // A quoted text keeps its brackets whatever the language.
        let d = Diagnostic::new(Code::YearUnparseable, Place::file("a.xlsx"), &["R7 (2025)"]);
        assert_eq!(
            d.message(Lang::En),
            "cannot read the fiscal year \"R7 (2025)\""
        );
    }

    #[test]
    fn a_quoted_text_is_quoted_exactly_in_both_languages() {
        // A private-use character (外字) and a placeholder inside a cell's text.
        let text = "アナログ\u{E000}規制{1}の洗い出し";
        let d = Diagnostic::with(
            Code::CellIgnored,
            Place::cell("a.xlsx", "工程表", 3, 2),
            [
                text.into(),
                Message::new("工程が空欄", "no step text").arg(),
            ],
        );
        assert_eq!(
            d.message(Lang::Ja),
            format!("セルの内容「{text}」を読み込めませんでした（工程が空欄）")
        );
        assert_eq!(
            d.message(Lang::En),
            format!("the cell's content \"{text}\" was not used (no step text)")
        );
        // Control characters and lone braces too.
        let odd = "{\u{7}}{0}{x}{";
        let d = Diagnostic::new(Code::YearUnparseable, Place::file("a.xlsx"), &[odd]);
        assert_eq!(
            d.message(Lang::Ja),
            format!("年度「{odd}」を読み取れません")
        );
        assert_eq!(
            d.message(Lang::En),
            format!("cannot read the fiscal year \"{odd}\"")
        );
    }

    #[test]
    fn repeats_of_one_finding_fold_into_one_that_counts_them() {
        let at = Place::cell("a.xlsx", "工程表", 4, 1);
        let six = Diagnostic::new(Code::PolicyUnknown, at.clone(), &["⑥", "(1)", "柱", "施策"]);
        let other = Diagnostic::new(Code::PolicyUnknown, at, &["⑦", "(1)", "柱", "施策"]);
        let mut all = vec![six.clone(); 6];
        all.push(other.clone());
        fold(&mut all);
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].repeats, all[1].repeats), (6, 1));
        assert_eq!(
            all[0].message(Lang::Ja),
            "施策「⑥」は柱(1)にありません（このセルを使う6行で同じ指摘のため、1件にまとめました）"
        );
        assert_eq!(
            all[0].message(Lang::En),
            "policy \"⑥\" is not in pillar (1) (the same for each of the 6 rows that use this cell; shown once)"
        );
        assert_eq!(all[1].message(Lang::Ja), other.message(Lang::Ja));
    }
}
