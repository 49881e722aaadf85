//! The institutions of an imported programme: every distinct responsible name, spellings
//! that zakrila compares as one grouped as aliases ("РУО - Русе", "РУО-Русе", "РУО – Русе";
//! the municipality's name after a dash does not count: "РУО" and "РУО – Русе"), and the
//! abbreviations of glossary.md expanded where certain ("РУО – Русе" gets the alias
//! "Регионално управление на образованието – Русе"; "НПО" and "Неправителствени
//! организации" in one document are one institution).

use std::collections::HashMap;

use crate::model::import::ImportedInstitution;
use crate::normalise::text::{clean, fold_key};

/// Abbreviations of glossary.md whose meaning is certain in a municipal programme.
pub const GLOSSARY: [(&str, &str); 25] = [
    ("ДГ", "Детски градини"),
    ("ДЯ", "Детски ясли"),
    ("СУ", "Социални услуги"),
    ("Доставчици на СУ", "Доставчици на социални услуги"),
    ("Д СП", "Дирекция „Социално подпомагане“"),
    ("РУО", "Регионално управление на образованието"),
    ("РЗИ", "Регионална здравна инспекция"),
    ("ДАЗД", "Държавна агенция за закрила на детето"),
    ("АСП", "Агенция за социално подпомагане"),
    ("РДСП", "Регионална дирекция за социално подпомагане"),
    ("ДСП", "Дирекция „Социално подпомагане“"),
    ("Д „СП“", "Дирекция „Социално подпомагане“"),
    ("ОЗД", "Отдел „Закрила на детето“"),
    (
        "МКБППМН",
        "Местна комисия за борба с противообществените прояви на малолетните и непълнолетните",
    ),
    ("МКБТХ", "Местна комисия за борба с трафика на хора"),
    ("ОбСНВ", "Общински съвет по наркотични вещества"),
    ("ПИЦ", "Превантивно-информационен център"),
    (
        "РЦПППО",
        "Регионален център за подкрепа на процеса на приобщаващото образование",
    ),
    ("ЦПЛР", "Център за подкрепа за личностно развитие"),
    ("ДПС", "Детска педагогическа стая"),
    ("ОД на МВР", "Областна дирекция на МВР"),
    ("НПО", "Неправителствени организации"),
    ("ДМК", "Детска млечна кухня"),
    ("БЧК", "Български червен кръст"),
    ("ДЮЦПЗ", "Детско-юношески център за психично здраве"),
];

/// Groups names as they are met.
pub struct Names {
    municipality_key: Option<String>,
    /// Each group: its spellings with how often each was written, in order of first use.
    groups: Vec<Vec<(String, usize)>>,
    /// Which group a key belongs to.
    by_key: HashMap<String, usize>,
    /// Groups merged into another: index → the one it went into.
    merged: HashMap<usize, usize>,
    leads: HashMap<usize, usize>,
}

impl Names {
    /// Starts with no names; `municipality` is the programme's (its name after a dash at
    /// the end of an institution's name does not tell institutions apart).
    pub fn new(municipality: Option<&str>) -> Names {
        Names {
            municipality_key: municipality.map(fold_key),
            groups: Vec::new(),
            by_key: HashMap::new(),
            merged: HashMap::new(),
            leads: HashMap::new(),
        }
    }

    /// The key two spellings of one institution share.
    fn key(&self, name: &str) -> String {
        let key = fold_key(name);
        if let Some(town) = &self.municipality_key {
            for suffix in [
                format!(" - {town}"),
                format!("-{town}"),
                format!(" -{town}"),
                format!("- {town}"),
                format!(" гр. {town}"),
                format!(" {town}"),
            ] {
                if let Some(base) = key.strip_suffix(suffix.as_str()) {
                    let base = base.trim();
                    if !base.is_empty() {
                        return base.to_string();
                    }
                }
            }
        }
        key
    }

    /// Adds a name as written; gives its group. "Детски ясли (ДЯ)" is one with "Детски
    /// ясли" and "ДЯ".
    pub fn add(&mut self, name: &str) -> usize {
        let name = clean(name).replace('\n', " ");
        let mut keys = vec![self.key(&name)];
        if let Some((full, short)) = parenthesised(&name) {
            keys.push(self.key(full));
            keys.push(self.key(short));
        }
        let mut found: Vec<usize> = Vec::new();
        for key in &keys {
            if let Some(&group) = self.by_key.get(key) {
                let group = self.find(group);
                if !found.contains(&group) {
                    found.push(group);
                }
            }
        }
        let group = match found.first() {
            Some(&group) => group,
            None => {
                self.groups.push(Vec::new());
                self.groups.len() - 1
            }
        };
        for &other in found.iter().skip(1) {
            self.merge(other, group);
        }
        for key in keys {
            self.by_key.entry(key).or_insert(group);
        }
        let spellings = &mut self.groups[group];
        match spellings.iter_mut().find(|(s, _)| *s == name) {
            Some((_, count)) => *count += 1,
            None => spellings.push((name, 1)),
        }
        group
    }

    /// Moves every spelling and lead of group `from` into group `into`.
    fn merge(&mut self, from: usize, into: usize) {
        if from == into {
            return;
        }
        let moved = std::mem::take(&mut self.groups[from]);
        for (spelling, count) in moved {
            match self.groups[into].iter_mut().find(|(s, _)| *s == spelling) {
                Some((_, c)) => *c += count,
                None => self.groups[into].push((spelling, count)),
            }
        }
        self.merged.insert(from, into);
        let leads = self.leads.remove(&from).unwrap_or(0);
        *self.leads.entry(into).or_default() += leads;
    }

    /// Counts a lead.
    pub fn lead(&mut self, group: usize) {
        *self.leads.entry(group).or_default() += 1;
    }

    fn find(&self, mut group: usize) -> usize {
        while let Some(&to) = self.merged.get(&group) {
            group = to;
        }
        group
    }

    /// The institutions, and for every group index given by [`Names::add`] its index among
    /// them. Groups whose abbreviation's full form is another group's name are merged
    /// first.
    pub fn finish(mut self) -> (Vec<ImportedInstitution>, Vec<usize>) {
        // Glossary: merge "НПО" with "Неправителствени организации" when both are written;
        // otherwise the full form becomes an alias.
        let mut expansions: Vec<(usize, String)> = Vec::new();
        for group in 0..self.groups.len() {
            if self.merged.contains_key(&group) {
                continue;
            }
            let Some(full) = self.groups[group]
                .iter()
                .find_map(|(spelling, _)| self.expansion(spelling))
            else {
                continue;
            };
            let key = self.key(&full);
            match self.by_key.get(&key).map(|g| self.find(*g)) {
                Some(other) if other != group => self.merge(other, group),
                Some(_) => {}
                None => {
                    self.by_key.insert(key, group);
                    expansions.push((group, full));
                }
            }
        }
        let mut index = vec![usize::MAX; self.groups.len()];
        let mut institutions = Vec::new();
        for (group, spellings) in self.groups.iter().enumerate() {
            if self.merged.contains_key(&group) {
                continue;
            }
            // The name: the spelling written most (the first of them on a tie), one that
            // starts with a capital letter before one that does not.
            let capital = |s: &str| s.chars().next().is_some_and(|c| !c.is_lowercase());
            let Some(best) = spellings
                .iter()
                .enumerate()
                .max_by(|(ia, (sa, a)), (ib, (sb, b))| {
                    capital(sa)
                        .cmp(&capital(sb))
                        .then(a.cmp(b))
                        .then(ib.cmp(ia))
                })
            else {
                continue;
            };
            let name = best.1.0.clone();
            let mut seen = vec![fold_key(&name)];
            let mut aliases = Vec::new();
            let extra = expansions
                .iter()
                .filter(|(g, _)| *g == group)
                .map(|(_, full)| full.clone());
            for spelling in spellings.iter().map(|(s, _)| s.clone()).chain(extra) {
                let key = fold_key(&spelling);
                if !seen.contains(&key) {
                    seen.push(key);
                    aliases.push(spelling);
                }
            }
            index[group] = institutions.len();
            institutions.push(ImportedInstitution {
                name,
                aliases,
                leads: self.leads.get(&group).copied().unwrap_or(0),
            });
        }
        let resolved = (0..self.groups.len())
            .map(|group| index[self.find(group)])
            .collect();
        (institutions, resolved)
    }

    /// The full form of a spelling that is an abbreviation of the glossary, with the
    /// municipality after a dash when the spelling has it.
    fn expansion(&self, spelling: &str) -> Option<String> {
        let key = fold_key(spelling);
        let base = self.key(spelling);
        for (short, full) in GLOSSARY {
            let short_key = fold_key(short);
            if key == short_key {
                return Some(full.to_string());
            }
            if base == short_key && base != key {
                // "РУО – Русе": the same suffix after the full form.
                let town = spelling
                    .rsplit([' ', '-', '–', '—'])
                    .find(|part| !part.is_empty())?;
                return Some(format!("{full} – {town}"));
            }
        }
        None
    }
}

/// "Детски ясли (ДЯ)" → ("Детски ясли", "ДЯ"): a name with its abbreviation after it.
fn parenthesised(name: &str) -> Option<(&str, &str)> {
    let inner = name.strip_suffix(')')?;
    let (full, short) = inner.rsplit_once('(')?;
    let (full, short) = (full.trim(), short.trim());
    let is_abbreviation = !short.is_empty()
        && short.chars().count() <= 8
        && short.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !short.contains(' ');
    // The abbreviation's letters are the initials of the name's words, in order.
    let initials: Vec<char> = full
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let mut rest = initials.iter();
    let letters_are_initials = short
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .all(|letter| rest.any(|initial| *initial == letter));
    (is_abbreviation && letters_are_initials && !full.is_empty()).then_some((full, short))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_group_and_abbreviations_expand() {
        let mut names = Names::new(Some("Русе"));
        let a = names.add("РУО - Русе");
        let b = names.add("РУО-Русе");
        let c = names.add("РУО – Русе");
        let d = names.add("РУО");
        let e = names.add("Община Русе");
        let f = names.add("НПО");
        let g = names.add("Неправителствени организации");
        let h = names.add("Детски ясли (ДЯ)");
        let i = names.add("ДЯ");
        let j = names.add("Община");
        let k = names.add("Община Русе (ОбСНВ)");
        let (institutions, index) = names.finish();
        assert_eq!(index[a], index[b]);
        assert_eq!(index[a], index[c]);
        assert_eq!(index[a], index[d]);
        assert_ne!(index[a], index[e]);
        assert_eq!(index[f], index[g]);
        assert_eq!(index[h], index[i]);
        assert_eq!(index[e], index[j]);
        assert_ne!(index[e], index[k]);
        let ruo = &institutions[index[a]];
        assert!(
            ruo.aliases
                .iter()
                .any(|a| a == "Регионално управление на образованието – Русе"),
            "{ruo:?}"
        );
        assert_eq!(institutions[index[e]].name, "Община Русе");
    }
}
