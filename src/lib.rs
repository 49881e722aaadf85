//! zakrila: municipal child-protection programmes, from Excel contributions to the national
//! agency's CSV.
//!
//! Data flows one way: read → normalise → validate → model → write. The binary is a thin
//! shell over [`commands::run`]; every stage lives in its own module.

pub mod annotate;
pub mod catalogue;
pub mod cli;
pub mod commands;
pub mod config;
pub mod contract;
pub mod export;
pub mod findings;
pub mod inputs;
pub mod merge;
pub mod normalise;
pub mod output;
pub mod programme_workbook;
pub mod read;
pub mod report;
pub mod report_collect;
pub mod submission;
pub mod template;
