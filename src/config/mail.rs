//! The optional `[mail]` table of programme.toml and the `email` of an institution (spec:
//! portal.md, "E-mail"): where the portal's messages go out and to whom.
//!
//! Read by the same [`Reader`] as the rest of the config, so a bad address is named with its
//! line and column. The password is never in the file: the portal takes it from
//! `ZAKRILA_SMTP_PASSWORD` when it starts.

use std::ops::Range;
use std::path::PathBuf;

use validator::ValidateEmail;

use super::{ConfigError, ConfigProblem, Reader, Table, Value};

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailSecurity {
    /// A plain connection upgraded with STARTTLS before anything is sent (port 587): what
    /// Microsoft 365 and most municipal relays ask for. The upgrade is required, never
    /// optional, so a man in the middle cannot strip it.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or network that takes mail
    /// without a password.
    None,
}

impl MailSecurity {
    /// The port a server with this security usually listens on, used when `smtp` names
    /// none.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::config::MailSecurity;
    /// assert_eq!(MailSecurity::StartTls.default_port(), 587);
    /// assert_eq!(MailSecurity::Tls.default_port(), 465);
    /// assert_eq!(MailSecurity::None.default_port(), 25);
    /// ```
    pub fn default_port(self) -> u16 {
        match self {
            MailSecurity::StartTls => 587,
            MailSecurity::Tls => 465,
            MailSecurity::None => 25,
        }
    }

    /// The word written in programme.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            MailSecurity::StartTls => "starttls",
            MailSecurity::Tls => "tls",
            MailSecurity::None => "none",
        }
    }
}

/// An address with an optional display name: `Комисия за закрила на детето
/// <komisia@ruse.bg>` or just `komisia@ruse.bg`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailAddress {
    /// The name shown before the address, when one was written.
    pub name: Option<String>,
    /// The address itself, checked.
    pub address: String,
}

impl MailAddress {
    /// Reads `Name <address>` or `address`; None when the address is not one.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::config::MailAddress;
    /// let from = MailAddress::parse("Комисия за закрила на детето <komisia@ruse.bg>").unwrap();
    /// assert_eq!(from.name.as_deref(), Some("Комисия за закрила на детето"));
    /// assert_eq!(from.address, "komisia@ruse.bg");
    /// assert_eq!(MailAddress::parse("komisia@ruse.bg").unwrap().name, None);
    /// assert!(MailAddress::parse("komisia@ruse").is_none());
    /// assert!(MailAddress::parse("Комисия <komisia@ruse.bg").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<MailAddress> {
        let text = text.trim();
        match text.rsplit_once('<') {
            Some((name, rest)) => {
                let address = rest.strip_suffix('>')?.trim();
                let name = name.trim().trim_matches('"').trim();
                is_email(address).then(|| MailAddress {
                    name: (!name.is_empty()).then(|| name.to_string()),
                    address: address.to_string(),
                })
            }
            None => is_email(text).then(|| MailAddress {
                name: None,
                address: text.to_string(),
            }),
        }
    }
}

/// The `[mail]` table: the SMTP server the portal sends through, and who the mail is from.
///
/// # Examples
///
/// ```
/// let toml = "[programme]\ntitle = \"П\"\nmunicipality = \"Русе\"\nmunicipality_code = \"RSE27\"\n\
///     period_start = 2025-01-01\nperiod_end = 2026-12-31\n\
///     [mail]\nsmtp = \"smtp.office365.com:587\"\nsecurity = \"starttls\"\n\
///     user = \"komisia@ruse.bg\"\nfrom = \"Комисия <komisia@ruse.bg>\"\n\
///     [[priority]]\nnumber = 1\ntitle = \"О\"\n[[priority.goal]]\ncode = \"1.1\"\ntitle = \"Ц\"\n\
///     [[institution]]\nname = \"Община Русе\"\nemail = \"obshtina@ruse.bg\"\n";
/// let programme = zakrila::config::Programme::from_bytes("p.toml".as_ref(), toml.as_bytes())?;
/// let mail = programme.mail.unwrap();
/// assert_eq!((mail.host.as_str(), mail.port), ("smtp.office365.com", 587));
/// assert_eq!(mail.from.address, "komisia@ruse.bg");
/// assert_eq!(mail.secretary_address(), "komisia@ruse.bg");
/// assert_eq!(programme.institutions[0].email.as_deref(), Some("obshtina@ruse.bg"));
/// # Ok::<(), zakrila::config::ConfigError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailSettings {
    /// The server's host name (or IP address).
    pub host: String,
    /// The server's port: as written, or the usual one for `security`.
    pub port: u16,
    /// How the connection is protected; `starttls` unless set.
    pub security: MailSecurity,
    /// The user name to sign in with; none for a relay that takes mail without one.
    pub user: Option<String>,
    /// Who the messages are from.
    pub from: MailAddress,
    /// Where the daily line about new files goes; `from`'s address unless set.
    pub secretary: Option<String>,
    /// A PEM file of certificates to trust besides the public ones: a municipal relay whose
    /// certificate the municipality signed itself. Relative to the config's folder.
    pub ca_file: Option<PathBuf>,
}

impl MailSettings {
    /// The environment variable the SMTP password is read from.
    pub const PASSWORD_VARIABLE: &'static str = "ZAKRILA_SMTP_PASSWORD";

    /// Where the secretary's daily line goes.
    pub fn secretary_address(&self) -> &str {
        self.secretary.as_deref().unwrap_or(&self.from.address)
    }
}

/// A valid e-mail address (validator's check) whose domain has a dot: "ime@ruo-ruse" is
/// allowed by the standard but is always a typo in a public institution's address.
///
/// # Examples
///
/// ```
/// assert!(zakrila::config::is_email("ruo-ruse@mon.bg"));
/// assert!(!zakrila::config::is_email("ruo-ruse@mon"));
/// assert!(!zakrila::config::is_email("ruo-ruse mon.bg"));
/// ```
pub fn is_email(text: &str) -> bool {
    text.validate_email()
        && text
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'))
}

pub(super) const MAIL_KEYS: &[&str] = &["smtp", "security", "user", "from", "secretary", "ca_file"];

impl Reader<'_> {
    /// The optional `[mail]` table.
    pub(super) fn mail(&self, document: &Table<'_>) -> Result<Option<MailSettings>, ConfigError> {
        let Some(value) = document.get("mail") else {
            return Ok(None);
        };
        let table_span = value.span();
        let table = self.table(value, "mail")?;
        // A password in a file is a password in every backup and every e-mailed copy of the
        // config: say where it goes instead of calling the key unknown.
        if let Some(key) = table
            .keys()
            .find(|key| key.get_ref().as_ref() == "password")
        {
            return Err(self.error(key.span(), ConfigProblem::PasswordInFile));
        }
        self.known_keys(table, "mail", MAIL_KEYS)?;

        let security = match table.get("security") {
            None => MailSecurity::StartTls,
            Some(value) => match self.text_value(value, "security")?.to_lowercase().as_str() {
                "starttls" => MailSecurity::StartTls,
                "tls" | "ssl" => MailSecurity::Tls,
                "none" => MailSecurity::None,
                other => {
                    return Err(self.error(
                        value.span(),
                        ConfigProblem::MailSecurity {
                            value: other.to_string(),
                        },
                    ));
                }
            },
        };
        let smtp_value = self.required(table, &table_span, "mail", "smtp")?;
        let smtp = self.text_value(smtp_value, "smtp")?;
        let Some((host, port)) = host_and_port(&smtp, security.default_port()) else {
            return Err(self.error(smtp_value.span(), ConfigProblem::SmtpServer { value: smtp }));
        };
        let user = table
            .get("user")
            .map(|value| self.text_value(value, "user"))
            .transpose()?;
        if let (Some(_), MailSecurity::None) = (&user, security) {
            return Err(self.error(
                table
                    .get("user")
                    .map_or(table_span.clone(), |value| value.span()),
                ConfigProblem::PasswordInClear,
            ));
        }
        let from_value = self.required(table, &table_span, "mail", "from")?;
        let from = self.mail_address(from_value, "from")?;
        let secretary = table
            .get("secretary")
            .map(|value| self.email_value(value, "secretary"))
            .transpose()?;
        let ca_file = table
            .get("ca_file")
            .map(|value| self.text_value(value, "ca_file"))
            .transpose()?
            .map(|file| {
                let folder = self.path.parent().unwrap_or(std::path::Path::new(""));
                folder.join(file)
            });
        Ok(Some(MailSettings {
            host,
            port,
            security,
            user,
            from,
            secretary,
            ca_file,
        }))
    }

    /// An address with an optional display name (`from`).
    fn mail_address(&self, value: &Value<'_>, key: &str) -> Result<MailAddress, ConfigError> {
        let text = self.text_value(value, key)?;
        MailAddress::parse(&text).ok_or_else(|| self.bad_email(value.span(), key, text))
    }

    /// One bare e-mail address (`email` of an institution, `secretary`).
    pub(super) fn email_value(&self, value: &Value<'_>, key: &str) -> Result<String, ConfigError> {
        let text = self.text_value(value, key)?;
        if is_email(&text) {
            Ok(text)
        } else {
            Err(self.bad_email(value.span(), key, text))
        }
    }

    fn bad_email(&self, span: Range<usize>, key: &str, value: String) -> ConfigError {
        self.error(
            span,
            ConfigProblem::Email {
                key: key.to_string(),
                value,
            },
        )
    }
}

/// `host:port`, `host` (the default port), `[::1]:2525` or `[::1]`; None when the host is
/// empty, holds a space or a slash, or the port is not a number from 1 to 65535.
fn host_and_port(text: &str, default_port: u16) -> Option<(String, u16)> {
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    let port = match port {
        None => default_port,
        Some(port) => port.parse::<u16>().ok().filter(|port| *port > 0)?,
    };
    let well_formed = !host.is_empty() && !host.contains(['/', ' ', '@', ':'])
        || (text.starts_with('[') && host.contains(':'));
    well_formed.then(|| (host.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_with_and_without_ports() {
        assert_eq!(
            host_and_port("smtp.office365.com:587", 25),
            Some(("smtp.office365.com".into(), 587))
        );
        assert_eq!(
            host_and_port("relay.ruse.bg", 465),
            Some(("relay.ruse.bg".into(), 465))
        );
        assert_eq!(host_and_port("[::1]:2525", 25), Some(("::1".into(), 2525)));
        assert_eq!(host_and_port("[::1]", 25), Some(("::1".into(), 25)));
        assert_eq!(
            host_and_port("127.0.0.1:2525", 25),
            Some(("127.0.0.1".into(), 2525))
        );
        for bad in [
            "",
            ":587",
            "smtp.ruse.bg:",
            "smtp.ruse.bg:0",
            "smtp.ruse.bg:70000",
            "smtp.ruse.bg:порт",
            "smtp://smtp.ruse.bg",
            "user@smtp.ruse.bg",
            "smtp ruse bg",
            "[::1",
            "[::1]x",
        ] {
            assert_eq!(host_and_port(bad, 25), None, "{bad}");
        }
    }

    #[test]
    fn addresses_with_names() {
        let quoted = MailAddress::parse("\"Комисия, Русе\" <k@ruse.bg>").unwrap();
        assert_eq!(quoted.name.as_deref(), Some("Комисия, Русе"));
        assert_eq!(MailAddress::parse("<k@ruse.bg>").unwrap().name, None);
        assert!(MailAddress::parse("Комисия k@ruse.bg").is_none());
        assert!(MailAddress::parse("").is_none());
    }
}
