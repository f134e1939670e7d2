//! Fonts for the seed documents: Noto Sans (Latin, Cyrillic including Kazakh letters, Greek)
//! as the main face, Noto Sans Arabic for the Arabic-script references in the conference volume,
//! and egui's defaults (emoji, symbols) behind them. Shipped in `assets/fonts` (SIL OFL 1.1).

use crate::assets::{NOTO_SANS, NOTO_SANS_ARABIC};
use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".into(),
        Arc::new(FontData::from_static(NOTO_SANS)),
    );
    fonts.font_data.insert(
        "noto-sans-arabic".into(),
        Arc::new(FontData::from_static(NOTO_SANS_ARABIC)),
    );
    let proportional = fonts.families.entry(FontFamily::Proportional).or_default();
    proportional.insert(0, "noto-sans".into());
    proportional.push("noto-sans-arabic".into());
    let monospace = fonts.families.entry(FontFamily::Monospace).or_default();
    monospace.push("noto-sans".into());
    monospace.push("noto-sans-arabic".into());
    ctx.set_fonts(fonts);
}
