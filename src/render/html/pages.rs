//! The prose parts of the page: the title block, 目次, はじめに, 目指す姿及び取り組みの体系,
//! the 変更点, the 改定履歴 and the colophon.

use maud::{html, Markup};

use crate::model::{Roadmap, Section};
use crate::revision::diff::{Changes, KPI_GROUP};
use crate::revision::report;

use super::chart::phrased;
use super::options::HtmlOptions;
use super::text::{policy_id, shown};

/// The section title of the changes, as in the PDF and its 目次.
const CHANGES_TITLE: &str = crate::render::pdf::changes::TITLE;

/// `令和7(2025)年3月`: the edition, from the latest revision.
fn edition(rm: &Roadmap) -> Option<String> {
    let latest = rm.plan.revisions.iter().map(|r| r.date).max()?;
    Some(rm.plan.period.years.month(latest))
}

/// The title block (banner): plan and document as the one h1, period, edition, issuer.
pub fn cover(rm: &Roadmap, options: &HtmlOptions) -> Markup {
    let plan = &rm.plan;
    html! {
        header.cover {
            div.wrap {
                @if let Some(n) = options.draft_errors {
                    p.draft { "案（未解決のエラー " (n) " 件）" }
                }
                h1 {
                    span.plan { (shown(&plan.title)) }
                    span { (shown(&plan.document)) }
                }
                p { (rm.plan.period_label()) }
                @if let Some(e) = edition(rm) { p { (e) } }
                p { strong { (shown(&plan.issuer)) } }
            }
        }
    }
}

/// 目次: the sections as a list of links, the pillars under ロードマップ.
pub fn contents(rm: &Roadmap, with_changes: bool) -> Markup {
    html! {
        nav.toc.wrap aria-labelledby="h-toc" {
            h2 #h-toc { "目次" }
            ol {
                @if !rm.plan.introduction.is_empty() { li { a href="#h-intro" { "はじめに" } } }
                li { a href="#h-system" { (rm.plan.style.heading(Section::Frame)) } }
                li {
                    a href="#h-roadmap" { (rm.plan.style.heading(Section::Roadmap)) }
                    ol {
                        @for (a, p) in rm.pillars.iter().enumerate() {
                            li { a href={ "#h-pillar-" (a + 1) } { (shown(&p.heading())) } }
                        }
                    }
                }
                li { a href="#h-kpi" { "重要業績評価指標 (KPI)" } }
                @if with_changes { li { a href="#h-changes" { (CHANGES_TITLE) } } }
                li { a href="#h-history" { "改定履歴" } }
            }
        }
    }
}

/// はじめに: opening paragraphs, the purposes with their keywords, closing paragraphs.
pub fn introduction(rm: &Roadmap) -> Markup {
    let intro = &rm.plan.introduction;
    if intro.is_empty() {
        return html! {};
    }
    html! {
        section #intro aria-labelledby="h-intro" {
            h2 #h-intro { "はじめに" }
            @for p in &intro.opening { p { (shown(p)) } }
            @for (i, p) in intro.purposes.iter().enumerate() {
                div.purpose {
                    h3 { (i + 1) ". " (shown(&p.title)) }
                    @if !p.subtitle.is_empty() { p.subtitle { (shown(&framed(&p.subtitle))) } }
                    p { (shown(&p.body)) }
                    @if !p.keyword.is_empty() {
                        p {
                            "キーワード："
                            span.keyword { (shown(&p.keyword)) }
                            @if !p.keyword_en.is_empty() { " (" span lang="en" { (shown(&p.keyword_en)) } ")" }
                        }
                    }
                }
            }
            @for p in &intro.closing { p { (shown(p)) } }
        }
    }
}

/// A purpose's subtitle between 「～」 as the plan prints its subtitles: tildes a cell wrote
/// around it (ASCII `~`, the wave dash `〜`, or `～`) are that frame, so they are drawn as the
/// full-width `～` the 体系 sheet uses, not as an ASCII `~` in Japanese text.
fn framed(subtitle: &str) -> String {
    let tilde = ['~', '～', '〜'];
    format!("～{}～", subtitle.trim_matches(tilde))
}

/// 目指す姿及び取り組みの体系: the vision, then each pillar with its policies, each a link
/// to its chart.
pub fn system(rm: &Roadmap) -> Markup {
    html! {
        section #system aria-labelledby="h-system" {
            h2 #h-system { (rm.plan.style.heading(Section::Frame)) }
            @if !rm.plan.vision.trim().is_empty() {
                p.vision { span.label { "目指す姿" } (shown(&rm.plan.vision)) }
            }
            ul.pillars {
                @for (a, p) in rm.pillars.iter().enumerate() {
                    li {
                        h3 { a href={ "#h-pillar-" (a + 1) } { (shown(&p.heading())) } }
                        ul {
                            @for (b, q) in p.policies.iter().enumerate() {
                                li { a href={ "#" (policy_id(a, b)) } { (shown(&rm.plan.style.titled(&q.label, &q.title))) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 今回の改定における主な変更点: per policy a table (種類, 対象, 変更前, 変更後).
pub fn changes(changes: &Changes) -> Markup {
    let mut groups: Vec<(String, Vec<&crate::revision::diff::Change>)> = Vec::new();
    for c in &changes.changes {
        let name = if c.group == KPI_GROUP {
            c.group_title.clone()
        } else {
            format!("{} {}", c.group, c.group_title)
        };
        match groups.last_mut() {
            Some((n, list)) if *n == name => list.push(c),
            _ => groups.push((name, vec![c])),
        }
    }
    let intro = if changes.changes.is_empty() {
        "前回の版からの変更はありません。".to_string()
    } else {
        format!("前回の版からの{}", report::summary_line(changes))
    };
    html! {
        section #changes aria-labelledby="h-changes" {
            h2 #h-changes { (CHANGES_TITLE) }
            p { (shown(&intro)) }
            @for (i, (name, list)) in groups.iter().enumerate() {
                h3 id={ "h-changes-" (i + 1) } { (shown(name)) }
                div.scroll role="region" tabindex="0" aria-labelledby={ "h-changes-" (i + 1) } {
                    table.changes {
                        thead { tr { th scope="col" { "種類" } th scope="col" { "対象" } th scope="col" { "変更前" } th scope="col" { "変更後" } } }
                        tbody {
                            @for c in list {
                                @let dept = c.new.as_ref().or(c.old.as_ref()).map(|s| s.department.as_str()).unwrap_or_default();
                                tr {
                                    th scope="row" { (c.label()) @if !dept.is_empty() { br; "（" (phrased(dept)) "）" } }
                                    td { (phrased(&report::subject(c))) }
                                    td { @if let Some(s) = &c.old { (phrased(&report::cell(c, s))) } }
                                    td { @if let Some(s) = &c.new { (phrased(&report::cell(c, s))) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 改定履歴: the revisions table and the 《注記》.
pub fn history(rm: &Roadmap) -> Markup {
    let mut revisions: Vec<&crate::model::Revision> = rm.plan.revisions.iter().collect();
    revisions.sort_by_key(|r| r.date);
    html! {
        section #history aria-labelledby="h-history" {
            h2 #h-history { "改定履歴" }
            table.history {
                thead { tr { th scope="col" { "改定年月" } th scope="col" { "改定内容" } } }
                tbody {
                    @for r in &revisions {
                        tr {
                            th scope="row" { (rm.plan.period.years.revision(r.date)) }
                            td { (phrased(&r.text)) }
                        }
                    }
                }
            }
            @if !rm.plan.remarks.is_empty() {
                h3 { "《注記》" }
                @for r in &rm.plan.remarks { p { (shown(r)) } }
            }
        }
    }
}

/// The colophon (contentinfo): title, document, period, issuer and contact lines.
pub fn colophon(rm: &Roadmap) -> Markup {
    let plan = &rm.plan;
    html! {
        footer.colophon {
            div.wrap {
                p { strong { (shown(&plan.title)) " " (shown(&plan.document)) } }
                p { (rm.plan.period_label()) }
                p { (shown(&plan.issuer)) }
                @for c in &plan.contact { p { (contact_line(c)) } }
            }
        }
    }
}

/// A contact line with its web address, mail address and telephone number as links
/// (`https://…`, `mailto:`, `tel:`), so a phone reader opens or calls them with one tap; the
/// rest of the line stays text. A telephone number is a run of digits and hyphens with 10 or
/// 11 digits starting with 0 (a Japanese number), after any label such as 「TEL:」.
fn contact_line(line: &str) -> Markup {
    let words: Vec<&str> = line.split(' ').collect();
    html! {
        @for (k, word) in words.iter().enumerate() {
            @if k > 0 { " " }
            @match contact_link(word) {
                Some((before, href, shown_as)) => { (shown(before)) a href=(href) { (shown(shown_as)) } }
                None => (shown(word)),
            }
        }
    }
}

/// The link in one word of a contact line: (text before it, its href, its text).
fn contact_link(word: &str) -> Option<(&str, String, &str)> {
    if let Some(at) = word.find("https://").or_else(|| word.find("http://")) {
        let (before, url) = word.split_at(at);
        return Some((before, url.to_string(), url));
    }
    if word.contains('@') && word.contains('.') {
        // After a label such as 「mail:」.
        let at = word
            .char_indices()
            .rfind(|(_, c)| matches!(c, ':' | '：'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let (before, mail) = word.split_at(at);
        return Some((before, format!("mailto:{mail}"), mail));
    }
    let at = word.find(|c: char| c.is_ascii_digit())?;
    let (before, number) = word.split_at(at);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let phone = number.starts_with('0')
        && (10..=11).contains(&digits)
        && number.chars().all(|c| c.is_ascii_digit() || c == '-');
    phone.then(|| (before, format!("tel:{number}"), number))
}

#[cfg(test)]
mod tests {
    use super::contact_line;

    #[test]
    fn contact_addresses_and_numbers_are_links() {
        let html = |s: &str| contact_line(s).into_string();
        assert_eq!(
            html("https://www.city.takayama.lg.jp"),
            r#"<a href="https://www.city.takayama.lg.jp">https://www.city.takayama.lg.jp</a>"#
        );
        assert_eq!(
            html("0577-35-3040"),
            r#"<a href="tel:0577-35-3040">0577-35-3040</a>"#
        );
        assert_eq!(
            html("電話：0577-35-3040 (平日)"),
            r#"電話：<a href="tel:0577-35-3040">0577-35-3040</a> (平日)"#
        );
        assert_eq!(
            html("mail:gyosei@city.takayama.lg.jp"),
            r#"mail:<a href="mailto:gyosei@city.takayama.lg.jp">gyosei@city.takayama.lg.jp</a>"#
        );
        assert_eq!(
            html("メール：a@b.jp"),
            r#"メール：<a href="mailto:a@b.jp">a@b.jp</a>"#
        );
        // Not a number to call: a year, a postcode.
        assert_eq!(html("2025年 〒506-8555"), "2025年 〒506-8555");
    }
}
