//! Fiscal-year notations.
