//! Turning input bytes into text: BOMs, UTF-16, invalid UTF-8 and NUL bytes.

use std::borrow::Cow;

use super::error::LoadError;
use super::node::Pos;

/// Decodes input bytes as text.
///
/// A UTF-8 byte-order mark is dropped; UTF-16 (LE or BE) with a byte-order
/// mark is converted. Invalid UTF-8 and NUL bytes are errors that name their
/// line and column.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, LoadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest).map(Cow::Borrowed);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    decode_utf8(bytes).map(Cow::Borrowed)
}

fn decode_utf8(bytes: &[u8]) -> Result<&str, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::InvalidUtf8 {
        pos: byte_pos(bytes, e.valid_up_to()),
    })?;
    if let Some(at) = memchr_nul(bytes) {
        return Err(LoadError::NulByte {
            pos: byte_pos(bytes, at),
        });
    }
    Ok(text)
}

fn decode_utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> Result<String, LoadError> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => read([*a, *b]),
        _ => 0xFFFF,
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let (mut line, mut column) = (1u32, 1u32);
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok('\0') => {
                return Err(LoadError::NulByte {
                    pos: Pos::new(line, column),
                })
            }
            Ok('\u{FFFF}') | Err(_) => {
                return Err(LoadError::InvalidUtf8 {
                    pos: Pos::new(line, column),
                })
            }
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
                out.push(c);
            }
        }
    }
    Ok(out)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// The line and column of byte offset `at` in `bytes` (columns count characters; the prefix is valid UTF-8).
pub fn byte_pos(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos::new(saturate(line), saturate(column))
}

/// Converts a count to `u32`, saturating.
pub(crate) fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_positioned() {
        let err = decode_text(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(
            err,
            LoadError::InvalidUtf8 {
                pos: Pos::new(2, 4)
            }
        );
    }

    #[test]
    fn nul_byte_is_positioned() {
        let err = decode_text(b"a: 1\n\0").unwrap_err();
        assert_eq!(
            err,
            LoadError::NulByte {
                pos: Pos::new(2, 1)
            }
        );
    }

    #[test]
    fn boms_are_handled() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa: 1").unwrap(), "a: 1");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a: é".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&le).unwrap(), "a: é");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("k: v".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&be).unwrap(), "k: v");
    }
}
