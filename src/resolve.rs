//! Resolve 再掲.
