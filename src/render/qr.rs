//! QR codes for printed notices, generated at build time as inline SVG, so a notice needs no
//! image files and no network.
//!
//! The `qrcode` crate encodes; the SVG is written here: one `<path>` of horizontal runs of dark
//! modules (about a third of the size of the crate's one-square-per-module renderer, which
//! also starts with an XML prolog that cannot be inlined), black on white, with the standard
//! four-module quiet zone.

use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border around the code (the QR specification's quiet zone).
const QUIET_ZONE: usize = 4;

/// An inline `<svg>` QR code of `url`, hidden from assistive technology (the notice prints the
/// URL as text beside it). Its size is set by the stylesheet.
pub fn svg(url: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code of `{url}`: {e}"))?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
                let _ = write!(
                    path,
                    "M{} {}h{run}v1h-{run}z",
                    x + QUIET_ZONE,
                    y + QUIET_ZONE
                );
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        "<svg class=\"qr\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://www.kiwaseisakujo.jp/policy/ja/customer-harassment/";

    #[test]
    fn inline_svg_is_compact_and_deterministic() {
        let a = svg(URL).unwrap();
        assert!(
            a.starts_with("<svg class=\"qr\" aria-hidden=\"true\""),
            "{a}"
        );
        assert!(!a.contains("<?xml"));
        assert!(a.ends_with("</svg>"));
        assert_eq!(a.matches("<path").count(), 1);
        assert_eq!(a, svg(URL).unwrap());
        assert!(a.len() < 4000, "{} bytes", a.len());
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let code = QrCode::with_error_correction_level(URL.as_bytes(), EcLevel::M).unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        let s = svg(URL).unwrap();
        let d = s.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let covered: usize = d
            .split('z')
            .filter(|seg| !seg.is_empty())
            .map(|seg| {
                seg.split('h')
                    .nth(1)
                    .unwrap()
                    .split('v')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(covered, dark);
        // The finder pattern's top row: seven dark modules inside the quiet zone.
        assert!(s.contains("d=\"M4 4h7v1h-7z"), "{s}");
    }
}
