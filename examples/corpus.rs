//! Writes a deterministic benchmark corpus: a hoshin site and an equivalent Hugo site that
//! publish the same text.
//!
//! ```text
//! cargo run --release --example corpus -- --policies 1000 --languages ja,en --seed 1 --out /dev/shm/c
//! # → /dev/shm/c/hoshin/  (hoshin build --root /dev/shm/c/hoshin)
//! # → /dev/shm/c/hugo/    (hugo --source /dev/shm/c/hugo)
//! ```
//!
//! Every policy is one page per language of about 600 words (Markdown: six `##` sections with
//! explicit ids, paragraphs, a list, emphasis and a link), one dated front matter and one
//! Fluent-backed note block. The Hugo site carries the same Markdown; the note comes from Hugo's
//! i18n files through a `note` shortcode, the date from front matter through `time.Format
//! ":date_long"`, so both tools do the same kinds of work. hoshin uses its built-in default
//! theme; the Hugo site gets minimal templates written to mirror it (same head: canonical,
//! hreflang alternates, Open Graph; same header, language switcher, footer; a list home page
//! per language). Both write a sitemap and robots.txt.
//!
//! The same seed always produces byte-identical files (a SplitMix64 generator, no clock, no
//! hash-map order).
//!
//! `--stores N` (N > 0) also sets up printable store notices in the format of the `notices`
//! branch (issue 3; docs/content-format.md, "Printed notices"): `[notices] paper = ["a4"]`
//! (bilingual by default), a `locations.toml` with N stores and their `location-<id>` names,
//! and six `notice = true` examples with a `notice-policy-00001` message on the first policy
//! only (an organisation has one harassment policy, not one per page). The first policy's page
//! then shows the examples (hoshin: the `examples()` block; Hugo: the same sentences as a list).
//! hoshin without notices support refuses `[notices]`, so use it with a notices build.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// What to generate (the command-line flags).
pub struct Args {
    /// Number of policies (pages per language).
    pub policies: usize,
    /// Language codes, source language first (`ja`, `en`).
    pub languages: Vec<String>,
    /// Seed of the text generator.
    pub seed: u64,
    /// Output folder; `hoshin/` and `hugo/` are written inside it.
    pub out: PathBuf,
    /// Stores for printable notices (0: no notices; see the module docs).
    pub stores: usize,
}

#[allow(dead_code)]
fn usage() -> ! {
    eprintln!("usage: corpus --out DIR [--policies N] [--languages ja,en] [--seed N] [--stores N]");
    std::process::exit(2)
}

#[allow(dead_code)]
fn parse_args() -> Args {
    let mut args = Args {
        policies: 1000,
        languages: vec!["ja".into(), "en".into()],
        seed: 1,
        out: PathBuf::new(),
        stores: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--policies" => args.policies = value().parse().unwrap_or_else(|_| usage()),
            "--languages" => {
                args.languages = value().split(',').map(str::to_string).collect();
            }
            "--seed" => args.seed = value().parse().unwrap_or_else(|_| usage()),
            "--out" => args.out = PathBuf::from(value()),
            "--stores" => args.stores = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    if args.out.as_os_str().is_empty() || args.policies == 0 || args.languages.is_empty() {
        usage();
    }
    for l in &args.languages {
        if l != "ja" && l != "en" {
            eprintln!("corpus: only `ja` and `en` have word lists (got `{l}`)");
            std::process::exit(2);
        }
    }
    args
}

/// SplitMix64: tiny, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const EN_WORDS: &[&str] = &[
    "customer",
    "staff",
    "policy",
    "store",
    "service",
    "request",
    "response",
    "conduct",
    "respect",
    "safety",
    "employee",
    "complaint",
    "product",
    "refund",
    "return",
    "exchange",
    "manager",
    "report",
    "consultation",
    "system",
    "training",
    "measure",
    "behaviour",
    "social",
    "norms",
    "appropriate",
    "reasonable",
    "demand",
    "excessive",
    "repeated",
    "threat",
    "voice",
    "phone",
    "email",
    "visit",
    "hours",
    "business",
    "premises",
    "online",
    "posting",
    "privacy",
    "recording",
    "consent",
    "police",
    "lawyer",
    "legal",
    "action",
    "trust",
    "relationship",
    "quality",
    "improvement",
    "opinion",
    "feedback",
    "sincere",
    "prompt",
    "fair",
    "equal",
    "human",
    "rights",
    "environment",
    "health",
    "mental",
    "physical",
    "support",
    "team",
    "company",
    "organisation",
    "handmade",
    "accessories",
    "beads",
    "parts",
    "craft",
    "culture",
    "joy",
    "making",
    "materials",
    "order",
    "delivery",
    "shipping",
    "receipt",
    "purchase",
    "warranty",
    "defect",
    "negligence",
    "terms",
    "conditions",
    "contract",
    "scope",
    "limit",
    "case",
    "example",
    "situation",
    "decision",
    "judgement",
    "record",
    "information",
    "notice",
    "sign",
    "counter",
    "floor",
    "branch",
    "region",
    "head",
    "office",
    "department",
    "contact",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "with",
    "on",
    "by",
    "as",
    "we",
    "our",
    "will",
    "may",
    "is",
    "are",
    "be",
    "not",
    "any",
    "all",
    "each",
    "every",
    "when",
    "where",
    "which",
];

const JA_WORDS: &[&str] = &[
    "お客様",
    "従業員",
    "方針",
    "店舗",
    "サービス",
    "要求",
    "対応",
    "言動",
    "尊重",
    "安全",
    "苦情",
    "商品",
    "返金",
    "返品",
    "交換",
    "責任者",
    "報告",
    "相談",
    "体制",
    "研修",
    "措置",
    "社会通念",
    "適切",
    "合理的",
    "過剰",
    "繰り返し",
    "脅迫",
    "大声",
    "電話",
    "メール",
    "来店",
    "営業時間",
    "事業所",
    "インターネット",
    "投稿",
    "プライバシー",
    "撮影",
    "同意",
    "警察",
    "弁護士",
    "法的",
    "信頼関係",
    "品質",
    "改善",
    "ご意見",
    "ご要望",
    "誠実",
    "迅速",
    "公平",
    "人権",
    "職場環境",
    "心身",
    "健康",
    "支援",
    "会社",
    "組織",
    "ハンドメイド",
    "アクセサリー",
    "ビーズ",
    "パーツ",
    "ものづくり",
    "文化",
    "喜び",
    "材料",
    "注文",
    "配送",
    "領収書",
    "購入",
    "保証",
    "不具合",
    "過失",
    "規約",
    "条件",
    "契約",
    "範囲",
    "事例",
    "状況",
    "判断",
    "記録",
    "情報",
    "掲示",
    "売場",
    "支店",
    "地域",
    "本社",
    "部署",
    "窓口",
];

const JA_PARTICLES: &[&str] = &[
    "は",
    "を",
    "に",
    "の",
    "で",
    "と",
    "が",
    "について",
    "に関する",
];

/// One English sentence of `n` words.
fn en_sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(EN_WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// One Japanese sentence of `n` content words (a particle after each; a comma now and then).
fn ja_sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(rng.pick(JA_WORDS));
        if i + 1 < n {
            s.push_str(rng.pick(JA_PARTICLES));
            if rng.below(5) == 0 {
                s.push('、');
            }
        }
    }
    s.push_str("ます。");
    s
}

/// Text in one language; `words` counts words (ja: content words) to match across languages.
struct Writer<'a> {
    lang: &'a str,
}

impl Writer<'_> {
    fn sentence(&self, rng: &mut Rng, n: usize) -> String {
        if self.lang == "ja" {
            ja_sentence(rng, n)
        } else {
            en_sentence(rng, n)
        }
    }
    fn paragraph(&self, rng: &mut Rng, words: usize) -> String {
        let mut p = String::new();
        let mut left = words;
        while left > 0 {
            let n = (8 + rng.below(9)).min(left);
            left -= n;
            if !p.is_empty() && self.lang != "ja" {
                p.push(' ');
            }
            p.push_str(&self.sentence(rng, n));
        }
        p
    }
    fn title(&self, rng: &mut Rng) -> String {
        let s = self.sentence(rng, 4);
        s.trim_end_matches('.')
            .trim_end_matches("ます。")
            .to_string()
    }
}

/// The Markdown body shared by both tools (before the note), about 600 words.
fn body(w: &Writer, rng: &mut Rng, note: &str) -> String {
    let mut md = String::new();
    for section in 1..=6 {
        let heading = w.title(rng);
        writeln!(md, "## {heading} {{#s{section}}}\n").unwrap();
        let mut para = w.paragraph(rng, 40);
        // Inline markup so the Markdown parser has more than plain text to do.
        if let Some(i) = para.find(if w.lang == "ja" { "。" } else { ". " }) {
            let i = i + if w.lang == "ja" { "。".len() } else { 2 };
            para.insert_str(i, "**");
            para.push_str("**");
        }
        writeln!(md, "{para}\n").unwrap();
        if section == 2 {
            writeln!(md, "{note}\n").unwrap();
        }
        if section % 2 == 0 {
            for _ in 0..4 {
                writeln!(md, "- {}", w.sentence(rng, 8)).unwrap();
            }
            md.push('\n');
        }
        let para = w.paragraph(rng, 40);
        writeln!(
            md,
            "{para} [{}](https://example.com/{}/s{section}/)\n",
            w.title(rng),
            w.lang
        )
        .unwrap();
    }
    md
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn language_name(code: &str) -> &'static str {
    match code {
        "ja" => "日本語",
        _ => "English",
    }
}

fn site_title(code: &str) -> &'static str {
    match code {
        "ja" => "ベンチマーク方針集",
        _ => "Benchmark Policies",
    }
}

fn site_description(code: &str) -> &'static str {
    match code {
        "ja" => "ベンチマーク用に生成した方針です。",
        _ => "Policies generated for benchmarks.",
    }
}

fn organisation(code: &str) -> &'static str {
    match code {
        "ja" => "株式会社ベンチマーク",
        _ => "Benchmark Co., Ltd.",
    }
}

#[allow(dead_code)] // unused when benches/stages.rs includes this file as a module
fn main() {
    generate(&parse_args());
}

/// Writes `<out>/hoshin/` and `<out>/hugo/`, replacing earlier ones.
pub fn generate(args: &Args) {
    let hoshin = args.out.join("hoshin");
    let hugo = args.out.join("hugo");
    for dir in [&hoshin, &hugo] {
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
    }
    let base = "https://example.com/policy/";
    let langs = &args.languages;

    // hoshin.toml
    let mut cfg = format!(
        "# Generated by examples/corpus.rs (seed {}).\nbase_url = \"{base}\"\n\n[organisation]\nurl = \"https://example.com/\"\n",
        args.seed
    );
    for l in langs {
        write!(cfg, "\n[[languages]]\ncode = \"{l}\"\n").unwrap();
    }
    if args.stores > 0 {
        cfg.push_str("\n[notices]\npaper = [\"a4\"]\n");
    }
    write(&hoshin.join("hoshin.toml"), &cfg);
    let notices = Notices::generate(args, &hoshin);

    // Hugo config, mirroring it.
    let mut hcfg = format!(
        "baseURL = \"{base}\"\ndefaultContentLanguage = \"{}\"\ndefaultContentLanguageInSubdir = true\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"section\"]\nenableRobotsTXT = false\n\
         [params]\norganisationURL = \"https://example.com/\"\n",
        langs[0]
    );
    for (i, l) in langs.iter().enumerate() {
        write!(
            hcfg,
            "[languages.{l}]\nweight = {}\nlanguageName = \"{}\"\ntitle = \"{}\"\n",
            i + 1,
            language_name(l),
            site_title(l)
        )
        .unwrap();
    }
    write(&hugo.join("config.toml"), &hcfg);
    write_hugo_layouts(&hugo);

    let mut notes: Vec<String> = langs.iter().map(|_| String::new()).collect();
    let mut i18n: Vec<String> = langs.iter().map(|_| String::new()).collect();
    for (li, l) in langs.iter().enumerate() {
        writeln!(
            i18n[li],
            "[site-description]\nother = \"{}\"\n[organisation-name]\nother = \"{}\"\n\
             [skip-link]\nother = \"{}\"\n[nav-home]\nother = \"{}\"\n",
            site_description(l),
            organisation(l),
            if l == "ja" {
                "本文へ移動"
            } else {
                "Skip to main content"
            },
            if l == "ja" {
                "方針の一覧"
            } else {
                "All policies"
            },
        )
        .unwrap();
    }

    // Notes go to `notes.ftl` for the first 10,000 policies, then `notes-2.ftl`, … for each
    // further 10,000: a file stays under hoshin's 4 MB limit for one text file (100,000 pages).
    let mut note_files: Vec<Vec<String>> = Vec::new();
    for p in 1..=args.policies {
        if p > 1 && (p - 1) % 10_000 == 0 {
            note_files.push(notes.iter_mut().map(std::mem::take).collect());
        }
        let slug = format!("policy-{p:05}");
        let year = 2020 + (p % 6);
        let month = 1 + (p % 12);
        let day = 1 + (p % 28);
        let date = format!("{year}-{month:02}-{day:02}");
        let with_notices = p == 1 && notices.is_some();
        let mut data = format!("order = {p}\n\n[[notes]]\nid = \"{slug}\"\n");
        if with_notices {
            data.push_str("\n[[examples]]\nid = \"store-rules\"\nheading = false\n");
            for e in 1..=NOTICE_EXAMPLES {
                write!(
                    data,
                    "\n[[examples.items]]\nid = \"store-rule-{e}\"\nnotice = true\n"
                )
                .unwrap();
            }
        }
        write(
            &hoshin.join("content").join(&slug).join("policy.toml"),
            &data,
        );
        for (li, l) in langs.iter().enumerate() {
            // Seeded per policy and language: changing --policies does not change earlier pages.
            let mut rng = Rng(args
                .seed
                .wrapping_mul(0x1000_0000_01B3)
                .wrapping_add((p as u64) << 8)
                .wrapping_add(li as u64));
            let w = Writer { lang: l };
            let title = w.title(&mut rng);
            let description = w.sentence(&mut rng, 14);
            let note = w.sentence(&mut rng, 12);
            let mut hoshin_insert = format!("{{{{ note(id=\"{slug}\") }}}}");
            let mut hugo_insert = format!("{{{{< note \"{slug}\" >}}}}");
            if let (true, Some(n)) = (with_notices, &notices) {
                hoshin_insert.push_str("\n\n{{ examples() }}");
                hugo_insert.push('\n');
                for e in &n.examples[li] {
                    write!(hugo_insert, "\n- {e}").unwrap();
                }
            }
            let hoshin_body = body(&w, &mut Rng(rng.0), &hoshin_insert);
            let hugo_body = body(&w, &mut Rng(rng.0), &hugo_insert);
            write(
                &hoshin.join("content").join(&slug).join(format!("{l}.md")),
                &format!(
                    "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\n\n[dates]\nenacted = {date}\n+++\n\n{hoshin_body}"
                ),
            );
            write(
                &hugo.join("content").join(&slug).join(format!("index.{l}.md")),
                &format!(
                    "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\ndate = {date}\nweight = {p}\n+++\n\n{hugo_body}"
                ),
            );
            writeln!(notes[li], "note-{slug} = {note}").unwrap();
            writeln!(i18n[li], "[note-{slug}]\nother = \"{note}\"").unwrap();
        }
    }
    for (li, l) in langs.iter().enumerate() {
        write(
            &hoshin.join("locales").join(l).join("site.ftl"),
            &format!(
                "site-title = {}\nsite-description = {}\norganisation-name = {}\n",
                site_title(l),
                site_description(l),
                organisation(l)
            ),
        );
        if let Some(n) = &notices {
            notes[li].push_str(&n.messages[li]);
        }
        write(
            &hoshin.join("locales").join(l).join("notes.ftl"),
            note_files.first().map_or(&notes[li], |f| &f[li]),
        );
        for (n, file) in note_files
            .iter()
            .skip(1)
            .map(|f| &f[li])
            .chain((!note_files.is_empty()).then_some(&notes[li]))
            .enumerate()
        {
            write(
                &hoshin
                    .join("locales")
                    .join(l)
                    .join(format!("notes-{}.ftl", n + 2)),
                file,
            );
        }
        write(&hugo.join("i18n").join(format!("{l}.toml")), &i18n[li]);
    }
    eprintln!(
        "corpus: {} policies × {} languages → {} and {}",
        args.policies,
        langs.len(),
        hoshin.display(),
        hugo.display()
    );
}

/// Marked examples on the first policy when `--stores` is given.
const NOTICE_EXAMPLES: usize = 6;

/// The notice texts per language (examples, for Hugo's list; Fluent messages, for hoshin).
struct Notices {
    examples: Vec<Vec<String>>,
    messages: Vec<String>,
}

impl Notices {
    /// Writes `locations.toml` and `locales/<lang>/stores.ftl`; returns the notice texts.
    fn generate(args: &Args, hoshin: &Path) -> Option<Notices> {
        if args.stores == 0 {
            return None;
        }
        let mut locations = String::from("# Generated by examples/corpus.rs.\n");
        for s in 1..=args.stores {
            write!(
                locations,
                "\n[[locations]]\nid = \"store-{s:05}\"\nhours = \"{}:00–{}:00\"\nphone = \"0120-{:03}-{:03}\"\n",
                9 + s % 3,
                18 + s % 4,
                s / 1000,
                s % 1000
            )
            .unwrap();
        }
        write(&hoshin.join("locations.toml"), &locations);
        let (mut examples, mut messages) = (Vec::new(), Vec::new());
        for (li, l) in args.languages.iter().enumerate() {
            let mut rng = Rng(args.seed ^ 0x0057_07E5 ^ li as u64);
            let w = Writer { lang: l };
            let mut ftl = String::new();
            let mut texts = Vec::new();
            for e in 1..=NOTICE_EXAMPLES {
                let text = w.sentence(&mut rng, 12);
                writeln!(
                    ftl,
                    "example-store-rule-{e} = {text}\n    .notice = {}",
                    w.title(&mut rng)
                )
                .unwrap();
                texts.push(text);
            }
            writeln!(
                ftl,
                "notice-policy-00001 = {}\n    .lead = {}\n    .stance = {}\n    .request = {}",
                w.title(&mut rng),
                w.title(&mut rng),
                w.sentence(&mut rng, 14),
                w.sentence(&mut rng, 10)
            )
            .unwrap();
            let mut stores = String::new();
            for s in 1..=args.stores {
                let name = if l == "ja" {
                    format!("{}{s:05}号店", rng.pick(JA_WORDS))
                } else {
                    format!("Store {s:05} {}", rng.pick(EN_WORDS))
                };
                writeln!(stores, "location-store-{s:05} = {name}").unwrap();
            }
            write(&hoshin.join("locales").join(l).join("stores.ftl"), &stores);
            examples.push(texts);
            messages.push(ftl);
        }
        Some(Notices { examples, messages })
    }
}

/// Minimal Hugo templates that produce the same page structure as hoshin's default theme.
fn write_hugo_layouts(hugo: &Path) {
    write(
        &hugo.join("layouts/_default/baseof.html"),
        r##"<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ i18n "site-description" }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations -}}
<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end -}}
<meta property="og:type" content="website">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ .Description }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta name="format-detection" content="telephone=no">
<link rel="stylesheet" href="{{ "style.css" | absURL }}">
</head>
<body>
<a class="skip-link" href="#main">{{ i18n "skip-link" }}</a>
<header class="site-header">
<div class="wrap">
<p class="site-title"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
<nav class="language-switcher">
<ul>
{{ $cur := .Lang }}{{ range .AllTranslations -}}
<li>{{ if eq .Lang $cur }}<span aria-current="true" lang="{{ .Lang }}">{{ .Language.LanguageName }}</span>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</li>
{{ end -}}
</ul>
</nav>
</div>
</header>
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="wrap">
<p><a href="{{ site.Params.organisationURL }}">{{ i18n "organisation-name" }}</a></p>
</div>
</footer>
</body>
</html>
"##,
    );
    write(
        &hugo.join("layouts/_default/single.html"),
        r##"{{ define "main" }}
<article class="policy">
<h1>{{ .Title }}</h1>
{{ .Content }}
<p class="signature"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ time.Format ":date_long" .Date }}</time><br>{{ i18n "organisation-name" }}</p>
</article>
<nav class="page-nav">
<a href="{{ site.Home.RelPermalink }}">{{ i18n "nav-home" }}</a>
</nav>
{{ end }}
"##,
    );
    write(
        &hugo.join("layouts/index.html"),
        r##"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ i18n "site-description" }}</p>
<ul class="policy-list">
{{ range .RegularPages -}}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>
{{ end -}}
</ul>
{{ end }}
"##,
    );
    write(
        &hugo.join("layouts/shortcodes/note.html"),
        r##"<p class="note" id="note-{{ .Get 0 }}">{{ i18n (printf "note-%s" (.Get 0)) }}</p>"##,
    );
    // The same stylesheet hoshin's default theme ships.
    write(
        &hugo.join("static/style.css"),
        include_str!("../themes/default/static/style.css"),
    );
}
