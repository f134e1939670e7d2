//! Code colours, written as `#rrggbb` in project files.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// A qualitative palette (readable as a highlight on white and on dark backgrounds), used to
    /// give new codes distinct colours.
    pub const PALETTE: [Color; 12] = [
        Color::rgb(0xe6, 0x9f, 0x00),
        Color::rgb(0x56, 0xb4, 0xe9),
        Color::rgb(0x00, 0x9e, 0x73),
        Color::rgb(0xf0, 0xe4, 0x42),
        Color::rgb(0x00, 0x72, 0xb2),
        Color::rgb(0xd5, 0x5e, 0x00),
        Color::rgb(0xcc, 0x79, 0xa7),
        Color::rgb(0x8d, 0xd3, 0xc7),
        Color::rgb(0xfb, 0x80, 0x72),
        Color::rgb(0x80, 0xb1, 0xd3),
        Color::rgb(0xb3, 0xde, 0x69),
        Color::rgb(0xbc, 0x80, 0xbd),
    ];

    /// The n-th palette colour, wrapping around.
    pub fn from_palette(n: usize) -> Self {
        Self::PALETTE[n % Self::PALETTE.len()]
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl fmt::Debug for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("expected a colour written as #rrggbb, found {0:?}")]
pub struct ColorParseError(pub String);

impl FromStr for Color {
    type Err = ColorParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ColorParseError(s.to_string());
        let hex = s.trim().strip_prefix('#').ok_or_else(err)?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(err());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err());
        Ok(Color::rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let c: Color = "#0A7fC0".parse().unwrap();
        assert_eq!(c, Color::rgb(0x0a, 0x7f, 0xc0));
        assert_eq!(c.to_string(), "#0a7fc0");
        assert!("0a7fc0".parse::<Color>().is_err());
        assert!("#0a7fc".parse::<Color>().is_err());
        assert!("#ééé".parse::<Color>().is_err());
    }
}
