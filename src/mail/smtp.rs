//! The SMTP transport: lettre over tokio, TLS by rustls (no OpenSSL to install on Windows),
//! trusting the public certificate authorities (webpki-roots) and, when `[mail] ca_file`
//! names one, the municipality's own.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::outbox::{MailTrouble, Outcome};
use super::sender::{OutgoingMail, Transport};
use crate::catalogue::MailSetupProblem;
use crate::config::{MailSecurity, MailSettings};

/// Why the transport cannot be made (said by the catalogue).
pub type SmtpError = MailSetupProblem;

/// How long one SMTP command may take before the try counts as failed.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// The portal's SMTP client.
#[derive(Clone)]
pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpTransport {
    /// A transport for `[mail]`, signing in with `password` when `user` is set, showing
    /// `default_name` before the sender's address when `from` gives no name.
    ///
    /// # Errors
    ///
    /// No password for the user; a `ca_file` that cannot be read or holds no certificate.
    ///
    /// # Examples
    ///
    /// ```
    /// use zakrila::config::{MailAddress, MailSecurity, MailSettings};
    /// let settings = MailSettings {
    ///     host: "smtp.office365.com".into(), port: 587, security: MailSecurity::StartTls,
    ///     user: Some("komisia@ruse.bg".into()),
    ///     from: MailAddress { name: None, address: "komisia@ruse.bg".into() },
    ///     secretary: None, ca_file: None,
    /// };
    /// assert!(zakrila::mail::SmtpTransport::new(&settings, None, "Комисия").is_err());
    /// assert!(zakrila::mail::SmtpTransport::new(&settings, Some("secret".into()), "Комисия").is_ok());
    /// ```
    pub fn new(
        settings: &MailSettings,
        password: Option<String>,
        default_name: &str,
    ) -> Result<SmtpTransport, SmtpError> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .timeout(Some(COMMAND_TIMEOUT));
        if settings.security != MailSecurity::None {
            let mut tls = TlsParameters::builder(settings.host.clone());
            if let Some(path) = &settings.ca_file {
                let pem =
                    std::fs::read(path).map_err(|err| MailSetupProblem::CaFileUnreadable {
                        path: path.clone(),
                        detail: err.to_string(),
                    })?;
                let not_certificates =
                    || MailSetupProblem::CaFileNotCertificates { path: path.clone() };
                if !pem
                    .windows(b"-----BEGIN CERTIFICATE-----".len())
                    .any(|w| w == b"-----BEGIN CERTIFICATE-----")
                {
                    return Err(not_certificates());
                }
                tls = tls.add_root_certificate(
                    Certificate::from_pem(&pem).map_err(|_| not_certificates())?,
                );
            }
            let tls = tls.build_rustls().map_err(|err| MailSetupProblem::Tls {
                detail: err.to_string(),
            })?;
            builder = builder.tls(match settings.security {
                // Required, never opportunistic: a server that does not upgrade gets nothing,
                // neither the password nor a message.
                MailSecurity::StartTls => Tls::Required(tls),
                _ => Tls::Wrapper(tls),
            });
        }
        if let Some(user) = &settings.user {
            let Some(password) = password else {
                return Err(MailSetupProblem::NoPassword { user: user.clone() });
            };
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        let address: Address = settings
            .from
            .address
            .parse()
            .expect("the config checked the address");
        let name = settings
            .from
            .name
            .clone()
            .unwrap_or_else(|| default_name.to_string());
        Ok(SmtpTransport {
            inner: builder.build(),
            from: Mailbox::new(Some(name), address),
        })
    }

    /// The message as it goes on the wire: both parts, UTF-8 headers encoded, the outbox's
    /// Message-ID.
    fn message(&self, mail: &OutgoingMail) -> Result<Message, Outcome> {
        let to: Address = mail.to.parse().map_err(|err| {
            Outcome::failed(MailTrouble::BadAddress, format!("{}: {err}", mail.to))
        })?;
        Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(mail.subject.clone())
            .message_id(Some(mail.message_id.clone()))
            .date_now()
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|err| Outcome::failed(MailTrouble::BadAddress, err.to_string()))
    }
}

impl Transport for SmtpTransport {
    async fn send(&self, mail: &OutgoingMail) -> Outcome {
        let message = match self.message(mail) {
            Ok(message) => message,
            Err(outcome) => return outcome,
        };
        match self.inner.send(message).await {
            Ok(_) => Outcome::Sent,
            Err(err) => Outcome::failed(trouble_of(&err), err.to_string()),
        }
    }
}

/// The kind of trouble a lettre error is.
fn trouble_of(err: &lettre::transport::smtp::Error) -> MailTrouble {
    let words = err.to_string();
    if err.is_permanent() {
        // 530 authentication required, 534 mechanism too weak, 535 credentials invalid.
        match err.status().map(|code| code.to_string()) {
            Some(code) if matches!(code.as_str(), "530" | "534" | "535") => MailTrouble::SignIn,
            _ => MailTrouble::Refused,
        }
    } else if err.is_transient() {
        MailTrouble::Busy
    } else if err.is_tls() || words.contains("TLS") || words.contains("certificate") {
        MailTrouble::Tls
    } else if err.is_client() && words.contains("authentication") {
        MailTrouble::SignIn
    } else {
        MailTrouble::Unreachable
    }
}
