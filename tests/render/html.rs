//! roadmap.html: hostile texts come out escaped and readable, the same model gives the same
//! bytes, every step text of input/ is on the page, and every chart row's cells add up to
//! the year columns. (The browser checks — axe-core, widths, screenshots — are
//! tests/browser/check.mjs, run by .ci/run on input/ and on the hostile page written here.)

use std::path::Path;

use koteihyo::model::{KpiValue, Roadmap};
use koteihyo::render::html::{render, HtmlOptions};

use crate::support;
use support::*;

const SCRIPT: &str = "<script>alert(\"x\")</script> & 'q'";
const CONTROL: &str = "申請\u{7}受付\nの開始\u{1b}";
const EMOJI: &str = "📱アプリ👍の提供(国の動向による)";

fn long_word() -> String {
    format!("https://example.jp/{}", "a".repeat(400))
}

/// A break opportunity between phrases, hidden from the accessibility tree.
const WBR: &str = "<wbr aria-hidden=\"true\">";

/// The page, without the `<wbr>` between phrases (a break opportunity, not text), so a text
/// is found as maud wrote it.
fn page(rm: &Roadmap) -> String {
    marked_page(rm).replace(WBR, "")
}

fn marked_page(rm: &Roadmap) -> String {
    String::from_utf8(render(rm, &HtmlOptions::default(), None)).expect("UTF-8")
}

/// What maud writes for a text: `&`, `<`, `>` and `"` escaped.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn hostile(dir: &Path) -> Roadmap {
    plan(
        dir,
        vec![
            vec![
                S("(1)"),
                S("<b>指標</b> & \"割合\""),
                S("考え方 <i>"),
                S("%"),
                S("計画"),
                E,
                S("40%"),
                S("45%"),
                S("50%"),
                S("55%"),
                S("60%"),
            ],
            vec![E, E, E, E, S("実績"), S("39.2%"), S("41%")],
        ],
    );
    let rows = vec![
        grid_header(),
        vec![
            S("(1)"),
            S("①"),
            S("オンライン手続きの拡大"),
            S("項目 \"引用\" & <b>太字</b>"),
            T(SCRIPT.to_string()),
            E,
            T(CONTROL.to_string()),
            E,
            T(EMOJI.to_string()),
        ],
        vec![E, E, E, S("長い項目"), E, T(long_word())],
    ];
    write_xlsx(&dir.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    load(dir).roadmap
}

#[test]
fn hostile_texts_come_out_escaped_and_readable() {
    let dir = temp_dir("html_hostile");
    let rm = hostile(&dir);
    let html = page(&rm);
    // No markup from a cell: the only <script …> or <b> would be the submission's.
    assert!(
        !html.contains("<script"),
        "a cell's <script> reached the markup"
    );
    assert!(!html.contains("<b>") && !html.contains("<i>"));
    assert!(html.contains(&escaped(SCRIPT)), "the text itself, escaped");
    assert!(html.contains(&escaped("項目 \"引用\" & <b>太字</b>")));
    assert!(html.contains(&escaped("<b>指標</b> & \"割合\"")));
    // Control characters are shown as control pictures; the line break stays one.
    assert!(
        html.contains("申請␇受付\nの開始␛"),
        "control characters made visible"
    );
    assert!(!html.contains('\u{7}') && !html.contains('\u{1b}'));
    assert!(html.contains(EMOJI), "emoji kept as they are");
    assert!(html.contains(&long_word()), "the long text in full");
    // The long word can wrap inside its cell: fixed table layout, wrap anywhere.
    assert!(html.contains("table-layout: fixed") && html.contains("overflow-wrap: anywhere"));
    // For the browser test (.ci/run): the page and its model side by side.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-hostile");
    std::fs::create_dir_all(&out).expect("dir");
    std::fs::write(out.join("roadmap.html"), &html).expect("write");
    let json = serde_json::to_vec_pretty(&rm).expect("json");
    std::fs::write(out.join("roadmap.json"), json).expect("write");
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    let dir = temp_dir("html_same");
    let rm = hostile(&dir);
    let a = render(&rm, &HtmlOptions::default(), None);
    // Through roadmap.json and back: the page depends on the model alone.
    let again: Roadmap =
        serde_json::from_slice(&serde_json::to_vec(&rm).expect("json")).expect("model");
    assert_eq!(a, render(&again, &HtmlOptions::default(), None));
    let draft = render(
        &rm,
        &HtmlOptions {
            draft_errors: Some(2),
        },
        None,
    );
    let draft = String::from_utf8(draft).expect("UTF-8");
    assert!(draft.contains("案（未解決のエラー 2 件）"));
    assert!(!page(&rm).contains("未解決のエラー"));
}

fn published() -> Roadmap {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    load(&input).roadmap
}

#[test]
fn every_step_text_and_relisting_of_input_is_on_the_page() {
    let rm = published();
    let html = page(&rm);
    let steps: Vec<&str> = rm.steps().map(|(_, s)| s.text.as_str()).collect();
    assert!(!steps.is_empty());
    let missing: Vec<&&str> = steps
        .iter()
        .filter(|t| !html.contains(&escaped(t)))
        .collect();
    assert!(missing.is_empty(), "missing step texts: {missing:?}");
    for (_, step) in rm.steps() {
        for note in &step.notes {
            assert!(html.contains(&escaped(note)), "note {note:?}");
        }
        if let Some(r) = &step.relisting {
            assert!(html.contains(&format!("<span class=\"vh\">再掲元 </span>{}", r.place)));
        }
    }
    // One chart table per policy; every step says its period in words (visually hidden in
    // the table view, shown in the list view); a bar reaching the last year says the plan's
    // end, the arrow's default meaning, and nothing beyond it.
    let policies: usize = rm.pillars.iter().map(|p| p.policies.len()).sum();
    assert_eq!(html.matches("<table class=\"chart\">").count(), policies);
    assert_eq!(html.matches("<span class=\"when\">（").count(), steps.len());
    assert!(html.contains("<span class=\"when\">（令和7年度から令和8年度まで）</span>"));
    assert!(html.contains("<span class=\"when\">（計画期間より前から令和11年度まで）</span>"));
    assert!(!html.contains("以降も継続"));
    assert!(html.contains("右端の矢印は計画期間の終わりまで"));
    // One landmark per policy: the section; its scrolling box is a group.
    assert_eq!(
        html.matches("role=\"region\" tabindex=\"0\" aria-labelledby=\"h-policy")
            .count(),
        0
    );
    // Every re-listing links to its original's row, which exists; near misses to the closest.
    for target in html.split("<a class=\"badge\" href=\"#").skip(1) {
        let id = target.split('"').next().unwrap_or_default();
        assert!(id.starts_with("line-") || id.starts_with("item-"), "{id}");
        assert_eq!(html.matches(&format!(" id=\"{id}\"")).count(), 1, "{id}");
    }
    let near: usize = rm
        .pillars
        .iter()
        .flat_map(|p| &p.policies)
        .flat_map(|p| &p.initiatives)
        .flat_map(|i| &i.items)
        .flat_map(|i| &i.lines)
        .filter(|l| l.closest_original.is_some())
        .count();
    assert!(near > 0, "the published roadmap has near-miss re-listings");
    assert!(html.contains("<span class=\"vh\">再掲元の候補 </span>"));
    // Phrases are break opportunities: 「サービス」 is never split by one.
    let marked = marked_page(&rm);
    assert!(marked.contains(WBR));
    assert!(!marked.contains(&format!("サー{WBR}ビス")));
    assert_eq!(html.matches("<h1>").count(), 1);
    assert_eq!(html.matches("<svg").count(), rm.kpis.len());
}

/// One body row of a chart table: the colspans of its data cells, and its header cell's
/// colspan and rowspan.
type Row = (Vec<u32>, Option<u32>, Option<u32>);

/// The body rows of every chart table.
fn chart_rows(html: &str) -> Vec<Vec<Row>> {
    let attr = |tag: &str, name: &str| -> Option<u32> {
        let key = format!("{name}=\"");
        let at = tag.find(&key)? + key.len();
        tag[at..].split('"').next()?.parse().ok()
    };
    html.split("<table class=\"chart\">")
        .skip(1)
        .map(|t| {
            let table = t.split("</table>").next().unwrap_or_default();
            let body = table.split("</thead>").nth(1).unwrap_or_default();
            // A row's tag may carry the id a 再掲 links to: `<tr id="line-1-1-1-1-1">`.
            body.split("<tr")
                .skip(1)
                .map(|row| {
                    let row = row.split_once('>').map_or("", |(_, r)| r);
                    let tags: Vec<&str> = row
                        .split('<')
                        .skip(1)
                        .map(|t| t.split('>').next().unwrap_or_default())
                        .collect();
                    let tds = tags
                        .iter()
                        .filter(|t| *t == &"td" || t.starts_with("td "))
                        .map(|t| attr(t, "colspan").unwrap_or(1))
                        .collect();
                    let th = tags.iter().find(|t| t.starts_with("th "));
                    (
                        tds,
                        th.and_then(|t| attr(t, "colspan")),
                        th.and_then(|t| attr(t, "rowspan")),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn chart_cells_span_the_year_columns_exactly() {
    for rm in [published(), hostile(&temp_dir("html_spans"))] {
        let html = page(&rm);
        let cols = rm.plan.period.columns();
        let tables = chart_rows(&html);
        assert!(!tables.is_empty());
        for rows in tables {
            // Rows still covered by an item header's rowspan.
            let mut covered = 0;
            for (tds, th_colspan, th_rowspan) in rows {
                if tds.is_empty() {
                    assert_eq!(
                        th_colspan,
                        Some(cols + 1),
                        "an initiative row spans the table"
                    );
                    assert_eq!(
                        covered, 0,
                        "an initiative starts after the last item's rows"
                    );
                    continue;
                }
                assert_eq!(tds.iter().sum::<u32>(), cols, "cells of a row: {tds:?}");
                if let Some(n) = th_rowspan {
                    assert_eq!(
                        covered, 0,
                        "an item header starts after the last one's rows"
                    );
                    covered = n;
                }
                assert!(covered > 0, "every row lies under an item header");
                covered -= 1;
            }
            assert_eq!(covered, 0);
        }
    }
}

/// Every table of words breaks between phrases, as the charts do: the 改定履歴's cells carry
/// a `<wbr>` between BudouX's phrases and the style keeps words whole there, so a narrow
/// screen never shows 「サー／ビス」.
#[test]
fn history_cells_break_between_phrases() {
    let mut rm = published();
    let mut next = rm.plan.revisions[0].clone();
    next.text = "行政サービスのデジタル化に関する取り組みを追加し、工程を見直した".into();
    rm.plan.revisions.push(next);
    let html = marked_page(&rm);
    let start = html
        .find("<table class=\"history\">")
        .expect("the 改定履歴 table");
    let table = &html[start..start + html[start..].find("</table>").expect("its end")];
    let cells: Vec<&str> = table
        .split("<td>")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap_or(""))
        .collect();
    let long: Vec<&str> = cells
        .into_iter()
        .filter(|c| c.replace(WBR, "").chars().count() > 12)
        .collect();
    assert!(!long.is_empty(), "the 改定履歴 has long texts");
    for c in long {
        assert!(c.contains(WBR), "no phrase breaks in {c:?}");
    }
    assert!(html.contains("table.history td { word-break: keep-all; }"));
}

/// The KPI charts' SVGs of a page, in order.
fn svgs(html: &str) -> Vec<&str> {
    html.split("<svg")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap_or_default())
        .collect()
}

/// The texts an SVG writes at `y="…"` (its value axis labels sit at the left, its year
/// labels on the line `y="250"`, a direction-only target's arrows in the band `y="42"`).
fn svg_texts<'a>(svg: &'a str, y: &str) -> Vec<&'a str> {
    svg.split("<text ")
        .skip(1)
        .filter(|t| t.contains(&format!(" y=\"{y}\"")))
        .filter_map(|t| t.split_once('>').map(|(_, r)| r))
        .filter_map(|t| t.split("</text>").next())
        .collect()
}

/// Issue #26's honest KPI charts on the web page: the value axis starts at zero, every fiscal
/// year is on the year axis once (R6 between an R5 baseline and R7; in a plan that measured
/// its 現状値 in its first year, that year once), a direction-only target (↑) is drawn as
/// arrows above the plot and never as a point at a height, and an actual entered later for
/// R6 is an actual beside the published R5 baseline, which stays.
#[test]
fn kpi_charts_start_at_zero_hold_every_year_once_and_draw_arrows_as_directions() {
    let dir = temp_dir("html_kpi_second_plan");
    second_plan(&dir);
    let second = load(&dir).roadmap;
    for rm in [published(), second] {
        let html = page(&rm);
        let charts = svgs(&html);
        assert_eq!(charts.len(), rm.kpis.len());
        for (svg, kpi) in charts.iter().zip(&rm.kpis) {
            assert!(
                svg.contains(
                    "y=\"234.0\" text-anchor=\"end\" font-size=\"13\" fill=\"#232a33\">0</text>"
                ),
                "{}: the value axis starts at 0",
                kpi.indicator
            );
            let years = svg_texts(svg, "250");
            assert_eq!(
                years.len(),
                kpi.chart_years(rm.plan.period).len(),
                "{}: {years:?}",
                kpi.indicator
            );
            let mut once = years.clone();
            once.dedup();
            assert_eq!(once, years, "{}: a year twice", kpi.indicator);
            let directional = kpi.targets.iter().all(|t| t.value == KpiValue::Up);
            if directional {
                assert_eq!(
                    svg_texts(svg, "42").iter().filter(|t| **t == "↑").count(),
                    kpi.targets.len()
                );
                assert!(
                    !svg.contains("<rect"),
                    "{}: a ↑ drawn as a point",
                    kpi.indicator
                );
            }
        }
    }
    let published_page = page(&published());
    let first = svgs(&published_page)[0];
    assert!(svg_texts(first, "250").contains(&"R6"), "R6 on the axis");
    // A later R6 actual beside the published R5 baseline: both are drawn, R5 still 908.
    let rm = crate::xlsx_fixture::with_later_r6_actual(published());
    let html = page(&rm);
    assert!(
        html.contains("実績：R5年度末 908種類、R6年度末 1,020種類。"),
        "{html}"
    );
}

/// The web chart's value axis is progress.pdf's (one home, `render::kpi_chart`): the same
/// round ticks from zero, labelled the same, each with its grid line.
#[test]
fn kpi_charts_share_the_value_axis_of_progress_pdf() {
    let rm = published();
    let html = page(&rm);
    for (svg, kpi) in svgs(&html).iter().zip(&rm.kpis) {
        let data = koteihyo::render::kpi_chart::ChartData::of(kpi, rm.plan.period);
        let axis = data.axis.expect("the published indicators have figures");
        let want: Vec<String> = axis.ticks().iter().map(|&t| axis.label(t)).collect();
        let got: Vec<&str> = svg
            .split("<text x=\"64\"")
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(_, r)| r))
            .filter_map(|t| t.split("</text>").next())
            .filter(|t| *t != "計画")
            .collect();
        assert_eq!(got, want, "{}", kpi.indicator);
        assert!(want.len() >= 3, "{}: {want:?}", kpi.indicator);
        let grid = svg.matches("stroke=\"#dde3ea\"").count();
        assert_eq!(grid, want.len(), "{}: a grid line per tick", kpi.indicator);
    }
}
