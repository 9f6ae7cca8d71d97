//! How the model's texts and places appear on the page, for every section: control
//! characters made visible, the ids of the policies' sections, the link to a re-listing's
//! original.

use std::borrow::Cow;

use maud::{html, Markup};

/// A text from the model as the page shows it: line breaks and tabs stay (the style sheet
/// keeps line breaks), a carriage return is dropped, and every other control character
/// becomes visible — C0 and DEL as their Unicode control pictures (`␇` for BEL), C1 as
/// `[U+0085]` — so a stray character in a cell is seen, not silently lost. maud escapes the
/// result.
///
/// ```
/// use koteihyo::render::html::shown;
/// assert_eq!(shown("a\u{7}b\r\nc"), "a␇b\nc");
/// assert_eq!(shown("x\u{85}"), "x[U+0085]");
/// assert_eq!(shown("<再掲>"), "<再掲>"); // escaping is maud's job
/// ```
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {}
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() => out.push_str(&format!("[U+{:04X}]", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The id of a policy's chart section, from its place in the tree (0-based indices).
pub fn policy_id(pillar: usize, policy: usize) -> String {
    format!("policy-{}-{}", pillar + 1, policy + 1)
}

/// A link to the original of a re-listing, at the row `target`: the visible place
/// (「(1)④」) reads 「再掲元 (1)④」 to a screen reader. A `near` original (the closest one,
/// for a re-listing whose original was not found) says so: 「(1)④（類似）」, read
/// 「再掲元の候補 (1)④（類似）」.
pub(super) fn relisting_link(r: &crate::model::Relisting, target: &str, near: bool) -> Markup {
    html! {
        a.badge href={ "#" (target) } {
            @if near {
                span.vh { "再掲元の候補 " } (shown(&r.place)) "（類似）"
            } @else {
                span.vh { "再掲元 " } (shown(&r.place))
            }
        }
    }
}
