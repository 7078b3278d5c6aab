//! Numbering inline codes: the source's from 1 in order, and each code of the translation
//! takes the number of the source code it corresponds to, so a CAT tool sees the same tag in
//! source and target (and import knows which markup each tag stands for).

use super::inline::{Code, CodeKind, Piece};

/// The XLIFF id of every code of `source` (numbered from 1) and of `target` (the number of
/// the source code it corresponds to: same kind and markup first, else same kind and class,
/// in order; `tN` for a code the source does not have). The closing half of a pair takes its
/// opening half's id.
pub(crate) fn number(source: &[Piece], target: &[Piece]) -> (Vec<String>, Vec<String>) {
    let codes = |pieces: &[Piece]| -> Vec<Code> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Code(c) => Some(c.clone()),
                Piece::Text(_) => None,
            })
            .collect()
    };
    let (src, tgt) = (codes(source), codes(target));
    let ids_of = |list: &[Code], own: &dyn Fn(usize) -> String| -> Vec<String> {
        let mut by_pair = std::collections::BTreeMap::new();
        list.iter()
            .enumerate()
            .map(|(i, c)| {
                if c.kind == CodeKind::Ept {
                    by_pair.get(&c.pair).cloned().unwrap_or_else(|| own(i))
                } else {
                    let id = own(i);
                    by_pair.insert(c.pair, id.clone());
                    id
                }
            })
            .collect()
    };
    // Source: numbered by opening code.
    let mut n = 0;
    let src_own: Vec<String> = src
        .iter()
        .map(|c| {
            if c.kind != CodeKind::Ept {
                n += 1;
            }
            n.to_string()
        })
        .collect();
    let src_ids = ids_of(&src, &|i| src_own[i].clone());
    let mut used = vec![false; src.len()];
    let mut fresh = 0;
    let mut tgt_own = Vec::new();
    for c in &tgt {
        if c.kind == CodeKind::Ept {
            tgt_own.push(String::new());
            continue;
        }
        let pick = (0..src.len())
            .find(|&j| !used[j] && src[j].kind == c.kind && src[j].text == c.text)
            .or_else(|| {
                (0..src.len())
                    .find(|&j| !used[j] && src[j].kind == c.kind && src[j].class == c.class)
            });
        match pick {
            Some(j) => {
                used[j] = true;
                tgt_own.push(src_ids[j].clone());
            }
            None => {
                fresh += 1;
                tgt_own.push(format!("t{fresh}"));
            }
        }
    }
    let tgt_ids = ids_of(&tgt, &|i| tgt_own[i].clone());
    (src_ids, tgt_ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xliff::inline::{tokenise, Syntax};

    #[test]
    fn target_codes_take_the_source_numbers() {
        let src = tokenise("[a](/ja/x) { $n } **b**", Syntax::Markdown);
        let tgt = tokenise("**B** [A](/en/x)", Syntax::Markdown);
        let (s, t) = number(&src, &tgt);
        assert_eq!(s, ["1", "1", "2", "2"]);
        assert_eq!(t, ["2", "2", "1", "1"]);
    }
}
