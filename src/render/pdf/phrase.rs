//! BudouX's Japanese phrase model, read faster: the scores of budoux 0.1.1's `parse`, the
//! same weights (from the `budoux` crate), with each feature as a packed integer looked up
//! in a map with a cheap hash, where `parse` builds a string for each of its 42 features at
//! every character and hashes it with SipHash. Same phrase starts (the tests compare them
//! with `budoux::parse` on every text of the published roadmap and on generated text), about
//! 3× faster: 10 against 33 ms for the 1,707 texts of the bench's progress-filled input. It
//! had been a quarter of the progress report's layout.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The first code point of each Unicode block BudouX distinguishes. The table is BudouX's
/// (`unicode_blocks.rs` of budoux 0.1.1, generated from BudouX's `unicode_blocks.json`;
/// BudouX © Google LLC, Apache License 2.0), which the crate keeps private.
const UNICODE_BLOCKS: [u32; 308] = [
    0, 128, 256, 384, 592, 688, 768, 880, 1024, 1280, 1328, 1424, 1536, 1792, 1872, 1920, 1984,
    2048, 2112, 2144, 2208, 2304, 2432, 2560, 2688, 2816, 2944, 3072, 3200, 3328, 3456, 3584, 3712,
    3840, 4096, 4256, 4352, 4608, 4992, 5024, 5120, 5760, 5792, 5888, 5920, 5952, 5984, 6016, 6144,
    6320, 6400, 6480, 6528, 6624, 6656, 6688, 6832, 6912, 7040, 7104, 7168, 7248, 7296, 7312, 7360,
    7376, 7424, 7552, 7616, 7680, 7936, 8192, 8304, 8352, 8400, 8448, 8528, 8592, 8704, 8960, 9216,
    9280, 9312, 9472, 9600, 9632, 9728, 9984, 10176, 10224, 10240, 10496, 10624, 10752, 11008,
    11264, 11360, 11392, 11520, 11568, 11648, 11744, 11776, 11904, 12032, 12272, 12288, 12352,
    12448, 12544, 12592, 12688, 12704, 12736, 12784, 12800, 13056, 13312, 19904, 19968, 40960,
    42128, 42192, 42240, 42560, 42656, 42752, 42784, 43008, 43056, 43072, 43136, 43232, 43264,
    43312, 43360, 43392, 43488, 43520, 43616, 43648, 43744, 43776, 43824, 43888, 43968, 44032,
    55216, 55296, 56192, 56320, 57344, 63744, 64256, 64336, 65024, 65040, 65056, 65072, 65104,
    65136, 65280, 65520, 65536, 65664, 65792, 65856, 65936, 66000, 66176, 66208, 66272, 66304,
    66352, 66384, 66432, 66464, 66560, 66640, 66688, 66736, 66816, 66864, 67072, 67584, 67648,
    67680, 67712, 67808, 67840, 67872, 67968, 68000, 68096, 68192, 68224, 68288, 68352, 68416,
    68448, 68480, 68608, 68736, 68864, 69216, 69248, 69376, 69424, 69552, 69600, 69632, 69760,
    69840, 69888, 69968, 70016, 70112, 70144, 70272, 70320, 70400, 70656, 70784, 71040, 71168,
    71264, 71296, 71424, 71680, 71840, 71936, 72096, 72192, 72272, 72384, 72704, 72816, 72960,
    73056, 73440, 73648, 73664, 73728, 74752, 74880, 77824, 78896, 82944, 92160, 92736, 92880,
    92928, 93760, 93952, 94176, 94208, 100352, 101120, 101632, 110592, 110848, 110896, 110960,
    113664, 113824, 118784, 119040, 119296, 119520, 119552, 119648, 119808, 120832, 122880, 123136,
    123584, 124928, 125184, 126064, 126208, 126464, 126976, 127024, 127136, 127232, 127488, 127744,
    128512, 128592, 128640, 128768, 128896, 129024, 129280, 129536, 129648, 129792, 131072, 173824,
    177984, 178208, 183984, 194560, 196608, 917504, 917760, 983040, 1048576,
];

/// Past either end of the text, for the block features: budoux writes `▔`, which no key of
/// the model has. (The model's own code for it is `999`: keys such as `BB3:162999` exist
/// but never match in budoux 0.1.1, and must not here either, for the same starts.)
const NO_BLOCK: u32 = 1000;

/// Scores above this start a phrase (budoux's default).
const THRESHOLD: i32 = budoux::DEFAULT_THRESHOLD;

/// The 42 features `parse` scores at each position, in its order: a prefix, and what it
/// concatenates (w: a character, b: a block, p: an earlier decision).
const FEATURES: [(&str, &[Part]); 42] = {
    use Part::*;
    [
        ("UP1", &[P1]),
        ("UP2", &[P2]),
        ("UP3", &[P3]),
        ("BP1", &[P1, P2]),
        ("BP2", &[P2, P3]),
        ("UW1", &[W1]),
        ("UW2", &[W2]),
        ("UW3", &[W3]),
        ("UW4", &[W4]),
        ("UW5", &[W5]),
        ("UW6", &[W6]),
        ("BW1", &[W2, W3]),
        ("BW2", &[W3, W4]),
        ("BW3", &[W4, W5]),
        ("TW1", &[W1, W2, W3]),
        ("TW2", &[W2, W3, W4]),
        ("TW3", &[W3, W4, W5]),
        ("TW4", &[W4, W5, W6]),
        ("UB1", &[B1]),
        ("UB2", &[B2]),
        ("UB3", &[B3]),
        ("UB4", &[B4]),
        ("UB5", &[B5]),
        ("UB6", &[B6]),
        ("BB1", &[B2, B3]),
        ("BB2", &[B3, B4]),
        ("BB3", &[B4, B5]),
        ("TB1", &[B1, B2, B3]),
        ("TB2", &[B2, B3, B4]),
        ("TB3", &[B3, B4, B5]),
        ("TB4", &[B4, B5, B6]),
        ("UQ1", &[P1, B1]),
        ("UQ2", &[P2, B2]),
        ("UQ3", &[P3, B3]),
        ("BQ1", &[P2, B2, B3]),
        ("BQ2", &[P2, B3, B4]),
        ("BQ3", &[P3, B2, B3]),
        ("BQ4", &[P3, B3, B4]),
        ("TQ1", &[P2, B1, B2, B3]),
        ("TQ2", &[P2, B2, B3, B4]),
        ("TQ3", &[P3, B1, B2, B3]),
        ("TQ4", &[P3, B2, B3, B4]),
    ]
};

/// One piece of a feature: the characters around the position (w1 … w6, the position
/// between w3 and w4), their blocks, and the three decisions before it.
#[derive(Clone, Copy)]
enum Part {
    W1,
    W2,
    W3,
    W4,
    W5,
    W6,
    B1,
    B2,
    B3,
    B4,
    B5,
    B6,
    P1,
    P2,
    P3,
}

/// A piece's value: a character's code point; a block, offset past every code point; a
/// decision, as the letter `parse` writes (U, B, O). An empty character (past either end of
/// the text) is left out, as `parse` concatenates an empty string.
type Piece = Option<u32>;

const BLOCK_BASE: u32 = 0x11_0000;

/// A feature as one integer: its number, how many pieces, and the pieces, 21 bits each.
fn key(feature: usize, pieces: impl IntoIterator<Item = u32>) -> u128 {
    let mut key = feature as u128;
    let mut count = 0u128;
    for piece in pieces {
        key = (key << 21) | u128::from(piece);
        count += 1;
    }
    (key << 3) | count
}

/// A hasher for the packed keys: they are already spread over their bits.
#[derive(Default)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u128(&mut self, v: u128) {
        let folded = (v as u64) ^ ((v >> 64) as u64).rotate_left(29);
        self.0 = (folded ^ (folded >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type Weights = HashMap<u128, i32, BuildHasherDefault<PackedHasher>>;

/// The model's weights by packed feature; `None` if a key is not in the form this reads
/// (then `budoux::parse` itself is used).
static WEIGHTS: LazyLock<Option<Weights>> = LazyLock::new(|| {
    let mut weights = Weights::default();
    for (name, &weight) in budoux::models::default_japanese_model() {
        let (prefix, rest) = name.split_once(':')?;
        let feature = FEATURES.iter().position(|(p, _)| *p == prefix)?;
        let pieces = parse_pieces(FEATURES[feature].1, rest)?;
        *weights.entry(key(feature, pieces)).or_insert(0) += weight;
    }
    Some(weights)
});

/// The pieces a model key's text spells, for a feature made of `parts`.
fn parse_pieces(parts: &[Part], mut rest: &str) -> Option<Vec<u32>> {
    let is_char = |p: &Part| {
        matches!(
            p,
            Part::W1 | Part::W2 | Part::W3 | Part::W4 | Part::W5 | Part::W6
        )
    };
    if parts.iter().all(is_char) {
        // Characters: at most one per part (an empty one is not written).
        let pieces: Vec<u32> = rest.chars().map(u32::from).collect();
        return (pieces.len() <= parts.len()).then_some(pieces);
    }
    let mut pieces = Vec::new();
    for part in parts {
        match part {
            Part::P1 | Part::P2 | Part::P3 => {
                let c = rest
                    .chars()
                    .next()
                    .filter(|c| matches!(c, 'U' | 'B' | 'O'))?;
                pieces.push(u32::from(c));
                rest = &rest[c.len_utf8()..];
            }
            _ => {
                if let Some(after) = rest.strip_prefix('▔') {
                    pieces.push(BLOCK_BASE + NO_BLOCK);
                    rest = after;
                } else {
                    let digits = rest.get(..3)?;
                    pieces.push(BLOCK_BASE + digits.parse::<u32>().ok()?);
                    rest = &rest[3..];
                }
            }
        }
    }
    rest.is_empty().then_some(pieces)
}

/// BudouX's block feature of a character (its index in the table).
fn block(c: char) -> u32 {
    let at = match UNICODE_BLOCKS.binary_search(&u32::from(c)) {
        Ok(i) => i + 1,
        Err(i) => i,
    };
    BLOCK_BASE + at as u32
}

/// For each character of `para` (one line, not empty), whether a phrase starts there: the
/// starts of the phrases `budoux::parse` returns. `None` if the model could not be read in
/// packed form. A character past budoux's table (U+100000 and above) must have been
/// replaced by the caller, as for `budoux::parse` (it panics on them).
pub fn starts(para: &str) -> Option<Vec<bool>> {
    let weights = WEIGHTS.as_ref()?;
    let chars: Vec<char> = para.chars().collect();
    let n = chars.len();
    let mut out = vec![false; n];
    if n == 0 {
        return Some(out);
    }
    out[0] = true;
    // Position k scores the gap between chars[k] (w3) and chars[k + 1] (w4).
    let blocks: Vec<u32> = chars.iter().map(|&c| block(c)).collect();
    let w = |i: isize| -> Piece {
        let i = usize::try_from(i).ok()?;
        chars.get(i).map(|&c| u32::from(c))
    };
    let b = |i: isize| -> u32 {
        usize::try_from(i)
            .ok()
            .and_then(|i| blocks.get(i).copied())
            .unwrap_or(BLOCK_BASE + NO_BLOCK)
    };
    let (mut p1, mut p2, mut p3) = (u32::from('U'), u32::from('U'), u32::from('U'));
    for k in 0..n as isize {
        let ws = [w(k - 2), w(k - 1), w(k), w(k + 1), w(k + 2), w(k + 3)];
        let bs = [b(k - 2), b(k - 1), b(k), b(k + 1), b(k + 2), b(k + 3)];
        let ps = [p1, p2, p3];
        let piece = |part: &Part| -> Piece {
            match *part {
                Part::W1 => ws[0],
                Part::W2 => ws[1],
                Part::W3 => ws[2],
                Part::W4 => ws[3],
                Part::W5 => ws[4],
                Part::W6 => ws[5],
                Part::B1 => Some(bs[0]),
                Part::B2 => Some(bs[1]),
                Part::B3 => Some(bs[2]),
                Part::B4 => Some(bs[3]),
                Part::B5 => Some(bs[4]),
                Part::B6 => Some(bs[5]),
                Part::P1 => Some(ps[0]),
                Part::P2 => Some(ps[1]),
                Part::P3 => Some(ps[2]),
            }
        };
        let score: i32 = FEATURES
            .iter()
            .enumerate()
            .map(|(f, (_, parts))| {
                let k = key(f, parts.iter().filter_map(piece));
                weights.get(&k).copied().unwrap_or(0)
            })
            .sum();
        if score > THRESHOLD {
            if let Some(start) = out.get_mut(k as usize + 1) {
                *start = true;
            }
        }
        p1 = p2;
        p2 = p3;
        p3 = u32::from(if score > 0 { 'B' } else { 'O' });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::linebreak::{budoux_safe, budoux_starts};
    use super::*;

    /// The same starts as `budoux::parse`, on `text`.
    fn same(text: &str) {
        let text = budoux_safe(text);
        assert_eq!(starts(&text), Some(budoux_starts(&text)), "{text:?}");
    }

    #[test]
    fn every_key_of_the_model_is_read() {
        let weights = WEIGHTS.as_ref().expect("the model reads in packed form");
        assert_eq!(
            weights.len(),
            budoux::models::default_japanese_model().len()
        );
    }

    #[test]
    fn the_starts_are_budouxs_on_roadmap_texts() {
        for text in [
            "マイナンバーカードを活用した救急業務実証事業への参加",
            "公式アプリの導入検討とメタバースの活用",
            "市役所のDXを推進する人材の育成・確保",
            "電子申請システムの導入とスマートフォンの活用",
            "次期チャットボット移行に向けた情報収集・検討",
            "大学連携センター共同研究(共同送迎・事故予測)",
            "ITリスキリングセミナーの開催(再掲)",
            "R7年度は予定どおり完了。R8年度から全庁に展開する。",
            "a",
            "あ",
            "ＡＢＣ　１２３",
            "電子申請の拡大と\u{10_0000}私用面文字",
            "🦀絵文字と漢字、English words, 123.",
        ] {
            same(text);
        }
    }

    /// Every text of the published roadmap that layout may wrap.
    #[test]
    fn the_starts_are_budouxs_on_the_published_roadmap() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
        let books = crate::ingest::ingest(&[dir]).expect("input/ reads").output;
        let mut n = 0;
        for cell in books.iter().flat_map(|b| &b.sheets).flat_map(|s| &s.cells) {
            if let crate::ingest::Value::Text(text) = &cell.value {
                for line in text.lines().filter(|l| !l.is_empty()) {
                    same(line);
                    n += 1;
                }
            }
        }
        assert!(n > 500, "{n} texts");
    }

    #[test]
    fn the_starts_are_budouxs_on_generated_text() {
        // Characters from the scripts a roadmap mixes, and block edges.
        let alphabet: Vec<char> = "あいうのをはがでにとしたカタナシステムアプリ漢字導入検討推進市役所、。・（）()「」ー〜0123456789０１２ABCabcＡＢ 　-_/\u{3000}\u{FF5E}🦀\u{F0000}\u{E000}"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 40) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((seed >> (i % 50)) as usize ^ (i * 7919)) % alphabet.len()])
                .collect();
            same(&text);
        }
    }
}
