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
//! sentence, in Bulgarian and English), [`system`] (the operating system's errors as kinds of
//! trouble the catalogue can say). [`round`] is the one rule of what a merge takes from the
//! versions institutions sent (the portal asks it everywhere). [`commands`] runs the command line over these
//! stages; [`launch`] parses the command line (help and complaints in the catalogue's
//! words) or, with no arguments, starts the portal from the program's folder; the binary is
//! a thin shell over [`launch::main`].

#![warn(missing_docs)]

// The stages, in the order data flows through them.
pub mod read;
// Text, numbers, deadlines and names as people type them.
pub mod normalise;
// The reading rules: cells → the model and every finding by cell.
pub mod validate;
// Plain data and the rules on data alone.
pub mod model;
// Workbooks and the CSV, as bytes.
pub mod write;
// Last year's programme document into this year's config and contributions.
pub mod import;

// Beside the flow: what was agreed, every sentence, the programme's definition, and the
// operating system's errors as kinds of trouble (their words only for `--verbose`).
pub mod catalogue;
pub mod config;
pub mod contract;
pub mod system;

// On top: the library over bytes; what a round's merge takes; the command line.
pub mod api;
pub mod cli;
pub mod commands;
pub mod round;
// How the program starts: the language, help and clap's complaints in it, the Windows
// console, the double-click start.
pub mod launch;
// The portal's e-mail: messages, the outbox's rules, the SMTP transport.
pub mod mail;
// The portal: the same round in a browser, over the same library.
pub mod serve;
