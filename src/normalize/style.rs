//! The 計画 sheet's keys of presentation (docs/SUBMISSIONS.md § The plan workbook): year
//! notation, lead column and arrow (onto the plan's [`crate::model::Period`] and arrow),
//! numbering, depth, the levels' names and the section headings, read into
//! [`PlanStyle`](crate::model::PlanStyle). A value outside a key's list is an error at its
//! cell, never a default.

use super::header::one_torikumi;
use super::text::header_key;
use crate::diagnostic::{Code, Diagnostic, Place};
use crate::fiscal::Arrow;
use crate::model::{Numbering, Plan, Source, Words, YearNotation};

/// A 計画 key this module reads, normalised as header text (取組 = 取り組み).
pub fn is_style_key(key: &str) -> bool {
    let key = one_torikumi(&header_key(key));
    KEYS.iter().any(|k| one_torikumi(&header_key(k)) == key)
}

/// Every key this module reads, as the contract spells them.
const KEYS: &[&str] = &[
    "計画開始年月",
    "年の表記",
    "計画前の列",
    "矢印",
    "番号の表記",
    "取り組み項目",
    "柱の呼び名",
    "施策の呼び名",
    "具体的な取り組みの呼び名",
    "取り組み項目の呼び名",
    "工程の呼び名",
    "担当の呼び名",
    "見出し_体系",
    "見出し_工程表",
    "見出し_KPI全般",
    "見出し_KPI柱",
];

/// Reads one key's `value` (written at `source`, the value's cell or else the key's) into
/// `plan`. Returns `false` for a key that is not one of the style keys.
pub fn read_key(
    key: &str,
    value: &str,
    source: &Source,
    plan: &mut Plan,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let style = &mut plan.style;
    let norm = one_torikumi(&header_key(key));
    let Some(canonical) = KEYS.iter().find(|k| one_torikumi(&header_key(k)) == norm) else {
        return false;
    };
    let bad = |accepted: &str, out: &mut Vec<Diagnostic>| {
        out.push(Diagnostic::new(
            Code::PlanFieldValue,
            source.into(),
            &[canonical, value, accepted],
        ));
    };
    let word = header_key(value);
    match *canonical {
        "計画開始年月" => match super::year::parse_year_month(value) {
            Some(month) => style.start_month = Some(month),
            None => bad("令和4年12月, R4.12, 2022/12", out),
        },
        "年の表記" => match YearNotation::ALL.iter().find(|(_, w)| *w == word) {
            Some((notation, _)) => plan.period.years = *notation,
            None => bad("和暦併記, 和暦, 西暦", out),
        },
        "計画前の列" => match yes_no(&word) {
            Some(b) => plan.period.lead = b,
            None => bad("あり, なし", out),
        },
        "矢印" => match word.as_str() {
            "計画期間の終わりまで" => plan.arrow = Arrow::ToPlanEnd,
            "計画期間の後も継続" => plan.arrow = Arrow::BeyondPlan,
            _ => bad("計画期間の終わりまで, 計画期間の後も継続", out),
        },
        "取り組み項目" => match yes_no(&word) {
            Some(b) => style.items = b,
            None => bad("あり, なし", out),
        },
        "番号の表記" => match word.as_str() {
            "記号" => style.numbering = Numbering::Symbols,
            "そのまま" => style.numbering = Numbering::AsWritten,
            _ => bad("記号, そのまま", out),
        },
        heading if heading.starts_with("見出し_") => {
            let text = value.trim().to_string();
            let h = &mut style.headings;
            match heading {
                "見出し_体系" => h.frame = text,
                "見出し_工程表" => h.roadmap = text,
                "見出し_KPI全般" => h.kpi_general = text,
                _ => h.kpi_pillar = text,
            }
        }
        name => {
            if word.is_empty() {
                bad("一語以上 (a word)", out);
            } else if let Some(slot) = word_slot(&mut style.words, name) {
                *slot = value.trim().to_string();
            }
        }
    }
    true
}

/// あり / なし (also 有 / 無).
fn yes_no(word: &str) -> Option<bool> {
    match word {
        "あり" | "有" | "有り" => Some(true),
        "なし" | "無" | "無し" => Some(false),
        _ => None,
    }
}

/// The level a `…の呼び名` key names.
fn word_slot<'w>(words: &'w mut Words, key: &str) -> Option<&'w mut String> {
    Some(match key {
        "柱の呼び名" => &mut words.pillar,
        "施策の呼び名" => &mut words.policy,
        "具体的な取り組みの呼び名" => &mut words.initiative,
        "取り組み項目の呼び名" => &mut words.item,
        "工程の呼び名" => &mut words.step,
        "担当の呼び名" => &mut words.department,
        _ => return None,
    })
}

/// The levels' names with the name each has by default, in hierarchy order: what headers and
/// messages call each level.
pub fn levels(words: &Words) -> [(&'static str, &str); 6] {
    [
        ("柱", &words.pillar),
        ("施策", &words.policy),
        ("具体的な取り組み", &words.initiative),
        ("取り組み項目", &words.item),
        ("工程", &words.step),
        ("担当課", &words.department),
    ]
}

/// Two levels whose names are one header after the Header rows' rules (NFKC, no white space,
/// 取組 = 取り組み) could not be told apart: a `plan-words-equal` error at `place`.
pub fn check_words(words: &Words, place: &Place, out: &mut Vec<Diagnostic>) {
    let levels = levels(words);
    for (i, (level_a, a)) in levels.iter().enumerate() {
        for (level_b, b) in levels.iter().skip(i + 1) {
            if one_torikumi(&header_key(a)) == one_torikumi(&header_key(b)) {
                out.push(Diagnostic::new(
                    Code::PlanWordsEqual,
                    place.clone(),
                    &[level_a, level_b, a],
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(key: &str, value: &str) -> (Plan, Vec<Diagnostic>) {
        let mut plan = Plan::default();
        let mut out = Vec::new();
        assert!(read_key(
            key,
            value,
            &Source::default(),
            &mut plan,
            &mut out
        ));
        (plan, out)
    }

    #[test]
    fn every_key_reads_its_values() {
        assert_eq!(
            read("年の表記", "西暦").0.period.years,
            YearNotation::Western
        );
        assert_eq!(
            read("年の表記", " 和暦 ").0.period.years,
            YearNotation::Wareki
        );
        assert!(!read("計画前の列", "なし").0.period.lead);
        assert_eq!(
            read("矢印", "計画期間の後も継続").0.arrow,
            Arrow::BeyondPlan
        );
        assert!(!read("取組項目", "なし").0.style.items);
        assert_eq!(
            read("番号の表記", "そのまま").0.style.numbering,
            Numbering::AsWritten
        );
        assert_eq!(read("柱の呼び名", "分野").0.style.words.pillar, "分野");
        assert_eq!(
            read("担当の呼び名", "部局").0.style.words.department,
            "部局"
        );
        assert_eq!(
            read("見出し_KPI柱", "分野別KPI")
                .0
                .style
                .headings
                .kpi_pillar,
            "分野別KPI"
        );
        let month = read("計画開始年月", "令和4年12月").0.style.start_month;
        assert_eq!(month.map(|m| (m.year(), m.month())), Some((2022, 12)));
    }

    #[test]
    fn a_bad_value_is_an_error_naming_the_accepted_ones() {
        for (key, value) in [
            ("年の表記", "グレゴリオ暦"),
            ("計画前の列", "たぶん"),
            ("矢印", "ずっと"),
            ("番号の表記", "漢数字"),
            ("計画開始年月", "そのうち"),
            ("柱の呼び名", " "),
        ] {
            let (plan, out) = read(key, value);
            assert_eq!(plan, Plan::default(), "{key}");
            assert_eq!(out.len(), 1, "{key}");
            assert_eq!(out[0].code, Code::PlanFieldValue);
        }
    }

    #[test]
    fn equal_names_are_found_after_the_header_rules() {
        let words = Words {
            initiative: "取組".into(),
            item: "取り組み".into(),
            ..Words::default()
        };
        let mut out = Vec::new();
        check_words(&words, &Place::file("00_計画.xlsx"), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].code, Code::PlanWordsEqual);
        let mut none = Vec::new();
        check_words(&Words::default(), &Place::file("x"), &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn other_keys_are_left_to_the_caller() {
        let mut plan = Plan::default();
        assert!(!read_key(
            "市町村名",
            "x",
            &Source::default(),
            &mut plan,
            &mut Vec::new()
        ));
    }
}
