//! The annotated transcription (`takayama.txt`) and its parser.
//!
//! The transcription is the single source of the generated input: every workbook is a view
//! of it, so correcting a level decision or a text is a one-line change there.

/// The transcription, compiled in so the generator needs no path to find it.
pub const TEXT: &str = include_str!("takayama.txt");

/// One chart line: the six year fields (～R6, R7 … R11) exactly as in the reference.
pub type Line = [String; 6];

#[derive(Debug, Default)]
pub struct Transcription {
    /// 計画 sheet rows: (項目, 内容).
    pub meta: Vec<(String, String)>,
    /// はじめに rows: 区分, 見出し, 副題, 本文, キーワード, キーワード(英).
    pub intro: Vec<[String; 6]>,
    pub kpis: Vec<Kpi>,
    /// 改定履歴 rows: (改定年月, 内容).
    pub revisions: Vec<(String, String)>,
    pub pillars: Vec<Pillar>,
}

#[derive(Debug, Default)]
pub struct Kpi {
    /// 全般, (1), (2), (3)
    pub class: String,
    pub name: String,
    pub unit: String,
    pub idea: String,
    /// (種別, values for 令和5 … 令和11 年度末; empty = no such column in print).
    pub rows: Vec<(String, [String; 7])>,
}

#[derive(Debug, Default)]
pub struct Pillar {
    pub number: u32,
    /// “便利・快適”
    pub title: String,
    /// ～DXによる 市民サービスの向上～
    pub subtitle: String,
    pub policies: Vec<Policy>,
}

#[derive(Debug, Default)]
pub struct Policy {
    pub number: u32,
    /// As in the 体系 section, without the circled number.
    pub title: String,
    pub initiatives: Vec<Initiative>,
}

#[derive(Debug, Default)]
pub struct Initiative {
    /// The department the illustrative split assigns this initiative to.
    pub dept: String,
    pub text: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Default)]
pub struct Item {
    pub text: String,
    pub lines: Vec<Line>,
}

/// ①…⑳ for a policy number (the plan has at most five policies per pillar).
pub fn circled(n: u32) -> String {
    char::from_u32(0x2460 + n.saturating_sub(1))
        .map(String::from)
        .unwrap_or_else(|| n.to_string())
}

/// Fields after the tag, padded with empty strings to `N` (trailing empty fields may be
/// trimmed by an editor; they still mean "empty").
fn fields<const N: usize>(rest: &[&str], lineno: usize) -> Result<[String; N], String> {
    if rest.len() > N {
        return Err(format!(
            "takayama.txt:{lineno}: {} fields, at most {N} expected",
            rest.len()
        ));
    }
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, f) in out.iter_mut().zip(rest) {
        *slot = f.to_string();
    }
    Ok(out)
}

fn number(s: &str, lineno: usize) -> Result<u32, String> {
    s.parse()
        .map_err(|_| format!("takayama.txt:{lineno}: not a number: {s:?}"))
}

pub fn parse(text: &str) -> Result<Transcription, String> {
    let mut t = Transcription::default();
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = raw.split('\t').collect();
        let (tag, rest) = (parts[0], &parts[1..]);
        let missing = |what: &str| format!("takayama.txt:{lineno}: {tag} before any {what}");
        match tag {
            "M" => {
                let [k, v] = fields::<2>(rest, lineno)?;
                t.meta.push((k, v));
            }
            "H" => t.intro.push(fields::<6>(rest, lineno)?),
            "K" => {
                let [class, name, unit, idea] = fields::<4>(rest, lineno)?;
                t.kpis.push(Kpi {
                    class,
                    name,
                    unit,
                    idea,
                    rows: Vec::new(),
                });
            }
            "KV" => {
                let [kind, r5, r6, r7, r8, r9, r10, r11] = fields::<8>(rest, lineno)?;
                t.kpis
                    .last_mut()
                    .ok_or_else(|| missing("K"))?
                    .rows
                    .push((kind, [r5, r6, r7, r8, r9, r10, r11]));
            }
            "R" => {
                let [when, what] = fields::<2>(rest, lineno)?;
                t.revisions.push((when, what));
            }
            "P" => {
                let [n, title, subtitle] = fields::<3>(rest, lineno)?;
                t.pillars.push(Pillar {
                    number: number(&n, lineno)?,
                    title,
                    subtitle,
                    policies: Vec::new(),
                });
            }
            "Q" => {
                let [n, title] = fields::<2>(rest, lineno)?;
                t.pillars
                    .last_mut()
                    .ok_or_else(|| missing("P"))?
                    .policies
                    .push(Policy {
                        number: number(&n, lineno)?,
                        title,
                        initiatives: Vec::new(),
                    });
            }
            "I" => {
                let [dept, text] = fields::<2>(rest, lineno)?;
                t.pillars
                    .last_mut()
                    .and_then(|p| p.policies.last_mut())
                    .ok_or_else(|| missing("Q"))?
                    .initiatives
                    .push(Initiative {
                        dept,
                        text,
                        items: Vec::new(),
                    });
            }
            "T" => {
                let [text] = fields::<1>(rest, lineno)?;
                last_initiative(&mut t)
                    .ok_or_else(|| missing("I"))?
                    .items
                    .push(Item {
                        text,
                        lines: Vec::new(),
                    });
            }
            "S" => {
                let line = fields::<6>(rest, lineno)?;
                if line.iter().all(|f| f.is_empty()) {
                    return Err(format!("takayama.txt:{lineno}: empty step line"));
                }
                last_initiative(&mut t)
                    .and_then(|i| i.items.last_mut())
                    .ok_or_else(|| missing("T"))?
                    .lines
                    .push(line);
            }
            _ => return Err(format!("takayama.txt:{lineno}: unknown tag {tag:?}")),
        }
    }
    Ok(t)
}

fn last_initiative(t: &mut Transcription) -> Option<&mut Initiative> {
    t.pillars
        .last_mut()?
        .policies
        .last_mut()?
        .initiatives
        .last_mut()
}

/// Continuation marks that extend the step to their left (docs/SUBMISSIONS.md); a field holding
/// only these is not a step.
pub fn is_continuation(field: &str) -> bool {
    let t = field.trim();
    !t.is_empty() && t.chars().all(|c| "→⇒―─━…-".contains(c))
}

/// Steps of a line: (start column, text), continuation marks excluded.
pub fn steps(line: &Line) -> Vec<(usize, &str)> {
    line.iter()
        .enumerate()
        .filter(|(_, f)| !f.is_empty() && !is_continuation(f))
        .map(|(c, f)| (c, f.as_str()))
        .collect()
}

/// The column span of each step: it runs to the column before the next step, or to R11
/// (column 5) — the published convention, and the grid reader's rule.
pub fn spans(line: &Line) -> Vec<(usize, usize, &str)> {
    let s = steps(line);
    s.iter()
        .enumerate()
        .map(|(k, &(c, text))| {
            let end = s.get(k + 1).map(|&(next, _)| next - 1).unwrap_or(5);
            (c, end, text)
        })
        .collect()
}

const MARKERS: [&str; 4] = ["(再掲)", "（再掲）", "【再掲】", "［再掲］"];

pub fn is_relisting(text: &str) -> bool {
    MARKERS.iter().any(|m| text.contains(m))
}

pub fn strip_markers(text: &str) -> String {
    MARKERS
        .iter()
        .fold(text.to_string(), |s, m| s.replace(m, ""))
}

/// Counts per pillar, for the README and the self-check report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub initiatives: usize,
    pub items: usize,
    pub lines: usize,
    pub steps: usize,
}

pub fn counts(p: &Pillar) -> Counts {
    let mut c = Counts::default();
    for i in p.policies.iter().flat_map(|q| &q.initiatives) {
        c.initiatives += 1;
        c.items += i.items.len();
        for l in i.items.iter().flat_map(|t| &t.lines) {
            c.lines += 1;
            c.steps += steps(l).len();
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference-takayama-r7-r11.txt"
    ));

    /// The reference's roadmap part (from the first pillar page to the KPI chapter), as
    /// (pillar header, policy title, line) for every chart line, page furniture dropped.
    fn reference_roadmap() -> Vec<(String, String, String)> {
        let lines: Vec<&str> = REFERENCE.lines().collect();
        let start = lines
            .iter()
            .position(|l| *l == "《凡例》")
            .and_then(|p| p.checked_sub(2))
            .expect("first legend");
        let end = lines
            .iter()
            .position(|l| l.starts_with("重要業績評価指標"))
            .and_then(|first| {
                lines[first + 1..]
                    .iter()
                    .position(|l| l.starts_with("重要業績評価指標"))
                    .map(|p| p + first + 1)
            })
            .expect("KPI chapter");
        let legend_words = [
            "計画本文における「具体的な取り組み」",
            "取り組み項目",
            "主な工程",
        ];
        let (mut pillar, mut policy) = (String::new(), String::new());
        let mut out = Vec::new();
        for l in &lines[start..end] {
            let first = l.chars().next().unwrap_or(' ');
            let furniture = l.trim().is_empty()
                || *l == "《凡例》"
                || *l == "≪凡例≫"
                || l.starts_with("～令和6")
                || (legend_words.iter().any(|w| l.starts_with(w)) && !l.contains('\t'));
            if furniture {
                continue;
            } else if l.starts_with('(') && l.contains('“') {
                pillar = l.to_string();
            } else if ('①'..='⑤').contains(&first) {
                // In print `③ デジタルデバイド…` and `① AI等…` carry a space the 体系 lacks.
                policy = l.replacen(' ', "", 1);
            } else {
                out.push((pillar.clone(), policy.clone(), l.to_string()));
            }
        }
        out
    }

    fn rebuilt(t: &Transcription) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for p in &t.pillars {
            let header = format!("({}) {} {}", p.number, p.title, p.subtitle);
            for q in &p.policies {
                let title = format!("{}{}", circled(q.number), q.title);
                let mut push = |s: String| out.push((header.clone(), title.clone(), s));
                for i in &q.initiatives {
                    push(format!("{}\t\t\t\t\t", i.text));
                    for item in &i.items {
                        push(format!("{}\t\t\t\t\t", item.text));
                        for l in &item.lines {
                            push(l.join("\t"));
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn roadmap_matches_the_reference_line_for_line() {
        let t = parse(TEXT).expect("transcription parses");
        let want = reference_roadmap();
        let got = rebuilt(&t);
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "roadmap line {} differs", k + 1);
        }
        assert_eq!(got.len(), want.len(), "number of roadmap lines");
        for (_, _, l) in &want {
            assert_eq!(l.matches('\t').count(), 5, "six fields: {l:?}");
        }
    }

    #[test]
    fn taikei_matches_the_reference() {
        let t = parse(TEXT).expect("transcription parses");
        let lines: Vec<&str> = REFERENCE.lines().collect();
        let start = lines
            .iter()
            .position(|l| *l == "目指す姿")
            .expect("目指す姿");
        let vision = &t
            .meta
            .iter()
            .find(|(k, _)| k == "目指す姿")
            .expect("vision")
            .1;
        let mut want: Vec<String> = vec![vision.clone()];
        for p in &t.pillars {
            want.push(format!("({}) {}", p.number, p.title));
            want.push(p.subtitle.clone());
            for q in &p.policies {
                want.push(format!("- {}{}", circled(q.number), q.title));
            }
        }
        let got: Vec<&str> = lines[start + 1..]
            .iter()
            .take_while(|l| !l.starts_with("(1) “便利・快適” ～"))
            .filter(|l| !l.is_empty())
            .copied()
            .collect();
        assert_eq!(got, want);
        assert_eq!(
            t.pillars.iter().map(|p| p.policies.len()).sum::<usize>(),
            14
        );
    }

    #[test]
    fn kpis_match_the_reference() {
        let t = parse(TEXT).expect("transcription parses");
        assert_eq!(t.kpis.len(), 7);
        for k in &t.kpis {
            let pos = REFERENCE
                .find(&format!("指標\t{}\t\t\t\t\t\n", k.name))
                .expect("indicator in reference");
            let block: Vec<&str> = REFERENCE[pos..].lines().take(5).collect();
            assert_eq!(block[1], format!("指標の考え方\t{}\t\t\t\t\t", k.idea));
            let years: Vec<usize> = block[2]
                .split('\t')
                .skip(1)
                .map(|h| {
                    let n: String = h
                        .trim_start_matches("令和")
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    n.parse::<usize>().expect("year") - 5
                })
                .collect();
            for ((kind, values), printed) in k.rows.iter().zip(&block[3..5]) {
                let mut f = vec![kind.clone()];
                f.extend(years.iter().map(|&y| values[y].clone()));
                assert_eq!(f.join("\t"), *printed);
                // Years without a printed column stay blank.
                for (y, v) in values.iter().enumerate() {
                    assert!(years.contains(&y) || v.is_empty(), "{}: {y}", k.name);
                }
            }
        }
    }

    #[test]
    fn introduction_is_verbatim_without_bold_markers() {
        let t = parse(TEXT).expect("transcription parses");
        let plain = REFERENCE.replace("**", "");
        assert_eq!(t.intro.len(), 6);
        for h in &t.intro {
            for f in h
                .iter()
                .filter(|f| !f.is_empty() && !["前文", "目的", "結び"].contains(&f.as_str()))
            {
                assert!(plain.contains(f.as_str()), "not in reference: {f}");
            }
        }
        for (_, v) in &t.meta {
            let v = v
                .trim_start_matches("R")
                .trim_start_matches(|c: char| c.is_ascii_digit());
            assert!(
                v.is_empty() || REFERENCE.contains(v),
                "not in reference: {v}"
            );
        }
    }

    #[test]
    fn counts_report() {
        let t = parse(TEXT).expect("transcription parses");
        let mut total = Counts::default();
        for p in &t.pillars {
            let c = counts(p);
            eprintln!("({}) {c:?}", p.number);
            total.initiatives += c.initiatives;
            total.items += c.items;
            total.lines += c.lines;
            total.steps += c.steps;
        }
        eprintln!("total {total:?}");
        assert_eq!(total.initiatives, 85);
    }
}
