// The browser test of the web edition (issue #12), run by .ci/run:
//
//   node tests/browser/check.mjs OUT_DIR [SHOTS_DIR]
//
// OUT_DIR holds a built roadmap.html and roadmap.json (this script builds nothing). It loads
// the page in the system's Chromium (/usr/bin/chromium, or $CHROMIUM) headless and checks:
//   1. axe-core's WCAG 2.0/2.1 A and AA rules report no violation (at 1280 and at 375 px);
//   2. at 375 CSS px (a phone) and 640 px (1280 at 200% zoom) the page does not scroll
//      sideways, every box that does scroll is keyboard-focusable and labelled, and every
//      step's text and its years are in view without scrolling anything sideways (the charts
//      read as lists there); at 1280 px every step's text is in view too;
//   3. every step text of roadmap.json is in the page text;
//   4. one h1, headings in order, lang="ja", a title;
//   5. the page asks nothing of the network (no request other than the file itself);
//   6. as issue #26's readers met it: one landmark per policy (no duplicate landmark names),
//      はじめに without ASCII "~", the contact address and phone as links, 再掲 links on
//      their original's row, and a print style that keeps headings with what follows.
// It saves screenshots at 1280 and 375 px, the print rendering (A4 landscape) as a PDF, and
// the accessibility tree of the first policy's chart (what a screen reader is handed).
// Exit status 0 only when every check passed.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? "output");
const shots = resolve(process.argv[3] ?? join(outDir, "browser"));
// `--published`: the page is the published roadmap (input/), whose content (its はじめに, its
// colophon's contact, its re-listings) is known; other pages (the hostile one) need not have
// that content, and their texts are shown as written.
const published = process.argv.includes("--published");
mkdirSync(shots, { recursive: true });

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const results = [];
function check(name, ok, detail = "") {
  results.push({ name, ok });
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

// The page names BIZ UDPGothic first; the repository ships it (fonts/), so the screenshots
// show the page as a reader with that font sees it, on a machine without Japanese fonts too.
const fontsConf = join(shots, "fonts.conf");
writeFileSync(
  fontsConf,
  `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>` +
    `<include ignore_missing="yes">/etc/fonts/fonts.conf</include>` +
    `<dir>${resolve(here, "../../fonts")}</dir><cachedir>${join(shots, "fontcache")}</cachedir></fontconfig>`,
);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"],
  env: { ...process.env, FONTCONFIG_FILE: fontsConf },
});
try {
  const page = await browser.newPage();
  const url = pathToFileURL(join(outDir, "roadmap.html")).href;
  const requests = [];
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    if (r.url() !== url) requests.push(r.url());
    if (r.url().startsWith("file:")) r.continue();
    else r.abort();
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  check("no request besides the page itself", requests.length === 0, requests.join(" "));

  // 4. Document structure.
  const structure = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title,
    levels: [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])),
    scripts: document.scripts.length,
  }));
  const skips = structure.levels.filter((l, i) => i > 0 && l > structure.levels[i - 1] + 1);
  check('lang="ja" and a title', structure.lang === "ja" && structure.title.length > 0);
  check("one h1, first", structure.levels.filter((l) => l === 1).length === 1 && structure.levels[0] === 1);
  check("headings in order (no level skipped)", skips.length === 0, `${structure.levels.length} headings`);
  check("no script", structure.scripts === 0);

  // 3. Every step text of the model is in the page text (white space compared loosely).
  const model = JSON.parse(readFileSync(join(outDir, "roadmap.json"), "utf8"));
  const steps = [];
  for (const p of model.pillars)
    for (const q of p.policies)
      for (const i of q.initiatives)
        for (const it of i.items) for (const l of it.lines) for (const s of l.steps) steps.push(s.text);
  // As the page shows a text (render/html/mod.rs, `shown`): control characters visible.
  const shown = (s) =>
    s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
      const n = c.charCodeAt(0);
      if (c === "\r") return "";
      if (n < 0x20) return String.fromCharCode(0x2400 + n);
      if (n === 0x7f) return "\u2421";
      return `[U+${n.toString(16).toUpperCase().padStart(4, "0")}]`;
    });
  const squash = (s) => shown(s).replace(/\s+/g, " ").trim();
  const text = squash(await page.evaluate(() => document.body.innerText));
  const missing = steps.filter((s) => !text.includes(squash(s)));
  check(
    "every step text is in the page text",
    steps.length > 0 && missing.length === 0,
    `${steps.length - missing.length} of ${steps.length}${missing.length ? `; missing: ${missing.slice(0, 5).join(" | ")}` : ""}`,
  );

  // Long texts wrap inside their cells: no bar or cell is wider inside than its box.
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll("table td, table th, .bar")]
      .filter((e) => e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.textContent.slice(0, 40)),
  );
  check("every text wraps inside its cell", overflowing.length === 0, overflowing.slice(0, 3).join(" | "));

  // Issue #26, as a reader meets the page: one landmark per policy (no two landmarks of one
  // role share a name), はじめに in full-width 「～」 (no ASCII "~"), the colophon's web
  // address and phone number as links, and every 再掲 link landing on its original's row.
  const reader = await page.evaluate(() => {
    const name = (e) => {
      const by = e.getAttribute("aria-labelledby");
      if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ").trim();
      return (e.getAttribute("aria-label") ?? "").trim();
    };
    const roles = { MAIN: "main", NAV: "navigation", HEADER: "banner", FOOTER: "contentinfo", ASIDE: "complementary" };
    const landmarks = [...document.querySelectorAll("main,nav,header,footer,aside,section,[role=region]")]
      .map((e) => {
        const role = e.getAttribute("role") ?? (e.tagName === "SECTION" ? (name(e) ? "region" : "") : roles[e.tagName]);
        return role ? `${role}: ${name(e)}` : "";
      })
      .filter((l) => l);
    const seen = new Set();
    const twice = landmarks.filter((l) => seen.has(l) || !seen.add(l));
    const intro = document.getElementById("intro")?.innerText ?? "";
    const links = [...document.querySelectorAll("footer a")].map((a) => a.getAttribute("href"));
    const badges = [...document.querySelectorAll("a.badge")];
    const offRow = badges
      .map((a) => a.getAttribute("href"))
      .filter((h) => {
        const target = document.getElementById(h.slice(1));
        return !target || target.closest("tr") === null;
      });
    return { landmarks: landmarks.length, twice, intro, links, badges: badges.length, offRow };
  });
  check("no two landmarks of one role share a name", reader.twice.length === 0, `${reader.landmarks} landmarks${reader.twice.length ? `; twice: ${reader.twice.slice(0, 3).join(" | ")}` : ""}`);
  if (published) {
    check("はじめに has no ASCII ~", reader.intro.length > 0 && !reader.intro.includes("~"));
    check(
      "the colophon's web address and phone number are links",
      reader.links.some((h) => h.startsWith("https:")) && reader.links.some((h) => h.startsWith("tel:")),
      reader.links.join(" "),
    );
  }
  // The published roadmap has re-listings; on any page, each 再掲 link lands on a row.
  check(
    "every 再掲 link lands on its original's row",
    (!published || reader.badges > 0) && reader.offRow.length === 0,
    `${reader.badges} links${reader.offRow.length ? `; not on a row: ${reader.offRow.slice(0, 3).join(" ")}` : ""}`,
  );

  // 1. axe-core, at desktop and phone widths.
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const axe = () =>
    page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      TAGS,
    );
  const describe = (v) =>
    v.map((x) => `${x.id} (${x.nodes.length}): ${x.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`).join("; ");
  let report = await axe();
  check("axe-core WCAG 2.1 A/AA at 1280 px: no violation", report.violations.length === 0, describe(report.violations));
  await page.screenshot({ path: join(shots, "roadmap-1280.png") });
  const chart = await page.$("section.policy");
  if (chart) await chart.screenshot({ path: join(shots, "chart-1280.png") });

  // The accessibility tree of the first policy's chart.
  if (chart) {
    const tree = await page.accessibility.snapshot({ root: chart, interestingOnly: false });
    writeFileSync(join(shots, "chart-a11y.json"), JSON.stringify(tree, null, 1));
    // The same as indented "role: name" lines, wrappers without a name left out.
    const lines = [];
    const walk = (n, depth) => {
      const shown = n.name || !["generic", "none"].includes(n.role);
      if (shown && !["StaticText", "InlineTextBox"].includes(n.role)) lines.push(`${"  ".repeat(depth)}${n.role}: ${n.name ?? ""}`);
      for (const c of n.children ?? []) walk(c, shown ? depth + 1 : depth);
    };
    walk(tree, 0);
    writeFileSync(join(shots, "chart-a11y.txt"), lines.join("\n") + "\n");
  }

  // Every step label (and, where the list view writes them, its years) lies inside the
  // viewport's width: nothing to scroll sideways to read it, nothing cut at the edge. A label
  // not rendered at all counts as out of view.
  const stepsInView = (width) =>
    page.evaluate((width) => {
      const out = [];
      const bars = [...document.querySelectorAll("table.chart .bar")];
      for (const bar of bars) {
        const parts = [bar.querySelector(".label")];
        if (getComputedStyle(bar.querySelector(".when")).position === "static") parts.push(bar.querySelector(".when"));
        for (const e of parts) {
          const r = e.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || r.left < 0 || r.right > width + 0.5) out.push(e.textContent.slice(0, 30));
        }
      }
      return { bars: bars.length, out };
    }, width);
  const inView = await stepsInView(1280);
  check(
    "at 1280 px every step label is in view",
    inView.bars === steps.length && inView.out.length === 0,
    `${inView.bars} bars for ${steps.length} steps, ${inView.out.length} out of view ${inView.out.slice(0, 3).join(" | ")}`,
  );

  // 2. Narrow widths: 640 (1280 at 200% zoom: device scale 2) and 375 (a phone).
  for (const [width, scale] of [[640, 2], [375, 1]]) {
    await page.setViewport({ width, height: 800, deviceScaleFactor: scale });
    const m = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll("*")].filter((e) => {
        const s = getComputedStyle(e);
        return /(auto|scroll)/.test(s.overflowX) && e.scrollWidth > e.clientWidth;
      });
      return {
        scrollWidth: document.scrollingElement.scrollWidth,
        unlabelled: boxes
          .filter((e) => e.tabIndex < 0 || !(e.getAttribute("aria-labelledby") || e.getAttribute("aria-label")))
          .map((e) => e.outerHTML.slice(0, 80)),
        boxes: boxes.length,
      };
    });
    check(`at ${width} px the page does not scroll sideways`, m.scrollWidth <= width, `scrollWidth ${m.scrollWidth}`);
    const v = await stepsInView(width);
    const years = await page.evaluate(
      () => [...document.querySelectorAll("table.chart .when")].filter((e) => getComputedStyle(e).position === "static").length,
    );
    check(
      `at ${width} px every step label and its years are in view`,
      v.bars === steps.length && years === steps.length && v.out.length === 0,
      `${v.bars} bars, ${years} with years shown, ${v.out.length} out of view ${v.out.slice(0, 3).join(" | ")}`,
    );
    await page.screenshot({ path: join(shots, `roadmap-${width}.png`) });
    check(
      `at ${width} px every scrolling box is focusable and labelled`,
      m.unlabelled.length === 0,
      `${m.boxes} scrolling boxes${m.unlabelled.length ? `; not: ${m.unlabelled.join(" | ")}` : ""}`,
    );
  }
  report = await axe();
  check("axe-core WCAG 2.1 A/AA at 375 px: no violation", report.violations.length === 0, describe(report.violations));
  await page.screenshot({ path: join(shots, "roadmap-375.png") });
  const chart375 = await page.$("section.policy");
  if (chart375) await chart375.screenshot({ path: join(shots, "chart-375.png") });

  // The print style sheet: A4 landscape, as the council's copy.
  await page.emulateMediaType("print");
  // On paper a heading or an initiative's row never ends a page (it keeps with what follows) and a row, a KPI block
  // or a chart is never cut across two pages.
  const print = await page.evaluate(() => ({
    // An initiative's row (the first of its tbody) heads its items' rows as a heading does.
    headings: [...document.querySelectorAll("h2,h3,h4,h5,table.chart tbody > tr:first-child")].filter(
      (h) => getComputedStyle(h).breakAfter !== "avoid",
    ).length,
    whole: [...document.querySelectorAll("tr, .kpi-block, figure")].filter((e) => getComputedStyle(e).breakInside !== "avoid").length,
    chartHead: [...document.querySelectorAll("table.chart thead")].filter((e) => getComputedStyle(e).display !== "table-header-group").length,
  }));
  check(
    "in print no heading is stranded at a page foot, no row or chart cut, the year header repeats",
    print.headings === 0 && print.whole === 0 && print.chartHead === 0,
    `${print.headings} headings, ${print.whole} rows/blocks, ${print.chartHead} chart headers without`,
  );
  await page.pdf({ path: join(shots, "print.pdf"), preferCSSPageSize: true, printBackground: true });
} finally {
  await browser.close();
}

const failed = results.filter((r) => !r.ok).length;
console.log(`screenshots and accessibility tree in ${shots}`);
console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
