//! Print-shop bundles: the PDFs of every variant of one store's notice in one paper size,
//! joined into one PDF, one sheet a page, with lopdf.
//!
//! The sheets are joined as they were printed, so a bundle's pages are exactly the single
//! PDFs' pages. The first sheet's document is kept whole (its title, language, viewer
//! preferences); each further sheet's page tree becomes a branch of a new page tree root,
//! and when every sheet is a tagged PDF their structure trees are joined too (each sheet's
//! `Document` element keeps its own `/Lang`), so the bundle stays accessible. A sheet whose
//! structure tree has a shape this does not join makes the bundle untagged instead.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Joins `sheets` (PDF files) into one PDF, the pages in the order given.
pub(super) fn combine(sheets: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    let mut docs = sheets.iter().enumerate().map(|(i, bytes)| {
        Document::load_mem(bytes).map_err(|e| format!("cannot read sheet {}: {e}", i + 1))
    });
    let Some(first) = docs.next() else {
        return Err("a bundle needs at least one sheet".into());
    };
    let mut base = first?;
    let catalog_id = reference(&base.trailer, b"Root").ok_or("the first sheet has no catalog")?;
    let first_pages = reference(base.get_dictionary(catalog_id).map_err(err)?, b"Pages")
        .ok_or("the first sheet has no page tree")?;
    let mut tree = StructTree::of(&base, catalog_id);
    let mut kids = vec![Object::Reference(first_pages)];
    let mut count = page_count(&base, first_pages);
    for doc in docs {
        let mut doc = doc?;
        doc.renumber_objects_with(base.max_id + 1);
        let root = reference(&doc.trailer, b"Root").ok_or("a sheet has no catalog")?;
        let pages = reference(doc.get_dictionary(root).map_err(err)?, b"Pages")
            .ok_or("a sheet has no page tree")?;
        tree = match tree {
            Some(t) => t.join(&mut doc, root),
            None => None,
        };
        count += page_count(&doc, pages);
        kids.push(Object::Reference(pages));
        base.max_id = base.max_id.max(doc.max_id);
        base.objects.append(&mut doc.objects);
    }
    let new_pages = (base.max_id + 1, 0);
    base.max_id += 1;
    for kid in &kids {
        if let Ok(id) = kid.as_reference() {
            if let Ok(node) = base.get_dictionary_mut(id) {
                node.set("Parent", Object::Reference(new_pages));
            }
        }
    }
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", Object::Array(kids));
    pages.set("Count", Object::Integer(count));
    base.objects.insert(new_pages, Object::Dictionary(pages));
    match tree {
        Some(t) => t.store(&mut base),
        None => untag(&mut base, catalog_id),
    }
    let catalog = base.get_dictionary_mut(catalog_id).map_err(err)?;
    catalog.set("Pages", Object::Reference(new_pages));
    // The other sheets' catalogs, information dictionaries and structure roots are no longer
    // referenced from anywhere.
    base.prune_objects();
    let mut out = Vec::new();
    base.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

fn err(e: lopdf::Error) -> String {
    e.to_string()
}

fn reference(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    dict.get(key).ok()?.as_reference().ok()
}

fn page_count(doc: &Document, pages: ObjectId) -> i64 {
    doc.get_dictionary(pages)
        .ok()
        .and_then(|d| d.get(b"Count").ok()?.as_i64().ok())
        .unwrap_or(0)
}

/// Removes the structure tree of an untagged bundle.
fn untag(doc: &mut Document, catalog: ObjectId) {
    if let Ok(c) = doc.get_dictionary_mut(catalog) {
        c.remove(b"StructTreeRoot");
        c.remove(b"MarkInfo");
    }
}

/// The joined structure tree: the first sheet's root, its kids so far, its parent tree's
/// entries (`/Nums`) and the next free parent-tree key.
struct StructTree {
    root: ObjectId,
    kids: Vec<Object>,
    nums: Vec<Object>,
    next_key: i64,
}

impl StructTree {
    /// The structure tree of the sheet whose catalog is `catalog`; `None` when it has none or
    /// one of another shape than a flat parent tree.
    fn of(doc: &Document, catalog: ObjectId) -> Option<StructTree> {
        let root = reference(doc.get_dictionary(catalog).ok()?, b"StructTreeRoot")?;
        let dict = doc.get_dictionary(root).ok()?;
        let kids = match dict.get(b"K").ok()? {
            Object::Array(a) => a.clone(),
            k @ Object::Reference(_) => vec![k.clone()],
            _ => return None,
        };
        let (_, parents) = doc.dereference(dict.get(b"ParentTree").ok()?).ok()?;
        let parents = parents.as_dict().ok()?;
        if parents.has(b"Kids") {
            return None;
        }
        let (_, nums) = doc.dereference(parents.get(b"Nums").ok()?).ok()?;
        let nums = nums.as_array().ok()?.clone();
        let max_key = nums
            .iter()
            .step_by(2)
            .filter_map(|k| k.as_i64().ok())
            .max()
            .map_or(0, |k| k + 1);
        let next_key = dict
            .get(b"ParentTreeNextKey")
            .ok()
            .and_then(|k| k.as_i64().ok())
            .unwrap_or(0)
            .max(max_key);
        Some(StructTree {
            root,
            kids,
            nums,
            next_key,
        })
    }

    /// Adds the structure tree of `doc` (already renumbered) to this one: its keys move past
    /// this tree's, its top elements become kids of this root. `None` when it cannot be joined.
    fn join(mut self, doc: &mut Document, catalog: ObjectId) -> Option<StructTree> {
        let other = StructTree::of(doc, catalog)?;
        let offset = self.next_key;
        for (i, n) in other.nums.into_iter().enumerate() {
            self.nums.push(match (i % 2, n.as_i64()) {
                (0, Ok(key)) => Object::Integer(key + offset),
                _ => n,
            });
        }
        for object in doc.objects.values_mut() {
            let dict = match object {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &mut s.dict,
                _ => continue,
            };
            for key in [&b"StructParents"[..], b"StructParent"] {
                if let Ok(Object::Integer(k)) = dict.get_mut(key) {
                    *k += offset;
                }
            }
        }
        self.kids.extend(other.kids);
        self.next_key = offset + other.next_key;
        Some(self)
    }

    /// Writes the joined tree into the first sheet's structure root. A tagged PDF has one
    /// top element: a new `Document` (in the first sheet's language) holds each sheet's
    /// top elements, each sheet's `Document` becoming a `Part` that keeps its `/Lang`.
    fn store(self, doc: &mut Document) {
        let mut nums = Dictionary::new();
        nums.set("Nums", Object::Array(self.nums));
        let parent_tree = doc.add_object(Object::Dictionary(nums));
        let top = doc.new_object_id();
        let mut lang = None;
        for kid in &self.kids {
            if let Ok(element) = kid.as_reference().and_then(|id| doc.get_dictionary_mut(id)) {
                if lang.is_none() {
                    lang = element.get(b"Lang").ok().cloned();
                }
                if element.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Document") {
                    element.set("S", Object::Name(b"Part".to_vec()));
                }
                element.set("P", Object::Reference(top));
            }
        }
        let mut document = Dictionary::new();
        document.set("Type", Object::Name(b"StructElem".to_vec()));
        document.set("S", Object::Name(b"Document".to_vec()));
        document.set("P", Object::Reference(self.root));
        if let Some(lang) = lang {
            document.set("Lang", lang);
        }
        document.set("K", Object::Array(self.kids));
        doc.objects.insert(top, Object::Dictionary(document));
        if let Ok(root) = doc.get_dictionary_mut(self.root) {
            root.set("K", Object::Reference(top));
            root.set("ParentTree", Object::Reference(parent_tree));
            root.set("ParentTreeNextKey", Object::Integer(self.next_key));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page untagged PDF whose page is `w` × `h` points and whose title is `title`.
    fn sheet(title: &str, w: i64, h: i64) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R /Lang (ja) >>".to_string(),
            format!("<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 {w} {h}] >>"),
            "<< /Type /Page /Parent 2 0 R /Resources << >> >>".to_string(),
            format!("<< /Title ({title}) >>"),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(b"xref\n0 5\n0000000000 65535 f \n");
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!("trailer\n<< /Size 5 /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n")
                .bytes(),
        );
        out
    }

    #[test]
    fn sheets_become_pages_in_order_and_keep_their_inherited_size() {
        let joined = combine(&[
            sheet("ja", 595, 842),
            sheet("en", 420, 595),
            sheet("x", 842, 1191),
        ])
        .unwrap();
        let doc = Document::load_mem(&joined).unwrap();
        let sizes: Vec<Vec<i64>> = doc
            .page_iter()
            .map(|p| {
                // The size sits on each sheet's old page tree root, now a branch.
                let parent = reference(doc.get_dictionary(p).unwrap(), b"Parent").unwrap();
                let media = doc
                    .get_dictionary(parent)
                    .unwrap()
                    .get(b"MediaBox")
                    .unwrap();
                media
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_i64().unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(
            sizes,
            [[0, 0, 595, 842], [0, 0, 420, 595], [0, 0, 842, 1191]]
        );
        let info = reference(&doc.trailer, b"Info").unwrap();
        let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap();
        assert_eq!(title.as_str().unwrap(), b"ja", "the first sheet's title");
        assert_eq!(
            doc.catalog()
                .unwrap()
                .get(b"Lang")
                .unwrap()
                .as_str()
                .unwrap(),
            b"ja"
        );
        assert_eq!(
            doc.objects.len(),
            9,
            "the other sheets' catalogs and titles are dropped"
        );
    }

    #[test]
    fn what_is_not_a_pdf_is_an_error() {
        assert!(combine(&[sheet("ja", 1, 1), b"<html>".to_vec()])
            .unwrap_err()
            .contains("sheet 2"));
        assert!(combine(&[]).is_err());
    }
}
