//! Files built into the program: the fonts the window shows text in and that chart images are
//! drawn with (`assets/fonts`, SIL OFL 1.1).

/// Noto Sans: Latin, Cyrillic (Kazakh letters included), Greek.
pub const NOTO_SANS: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Arabic, for the Arabic-script passages of the seed documents.
pub const NOTO_SANS_ARABIC: &[u8] = include_bytes!("../assets/fonts/NotoSansArabic-Regular.ttf");
