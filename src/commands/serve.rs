//! `zakrila serve`, `links` and `backup`: the portal's commands, over [`crate::serve`].

use std::io::Write;

use crate::catalogue::{Lang, Msg, Output};
use crate::cli::{BackupArgs, LinksArgs, ServeArgs};

use super::output::check_target;
use super::{CommandResult, Done, say};

pub fn run(args: &ServeArgs, lang: Lang) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    let options = crate::serve::Options {
        data: args.data.clone(),
        listen: args.listen,
        base_url: args.base_url.clone(),
        max_file_mb: args.limits.max_file_mb,
        lang,
        limits: crate::serve::listen::ServerLimits::default(),
    };
    crate::serve::run(programme, &options)?;
    Ok(Done::Clean)
}

pub fn links(args: &LinksArgs) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    let links = crate::serve::links(&programme, &args.data, &args.base_url)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (institution, link) in links {
        writeln!(out, "{institution}\t{link}")?;
    }
    out.flush()?;
    Ok(Done::Clean)
}

pub fn backup(args: &BackupArgs, lang: Lang) -> CommandResult {
    let database = args.data.join(crate::serve::store::DATABASE_FILE);
    check_target(
        &args.output,
        std::slice::from_ref(&database),
        Output::Backup,
    )?;
    crate::serve::backup(&args.data, &args.output)?;
    say(&Msg::BackupWritten { path: &args.output }, lang);
    Ok(Done::Clean)
}
