//! zakrila: municipal child-protection programmes, from Excel contributions to the national
//! agency's CSV.
//!
//! Data flows one way: read → normalise → validate → model → write. The binary is a thin
//! shell over [`commands::run`]; every stage lives in its own module.

pub mod cli;
pub mod commands;
pub mod config;
pub mod layout;
pub mod messages;
pub mod output;
pub mod template;
pub mod text;
