//! Resolve 再掲.

use crate::diagnostic::Warned;
use crate::model::Roadmap;

/// Placeholder until the resolver lands.
pub fn resolve(roadmap: Roadmap) -> Warned<Roadmap> {
    Warned::new(roadmap, Vec::new())
}
