//! The model: plain data that the validation stage produces and the writers consume, and
//! the rules that work on data alone (merging, numbering, accounting). Nothing here reads
//! or writes a file.
//!
//! - [`findings`]: a finding — a problem at a place;
//! - [`contribution`]: one read contribution (activities, indicators, rejected rows);
//! - [`merge`]: the merge rules: ordering, numbering, duplicates, accounting;
//! - [`programme_rows`]: the programme as one row per indicator (`Данни`);
//! - [`import`]: what `import` made of last year's document;
//! - [`reporting`]: what was reported for each indicator, and the keys tying it together.

pub mod contribution;
pub mod findings;
pub mod import;
pub mod merge;
pub mod programme_rows;
pub mod reporting;
