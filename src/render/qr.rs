//! QR codes for printed notices, generated at build time as inline SVG (one `<path>`, black on
//! white, with the standard quiet zone), so a notice needs no image files and no network.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An inline `<svg>` QR code of `url`, hidden from assistive technology (the notice prints the
/// URL as text beside it). Its size is set by the stylesheet.
pub fn svg(url: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code of `{url}`: {e}"))?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    // The renderer writes a standalone document: drop its XML prolog before inlining.
    let start = image
        .find("<svg")
        .ok_or_else(|| "the QR renderer wrote no <svg> element".to_string())?;
    Ok(image[start..].replacen(
        "<svg ",
        "<svg class=\"qr\" aria-hidden=\"true\" focusable=\"false\" ",
        1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn inline_svg_without_prolog_and_deterministic() {
        let a = super::svg("https://www.kiwaseisakujo.jp/policy/ja/customer-harassment/").unwrap();
        assert!(
            a.starts_with("<svg class=\"qr\" aria-hidden=\"true\""),
            "{a}"
        );
        assert!(!a.contains("<?xml"));
        assert!(a.ends_with("</svg>"));
        assert_eq!(a.matches("<path").count(), 1);
        assert_eq!(
            a,
            super::svg("https://www.kiwaseisakujo.jp/policy/ja/customer-harassment/").unwrap()
        );
        assert!(a.len() < 4000, "{} bytes", a.len());
    }
}
