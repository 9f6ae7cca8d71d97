//! Text rules: normal forms, 再掲 markers, step-text annotations, pillar and policy references.
//!
//! Cells are compared after NFKC, which folds full-width letters, digits and brackets
//! (`（１）` → `(1)`) so that what a clerk typed matches what the plan says. NFKC also turns
//! circled numbers into digits (`①` → `1`), so those are read before normalising.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::FiscalYear;
use crate::normalize::year::{parse_year_text, YearText};

// Readers name it here with the other text rules; it lives apart so that `year`, which this
// module uses, can use it too without a circle.
pub use super::normal_form::nfkc;

/// Header comparison key: NFKC with every white space removed (U+3000 and line breaks too).
///
/// ```
/// assert_eq!(koteihyo::normalize::text::header_key(" 開始\n年度　"), "開始年度");
/// ```
pub fn header_key(s: &str) -> String {
    without_spaces(&nfkc(s))
}

/// White space removed, then NFKC again: NFKC turns a spacing mark into a space and a
/// combining mark (`゛` → ` ゙`), and once the space is gone the mark composes with the letter
/// before it (`テ゛` → `デ`), as the same text typed the usual way does. (Found by the
/// property tests in tests/fuzz.rs.)
fn without_spaces(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    nfkc(&t)
}

/// Whether a cell holds only white space (U+3000 included) or nothing.
///
/// ```
/// assert!(koteihyo::normalize::text::is_blank("　\n"));
/// assert!(!koteihyo::normalize::text::is_blank("→"));
/// ```
pub fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Text of a cell if it holds something other than white space.
pub fn non_blank(text: Option<String>) -> Option<String> {
    text.filter(|t| !is_blank(t))
}

/// Whether a grid cell holds only continuation marks (`→ ⇒ ━`, repeated or mixed; also the
/// dots `…` `‥`), which extend the step to their left. NFKC forms count too: `￫` is `→`.
///
/// ```
/// use koteihyo::normalize::text::is_continuation;
/// assert!(is_continuation(" →→ "));
/// assert!(is_continuation("…"));
/// assert!(!is_continuation(""));
/// assert!(!is_continuation("→拡大"));
/// assert!(!is_continuation("－"));
/// ```
pub fn is_continuation(s: &str) -> bool {
    let t = nfkc(s);
    let t = t.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '→' | '⇒' | '━' | '.'))
}

/// Whether a grid cell holds only one of the words clerks type for "this step goes on"
/// (`継続`, `通年`, `随時`, `同上`, `〃`): like `→`, it extends the step to its left
/// (docs/SUBMISSIONS.md, "Words in year cells"). White space around or inside is ignored.
///
/// ```
/// use koteihyo::normalize::text::is_continuation_word;
/// assert!(is_continuation_word(" 継 続 "));
/// assert!(is_continuation_word("〃"));
/// assert!(!is_continuation_word("継続検討"));
/// assert!(!is_continuation_word("→"));
/// ```
pub fn is_continuation_word(s: &str) -> bool {
    const WORDS: [&str; 5] = ["継続", "通年", "随時", "同上", "〃"];
    WORDS.contains(&header_key(s).as_str())
}

/// Whether a grid cell holds only an end mark (`－ - ― ─ ×`, and the dashes a clerk types
/// for them: `‐ – — ー`), which ends the step to its left: it runs up to the column before
/// the mark.
///
/// ```
/// use koteihyo::normalize::text::is_end_mark;
/// assert!(is_end_mark("－"));
/// assert!(is_end_mark(" × "));
/// assert!(!is_end_mark("→"));
/// assert!(!is_end_mark("-拡大"));
/// ```
pub fn is_end_mark(s: &str) -> bool {
    let t = nfkc(s);
    let t = t.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '―' | '─' | '×' | '‐' | '–' | '—' | 'ー' | '−'))
}

/// Whether a cell holds only symbols (no letter, kana, kanji or digit), such as `○`, `●`
/// or `✓`: in a year cell a clerk means "this year too", not a step named `○`.
///
/// ```
/// use koteihyo::normalize::text::is_symbol_only;
/// assert!(is_symbol_only("○"));
/// assert!(is_symbol_only(" ◎ "));
/// assert!(is_symbol_only("〇")); // the kanji zero, typed for ○
/// assert!(!is_symbol_only("導入"));
/// assert!(!is_symbol_only("(R5)"));
/// assert!(!is_symbol_only(""));
/// ```
pub fn is_symbol_only(s: &str) -> bool {
    let t = nfkc(s);
    let t = t.trim();
    !t.is_empty() && !t.chars().any(|c| c.is_alphanumeric() && c != '〇')
}

/// A 再掲 marker as the contract lists them, after NFKC: in any bracket (`(再掲)`, `【再掲】`,
/// `[再掲]`) anywhere; `※再掲` at the start or the end; `再掲:` at the start (`：` is `:` after
/// NFKC). Mismatched pairs such as `(再掲】` are accepted too: they are typos, not other text.
static RELISTING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(\[【]\s*再掲\s*[)\]】]|^\s*※\s*再掲\s*:?|※\s*再掲\s*$|^\s*再掲\s*:")
        .expect("marker pattern is valid")
});

/// Removes 再掲 markers from NFKC text; says whether there were any.
fn remove_markers(normalised: &str) -> (String, bool) {
    let found = RELISTING_RE.is_match(normalised);
    (RELISTING_RE.replace_all(normalised, "").into_owned(), found)
}

/// Inner white space runs become one space, outer white space goes.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An item text without its 再掲 marker (NFKC, white space runs collapsed, trimmed), and
/// whether it had one.
///
/// ```
/// use koteihyo::normalize::text::strip_relisting;
/// assert_eq!(strip_relisting("窓口受付支援システムの導入（再掲）"), ("窓口受付支援システムの導入".to_string(), true));
/// assert_eq!(strip_relisting("例規改正"), ("例規改正".to_string(), false));
/// ```
pub fn strip_relisting(s: &str) -> (String, bool) {
    let (text, found) = remove_markers(&nfkc(s));
    (collapse_spaces(&text), found)
}

/// The key re-listings are matched on: NFKC, no 再掲 markers, no white space at all, so
/// `AIによる` and `AI による` are one text.
///
/// ```
/// use koteihyo::normalize::text::match_key;
/// assert_eq!(match_key("AI による（再掲）"), match_key("AIによる"));
/// ```
pub fn match_key(s: &str) -> String {
    let (text, _) = remove_markers(&nfkc(s));
    without_spaces(&text)
}

/// A fiscal year a step text is pinned to by a trailing annotation such as `(R5)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedYear {
    /// The fiscal year: `2023` for `(R5)`.
    pub year: FiscalYear,
    /// The annotation inside its brackets, NFKC-normalised and trimmed: `R5`, `令和5年度`.
    pub written: String,
}

/// A step text taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepText {
    /// NFKC, without 再掲 markers, notes and pin; white space runs collapsed to one space.
    pub label: String,
    /// Notes such as `国の動向による`, left to right, NFKC, without brackets.
    pub notes: Vec<String>,
    /// Whether the text carries a 再掲 marker (`(再掲)`, `【再掲】`, `※再掲` …).
    pub relisted: bool,
    /// The single fiscal year a trailing annotation such as `(R5)` pins the step to.
    pub pinned: Option<PinnedYear>,
}

/// Words that make a trailing parenthetical a note rather than part of the step's name.
const NOTE_WORDS: [&str; 6] = ["動向", "参考", "変動", "予定", "変更", "見込"];

/// Takes a step text apart. Trailing bracket groups are peeled off right to left while they
/// are notes (they contain 動向, 参考, 変動, 予定, 変更 or 見込) or a single fiscal year (the
/// pin; a second year annotation stops the peeling). Any other group, and a group that is the
/// whole text, stays in the label. 再掲 markers count wherever they are.
///
/// ```
/// use koteihyo::normalize::text::parse_step_text;
/// let s = parse_step_text("支払い項目の拡大(国の動向による)");
/// assert_eq!((s.label.as_str(), s.notes), ("支払い項目の拡大", vec!["国の動向による".to_string()]));
/// let s = parse_step_text("公金収納のDX(SMSによる納付勧奨)(再掲)");
/// assert_eq!((s.label.as_str(), s.relisted), ("公金収納のDX(SMSによる納付勧奨)", true));
/// let s = parse_step_text("Androidへマイナンバーカード機能の搭載（R５）");
/// assert_eq!(s.pinned.map(|p| p.year), Some(2023));
/// ```
pub fn parse_step_text(s: &str) -> StepText {
    let (text, relisted) = remove_markers(&nfkc(s));
    let mut rest = text.trim_end();
    let mut notes = Vec::new();
    let mut pinned = None;
    while let Some((open, content)) = trailing_group(rest) {
        let before = rest.get(..open).unwrap_or("").trim_end();
        if before.trim().is_empty() {
            break;
        }
        let content = content.trim();
        if NOTE_WORDS.iter().any(|w| content.contains(w)) {
            notes.insert(0, collapse_spaces(content));
        } else if let (None, Ok(YearText::Year { year })) = (&pinned, parse_year_text(content)) {
            pinned = Some(PinnedYear {
                year,
                written: content.to_string(),
            });
        } else {
            break;
        }
        rest = before;
    }
    StepText {
        label: collapse_spaces(rest),
        notes,
        relisted,
        pinned,
    }
}

/// The bracket group that ends `s`, as (byte index of its opening bracket, content). Nested
/// groups of the same kind are balanced; an unbalanced tail is no group.
fn trailing_group(s: &str) -> Option<(usize, &str)> {
    let close = s.chars().next_back()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        '】' => '【',
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, c) in s.char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                let content = s.get(i + open.len_utf8()..s.len() - close.len_utf8())?;
                return Some((i, content));
            }
        }
    }
    None
}

/// A pillar or policy as a submission refers to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameRef {
    /// By number: `(1)`, `１`, `①`, `①行政手続きのオンライン化の推進`.
    Number(u32),
    /// By name, as its [`match_key`]; compare with [`name_matches`].
    Name(String),
    /// A number joined to another (`3-1`, `1-2-3`), in none of the forms the contract lists: never read
    /// by its first digit (docs/SUBMISSIONS.md, "References are exact"). Holds the numbers
    /// written, left to right, for the closest form a finding suggests.
    Unclear(Vec<u32>),
}

/// A leading number, `(n)` or `n`, and what follows it (line breaks included).
static LEADING_NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^(?:\(\s*([0-9]{1,3})\s*\)|([0-9]{1,3}))(.*)$")
        .expect("number pattern is valid")
});

/// Characters that join a number to another (`3-1`, `1.2`, `1・2`).
const NUMBER_JOINERS: &str = "-‐−–—ー.,、・_/~)";

/// Every run of ASCII digits in `s`, as numbers (a run too long for `u32` is left out).
fn numbers_in(s: &str) -> Vec<u32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter_map(|d| d.parse().ok())
        .collect()
}

/// What follows a leading number: the number alone, with a closing mark (`1.`) or with its
/// name (`(1) 便利・快適`, `①行政手続き…`) is that number; a second number joined to it
/// (`3-1`, `1.2`, `①2`) is no listed form.
fn number_then(n: u32, rest: &str, whole: &str) -> FrameRef {
    let rest = rest.trim_start();
    let after_joiner = rest
        .strip_prefix(|c: char| NUMBER_JOINERS.contains(c))
        .unwrap_or(rest)
        .trim_start();
    if after_joiner.starts_with(|c: char| c.is_ascii_digit()) {
        FrameRef::Unclear(numbers_in(whole))
    } else {
        FrameRef::Number(n)
    }
}

fn parse_frame_ref(s: &str) -> Option<FrameRef> {
    let trimmed = s.trim();
    let first = trimmed.chars().next()?;
    let text = nfkc(trimmed);
    let text = text.trim();
    if let Some(n) = parse_circled(first) {
        let rest = nfkc(trimmed.get(first.len_utf8()..).unwrap_or(""));
        return Some(match number_then(n, &rest, &rest) {
            FrameRef::Unclear(more) => FrameRef::Unclear([vec![n], more].concat()),
            read => read,
        });
    }
    if let Some(caps) = LEADING_NUMBER_RE.captures(text) {
        let bracketed = caps.get(1).is_some();
        let digits = caps.get(1).or_else(|| caps.get(2))?;
        let n: u32 = digits.as_str().parse().ok()?;
        let rest = caps.get(3).map_or("", |r| r.as_str());
        // `3D都市モデル`: a bare number run into a Latin letter (or a long number) is a name.
        let into_name = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if bracketed || !into_name {
            return Some(number_then(n, rest, text));
        }
    }
    let key = match_key(text);
    (!key.is_empty()).then_some(FrameRef::Name(key))
}

/// The closest listed form to an unclear pillar reference: `(n)` for its first number.
///
/// ```
/// assert_eq!(koteihyo::normalize::text::closest_pillar_form(&[3, 1]), "(3)");
/// ```
pub fn closest_pillar_form(numbers: &[u32]) -> String {
    numbers
        .first()
        .map_or_else(|| "(1)".to_string(), |n| format!("({n})"))
}

/// The closest listed form to an unclear policy reference: the circled number of the policy
/// it most likely means, the second number of `pillar-policy(-…)` (`3-1` → `①`, `1-2-3`
/// → `②`), else its only number.
///
/// ```
/// use koteihyo::normalize::text::closest_policy_form;
/// assert_eq!(closest_policy_form(&[1, 2, 3]), "②");
/// assert_eq!(closest_policy_form(&[4]), "④");
/// ```
pub fn closest_policy_form(numbers: &[u32]) -> String {
    circled(numbers.get(1).or(numbers.first()).copied().unwrap_or(1))
}

/// Is `c` a Japanese character (kana, kanji, the prolonged sound mark, full-width
/// punctuation), between which a space is never written?
fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{303F}'   // CJK punctuation: 、。「」
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana, ー
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF01}'..='\u{FF0F}' // full-width ！（）
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

/// Removes the half-width spaces between two Japanese characters, which a line break in the
/// source leaves behind (「デザインの リニューアル」 is 「デザインの」⏎「リニューアル」 in a cell
/// typed from the printed edition). `None` when there is none. A full-width space (　) is
/// kept: that one is written on purpose.
///
/// ```
/// use koteihyo::normalize::text::join_broken_line;
/// assert_eq!(join_broken_line("移行に 向けた検討").as_deref(), Some("移行に向けた検討"));
/// assert_eq!(join_broken_line("公式 LINE の活用"), None);
/// ```
pub fn join_broken_line(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' && i > 0 && is_japanese(chars[i - 1]) {
            let run = chars[i..].iter().take_while(|&&c| c == ' ').count();
            if chars.get(i + run).copied().is_some_and(is_japanese) {
                changed = true;
                i += run;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    changed.then_some(out)
}

/// A pillar reference: `(1)`, `1`, `（１）`, `(1) “便利・快適” ～…～` → `Number(1)`; a name such as
/// `便利・快適` → `Name` (its match key); numbers joined, `3-1` or `1-2-3` → `Unclear`. Blank → `None`.
///
/// ```
/// use koteihyo::normalize::text::{parse_pillar_ref, FrameRef};
/// assert_eq!(parse_pillar_ref("（１）"), Some(FrameRef::Number(1)));
/// assert_eq!(parse_pillar_ref("3-1"), Some(FrameRef::Unclear(vec![3, 1])));
/// assert_eq!(parse_pillar_ref("3D都市モデル"), Some(FrameRef::Name("3D都市モデル".into())));
/// assert_eq!(parse_pillar_ref("便利・快適"), Some(FrameRef::Name("便利・快適".into())));
/// assert_eq!(parse_pillar_ref("　"), None);
/// ```
pub fn parse_pillar_ref(s: &str) -> Option<FrameRef> {
    parse_frame_ref(s)
}

/// A policy reference: `①`, `1`, `①行政手続きのオンライン化の推進` → `Number(1)`; a name →
/// `Name`. Blank → `None`.
///
/// ```
/// use koteihyo::normalize::text::{parse_policy_ref, FrameRef};
/// assert_eq!(parse_policy_ref("① AI等デジタル技術の活用による業務の効率化"), Some(FrameRef::Number(1)));
/// assert_eq!(parse_policy_ref("⑤"), Some(FrameRef::Number(5)));
/// assert_eq!(parse_policy_ref("1-2-3"), Some(FrameRef::Unclear(vec![1, 2, 3])));
/// assert_eq!(parse_policy_ref("①-2"), Some(FrameRef::Unclear(vec![1, 2])));
/// ```
pub fn parse_policy_ref(s: &str) -> Option<FrameRef> {
    parse_frame_ref(s)
}

/// Drops quote marks, which clerks add or leave out at will, and writes the wave dash `〜`
/// (which NFKC keeps) as `~`, like the full-width tilde `～` it stands in for.
fn without_quotes(key: &str) -> String {
    key.chars()
        .filter(|c| {
            !matches!(
                c,
                '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '『' | '』'
            )
        })
        .map(|c| if c == '〜' { '~' } else { c })
        .collect()
}

/// Drops a `～…～` subtitle (NFKC `~`, or the wave dash `〜`); an unclosed one runs to the end.
fn without_subtitle(key: &str) -> String {
    let is_tilde = |c: char| c == '~' || c == '〜';
    match (key.find(is_tilde), key.rfind(is_tilde)) {
        (Some(first), Some(last)) if first < last => {
            // Both tildes are one byte (`~`) or three (`〜`); `get` keeps this char-safe anyway.
            let head = key.get(..first).unwrap_or("");
            let tail = key.get(last..).map_or("", |t| {
                t.char_indices()
                    .nth(1)
                    .map_or("", |(i, _)| t.get(i..).unwrap_or(""))
            });
            format!("{head}{tail}")
        }
        (Some(first), _) => key.get(..first).unwrap_or("").to_string(),
        _ => key.to_string(),
    }
}

/// Whether a name written in a submission (a [`FrameRef::Name`] key) names the plan title
/// `title`. Quote marks are ignored on both sides, and the written name may leave out the
/// title's `～…～` subtitle or add it when the title has none.
///
/// ```
/// use koteihyo::normalize::text::{match_key, name_matches};
/// let title = "“便利・快適” ～DXによる 市民サービスの向上～";
/// assert!(name_matches(&match_key("便利・快適"), title));
/// assert!(name_matches(&match_key("「便利・快適」～DXによる市民サービスの向上～"), title));
/// assert!(!name_matches(&match_key("活気"), title));
/// ```
pub fn name_matches(candidate_key: &str, title: &str) -> bool {
    let written = without_quotes(&match_key(candidate_key));
    let title = without_quotes(&match_key(title));
    if written.is_empty() {
        return false;
    }
    written == title || written == without_subtitle(&title) || without_subtitle(&written) == title
}

/// `①` … `⑳` for 1–20, `(n)` beyond.
///
/// ```
/// assert_eq!(koteihyo::normalize::text::circled(4), "④");
/// assert_eq!(koteihyo::normalize::text::circled(21), "(21)");
/// ```
pub fn circled(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1).map_or_else(|| format!("({n})"), String::from),
        _ => format!("({n})"),
    }
}

/// The number of a circled digit: `①`–`⑳`, `㉑`–`㊿`, and the negative and sans-serif
/// circled digits (`❶`, `➀`, `➊`) a clerk may pick from the symbol palette.
///
/// ```
/// assert_eq!(koteihyo::normalize::text::parse_circled('③'), Some(3));
/// assert_eq!(koteihyo::normalize::text::parse_circled('3'), None);
/// ```
pub fn parse_circled(c: char) -> Option<u32> {
    let u = u32::from(c);
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x3251..=0x325F => Some(u - 0x3251 + 21),
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36),
        0x2776..=0x277F => Some(u - 0x2776 + 1),
        0x2780..=0x2789 => Some(u - 0x2780 + 1),
        0x278A..=0x2793 => Some(u - 0x278A + 1),
        0x24EB..=0x24F4 => Some(u - 0x24EB + 11),
        _ => None,
    }
}

/// A file name's leading number and separator, as in `03_市民課`, `3-税務課`, `10.教育委員会`.
static STEM_NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]+[\s_\-.,、・:)\]]*").expect("stem pattern is valid"));

/// The department a file stands for, from its stem: the leading number and separator go,
/// and the name is looked for inside the usual decorations (`【市民課】工程表R8_修正版`,
/// `工程表_市民課_R8`, `(市民課)…`, `市民課_`): a bracketed name, else the first part between
/// separators that ends like a department (課, 室, 局, 部, 署, 委員会 …). Without one, the
/// whole rest is the name.
///
/// ```
/// use koteihyo::normalize::text::department_from_file_stem;
/// assert_eq!(department_from_file_stem("03_市民課"), "市民課");
/// assert_eq!(department_from_file_stem("10.教育委員会"), "教育委員会");
/// assert_eq!(department_from_file_stem("【市民課】工程表R8_修正版"), "市民課");
/// assert_eq!(department_from_file_stem("工程表_市民課_R8"), "市民課");
/// assert_eq!(department_from_file_stem("2025"), "2025");
/// ```
pub fn department_from_file_stem(stem: &str) -> String {
    let text = nfkc(stem);
    let text = text.trim();
    let rest = strip_number(text);
    let rest = rest.trim();
    if rest.is_empty() {
        return text.to_string();
    }
    let bracketed = BRACKETED_RE
        .captures_iter(rest)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().trim())
        .find(|t| is_department_name(t));
    let part = || {
        rest.split(|c: char| c.is_whitespace() || "_-.,、・()[]【】「」〔〕".contains(c))
            .map(str::trim)
            .find(|t| is_department_name(t))
    };
    bracketed
        .or_else(part)
        .map(str::to_string)
        .unwrap_or_else(|| {
            rest.trim_matches(|c: char| "_-.,、・".contains(c))
                .to_string()
        })
}

/// A file stem without its leading number and separator (`03_市民課` → `市民課`), after NFKC.
pub fn strip_number(stem: &str) -> String {
    STEM_NUMBER_RE.replace(nfkc(stem).trim(), "").into_owned()
}

/// A bracketed part of a file name: `【市民課】`, `(市民課)`, `[市民課]`, `「市民課」`.
static BRACKETED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[【(\[「〔]([^】)\]」〕]+)[】)\]」〕]").expect("bracket pattern is valid")
});

/// How the names of a city's departments end.
const DEPARTMENT_ENDINGS: [&str; 12] = [
    "課",
    "室",
    "局",
    "部",
    "署",
    "委員会",
    "センター",
    "館",
    "所",
    "庁",
    "事務局",
    "本部",
];

/// Whether `t` ends like a department's name (課, 部, 委員会 …) and is more than that ending.
pub fn is_department_name(t: &str) -> bool {
    DEPARTMENT_ENDINGS
        .iter()
        .any(|e| t.ends_with(e) && t.chars().count() > e.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn step(s: &str) -> StepText {
        parse_step_text(s)
    }
    fn notes(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keys() {
        assert_eq!(nfkc("ＡＢＣ１２３"), "ABC123");
        assert_eq!(header_key("取り組み\r\n項目"), "取り組み項目");
        assert_eq!(
            header_key("計画本文における　「具体的な取り組み」"),
            "計画本文における「具体的な取り組み」"
        );
        assert_eq!(header_key("開始　年度"), header_key("開始年度"));
        assert_eq!(
            match_key("公式 LINE リッチメニュー【再掲】"),
            "公式LINEリッチメニュー"
        );
        assert_eq!(match_key("ＡＩ　による［再掲］"), "AIによる");
        assert!(is_blank(""));
        assert!(is_blank(" \t\u{3000}\n"));
        assert!(!is_blank("　a"));
    }

    #[test]
    fn continuation_marks() {
        for s in ["→", "→→", "⇒", "━", "…", "‥", "…→", " → ", "￫"] {
            assert!(is_continuation(s), "{s:?}");
        }
        for s in [
            "",
            " ",
            "継続",
            "→拡大",
            "R7",
            "ー",
            "○",
            "-",
            "―",
            "─",
            "－",
        ] {
            assert!(!is_continuation(s), "{s:?}");
        }
        for s in ["－", "-", "―", "─", "×", "ー", "--", " ― "] {
            assert!(is_end_mark(s), "{s:?}");
        }
        for s in ["", "→", "-R8", "×印", "○"] {
            assert!(!is_end_mark(s), "{s:?}");
        }
    }

    #[test]
    fn relisting_markers() {
        for s in [
            "例規改正(再掲)",
            "例規改正（再掲）",
            "例規改正【再掲】",
            "例規改正［再掲］",
            "例規改正[再掲]",
            "例規改正 ( 再掲 )",
            "(再掲)例規改正",
            "※再掲例規改正",
            "※再掲 例規改正",
            "例規改正※再掲",
            "例規改正 ※再掲",
            "再掲:例規改正",
            "再掲：例規改正",
            "［再掲］例規改正",
        ] {
            assert_eq!(strip_relisting(s), ("例規改正".to_string(), true), "{s}");
        }
        assert_eq!(
            strip_relisting(" 例規  改正 "),
            ("例規 改正".to_string(), false)
        );
        assert_eq!(
            strip_relisting("再掲の考え方"),
            ("再掲の考え方".to_string(), false)
        );
        // Only at the start or the end: inside a text it is part of the text.
        assert!(!strip_relisting("例規※再掲改正").1);
        assert!(!strip_relisting("例規改正 再掲:").1);
    }

    #[test]
    fn step_notes_from_the_reference() {
        let cases: [(&str, &str, &[&str]); 6] = [
            ("iPhoneへマイナンバーカード機能の搭載(国の動向による)", "iPhoneへマイナンバーカード機能の搭載", &["国の動向による"]),
            ("「わがまち防災マップ」の活用(参考)", "「わがまち防災マップ」の活用", &["参考"]),
            ("第4次県域統合型GISシステムへの更改(県下の動向により変動)", "第4次県域統合型GISシステムへの更改", &["県下の動向により変動"]),
            ("支払い項目の拡大(国の動向による)", "支払い項目の拡大", &["国の動向による"]),
            (
                "高山市サテライトオフィス開設支援事業補助金による支援(R7より「高山市サテライトオフィス等開設支援事業補助金」に制度名変更)",
                "高山市サテライトオフィス開設支援事業補助金による支援",
                &["R7より「高山市サテライトオフィス等開設支援事業補助金」に制度名変更"],
            ),
            ("次期個人番号カード導入（国の動向による）（予定）", "次期個人番号カード導入", &["国の動向による", "予定"]),
        ];
        for (text, label, expected) in cases {
            let s = step(text);
            assert_eq!(s.label, label);
            assert_eq!(s.notes, notes(expected));
            assert!(!s.relisted && s.pinned.is_none());
        }
    }

    #[test]
    fn step_labels_keep_other_brackets() {
        for text in [
            "施設予約システムの拡大(生涯学習施設)",
            "スマートロックの導入(大ハグラウンドサッカー場)",
            "公金収納のDX(SMSによる納付勧奨)",
            "システム標準化・共通化(標準化20業務+保育・学校・給付等)",
            "OS(Windows)の更新",
        ] {
            assert_eq!(
                step(text),
                StepText {
                    label: text.into(),
                    ..StepText::default()
                }
            );
        }
        // Peeling stops at the first group that is not a note or a year.
        let s = step("見直し(国の動向による)(生涯学習施設)");
        assert_eq!(s.label, "見直し(国の動向による)(生涯学習施設)");
        assert!(s.notes.is_empty());
    }

    #[test]
    fn step_relisting_and_pins() {
        let s = step("公金収納のDX(SMSによる納付勧奨)(再掲)");
        assert_eq!(s.label, "公金収納のDX(SMSによる納付勧奨)");
        assert!(s.relisted);
        let s = step("デジタル通知サービスの情報収集・検討（再掲）");
        assert_eq!(
            (s.label.as_str(), s.relisted),
            ("デジタル通知サービスの情報収集・検討", true)
        );
        let s = step("例規【再掲】改正");
        assert_eq!((s.label.as_str(), s.relisted), ("例規改正", true));

        let s = step("デザインの リニューアル(R5)");
        assert_eq!(s.label, "デザインの リニューアル");
        assert_eq!(
            s.pinned,
            Some(PinnedYear {
                year: 2023,
                written: "R5".into()
            })
        );
        let s = step("ICT-BCPの策定（令和５年度）");
        assert_eq!(s.label, "ICT-BCPの策定");
        assert_eq!(
            s.pinned,
            Some(PinnedYear {
                year: 2023,
                written: "令和5年度".into()
            })
        );
        for (text, year) in [("A(2023年度)", 2023), ("A(H30)", 2018), ("A [R6]", 2024)] {
            assert_eq!(step(text).pinned.map(|p| p.year), Some(year), "{text}");
        }
        let s = step("メール配信サービスの 刷新(R5)(国の動向による)(再掲)");
        assert_eq!(s.label, "メール配信サービスの 刷新");
        assert_eq!(s.notes, notes(&["国の動向による"]));
        assert!(s.relisted);
        assert_eq!(s.pinned.map(|p| p.year), Some(2023));
        // A second year annotation is not a second pin.
        let s = step("A(R4)(R5)");
        assert_eq!(
            (s.label.as_str(), s.pinned.map(|p| p.year)),
            ("A(R4)", Some(2023))
        );
        // A lead-column or 継続 annotation is not a pin.
        assert_eq!(step("A(～R6)").label, "A(～R6)".replace('～', "~"));
    }

    #[test]
    fn step_edge_cases() {
        assert_eq!(step(""), StepText::default());
        assert_eq!(
            step("(再掲)"),
            StepText {
                relisted: true,
                ..StepText::default()
            }
        );
        // A group that is the whole text is the label.
        assert_eq!(step("(参考)").label, "(参考)");
        assert_eq!(step("(R5)").pinned, None);
        assert_eq!(step("A((国の動向による)").label, "A(");
        assert_eq!(
            step("A(国の(動向)による)").notes,
            notes(&["国の(動向)による"])
        );
        assert_eq!(step("A)").label, "A)");
        assert_eq!(step("  A   B  ").label, "A B");
    }

    #[test]
    fn numbers_joined_are_no_reference() {
        use FrameRef::Unclear;
        assert_eq!(parse_pillar_ref("3-1"), Some(Unclear(vec![3, 1])));
        assert_eq!(parse_pillar_ref("（１）－２"), Some(Unclear(vec![1, 2])));
        assert_eq!(parse_policy_ref("1-2-3"), Some(Unclear(vec![1, 2, 3])));
        assert_eq!(parse_policy_ref("1.2"), Some(Unclear(vec![1, 2])));
        assert_eq!(parse_policy_ref("②３"), Some(Unclear(vec![2, 3])));
        assert_eq!(closest_pillar_form(&[3, 1]), "(3)");
        assert_eq!(closest_policy_form(&[3, 1]), "①");
        assert_eq!(closest_policy_form(&[1, 2, 3]), "②");
    }

    #[test]
    fn frame_refs() {
        use FrameRef::{Name, Number};
        for s in [
            "(1)",
            "1",
            "（１）",
            "１",
            "1.",
            "1．",
            "(1) “便利・快適” ～DXによる 市民サービスの向上～",
            " ( 1 ) ",
            "⑴",
            "1 便利・快適",
        ] {
            assert_eq!(parse_pillar_ref(s), Some(Number(1)), "{s}");
        }
        for (s, n) in [
            ("①", 1),
            ("⑤", 5),
            ("①行政手続きのオンライン化の推進", 1),
            ("① AI等デジタル技術の活用による業務の効率化", 1),
            ("2", 2),
            ("⑳", 20),
            ("❸", 3),
            ("㉑", 21),
        ] {
            assert_eq!(parse_policy_ref(s), Some(Number(n)), "{s}");
        }
        assert_eq!(
            parse_pillar_ref("便利・快適"),
            Some(Name("便利・快適".into()))
        );
        assert_eq!(
            parse_pillar_ref("“便利・快適”"),
            Some(Name("“便利・快適”".into()))
        );
        assert_eq!(
            parse_policy_ref("3D都市モデル"),
            Some(Name("3D都市モデル".into()))
        );
        assert_eq!(
            parse_policy_ref("行政手続きの オンライン化の推進"),
            Some(Name("行政手続きのオンライン化の推進".into()))
        );
        assert_eq!(parse_pillar_ref(""), None);
        assert_eq!(parse_pillar_ref("　\n"), None);
        assert_eq!(parse_policy_ref("12345"), Some(Name("12345".into())));
    }

    #[test]
    fn names() {
        let pillar = "“便利・快適” ～DXによる 市民サービスの向上～";
        for s in [
            "便利・快適",
            "“便利・快適”",
            "\"便利・快適\"",
            "「便利・快適」",
            "便利・快適～DXによる市民サービスの向上～",
            "便利・快適 〜DXによる 市民サービスの向上〜",
        ] {
            assert!(name_matches(&match_key(s), pillar), "{s}");
        }
        assert!(name_matches(
            &match_key("便利・快適～DXによる市民サービスの向上～"),
            "“便利・快適”"
        ));
        assert!(!name_matches(&match_key("便利"), pillar));
        assert!(!name_matches("", pillar));
        assert!(!name_matches("", ""));
        assert!(name_matches(
            &match_key("行政手続きのオンライン化の推進"),
            "行政手続きのオンライン化の推進"
        ));
        assert_eq!(without_subtitle("a~b"), "a");
        assert_eq!(without_subtitle("a~b~c"), "ac");
        assert_eq!(without_subtitle("a〜b〜c"), "ac");
    }

    #[test]
    fn spaces_left_by_line_breaks() {
        for (written, joined) in [
            ("デザインの リニューアル(R5)", "デザインのリニューアル(R5)"),
            (
                "メール配信サービスの 刷新(R5)",
                "メール配信サービスの刷新(R5)",
            ),
            (
                "次期チャットボット移行に 向けた情報収集・検討",
                "次期チャットボット移行に向けた情報収集・検討",
            ),
            (
                "大学連携センター 共同研究(共同 送迎・事故予測)",
                "大学連携センター共同研究(共同送迎・事故予測)",
            ),
            ("「申請」  受付", "「申請」受付"),
        ] {
            assert_eq!(join_broken_line(written).as_deref(), Some(joined));
        }
        // Spaces next to Latin letters, digits or brackets, and full-width spaces, stay.
        for kept in [
            "公式 LINE リッチメニュー",
            "R7 から",
            "DX 推進",
            "市民　課",
            "(共同) 送迎",
            "a b",
        ] {
            assert_eq!(join_broken_line(kept), None, "{kept}");
        }
    }

    #[test]
    fn circled_numbers() {
        for n in 1..=20 {
            assert_eq!(parse_circled(circled(n).chars().next().unwrap()), Some(n));
        }
        assert_eq!(circled(1), "①");
        assert_eq!(circled(20), "⑳");
        assert_eq!(circled(0), "(0)");
        assert_eq!(circled(21), "(21)");
        assert_eq!(parse_circled('㊿'), Some(50));
        assert_eq!(parse_circled('⓫'), Some(11));
        assert_eq!(parse_circled('1'), None);
    }

    #[test]
    fn departments() {
        for s in [
            "03_市民課",
            "3-税務課",
            "０３　市民課",
            "10.教育委員会",
            "市民課",
            " 03 _ 市民課 ",
            "03市民課",
            "3・税務課",
        ] {
            let d = department_from_file_stem(s);
            assert!(
                d == "市民課" || d == "税務課" || d == "教育委員会",
                "{s} → {d}"
            );
        }
        assert_eq!(department_from_file_stem("10.教育委員会"), "教育委員会");
        for s in [
            "【市民課】工程表R8_修正版",
            "市民課_",
            "(市民課)工程表",
            "（市民課）",
            "工程表_市民課_R8",
            "03_市民課 修正版",
            "R8工程表【市民課】",
        ] {
            assert_eq!(department_from_file_stem(s), "市民課", "{s}");
        }
        assert_eq!(department_from_file_stem("22_消防本部"), "消防本部");
        assert_eq!(department_from_file_stem("09_議会事務局"), "議会事務局");
        assert_eq!(department_from_file_stem("03"), "03");
        assert_eq!(department_from_file_stem("03_"), "03_");
        assert_eq!(department_from_file_stem(""), "");
    }

    proptest! {
        #[test]
        fn no_panic_on_any_text(s in "\\PC{0,40}") {
            let _ = parse_step_text(&s);
            let _ = match_key(&s);
            let _ = header_key(&s);
            let _ = parse_pillar_ref(&s);
            let _ = parse_policy_ref(&s);
            let _ = department_from_file_stem(&s);
            let _ = strip_relisting(&s);
            let _ = is_continuation(&s);
            let _ = name_matches(&s, &s);
        }

        #[test]
        fn no_panic_on_bracket_soup(s in "[()（）\\[\\]【】再掲R5~〜～ 　a動向①0-9]{0,30}") {
            let st = parse_step_text(&s);
            prop_assert!(!st.label.starts_with(' ') && !st.label.ends_with(' '));
            let _ = parse_pillar_ref(&s);
            let _ = name_matches(&s, &s);
            let _ = without_subtitle(&s);
        }

        #[test]
        fn match_key_ignores_spaces_and_markers(a in "[a-zA-Zあ-ん漢字]{1,10}", b in "[a-zA-Zあ-ん漢字]{1,10}") {
            prop_assert_eq!(match_key(&format!("{a} {b}（再掲）")), match_key(&format!("{a}{b}")));
        }

        #[test]
        fn step_label_round_trips_notes(label in "[あ-んア-ン漢]{1,12}") {
            let s = parse_step_text(&format!("{label}(国の動向による)(R5)"));
            prop_assert_eq!(s.label, label);
            prop_assert_eq!(s.notes, vec!["国の動向による".to_string()]);
            prop_assert_eq!(s.pinned.map(|p| p.year), Some(2023));
        }
    }
}
