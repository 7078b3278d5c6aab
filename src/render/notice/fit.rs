//! How large a notice's type can be: a conservative model of the sheet's layout that picks the
//! largest type at which every text fits on one sheet, or says it cannot fit.
//!
//! Every size on a sheet is a multiple of one unit `u` (in pt when printed), clamped to the
//! paper's minimum ([`Paper::min_text_pt`]). The model estimates each text block's height at a
//! given `u` and the sheet's content box (the paper less its `@page` margins, less 1 mm):
//!
//! - **Widths** by character class, in em, at least as wide as Noto Sans CJK's bold glyphs: CJK
//!   ideographs, kana, Hangul, full-width forms and anything unknown 1; Latin capitals 0.72,
//!   `m`/`w`/`M`/`W` 0.92, other letters and digits 0.6, a space 0.3, other ASCII 0.42.
//! - **Breaks** only where the stylesheet surely allows one: spaces, `<wbr>` (BudouX phrase
//!   boundaries and `|` pins), and between any two characters of Chinese text without pins; a
//!   piece wider than its line breaks between characters (`overflow-wrap: anywhere`). Lines
//!   are filled greedily: with wider pieces and fewer break points than the browser has, the
//!   model never counts fewer lines than the browser sets.
//! - **Heights**: lines × font size × line height, plus the paddings, borders and gaps of
//!   [`GEOMETRY`]; two label columns take the taller cell of each row; the bottom band takes
//!   the taller of the details and the QR codes. The sum must stay within 96% of the content
//!   box, a margin for font metrics the model does not know.
//!
//! The unit is searched on a 0.1 pt grid between the paper's minimum and maximum; the same
//! inputs always give the same unit. The stylesheet draws from the same numbers: [`css`]
//! writes them as CSS, and the template converts `u` to container units (`cqi`), so a sheet
//! on a screen is the printed sheet, scaled.

use std::fmt::Write;

use crate::site::config::Paper;

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;
/// The share of the content box the model may fill.
const SAFETY: f32 = 0.96;

/// One block of text: its font sizes (main language `k`, the other languages `k2`, in units),
/// its line height, and its vertical extras (in units).
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    selector: &'static str,
    k: f32,
    k2: f32,
    line: f32,
    /// Padding and borders above and below, in units.
    extra: f32,
    /// CSS for the extras, with `U` standing for the unit.
    css: &'static str,
}

const TOP: Block = Block {
    selector: ".notice-top",
    k: 1.2,
    k2: 1.2,
    line: 1.3,
    extra: 0.0,
    css: "gap:calc(.3*U) calc(1*U)",
};
const HEADLINE: Block = Block {
    selector: ".notice-headline",
    k: 2.8,
    k2: 2.0,
    line: 1.25,
    extra: 0.35 + 0.6 + 0.7 + 0.35,
    css: "padding:calc(.6*U) 0 calc(.7*U);border-width:calc(.35*U) 0",
};
const LEAD: Block = Block {
    selector: ".notice-lead",
    k: 1.6,
    k2: 1.15,
    line: 1.45,
    extra: 0.0,
    css: "",
};
const LABELS: Block = Block {
    selector: ".notice-labels",
    k: 1.6,
    k2: 1.3,
    line: 1.3,
    extra: 0.0,
    css: "gap:calc(.7*U) calc(1.4*U)",
};
const STANCE: Block = Block {
    selector: ".notice-stance,.notice-request",
    k: 1.3,
    k2: 1.05,
    line: 1.5,
    extra: 0.0,
    css: "",
};
const BOTTOM: Block = Block {
    selector: ".notice-bottom",
    k: 1.05,
    k2: 0.9,
    line: 1.45,
    extra: 0.12 + 0.8,
    css: "padding-top:calc(.8*U);border-top-width:calc(.12*U);gap:calc(1.2*U)",
};
const CAPTION: Block = Block {
    selector: ".notice-link",
    k: 0.85,
    k2: 0.85,
    line: 1.35,
    extra: 0.0,
    css: "gap:calc(.25*U)",
};
/// The blocks whose sizes the stylesheet takes from the model.
pub(super) const GEOMETRY: [Block; 7] = [TOP, HEADLINE, LEAD, LABELS, STANCE, BOTTOM, CAPTION];
/// Gaps in units: between the top's items, label rows and columns, the indent of a label
/// (its square), between the details' lines, the bottom band's columns, QR and caption, and
/// above a text in another language.
const TOP_GAP: f32 = 0.3;
const ROW_GAP: f32 = 0.7;
const COLUMN_GAP: f32 = 1.4;
const LABEL_INDENT: f32 = 1.8;
const DETAIL_GAP: f32 = 0.3;
const BOTTOM_GAP: f32 = 1.2;
const QR_GAP: f32 = 0.25;
const OTHER_GAP: f32 = 0.15;

/// The CSS of [`GEOMETRY`] and the gaps, the same for every sheet: the template puts it in the
/// notice's `<head>`, so the stylesheet and the model cannot disagree.
pub(super) fn css() -> String {
    let mut out = String::new();
    for b in GEOMETRY {
        let extra = b.css.replace('U', "var(--unit)");
        let _ = write!(
            out,
            "{}{{--k:{};--k2:{};line-height:{}{}{extra}}}",
            b.selector,
            b.k,
            b.k2,
            b.line,
            if extra.is_empty() { "" } else { ";" }
        );
    }
    let _ = write!(
        out,
        ".notice-labels li{{padding-inline-start:calc({LABEL_INDENT}*var(--unit))}}\
         .notice-details{{gap:calc({DETAIL_GAP}*var(--unit))}}\
         .notice-detail{{--k2:{}}}\
         .t2{{margin-top:calc({OTHER_GAP}*var(--unit))}}",
        BOTTOM.k
    );
    out
}

/// A piece of text between two break opportunities: its width in em, and whether a space
/// separates it from the piece before.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    em: f32,
    space: bool,
    /// Each character's width, for a piece wider than its line.
    chars: Vec<f32>,
}

/// One language's text of a block, cut into pieces.
#[derive(Debug, Clone, Default)]
pub(super) struct Text(Vec<Piece>);

fn char_em(c: char) -> f32 {
    match c {
        'm' | 'w' | 'M' | 'W' => 0.92,
        'A'..='Z' => 0.72,
        'a'..='z' | '0'..='9' => 0.6,
        ' ' => 0.3,
        '!'..='~' => 0.42,
        '\u{a0}'..='\u{24f}' => 0.72,
        _ => 1.0,
    }
}

/// Characters between which Chinese breaks (ideographs and CJK punctuation).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

impl Text {
    /// Cuts an HTML fragment of the notice (text, `<wbr>`, entities) in language `lang`.
    pub(super) fn new(lang: &str, html: &str) -> Text {
        let plain = html
            .replace("<wbr>", "\u{1}")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'");
        let chinese = lang.starts_with("zh") && !plain.contains('\u{1}');
        let mut pieces: Vec<Piece> = Vec::new();
        let mut current: Option<Piece> = None;
        let mut space = false;
        for c in plain.chars() {
            let breaks_here = c == ' ' || c == '\u{1}' || c == '\n';
            if breaks_here {
                pieces.extend(current.take());
                space |= c != '\u{1}';
                continue;
            }
            if chinese && is_cjk(c) {
                pieces.extend(current.take());
            }
            let w = char_em(c);
            let p = current.get_or_insert_with(|| Piece {
                em: 0.0,
                space: std::mem::take(&mut space),
                chars: Vec::new(),
            });
            p.em += w;
            p.chars.push(w);
            if chinese && is_cjk(c) {
                pieces.extend(current.take());
            }
        }
        pieces.extend(current);
        Text(pieces)
    }

    /// Texts joined by `sep` (as the top line joins the organisation's names with ` / `).
    pub(super) fn joined(texts: &[Text], sep: &str) -> Text {
        let sep = Text::new("und", sep);
        let mut out = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            if i > 0 {
                let mut s = sep.0.clone();
                if let Some(first) = s.first_mut() {
                    first.space = true;
                }
                out.extend(s);
            }
            let mut t = t.0.clone();
            if let (Some(first), true) = (t.first_mut(), i > 0) {
                first.space = true;
            }
            out.extend(t);
        }
        Text(out)
    }

    /// How many lines the text takes in a column `width` em wide, filled greedily.
    fn lines(&self, width: f32) -> usize {
        if self.0.is_empty() {
            return 0;
        }
        let space = char_em(' ');
        let mut lines = 1;
        let mut x = 0.0f32;
        for p in &self.0 {
            let gap = if p.space && x > 0.0 { space } else { 0.0 };
            if x > 0.0 && x + gap + p.em <= width {
                x += gap + p.em;
                continue;
            }
            if x > 0.0 {
                lines += 1;
                x = 0.0;
            }
            if p.em <= width {
                x = p.em;
            } else {
                for &c in &p.chars {
                    if x > 0.0 && x + c > width {
                        lines += 1;
                        x = 0.0;
                    }
                    x += c;
                }
            }
        }
        lines
    }
}

/// The texts of one sheet as the model sees them: for each block, each language's text
/// (the main language first).
#[derive(Debug, Default)]
pub(super) struct SheetText {
    pub(super) top: Vec<Text>,
    pub(super) headline: Vec<Text>,
    pub(super) lead: Vec<Text>,
    pub(super) labels: Vec<Vec<Text>>,
    pub(super) stance: Vec<Text>,
    pub(super) request: Vec<Text>,
    /// The details' paragraphs (date, organisation, store, hours, phone), each in its
    /// languages.
    pub(super) details: Vec<Vec<Text>>,
    /// Each QR code's caption lines (the captions in their languages, then the URL).
    pub(super) links: Vec<Vec<Text>>,
    /// More than one language on the sheet.
    pub(super) multi: bool,
}

/// The type of one sheet: the unit and the sizes derived from it, in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Fit {
    pub(super) unit: f32,
    pub(super) min: f32,
    pub(super) qr: f32,
    pub(super) figure: f32,
    pub(super) columns: usize,
    pub(super) gap: f32,
    /// The model's height of the sheet's texts, and the content box's height, in pt.
    pub(super) used: f32,
    pub(super) height: f32,
}

/// A sheet that does not fit at its paper's smallest type: the model's height and the content
/// box's, in mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Overflow {
    pub(super) needed_mm: f32,
    pub(super) height_mm: f32,
}

/// The content box of `paper` in pt: the sheet less its margins, and 1 mm less in height so
/// rounding never spills onto a second sheet.
pub(super) fn content_box(paper: Paper) -> (f32, f32) {
    let (w, h) = paper.size_mm();
    let m = paper.margin_mm();
    (
        (w - 2 * m) as f32 * PT_PER_MM,
        (h - 2 * m - 1) as f32 * PT_PER_MM,
    )
}

/// The range of the unit on `paper`, in pt: from 3/4 of its minimum text size (the main
/// language's labels, 1.6 units, then still print above the minimum that clamps the other
/// languages' texts; the headline at 2.1 times the minimum) to the size at which a short
/// notice is a poster.
fn unit_range(paper: Paper) -> (f32, f32) {
    let lo = paper.min_text_pt() * 0.75;
    match paper {
        Paper::A3 => (lo, 25.0),
        Paper::A4 => (lo, 17.5),
        Paper::A5 => (lo, 12.0),
    }
}

impl SheetText {
    /// The height of a block's languages at a column `width` (pt) and unit `u`.
    fn block(&self, texts: &[Text], b: Block, u: f32, min: f32, width: f32) -> f32 {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let size = (if i == 0 { b.k } else { b.k2 } * u).max(min);
                let other = if i == 0 { 0.0 } else { OTHER_GAP * u };
                t.lines(width / size) as f32 * size * b.line + other
            })
            .sum()
    }

    /// The model's height of the sheet at unit `u` with `columns` label columns, and the
    /// sizes it uses.
    fn measure(&self, paper: Paper, u: f32, columns: usize) -> Fit {
        let (w, h) = content_box(paper);
        let min = paper.min_text_pt();
        let qr_min = paper.min_qr_mm() * PT_PER_MM;
        // One QR code per language takes a narrow column each; the one code of a sheet with
        // 3+ languages has all their captions, in a wider one.
        let (qr_k, fig_k, gap_k) = match (self.multi, self.links.len()) {
            (false, _) => (8.0, 10.0, 0.8),
            (true, 1) => (6.5, 16.0, 0.6),
            (true, _) => (6.5, 9.0, 0.6),
        };
        let qr = (qr_k * u).max(qr_min);
        let figure = (fig_k * u).max(qr);
        let mut total = 0.0;
        // The top: each item may take a line of its own.
        let top_size = (TOP.k * u).max(min);
        for (i, t) in self.top.iter().enumerate() {
            total += t.lines(w / top_size) as f32 * top_size * TOP.line;
            if i > 0 {
                total += TOP_GAP * u;
            }
        }
        total += self.block(&self.headline, HEADLINE, u, min, w) + HEADLINE.extra * u;
        total += self.block(&self.lead, LEAD, u, min, w);
        let cell =
            (w - (columns as f32 - 1.0) * COLUMN_GAP * u) / columns as f32 - LABEL_INDENT * u;
        let rows = self.labels.chunks(columns.max(1));
        let row_count = rows.len();
        for row in rows {
            total += row
                .iter()
                .map(|l| self.block(l, LABELS, u, min, cell))
                .fold(0.0, f32::max);
        }
        total += row_count.saturating_sub(1) as f32 * ROW_GAP * u;
        total += self.block(&self.stance, STANCE, u, min, w);
        total += self.block(&self.request, STANCE, u, min, w);
        let n = self.links.len() as f32;
        let links_w = n * figure + (n - 1.0).max(0.0) * BOTTOM_GAP * u;
        let details_w = w - links_w - BOTTOM_GAP * u;
        let details: f32 = self
            .details
            .iter()
            .map(|d| self.block(d, BOTTOM, u, min, details_w))
            .sum::<f32>()
            + self.details.len().saturating_sub(1) as f32 * DETAIL_GAP * u;
        let links = self
            .links
            .iter()
            .map(|l| {
                let size = (CAPTION.k * u).max(min);
                let lines: usize = l.iter().map(|t| t.lines(figure / size)).sum();
                qr + QR_GAP * u + lines as f32 * size * CAPTION.line
            })
            .fold(0.0, f32::max);
        total += details.max(links) + BOTTOM.extra * u;
        total += 6.0 * gap_k * u;
        Fit {
            unit: u,
            min,
            qr,
            figure,
            columns,
            gap: gap_k,
            used: total,
            height: h,
        }
    }

    fn fits(&self, paper: Paper, u: f32, columns: usize) -> Option<Fit> {
        let f = self.measure(paper, u, columns);
        (f.used <= f.height * SAFETY).then_some(f)
    }

    /// The largest unit (on a 0.1 pt grid) at which the sheet fits, with one or two label
    /// columns (two when both fit equally); the overflow at the smallest unit otherwise.
    pub(super) fn fit(&self, paper: Paper) -> Result<Fit, Overflow> {
        let (lo, hi) = unit_range(paper);
        let steps = ((hi - lo) * 10.0).round() as u32;
        let unit = |i: u32| lo + i as f32 / 10.0;
        let mut best: Option<Fit> = None;
        for columns in [2, 1] {
            if self.fits(paper, lo, columns).is_none() {
                continue;
            }
            // Binary search for the last step that fits: the height grows with the unit.
            let (mut ok, mut bad) = (0u32, steps + 1);
            while bad - ok > 1 {
                let mid = (ok + bad) / 2;
                if self.fits(paper, unit(mid), columns).is_some() {
                    ok = mid;
                } else {
                    bad = mid;
                }
            }
            if let Some(f) = self.fits(paper, unit(ok), columns) {
                if best.is_none_or(|b| f.unit > b.unit) {
                    best = Some(f);
                }
            }
        }
        best.ok_or_else(|| {
            let f = self
                .measure(paper, lo, 2)
                .used
                .min(self.measure(paper, lo, 1).used);
            Overflow {
                needed_mm: f / SAFETY / PT_PER_MM,
                height_mm: content_box(paper).1 / PT_PER_MM,
            }
        })
    }
}

/// A length in pt as a number of container units (`cqi`) of the content box's width, for CSS
/// (a plain number: the stylesheet multiplies it by `1cqi`, which HTML validators do not know).
pub(super) fn cqi(paper: Paper, pt: f32) -> String {
    let (w, _) = content_box(paper);
    format!("{:.4}", pt / w * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lang: &str, html: &str) -> Text {
        Text::new(lang, html)
    }

    #[test]
    fn pieces_break_at_spaces_wbr_and_between_chinese_characters() {
        assert_eq!(text("en", "Shouting at staff").0.len(), 3);
        assert_eq!(text("ja", "大声・<wbr>暴言").0.len(), 2);
        assert_eq!(text("zh-Hans", "大声喧哗").0.len(), 4);
        // Pins: Chinese breaks only there.
        assert_eq!(text("zh-Hans", "我们将<wbr>坚决应对").0.len(), 2);
        assert_eq!(text("ko", "큰 소리").0.len(), 2);
        let t = text("en", "A &amp; B");
        assert_eq!(t.0.len(), 3);
        assert!((t.0[1].em - 0.42).abs() < 1e-6);
    }

    #[test]
    fn lines_fill_greedily_and_break_long_pieces() {
        // Four ideographs of 1 em in a 2.5 em column: 2 a line.
        assert_eq!(text("zh-Hans", "大声喧哗").lines(2.5), 2);
        // Japanese keeps a phrase whole: 3 + 2 em in 4 em is two lines.
        assert_eq!(text("ja", "従業員の<wbr>撮影").lines(4.0), 2);
        // A phrase wider than its line breaks between characters.
        assert_eq!(text("ja", "カスタマーハラスメント").lines(4.0), 3);
        assert_eq!(text("en", "").lines(4.0), 0);
        // Spaces count between pieces: "ab cd" is 2.4 + 0.3 em.
        assert_eq!(text("en", "ab cd").lines(2.6), 2);
        assert_eq!(text("en", "ab cd").lines(2.7), 1);
    }

    fn sheet(labels: usize, langs: usize) -> SheetText {
        let l = |s: &str| (0..langs).map(|_| text("ja", s)).collect::<Vec<_>>();
        SheetText {
            top: vec![text("ja", "株式会社例示")],
            headline: l("カスタマー<wbr>ハラスメントには<wbr>毅然と<wbr>対応します"),
            lead: l("次のような<wbr>行為は、<wbr>お断りします"),
            labels: (0..labels).map(|_| l("大声・<wbr>暴言")).collect(),
            stance: l("これらの<wbr>行為が<wbr>あった<wbr>場合は、<wbr>対応を<wbr>打ち切ります。"),
            request: l("ご理解と<wbr>ご協力を<wbr>お願いいたします。"),
            details: vec![l("周知日 2025年7月9日"), l("株式会社例示")],
            links: vec![vec![
                text("ja", "方針の全文はこちら"),
                text("ja", "example.jp/<wbr>ja/"),
            ]],
            multi: langs > 1,
        }
    }

    #[test]
    fn fewer_labels_get_larger_type_and_too_much_text_overflows() {
        let three = sheet(3, 1).fit(Paper::A4).unwrap();
        let eight = sheet(8, 1).fit(Paper::A4).unwrap();
        assert!(three.unit > eight.unit, "{three:?} {eight:?}");
        assert!(three.used <= three.height * SAFETY);
        // The same text on a smaller paper gets a smaller unit, never below its minimum.
        let a5 = sheet(8, 1).fit(Paper::A5).unwrap();
        assert!(a5.unit >= Paper::A5.min_text_pt() && a5.unit < eight.unit);
        assert!(a5.qr >= 20.0 * PT_PER_MM);
        let too_much = sheet(8, 12).fit(Paper::A5).unwrap_err();
        assert!(too_much.needed_mm > too_much.height_mm, "{too_much:?}");
        assert!((too_much.height_mm - 189.0).abs() < 0.01);
    }

    #[test]
    fn css_carries_the_model_numbers() {
        let css = css();
        assert!(css.contains(
            ".notice-headline{--k:2.8;--k2:2;line-height:1.25;padding:calc(.6*var(--unit)) 0"
        ));
        assert!(css.contains(".notice-labels li{padding-inline-start:calc(1.8*var(--unit))}"));
        assert_eq!(cqi(Paper::A4, content_box(Paper::A4).0), "100.0000");
    }
}
