//! clap's `Command` for [`Cli`] in the catalogue's words, and clap's errors as the
//! catalogue's sentences.
//!
//! The command line stays declared once, with the derive, in [`crate::cli`]; here every
//! (sub)command gets its one line, paragraph and examples from
//! [`crate::catalogue::help::command_help`], every argument its help from
//! [`crate::catalogue::help::argument_help`], and the words clap would print in English
//! ("Usage:", "Options:", "[default: …]", "[OPTIONS]", "<COMMAND>") are replaced: the
//! headings through a help template and each argument's heading, the help and version
//! flags redefined, the usage line overridden.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory};

use crate::catalogue::Lang;
use crate::catalogue::help::{HelpWord, UsageProblem, argument_help, command_help, value_name};
use crate::cli::Cli;

/// The command line of zakrila with every text in `lang`; `--lang` defaults to `lang`.
pub fn command(lang: Lang) -> clap::Command {
    let default_lang = match lang {
        Lang::Bg => "bg",
        Lang::En => "en",
    };
    let root = Cli::command()
        .bin_name("zakrila")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .global(true),
        )
        .mut_arg("lang", |arg| arg.default_value(default_lang));
    let mut root = localize(root, "", lang);
    root.build();
    override_usage(&mut root, lang);
    root
}

/// One (sub)command and everything below it in `lang`.
fn localize(mut cmd: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let template = format!(
        "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        HelpWord::Usage.render(lang)
    );
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(HelpWord::Commands.render(lang))
        .subcommand_value_name(HelpWord::Command.render(lang))
        .long_about(None)
        .after_long_help(None);
    if let Some(help) = command_help(path) {
        let about = help.about.get(lang);
        // `-h` and the parent's list of commands show the line; `--help` the paragraph too.
        let long_about = match help.more {
            Some(more) => format!("{about}\n\n{}", more.get(lang)),
            None => about.to_string(),
        };
        cmd = cmd
            .about(about)
            .long_about(long_about)
            .after_help(examples(help, lang));
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |arg| localize_arg(arg, path, lang));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = subcommand_path(path, &name);
        cmd = cmd.mut_subcommand(&name, |sub| localize(sub, &sub_path, lang));
    }
    cmd
}

/// The path of subcommand `name` of the command at `path`: `"report new"`.
fn subcommand_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path} {name}")
    }
}

/// The examples after the options.
fn examples(help: &crate::catalogue::help::CommandHelp, lang: Lang) -> String {
    let mut text = String::new();
    let heading = if help.examples.len() == 1 {
        HelpWord::Example
    } else {
        HelpWord::Examples
    };
    text.push_str(heading.render(lang));
    text.push(':');
    for example in help.examples {
        text.push_str("\n  ");
        text.push_str(example);
    }
    text
}

/// One argument in `lang`: its help with its default, its heading, its placeholders.
fn localize_arg(arg: Arg, path: &str, lang: Lang) -> Arg {
    let mut help = match argument_help(path, arg.get_id().as_str()) {
        Some(text) => text.get(lang).to_string(),
        // A new argument without words in the catalogue keeps its doc comment (a unit test
        // fails until it has them).
        None => arg.get_help().map(ToString::to_string).unwrap_or_default(),
    };
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    if arg.get_action().takes_values() && !defaults.is_empty() {
        help.push_str(&format!(
            " [{}: {}]",
            HelpWord::Default.render(lang),
            defaults.join(", ")
        ));
    }
    let heading = if arg.is_positional() {
        HelpWord::Arguments
    } else {
        HelpWord::Options
    };
    let names: Option<Vec<&'static str>> = arg.get_value_names().map(|names| {
        names
            .iter()
            .map(|name| value_name(name.as_str(), lang).unwrap_or_else(|| leak(name.as_str())))
            .collect()
    });
    let takes_values = arg.get_action().takes_values();
    let mut arg = arg
        .help(help)
        .long_help(None)
        .help_heading(heading.render(lang));
    if takes_values {
        // Said in the help's own words instead.
        arg = arg.hide_default_value(true).hide_possible_values(true);
    }
    if let Some(names) = names {
        arg = arg.value_names(names);
    }
    arg
}

/// A placeholder without a translation, kept as declared (clap wants it `'static`; the
/// declared ones are string literals, so this is a handful of bytes once per run).
fn leak(name: &str) -> &'static str {
    Box::leak(name.to_string().into_boxed_str())
}

/// Replaces clap's usage line (with its English "[OPTIONS]") in every built command.
fn override_usage(cmd: &mut clap::Command, lang: Lang) {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .replace("[OPTIONS]", HelpWord::OptionsPlaceholder.render(lang));
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        override_usage(sub, lang);
    }
}

/// The subcommand a command line names, as a path (`"report new"`), found by walking its
/// words down the tree of subcommands.
pub fn find_subcommand_path(cmd: &clap::Command, args: &[OsString]) -> String {
    let mut path = String::new();
    let mut current = cmd;
    for arg in args.iter().skip(1) {
        let Some(word) = arg.to_str() else { continue };
        if word.starts_with('-') {
            continue;
        }
        match current.find_subcommand(word) {
            Some(sub) => {
                path = subcommand_path(&path, sub.get_name());
                current = sub;
            }
            None if current.has_subcommands() => {}
            None => break,
        }
    }
    path
}

/// The (sub)command at `path`.
fn find_command<'c>(cmd: &'c clap::Command, path: &str) -> &'c clap::Command {
    path.split_whitespace().fold(cmd, |current, name| {
        current.find_subcommand(name).unwrap_or(current)
    })
}

/// What to say for a clap error that is not the help or the version: the catalogue's
/// sentence, the usage line, and where to read more.
pub fn usage_error(
    err: &clap::Error,
    cmd: &mut clap::Command,
    args: &[OsString],
    lang: Lang,
) -> String {
    let path = find_subcommand_path(cmd, args);
    let here = find_command(cmd, &path);
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(value)) => Some(value.clone()),
        Some(ContextValue::Strings(values)) => Some(values.join(", ")),
        _ => None,
    };
    let texts = |kind| match err.get(kind) {
        Some(ContextValue::String(value)) => vec![value.clone()],
        Some(ContextValue::Strings(values)) => values.clone(),
        _ => Vec::new(),
    };
    let number = |kind| match err.get(kind) {
        Some(ContextValue::Number(n)) => *n,
        _ => 0,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let subcommands: Vec<String> = here
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    let suggested_subcommands = texts(ContextKind::SuggestedSubcommand);
    let valid_values = texts(ContextKind::ValidValue);
    let valid_subcommands = texts(ContextKind::ValidSubcommand);
    let required = texts(ContextKind::InvalidArg);
    let suggested_arg = text(ContextKind::SuggestedArg);
    let suggested_value = text(ContextKind::SuggestedValue);
    let prior = text(ContextKind::PriorArg).unwrap_or_default();
    let parent = text(ContextKind::InvalidSubcommand).unwrap_or_default();
    let help = arg_help(cmd, &arg);
    let problem = match err.kind() {
        ErrorKind::UnknownArgument => UsageProblem::UnknownArgument {
            arg: &arg,
            suggested: suggested_arg.as_deref(),
        },
        ErrorKind::InvalidSubcommand => UsageProblem::UnknownCommand {
            name: &parent,
            suggested: &suggested_subcommands,
            valid: &subcommands,
        },
        ErrorKind::MissingSubcommand => UsageProblem::MissingCommand {
            parent: &parent,
            valid: &valid_subcommands,
        },
        ErrorKind::MissingRequiredArgument => UsageProblem::MissingArguments { args: &required },
        ErrorKind::InvalidValue if value.is_empty() => UsageProblem::MissingValue { arg: &arg },
        ErrorKind::InvalidValue => UsageProblem::NotAChoice {
            arg: &arg,
            value: &value,
            valid: &valid_values,
            suggested: suggested_value.as_deref(),
        },
        ErrorKind::ValueValidation => UsageProblem::BadValue {
            arg: &arg,
            value: &value,
            help: help.as_deref(),
        },
        ErrorKind::TooManyValues => UsageProblem::ExtraValue {
            arg: &arg,
            value: &value,
        },
        ErrorKind::TooFewValues => UsageProblem::ValueCount {
            arg: &arg,
            expected: number(ContextKind::MinValues),
            actual: number(ContextKind::ActualNumValues),
        },
        ErrorKind::WrongNumberOfValues => UsageProblem::ValueCount {
            arg: &arg,
            expected: number(ContextKind::ExpectedNumValues),
            actual: number(ContextKind::ActualNumValues),
        },
        ErrorKind::ArgumentConflict if arg == prior => UsageProblem::Repeated { arg: &arg },
        ErrorKind::ArgumentConflict => UsageProblem::Conflict {
            arg: &arg,
            prior: &prior,
        },
        ErrorKind::NoEquals => UsageProblem::NoEquals { arg: &arg },
        ErrorKind::InvalidUtf8 => UsageProblem::NotText,
        _ => UsageProblem::NotUnderstood,
    };
    let mut said = problem.render(lang);
    let usage = match err.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => Some(usage.to_string()),
        _ => None,
    };
    let usage = usage.unwrap_or_else(|| find_command_mut(cmd, &path).render_usage().to_string());
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    said.push_str("\n\n");
    said.push_str(&UsageProblem::UsageLine { usage }.render(lang));
    let command = if path.is_empty() {
        "zakrila".to_string()
    } else {
        format!("zakrila {path}")
    };
    said.push('\n');
    said.push_str(&UsageProblem::SeeHelp { command: &command }.render(lang));
    said
}

/// The (sub)command at `path`, to render its usage.
fn find_command_mut<'c>(cmd: &'c mut clap::Command, path: &str) -> &'c mut clap::Command {
    let mut current = cmd;
    for name in path.split_whitespace() {
        if current.find_subcommand(name).is_none() {
            break;
        }
        current = current
            .find_subcommand_mut(name)
            .expect("the subcommand was just found");
    }
    current
}

/// The help of the argument that clap names as `display` (`--max-file-mb <МБ>`), anywhere
/// in the tree.
fn arg_help(cmd: &clap::Command, display: &str) -> Option<String> {
    if display.is_empty() {
        return None;
    }
    let found = cmd
        .get_arguments()
        .find(|arg| arg.to_string() == display)
        .and_then(|arg| arg.get_help().map(ToString::to_string));
    found.or_else(|| cmd.get_subcommands().find_map(|sub| arg_help(sub, display)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (sub)command path and the ids of its arguments, the propagated global ones
    /// (`--lang`, `--help`, `--version`) with the root only.
    fn tree(cmd: &clap::Command, path: &str, out: &mut Vec<(String, Vec<String>)>) {
        let ids = cmd
            .get_arguments()
            .filter(|arg| path.is_empty() || !arg.is_global_set())
            .map(|arg| arg.get_id().to_string())
            .collect();
        out.push((path.to_string(), ids));
        for sub in cmd.get_subcommands() {
            tree(sub, &subcommand_path(path, sub.get_name()), out);
        }
    }

    fn every_command() -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        tree(&command(Lang::Bg), "", &mut out);
        out
    }

    #[test]
    fn every_command_and_argument_has_words_in_both_languages() {
        let mut missing = Vec::new();
        for (path, ids) in every_command() {
            match command_help(&path) {
                Some(help) => {
                    for lang in [Lang::Bg, Lang::En] {
                        if help.about.get(lang).is_empty() {
                            missing.push(format!("zakrila {path}: about ({lang:?})"));
                        }
                    }
                    if help.examples.is_empty() {
                        missing.push(format!("zakrila {path}: an example"));
                    }
                }
                None => missing.push(format!("zakrila {path}: its one line and examples")),
            }
            for id in ids {
                match argument_help(&path, &id) {
                    Some(text)
                        if !text.get(Lang::Bg).is_empty() && !text.get(Lang::En).is_empty() => {}
                    _ => missing.push(format!("zakrila {path}: argument {id}")),
                }
            }
        }
        assert!(
            missing.is_empty(),
            "add these to src/catalogue/help.rs (COMMANDS, ARGUMENTS):\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn every_placeholder_has_a_bulgarian_word() {
        fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
            let args = Cli::command().get_arguments().cloned().collect::<Vec<_>>();
            for arg in args.iter().chain(cmd.get_arguments()) {
                if !arg.get_action().takes_values() {
                    continue;
                }
                for name in arg.get_value_names().unwrap_or_default() {
                    out.push(name.to_string());
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, out);
            }
        }
        let mut names = Vec::new();
        walk(&Cli::command(), &mut names);
        // A placeholder in capitals is a word; one like programme.toml is a file name.
        let untranslated: Vec<_> = names
            .iter()
            .filter(|name| !name.chars().any(|c| c.is_ascii_lowercase()))
            .filter(|name| value_name(name, Lang::Bg).is_none())
            .collect();
        assert!(
            untranslated.is_empty(),
            "add to VALUE_NAMES: {untranslated:?}"
        );
    }

    #[test]
    fn every_choice_is_named_in_its_help() {
        fn walk(cmd: &clap::Command) {
            for arg in cmd.get_arguments() {
                let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                for value in arg.get_possible_values() {
                    if arg.get_action().takes_values() {
                        assert!(
                            help.contains(value.get_name()),
                            "{}: the help of {} does not name {}: {help}",
                            cmd.get_name(),
                            arg.get_id(),
                            value.get_name()
                        );
                    }
                }
            }
            cmd.get_subcommands().for_each(walk);
        }
        walk(&command(Lang::Bg));
        walk(&command(Lang::En));
    }

    #[test]
    fn bulgarian_help_has_none_of_clap_s_english_words() {
        fn walk(cmd: &mut clap::Command, out: &mut Vec<(String, String)>) {
            out.push((cmd.get_name().to_string(), cmd.render_help().to_string()));
            for sub in cmd.get_subcommands_mut() {
                walk(sub, out);
            }
        }
        let mut helps = Vec::new();
        walk(&mut command(Lang::Bg), &mut helps);
        assert!(helps.len() >= 12, "{}", helps.len());
        for (name, help) in helps {
            for english in [
                "Usage",
                "Options",
                "Arguments",
                "Commands",
                "COMMAND",
                "[default",
                "Print ",
                "possible",
                "Example",
            ] {
                assert!(!help.contains(english), "{name}: {english:?} in\n{help}");
            }
            for bulgarian in ["Употреба: zakrila", "Настройки:", "--lang <ЕЗИК>", "Пример"]
            {
                assert!(
                    help.contains(bulgarian),
                    "{name}: no {bulgarian:?} in\n{help}"
                );
            }
        }
    }

    #[test]
    fn every_example_is_a_command_line_zakrila_takes() {
        for (path, _) in every_command() {
            for example in command_help(&path).map_or(&[][..], |help| help.examples) {
                let words: Vec<&str> = example.split_whitespace().collect();
                match command(Lang::Bg).try_get_matches_from(&words) {
                    Ok(_) => {}
                    Err(err) if err.kind() == ErrorKind::DisplayHelp => {}
                    Err(err) => panic!("{example}: {err}"),
                }
            }
        }
    }

    fn error_for(line: &str, lang: Lang) -> String {
        let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        let mut cmd = command(lang);
        let err = cmd.try_get_matches_from_mut(&args).unwrap_err();
        usage_error(&err, &mut cmd, &args, lang)
    }

    #[test]
    fn clap_s_complaints_are_the_catalogue_s_sentences() {
        let said = error_for("zakrila validate --formt json x.xlsx", Lang::Bg);
        assert!(
            said.starts_with("Няма настройка „--formt“. Може би „--format“?"),
            "{said}"
        );
        assert!(
            said.contains(
                "\nУпотреба: zakrila validate [НАСТРОЙКИ] --config <programme.toml> <ФАЙЛ>..."
            ),
            "{said}"
        );
        assert!(said.ends_with("Помощ: zakrila validate --help"), "{said}");

        let said = error_for("zakrila mrege", Lang::Bg);
        assert!(
            said.starts_with(
                "Няма команда „mrege“. Може би „merge“? Командите са: template, validate, merge"
            ),
            "{said}"
        );

        let said = error_for("zakrila merge -o p.xlsx", Lang::Bg);
        assert!(
            said.starts_with("Липсва задължителното: „--config <programme.toml>“, „<ФАЙЛ>...“."),
            "{said}"
        );

        let said = error_for(
            "zakrila template --config p.toml -o t.xlsx --lang de",
            Lang::Bg,
        );
        assert!(
            said.starts_with(
                "„de“ не е възможна стойност на „--lang <ЕЗИК>“; възможни са: bg, en."
            ),
            "{said}"
        );

        let said = error_for("zakrila template --config", Lang::Bg);
        assert!(
            said.starts_with("След „--config <programme.toml>“ напишете стойността ѝ."),
            "{said}"
        );

        let said = error_for(
            "zakrila validate --config p.toml --max-file-mb 0 x",
            Lang::Bg,
        );
        assert!(
            said.starts_with("„0“ не става за „--max-file-mb <МБ>“. Най-големият файл"),
            "{said}"
        );

        let said = error_for("zakrila report --lang bg", Lang::Bg);
        assert!(
            said.starts_with("След „zakrila report“ напишете команда: new, collect."),
            "{said}"
        );

        let said = error_for("zakrila merge --strict --strict", Lang::En);
        assert!(
            said.starts_with("\"--strict\" is given more than once"),
            "{said}"
        );

        let said = error_for("zakrila validate --formt json x.xlsx", Lang::En);
        assert!(
            said.starts_with("There is no option \"--formt\". Did you mean \"--format\"?"),
            "{said}"
        );
        assert!(
            said.contains(
                "\nUsage: zakrila validate [OPTIONS] --config <programme.toml> <FILE>..."
            ),
            "{said}"
        );
    }

    #[test]
    fn the_default_language_is_the_one_decided() {
        let matches = command(Lang::En)
            .try_get_matches_from(["zakrila", "backup", "--data", "d", "-o", "c"])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        assert_eq!(cli.lang, Lang::En);
        let matches = command(Lang::En)
            .try_get_matches_from([
                "zakrila", "backup", "--data", "d", "-o", "c", "--lang", "bg",
            ])
            .unwrap();
        assert_eq!(Cli::from_arg_matches(&matches).unwrap().lang, Lang::Bg);
    }

    use clap::FromArgMatches;
}
