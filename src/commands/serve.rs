//! `zakrila serve`, `links`, `backup` and `password`: the portal's commands, over
//! [`crate::serve`].

use std::io::Write;

use crate::catalogue::{Lang, Msg, Output};
use crate::cli::{BackupArgs, LinksArgs, PasswordArgs, ServeArgs};
use crate::serve::BaseUrlSource;

use super::output::check_target;
use super::{CommandError, CommandResult, Done, say};

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

pub fn links(args: &LinksArgs, lang: Lang) -> CommandResult {
    let programme = super::load_programme(&args.config.config)?;
    let found = crate::serve::links(&programme, &args.data, args.base_url.as_deref())?;
    // Where the links' beginning came from, when it was not given, and whether anybody
    // but this computer can open them: on stderr, so the table stays clean.
    match found.source {
        BaseUrlSource::Given => {}
        BaseUrlSource::LastServed => say(
            &Msg::LinksLastServed {
                base_url: &found.base_url,
            },
            lang,
        ),
        BaseUrlSource::NeverServed => say(
            &Msg::LinksNeverServed {
                base_url: &found.base_url,
            },
            lang,
        ),
    }
    if found.loopback {
        say(&Msg::LinksOnlyHere, lang);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    found
        .links
        .iter()
        .try_for_each(|(institution, link)| writeln!(out, "{institution}\t{link}"))
        .and_then(|()| out.flush())
        .map_err(CommandError::stdout)?;
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

/// Why `zakrila password` set no password.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// The data folder holds no portal.
    #[error("{} holds no portal", .0.display())]
    NoPortal(std::path::PathBuf),
    /// Shorter than the portal takes.
    #[error("the password is too short")]
    TooShort,
    /// The two typed on the terminal differ.
    #[error("the two passwords differ")]
    Mismatch,
    /// No `ZAKRILA_ADMIN_PASSWORD`, and no terminal to ask on.
    #[error("no terminal to ask for the password on")]
    NoTerminal(#[source] std::io::Error),
}

/// The new password: `ZAKRILA_ADMIN_PASSWORD` when set, else typed twice on the terminal
/// without echo.
fn new_password(lang: Lang) -> Result<String, PasswordError> {
    if let Ok(password) = std::env::var("ZAKRILA_ADMIN_PASSWORD")
        && !password.is_empty()
    {
        return Ok(password);
    }
    let ask = |msg: Msg<'_>| {
        rpassword::prompt_password(msg.render(lang)).map_err(PasswordError::NoTerminal)
    };
    let first = ask(Msg::PasswordPrompt {
        min: crate::serve::auth::MIN_PASSWORD_CHARS,
    })?;
    if first.chars().count() < crate::serve::auth::MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if ask(Msg::PasswordPromptAgain)? != first {
        return Err(PasswordError::Mismatch);
    }
    Ok(first)
}

pub fn password(args: &PasswordArgs, lang: Lang) -> CommandResult {
    let fail = |err| Err(CommandError::Password(err));
    if !args.data.join(crate::serve::store::DATABASE_FILE).is_file() {
        return fail(PasswordError::NoPortal(args.data.clone()));
    }
    let password = match new_password(lang) {
        Ok(password) => password,
        Err(err) => return fail(err),
    };
    if password.chars().count() < crate::serve::auth::MIN_PASSWORD_CHARS {
        return fail(PasswordError::TooShort);
    }
    crate::serve::set_password(&args.data, &password)?;
    say(&Msg::PasswordSet { data: &args.data }, lang);
    Ok(Done::Clean)
}
