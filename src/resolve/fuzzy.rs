//! Closest-text search for re-listings that have no exact original.
//!
//! Similarity is the Dice coefficient of the two texts' character-bigram *sets*, each text
//! padded with a start and an end mark so that one- and two-character texts still have
//! bigrams and a shared beginning or end counts. It suits Japanese well: a dropped or
//! changed character (`AIによる…` → `AI…`, `リスキング` → `リスキリング`) only costs the
//! bigrams around it.
//!
//! The search must stay far from quadratic (40,000 steps, a few hundred re-listings), so the
//! index is built once: an inverted index from bigram to the entries containing it. A query
//! counts shared bigrams over the posting lists, ranks the entries by the Dice value those
//! counts give, and scores only the best [`TOP_K`] exactly. Bigrams found in more than
//! [`POSTING_CAP`] entries (such as `の導`) carry almost no information but cost the most, so
//! they are left out of the counting whenever the query has a rarer bigram; that can only
//! make the ranking approximate, never the final score.
//!
//! The final score of a candidate is the larger of its Dice value and its longest common
//! subsequence ratio, 2·LCS/(|a|+|b|): a re-listing that adds words around the original
//! (`アナログ規制対応の洗い出し` for `規制の洗い出し`, `統合型GISによる登記情報の管理` for
//! `登記情報の管理`) breaks many bigrams but keeps the original's characters in order.

use std::collections::HashMap;

/// How many ranked candidates are scored exactly.
const TOP_K: usize = 32;

/// Posting lists longer than this are skipped while counting (see the module doc).
const POSTING_CAP: usize = 1024;

/// Marks padding the text, so that its first and last characters form bigrams too.
const START: char = '\u{2}';
const END: char = '\u{3}';

/// The sorted, de-duplicated character bigrams of a text, each packed into a `u64`.
pub(super) fn bigrams(text: &str) -> Vec<u64> {
    let chars: Vec<char> = std::iter::once(START)
        .chain(text.chars())
        .chain(std::iter::once(END))
        .collect();
    let mut out: Vec<u64> = chars
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(((*a as u64) << 32) | *b as u64),
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Dice coefficient of two sorted bigram sets: 2·|a∩b| / (|a|+|b|), in 0..=1.
pub(super) fn dice(a: &[u64], b: &[u64]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / total as f64
}

/// An index over a fixed list of texts (entries), answering "which entry is closest to this?".
#[derive(Debug, Default)]
pub(super) struct Fuzzy {
    /// Each entry's bigram set, by entry id.
    sets: Vec<Vec<u64>>,
    /// Each entry's characters, for the subsequence score of the few ranked candidates.
    chars: Vec<Vec<char>>,
    /// Bigram → ids of the entries containing it, ascending.
    postings: HashMap<u64, Vec<u32>>,
    /// Scratch for [`Fuzzy::closest`]: shared-bigram count per entry, all zero between calls.
    counts: Vec<u32>,
}

impl Fuzzy {
    /// Index `texts`; an entry's id is its position in the iteration.
    pub(super) fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Fuzzy {
        let mut index = Fuzzy::default();
        for text in texts {
            let id = index.sets.len() as u32;
            let set = bigrams(text);
            // Ids are pushed in increasing order, so every posting list is sorted.
            for g in &set {
                index.postings.entry(*g).or_default().push(id);
            }
            index.sets.push(set);
            index.chars.push(text.chars().collect());
        }
        index
    }

    /// The entry closest to `query` and its similarity; ties go to the lowest id (document
    /// order, as entries are indexed in document order). `None` if no entry shares a bigram.
    pub(super) fn closest(&mut self, query: &str) -> Option<(usize, f64)> {
        let q = bigrams(query);
        // Rarest bigrams first, so that the cap below keeps the informative ones.
        let mut lists: Vec<&Vec<u32>> = q.iter().filter_map(|g| self.postings.get(g)).collect();
        lists.sort_by_key(|l| l.len());
        // Shared-bigram counts in a dense scratch array, reset through `touched` afterwards:
        // a query costs its posting lists, not the size of the index.
        self.counts.resize(self.sets.len(), 0);
        let mut touched: Vec<u32> = Vec::new();
        for (n, list) in lists.iter().enumerate() {
            if n > 0 && list.len() > POSTING_CAP {
                break;
            }
            for id in list.iter() {
                if let Some(c) = self.counts.get_mut(*id as usize) {
                    if *c == 0 {
                        touched.push(*id);
                    }
                    *c += 1;
                }
            }
        }
        let mut ranked: Vec<(u32, f64)> = Vec::with_capacity(touched.len());
        for id in touched {
            let Some(c) = self.counts.get_mut(id as usize) else {
                continue;
            };
            let size = self.sets.get(id as usize).map_or(0, Vec::len);
            ranked.push((id, 2.0 * *c as f64 / (q.len() + size) as f64));
            *c = 0;
        }
        let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > TOP_K {
            ranked.select_nth_unstable_by(TOP_K - 1, order);
            ranked.truncate(TOP_K);
        }
        let query_chars: Vec<char> = query.chars().collect();
        ranked
            .into_iter()
            .filter_map(|(id, _)| {
                let id = id as usize;
                let by_bigrams = dice(&q, self.sets.get(id)?);
                let by_order = lcs_ratio(&query_chars, self.chars.get(id)?);
                Some((id, by_bigrams.max(by_order)))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }
}

/// 2·LCS(a, b) / (|a| + |b|), in 0..=1. Quadratic in the texts' lengths, so it is only run on
/// the few ranked candidates, and texts are cut at 512 characters.
pub(super) fn lcs_ratio(a: &[char], b: &[char]) -> f64 {
    let a = a.get(..a.len().min(512)).unwrap_or(a);
    let b = b.get(..b.len().min(512)).unwrap_or(b);
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut row = vec![0u32; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    2.0 * f64::from(row[b.len()]) / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_added_around_the_original_keep_it_close() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let r = lcs_ratio(
            &chars("アナログ規制対応の洗い出し"),
            &chars("規制の洗い出し"),
        );
        assert!(r >= 0.6, "{r}");
        let r = lcs_ratio(
            &chars("統合型GISによる登記情報の管理"),
            &chars("登記情報の管理"),
        );
        assert!(r >= 0.6, "{r}");
        let r = lcs_ratio(&chars("除雪運行管理"), &chars("電子母子手帳アプリの提供"));
        assert!(r < 0.3, "{r}");
    }

    #[test]
    fn dice_of_the_published_typos() {
        let a = bigrams("AIやさしい日本語変換の提供");
        let b = bigrams("AIによるやさしい日本語変換の提供");
        assert!(dice(&a, &b) > 0.8, "{}", dice(&a, &b));
        let a = bigrams("ITリスキリングセミナーの開催");
        let b = bigrams("ITリスキングセミナーの開催");
        assert!(dice(&a, &b) > 0.8);
        assert_eq!(dice(&a, &a), 1.0);
        assert_eq!(dice(&bigrams("窓口"), &bigrams("健康")), 0.0);
    }

    #[test]
    fn closest_prefers_the_most_similar_and_then_the_first() {
        let mut f = Fuzzy::new(["情報収集", "ITリスキングセミナーの開催", "情報収集", "広報"]);
        assert_eq!(
            f.closest("ITリスキリングセミナーの開催").map(|x| x.0),
            Some(1)
        );
        assert_eq!(f.closest("情報収集").map(|x| x.0), Some(0));
        assert_eq!(f.closest("ー").map(|x| x.0), None);
        assert_eq!(Fuzzy::new([]).closest("x"), None);
    }
}
