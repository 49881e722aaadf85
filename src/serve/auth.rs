//! Who may do what: the institutions' link tokens, the secretary's password and sessions,
//! and CSRF tokens. (Login attempts are spaced by [`super::throttle`].)

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Random bytes in a link or session token: 160 bits, above the 128 portal.md asks for.
const TOKEN_BYTES: usize = 20;

/// The shortest password taken, however it is set (portal.md).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A new random token from the operating system's generator, as lowercase hex.
///
/// # Errors
///
/// When the operating system gives no randomness.
///
/// # Examples
///
/// ```
/// let token = zakrila::serve::auth::new_token().unwrap();
/// assert_eq!(token.len(), 40);
/// assert_ne!(token, zakrila::serve::auth::new_token().unwrap());
/// ```
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// SHA-256 of bytes, as lowercase hex.
///
/// # Examples
///
/// ```
/// assert_eq!(&zakrila::serve::auth::sha256_hex(b"")[..8], "e3b0c442");
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
///
/// # Examples
///
/// ```
/// use zakrila::serve::auth::same_secret;
/// assert!(same_secret("abc", "abc"));
/// assert!(!same_secret("abc", "abd"));
/// assert!(!same_secret("abc", "ab"));
/// ```
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// The institution whose current link token this is. Every token is compared, in constant
/// time, so neither the answer nor its timing tells how much of a guess was right.
pub fn institution_of<'l>(links: &'l [(String, String)], token: &str) -> Option<&'l str> {
    let mut found = None;
    for (institution, candidate) in links {
        if same_secret(candidate, token) {
            found = Some(institution.as_str());
        }
    }
    found
}

/// Why a secret could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The operating system gave no random bytes.
    #[error("the operating system gave no random bytes")]
    Random(#[from] getrandom::Error),
    /// The hasher refused.
    #[error("the password could not be hashed: {0}")]
    Hash(argon2::password_hash::Error),
}

/// An Argon2id hash of a password, in the PHC string format.
///
/// # Errors
///
/// When there is no randomness for the salt or the hasher refuses.
pub fn hash_password(password: &str) -> Result<String, SecretError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)?;
    let salt = SaltString::encode_b64(&salt).map_err(SecretError::Hash)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(SecretError::Hash)
}

/// Whether a password matches a stored hash.
///
/// # Examples
///
/// ```
/// use zakrila::serve::auth::{hash_password, password_matches};
/// let hash = hash_password("тайна парола").unwrap();
/// assert!(password_matches(&hash, "тайна парола"));
/// assert!(!password_matches(&hash, "тайна"));
/// ```
pub fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "zakrila_session";

/// The device cookie's name: set in a browser the secretary signed in from, so that its
/// login attempts never wait behind a guesser's ([`super::throttle`]).
pub const DEVICE_COOKIE: &str = "zakrila_device";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_token_finds_nobody() {
        let links = vec![
            ("А".to_string(), "a".repeat(40)),
            ("Б".to_string(), "b".repeat(40)),
        ];
        assert_eq!(institution_of(&links, &"b".repeat(40)), Some("Б"));
        assert_eq!(institution_of(&links, &"b".repeat(39)), None);
        assert_eq!(institution_of(&links, ""), None);
    }
}
