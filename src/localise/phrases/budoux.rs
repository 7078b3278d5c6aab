//! BudouX's Japanese model, scored over characters instead of strings.
//!
//! `budoux_phf_rs::Parser` scores every boundary with thirteen lookups of string slices in
//! perfect-hash maps (SipHash over each slice): a fifth of a large build's instructions went
//! there (callgrind). This scorer reads the same maps once, into tables keyed by characters:
//!
//! - every character the model knows gets a small id; a character it does not know scores
//!   nothing in any feature, so windows holding one are never looked up;
//! - the six one-character features (UW1–UW6) are one array row per id;
//! - a pair of characters is looked up once for its three features (BW1–BW3) and a triple once
//!   for its four (TW1–TW4), in hash maps keyed by the packed ids.
//!
//! Each boundary then sums the scores of the windows around it. The result is the crate's,
//! boundary for boundary: the same scores, the same base (`-total_score / 2`), a break where
//! the sum is above zero (tested against the crate's parser below).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use budoux_phf_rs::Parser;

/// The Japanese model as tables.
pub(crate) struct Model {
    /// `-total_score / 2`, the score of a boundary no feature speaks for.
    base: i32,
    /// Character (as `u32`) → id; 0 for a character the model does not know. As long as the
    /// largest known character, so most of it is never touched.
    ids: Vec<u32>,
    /// Id → UW1..UW6 scores (row 0, the unknown character, is all zeros).
    uni: Vec<[i16; 6]>,
    /// Packed pair of ids → BW1..BW3 scores.
    bi: HashMap<u64, [i16; 3], BuildHasherDefault<MulHasher>>,
    /// Packed triple of ids → TW1..TW4 scores.
    tri: HashMap<u64, [i16; 4], BuildHasherDefault<MulHasher>>,
}

/// One character position: where it is, its id, and the scores of the character, of the pair
/// it starts and of the triple it starts (zeros where the text ends first or the model knows
/// nothing).
#[derive(Clone, Copy, Default)]
struct Window {
    at: usize,
    id: u32,
    uni: [i16; 6],
    bi: [i16; 3],
    tri: [i16; 4],
}

/// Room on each side of the windows so that every boundary reads three windows back and two
/// ahead without bounds checks of its own: padding windows score nothing.
const PAD: usize = 3;

/// The most windows a thread keeps between texts (about 1 MB).
const KEEP: usize = 1 << 15;

impl Model {
    /// The bundled Japanese model, built on first use.
    pub(crate) fn japanese() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::new(&Parser::japanese_parser()))
    }

    fn new(parser: &Parser) -> Model {
        let m = &parser.model;
        let uni_maps = [m.uw1, m.uw2, m.uw3, m.uw4, m.uw5, m.uw6];
        let bi_maps = [m.bw1, m.bw2, m.bw3];
        let tri_maps = [m.tw1, m.tw2, m.tw3, m.tw4];
        // Ids in the order characters are first met; id 0 is the unknown character.
        let mut id_of: HashMap<char, u32> = HashMap::new();
        let all = uni_maps.iter().chain(&bi_maps).chain(&tri_maps);
        for map in all {
            for key in map.keys() {
                for c in key.chars() {
                    let next = id_of.len() as u32 + 1;
                    id_of.entry(c).or_insert(next);
                }
            }
        }
        let top = id_of.keys().map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut ids = vec![0u32; top];
        for (&c, &id) in &id_of {
            ids[c as usize] = id;
        }
        let key_ids = |key: &str| key.chars().map(|c| id_of[&c]).collect::<Vec<u32>>();
        let mut uni = vec![[0i16; 6]; id_of.len() + 1];
        for (f, map) in uni_maps.iter().enumerate() {
            for (key, &score) in map.entries() {
                // The crate looks up one-character slices only: other keys never match.
                if let [id] = key_ids(key)[..] {
                    uni[id as usize][f] = score;
                }
            }
        }
        let mut bi: HashMap<u64, [i16; 3], _> = HashMap::default();
        for (f, map) in bi_maps.iter().enumerate() {
            for (key, &score) in map.entries() {
                if let [a, b] = key_ids(key)[..] {
                    bi.entry(pack(&[a, b])).or_insert([0; 3])[f] = score;
                }
            }
        }
        let mut tri: HashMap<u64, [i16; 4], _> = HashMap::default();
        for (f, map) in tri_maps.iter().enumerate() {
            for (key, &score) in map.entries() {
                if let [a, b, c] = key_ids(key)[..] {
                    tri.entry(pack(&[a, b, c])).or_insert([0; 4])[f] = score;
                }
            }
        }
        Model {
            base: -(m.total_score / 2),
            ids,
            uni,
            bi,
            tri,
        }
    }

    fn id(&self, c: char) -> u32 {
        self.ids.get(c as usize).copied().unwrap_or(0)
    }

    /// Splits `text` into phrases exactly as `Parser::parse` does: consecutive slices of
    /// `text`, none for an empty text.
    pub(crate) fn parse<'a>(&self, text: &'a str) -> Vec<&'a str> {
        if text.is_empty() {
            return Vec::new();
        }
        thread_local! {
            /// The windows of the last text parsed on this thread: kept for the next one.
            static WINDOWS: RefCell<Vec<Window>> = const { RefCell::new(Vec::new()) };
        }
        WINDOWS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut windows) => {
                let out = self.parse_into(text, &mut windows);
                if windows.capacity() > KEEP {
                    // A long text: do not hold its windows for the life of the thread.
                    *windows = Vec::new();
                }
                out
            }
            // Only a parse that panicked part-way leaves it borrowed: start afresh.
            Err(_) => self.parse_into(text, &mut Vec::new()),
        })
    }

    fn parse_into<'a>(&self, text: &'a str, windows: &mut Vec<Window>) -> Vec<&'a str> {
        // Window k of the text is windows[PAD + k]; the padding has id 0 and scores nothing.
        windows.clear();
        windows.resize(PAD, Window::default());
        let mut known = false;
        for (at, c) in text.char_indices() {
            let id = self.id(c);
            known |= id != 0;
            let uni = self.uni.get(id as usize).copied().unwrap_or_default();
            windows.push(Window {
                at,
                id,
                uni,
                ..Window::default()
            });
        }
        if !known && self.base <= 0 {
            // Nothing the model knows: every boundary scores the base, and no break is taken.
            return vec![text];
        }
        let len = windows.len() - PAD;
        windows.resize(len + 2 * PAD, Window::default());
        // Pairs and triples, each looked up once; never when one of its characters is unknown.
        for k in PAD..PAD + len {
            let [a, b, c] = [k, k + 1, k + 2].map(|j| windows[j].id);
            if a == 0 || b == 0 {
                continue;
            }
            if let Some(s) = self.bi.get(&pack(&[a, b])) {
                windows[k].bi = *s;
            }
            if c != 0 {
                if let Some(s) = self.tri.get(&pack(&[a, b, c])) {
                    windows[k].tri = *s;
                }
            }
        }
        // A phrase is three or four characters on average.
        let mut out = Vec::with_capacity(len / 2 + 1);
        let mut start = 0;
        // Boundary i (between characters i - 1 and i, for i in 1..len) reads windows i - 3 to
        // i + 2: the run of six starting at windows[PAD + i - 3], that is at windows[i].
        for run in windows.windows(6).skip(1).take(len.saturating_sub(1)) {
            let [w0, w1, w2, w3, w4, w5] = run else {
                continue;
            };
            let score = self.base
                + i32::from(w0.uni[0])
                + i32::from(w1.uni[1])
                + i32::from(w2.uni[2])
                + i32::from(w3.uni[3])
                + i32::from(w4.uni[4])
                + i32::from(w5.uni[5])
                + i32::from(w1.bi[0])
                + i32::from(w2.bi[1])
                + i32::from(w3.bi[2])
                + i32::from(w0.tri[0])
                + i32::from(w1.tri[1])
                + i32::from(w2.tri[2])
                + i32::from(w3.tri[3]);
            if score > 0 {
                out.push(&text[start..w3.at]);
                start = w3.at;
            }
        }
        out.push(&text[start..]);
        out
    }
}

/// Ids packed 21 bits apiece (an id is at most the number of Unicode scalar values).
fn pack(ids: &[u32]) -> u64 {
    ids.iter().fold(0, |k, &id| (k << 21) | u64::from(id))
}

/// A hasher for one `u64` key: a folded 128-bit multiply, so both halves of the hash (the
/// bucket index and the control byte) depend on every bit of the key. SipHash, the default,
/// costs several times as much for keys that are not attacker-chosen here.
#[derive(Default)]
pub(crate) struct MulHasher(u64);

impl Hasher for MulHasher {
    fn finish(&self) -> u64 {
        let m = u128::from(self.0) * 0x9E37_79B9_7F4A_7C15;
        (m as u64) ^ ((m >> 64) as u64)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use budoux_phf_rs::ScoreMap;

    use super::*;

    /// `text` cut by the crate's parser and by this scorer.
    fn both(text: &str) -> (Vec<&str>, Vec<&str>) {
        static PARSER: OnceLock<Parser> = OnceLock::new();
        let parser = PARSER.get_or_init(Parser::japanese_parser);
        (parser.parse(text), Model::japanese().parse(text))
    }

    fn site_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["content", "locales", "themes"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    files.push(entry.into_path());
                }
            }
        }
        let mut texts = Vec::new();
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            texts.extend(text.lines().map(str::to_string));
            texts.push(text);
        }
        texts
    }

    #[test]
    fn the_scorer_cuts_the_default_site_as_the_crate_does() {
        let texts = site_texts();
        let japanese = texts.iter().filter(|t| t.chars().any(|c| c > '\u{3000}'));
        let mut compared = 0;
        for text in japanese {
            // The line and every suffix of it from a character boundary, so that each window
            // of the line is also met at the start and at the end of a text.
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).take(40).collect();
            for start in starts {
                let (crate_cut, ours) = both(&text[start..]);
                assert_eq!(ours, crate_cut, "{:?}", &text[start..]);
                compared += 1;
            }
        }
        assert!(compared > 500, "only {compared} texts compared");
    }

    #[test]
    fn the_scorer_cuts_edge_cases_as_the_crate_does() {
        let long_kana = "あ".repeat(500);
        let long_kanji = "漢字".repeat(300);
        let long_mixed = "お客様からの暴言、abc 123、😀の繰り返し。".repeat(40);
        let cases = [
            "",
            "あ",
            "今日",
            "雀の宿",
            "ab",
            "plain ASCII text only, with punctuation!",
            "ASCIIと日本語のmixed文です",
            "絵文字😀を含む👨‍👩‍👧文章です🎌",
            "か\u{3099}な\u{309A}濁点の結合文字を含むテキスト",
            "e\u{301}t\u{308}é combining marks",
            "全角ＡＢＣと半角ｶﾀｶﾅ、記号「」（）・…",
            "\u{3000}全角スペース\u{3000}で区切る",
            "改行\nを含む\r\nテキスト\tとタブ",
            "𠮷野家で𩸽を食べる（BMP外の漢字）",
            "\u{FFFF}\u{10FFFF}\u{0}制御と境界の文字",
            "次のような行為はお断りします",
            "カスタマーハラスメントに対する基本方針",
            "今日はとても良い天気です。",
            &long_kana,
            &long_kanji,
            &long_mixed,
        ];
        for text in cases {
            let (crate_cut, ours) = both(text);
            assert_eq!(ours, crate_cut, "{text:?}");
        }
    }

    #[test]
    fn every_feature_of_the_model_is_in_the_tables() {
        // A text made of each key of each map, alone and between other characters: the cut
        // follows the crate wherever a feature applies.
        let parser = Parser::japanese_parser();
        let m = &parser.model;
        let maps: [&ScoreMap; 13] = [
            m.uw1, m.uw2, m.uw3, m.uw4, m.uw5, m.uw6, m.bw1, m.bw2, m.bw3, m.tw1, m.tw2, m.tw3,
            m.tw4,
        ];
        let mut n = 0;
        for map in maps {
            for key in map.keys() {
                for text in [
                    key.to_string(),
                    format!("の{key}です"),
                    format!("今日は{key}"),
                    format!("{key}、それから"),
                ] {
                    let (crate_cut, ours) = both(&text);
                    assert_eq!(ours, crate_cut, "{text:?}");
                    n += 1;
                }
            }
        }
        assert!(n > 1000, "only {n} texts compared");
    }
}
