//! zakrila: municipal child-protection programmes, from Excel contributions to the national
//! agency's CSV.
//!
//! Data flows one way, one folder per stage:
//!
//! 1. [`read`] — any spreadsheet's bytes → cells with their places, under limits;
//! 2. [`normalise`] — text, numbers, deadlines and names as people type them;
//! 3. [`validate`] — the reading rules → the model and every finding by cell;
//! 4. [`model`] — plain data: contributions, the merged programme, the reporting round;
//! 5. [`write`] — workbooks and the CSV, as bytes.
//!
//! Beside the flow: [`config`] (the programme's definition), [`contract`] (every agreed
//! sheet and column, written once for the writers and the readers), [`catalogue`] (every
//! sentence, in Bulgarian and English). [`commands`] runs the command line over these
//! stages; the binary is a thin shell over [`commands::run`].

pub mod model;
pub mod normalise;
pub mod read;
pub mod validate;
pub mod write;

pub mod catalogue;
pub mod config;
pub mod contract;

pub mod api;
pub mod cli;
pub mod commands;
