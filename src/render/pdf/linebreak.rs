//! Japanese line breaking (禁則処理) for the widths the fonts give.
//!
//! Japanese text may break between almost any two characters, except that a line must not
//! begin with closing punctuation, the prolonged sound mark or a small kana (行頭禁則), must
//! not end with an opening bracket (行末禁則), and runs of Latin letters and digits
//! (`LINE`, `eLTAX`, `1,300`) stay whole. Lines are filled greedily; when a rule cannot be
//! kept (a Latin word wider than the box) the text is broken anyway, because overflowing
//! the box would be worse, and the caller is told.
//!
//! [`wrap_phrases`] (what the chart boxes use) also keeps Japanese words whole: it breaks
//! only between the phrases (文節) that BudouX's Japanese model finds, so 「スマートフォン」 or
//! 「実証事業」 never end up split over two lines, and falls back to breaking between
//! characters only when one phrase is wider than the whole box.

/// Characters that must not begin a line.
pub const NO_START: &str = "、。，．,.）)」』】〕〉》］]｝}！？!?：；:;ー‐–〜～ゝゞヽヾ々\
ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ・％%";

/// Characters that must not end a line.
pub const NO_END: &str = "（(「『【〔〈《［[｛{“‘";

/// A line of wrapped text: the exact characters of the source, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Wrapped {
    /// The lines; concatenated they give back the input exactly.
    pub lines: Vec<String>,
    /// Width of the widest line (trailing spaces not counted), in the unit of the widths.
    pub width: f32,
    /// Some line had to be broken against the rules or is still wider than the box.
    pub forced: bool,
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '@' | '&' | '+')
}

/// May a line break come between `a` and `b`?
pub fn can_break(a: char, b: char) -> bool {
    if NO_START.contains(b) || NO_END.contains(a) {
        return false;
    }
    if b == ' ' || b == '\u{3000}' {
        // Break after the space, not before it, so the space ends the line.
        return false;
    }
    // Keep Latin words and numbers (with their separators, 1,300 / 39.2) together.
    let joins = |c: char| is_word(c) || matches!(c, ',' | '.' | '\'' | ':');
    !(joins(a) && joins(b))
}

/// Wraps `text` into lines no wider than `max`, measuring each character with `advance`.
///
/// Explicit line breaks (`\n`) in the text start a new line and are not kept.
pub fn wrap(text: &str, max: f32, advance: impl Fn(char) -> f32) -> Wrapped {
    wrap_indented(text, max, max, advance)
}

/// Like [`wrap`], but lines break between phrases (BudouX's Japanese model) wherever a
/// phrase fits, and between characters only inside a phrase wider than `max`.
///
/// ```
/// use koteihyo::render::pdf::linebreak::wrap_phrases;
/// // One unit per character: 「スマートフォン」 moves whole to the second line.
/// let w = wrap_phrases("市民のスマートフォン", 8.0, |_| 1.0);
/// assert_eq!(w.lines, ["市民の", "スマートフォン"]);
/// ```
pub fn wrap_phrases(text: &str, max: f32, advance: impl Fn(char) -> f32) -> Wrapped {
    wrap_at_phrases(text, &phrase_starts(text), max, advance)
}

/// [`wrap_phrases`] with the phrase starts of `text` already found by [`phrase_starts`]
/// (finding them is the costly part, and a text is often wrapped at several sizes).
pub fn wrap_at_phrases(
    text: &str,
    starts: &[bool],
    max: f32,
    advance: impl Fn(char) -> f32,
) -> Wrapped {
    let mut out = Wrapped {
        lines: Vec::new(),
        width: 0.0,
        forced: false,
    };
    let mut at = 0;
    for para in text.split('\n') {
        let n = para.chars().count();
        let para_starts = starts.get(at..at + n).unwrap_or(&[]);
        let para_starts = (para_starts.len() == n).then_some(para_starts);
        wrap_paragraph(para, max, max, &advance, para_starts, &mut out);
        at += n + 1;
    }
    out
}

/// For each character of `text`, whether a phrase (文節) starts there, by BudouX's Japanese
/// model; a line break always starts one.
pub fn phrase_starts(text: &str) -> Vec<bool> {
    let mut starts = Vec::with_capacity(text.len());
    for (k, para) in text.split('\n').enumerate() {
        if k > 0 {
            starts.push(true);
        }
        if para.is_empty() {
            continue;
        }
        starts.extend(budoux_starts(&budoux_safe(para)));
    }
    starts
}

/// The phrase starts of `para` as `budoux::parse` finds them.
fn budoux_starts(para: &str) -> Vec<bool> {
    budoux::parse(budoux::models::default_japanese_model(), para)
        .iter()
        .flat_map(|phrase| phrase.chars().enumerate().map(|(i, _)| i == 0))
        .collect()
}

/// `para` as BudouX can read it. budoux 0.1.1 indexes past its table of Unicode blocks for a
/// character of Supplementary Private Use Area-B (U+100000 and above) and panics; such a
/// character is read as the first of Area-A (U+F0000), private use too, one character for
/// one, so the phrase starts still line up with the text.
fn budoux_safe(para: &str) -> std::borrow::Cow<'_, str> {
    const BEYOND_THE_TABLE: char = '\u{10_0000}';
    const PRIVATE_USE_A: char = '\u{F_0000}';
    if para.chars().any(|c| c >= BEYOND_THE_TABLE) {
        let read = para.chars().map(|c| {
            if c >= BEYOND_THE_TABLE {
                PRIVATE_USE_A
            } else {
                c
            }
        });
        std::borrow::Cow::Owned(read.collect())
    } else {
        std::borrow::Cow::Borrowed(para)
    }
}

/// Like [`wrap`], but the first line of each paragraph is only `first_max` wide (for a
/// paragraph indent, 字下げ, drawn as space rather than typed into the text).
pub fn wrap_indented(
    text: &str,
    first_max: f32,
    max: f32,
    advance: impl Fn(char) -> f32,
) -> Wrapped {
    let mut out = Wrapped {
        lines: Vec::new(),
        width: 0.0,
        forced: false,
    };
    for para in text.split('\n') {
        wrap_paragraph(para, first_max, max, &advance, None, &mut out);
    }
    out
}

fn visible_width(chars: &[char], widths: &[f32]) -> f32 {
    // Trailing spaces hang past the edge: they are kept in the text but not measured.
    let mut end = chars.len();
    while end > 0 && matches!(chars[end - 1], ' ' | '\u{3000}') {
        end -= 1;
    }
    widths[..end].iter().sum()
}

fn wrap_paragraph(
    para: &str,
    first_max: f32,
    rest_max: f32,
    advance: &impl Fn(char) -> f32,
    phrases: Option<&[bool]>,
    out: &mut Wrapped,
) {
    let chars: Vec<char> = para.chars().collect();
    let widths: Vec<f32> = chars.iter().map(|&c| advance(c)).collect();
    if chars.is_empty() {
        out.lines.push(String::new());
        return;
    }
    let mut start = 0;
    while start < chars.len() {
        let max = if start == 0 { first_max } else { rest_max };
        // The longest prefix that fits, ignoring the rules.
        let mut fit = start;
        let mut acc = 0.0;
        while fit < chars.len() {
            let w = acc + widths[fit];
            let trailing_space = matches!(chars[fit], ' ' | '\u{3000}');
            if w > max + 1e-3 && !trailing_space {
                break;
            }
            acc = w;
            fit += 1;
        }
        let end = if fit >= chars.len() {
            chars.len()
        } else {
            let allowed = |e: usize| can_break(chars[e - 1], chars[e]);
            // A phrase boundary counts only before a phrase that fits on a line of its own:
            // one wider than the box is broken anyway, so it may as well fill this line.
            let at_phrase = |e: usize| {
                allowed(e)
                    && phrases.is_none_or(|p| {
                        p.get(e) == Some(&true) && phrase_width(p, &widths, e) <= rest_max + 1e-3
                    })
            };
            // Inside a phrase wider than the box, a change of script (漢字 to カタカナ) still
            // marks a word's edge: 「窓口受付支援/システム」 rather than 「…システ/ム」.
            let at_script = |e: usize| {
                allowed(e) && phrases.is_some() && script(chars[e - 1]) != script(chars[e])
            };
            // Step back to the last phrase boundary the rules allow, else (a phrase wider
            // than the box) to the last change of script, else to the last place between
            // characters they allow.
            let found = last_break(start, fit, at_phrase)
                .or_else(|| last_break(start, fit, at_script))
                .or_else(|| last_break(start, fit, allowed));
            match found {
                Some(e) => e,
                None => {
                    // No allowed break fits: break where the box ends (at least one character).
                    out.forced = true;
                    fit.max(start + 1)
                }
            }
        };
        let line = &chars[start..end];
        let w = visible_width(line, &widths[start..end]);
        if w > max + 1e-3 {
            out.forced = true;
        }
        out.width = out.width.max(w);
        out.lines.push(line.iter().collect());
        start = end;
    }
}

/// The script of a character, for word edges inside a long phrase: kanji, kana (with the
/// prolonged sound mark), Latin letters and digits, or anything else.
fn script(c: char) -> u8 {
    match c {
        '\u{3040}'..='\u{309F}' => 1,
        '\u{30A0}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}' => 2,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '々' => 3,
        c if c.is_alphanumeric() => 4,
        _ => 0,
    }
}

/// Width of the phrase that starts at character `e` (`starts` marks phrase starts).
fn phrase_width(starts: &[bool], widths: &[f32], e: usize) -> f32 {
    let len = 1 + starts[e + 1..].iter().take_while(|s| !**s).count();
    widths[e..e + len].iter().sum()
}

/// The largest `e` in `start + 1..=fit` with `ok(e)`.
fn last_break(start: usize, fit: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
    (start + 1..=fit).rev().find(|&e| ok(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    fn check_kinsoku(lines: &[String]) {
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                let first = l.chars().next().unwrap_or(' ');
                assert!(
                    !NO_START.contains(first),
                    "line starts with {first}: {lines:?}"
                );
            }
            if i + 1 < lines.len() {
                let last = l.chars().last().unwrap_or(' ');
                assert!(!NO_END.contains(last), "line ends with {last}: {lines:?}");
            }
        }
    }

    #[test]
    fn keeps_text_and_width() {
        let t = "マイナンバーカードを活用した救急業務(マイナ救急)実証事業への参加(再掲)";
        for max in 3..30 {
            let w = wrap(t, max as f32, unit);
            assert_eq!(w.lines.concat(), t);
            assert!(!w.forced, "{max}: {:?}", w.lines);
            assert!(w.width <= max as f32);
            check_kinsoku(&w.lines);
        }
    }

    #[test]
    fn no_line_starts_with_closing_or_small_kana() {
        // Each of these would start line 2 if the text were cut at 4 characters.
        for t in [
            "あいうえ。かきく",
            "あいうえ、かき",
            "あいうえ）かき",
            "スマートフォン",
            "あいうえっと",
            "チェックイン",
            "あいう「えお」",
        ] {
            let w = wrap(t, 4.0, unit);
            assert_eq!(w.lines.concat(), t);
            check_kinsoku(&w.lines);
        }
        assert_eq!(
            wrap("あいうえ。かきく", 4.0, unit).lines,
            ["あいう", "え。かき", "く"]
        );
        assert_eq!(
            wrap("あいう「えお」", 4.0, unit).lines,
            ["あいう", "「えお」"]
        );
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let w = wrap("公式LINEの活用", 3.0, unit);
        assert_eq!(w.lines, ["公式", "LINEの", "活用"]);
        let w = wrap("目標1,300種類", 4.0, unit);
        assert!(w.lines.iter().any(|l| l.contains("1,300")), "{:?}", w.lines);
    }

    #[test]
    fn too_narrow_is_forced_not_lost() {
        let w = wrap("ABCDEFGHIJ", 2.0, unit);
        assert!(w.forced);
        assert_eq!(w.lines.concat(), "ABCDEFGHIJ");
        let w = wrap("あいう", 0.5, unit);
        assert!(w.forced);
        assert_eq!(w.lines, ["あ", "い", "う"]);
    }

    #[test]
    fn a_character_beyond_budouxs_table_does_not_panic() {
        // BudouX 0.1.1 panics on these (its block table ends at U+100000).
        let text = "電子申請の拡大と\u{10_0000}私用面文字を含む\u{10_FFFF}長い工程";
        let starts = phrase_starts(text);
        assert_eq!(starts.len(), text.chars().count());
        assert!(starts[0]);
        let w = wrap_phrases(text, 6.0, |_| 1.0);
        assert_eq!(w.lines.concat(), text);
    }

    #[test]
    fn phrases_stay_whole_where_they_fit() {
        // Texts with the words the issue found broken in narrow boxes.
        for t in [
            "マイナンバーカードを活用した救急業務実証事業への参加",
            "公式アプリの導入検討とメタバースの活用",
            "市役所のDXを推進する人材の育成・確保",
            "電子申請システムの導入とスマートフォンの活用",
        ] {
            let starts = phrase_starts(t);
            // Length of the phrase each character belongs to.
            let mut phrase_len = vec![0; starts.len()];
            let mut i = 0;
            while i < starts.len() {
                let n = 1 + starts[i + 1..].iter().take_while(|s| !**s).count();
                phrase_len[i..i + n].fill(n);
                i += n;
            }
            for max in 4..t.chars().count() {
                let w = wrap_phrases(t, max as f32, unit);
                assert_eq!(w.lines.concat(), t);
                check_kinsoku(&w.lines);
                let mut at = 0;
                for l in &w.lines[..w.lines.len() - 1] {
                    at += l.chars().count();
                    assert!(
                        starts[at] || phrase_len[at] > max,
                        "{max}: a phrase that fits was broken: {:?}",
                        w.lines
                    );
                }
            }
        }
        let w = wrap_phrases("公式アプリの導入検討とメタバースの活用", 8.0, unit);
        assert!(
            w.lines.iter().any(|l| l.contains("アプリ")),
            "{:?}",
            w.lines
        );
        assert!(
            w.lines.iter().any(|l| l.contains("メタバース")),
            "{:?}",
            w.lines
        );
        // A phrase wider than the box still breaks, between characters.
        let w = wrap_phrases("スマートフォン", 3.0, unit);
        assert_eq!(w.lines.concat(), "スマートフォン");
        assert!(w.lines.len() >= 3, "{:?}", w.lines);
    }

    #[test]
    fn spaces_hang_and_newlines_split() {
        let w = wrap("公式 LINE リッチ", 5.5, unit);
        assert_eq!(w.lines.concat(), "公式 LINE リッチ");
        assert!(!w.forced);
        let w = wrap("一行目\n二行目", 10.0, unit);
        assert_eq!(w.lines, ["一行目", "二行目"]);
    }
}
