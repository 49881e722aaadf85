//! The command line (spec: cli.md), declared with clap's derive API. The doc comments here
//! are for developers; what a user sees — every about, argument help, example and clap's own
//! words — is replaced from the catalogue (`catalogue/help.rs`) by `launch` before parsing.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalogue::Lang;

/// zakrila — municipal child-protection programmes from Excel contributions.
///
/// Makes the agreed template, checks filled workbooks cell by cell, merges them into one
/// programme, runs the reporting round and exports the CSV for the national agency.
#[derive(Debug, Parser)]
#[command(name = "zakrila", version, propagate_version = true)]
pub struct Cli {
    /// Language of messages: bg (Bulgarian, default) or en (English).
    #[arg(long, global = true, value_enum, default_value_t = Lang::Bg)]
    pub lang: Lang,

    /// Also print the system's own words under a message about a file that cannot be read
    /// or written (English, mostly: "No space left on device (os error 28)").
    #[arg(long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    /// The subcommand.
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the agreed template workbook for a programme.
    Template(TemplateArgs),
    /// List every problem in filled workbooks, by cell.
    Validate(ValidateArgs),
    /// Merge contributions into one programme workbook.
    Merge(MergeArgs),
    /// Make reporting workbooks and collect the implementation report.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Write the CSV (and its schema) for the national agency.
    Export(ExportArgs),
    /// Run the contributions round in a browser: institutions by personal link, the
    /// secretary's dashboard, every file kept.
    Serve(ServeArgs),
    /// Print every institution's personal link of the portal (institution TAB link).
    Links(LinksArgs),
    /// Copy the portal's data (every record and file) into one file, also while it runs.
    Backup(BackupArgs),
    /// Set a new secretary's password for the portal, also while it runs; every session
    /// ends.
    Password(PasswordArgs),
    /// Turn last year's programme document (.docx or .odt) into this year's config, one
    /// pre-filled contribution per lead institution and an import report.
    Import(ImportArgs),
    /// Write the Word document the council adopts (from a programme workbook) or hears (from
    /// an implementation report).
    Document(DocumentArgs),
}

/// `zakrila document`.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// The programme's own words (default: programme.md beside programme.toml).
    #[arg(long, value_name = "programme.md")]
    pub text: Option<PathBuf>,
    /// Where to write the document (.docx).
    #[arg(short, long, value_name = "FILE.docx")]
    pub output: PathBuf,
    #[command(flatten)]
    /// The size limit of the workbook read.
    pub limits: LimitsArg,
    /// A programme workbook from merge, or an implementation report from report collect.
    #[arg(value_name = "WORKBOOK")]
    pub workbook: PathBuf,
}

/// `zakrila import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Last year's programme, as the council adopted it: a Word (.docx) or OpenDocument
    /// (.odt) document.
    #[arg(value_name = "LAST.docx|LAST.odt")]
    pub document: PathBuf,
    /// The new programme's period, e.g. 2026-01-01..2026-12-31 (default: the years after
    /// the document's, as many as it spans).
    #[arg(long, value_name = "START..END")]
    pub period: Option<String>,
    /// The municipality's EKATTE code, e.g. RSE27 (default: the placeholder XXX00, to be
    /// replaced before the contributions go out).
    #[arg(long, value_name = "CODE")]
    pub municipality_code: Option<String>,
    /// The folder to write programme.toml, the contributions and import-report.xlsx in
    /// (made when missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the files already in the folder (a reviewed programme.toml, a contribution
    /// already filled) instead of refusing.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    /// The size limit of the document.
    pub limits: LimitsArg,
}

/// `zakrila serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// The data folder: one SQLite database with every record and file (made on first start).
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Where to listen; 0.0.0.0:8080 serves the office network (put HTTPS in front).
    #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// What the personal links start with, e.g. https://zakrila.ruse.bg (default: the
    /// listen address).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    /// The size limit of uploads.
    pub limits: LimitsArg,
}

/// `zakrila links`.
#[derive(Debug, Args)]
pub struct LinksArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// The portal's data folder.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// What the links start with (default: what the portal last served with).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `zakrila password`.
#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// The portal's data folder.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
}

/// `zakrila backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The portal's data folder.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The copy to write (an SQLite database; put it as zakrila.sqlite in an empty folder
    /// to serve from it).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// The size limit of the files a command reads (spec: limits.md).
#[derive(Debug, Args)]
pub struct LimitsArg {
    /// Largest file read, in megabytes; the limits on unpacked size, rows, cells and text
    /// follow in proportion. A programme workbook or report given to `report` and `export`
    /// may be ten times as large.
    #[arg(long, value_name = "MB", default_value_t = crate::read::DEFAULT_FILE_MB,
          value_parser = clap::value_parser!(u32).range(1..=2_000))]
    pub max_file_mb: u32,
}

impl LimitsArg {
    /// The limits for contributions and filled reports.
    pub fn limits(&self) -> crate::read::Limits {
        crate::read::Limits::for_file_mb(self.max_file_mb)
    }

    /// The limits for a programme workbook or implementation report: one file that holds
    /// every contribution of a municipality, so ten times those of one contribution.
    pub fn programme_limits(&self) -> crate::read::Limits {
        crate::read::Limits::for_file_mb(self.max_file_mb.saturating_mul(10))
    }
}

/// Options every programme command takes.
#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The programme config, programme.toml.
    #[arg(long, value_name = "programme.toml")]
    pub config: PathBuf,
}

/// `zakrila template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// Where to write the template (.xlsx).
    #[arg(short, long, value_name = "template.xlsx")]
    pub output: PathBuf,
}

/// Output format of `validate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings grouped by file, for people.
    #[default]
    Text,
    /// The JSON of template.md, on stdout.
    Json,
}

/// `zakrila validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// text (default) or json.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write a marked-up copy of each input into this folder (made when missing).
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    /// The size limit of the files read.
    pub limits: LimitsArg,
    /// Workbooks or folders of workbooks.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `zakrila merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// Write nothing when any row is rejected.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    /// The size limit of the files read.
    pub limits: LimitsArg,
    /// Where to write the programme workbook (.xlsx).
    #[arg(short, long, value_name = "programme.xlsx")]
    pub output: PathBuf,
    /// Contributions, or folders of them.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `zakrila report …`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// One reporting workbook per lead institution.
    New(ReportNewArgs),
    /// Read filled reports into the implementation report.
    Collect(ReportCollectArgs),
}

/// `zakrila report new`.
#[derive(Debug, Args)]
pub struct ReportNewArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// Folder for the reporting workbooks (made when missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace reporting workbooks already in the folder, which institutions may have
    /// filled, instead of refusing.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    /// The size limit of the files read.
    pub limits: LimitsArg,
    /// The merged programme workbook.
    #[arg(value_name = "programme.xlsx")]
    pub programme: PathBuf,
}

/// `zakrila report collect`.
#[derive(Debug, Args)]
pub struct ReportCollectArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// Where to write the implementation report (.xlsx).
    #[arg(short, long, value_name = "report.xlsx")]
    pub output: PathBuf,
    #[command(flatten)]
    /// The size limit of the files read.
    pub limits: LimitsArg,
    /// The merged programme workbook.
    #[arg(value_name = "programme.xlsx")]
    pub programme: PathBuf,
    /// Filled reporting workbooks, or folders of them.
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<PathBuf>,
}

/// Text encoding of the CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8 (default).
    #[default]
    #[value(name = "utf-8")]
    Utf8,
    /// Windows-1251, for older systems.
    #[value(name = "windows-1251")]
    Windows1251,
}

/// `zakrila export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    /// The programme config.
    pub config: ConfigArg,
    /// The implementation report, for actual values and statuses.
    #[arg(long, value_name = "report.xlsx")]
    pub report: Option<PathBuf>,
    /// A CSV for Bulgarian-locale Excel: BOM, ";" and decimal comma.
    #[arg(long)]
    pub excel: bool,
    /// utf-8 (default) or windows-1251.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// Also write datapackage.json beside the CSV.
    #[arg(long)]
    pub datapackage: bool,
    /// Where to write the CSV.
    #[arg(short, long, value_name = "out.csv")]
    pub output: PathBuf,
    #[command(flatten)]
    /// The size limit of the files read.
    pub limits: LimitsArg,
    /// The merged programme workbook.
    #[arg(value_name = "programme.xlsx")]
    pub programme: PathBuf,
}
