//! Validation: the reading rules of the spec applied to cells, giving the model and every
//! finding by cell. Parse, don't validate: what leaves this stage as a model value is known
//! to be good; everything else is a finding.
//!
//! - [`contribution`]: one institution's contribution (template.md's reading rules);
//! - [`institutions`]: institution names as people write them, against the programme's;
//! - [`report`]: a filled reporting workbook (reporting.md);
//! - [`programme_data`]: the workbooks zakrila wrote, read back;
//! - [`table`]: finding a table by its header labels, shared by the readers.

pub mod contribution;
pub mod institutions;
pub mod programme_data;
pub mod report;
pub mod table;
